import { type Issue, issue } from "../errors/issue.js";
import { LianxinError } from "../errors/lianxin-error.js";
import type { WorkCalendar } from "../model/policies.js";

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** The wall-clock reading of an instant in a calendar's time zone. */
export interface LocalParts {
  /** The local date, `YYYY-MM-DD`. */
  date: string;
  /** The year. */
  year: number;
  /** The month, 1 = January … 12 = December. */
  month: number;
  /** The day of the month, 1–31. */
  day: number;
  /** The hour, 0–23. */
  hour: number;
  /** The minute, 0–59. */
  minute: number;
  /** The second, 0–59. */
  second: number;
  /** The millisecond, 0–999. */
  millisecond: number;
  /** The ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

// ---------------------------------------------------------------------------------------------
// Day numbers: days since 1970-01-01 in the proleptic Gregorian calendar, free of time zones.

function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

function dayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (m !== null) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const t = new Date(utcMs(y, mo, d));
    if (t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d)
      return utcMs(y, mo, d) / DAY_MS;
  }
  throw new LianxinError("time.invalid-date", `not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
}

function dateOf(day: number): string {
  const t = new Date(day * DAY_MS);
  const y = t.getUTCFullYear();
  const year =
    y < 0
      ? `-${String(-y).padStart(6, "0")}`
      : y > 9999
        ? `+${String(y).padStart(6, "0")}`
        : String(y).padStart(4, "0");
  return `${year}-${String(t.getUTCMonth() + 1).padStart(2, "0")}-${String(t.getUTCDate()).padStart(2, "0")}`;
}

function weekdayOf(day: number): number {
  // Day 0, 1970-01-01, was a Thursday (ISO weekday 4).
  return (((((day % 7) + 7) % 7) + 3) % 7) + 1;
}

/** The date `n` calendar days after (`n` < 0: before) `date`, both `YYYY-MM-DD`. */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n))
    throw new LianxinError("time.invalid-argument", `not a whole number of days: ${n}`);
  return dateOf(dayNumber(date) + n);
}

/** The ISO weekday of a `YYYY-MM-DD` date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return weekdayOf(dayNumber(date));
}

// ---------------------------------------------------------------------------------------------
// Time zones, through Intl: correct for every IANA zone the runtime knows, DST included.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields [year, month, day, hour, minute, second] of whole-second instant `ms`, from Intl. */
function wallFieldsIntl(timeZone: string, ms: number): [number, number, number, number, number, number] {
  const out: [number, number, number, number, number, number] = [0, 1, 1, 0, 0, 0];
  let bc = false;
  for (const part of formatter(timeZone).formatToParts(ms)) {
    switch (part.type) {
      case "era":
        bc = /^B/i.test(part.value);
        break;
      case "year":
        out[0] = Number(part.value);
        break;
      case "month":
        out[1] = Number(part.value);
        break;
      case "day":
        out[2] = Number(part.value);
        break;
      case "hour":
        out[3] = Number(part.value) % 24;
        break;
      case "minute":
        out[4] = Number(part.value);
        break;
      case "second":
        out[5] = Number(part.value);
        break;
    }
  }
  if (bc) out[0] = 1 - out[0];
  return out;
}

/** The UTC offset (wall minus UTC, in ms) of `timeZone` at instant `ms`, from Intl. */
function offsetExact(timeZone: string, ms: number): number {
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  const [y, mo, d, h, mi, s] = wallFieldsIntl(timeZone, whole);
  return utcMs(y, mo, d, h, mi, s) - whole;
}

// Intl is slow; offsets change a few times a year at most. An offset is cached for a
// 15-minute slice of time only when it holds at both ends of the slice.
const SLICE_MS = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();

/** The UTC offset (wall minus UTC, in ms) of `timeZone` at instant `ms`. */
function offsetAt(timeZone: string, ms: number): number {
  const slice = Math.floor(ms / SLICE_MS);
  let zone = offsets.get(timeZone);
  if (zone === undefined) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const hit = zone.get(slice);
  if (hit !== undefined) return hit;
  const exact = offsetExact(timeZone, ms);
  const start = slice * SLICE_MS;
  if (offsetExact(timeZone, start) === exact && offsetExact(timeZone, start + SLICE_MS - 1_000) === exact) {
    if (zone.size >= 500_000) zone.clear();
    zone.set(slice, exact);
  }
  return exact;
}

