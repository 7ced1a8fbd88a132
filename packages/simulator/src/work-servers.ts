import type { District, Resource } from "@lianxin/core";
import type { DayTable } from "./day-table.js";
import { hashFloat } from "./random.js";
import type { BehaviourModel } from "./types.js";

/** Someone who works orders: a resource (a person, an enterprise, ...) or a unit's staff. */
export interface Server {
  key: string;
  resource?: Resource;
  /** Orders per working day. */
  capacity: number;
  /** When the work already booked ends (epoch ms). */
  busyUntil: number;
}

/** How much a resource of each kind does in a day, relative to `dailyCapacity`. */
const KIND_FACTOR: Record<string, number> = {
  "grid-worker": 1,
  cadre: 1,
  "party-member": 0.5,
  volunteer: 0.5,
  enterprise: 3,
  "social-organisation": 2,
  venue: 2,
  fund: 4,
};
/** How many orders a unit's staff work in a day, relative to `dailyCapacity`, by level. */
const LEVEL_FACTOR: Record<string, number> = { grid: 1, community: 2, street: 3, district: 3, city: 3 };
const SEARCH_DAYS = 400;

/**
 * The people in the loop as queues: each works its orders one after another in its working hours
 * (the district calendar's working days, 08:30–17:30), at most its daily capacity, skipping days
 * it is off sick, on holiday or gone.
 */
export class WorkServers {
  readonly #servers = new Map<string, Server>();
  /** Resource id → the day it stops working for good (staff loss). */
  readonly gone = new Map<string, number>();
  /** Days of a holiday period. */
  readonly holidays = new Set<number>();

  constructor(
    private readonly district: District,
    private readonly days: DayTable,
    private readonly behaviour: BehaviourModel,
    private readonly seed: number,
  ) {}

  /** The server of an assignee. */
  get(assignee: { type: string; id: string }): Server {
    const key = `${assignee.type}:${assignee.id}`;
    let s = this.#servers.get(key);
    if (!s) {
      const resource = assignee.type === "resource" ? this.district.resources.get(assignee.id) : undefined;
      let capacity: number;
      if (resource) capacity = this.behaviour.dailyCapacity * (KIND_FACTOR[resource.kind] ?? 1);
      else {
        const unitCode =
          assignee.type === "department" ? (assignee.id.split("@")[1] ?? assignee.id) : assignee.id;
        const level = this.district.hierarchy.unit(unitCode)?.level ?? "street";
        capacity = this.behaviour.dailyCapacity * (LEVEL_FACTOR[level] ?? 2);
      }
      s = { key, ...(resource ? { resource } : {}), capacity: Math.max(0.5, capacity), busyUntil: 0 };
      this.#servers.set(key, s);
    }
    return s;
  }

  /** Gone for good on day `d` (staff loss). */
  isGone(s: Server, d: number): boolean {
    if (!s.resource) return false;
    const from = this.gone.get(s.resource.id);
    return from !== undefined && d >= from;
  }

  /** At work on day `d` (ignoring the working hours). */
  present(s: Server, d: number): boolean {
    if (!s.resource) return true;
    if (this.isGone(s, d)) return false;
    const id = s.resource.id;
    if (this.holidays.has(d) && hashFloat(this.seed, "holiday", id, d) < 0.7) return false;
    return !(hashFloat(this.seed, "sick", id, d) < this.behaviour.sickChance);
  }

  /** Orders per working day on day `d` (units keep a third of their staff on holidays). */
  capacityOn(s: Server, d: number): number {
    return !s.resource && this.holidays.has(d) ? Math.max(0.5, s.capacity * 0.3) : s.capacity;
  }

  /** The instant `ms` of working time after `t`, in the server's working hours; undefined when it never works again. */
  addWorking(s: Server, t: number, ms: number): number | undefined {
    let cur = t;
    let left = ms;
    const first = this.days.dayOf(t);
    for (let d = first; d < first + SEARCH_DAYS; d++) {
      const w = this.days.window(d);
      if (!w || !this.present(s, d)) continue;
      const from = Math.max(cur, w.start);
      if (from >= w.end) continue;
      if (from + left <= w.end) return from + left;
      left -= w.end - from;
      cur = w.end;
    }
    return undefined;
  }

  /** Books one order on the server's queue from `t`: when it will be done, or undefined when never. */
  book(s: Server, t: number): number | undefined {
    const from = Math.max(t, s.busyUntil);
    const d = this.days.dayOf(from);
    const w = this.days.window(d) ?? { start: 0, end: 9 * 3_600_000 };
    const service = (w.end - w.start) / this.capacityOn(s, d);
    const end = this.addWorking(s, from, service);
    if (end !== undefined) s.busyUntil = end;
    return end;
  }
}
