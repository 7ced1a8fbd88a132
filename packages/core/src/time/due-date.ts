import { LianxinError } from "../errors/lianxin-error.js";
import type { Duration } from "../model/common.js";
import type { DeadlinePolicy } from "../model/policies.js";
import { addDays, type WorkingCalendar } from "./work-calendar.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Options of {@link addDuration}. */
export interface AddDurationOptions {
  /**
   * Where `working-days` start counting. `"next-day"` (the default, as in practice: "13 working
   * days from the day after receipt") never counts the start's own date. `"same-day"` counts the
   * start's date as the first working day when it is one and the start is before its working hours
   * end.
   */
  workingDaysFrom?: "next-day" | "same-day";
}

function checked(start: Date, d: Duration): number {
  const ms = start instanceof Date ? start.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new LianxinError("time.invalid-timestamp", "not a valid Date");
  if (!Number.isFinite(d.amount) || d.amount < 0) {
    throw new LianxinError("time.invalid-duration", `not a usable duration amount: ${d.amount}`);
  }
  return ms;
}

function unknownUnit(unit: never): never {
  throw new LianxinError("time.invalid-duration", `unknown duration unit: ${String(unit)}`);
}

/**
 * The moment a duration `d` after `start` ends, on `calendar`:
 *
 * - `minutes`, `hours`: elapsed time (DST changes do not stretch or shrink them);
 * - `calendar-days`: the same local wall-clock time `n` local days later (23 or 25 h of elapsed
 *   time across a DST change; a fractional part is added as elapsed time, × 24 h);
 * - `working-days`: the END of working hours of the `n`-th working day after the start's local date
 *   ("from the day after receipt": Friday 16:00 + 3 → Wednesday at `workingHours.end`; a start on a
 *   holiday or weekend counts from the next working days alike). A fractional `n` is rounded up.
 *   See {@link AddDurationOptions.workingDaysFrom};
 * - `working-hours`: `n` hours of time inside working hours on working days, counted from `start`
 *   when it is inside working hours, else from the next start of working hours. When the time runs
 *   out exactly at the end of a day's working hours, that end is the result.
 *
 * An amount of 0 returns `start`. Throws a {@link LianxinError} on an invalid date or a negative
 * or non-finite amount.
 */
export function addDuration(
  calendar: WorkingCalendar,
  start: Date,
  d: Duration,
  options: AddDurationOptions = {},
): Date {
  const ms = checked(start, d);
  if (d.amount === 0) return new Date(ms);
  switch (d.unit) {
    case "minutes":
      return new Date(ms + d.amount * MINUTE_MS);
    case "hours":
      return new Date(ms + d.amount * HOUR_MS);
    case "calendar-days":
      return shiftCalendarDays(calendar, start, d.amount);
    case "working-days":
      return addWorkingDaysDue(calendar, start, Math.ceil(d.amount), options.workingDaysFrom ?? "next-day");
    case "working-hours":
      return addWorkingTime(calendar, ms, d.amount * HOUR_MS);
    default:
      return unknownUnit(d.unit);
  }
}

/**
 * The moment a duration `d` before `end`, on `calendar` — the reverse of {@link addDuration}, used
 * for reminders:
 *
 * - `minutes`, `hours`: elapsed time;
 * - `calendar-days`: the same local wall-clock time `n` local days earlier;
 * - `working-days`: the same place in the working day, `n` working days earlier: the same local
 *   wall-clock time on the `n`-th working day before `end`'s local date (the end of Wednesday's
 *   working hours, minus 1, is the end of Tuesday's). A time before opening or after closing counts
 *   as the opening or closing time, and a time on a day off as the close of the last working day
 *   before it, so the result is always within working hours. A fractional `n` is rounded up;
 * - `working-hours`: `n` hours of working time back from `end` (from the last end of working hours
 *   when `end` is outside them). When the time runs out exactly at the start of a day's working
 *   hours, that start is the result.
 *
 * The result is never after `end`. Throws like {@link addDuration}.
 */
export function subtractDuration(calendar: WorkingCalendar, end: Date, d: Duration): Date {
  const ms = checked(end, d);
  if (d.amount === 0) return new Date(ms);
  let out: number;
  switch (d.unit) {
    case "minutes":
      out = ms - d.amount * MINUTE_MS;
      break;
    case "hours":
      out = ms - d.amount * HOUR_MS;
      break;
    case "calendar-days":
      out = shiftCalendarDays(calendar, end, -d.amount).getTime();
      break;
    case "working-days":
      out = subtractWorkingDays(calendar, end, Math.ceil(d.amount));
      break;
    case "working-hours":
      out = subtractWorkingTime(calendar, ms, d.amount * HOUR_MS);
      break;
    default:
      return unknownUnit(d.unit);
  }
  return new Date(Math.min(out, ms));
}

function shiftCalendarDays(calendar: WorkingCalendar, from: Date, amount: number): Date {
  const whole = Math.trunc(amount);
  const rest = (amount - whole) * DAY_MS;
  const base = whole === 0 ? from : calendar.sameLocalTimeOn(from, addDays(calendar.localDate(from), whole));
  return new Date(base.getTime() + rest);
}