/** Wall-clock fields [year, month, day, hour, minute, second] of whole-second instant `ms`. */
function wallFields(timeZone: string, ms: number): [number, number, number, number, number, number] {
  const t = new Date(ms + offsetAt(timeZone, ms));
  return [
    t.getUTCFullYear(),
    t.getUTCMonth() + 1,
    t.getUTCDate(),
    t.getUTCHours(),
    t.getUTCMinutes(),
    t.getUTCSeconds(),
  ];
}

/**
 * The instant at which the clocks of `timeZone` show the wall time `wall` (given as if it were
 * UTC). A wall time that occurs twice (DST ends) resolves to the earlier instant; one that is
 * skipped (DST starts) is read with the offset before the jump, so it lands as far after the gap's
 * start as it was meant to be (02:30 in a 02:00→03:00 gap becomes 03:30) — like Temporal's
 * "compatible" disambiguation.
 */
function wallToEpoch(timeZone: string, wall: number): number {
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  let best: number | undefined;
  for (const offset of before === after ? [before] : [before, after]) {
    const t = wall - offset;
    if (offsetAt(timeZone, t) === offset && (best === undefined || t < best)) best = t;
  }
  return best ?? wall - before;
}

function validInstant(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new LianxinError("time.invalid-timestamp", "not a valid Date");
  return ms;
}

function minutesOf(time: string): number {
  const m = TIME_RE.exec(time);
  if (m === null)
    throw new LianxinError("time.invalid-time", `not a time of day HH:MM: ${JSON.stringify(time)}`);
  return m[3] !== undefined ? 24 * 60 : Number(m[1]) * 60 + Number(m[2]);
}

// ---------------------------------------------------------------------------------------------

/**
 * A {@link WorkCalendar} made usable: which local dates are working days, the working hours of
 * each, and conversions between instants and the calendar's local dates and times.
 *
 * A date is a working day when it is not a holiday and it is either a workweek day or a make-up
 * working day (调休上班, usually a weekend day). A date listed both as a holiday and as a make-up
 * working day is a holiday. Dates are `YYYY-MM-DD` strings in the calendar's time zone.
 *
 * @example
 * const cal = new WorkingCalendar(WorkCalendarSchema.parse(json));
 * cal.isWorkingDay("2026-10-10"); // true: a Saturday, but a make-up working day
 * cal.addWorkingDays("2026-09-28", 3); // "2026-10-08"
 */
export class WorkingCalendar {
  /** The calendar's id. */
  readonly id: string;
  /** The IANA time zone in which dates and working hours are read. */
  readonly timeZone: string;
  /** The ISO weekdays that are worked (1 = Monday … 7 = Sunday). */
  readonly workweek: ReadonlySet<number>;
  /** The working hours of every working day, `HH:MM` local time; `end` may be `24:00`. */
  readonly workingHours: Readonly<{ start: string; end: string }>;
  /** The calendar this was built from. */
  readonly source: WorkCalendar;

  readonly #holidays: ReadonlySet<number>;
  readonly #makeup: ReadonlySet<number>;
  /** Days whose working status differs from the plain workweek, sorted, with +1 / -1. */
  readonly #exceptions: ReadonlyArray<readonly [day: number, delta: number]>;
  readonly #startMinutes: number;
  readonly #endMinutes: number;

