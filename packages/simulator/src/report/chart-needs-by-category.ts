import type { SimulationResult } from "../types.js";
import { chartFigure, chartNote, legend } from "./chart-figure.js";
import { CATEGORY_COLOURS, categoryColour, OTHER_COLOUR } from "./palette.js";
import { type Bilingual, bilingualName, formatCount, LABELS } from "./report-labels.js";
import { stackedDayBars } from "./stacked-day-bars.js";
import type { ChartFrame } from "./svg-kit.js";

const W = 760;
const H = 320;
const FRAME: ChartFrame = { width: W, height: H, margin: { top: 16, right: 16, bottom: 48, left: 64 } };

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
  const body = stackedDayBars({
    frame: FRAME,
    days,
    segments: (day) =>
      groups.map((g, i) => ({
        value: g.ids.reduce((s, id) => s + (day.byCategory[id] ?? 0), 0),
        fill: groupColour(g, i),
        name: g.name,
        data: { "data-category": g.id, "data-categories": g.folded ? g.ids.join(" ") : undefined },
      })),
    yTitle: LABELS.chartNeedsY,
    xTitle: LABELS.day,
  });
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
    body,
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
