import type { District } from "../district/district.js";
import { distanceMeters } from "../geo/distance-meters.js";
import type { Position } from "../model/geo-json.js";
import type { Resource, ResourceKind } from "../model/resource.js";
import type { WorkingCalendar } from "../time/work-calendar.js";

/** What to look for: from a `match-resources` rule event, or the service item's defaults. */
export interface MatchCriteria {
  /** A resource needs all of these capabilities. */
  capabilities: readonly string[];
  /** Capabilities that raise the score when present. */
  preferred: readonly string[];
  kinds: readonly ResourceKind[];
  area: "grid" | "grid-and-neighbours" | "community" | "street" | "district";
  radiusMeters?: number;
  count: number;
  weights: { distance: number; load: number; continuity: number; skills: number; home: number };
}

/** One resource considered for a need, with its score and what became of it. */
export interface Candidate {
  resource: string;
  kind: ResourceKind;
  score: number;
  parts: { distance: number; load: number; continuity: number; skills: number; home: number };
  /** Remaining capacity in the period that counts. */
  remaining: number;
  period: string;
  capacity: number;
  status: "chosen" | "lower-score" | "full" | "closed" | "taken-meanwhile";
  distanceMeters?: number;
}

/** Default weights of the score parts. */
export const DEFAULT_WEIGHTS = { distance: 1, load: 1, continuity: 1, skills: 0.5, home: 0.5 } as const;

const DAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** The capacity period a resource's load is counted in at a moment: `open`, a date, or an ISO week. */
export function capacityPeriod(resource: Resource, calendar: WorkingCalendar, at: Date): string {
  if (resource.capacity.per === "concurrent") return "open";
  const date = calendar.localParts(at).date;
  if (resource.capacity.per === "day") return date;
  return isoWeek(date);
}

