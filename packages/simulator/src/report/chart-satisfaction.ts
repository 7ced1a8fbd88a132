import { ADMIN_LEVELS, levelDepth } from "@lianxin/core";
import type { SimulationResult, UnitKpis } from "../types.js";
import { chartFigure, legend } from "./chart-figure.js";
import { escapeHtml } from "./escape-html.js";
import { CATEGORY_COLOURS, categoryColour, MAIN_COLOUR } from "./palette.js";
import { type Bilingual, bilingualName, formatRate, LABELS } from "./report-labels.js";
import { periodRows, rootTotal, totalsAtLevel } from "./report-rows.js";
import {
  attrs,
  bandWidth,
  type ChartFrame,
  labelStep,
  markTitle,
  plotScale,
  px,
  shortDate,
  svgText,
  xAxis,
  xTick,
  yAxis,
} from "./svg-kit.js";

const W = 760;
const H = 300;
const M = { top: 16, right: 16, bottom: 48, left: 64 };
const FRAME: ChartFrame = { width: W, height: H, margin: M };
/** At most this many units one level below the root get their own thin line. */
const MAX_CHILD_LINES = 8;

interface Series {
  unit: string;
  name: Bilingual;
  rows: UnitKpis[];
  colour: string;
  swatch: string;
  root: boolean;
}

/**
 * Chart 5: the satisfaction rate per KPI period, a bold line for the whole district (root) and thin
 * lines for the units one level below it when there are few. Periods without rated follow-ups leave
 * a gap.
 */
export function satisfactionChart(result: SimulationResult): string {
  const root = rootTotal(result);
  const series: Series[] = [];
  if (root)
    series.push({
      unit: root.unit,
      name: bilingualName(root.name),
      rows: periodRows(result, root.unit),
      colour: MAIN_COLOUR,
      swatch: "main",
      root: true,
    });
  const childLevel = root ? ADMIN_LEVELS[levelDepth(root.level) + 1] : undefined;
  const children = childLevel ? totalsAtLevel(result, childLevel) : [];
  if (children.length <= MAX_CHILD_LINES)
    children.forEach((child, i) => {
      // Category colours from the second on: the first is the root's.
      const c = (i + 1) % CATEGORY_COLOURS.length;
      series.push({
        unit: child.unit,
        name: bilingualName(child.name),
        rows: periodRows(result, child.unit),
        colour: categoryColour(c),
        swatch: `c${c}`,
        root: false,
      });
    });
  const periods = [...new Set(series.flatMap((s) => s.rows.map((r) => r.period)))].sort();
  const band = bandWidth(FRAME, periods.length);
  const xOf = (period: string): number => M.left + (periods.indexOf(period) + 0.5) * band;
  const y = plotScale(FRAME, 1);
  const parts: string[] = [
    yAxis(FRAME, {
      ticks: [0, 0.2, 0.4, 0.6, 0.8, 1],
      scale: y,
      label: (t) => `${Math.round(t * 100)}%`,
      title: LABELS.chartSatisfactionY,
    }),
  ];
  const step = labelStep(periods.length, 12);
  periods.forEach((period, i) => {
    if (i % step === 0) parts.push(xTick(FRAME, xOf(period), shortDate(period)));
  });
  // Children first, so the root's line is drawn on top.
  for (const s of [...series].reverse()) {
    let d = "";
    let pen = false;
    for (const row of s.rows) {
      const rate = row.kpis.satisfactionRate.rate;
      if (rate === null) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${px(xOf(row.period))} ${px(y(rate))}`;
      pen = true;
    }
    if (d.includes("L"))
      parts.push(
        `<path${attrs({
          class: s.root ? "mark line root" : "mark line",
          d,
          fill: "none",
          stroke: s.colour,
          "stroke-width": s.root ? 3 : 1.5,
          "data-unit": s.unit,
        })}/>`,
      );
    if (!s.root) {
      for (const row of s.rows) {
        const rate = row.kpis.satisfactionRate.rate;
        if (rate !== null)
          parts.push(
            `<circle${attrs({
              class: "mark",
              cx: px(xOf(row.period)),
              cy: px(y(rate)),
              r: 2.5,
              fill: s.colour,
              "data-child": s.unit,
              "data-period": row.period,
              "data-rate": rate,
            })}>${markTitle({
              zh: `${s.name.zh} ${row.from.slice(0, 10)} 起：${formatRate(rate)}`,
              en: `${s.name.en} from ${row.from.slice(0, 10)}: ${formatRate(rate)}`,
            })}</circle>`,
          );
      }
      continue;
    }
    for (const row of s.rows) {
      const { rate, numerator, denominator } = row.kpis.satisfactionRate;
      const cx = px(xOf(row.period));
      if (rate === null) {
        parts.push(
          svgText(
            LABELS.noData,
            {
              x: cx,
              y: px(y(0) - 8),
              "text-anchor": "middle",
              "data-period": row.period,
              "data-rate": "null",
            },
            "no-data",
          ),
        );
        continue;
      }
      parts.push(
        `<circle${attrs({
          class: "mark",
          cx,
          cy: px(y(rate)),
          r: 4,
          fill: s.colour,
          "data-unit": s.unit,
          "data-period": row.period,
          "data-rate": rate,
          "data-n": denominator,
        })}>${markTitle({
          zh: `${row.from.slice(0, 10)} 起：${formatRate(rate)}（${numerator}/${denominator}）`,
          en: `from ${row.from.slice(0, 10)}: ${formatRate(rate)} (${numerator}/${denominator})`,
        })}</circle>`,
        `<text class="value" x="${cx}" y="${px(y(rate) - 10)}" text-anchor="middle">${escapeHtml(formatRate(rate))}</text>`,
      );
    }
  }
  if (periods.length === 0)
    parts.push(svgText(LABELS.noData, { x: W / 2, y: H / 2, "text-anchor": "middle" }, "no-data"));
  parts.push(xAxis(FRAME, y(0), LABELS.period));
  return chartFigure({
    id: "satisfaction",
    title: LABELS.chartSatisfaction,
    width: W,
    height: H,
    body: parts.join(""),
    after: legend(
      series.map((s) => ({ swatch: s.swatch, label: s.name, value: formatRate(totalRate(result, s.unit)) })),
    ),
  });
}

function totalRate(result: SimulationResult, unit: string): number | null {
  return result.kpis.find((r) => r.unit === unit && r.period === "total")?.kpis.satisfactionRate.rate ?? null;
}
