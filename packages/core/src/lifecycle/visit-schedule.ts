import { LianxinError } from "../errors/lianxin-error.js";
import type { VisitPlan } from "../model/policies.js";
import type { Resident } from "../model/resident.js";
import type { WorkingCalendar } from "../time/work-calendar.js";
import { stableHash } from "./stable-hash.js";

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date the visit cycles start from when no `anchor` is given: Monday 5 January 2026. */
export const DEFAULT_VISIT_ANCHOR = "2026-01-05";

/** One planned visit of a resident under a {@link VisitPlan}. */
export interface VisitOccurrence {
  /** The visit plan's id. */
  plan: string;
  /** The resident's id. */
  resident: string;
  /** The resident's grid, when the resident has one. */
  grid?: string;
  /** The day of the visit, `YYYY-MM-DD`: always a working day of the plan's calendar. */
  date: string;
  /** The cycle's nominal date, `YYYY-MM-DD`: where the visit would fall were it a working day. */
  scheduledFor: string;
  /** True when the visit was moved off a non-working nominal date (`date` ≠ `scheduledFor`). */
  moved: boolean;
}

/** Arguments of {@link scheduleVisits}. */
export interface ScheduleVisitsArgs {
  /** The visit plans. Plan ids must be unique. */
  plans: readonly VisitPlan[];
  /** The residents. Read once; resident ids must be unique. */
  residents: Iterable<Resident>;
  /** The working calendar of a plan's `calendar` id. */
  calendars: (id: string) => WorkingCalendar;
  /** The first day of the period, `YYYY-MM-DD`, inclusive. */
  from: string;
  /** The day after the period, `YYYY-MM-DD`, exclusive. */
  to: string;
  /** The date the cycles are counted from, `YYYY-MM-DD`; default {@link DEFAULT_VISIT_ANCHOR}. */
  anchor?: string;
}

/** Arguments of {@link visitCycle}. */
export interface VisitCycleArgs {
  /** The plan (only its `every` is read). */
  plan: Pick<VisitPlan, "every">;
  /** The resident's id. */
  resident: string;
  /** Any date, `YYYY-MM-DD`. */
  date: string;
  /** As in {@link ScheduleVisitsArgs.anchor}. */
  anchor?: string;
}

/** A cycle of a plan for one resident: the days from its nominal date up to the next cycle's. */
export interface VisitCycle {
  /** The cycle's nominal date, `YYYY-MM-DD` (the `scheduledFor` of its visit), inclusive. */
  start: string;
  /** The next cycle's nominal date, `YYYY-MM-DD`, exclusive. */
  end: string;
}

// ---------------------------------------------------------------------------------------------
// Day numbers (days since 1970-01-01) and month numbers (year × 12 + month − 1), free of time zones.

function utcDay(y: number, mo: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  return Math.round(t.getTime() / DAY_MS);
}

function toDay(date: string, what: string): number {
  const m = typeof date === "string" ? DATE_RE.exec(date) : null;
  if (m !== null) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y * 12 + mo - 1)) return utcDay(y, mo, d);
  }
  throw new LianxinError(
    "time.invalid-date",
    `${what} is not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`,
  );
}

function dateOf(day: number): string {
  const t = new Date(day * DAY_MS);
  const y = String(t.getUTCFullYear()).padStart(4, "0");
  return `${y}-${String(t.getUTCMonth() + 1).padStart(2, "0")}-${String(t.getUTCDate()).padStart(2, "0")}`;
}

function monthOf(day: number): number {
  const t = new Date(day * DAY_MS);
  return t.getUTCFullYear() * 12 + t.getUTCMonth();
}

function dayOfMonth(day: number): number {
  return new Date(day * DAY_MS).getUTCDate();
}

function daysInMonth(month: number): number {
  const y = Math.floor(month / 12);
  const mo = month - y * 12 + 1;
  return utcDay(y, mo + 1, 1) - utcDay(y, mo, 1);
}

/** The day `dom` (clamped to the month's last day) of month number `month`. */
function dayIn(month: number, dom: number): number {
  const y = Math.floor(month / 12);
  return utcDay(y, month - y * 12 + 1, Math.min(dom, daysInMonth(month)));
}

// ---------------------------------------------------------------------------------------------