  /**
   * Builds the calendar. Throws a {@link LianxinError} `time.invalid-calendar` when the time zone
   * is unknown, a date is not `YYYY-MM-DD`, a weekday is outside 1–7 or working hours do not end
   * after they start.
   */
  constructor(calendar: WorkCalendar) {
    const issues: Issue[] = [];
    const bad = (pointer: string, zh: string, en: string) =>
      issues.push(issue("time.invalid-calendar", pointer, zh, en));
    try {
      formatter(calendar.timeZone);
    } catch {
      bad("/timeZone", `未知的时区 ${calendar.timeZone}`, `unknown time zone ${calendar.timeZone}`);
    }
    for (const [i, d] of calendar.workweek.entries()) {
      if (!Number.isInteger(d) || d < 1 || d > 7) bad(`/workweek/${i}`, "工作日须为 1–7", "weekdays are 1–7");
    }
    if (calendar.workweek.length === 0)
      bad("/workweek", "至少需要一个工作日", "at least one weekday must be worked");
    let start = 0;
    let end = 0;
    try {
      start = minutesOf(calendar.workingHours.start);
      end = minutesOf(calendar.workingHours.end);
      if (end <= start) {
        bad("/workingHours", "下班时间须晚于上班时间", "working hours must end after they start");
      }
    } catch {
      bad("/workingHours", "工作时间须为 HH:MM", "working hours are HH:MM");
    }
    const days = (list: readonly { date: string }[], key: string) => {
      const out = new Set<number>();
      for (const [i, { date }] of list.entries()) {
        try {
          out.add(dayNumber(date));
        } catch {
          bad(`/${key}/${i}/date`, "日期须为 YYYY-MM-DD", "dates are YYYY-MM-DD");
        }
      }
      return out;
    };
    const holidays = days(calendar.holidays, "holidays");
    const makeup = days(calendar.makeupWorkdays, "makeupWorkdays");
    if (issues.length > 0) {
      throw new LianxinError("time.invalid-calendar", `calendar ${calendar.id} is not usable`, { issues });
    }
    this.id = calendar.id;
    this.timeZone = calendar.timeZone;
    this.workweek = new Set(calendar.workweek);
    this.workingHours = Object.freeze({ start: calendar.workingHours.start, end: calendar.workingHours.end });
    this.source = calendar;
    this.#holidays = holidays;
    this.#makeup = makeup;
    this.#startMinutes = start;
    this.#endMinutes = end;
    const exceptions: [number, number][] = [];
    for (const day of new Set([...holidays, ...makeup])) {
      const delta = (this.#isWorking(day) ? 1 : 0) - (this.workweek.has(weekdayOf(day)) ? 1 : 0);
      if (delta !== 0) exceptions.push([day, delta]);
    }
    this.#exceptions = exceptions.sort((a, b) => a[0] - b[0]);
  }

  #isWorking(day: number): boolean {
    if (this.#holidays.has(day)) return false;
    return this.#makeup.has(day) || this.workweek.has(weekdayOf(day));
  }

  /** True when `date` is listed as a public holiday. */
  isHoliday(date: string): boolean {
    return this.#holidays.has(dayNumber(date));
  }

  /** True when `date` is listed as a make-up working day (调休上班). */
  isMakeupWorkday(date: string): boolean {
    return this.#makeup.has(dayNumber(date));
  }

  /**
   * True when `date` is worked: a workweek day that is not a holiday, or a make-up working day
   * (even on a weekend) that is not also a holiday.
   */
  isWorkingDay(date: string): boolean {
    return this.#isWorking(dayNumber(date));
  }

  /**
   * `instant` as ISO 8601 with the calendar's local offset, such as `2026-10-09T09:30:00+08:00`
   * (milliseconds only when there are any): how Lianxin writes timestamps.
   */
  formatLocal(instant: Date): string {
    const ms = instant.getTime();
    const offset = offsetAt(this.timeZone, ms);
    const local = new Date(ms + offset).toISOString();
    const body = local.endsWith(".000Z") ? local.slice(0, 19) : local.slice(0, 23);
    const sign = offset < 0 ? "-" : "+";
    const minutes = Math.round(Math.abs(offset) / 60_000);
    const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
    const mm = String(minutes % 60).padStart(2, "0");
    return `${body}${sign}${hh}:${mm}`;
  }

  /** The local date, `YYYY-MM-DD`, of `instant` in the calendar's time zone. */
  localDate(instant: Date): string {
    return this.localParts(instant).date;
  }

  /** The wall-clock reading of `instant` in the calendar's time zone. */
  localParts(instant: Date): LocalParts {
    const ms = validInstant(instant);
    const millisecond = ((ms % 1000) + 1000) % 1000;
    const [year, month, day, hour, minute, second] = wallFields(this.timeZone, ms - millisecond);
    const dayNum = utcMs(year, month, day) / DAY_MS;
    return {
      date: dateOf(dayNum),
      year,
      month,
      day,
      hour,
      minute,
      second,
      millisecond,
      weekday: weekdayOf(dayNum),
    };
  }

  /**
   * The instant at which the calendar's clocks show `time` (`HH:MM`, `24:00` = the end of the day)
   * on `date`. A time skipped by a DST jump is moved forward by the jump (02:30 → 03:30); a time
   * that occurs twice is the first occurrence.
   */
  toInstant(date: string, time = "00:00"): Date {
    const minutes = minutesOf(time);
    return new Date(wallToEpoch(this.timeZone, dayNumber(date) * DAY_MS + minutes * 60_000));
  }

  /** The instant on `date` at the same local wall-clock time as `instant` (DST handled as in {@link toInstant}). */
  sameLocalTimeOn(instant: Date, date: string): Date {
    const p = this.localParts(instant);
    const wall = dayNumber(date) * DAY_MS + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000 + p.millisecond;
    return new Date(wallToEpoch(this.timeZone, wall));
  }

  /** The working hours of `date` as instants, or `undefined` when `date` is not a working day. */
  workingWindow(date: string): { start: Date; end: Date } | undefined {
    const day = dayNumber(date);
    if (!this.#isWorking(day)) return undefined;
    return {
      start: new Date(wallToEpoch(this.timeZone, day * DAY_MS + this.#startMinutes * 60_000)),
      end: new Date(wallToEpoch(this.timeZone, day * DAY_MS + this.#endMinutes * 60_000)),
    };
  }

  /** True when `instant` falls inside the working hours (start inclusive, end exclusive) of a working day. */
  isWorkingTime(instant: Date): boolean {
    const ms = validInstant(instant);
    const window = this.workingWindow(this.localDate(instant));
    return window !== undefined && window.start.getTime() <= ms && ms < window.end.getTime();
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    let day = dayNumber(date) + 1;
    while (!this.#isWorking(day)) day++;
    return dateOf(day);
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: string): string {
    let day = dayNumber(date) - 1;
    while (!this.#isWorking(day)) day--;
    return dateOf(day);
  }

  /**
   * The `n`-th working day after `date` (`date` itself is not counted, whether or not it is worked),
   * so `addWorkingDays(d, 1)` is {@link nextWorkingDay}. `n` = 0 returns `date`; `n` < 0 counts
   * back: the `|n|`-th working day before `date`. `n` must be a whole number.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n)) {
      throw new LianxinError("time.invalid-argument", `not a whole number of working days: ${n}`);
    }
    let day = dayNumber(date);
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; ) {
      day += step;
      if (this.#isWorking(day)) left--;
    }
    return dateOf(day);
  }

  /**
   * The number of working days in `(a, b]` — after `a`, up to and including `b` — so that
   * `workingDaysBetween(d, addWorkingDays(d, n)) === n` for n ≥ 0. Negative when `b` is before `a`
   * (minus the working days in `(b, a]`).
   */
  workingDaysBetween(a: string, b: string): number {
    const from = dayNumber(a);
    const to = dayNumber(b);
    if (to < from) return 0 - this.#countWorking(to, from); // never -0
    return this.#countWorking(from, to);
  }

  /** Working days in (from, to], from ≤ to. */
  #countWorking(from: number, to: number): number {
    const span = to - from;
    let count = Math.floor(span / 7) * this.workweek.size;
    for (let day = from + 1 + Math.floor(span / 7) * 7; day <= to; day++) {
      if (this.workweek.has(weekdayOf(day))) count++;
    }
    for (const [day, delta] of this.#exceptions) {
      if (day > to) break;
      if (day > from) count += delta;
    }
    return count;
  }
}