/** `YYYY-Www` of a date. */
export function isoWeek(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** True when the resource's weekly schedule is open at a moment (holidays closed unless it says open). */
export function scheduleOpen(resource: Resource, calendar: WorkingCalendar, at: Date): boolean {
  const p = calendar.localParts(at);
  if (resource.schedule.holidays !== "open" && calendar.isHoliday(p.date)) return false;
  const spans = resource.schedule[DAY_KEYS[p.weekday - 1]!];
  if (!spans) return false;
  const hm = `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
  return spans.some((s) => s.from <= hm && hm < s.to);
}

/**
 * Finds resources for a need: by capability, service area (the units a resource serves, or a
 * radius around its center), schedule and remaining capacity, and scores them. Built once per
 * district; indexes resources by the units they serve and by capability.
 */
export class ResourceMatcher {
  readonly #byUnit = new Map<string, Resource[]>();
  readonly #radius: Resource[] = [];
  readonly #subtrees = new Map<string, string[]>();

  constructor(
    private readonly district: District,
    private readonly calendar: WorkingCalendar,
  ) {
    for (const r of district.resources.values()) {
      if (r.status !== "active") continue;
      for (const u of r.area.units ?? []) {
        const list = this.#byUnit.get(u);
        if (list) list.push(r);
        else this.#byUnit.set(u, [r]);
      }
      if (r.area.center && r.area.radiusMeters !== undefined) this.#radius.push(r);
    }
  }

  #subtree(code: string): string[] {
    let list = this.#subtrees.get(code);
    if (!list) {
      list = this.district.hierarchy.subtree(code).map((u) => u.code);
      this.#subtrees.set(code, list);
    }
    return list;
  }

  /** The unit codes whose resources may serve a need placed at `unit`, for an area. */
  areaUnits(unit: string, area: MatchCriteria["area"]): string[] {
    const h = this.district.hierarchy;
    const path = h.path(unit).map((u) => u.code);
    const self = h.unit(unit);
    if (!self) return [];
    const codes = new Set(path);
    if (area === "grid-and-neighbours")
      for (const n of this.district.grids.get(unit)?.neighbours ?? []) codes.add(n);
    const level = area === "grid" || area === "grid-and-neighbours" ? undefined : area;
    const top = level === undefined ? (self.level === "grid" ? undefined : self) : h.ancestorAt(unit, level);
    if (top) for (const c of this.#subtree(top.code)) codes.add(c);
    return [...codes];
  }

  /**
   * Candidates for a need placed at `unit` (and `point`), with capacity loads from `loads`
   * (keyed `resource\u0000period`), sorted best first. Resources outside the area, lacking a
   * capability or of another kind are not listed; closed and full ones are, with that status.
   */
  async candidates(args: {
    unit: string;
    point: Position | undefined;
    criteria: MatchCriteria;
    at: Date;
    /** Reserved capacity of each (resource, period), as the store reports it. */
    loads: (keys: { resource: string; period: string }[]) => Promise<number[]>;
    servedBefore: ReadonlySet<string>;
    tags: readonly string[];
  }): Promise<Candidate[]> {
    const { criteria, at, point } = args;
    const seen = new Set<string>();
    const pool: Resource[] = [];
    const kinds = new Set(criteria.kinds);
    const fits = (r: Resource) =>
      kinds.has(r.kind) && criteria.capabilities.every((c) => r.capabilities.includes(c)) && !seen.has(r.id);
    for (const u of this.areaUnits(args.unit, criteria.area))
      for (const r of this.#byUnit.get(u) ?? [])
        if (fits(r)) {
          seen.add(r.id);
          pool.push(r);
        }
    const origin = point ?? this.district.hierarchy.unit(args.unit)?.center?.coordinates;
    if (origin)
      for (const r of this.#radius)
        if (fits(r) && distanceMeters(origin, r.area.center!.coordinates) <= r.area.radiusMeters!) {
          seen.add(r.id);
          pool.push(r);
        }
    const limit = criteria.radiusMeters;
    const near =
      limit === undefined || !origin
        ? pool
        : pool.filter((r) => !r.location || distanceMeters(origin, r.location.coordinates) <= limit);
    const periods = near.map((r) => capacityPeriod(r, this.calendar, at));
    const loads = await args.loads(near.map((r, i) => ({ resource: r.id, period: periods[i]! })));
    const w = criteria.weights;
    const wanted = new Set(args.tags);
    const out: Candidate[] = near.map((r, i) => {
      const period = periods[i]!;
      const load = loads[i] ?? 0;
      const remaining = r.capacity.max - load;
      const d = origin && r.location ? distanceMeters(origin, r.location.coordinates) : undefined;
      const parts = {
        distance: d === undefined ? 0.5 : 1 / (1 + d / 1_000),
        load: r.capacity.max > 0 ? Math.max(0, remaining) / r.capacity.max : 0,
        continuity: args.servedBefore.has(r.id) ? 1 : 0,
        skills:
          criteria.preferred.length === 0
            ? 0
            : criteria.preferred.filter((c) => r.capabilities.includes(c)).length /
                criteria.preferred.length +
              (r.skills.some((s) => wanted.has(s)) ? 0.5 : 0),
        home: r.home === args.unit || r.area.units?.[0] === args.unit ? 1 : 0,
      };
      const score =
        w.distance * parts.distance +
        w.load * parts.load +
        w.continuity * parts.continuity +
        w.skills * parts.skills +
        w.home * parts.home;
      const status: Candidate["status"] =
        remaining < 1 ? "full" : scheduleOpen(r, this.calendar, at) ? "lower-score" : "closed";
      return {
        resource: r.id,
        kind: r.kind,
        score: Math.round(score * 1_000) / 1_000,
        parts,
        remaining,
        period,
        capacity: r.capacity.max,
        status,
        ...(d === undefined ? {} : { distanceMeters: Math.round(d) }),
      };
    });
    const rank = { "lower-score": 0, closed: 1, full: 2, chosen: 0, "taken-meanwhile": 3 };
    out.sort(
      (a, b) => rank[a.status] - rank[b.status] || b.score - a.score || (a.resource < b.resource ? -1 : 1),
    );
    return out;
  }
}
