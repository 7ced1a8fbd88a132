import { createHash } from "node:crypto";
import { issue, type KpiRate, LianxinError } from "@lianxin/core";
import type { SimulationResult, UnitKpis } from "../types.js";
import { escalationsChart } from "./chart-escalations.js";
import { needsByCategoryChart } from "./chart-needs-by-category.js";
import { onTimeByStreetChart } from "./chart-on-time-by-street.js";
import { satisfactionChart } from "./chart-satisfaction.js";
import { workerLoadChart } from "./chart-worker-load.js";
import { describeScenario } from "./describe-scenario.js";
import { escapeHtml } from "./escape-html.js";
import { type Bilingual, bilingualName, formatCount, formatRate, LABELS } from "./report-labels.js";
import { rootTotal, totalsAtLevel } from "./report-rows.js";
import { REPORT_SCRIPT, REPORT_STYLE } from "./report-style.js";
import { htmlText } from "./svg-kit.js";

/** Options of {@link renderReport}. */
export interface ReportOptions {
  /** The language shown first; the reader can switch. @default "zh" */
  lang?: "zh" | "en";
}

/**
 * Renders a simulation result as one self-contained HTML document: summary tiles, five charts as
 * inline SVG (needs per day by category, on-time resolution rate per street, load per grid worker,
 * escalations by level, satisfaction per period), KPI tables for the districts and the
 * demonstration communities, the scenarios applied and the run's seed, dates and digest.
 *
 * Every label exists in Chinese and English; a button switches between them (`<html lang>` follows).
 * The document loads nothing: styles and the one small script are inline and pinned by a
 * Content-Security-Policy, and fonts are the system's. It holds aggregates only, never a resident's
 * personal data, and the same result gives the same document.
 *
 * @throws LianxinError `report.invalid` when `lang` is neither `"zh"` nor `"en"`.
 */
