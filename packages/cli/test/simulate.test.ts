import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const tongchuan = join(root, "examples/tongchuan");
/** Small runs: three days at a low rate keep each run to a few seconds. */
const SMALL = ["--days", "3", "--needs-per-day", "30"];
/** Overrides the days of SMALL (the last value of an option wins) where one day is enough. */
const ONE_DAY = ["--days", "1"];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lianxin-simulate-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The digest of the default run on SQLite (the first test). */
let sqliteDigest: string | undefined;
/** The run with the default seed on the memory store, made once and shared by the tests below. */
let memoryRun: ReturnType<typeof simulateJson> | undefined;
const defaultRun = () => (memoryRun ??= simulateJson([]));

const sha256 = async (file: string) =>
  createHash("sha256")
    .update(await readFile(file))
    .digest("hex");

/** Runs `lianxin simulate` and parses its JSON; fails with what it printed on standard error. */
async function simulateJson(args: string[]) {
  const { code, out, err } = await runCli(["simulate", tongchuan, ...SMALL, "--json", ...args]);
  expect(code, err).toBe(0);
  return JSON.parse(out) as {
    seed: number;
    days: number;
    start: string;
    scenarios: unknown[];
    store: string;
    counts: { needs: number; workOrders: number; events: number };
    kpis: { unit: string; level: string; period: string; kpis: { needs: { received: number } } }[];
    digest: string;
  };
}

