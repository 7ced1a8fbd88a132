import type { NeedInput, NeedSource, WorkingCalendar } from "@lianxin/core";
import { BURST_CATEGORY, BURST_PHRASES, type CategorySpec, DEMAND_CATEGORIES } from "./demand-categories.js";
import type { Population } from "./population.js";
import type { Random } from "./random.js";
import type { DemandModel } from "./types.js";

/** A need to submit at `at` (epoch ms). */
export interface Arrival {
  at: number;
  category: string;
  input: NeedInput;
}

/** How a day's demand is changed by scenarios. */
export interface DayDemandEffects {
  /** Extra factor per category in `unit` (or everywhere when `unit` is absent). */
  surge?: { categories: ReadonlySet<string>; multiplier: number; unit?: string };
  /** A holiday: ×0.4 except urgent categories. */
  holiday: boolean;
}

/** Weekly rhythm, Monday first (mean 1). */
const WEEKDAY = [1.15, 1.08, 1.04, 1.0, 1.03, 0.88, 0.82] as const;
/** Hourly rhythm: most needs in working hours, some in the evening, few at night. */
const HOURS = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.5, 1.2, 2.6, 3.4, 3.3, 2.6, 1.6, 1.8, 2.9, 3.1, 2.8, 2.0, 1.3, 1.2, 1.0,
  0.8, 0.5, 0.3,
] as const;
const HOUR_WEIGHTS = HOURS.map((w, h) => [w, h] as const);
const SOURCES: readonly (readonly [number, NeedSource])[] = [
  [30, "home-visit"],
  [30, "hotline-12345"],
  [25, "app"],
  [15, "walk-in"],
];

/** Generates the needs of one day, in time order. */
export class DemandGenerator {
  /** The prefix of the externalIds being generated (`s<seed>-<date>-<category>-<part>`) and a counter. */
  #prefix = "";
  #counter = 0;

  constructor(
    private readonly population: Population,
    private readonly calendar: WorkingCalendar,
    private readonly model: DemandModel,
    private readonly seed: number,
  ) {}

