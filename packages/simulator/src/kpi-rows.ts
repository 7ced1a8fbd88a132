import {
  addDays,
  computeKpis,
  type District,
  type Event,
  type StoredNeed,
  type StoredWorkOrder,
  type WorkingCalendar,
} from "@lianxin/core";
import { isoWeekdayOf } from "./demand.js";
import type { UnitKpis } from "./types.js";

/** The default KPI units: the root, every district/county and street, and the demonstration communities. */
export function defaultKpiUnits(district: District): string[] {
  const h = district.hierarchy;
  return [
    ...h.roots.map((u) => u.code),
    ...h.atLevel("district").map((u) => u.code),
    ...h.atLevel("street").map((u) => u.code),
    ...h
      .atLevel("community")
      .filter((u) => u.demonstration === true)
      .map((u) => u.code),
  ];
}

/** The periods of a run: `[label, firstDate, endDate)` with dates clipped to the run. */
export function runPeriods(
  start: string,
  days: number,
  period: "day" | "week" | "month",
): [string, string, string][] {
  const end = addDays(start, days);
  const out: [string, string, string][] = [];
  let label =
    period === "day"
      ? start
      : period === "week"
        ? addDays(start, 1 - isoWeekdayOf(start))
        : `${start.slice(0, 8)}01`;
  while (label < end) {
    const next =
      period === "day" ? addDays(label, 1) : period === "week" ? addDays(label, 7) : nextMonth(label);
    out.push([label, [label, start].sort()[1]!, [next, end].sort()[0]!]);
    label = next;
  }
  return out;
}

function nextMonth(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

/**
 * KPIs per unit: one `"total"` row over the run, then one per period. The input is partitioned
 * by scope first, so each unit's figures are computed over its own needs, their work orders and
 * events only.
 */
export function kpiRows(args: {
  district: District;
  calendar: WorkingCalendar;
  units: readonly string[];
  start: string;
  days: number;
  period: "day" | "week" | "month";
  needs: readonly StoredNeed[];
  workOrders: readonly StoredWorkOrder[];
  events: readonly Event[];
}): UnitKpis[] {
  const { district, calendar } = args;
  const h = district.hierarchy;
  const ordersByNeed = groupBy(args.workOrders, (o) => o.need);
  const eventsByNeed = groupBy(args.events, (e) => e.need);
  const needById = new Map(args.needs.map((n) => [n.id, n]));
  const stamp = (date: string) => calendar.formatLocal(calendar.toInstant(date));
  const end = addDays(args.start, args.days);
  const periods: [string, string, string][] = [
    ["total", args.start, end],
    ...runPeriods(args.start, args.days, args.period),
  ];
  const rows: UnitKpis[] = [];
  for (const code of args.units) {
    const unit = h.unit(code);
    if (!unit) continue;
    const scope = h
      .path(code)
      .map((u) => u.code)
      .join("/");
    const prefix = `${scope}/`;
    const within = (p: string) => p === scope || p.startsWith(prefix);
    const ids = new Set<string>();
    for (const n of args.needs) if (within(n.scope)) ids.add(n.id);
    for (const o of args.workOrders) if (within(o.scope)) ids.add(o.need);
    const needs: StoredNeed[] = [];
    const workOrders: StoredWorkOrder[] = [];
    const events: Event[] = [];
    for (const id of ids) {
      const n = needById.get(id);
      if (n) needs.push(n);
      workOrders.push(...(ordersByNeed.get(id) ?? []));
      for (const e of eventsByNeed.get(id) ?? []) events.push(e);
    }
    for (const [label, from, to] of periods) {
      const period = { from: stamp(from), to: stamp(to) };
      rows.push({
        unit: code,
        name: unit.name,
        level: unit.level,
        period: label,
        from: period.from,
        to: period.to,
        kpis: computeKpis({ needs, workOrders, events, period, scope }),
      });
    }
  }
  return rows;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
