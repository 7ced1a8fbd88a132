import type { SimulationResult } from "../types.js";
import { chartFigure, legend } from "./chart-figure.js";
import { LEVEL_COLOURS } from "./palette.js";
import { formatCount, LABELS, levelLabel } from "./report-labels.js";
import { stackedDayBars } from "./stacked-day-bars.js";
import type { ChartFrame } from "./svg-kit.js";

const W = 760;
const H = 300;
const FRAME: ChartFrame = { width: W, height: H, margin: { top: 16, right: 16, bottom: 48, left: 64 } };
const LEVELS = [1, 2, 3, 4] as const;

/** Chart 4: escalation events per day, stacked by level 1–4, with the run's totals per level. */
export function escalationsChart(result: SimulationResult): string {
  const days = result.daily;
  const body = stackedDayBars({
    frame: FRAME,
    days,
    segments: (day) =>
      LEVELS.map((level) => ({
        value: day.escalations[level] ?? 0,
        fill: LEVEL_COLOURS[level - 1]!,
        name: levelLabel(level),
        data: { "data-level": level },
      })),
    yTitle: LABELS.chartEscalationsY,
    xTitle: LABELS.day,
    empty: LABELS.noEscalations,
  });
  const sums = LEVELS.map((l) => days.reduce((s, d) => s + (d.escalations[l] ?? 0), 0));
  const all = sums.reduce((s, n) => s + n, 0);
  return chartFigure({
    id: "escalations-by-level",
    title: LABELS.chartEscalations,
    width: W,
    height: H,
    body,
    after: legend([
      ...LEVELS.map((l, i) => ({ swatch: `l${l}`, label: levelLabel(l), value: formatCount(sums[i]!) })),
      { swatch: "none", label: LABELS.total, value: formatCount(all) },
    ]),
  });
}