  /**
   * The needs of the day starting at `dayStart` (epoch ms, local midnight), `date` `YYYY-MM-DD`.
   * Draws come from `rnd` (the day's demand stream), `surgeRnd` (the categories a surge strikes)
   * and `burstRnd` (bursts), so a scenario that changes some categories' rates does not reshuffle
   * the others'.
   */
  day(
    date: string,
    dayStart: number,
    effects: DayDemandEffects,
    rnd: Random,
    surgeRnd: Random,
    burstRnd: Random,
  ): Arrival[] {
    const month = Number(date.slice(5, 7)) - 1;
    const weekday = isoWeekdayOf(date) - 1;
    const out: Arrival[] = [];
    const pop = this.population;
    const day = date.replaceAll("-", "");
    const part = (name: string) => {
      this.#prefix = `s${this.seed}-${day}-${name}`;
      this.#counter = 0;
    };
    for (const cat of DEMAND_CATEGORIES) {
      part(cat.id);
      let rate = this.model.needsPerDay * cat.weight * WEEKDAY[weekday]! * cat.season[month]!;
      if (effects.holiday && !cat.urgent) rate *= 0.4;
      const surge = effects.surge?.categories.has(cat.id) ? effects.surge : undefined;
      if (!surge || pop.size === 0) {
        const n = rnd.poisson(rate);
        for (let k = 0; k < n; k++) out.push(this.#need(cat, dayStart, rnd, [0, pop.size], undefined));
        continue;
      }
      // The struck unit gets the full multiplier; elsewhere half of the extra.
      const [lo, hi] = surge.unit !== undefined ? pop.range(surge.unit) : [0, pop.size];
      const share = (hi - lo) / pop.size;
      const r = surgeRnd;
      const inside = r.poisson(rate * share * surge.multiplier);
      const outside =
        surge.unit !== undefined ? r.poisson(rate * (1 - share) * (1 + (surge.multiplier - 1) / 2)) : 0;
      part(`${cat.id}-surge`);
      for (let k = 0; k < inside; k++) out.push(this.#need(cat, dayStart, r, [lo, hi], undefined));
      for (let k = 0; k < outside; k++) out.push(this.#need(cat, dayStart, r, [0, pop.size], [lo, hi]));
    }
    part("burst");
    if (pop.size > 0 && burstRnd.bernoulli(this.model.burstChancePerDay))
      out.push(...this.#burst(dayStart, burstRnd));
    out.sort((a, b) => a.at - b.at);
    return out;
  }

  #time(dayStart: number, rnd: Random): number {
    const hour = rnd.weighted(HOUR_WEIGHTS);
    return dayStart + hour * 3_600_000 + Math.floor((rnd.next() * 3_600_000) / 1000) * 1000;
  }

  /** A member of `[lo, hi)` outside `skip`, weighted by vulnerability for personal needs. */
  #member(
    rnd: Random,
    range: readonly [number, number],
    skip: readonly [number, number] | undefined,
    personal: boolean,
  ): number {
    const [lo, hi] = range;
    const gap = skip ? skip[1] - skip[0] : 0;
    const span = hi - lo - gap;
    if (span <= 0) return lo;
    const draw = () => {
      let i = lo + Math.floor(rnd.next() * span);
      if (skip && i >= skip[0]) i += gap;
      return i;
    };
    if (!personal) return draw();
    for (let tries = 0; tries < 24; tries++) {
      const i = draw();
      if (rnd.next() * 6 < this.population.vulnerability(i)) return i;
    }
    return draw();
  }

  #need(
    cat: CategorySpec,
    dayStart: number,
    rnd: Random,
    range: readonly [number, number],
    skip: readonly [number, number] | undefined,
  ): Arrival {
    const at = this.#time(dayStart, rnd);
    const i = this.#member(rnd, range, skip, cat.personal);
    const [text, code] = rnd.pick(cat.phrases);
    const pop = this.population;
    let source = rnd.weighted(SOURCES);
    if (source === "walk-in" && !this.calendar.isWorkingTime(new Date(at))) source = "hotline-12345";
    const input: NeedInput = {
      source,
      externalId: `${this.#prefix}-${(this.#counter++).toString(36)}`,
      description: text,
      receivedAt: this.calendar.formatLocal(new Date(at)),
      ...(code !== null && rnd.bernoulli(0.25) ? { serviceCode: code } : {}),
    };
    // Personal needs name the resident; public ones mostly a place, sometimes the reporting resident.
    const withSubject = cat.personal || rnd.bernoulli(0.5);
    if (withSubject) input.subject = pop.id(i);
    const where = rnd.next();
    const location = pop.location(i);
    if ((!withSubject || where < 0.6) && location)
      input.location = { type: "Point", coordinates: [...location] };
    else if (where < 0.85) {
      const address = pop.addressCode(i);
      if (address !== undefined) input.addressCode = address;
    }
    return { at, category: cat.id, input };
  }

  /** A burst pipe or power cut in one community: 20–60 public needs within a few hours. */
  #burst(dayStart: number, rnd: Random): Arrival[] {
    const pop = this.population;
    const anchor = rnd.int(0, pop.size - 1);
    const community = pop.grid(anchor).parent;
    const range = community !== undefined ? pop.range(community) : pop.range(pop.grid(anchor).code);
    const n = rnd.int(20, 60);
    const startHour = rnd.int(6, 20);
    const out: Arrival[] = [];
    for (let k = 0; k < n; k++) {
      const at = dayStart + startHour * 3_600_000 + Math.floor(rnd.next() * 3 * 3_600) * 1000;
      const i = range[1] > range[0] ? rnd.int(range[0], range[1] - 1) : anchor;
      const [text, code] = rnd.pick(BURST_PHRASES);
      const location = pop.location(i);
      const input: NeedInput = {
        source: rnd.bernoulli(0.7) ? "hotline-12345" : "app",
        externalId: `${this.#prefix}-${(this.#counter++).toString(36)}`,
        description: text,
        receivedAt: this.calendar.formatLocal(new Date(at)),
        ...(code !== null && rnd.bernoulli(0.2) ? { serviceCode: code } : {}),
        ...(rnd.bernoulli(0.5) ? { subject: pop.id(i) } : {}),
        ...(location ? { location: { type: "Point", coordinates: [...location] } } : {}),
      };
      out.push({ at, category: BURST_CATEGORY, input });
    }
    return out;
  }
}

/** ISO weekday of a `YYYY-MM-DD` date: 1 Monday … 7 Sunday. */
export function isoWeekdayOf(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
