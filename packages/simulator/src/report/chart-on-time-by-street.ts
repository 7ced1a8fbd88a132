import type { SimulationResult } from "../types.js";
import { chartFigure, chartNote } from "./chart-figure.js";
import { escapeHtml } from "./escape-html.js";
import { ACCENT_COLOUR, MAIN_COLOUR } from "./palette.js";
import { bilingualName, formatRate, LABELS } from "./report-labels.js";
import { totalsAtLevel } from "./report-rows.js";
import { attrs, linearScale, markTitle, px, svgText } from "./svg-kit.js";
import { textWidth } from "./text-width.js";

const W = 760;
const ROW = 22;
const M = { top: 24, right: 120, bottom: 44 };

/** Chart 2: the on-time resolution rate of each street over the whole run, as horizontal bars. */
export function onTimeByStreetChart(result: SimulationResult, overall: number | null): string {
  const streets = totalsAtLevel(result, "street");
  const names = streets.map((s) => bilingualName(s.name));
  // About 6.5 px per column of text at the tick font size.
  const longest = Math.max(4, ...names.flatMap((n) => [textWidth(n.zh), textWidth(n.en)]));
  const left = Math.min(260, Math.round(longest * 6.5) + 16);
  const height = M.top + Math.max(1, streets.length) * ROW + M.bottom;
  const x = linearScale(0, 1, left, W - M.right);
  const bottom = height - M.bottom;
  const parts: string[] = [];
  for (const t of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    const gx = px(x(t));
    parts.push(
      `<line class="grid" x1="${gx}" x2="${gx}" y1="${M.top - 6}" y2="${bottom}"/>`,
      `<text class="tick" x="${gx}" y="${bottom + 16}" text-anchor="middle">${t * 100}%</text>`,
    );
  }
  // The reference line goes under the bars and their labels.
  if (overall !== null) {
    const ox = px(x(overall));
    parts.push(
      `<line class="ref" x1="${ox}" x2="${ox}" y1="${M.top - 6}" y2="${bottom}" stroke="${ACCENT_COLOUR}"/>`,
      svgText(
        {
          zh: `${LABELS.overall.zh} ${formatRate(overall)}`,
          en: `${LABELS.overall.en} ${formatRate(overall)}`,
        },
        { x: ox, y: M.top - 10, "text-anchor": "middle", fill: ACCENT_COLOUR },
        "ref-label",
      ),
    );
  }
  streets.forEach((street, i) => {
    const name = names[i]!;
    const cy = M.top + i * ROW + ROW / 2;
    const { rate, denominator } = street.kpis.onTimeResolutionRate;
    parts.push(
      svgText(name, { x: left - 8, y: px(cy), "text-anchor": "end", "dominant-baseline": "middle" }, "label"),
    );
    if (rate === null) {
      parts.push(
        svgText(
          LABELS.noData,
          {
            x: left + 6,
            y: px(cy),
            "dominant-baseline": "middle",
            "data-unit": street.unit,
            "data-rate": "null",
          },
          "no-data",
        ),
      );
      return;
    }
    const end = x(rate);
    parts.push(
      `<rect${attrs({
        class: "mark",
        x: px(left),
        y: px(cy - ROW * 0.35),
        width: px(end - left),
        height: px(ROW * 0.7),
        fill: MAIN_COLOUR,
        "data-unit": street.unit,
        "data-rate": rate,
        "data-n": denominator,
      })}>${markTitle({
        zh: `${name.zh}：${formatRate(rate)}（${street.kpis.onTimeResolutionRate.numerator}/${denominator}）`,
        en: `${name.en}: ${formatRate(rate)} (${street.kpis.onTimeResolutionRate.numerator}/${denominator})`,
      })}</rect>`,
      `<text class="value" x="${px(end + 6)}" y="${px(cy)}" dominant-baseline="middle">${escapeHtml(
        `${formatRate(rate)} (n=${denominator})`,
      )}</text>`,
    );
  });
  parts.push(
    `<line class="axis" x1="${left}" x2="${left}" y1="${M.top - 6}" y2="${bottom}"/>`,
    svgText(LABELS.chartOnTimeX, { x: px(x(0.5)), y: height - 8, "text-anchor": "middle" }, "axis-title"),
  );
  if (streets.length === 0)
    parts.push(
      svgText(LABELS.noData, { x: px(x(0.5)), y: M.top + ROW / 2, "text-anchor": "middle" }, "no-data"),
    );
  return chartFigure({
    id: "on-time-by-street",
    title: LABELS.chartOnTime,
    width: W,
    height,
    body: parts.join(""),
    after: chartNote(LABELS.kpiNote),
  });
}