export function renderReport(result: SimulationResult, options: ReportOptions = {}): string {
  const lang = checkLang(options.lang ?? "zh");
  const root = rootTotal(result);
  const district = bilingualName(result.district.name);
  const title: Bilingual = {
    zh: `${district.zh} · ${LABELS.title.zh}`,
    en: `${district.en} · ${LABELS.title.en}`,
  };
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(REPORT_STYLE)}'`,
    `script-src '${sha256(REPORT_SCRIPT)}'`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const period: Bilingual = {
    zh: `${result.start} 起 ${result.days} 天`,
    en: `${result.days} days from ${result.start}`,
  };
  return [
    "<!doctype html>",
    `<html lang="${lang}" data-title-zh="${escapeHtml(title.zh)}" data-title-en="${escapeHtml(title.en)}">`,
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title[lang])}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    "<header><div>",
    htmlText(title, "h1"),
    `<p class="sub">${htmlText(period)}</p>`,
    "</div>",
    `<button type="button" id="lang-toggle" data-label-zh="${escapeHtml(LABELS.switchHint.zh)}" data-label-en="${escapeHtml(LABELS.switchHint.en)}" aria-label="${escapeHtml(LABELS.switchHint[lang])}">${htmlText(LABELS.switchTo)}</button>`,
    "</header>",
    `<section id="summary">${htmlText(LABELS.summary, "h2")}${tiles(result, root)}</section>`,
    '<section id="charts">',
    needsByCategoryChart(result),
    onTimeByStreetChart(result, root?.kpis.onTimeResolutionRate.rate ?? null),
    workerLoadChart(root?.kpis),
    escalationsChart(result),
    satisfactionChart(result),
    "</section>",
    `<section id="kpi-districts">${htmlText(LABELS.tableDistricts, "h2")}${kpiTable(districtRows(result, root), root)}</section>`,
    `<section id="kpi-communities">${htmlText(LABELS.tableCommunities, "h2")}${kpiTable(totalsAtLevel(result, "community"), undefined)}</section>`,
    `<section id="scenarios">${htmlText(LABELS.scenarios, "h2")}${scenarioList(result)}</section>`,
    footer(result),
    "</main>",
    `<script>${REPORT_SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function checkLang(lang: unknown): "zh" | "en" {
  if (lang === "zh" || lang === "en") return lang;
  throw new LianxinError("report.invalid", `renderReport: lang must be "zh" or "en", not ${String(lang)}`, {
    issues: [issue("report.lang", "/lang", "语言须为 zh 或 en", 'lang must be "zh" or "en"')],
  });
}

function sha256(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
}

function tiles(result: SimulationResult, root: UnitKpis | undefined): string {
  const k = root?.kpis;
  const escalations =
    k?.escalations.total ??
    result.daily.reduce(
      (s, d) => s + d.escalations[1] + d.escalations[2] + d.escalations[3] + d.escalations[4],
      0,
    );
  const rateTile = (id: string, label: Bilingual, r: KpiRate | undefined): string =>
    tile(id, label, formatRate(r?.rate ?? null), r ? `n=${formatCount(r.denominator)}` : undefined);
  return (
    '<ul class="tiles">' +
    tile("needs", LABELS.needs, formatCount(k?.needs.received ?? result.counts.needs), undefined) +
    rateTile("response-rate", LABELS.responseRate, k?.responseRate) +
    rateTile("on-time-rate", LABELS.onTimeRate, k?.onTimeResolutionRate) +
    rateTile("satisfaction-rate", LABELS.satisfactionRate, k?.satisfactionRate) +
    tile("escalations", LABELS.escalations, formatCount(escalations), undefined) +
    tile("overdue", LABELS.overdue, k ? formatCount(k.overdue) : "—", undefined) +
    "</ul>"
  );
}

function tile(id: string, label: Bilingual, value: string, note: string | undefined): string {
  return (
    `<li class="tile" data-tile="${id}"><span class="v">${escapeHtml(value)}</span>` +
    `<span class="k">${htmlText(label)}</span>` +
    (note === undefined ? "" : `<span class="n">${escapeHtml(note)}</span>`) +
    "</li>"
  );
}

/** The root's total row first, then the district-level units below it. */
function districtRows(result: SimulationResult, root: UnitKpis | undefined): UnitKpis[] {
  const districts = totalsAtLevel(result, "district").filter((row) => row.unit !== root?.unit);
  return root ? [root, ...districts] : districts;
}

function kpiTable(rows: readonly UnitKpis[], total: UnitKpis | undefined): string {
  if (rows.length === 0) return `<p class="note">${htmlText(LABELS.noRows)}</p>`;
  const head = [
    LABELS.unit,
    LABELS.needs,
    LABELS.responseRate,
    LABELS.onTimeRate,
    LABELS.satisfactionRate,
    LABELS.escalations,
    LABELS.overdue,
    LABELS.returns,
    LABELS.load,
  ]
    .map((l) => `<th scope="col">${htmlText(l)}</th>`)
    .join("");
  const rate = (r: KpiRate): string =>
    r.rate === null
      ? `<td data-rate="null" title="${escapeHtml(`${LABELS.noData.zh} / ${LABELS.noData.en}`)}">—</td>`
      : `<td data-rate="${r.rate}">${formatRate(r.rate)}<small>n=${formatCount(r.denominator)}</small></td>`;
  const body = rows.map((row) => {
    const k = row.kpis;
    const { mean, max } = k.loadPerWorker;
    return (
      `<tr data-unit="${escapeHtml(row.unit)}"${row === total ? ' class="total"' : ""}>` +
      `<th scope="row">${htmlText(bilingualName(row.name))}</th>` +
      `<td>${formatCount(k.needs.received)}</td>` +
      rate(k.responseRate) +
      rate(k.onTimeResolutionRate) +
      rate(k.satisfactionRate) +
      `<td>${formatCount(k.escalations.total)}</td>` +
      `<td>${formatCount(k.overdue)}</td>` +
      `<td>${formatCount(k.returns)}</td>` +
      `<td>${mean === null ? "—" : mean.toFixed(2)} / ${max === null ? "—" : max}</td>` +
      "</tr>"
    );
  });
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${body.join("")}</tbody></table></div>`;
}

function scenarioList(result: SimulationResult): string {
  if (result.scenarios.length === 0) return `<p>${htmlText(LABELS.baseline)}</p>`;
  const items = result.scenarios.map(
    (s) => `<li data-scenario="${escapeHtml(s.kind)}">${htmlText(describeScenario(s, result))}</li>`,
  );
  return `<ul>${items.join("")}</ul>`;
}

function footer(result: SimulationResult): string {
  const entries: [Bilingual, string][] = [
    [LABELS.seed, String(result.seed)],
    [LABELS.days, String(result.days)],
    [LABELS.start, result.start],
    [LABELS.end, result.end],
    [LABELS.digest, result.digest],
  ];
  const dl = entries.map(([k, v]) => `<dt>${htmlText(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("");
  return `<footer><dl>${dl}</dl><p>${htmlText(LABELS.generatedBy)}</p></footer>`;
}
