import { escapeHtml } from "./escape-html.js";
import type { Bilingual } from "./report-labels.js";

/** Rounds a coordinate to one decimal, for compact SVG. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** A linear map from `[d0, d1]` to `[r0, r1]` (constant `r0` when the domain is empty). */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  const span = d1 - d0;
  return (value) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/**
 * Round tick values from 0 to at least `max`: about `count` of them, stepping by 1, 2 or 5 times a
 * power of ten (integers only when `integer`).
 */
export function niceTicks(max: number, count = 5, integer = true): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  if (integer) step = Math.max(1, Math.round(step));
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) {
    ticks.push(Math.round(v * 1e9) / 1e9);
    if (v >= max) break;
  }
  return ticks;
}

/** Attributes from a record, escaped; `undefined` values are left out. */
export function attrs(values: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeHtml(String(v))}"`)
    .join("");
}

/**
 * An SVG `<text>` in both languages (one element per language, CSS shows one), or a single element
 * when both are the same.
 */
export function svgText(
  text: Bilingual,
  at: Readonly<Record<string, string | number | undefined>>,
  className?: string,
): string {
  if (text.zh === text.en) return `<text${attrs({ ...at, class: className })}>${escapeHtml(text.zh)}</text>`;
  return (["zh", "en"] as const)
    .map(
      (l) =>
        `<text${attrs({ ...at, class: className ? `${className} l-${l}` : `l-${l}`, lang: l })}>${escapeHtml(text[l])}</text>`,
    )
    .join("");
}

/** The `<title>` elements of a chart, one per language. */
export function svgTitles(title: Bilingual): string {
  return `<title lang="zh">${escapeHtml(title.zh)}</title><title lang="en">${escapeHtml(title.en)}</title>`;
}

/** A tooltip for one mark, in both languages. */
export function markTitle(text: Bilingual): string {
  return `<title>${escapeHtml(text.zh === text.en ? text.zh : `${text.zh} / ${text.en}`)}</title>`;
}

/** An HTML fragment in both languages (CSS shows one). */
export function htmlText(text: Bilingual, tag = "span"): string {
  if (text.zh === text.en) return `<${tag}>${escapeHtml(text.zh)}</${tag}>`;
  return `<${tag} class="l-zh" lang="zh">${escapeHtml(text.zh)}</${tag}><${tag} class="l-en" lang="en">${escapeHtml(text.en)}</${tag}>`;
}

/** A chart's size and the margins around its plot area. */
export interface ChartFrame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** Where the y axis title stands, from the left edge. */
const Y_TITLE_X = 16;

/** The vertical scale of the plot area: 0 at its bottom, `max` at its top. */
export function plotScale(frame: ChartFrame, max: number): (value: number) => number {
  return linearScale(0, max, frame.height - frame.margin.bottom, frame.margin.top);
}

/** The width of each of `count` equal bands across the plot area. */
export function bandWidth(frame: ChartFrame, count: number): number {
  return (frame.width - frame.margin.left - frame.margin.right) / Math.max(1, count);
}

/**
 * Horizontal grid lines across the plot area and their labels, with the y axis title rotated along
 * the left edge.
 */
export function yAxis(
  frame: ChartFrame,
  options: {
    ticks: readonly number[];
    scale: (value: number) => number;
    label: (value: number) => string;
    title: Bilingual;
  },
): string {
  const { ticks, scale, label, title } = options;
  const left = frame.margin.left;
  const right = frame.width - frame.margin.right;
  const parts = ticks.map((t) => {
    const y = px(scale(t));
    return `<line class="grid" x1="${px(left)}" x2="${px(right)}" y1="${y}" y2="${y}"/><text class="tick" x="${px(left - 6)}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(label(t))}</text>`;
  });
  const mid = (scale(ticks[0]!) + scale(ticks[ticks.length - 1]!)) / 2;
  parts.push(
    svgText(
      title,
      {
        x: px(Y_TITLE_X),
        y: px(mid),
        "text-anchor": "middle",
        transform: `rotate(-90 ${px(Y_TITLE_X)} ${px(mid)})`,
      },
      "axis-title",
    ),
  );
  return parts.join("");
}

/** A tick label under the plot area, centred at `x`. */
export function xTick(frame: ChartFrame, x: number, text: string): string {
  return `<text class="tick" x="${px(x)}" y="${frame.height - frame.margin.bottom + 16}" text-anchor="middle">${escapeHtml(text)}</text>`;
}

/** The x axis: its line across the plot area at `y0`, and its title centred below. */
export function xAxis(frame: ChartFrame, y0: number, title: Bilingual): string {
  const { width, height, margin } = frame;
  return (
    `<line class="axis" x1="${margin.left}" x2="${width - margin.right}" y1="${px(y0)}" y2="${px(y0)}"/>` +
    svgText(
      title,
      { x: px((margin.left + width - margin.right) / 2), y: height - 8, "text-anchor": "middle" },
      "axis-title",
    )
  );
}

/** `MM-DD` of a `YYYY-MM-DD` date. */
export function shortDate(date: string): string {
  return date.slice(5, 10);
}

/** Every how many items to label so that at most `max` labels are shown. */
export function labelStep(count: number, max: number): number {
  return Math.max(1, Math.ceil(count / max));
}
