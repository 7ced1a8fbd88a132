import { escapeHtml } from "./escape-html.js";
import type { Bilingual } from "./report-labels.js";
import { htmlText, svgTitles } from "./svg-kit.js";

/** The parts of one chart. */
export interface ChartParts {
  /** The `data-chart` id. */
  id: string;
  title: Bilingual;
  width: number;
  height: number;
  /** The SVG content, without the root element and its titles. */
  body: string;
  /** HTML after the chart: legend, notes. */
  after?: string;
}

/** A chart as a `<figure data-chart>` holding a heading, an `<svg role="img">` and what follows it. */
export function chartFigure(chart: ChartParts): string {
  const id = escapeHtml(chart.id);
  return (
    `<figure class="chart" data-chart="${id}">` +
    `<figcaption>${htmlText(chart.title, "h3")}</figcaption>` +
    `<svg role="img" viewBox="0 0 ${chart.width} ${chart.height}" width="${chart.width}" height="${chart.height}">` +
    svgTitles(chart.title) +
    chart.body +
    "</svg>" +
    (chart.after ?? "") +
    "</figure>"
  );
}

/** A legend: a colour swatch (a CSS class `sw-<key>` from {@link swatchStyles}), a label and a figure each. */
export function legend(items: readonly { swatch: string; label: Bilingual; value?: string }[]): string {
  const li = items.map(
    (item) =>
      `<li><span class="sw sw-${escapeHtml(item.swatch)}"></span>${htmlText(item.label)}` +
      (item.value === undefined ? "" : ` <span class="num">${escapeHtml(item.value)}</span>`) +
      "</li>",
  );
  return `<ul class="legend">${li.join("")}</ul>`;
}

/** CSS rules giving each swatch key its colour. */
export function swatchStyles(colours: Readonly<Record<string, string>>): string {
  return Object.entries(colours)
    .map(([key, colour]) => `.sw-${key}{background:${colour}}`)
    .join("");
}

/** A note under a chart. */
export function chartNote(text: Bilingual): string {
  return `<p class="note">${htmlText(text)}</p>`;
}