/** The cycles of one plan for one resident, as day numbers. */
interface Cycles {
  /** The nominal date of cycle `k` (any integer; cycle 0 is the first on or after the anchor). */
  nominal(k: number): number;
  /** The cycle `k` with `nominal(k) ≤ day < nominal(k + 1)`. */
  indexOf(day: number): number;
}

function cyclesOf(every: VisitPlan["every"], resident: string, anchorDay: number): Cycles {
  const { amount, unit } = every;
  if (!Number.isSafeInteger(amount) || amount < 1) {
    throw new LianxinError("visit.invalid-plan", `not a usable visit interval: ${String(amount)} ${unit}`);
  }
  const hash = stableHash(resident);
  if (unit === "days" || unit === "weeks") {
    const length = unit === "weeks" ? amount * 7 : amount;
    const base = anchorDay + (hash % length);
    return {
      nominal: (k) => base + k * length,
      indexOf: (day) => Math.floor((day - base) / length),
    };
  }
  if (unit === "months") {
    const anchorMonth = monthOf(anchorDay);
    const length = dayIn(anchorMonth + amount, dayOfMonth(anchorDay)) - anchorDay;
    const base = anchorDay + (hash % length);
    const baseMonth = monthOf(base);
    const dom = dayOfMonth(base);
    const nominal = (k: number) => dayIn(baseMonth + k * amount, dom);
    return {
      nominal,
      indexOf: (day) => {
        const k = Math.floor((monthOf(day) - baseMonth) / amount);
        return nominal(k) > day ? k - 1 : k;
      },
    };
  }
  throw new LianxinError("visit.invalid-plan", `unknown visit interval unit: ${String(unit)}`);
}

/**
 * The cycle of `plan` for `resident` that contains `date`: from its nominal date (inclusive) to the
 * next cycle's nominal date (exclusive). See {@link scheduleVisits} for how cycles are laid out.
 * The engine can use it to tell which cycle a visit, planned or ad hoc, counts for.
 */
