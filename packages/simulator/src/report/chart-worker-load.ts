import type { Kpis } from "@lianxin/core";
import { chartFigure, chartNote } from "./chart-figure.js";
import { escapeHtml } from "./escape-html.js";
import { ACCENT_COLOUR, MAIN_COLOUR } from "./palette.js";
import { formatCount, LABELS } from "./report-labels.js";
import {
  attrs,
  bandWidth,
  type ChartFrame,
  labelStep,
  markTitle,
  niceTicks,
  plotScale,
  px,
  svgText,
  xAxis,
  xTick,
  yAxis,
} from "./svg-kit.js";

const W = 760;
const H = 300;
const M = { top: 28, right: 16, bottom: 48, left: 64 };
const FRAME: ChartFrame = { width: W, height: H, margin: M };
const MAX_BINS = 24;

/** One bar of the histogram: workers with `from` to `to` (inclusive) work orders. */
export interface LoadBin {
  from: number;
  to: number;
  workers: number;
}

/** Bins work orders per worker: one bin per count up to 24 bins, wider bins beyond. */
export function loadBins(counts: readonly number[]): LoadBin[] {
  if (counts.length === 0) return [];
  const max = Math.max(...counts);
  const width = Math.max(1, Math.ceil((max + 1) / MAX_BINS));
  const bins: LoadBin[] = [];
  for (let from = 0; from <= max; from += width) bins.push({ from, to: from + width - 1, workers: 0 });
  for (const n of counts) bins[Math.floor(n / width)]!.workers++;
  return bins;
}

/**
 * Chart 3: a histogram of the work orders dispatched to each worker during the run, with their
 * mean; the open orders at the end are stated below it.
 */
export function workerLoadChart(root: Kpis | undefined): string {
  const load = root?.loadPerWorker;
  const dispatched = load?.workers.map((w) => w.dispatched) ?? [];
  const bins = loadBins(dispatched);
  const mean = dispatched.length === 0 ? null : dispatched.reduce((s, n) => s + n, 0) / dispatched.length;
  const ticks = niceTicks(Math.max(0, ...bins.map((b) => b.workers)));
  const y = plotScale(FRAME, ticks[ticks.length - 1]!);
  const band = bandWidth(FRAME, bins.length);
  const parts: string[] = [yAxis(FRAME, { ticks, scale: y, label: formatCount, title: LABELS.chartLoadY })];
  const step = labelStep(bins.length, 16);
  const binLabel = (b: LoadBin): string => (b.from === b.to ? String(b.from) : `${b.from}–${b.to}`);
  bins.forEach((bin, i) => {
    const x = M.left + i * band + band * 0.08;
    if (bin.workers > 0)
      parts.push(
        `<rect${attrs({
          class: "mark",
          x: px(x),
          y: px(y(bin.workers)),
          width: px(band * 0.84),
          height: px(y(0) - y(bin.workers)),
          fill: MAIN_COLOUR,
          "data-from": bin.from,
          "data-to": bin.to,
          "data-value": bin.workers,
        })}>${markTitle({
          zh: `派单 ${binLabel(bin)} 件：${bin.workers} 人`,
          en: `${binLabel(bin)} dispatched: ${bin.workers} workers`,
        })}</rect>`,
      );
    if (i % step === 0) parts.push(xTick(FRAME, M.left + (i + 0.5) * band, binLabel(bin)));
  });
  if (mean !== null && bins.length > 0) {
    // The mean sits within its bin's band, proportionally.
    const width = bins[0]!.to - bins[0]!.from + 1;
    const mx = px(M.left + ((mean + 0.5) / width) * band);
    parts.push(
      `<line class="ref" x1="${mx}" x2="${mx}" y1="${M.top - 4}" y2="${px(y(0))}" stroke="${ACCENT_COLOUR}"/>`,
      svgText(
        { zh: `${LABELS.mean.zh} ${mean.toFixed(2)}`, en: `${LABELS.mean.en} ${mean.toFixed(2)}` },
        { x: mx, y: M.top - 10, "text-anchor": "middle", fill: ACCENT_COLOUR },
        "ref-label",
      ),
    );
  }
  if (bins.length === 0)
    parts.push(svgText(LABELS.noData, { x: W / 2, y: H / 2, "text-anchor": "middle" }, "no-data"));
  parts.push(xAxis(FRAME, y(0), LABELS.chartLoadX));
  const stats =
    load && load.workers.length > 0
      ? `<p class="stats" data-stats="load">${escapeHtml(`${formatCount(load.workers.length)} `)}${statsText(load)}</p>`
      : "";
  return chartFigure({
    id: "worker-load",
    title: LABELS.chartLoad,
    width: W,
    height: H,
    body: parts.join(""),
    after: stats + chartNote(LABELS.loadNote),
  });
}

function statsText(load: Kpis["loadPerWorker"]): string {
  const m = load.mean === null ? "—" : load.mean.toFixed(2);
  const x = load.max === null ? "—" : String(load.max);
  const dispatched = load.workers.map((w) => w.dispatched);
  const dm = (dispatched.reduce((s, n) => s + n, 0) / Math.max(1, dispatched.length)).toFixed(2);
  const dx = String(Math.max(0, ...dispatched));
  return (
    `<span class="l-zh" lang="zh">${escapeHtml(
      `${LABELS.workers.zh}；期末未结工单：${LABELS.mean.zh} ${m}，${LABELS.max.zh} ${x}；期内派单：${LABELS.mean.zh} ${dm}，${LABELS.max.zh} ${dx}`,
    )}</span>` +
    `<span class="l-en" lang="en">${escapeHtml(
      `${LABELS.workers.en}; open at the end: ${LABELS.mean.en} ${m}, ${LABELS.max.en} ${x}; dispatched during the run: ${LABELS.mean.en} ${dm}, ${LABELS.max.en} ${dx}`,
    )}</span>`
  );
}
