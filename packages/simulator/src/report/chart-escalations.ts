import type { SimulationResult } from "../types.js";
import { chartFigure, legend } from "./chart-figure.js";
import { escapeHtml } from "./escape-html.js";
import { LEVEL_COLOURS } from "./palette.js";
import { formatCount, LABELS, levelLabel } from "./report-labels.js";
import {
  attrs,
  labelStep,
  linearScale,
  markTitle,
  niceTicks,
  px,
  shortDate,
  svgText,
  yAxis,
} from "./svg-kit.js";

const W = 760;
const H = 300;
const M = { top: 16, right: 16, bottom: 48, left: 64 };
const LEVELS = [1, 2, 3, 4] as const;

/** Chart 4: escalation events per day, stacked by level 1–4, with the run's totals per level. */
export function escalationsChart(result: SimulationResult): string {
  const days = result.daily;
  const totals = days.map((d) => LEVELS.reduce((s, l) => s + (d.escalations[l] ?? 0), 0));
  const ticks = niceTicks(Math.max(0, ...totals));
  const y = linearScale(0, ticks[ticks.length - 1]!, H - M.bottom, M.top);
  const band = (W - M.left - M.right) / Math.max(1, days.length);
  const barWidth = Math.max(1, band * 0.8);
  const parts: string[] = [
    yAxis({
      ticks,
      scale: y,
      left: M.left,
      right: W - M.right,
      label: formatCount,
      title: LABELS.chartEscalationsY,
      titleX: 16,
    }),
  ];
  const step = labelStep(days.length, 12);
  days.forEach((day, i) => {
    const x = M.left + i * band + (band - barWidth) / 2;
    let base = 0;
    for (const level of LEVELS) {
      const n = day.escalations[level] ?? 0;
      if (n <= 0) continue;
      const top = y(base + n);
      const height = y(base) - top;
      base += n;
      const name = levelLabel(level);
      parts.push(
        `<rect${attrs({
          class: "mark",
          x: px(x),
          y: px(top),
          width: px(barWidth),
          height: px(height),
          fill: LEVEL_COLOURS[level - 1],
          "data-date": day.date,
          "data-level": level,
          "data-value": n,
        })}>${markTitle({ zh: `${day.date} ${name.zh}：${n}`, en: `${day.date} ${name.en}: ${n}` })}</rect>`,
      );
    }
    if (i % step === 0)
      parts.push(
        `<text class="tick" x="${px(M.left + (i + 0.5) * band)}" y="${H - M.bottom + 16}" text-anchor="middle">${escapeHtml(shortDate(day.date))}</text>`,
      );
  });
  const sums = LEVELS.map((l) => days.reduce((s, d) => s + (d.escalations[l] ?? 0), 0));
  const all = sums.reduce((s, n) => s + n, 0);
  if (all === 0)
    parts.push(
      svgText(
        LABELS.noEscalations,
        { x: W / 2, y: (M.top + H - M.bottom) / 2, "text-anchor": "middle" },
        "no-data",
      ),
    );
  parts.push(
    `<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${px(y(0))}" y2="${px(y(0))}"/>`,
    svgText(
      LABELS.day,
      { x: px((M.left + W - M.right) / 2), y: H - 8, "text-anchor": "middle" },
      "axis-title",
    ),
  );
  return chartFigure({
    id: "escalations-by-level",
    title: LABELS.chartEscalations,
    width: W,
    height: H,
    body: parts.join(""),
    after: legend([
      ...LEVELS.map((l, i) => ({ swatch: `l${l}`, label: levelLabel(l), value: formatCount(sums[i]!) })),
      { swatch: "none", label: LABELS.total, value: formatCount(all) },
    ]),
  });
}