function addWorkingDaysDue(
  calendar: WorkingCalendar,
  start: Date,
  n: number,
  from: "next-day" | "same-day",
): Date {
  const date = calendar.localDate(start);
  if (from === "same-day") {
    const window = calendar.workingWindow(date);
    if (window !== undefined && start.getTime() < window.end.getTime()) {
      return calendar.toInstant(calendar.addWorkingDays(date, n - 1), calendar.workingHours.end);
    }
  }
  return calendar.toInstant(calendar.addWorkingDays(date, n), calendar.workingHours.end);
}

function subtractWorkingDays(calendar: WorkingCalendar, end: Date, n: number): number {
  const date = calendar.localDate(end);
  const window = calendar.workingWindow(date);
  const { start: opening, end: closing } = calendar.workingHours;
  if (window === undefined) {
    // Off work: the position is the close of the last working day.
    const last = calendar.previousWorkingDay(date);
    return calendar.toInstant(calendar.addWorkingDays(last, -n), closing).getTime();
  }
  const target = calendar.addWorkingDays(date, -n);
  const ms = end.getTime();
  if (ms <= window.start.getTime()) return calendar.toInstant(target, opening).getTime();
  if (ms >= window.end.getTime()) return calendar.toInstant(target, closing).getTime();
  return calendar.sameLocalTimeOn(end, target).getTime();
}

function addWorkingTime(calendar: WorkingCalendar, start: number, amount: number): Date {
  let remaining = amount;
  let date = calendar.localDate(new Date(start));
  if (!calendar.isWorkingDay(date)) date = calendar.nextWorkingDay(date);
  for (;;) {
    const window = calendar.workingWindow(date)!;
    const from = Math.max(start, window.start.getTime());
    const to = window.end.getTime();
    if (from < to) {
      if (remaining <= to - from) return new Date(from + remaining);
      remaining -= to - from;
    }
    date = calendar.nextWorkingDay(date);
  }
}

function subtractWorkingTime(calendar: WorkingCalendar, end: number, amount: number): number {
  let remaining = amount;
  let date = calendar.localDate(new Date(end));
  if (!calendar.isWorkingDay(date)) date = calendar.previousWorkingDay(date);
  for (;;) {
    const window = calendar.workingWindow(date)!;
    const to = Math.min(end, window.end.getTime());
    const from = window.start.getTime();
    if (from < to) {
      if (remaining <= to - from) return to - remaining;
      remaining -= to - from;
    }
    date = calendar.previousWorkingDay(date);
  }
}

/** The deadlines of one need or work order under a {@link DeadlinePolicy}. */
export interface DueDates {
  /** When it must be accepted (签收) by, when the policy sets a time to accept. */
  acceptBy?: Date;
  /** When the resident must first be contacted by, when the policy sets one. */
  firstContactBy?: Date;
  /** When it must be resolved (办结) by. */
  resolveBy: Date;
  /** When to remind (催办), ascending, without duplicates; never after `resolveBy`. */
  remindAt: Date[];
}

/** Options of {@link dueDates}. */
export interface DueDatesOptions extends AddDurationOptions {
  /**
   * What to do with a reminder that falls at or before the start (a short deadline with a long
   * reminder): `"drop"` it (the default) or `"keep"` it (a scheduler would fire it at once).
   */
  remindersBeforeStart?: "drop" | "keep";
}

/** The durations of a deadline policy that {@link dueDates} reads. */
export type DeadlineDurations = Pick<DeadlinePolicy, "accept" | "firstContact" | "resolve"> & {
  remindBefore?: readonly Duration[] | undefined;
};

/**
 * The deadlines of a need or work order received (or accepted) at `start` under `policy`: each
 * duration is added with {@link addDuration}; each reminder is `resolveBy` minus a `remindBefore`
 * duration, with {@link subtractDuration} (working units subtract on the calendar, others subtract
 * elapsed time). The policy's `calendar` id is not checked against `calendar`.
 */
export function dueDates(
  calendar: WorkingCalendar,
  start: Date,
  policy: DeadlineDurations,
  options: DueDatesOptions = {},
): DueDates {
  const add = (d: Duration) => addDuration(calendar, start, d, options);
  const resolveBy = add(policy.resolve);
  const times = new Set<number>();
  for (const before of policy.remindBefore ?? []) {
    const at = subtractDuration(calendar, resolveBy, before).getTime();
    if (options.remindersBeforeStart === "keep" || at > start.getTime()) times.add(at);
  }
  const out: DueDates = {
    resolveBy,
    remindAt: [...times].sort((a, b) => a - b).map((t) => new Date(t)),
  };
  if (policy.accept !== undefined) out.acceptBy = add(policy.accept);
  if (policy.firstContact !== undefined) out.firstContactBy = add(policy.firstContact);
  return out;
}

/**
 * When to call back (回访) after resolution: the start of working hours on the first working day
 * after the local date of `resolvedAt` ("回访 the day after 办结").
 */
export function followUpDate(calendar: WorkingCalendar, resolvedAt: Date): Date {
  const date = calendar.localDate(resolvedAt);
  return calendar.toInstant(calendar.nextWorkingDay(date), calendar.workingHours.start);
}
