import type { SimulationResult } from "../types.js";
import { chartFigure, chartNote, legend } from "./chart-figure.js";
import { escapeHtml } from "./escape-html.js";
import { CATEGORY_COLOURS, categoryColour, OTHER_COLOUR } from "./palette.js";
import { type Bilingual, bilingualName, formatCount, LABELS } from "./report-labels.js";
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
const H = 320;
const M = { top: 16, right: 16, bottom: 48, left: 64 };

/** At most this many categories get their own colour; when there are more, the smallest share one. */
const MAX_CATEGORIES = 10;
const OTHER_ID = "other";
const OTHER_LABEL: Bilingual = { zh: "其他", en: "Other" };

/** A stack segment: one category, or several folded into "other". */
export interface CategoryGroup {
  id: string;
  name: Bilingual;
  /** The category ids it sums. */
  ids: string[];
  total: number;
  /** Set on the group of the smallest categories, "other". */
  folded?: true;
}

/**
 * The stack segments, largest first: every category of the result (then any id only the days
 * mention) when there are at most 10, else the 9 largest and "other" for the rest.
 */
export function categoryGroups(result: SimulationResult): CategoryGroup[] {
  const named = result.categories.map((c) => ({ id: c.id, name: bilingualName(c.name) }));
  const known = new Set(named.map((c) => c.id));
  const extra = [...new Set(result.daily.flatMap((d) => Object.keys(d.byCategory)))]
    .filter((id) => !known.has(id))
    .sort();
  const all = [...named, ...extra.map((id) => ({ id, name: { zh: id, en: id } }))].map((c) => ({
    ...c,
    ids: [c.id],
    total: result.daily.reduce((s, d) => s + (d.byCategory[c.id] ?? 0), 0),
  }));
  // Stable: equal totals keep the result's order.
  const sorted = all.map((c, i) => ({ c, i })).sort((a, b) => b.c.total - a.c.total || a.i - b.i);
  const groups = sorted.map((x) => x.c);
  if (groups.length <= MAX_CATEGORIES) return groups;
  const rest = groups.slice(MAX_CATEGORIES - 1);
  return [
    ...groups.slice(0, MAX_CATEGORIES - 1),
    {
      id: OTHER_ID,
      name: OTHER_LABEL,
      ids: rest.flatMap((g) => g.ids),
      total: rest.reduce((s, g) => s + g.total, 0),
      folded: true,
    },
  ];
}

function groupColour(group: CategoryGroup, i: number): string {
  return group.folded ? OTHER_COLOUR : categoryColour(i);
}

/** Chart 1: needs received per day, stacked by demand category. */
export function needsByCategoryChart(result: SimulationResult): string {
  const days = result.daily;
  const groups = categoryGroups(result);
  const countIn = (day: (typeof days)[number], g: CategoryGroup): number =>
    g.ids.reduce((s, id) => s + (day.byCategory[id] ?? 0), 0);
  const totals = days.map((d) => groups.reduce((s, g) => s + countIn(d, g), 0));
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
      title: LABELS.chartNeedsY,
      titleX: 16,
    }),
  ];
  const step = labelStep(days.length, 12);
  days.forEach((day, i) => {
    const x = M.left + i * band + (band - barWidth) / 2;
    let base = 0;
    groups.forEach((c, ci) => {
      const n = countIn(day, c);
      if (n <= 0) return;
      const top = y(base + n);
      const height = y(base) - top;
      base += n;
      parts.push(
        `<rect${attrs({
          class: "mark",
          x: px(x),
          y: px(top),
          width: px(barWidth),
          height: px(height),
          fill: groupColour(c, ci),
          "data-date": day.date,
          "data-category": c.id,
          "data-categories": c.folded ? c.ids.join(" ") : undefined,
          "data-value": n,
        })}>${markTitle({ zh: `${day.date} ${c.name.zh}：${n}`, en: `${day.date} ${c.name.en}: ${n}` })}</rect>`,
      );
    });
    if (i % step === 0)
      parts.push(
        `<text class="tick" x="${px(M.left + (i + 0.5) * band)}" y="${H - M.bottom + 16}" text-anchor="middle">${escapeHtml(shortDate(day.date))}</text>`,
      );
  });
  parts.push(
    `<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${px(y(0))}" y2="${px(y(0))}"/>`,
    svgText(
      LABELS.day,
      { x: px((M.left + W - M.right) / 2), y: H - 8, "text-anchor": "middle" },
      "axis-title",
    ),
  );
  const folded = groups.find((g) => g.folded);
  const names = new Map(categoryGroupsNames(result));
  const note = folded
    ? chartNote({
        zh: `其他：${folded.ids.map((id) => `${names.get(id)?.zh ?? id} ${countOf(result, id)}`).join("，")}`,
        en: `Other: ${folded.ids.map((id) => `${names.get(id)?.en ?? id} ${countOf(result, id)}`).join(", ")}`,
      })
    : "";
  return chartFigure({
    id: "needs-by-category",
    title: LABELS.chartNeeds,
    width: W,
    height: H,
    body: parts.join(""),
    after:
      legend(
        groups.map((g, i) => ({
          swatch: g === folded ? "other" : `c${i % CATEGORY_COLOURS.length}`,
          label: g.name,
          value: formatCount(g.total),
        })),
      ) + note,
  });
}

function categoryGroupsNames(result: SimulationResult): [string, Bilingual][] {
  return result.categories.map((c) => [c.id, bilingualName(c.name)]);
}

function countOf(result: SimulationResult, id: string): string {
  return formatCount(result.daily.reduce((s, d) => s + (d.byCategory[id] ?? 0), 0));
}