describe("lianxin simulate", () => {
  it("runs three days on a SQLite file, writes the report, refuses to reuse the file without --overwrite", async () => {
    const db = join(dir, "nested", "folder", "run.sqlite");
    const report = join(dir, "out", "report.html");
    const first = await simulateJson([
      "--store",
      `sqlite:${db}`,
      "--report",
      report,
      "--start",
      "2026-12-07",
    ]);
    expect(first).toMatchObject({ seed: 1, days: 3, start: "2026-12-07", scenarios: [] });
    expect(first.store).toBe(`sqlite:${db}`);
    expect(first.counts.needs).toBeGreaterThan(0);
    expect(first.counts.workOrders).toBeGreaterThan(0);
    expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(first.kpis.length).toBeGreaterThan(0);
    expect(first.kpis.every((row) => row.period === "total")).toBe(true);
    const city = first.kpis.find((row) => row.level === "city");
    expect(city?.kpis.needs.received).toBe(first.counts.needs);
    expect(first.kpis.filter((row) => row.level === "district").length).toBeGreaterThanOrEqual(4);
    const html = await readFile(report, "utf8");
    expect(html).toContain("<svg");

    const before = await sha256(db);
    const again = await runCli(["simulate", tongchuan, ...SMALL, "--json", "--store", `sqlite:${db}`]);
    expect(again.code).toBe(1);
    expect(again.out).toBe("");
    expect(again.err).toContain("[simulate.store_not_empty]");
    expect(await sha256(db)).toBe(before);

    const overwritten = await simulateJson([
      "--store",
      `sqlite:${db}`,
      "--overwrite",
      "--start",
      "2026-12-07",
    ]);
    expect(overwritten.digest).toBe(first.digest);
    sqliteDigest = first.digest;
    expect(overwritten.counts).toEqual(first.counts);
  });

  it("gives the same digest for the same seed whatever the store, and another for another seed", async () => {
    const inMemory = await defaultRun();
    expect(inMemory.digest).toBe(sqliteDigest);
    const other = await simulateJson(["--seed", "2"]);
    expect(other.digest).not.toBe(inMemory.digest);
    expect(other.counts.needs).not.toBe(inMemory.counts.needs);
  });

  it("prints a header, the district and demonstration-community tables, and progress on standard error", async () => {
    const report = join(dir, "human", "report.html");
    const { code, out, err } = await runCli(
      ["simulate", tongchuan, ...SMALL, "--scenario", "cold-wave", "--report", report, "--lang", "en"],
      { LIANXIN_LANG: "en" },
    );
    expect(code, err).toBe(0);
    expect(out).toContain("3 days from");
    expect(out).toContain("scenarios: cold-wave");
    expect(out).toContain("KPIs per district/county");
    expect(out).toContain("KPIs of the 15 demonstration communities");
    expect(out).toContain("On-time resolution");
    expect(out).toContain(`report: ${report}`);
    expect(existsSync(report)).toBe(true);
    // Not a terminal: one progress line per tenth of the days (three days: three lines).
    const progress = err.split("\n").filter((line) => line.startsWith("simulating"));
    expect(progress).toHaveLength(3);
    expect(progress.at(-1)).toContain("100%");
  });

  it("prints in Chinese with --lang zh", async () => {
    const { code, out, err } = await runCli([
      "simulate",
      tongchuan,
      "--days",
      "1",
      "--needs-per-day",
      "20",
      "--lang",
      "zh",
    ]);
    expect(code, err).toBe(0);
    expect(out).toContain("铜川市");
    expect(out).toContain("示范社区关键指标（15 个）");
    expect(out).toContain("按时办结率");
  });

  it("exits 2 on usage errors before touching any store", async () => {
    const db = join(dir, "usage.sqlite");
    const cases = [
      ["--scenario", "earthquake"],
      ["--store", "mysql://localhost/x"],
      ["--store", "sqlite:"],
      ["--days", "0"],
      ["--days", "3.5"],
      ["--seed", "-1"],
      ["--needs-per-day", "0"],
      ["--start", "2026-02-30"],
      ["--lang", "fr"],
      ["--bogus"],
    ];
    for (const extra of cases) {
      const { code, err } = await runCli(["simulate", tongchuan, "--store", `sqlite:${db}`, ...extra]);
      expect(code, `${extra.join(" ")}: ${err}`).toBe(2);
      expect(err).toContain("simulate <bundle-dir>");
    }
    expect((await runCli(["simulate"])).code).toBe(2);
    expect((await runCli(["simulate", tongchuan, tongchuan])).code).toBe(2);
    expect(existsSync(db)).toBe(false);
  });

  it("exits 1 with the problems for a missing bundle, broken rules or a file that is not a store", async () => {
    const missing = await runCli(["simulate", join(dir, "no-such-bundle"), ...SMALL]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("[io.not_a_folder]");
    const rules = await runCli(["simulate", tongchuan, ...SMALL, "--rules", join(dir, "no-such-rules.json")]);
    expect(rules.code).toBe(1);
    expect(rules.err).toContain("[io.not_found]");
    expect(rules.err).toContain("[rules.invalid]");
    expect(rules.err).not.toMatch(/\n\s+at /);
    const notDb = join(dir, "notes.sqlite");
    await writeFile(notDb, "not a database\n");
    const store = await runCli(["simulate", tongchuan, ...SMALL, "--store", `sqlite:${notDb}`]);
    expect(store.code).toBe(1);
    expect(store.err).toContain(`[store.open_failed] could not open sqlite:${notDb}`);
    expect(await readFile(notDb, "utf8")).toBe("not a database\n");
  });
});

/**
 * CI sets LIANXIN_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/test). Elsewhere the test is
 * skipped, with this reason; in CI (CI set) it runs and fails when the variable is missing.
 */
const postgresUrl =
  process.env.LIANXIN_POSTGRES_URL ??
  (process.env.CI ? "postgres://postgres@127.0.0.1:5432/test" : undefined);
const SKIP_REASON = "skipped: set LIANXIN_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test)";

describe.skipIf(!postgresUrl)(
  `lianxin simulate on PostgreSQL${postgresUrl ? "" : ` (${SKIP_REASON})`}`,
  () => {
    const schema = `lianxin_cli_sim_${process.pid}`;
    const url = () => {
      const u = new URL(postgresUrl!);
      u.searchParams.set("schema", schema);
      return u.toString();
    };
    afterAll(async () => {
      const pool = new pg.Pool({ connectionString: postgresUrl });
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await pool.end();
      }
    });

    it("runs into a schema, refuses it when it is not empty, and replaces it with --overwrite", async () => {
      const first = await simulateJson(["--store", url(), "--overwrite", ...ONE_DAY]);
      expect(first.store).toMatch(new RegExp(`^postgres:.*#${schema}$`));
      expect(first.store).not.toContain("@");
      expect(first.counts.needs).toBeGreaterThan(0);

      const pool = new pg.Pool({ connectionString: postgresUrl });
      try {
        const count = async () =>
          Number((await pool.query(`SELECT count(*) AS n FROM "${schema}".needs`)).rows[0].n);
        expect(await count()).toBe(first.counts.needs);
        const refused = await runCli(["simulate", tongchuan, ...SMALL, ...ONE_DAY, "--store", url()]);
        expect(refused.code).toBe(1);
        expect(refused.err).toContain("[simulate.store_not_empty]");
        expect(await count()).toBe(first.counts.needs);
      } finally {
        await pool.end();
      }

      const again = await simulateJson(["--store", url(), "--overwrite", ...ONE_DAY]);
      expect(again.digest).toBe(first.digest);
      expect(again.digest).toBe((await simulateJson(ONE_DAY)).digest);
    });
  },
);
