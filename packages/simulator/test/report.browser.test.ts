import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadDistrict } from "@lianxin/core";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../src/report/render-report.js";
import { simulate } from "../src/simulate.js";
import type { SimulationResult } from "../src/types.js";
import { CHART_IDS } from "./fixtures/chart-ids.js";
import { sampleResult } from "./fixtures/sample-result.js";

const CHROMIUM = "/usr/bin/chromium";
const TONGCHUAN = fileURLToPath(new URL("../../../examples/tongchuan", import.meta.url));

/** A week of Tongchuan through the real simulator, kept small. */
async function tongchuanWeek(): Promise<SimulationResult> {
  const rules = join(TONGCHUAN, "rules");
  const files = (await readdir(rules)).filter((f) => f.endsWith(".json")).sort();
  const ruleSets = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(join(rules, f), "utf8"))),
  );
  const district = await loadDistrict(TONGCHUAN, { geometry: false });
  return simulate({ district, ruleSets, days: 7, demand: { needsPerDay: 80 }, eventLog: false });
}

describe("report.html in headless Chromium", () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: the report's browser test needs it (apt-get install -y chromium)`,
      );
    dir = await mkdtemp(join(tmpdir(), "lianxin-report-"));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    // LIANXIN_KEEP_REPORT=1 keeps the reports and their screenshots to look at.
    if (dir && process.env.LIANXIN_KEEP_REPORT === "1") console.log(`reports and screenshots kept in ${dir}`);
    else if (dir) await rm(dir, { recursive: true, force: true });
  });

  /**
   * Opens the report from a file: URL and checks that it loads nothing else, logs no error, draws
   * every chart, and switches language; screenshots both languages as `<name>-zh.png` and `-en.png`.
   */
  async function check(name: string, html: string, englishTitle: string): Promise<void> {
    const file = join(dir, `${name}.html`);
    await writeFile(file, html, "utf8");
    const url = pathToFileURL(file).href;

    const context = await browser.newContext({ viewport: { width: 900, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    // Nothing may reach the network; abort it if it tries (the request is still recorded).
    await context.route(
      (u) => u.protocol !== "file:",
      (route) => route.abort(),
    );

    await page.goto(url, { waitUntil: "load" });
    expect(requests).toEqual([url]);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh");

    const figures = page.locator("figure[data-chart]");
    expect(await figures.evaluateAll((fs: any[]) => fs.map((f) => f.getAttribute("data-chart")))).toEqual(
      CHART_IDS,
    );
    for (const id of CHART_IDS) {
      const svg = page.locator(`figure[data-chart="${id}"] svg[role="img"]`);
      const box = await svg.boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(100);
      expect(box!.height, id).toBeGreaterThan(100);
      const marks = await svg.evaluate(
        (el: any) =>
          [...el.querySelectorAll("rect, path, circle")].filter((m: any) => {
            const r = m.getBoundingClientRect();
            return r.width > 0 && r.height > 0;
          }).length,
      );
      expect(marks, `drawn marks in ${id}`).toBeGreaterThan(0);
    }

    const visibleHeadings = (): Promise<string[]> =>
      page
        .locator("h1, h2, h3")
        .evaluateAll((hs: any[]) =>
          hs.filter((h) => h.getBoundingClientRect().height > 0).map((h) => h.textContent as string),
        );
    const zh = await visibleHeadings();
    expect(zh).toContain("概览");
    expect(zh).toContain("各街道按时办结率");
    expect(zh).not.toContain("Summary");
    expect(await page.getByText("Date", { exact: true }).first().isVisible()).toBe(false);
    await page.screenshot({ path: join(dir, `${name}-zh.png`), fullPage: true });

    await page.locator("#lang-toggle").click();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.title()).toBe(englishTitle);
    const en = await visibleHeadings();
    expect(en).toContain("Summary");
    expect(en).toContain("On-time resolution rate per street");
    expect(en).not.toContain("概览");
    expect(en).toHaveLength(zh.length);
    // Labels inside the charts follow too.
    expect(await page.getByText("Date", { exact: true }).first().isVisible()).toBe(true);
    expect(await page.getByText("日期", { exact: true }).first().isVisible()).toBe(false);
    await page.screenshot({ path: join(dir, `${name}-en.png`), fullPage: true });

    await page.locator("#lang-toggle").click();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh");
    expect(await visibleHeadings()).toEqual(zh);

    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    await context.close();
  }

  it("renders a simulated week of Tongchuan", async () => {
    const result = await tongchuanWeek();
    expect(result.counts.needs).toBeGreaterThan(0);
    await check("tongchuan", renderReport(result), "Tongchuan · Lianxin simulation report");
  }, 30_000);

  it("renders the hand-made sample, with missing rates", async () => {
    await check("sample", renderReport(sampleResult()), "Tongchuan · Lianxin simulation report");
  }, 15_000);
});