export function visitCycle(args: VisitCycleArgs): VisitCycle {
  const cycles = cyclesOf(
    args.plan.every,
    args.resident,
    toDay(args.anchor ?? DEFAULT_VISIT_ANCHOR, "anchor"),
  );
  const k = cycles.indexOf(toDay(args.date, "date"));
  return { start: dateOf(cycles.nominal(k)), end: dateOf(cycles.nominal(k + 1)) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The visits that the visit plans (大走访, 未诉先办) call for with a `date` in `[from, to)`.
 *
 * - **Who.** A resident is visited under a plan when the resident has *all* of the plan's tags.
 *   A resident who matches several plans gets the visits of each plan, separately (one occurrence
 *   per plan; the engine may merge same-day visits). Residents lacking a tag get nothing.
 * - **Cycles.** Each plan repeats every `every.amount` days, weeks or months. The cycles are
 *   counted from `anchor` (default {@link DEFAULT_VISIT_ANCHOR}, a Monday) shifted by a stable
 *   per-resident offset: a hash of the resident's id modulo the cycle length in days. So one grid
 *   worker's visits spread over the week instead of all falling on Monday, and a resident keeps the
 *   same weekday from week to week and across weekly and fortnightly plans (the offset depends on
 *   the resident only). For `days` and `weeks` the nominal dates are `anchor + offset + k × length`
 *   (k any integer, so dates before the anchor have cycles too). For `months` the offset is taken
 *   modulo the length of the anchor's first cycle (`anchor` to `anchor` + `amount` months); the
 *   resulting date's day of the month is then kept every `amount` months, clamped to the month's
 *   end (a resident on the 31st is visited on 28/29 February, 30 April, ...).
 *   A cycle runs from its nominal date up to, not including, the next cycle's.
 * - **Holidays.** When the nominal date is a working day of the plan's calendar the visit is on it.
 *   When it is not (weekend, public holiday): `skip` drops that cycle's visit; `next-working-day`
 *   moves it to the next working day (`moved: true`) — unless that day is on or after the next
 *   cycle's nominal date, in which case the visit is dropped too: never two visits in one cycle.
 *   Make-up working days (调休上班) are working days, so a visit can fall on such a Saturday.
 * - **Period.** An occurrence is returned when its (possibly moved) `date` is in `[from, to)`,
 *   so consecutive periods `[a, b)`, `[b, c)` together return exactly the visits of `[a, c)`;
 *   `scheduledFor` may lie before `from`. `from` = `to` returns nothing.
 * - **Order.** Sorted by `date`, then plan id, then resident id (code-unit order); the result
 *   depends on the arguments only, not on the order of `residents` or `plans`.
 *
 * Together with {@link visitKey} this makes generation idempotent: scheduling a period again gives
 * the same keys. Throws a {@link LianxinError} on an invalid date (`time.invalid-date`), `to`
 * before `from` (`visit.invalid-range`), duplicate plan or resident ids (`visit.duplicate-plan`,
 * `visit.duplicate-resident`), an unusable interval (`visit.invalid-plan`) or a calendar the
 * resolver does not return (`visit.unknown-calendar`).
 *
 * @example
 * const visits = scheduleVisits({
 *   plans: policies.visitPlans,
 *   residents,
 *   calendars: (id) => calendarsById.get(id)!,
 *   from: "2026-10-01",
 *   to: "2026-11-01",
 * });
 */
export function scheduleVisits(args: ScheduleVisitsArgs): VisitOccurrence[] {
  const anchorDay = toDay(args.anchor ?? DEFAULT_VISIT_ANCHOR, "anchor");
  const fromDay = toDay(args.from, "from");
  const toDayExcl = toDay(args.to, "to");
  if (toDayExcl < fromDay) {
    throw new LianxinError("visit.invalid-range", `to (${args.to}) is before from (${args.from})`);
  }
  const planIds = new Set<string>();
  for (const plan of args.plans) {
    if (planIds.has(plan.id))
      throw new LianxinError("visit.duplicate-plan", `duplicate visit plan ${plan.id}`);
    planIds.add(plan.id);
  }
  const residents: { resident: Resident; tags: ReadonlySet<string> }[] = [];
  const residentIds = new Set<string>();
  for (const resident of args.residents) {
    if (residentIds.has(resident.id)) {
      throw new LianxinError("visit.duplicate-resident", `duplicate resident ${resident.id}`);
    }
    residentIds.add(resident.id);
    residents.push({ resident, tags: new Set(resident.tags) });
  }
  const out: VisitOccurrence[] = [];
  if (toDayExcl === fromDay) return out;

  for (const plan of args.plans) {
    const matching = residents.filter(({ tags }) => plan.tags.every((t) => tags.has(t)));
    if (matching.length === 0) continue;
    const calendar = args.calendars(plan.calendar) as WorkingCalendar | undefined;
    if (calendar === undefined) {
      throw new LianxinError(
        "visit.unknown-calendar",
        `no calendar ${plan.calendar} for visit plan ${plan.id}`,
      );
    }
    const working = (day: number) => calendar.isWorkingDay(dateOf(day));
    for (const { resident } of matching) {
      const cycles = cyclesOf(plan.every, resident.id, anchorDay);
      const last = cycles.indexOf(toDayExcl - 1);
      for (let k = cycles.indexOf(fromDay); k <= last; k++) {
        const nominal = cycles.nominal(k);
        const next = cycles.nominal(k + 1);
        let day: number | undefined;
        if (working(nominal)) day = nominal;
        else if (plan.onHoliday === "next-working-day") {
          for (let d = nominal + 1; d < next; d++) {
            if (working(d)) {
              day = d;
              break;
            }
          }
        }
        if (day === undefined || day < fromDay || day >= toDayExcl) continue;
        const occurrence: VisitOccurrence = {
          plan: plan.id,
          resident: resident.id,
          date: dateOf(day),
          scheduledFor: dateOf(nominal),
          moved: day !== nominal,
        };
        if (resident.grid !== undefined) occurrence.grid = resident.grid;
        out.push(occurrence);
      }
    }
  }
  return out.sort(
    (a, b) => compare(a.date, b.date) || compare(a.plan, b.plan) || compare(a.resident, b.resident),
  );
}

/**
 * The idempotency key of a visit, `${plan}:${resident}:${scheduledFor}`: the same cycle of the same
 * plan for the same resident always has the same key, whether or not the visit was moved, so the
 * engine can use it as the `externalId` of the proactive need or work order and generating a
 * period twice creates nothing twice. Unique within a {@link scheduleVisits} result as long as plan
 * ids contain no `:` (ids may, and `a:b` + `c` reads like `a` + `b:c`). The key is at most 128
 * characters (the limit of `externalId`) when the plan and resident ids together are at most 116.
 */
export function visitKey(o: Pick<VisitOccurrence, "plan" | "resident" | "scheduledFor">): string {
  return `${o.plan}:${o.resident}:${o.scheduledFor}`;
}
