import { issue, LianxinError } from "@lianxin/core";
import type { UnitKpis } from "../types.js";
import { formatCount, formatRate, LABELS } from "./report-labels.js";
import { padText, textWidth } from "./text-width.js";

/** Options of {@link formatKpiTable}. */
export interface KpiTableOptions {
  /** The language of the headers and unit names (English names fall back to Chinese). */
  lang: "zh" | "en";
}

const COLUMNS = [
  { label: LABELS.unit, align: "left" },
  { label: LABELS.needs, align: "right" },
  { label: LABELS.responseRate, align: "right" },
  { label: LABELS.onTimeRate, align: "right" },
  { label: LABELS.satisfactionRate, align: "right" },
  { label: LABELS.escalations, align: "right" },
  { label: LABELS.overdue, align: "right" },
  { label: LABELS.returns, align: "right" },
] as const;

/**
 * Formats KPI rows as an aligned plain-text table for a terminal, one line per row in the order
 * given, under a header and a rule: unit name, needs received, response rate, on-time resolution
 * rate, satisfaction rate, escalations, overdue work orders and returns. Rates are percentages with
 * one decimal, `—` when there is no data. CJK characters count two columns wide. Lines end with
 * `\n`; there is no trailing whitespace.
 *
 * Pass the `"total"` rows of the units to show (for instance the districts, then the demonstration
 * communities); the period is not shown.
 *
 * @throws LianxinError `report.invalid` when `lang` is neither `"zh"` nor `"en"`.
 */
export function formatKpiTable(rows: readonly UnitKpis[], options: KpiTableOptions): string {
  const { lang } = options;
  if (lang !== "zh" && lang !== "en")
    throw new LianxinError(
      "report.invalid",
      `formatKpiTable: lang must be "zh" or "en", not ${String(lang)}`,
      {
        issues: [issue("report.lang", "/lang", "语言须为 zh 或 en", 'lang must be "zh" or "en"')],
      },
    );
  const cells: string[][] = [
    COLUMNS.map((c) => c.label[lang]),
    ...rows.map((row) => {
      const k = row.kpis;
      return [
        lang === "en" ? (row.name.en ?? row.name.zh) : row.name.zh,
        formatCount(k.needs.received),
        formatRate(k.responseRate.rate),
        formatRate(k.onTimeResolutionRate.rate),
        formatRate(k.satisfactionRate.rate),
        formatCount(k.escalations.total),
        formatCount(k.overdue),
        formatCount(k.returns),
      ];
    }),
  ];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => textWidth(line[i]!))));
  const format = (line: string[]): string =>
    line
      .map((cell, i) => padText(cell, widths[i]!, COLUMNS[i]!.align))
      .join("  ")
      .trimEnd();
  const rule = "-".repeat(widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1));
  const [header, ...body] = cells;
  return `${[format(header!), rule, ...body.map(format)].join("\n")}\n`;
}
