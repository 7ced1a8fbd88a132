import type { Bilingual } from "./report-labels.js";
import { formatCount } from "./report-labels.js";
import {
  attrs,
  bandWidth,
  type ChartFrame,
  labelStep,
  markTitle,
  niceTicks,
  plotScale,
  px,
  shortDate,
  svgText,
  xAxis,
  xTick,
  yAxis,
} from "./svg-kit.js";

/** One segment of a day's stacked bar. */
export interface StackSegment {
  value: number;
  fill: string;
  /** Named in the mark's tooltip. */
  name: Bilingual;
  /** The segment's own `data-*` attributes, between `data-date` and `data-value`. */
  data: Readonly<Record<string, string | number | undefined>>;
}

/**
 * The body of a chart of one bar per day stacked from its segments (those above 0, bottom up), with
 * a counted y axis, date labels and the x axis.
 */
export function stackedDayBars<Day extends { date: string }>(options: {
  frame: ChartFrame;
  days: readonly Day[];
  segments: (day: Day) => readonly StackSegment[];
  yTitle: Bilingual;
  xTitle: Bilingual;
  /** Shown mid-plot when no day has anything to stack. */
  empty?: Bilingual;
}): string {
  const { frame, days, yTitle, xTitle, empty } = options;
  const stacks = days.map((day) => options.segments(day));
  const totals = stacks.map((segments) => segments.reduce((s, g) => s + g.value, 0));
  const ticks = niceTicks(Math.max(0, ...totals));
  const y = plotScale(frame, ticks[ticks.length - 1]!);
  const band = bandWidth(frame, days.length);
  const barWidth = Math.max(1, band * 0.8);
  const { left, top, bottom } = frame.margin;
  const parts: string[] = [yAxis(frame, { ticks, scale: y, label: formatCount, title: yTitle })];
  const step = labelStep(days.length, 12);
  days.forEach((day, i) => {
    const x = left + i * band + (band - barWidth) / 2;
    let base = 0;
    for (const segment of stacks[i]!) {
      const n = segment.value;
      if (n <= 0) continue;
      const barTop = y(base + n);
      const height = y(base) - barTop;
      base += n;
      parts.push(
        `<rect${attrs({
          class: "mark",
          x: px(x),
          y: px(barTop),
          width: px(barWidth),
          height: px(height),
          fill: segment.fill,
          "data-date": day.date,
          ...segment.data,
          "data-value": n,
        })}>${markTitle({ zh: `${day.date} ${segment.name.zh}：${n}`, en: `${day.date} ${segment.name.en}: ${n}` })}</rect>`,
      );
    }
    if (i % step === 0) parts.push(xTick(frame, left + (i + 0.5) * band, shortDate(day.date)));
  });
  if (empty && totals.reduce((s, n) => s + n, 0) === 0)
    parts.push(
      svgText(
        empty,
        { x: frame.width / 2, y: (top + frame.height - bottom) / 2, "text-anchor": "middle" },
        "no-data",
      ),
    );
  parts.push(xAxis(frame, y(0), xTitle));
  return parts.join("");
}
