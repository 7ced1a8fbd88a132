import { describe, expect, it } from "vitest";
import { formatKpiTable } from "../src/report/format-kpi-table.js";
import { renderReport } from "../src/report/render-report.js";
import { textWidth } from "../src/report/text-width.js";
import { CHART_IDS } from "./fixtures/chart-ids.js";
import { sampleResult } from "./fixtures/sample-result.js";

/** The opening tags of `tag` elements carrying an attribute `name="value"`. */
function tagsWith(html: string, tag: string, name: string, value: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${name}="${value}"[^>]*>`, "g"))].map((m) => m[0]);
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
}

/** The content of the `<figure data-chart=id>`. */
function figure(html: string, id: string): string {
  const start = html.indexOf(`<figure class="chart" data-chart="${id}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf("</figure>", start));
}

describe("renderReport", () => {
  const result = sampleResult();
  const html = renderReport(result);

  it("is one HTML document holding every chart as an svg with titles in both languages", () => {
    expect(html.startsWith('<!doctype html>\n<html lang="zh"')).toBe(true);
    for (const id of CHART_IDS) {
      const f = figure(html, id);
      expect(f).toMatch(/<svg role="img" viewBox="0 0 \d+ \d+"/);
      expect(f).toMatch(/<title lang="zh">[^<]+<\/title><title lang="en">[^<]+<\/title>/);
      expect(f).toContain('class="axis-title');
    }
    expect(html.match(/<figure /g)).toHaveLength(CHART_IDS.length);
  });

  it("starts in the language asked for, with every label in both", () => {
    const en = renderReport(result, { lang: "en" });
    expect(en).toMatch(/^<!doctype html>\n<html lang="en"/);
    expect(en).toContain("<title>Tongchuan · Lianxin simulation report</title>");
    expect(html).toContain("<title>铜川市 · 连心模拟运行报告</title>");
    for (const doc of [html, en]) {
      expect(doc).toContain('<h3 class="l-zh" lang="zh">各街道按时办结率</h3>');
      expect(doc).toContain('<h3 class="l-en" lang="en">On-time resolution rate per street</h3>');
      expect(doc).toContain('html[lang="zh"] .l-en,html[lang="en"] .l-zh{display:none}');
    }
    // Apart from the language, the documents are the same.
    expect(
      en
        .replace(/<html lang="en"/, "")
        .replace(/<title>.*<\/title>/, "")
        .replace(/aria-label="[^"]*"/, ""),
    ).toBe(
      html
        .replace(/<html lang="zh"/, "")
        .replace(/<title>.*<\/title>/, "")
        .replace(/aria-label="[^"]*"/, ""),
    );
    // Every element of one language has its counterpart.
    expect(html.match(/class="[^"]*\bl-zh\b/g)?.length).toBe(html.match(/class="[^"]*\bl-en\b/g)?.length);
  });

  it("draws each street's on-time bar at its rate, with n, and 'no data' for a null rate", () => {
    const f = figure(html, "on-time-by-street");
    const streets = result.kpis.filter((r) => r.period === "total" && r.level === "street");
    const bars = tagsWith(f, "rect", "class", "mark");
    const withRate = streets.filter((s) => s.kpis.onTimeResolutionRate.rate !== null);
    expect(bars).toHaveLength(withRate.length);
    // The 100% bar gives the plot's width.
    const ticks = [...f.matchAll(/<line class="grid" x1="([\d.]+)"/g)].map((m) => Number(m[1]));
    const [zero, full] = [Math.min(...ticks), Math.max(...ticks)];
    for (const s of withRate) {
      const [bar] = tagsWith(f, "rect", "data-unit", s.unit);
      const { rate, denominator } = s.kpis.onTimeResolutionRate;
      expect(Number(attr(bar!, "data-rate"))).toBe(rate);
      expect(Number(attr(bar!, "x"))).toBeCloseTo(zero, 1);
      expect(Number(attr(bar!, "width")) / (full - zero)).toBeCloseTo(rate!, 2);
      expect(f).toContain(`${((rate ?? 0) * 100).toFixed(1)}% (n=${denominator})`);
    }
    expect(f).toContain('data-unit="610202002000"');
    expect(f).toContain("50.0% (n=40)");
    // 城关街道 resolved nothing: no bar, and "no data" in both languages.
    expect(tagsWith(f, "rect", "data-unit", "610203001000")).toHaveLength(0);
    const noData = tagsWith(f, "text", "data-unit", "610203001000");
    expect(noData).toHaveLength(2);
    expect(noData.every((t) => attr(t, "data-rate") === "null" && t.includes("no-data"))).toBe(true);
    expect(f).toContain(">无数据</text>");
    expect(f).toContain(">no data</text>");
  });

  it("stacks the needs per day by category to the day's total, with the category names", () => {
    const f = figure(html, "needs-by-category");
    for (const day of result.daily) {
      const rects = tagsWith(f, "rect", "data-date", day.date);
      const drawn = Object.fromEntries(
        rects.map((r) => [attr(r, "data-category"), Number(attr(r, "data-value"))]),
      );
      const expected = Object.fromEntries(Object.entries(day.byCategory).filter(([, n]) => n > 0));
      expect(drawn).toEqual(expected);
      // Stacked: the segments touch.
      const spans = rects
        .map((r) => [Number(attr(r, "y")), Number(attr(r, "y")) + Number(attr(r, "height"))] as const)
        .sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeCloseTo(spans[i - 1]![1], 0);
    }
    for (const c of result.categories) {
      expect(f).toContain(`>${c.name.zh}<`);
      expect(f).toContain(`>${c.name.en}<`);
    }
    const medicine = result.daily.reduce((s, d) => s + (d.byCategory.medicine ?? 0), 0);
    expect(f).toContain(
      `>买药</span><span class="l-en" lang="en">Medicine</span> <span class="num">${medicine}</span>`,
    );
  });

  it("folds the smallest categories into 'other' when there are more than ten", () => {
    const many = sampleResult();
    const ids = Array.from({ length: 12 }, (_, i) => `cat-${i}`);
    many.categories = ids.map((id, i) => ({ id, name: { zh: `类别${i}`, en: `Category ${i}` } }));
    // cat-i gets i + 1 needs a day: cat-0, cat-1 and cat-2 are the smallest.
    many.daily = many.daily.map((d) => ({
      ...d,
      byCategory: Object.fromEntries(ids.map((id, i) => [id, i + 1])),
    }));
    const f = figure(renderReport(many), "needs-by-category");
    const day = tagsWith(f, "rect", "data-date", many.daily[0]!.date);
    expect(day.map((r) => attr(r, "data-category"))).toEqual([...ids.slice(3).reverse(), "other"]);
    const other = day.find((r) => attr(r, "data-category") === "other")!;
    expect(attr(other, "data-categories")).toBe("cat-2 cat-1 cat-0");
    expect(Number(attr(other, "data-value"))).toBe(3 + 2 + 1);
    expect(attr(other, "fill")).toBe("#BBBBBB");
    expect(new Set(day.filter((r) => r !== other).map((r) => attr(r, "fill"))).size).toBe(9);
    const days = many.daily.length;
    expect(f).toContain(`Other: Category 2 ${3 * days}, Category 1 ${2 * days}, Category 0 ${days}`);
  });

  it("bins the work orders dispatched to each worker and states mean and max of the open ones", () => {
    const f = figure(html, "worker-load");
    const bars = tagsWith(f, "rect", "class", "mark");
    const root = result.kpis.find((r) => r.unit === "610200000000" && r.period === "total")!;
    const dispatched = root.kpis.loadPerWorker.workers.map((w) => w.dispatched);
    const counted = bars.reduce((s, b) => s + Number(attr(b, "data-value")), 0);
    expect(counted).toBe(dispatched.length);
    for (const b of bars) {
      const [from, to] = [Number(attr(b, "data-from")), Number(attr(b, "data-to"))];
      expect(Number(attr(b, "data-value"))).toBe(dispatched.filter((n) => n >= from && n <= to).length);
    }
    expect(f).toContain(`mean ${root.kpis.loadPerWorker.mean!.toFixed(2)}`);
    expect(f).toContain(`max ${root.kpis.loadPerWorker.max}`);
  });

  it("stacks escalations per day by level, with totals per level", () => {
    const f = figure(html, "escalations-by-level");
    for (const day of result.daily)
      for (const level of [1, 2, 3, 4] as const) {
        const rect = tagsWith(f, "rect", "data-date", day.date).find(
          (r) => attr(r, "data-level") === String(level),
        );
        expect(rect === undefined ? 0 : Number(attr(rect, "data-value"))).toBe(day.escalations[level]);
      }
    const l1 = result.daily.reduce((s, d) => s + d.escalations[1], 0);
    expect(f).toContain(`Level 1 (community)</span> <span class="num">${l1}</span>`);
  });

  it("draws the root's satisfaction per period, leaving gaps for periods without ratings", () => {
    const f = figure(html, "satisfaction");
    const points = tagsWith(f, "circle", "data-unit", "610200000000");
    expect(points.map((p) => Number(attr(p, "data-rate")))).toEqual([130 / 148, 41 / 50]);
    expect(f).toMatch(/<path class="mark line root" d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+"/);
    // 印台区 has no rated follow-up in its second week: its line is a single point, so not drawn.
    expect(f).not.toMatch(/<path [^>]*data-unit="610203000000"/);
    expect(f).toMatch(/<path [^>]*data-unit="610202000000"/);
  });

  it("shows summary tiles, KPI tables, the scenarios and the run's identity", () => {
    expect(html).toContain('<li class="tile" data-tile="needs"><span class="v">312</span>');
    expect(html).toContain('data-tile="on-time-rate"><span class="v">84.5%</span>');
    expect(html).toContain('data-tile="escalations"><span class="v">21</span>');
    const districts = html.slice(html.indexOf('id="kpi-districts"'), html.indexOf('id="kpi-communities"'));
    expect(districts.match(/<tr data-unit="(\d+)"/g)).toEqual([
      '<tr data-unit="610200000000"',
      '<tr data-unit="610202000000"',
      '<tr data-unit="610203000000"',
    ]);
    const communities = html.slice(html.indexOf('id="kpi-communities"'), html.indexOf('id="scenarios"'));
    expect(communities).toContain("青年路社区");
    // No English name: the Chinese one stands in.
    expect(communities).toMatch(/<th scope="row"><span>城关社区<\/span><\/th>/);
    expect(communities).toContain('<td data-rate="null"');
    expect(html).toContain("寒潮：2026-12-10 起 4 天，供暖、买药需求 ×3，重点：七一路街道");
    expect(html).toContain(
      "Cold wave: 4 days from 2026-12-10, Heating, Medicine needs ×3, hardest in Qiyilu Subdistrict",
    );
    expect(html).toContain(result.digest);
    expect(html).toContain("<dd>7</dd>");
  });

  it("keeps text from the data as text", () => {
    const evil = sampleResult({
      "610202002000": { zh: '<script>alert("x")</script>', en: "<img src=x onerror=alert(1)>" },
      "610202000000": { zh: "A & B 区", en: "\"quoted\" 'district'" },
    });
    const doc = renderReport(evil);
    expect(doc).not.toContain("<script>alert");
    expect(doc).not.toContain("<img");
    expect(doc).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(doc).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(doc).toContain("A &amp; B 区");
    expect(doc).toContain("&quot;quoted&quot; &#39;district&#39;");
    // The only script is the report's own.
    expect(doc.match(/<script>/g)).toHaveLength(1);
  });

  it("references nothing on the network and pins its inline code with a CSP", () => {
    expect(html).not.toMatch(/https?:\/\//);
    const refs = [...html.matchAll(/\b(?:src|href|action|xlink:href)="([^"]*)"/g)].map((m) => m[1]);
    expect(refs).toEqual(["data:,"]);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).toMatch(/content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
  });

  it("is deterministic and holds no personal data", () => {
    expect(renderReport(sampleResult())).toBe(html);
    // No mobile number, and not the wall-clock time (which differs between runs).
    expect(html).not.toMatch(/(?<![\d.])1[3-9]\d{9}(?!\d)/);
    expect(html).not.toContain("987654");
  });
});

