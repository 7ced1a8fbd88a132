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

/** Horizontal grid lines and labels of a y axis, with its title rotated along the left edge. */
export function yAxis(options: {
  ticks: readonly number[];
  scale: (value: number) => number;
  left: number;
  right: number;
  label: (value: number) => string;
  title: Bilingual;
  titleX: number;
}): string {
  const { ticks, scale, left, right, label, title, titleX } = options;
  const parts = ticks.map((t) => {
    const y = px(scale(t));
    return `<line class="grid" x1="${px(left)}" x2="${px(right)}" y1="${y}" y2="${y}"/><text class="tick" x="${px(left - 6)}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(label(t))}</text>`;
  });
  const mid = (scale(ticks[0]!) + scale(ticks[ticks.length - 1]!)) / 2;
  parts.push(
    svgText(
      title,
      {
        x: px(titleX),
        y: px(mid),
        "text-anchor": "middle",
        transform: `rotate(-90 ${px(titleX)} ${px(mid)})`,
      },
      "axis-title",
    ),
  );
  return parts.join("");
}

/** `MM-DD` of a `YYYY-MM-DD` date. */
export function shortDate(date: string): string {
  return date.slice(5, 10);
}

/** Every how many items to label so that at most `max` labels are shown. */
export function labelStep(count: number, max: number): number {
  return Math.max(1, Math.ceil(count / max));
}