describe("formatKpiTable", () => {
  const rows = sampleResult().kpis.filter((r) => r.period === "total" && r.level !== "street");

  it("aligns columns counting CJK characters two wide", () => {
    const table = formatKpiTable(rows, { lang: "zh" });
    const lines = table.trimEnd().split("\n");
    expect(lines).toHaveLength(rows.length + 2);
    expect(lines[0]).toMatch(/^单位\s+受理量\s+响应率\s+按时办结率\s+满意率\s+督办升级\s+超期工单\s+退单$/);
    expect(lines[1]).toMatch(/^-+$/);
    // Every line is as wide as the rule, and right-aligned columns end at the same column.
    const width = textWidth(lines[1]!);
    for (const line of [lines[0]!, ...lines.slice(2)]) expect(textWidth(line)).toBe(width);
    const endOfNeeds = (line: string): number => {
      const cells = line.split(/\s{2,}/);
      return textWidth(line.slice(0, line.indexOf(cells[1]!) + cells[1]!.length));
    };
    expect(new Set(lines.slice(2).map(endOfNeeds)).size).toBe(1);
    expect(endOfNeeds(lines[0]!)).toBe(endOfNeeds(lines[2]!));
    expect(lines[2]).toMatch(/^铜川市\s+312\s+96\.3%\s+84\.5%\s+86\.4%\s+21\s+31\s+9$/);
    expect(table.endsWith("\n")).toBe(true);
  });

  it("shows — for null rates and falls back to Chinese names in English", () => {
    const table = formatKpiTable(rows, { lang: "en" });
    const lines = table.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Unit\s+Needs received\s+Response rate\s+On-time resolution\s+Satisfaction/);
    const last = lines[lines.length - 1]!;
    expect(last).toMatch(/^城关社区\s+5\s+50\.0%\s+—\s+—\s+0\s+0\s+0$/);
    expect(textWidth(last)).toBe(textWidth(lines[1]!));
    expect(lines).toContainEqual(expect.stringMatching(/^Wangyi District\s+190\s/));
  });

  it("rejects an unknown language with a typed error", () => {
    expect(() => formatKpiTable(rows, { lang: "fr" as "en" })).toThrow(
      expect.objectContaining({ code: "report.invalid" }),
    );
    expect(() => renderReport(sampleResult(), { lang: "fr" as "en" })).toThrow(
      expect.objectContaining({ code: "report.invalid" }),
    );
  });

  it("gives a header and rule for no rows", () => {
    expect(formatKpiTable([], { lang: "en" }).split("\n")).toHaveLength(3);
  });
});

describe("textWidth", () => {
  it("counts CJK and fullwidth characters two columns, others one", () => {
    expect(textWidth("abc")).toBe(3);
    expect(textWidth("铜川市")).toBe(6);
    expect(textWidth("（A）")).toBe(5);
    expect(textWidth("—")).toBe(1);
    expect(textWidth("𠀀")).toBe(2);
  });
});
