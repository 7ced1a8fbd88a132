import { readFileSync } from "node:fs";
import { type DeadlinePolicy, type Duration, PoliciesSchema, WorkCalendarSchema } from "@lianxin/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDuration, dueDates, followUpDate, subtractDuration } from "../../src/time/due-date.js";
import { addDays, WorkingCalendar } from "../../src/time/work-calendar.js";

const POLICIES = new URL("../../../../examples/tongchuan/policies.json", import.meta.url);
const policies = PoliciesSchema.parse(JSON.parse(readFileSync(POLICIES, "utf8")));
const tongchuan = new WorkingCalendar(policies.calendars.find((c) => c.id === "cn-mainland")!);
const berlin = new WorkingCalendar(
  WorkCalendarSchema.parse({
    id: "berlin",
    name: { zh: "柏林" },
    timeZone: "Europe/Berlin",
    workweek: [1, 2, 3, 4, 5, 6],
    workingHours: { start: "01:30", end: "03:30" }, // straddles the 02:00–03:00 DST changes
    holidays: [{ date: "2026-03-28" }, { date: "2026-12-25" }],
    makeupWorkdays: [{ date: "2026-03-29" }, { date: "2026-10-25" }],
  }),
);
// Short names in counterexamples instead of whole calendars.
for (const [name, cal] of Object.entries({ tongchuan, berlin })) {
  Object.defineProperty(cal, fc.toStringMethod, { value: () => name });
}
const calendars = fc.constantFrom(tongchuan, berlin);

const DAY_MS = 86_400_000;
const FIRST = Date.parse("2024-12-01T00:00:00Z");
const LAST = Date.parse("2027-02-01T00:00:00Z");

/** Dates around and across the 2025–2026 holiday data (and DST changes). */
const dates = fc
  .integer({ min: 0, max: Math.floor((LAST - FIRST) / DAY_MS) })
  .map((n) => addDays("2024-12-01", n));
/** Instants in the same range, at minute or millisecond resolution. */
const instants = fc.oneof(
  fc.integer({ min: FIRST / 60_000, max: LAST / 60_000 }).map((m) => new Date(m * 60_000)),
  fc.integer({ min: FIRST, max: LAST }).map((ms) => new Date(ms)),
);
const units = fc.constantFrom<Duration["unit"]>(
  "minutes",
  "hours",
  "working-hours",
  "working-days",
  "calendar-days",
);
const amounts = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0.01, max: 40, noNaN: true }));
const durations = fc.record({ amount: amounts, unit: units });

function naiveCount(cal: WorkingCalendar, a: string, b: string): number {
  let count = 0;
  const [from, to, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (cal.isWorkingDay(d)) count++;
  return count === 0 ? 0 : sign * count;
}

describe("working-day arithmetic properties", () => {
  it("the next and previous working days are working days, with none in between", () => {
    fc.assert(
      fc.property(calendars, dates, (cal, d) => {
        const next = cal.nextWorkingDay(d);
        const previous = cal.previousWorkingDay(d);
        expect(cal.isWorkingDay(next)).toBe(true);
        expect(cal.isWorkingDay(previous)).toBe(true);
        expect(next > d && previous < d).toBe(true);
        expect(cal.workingDaysBetween(d, next)).toBe(1);
      }),
    );
  });

  it("addWorkingDays(d, n ≥ 1) lands on a working day, n working days later", () => {
    fc.assert(
      fc.property(calendars, dates, fc.integer({ min: 0, max: 60 }), (cal, d, n) => {
        const later = cal.addWorkingDays(d, n);
        if (n >= 1) expect(cal.isWorkingDay(later)).toBe(true);
        expect(cal.workingDaysBetween(d, later)).toBe(n);
        const earlier = cal.addWorkingDays(d, -n);
        if (n >= 1) expect(cal.isWorkingDay(earlier)).toBe(true);
      }),
    );
  });

  it("workingDaysBetween agrees with counting day by day, and is antisymmetric", () => {
    fc.assert(
      fc.property(calendars, dates, dates, (cal, a, b) => {
        expect(cal.workingDaysBetween(a, b)).toBe(naiveCount(cal, a, b));
        expect(cal.workingDaysBetween(b, a)).toBe(0 - cal.workingDaysBetween(a, b));
      }),
      { numRuns: 200 },
    );
  });

  it("local dates and times round-trip through toInstant", () => {
    fc.assert(
      fc.property(calendars, instants, (cal, instant) => {
        const p = cal.localParts(instant);
        const hhmm = `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
        const back = cal.toInstant(p.date, hhmm);
        const floor = instant.getTime() - p.second * 1000 - p.millisecond;
        // Equal, except in the repeated hour of autumn, where toInstant picks the first occurrence.
        if (back.getTime() !== floor) expect(floor - back.getTime()).toBe(3_600_000);
        expect(cal.localParts(back)).toMatchObject({ date: p.date, hour: p.hour, minute: p.minute });
      }),
      { numRuns: 300 },
    );
  });
});

describe("due-date properties", () => {
  it("a due date is never before its start", () => {
    fc.assert(
      fc.property(calendars, instants, durations, (cal, start, d) => {
        expect(addDuration(cal, start, d).getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(subtractDuration(cal, start, d).getTime()).toBeLessThanOrEqual(start.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it("is monotonic in the amount", () => {
    fc.assert(
      fc.property(calendars, instants, units, amounts, amounts, (cal, start, unit, x, y) => {
        const [small, big] = x <= y ? [x, y] : [y, x];
        const a = addDuration(cal, start, { amount: small, unit });
        const b = addDuration(cal, start, { amount: big, unit });
        expect(a.getTime()).toBeLessThanOrEqual(b.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it("is monotonic in the start", () => {
    fc.assert(
      fc.property(calendars, instants, instants, durations, (cal, x, y, d) => {
        const [early, late] = x <= y ? [x, y] : [y, x];
        expect(addDuration(cal, early, d).getTime()).toBeLessThanOrEqual(addDuration(cal, late, d).getTime());
      }),
      { numRuns: 300 },
    );
  });

  it("working days end at the close of a working day, that many working days after the start's date", () => {
    fc.assert(
      fc.property(calendars, instants, fc.integer({ min: 1, max: 30 }), (cal, start, n) => {
        const due = addDuration(cal, start, { amount: n, unit: "working-days" });
        const day = cal.localDate(due);
        expect(cal.isWorkingDay(day)).toBe(true);
        expect(due).toEqual(cal.workingWindow(day)!.end);
        expect(cal.workingDaysBetween(cal.localDate(start), day)).toBe(n);
      }),
    );
  });

  it("working hours end within working hours, and subtracting them comes back", () => {
    fc.assert(
      fc.property(calendars, instants, fc.integer({ min: 1, max: 6_000 }), (cal, start, minutes) => {
        const d: Duration = { amount: minutes / 60, unit: "working-hours" };
        const due = addDuration(cal, start, d);
        const window = cal.workingWindow(cal.localDate(due));
        expect(window).toBeDefined();
        expect(due.getTime()).toBeGreaterThan(window!.start.getTime());
        expect(due.getTime()).toBeLessThanOrEqual(window!.end.getTime());
        if (
          cal.isWorkingTime(start) &&
          start.getTime() !== cal.workingWindow(cal.localDate(start))!.start.getTime()
        ) {
          expect(Math.abs(subtractDuration(cal, due, d).getTime() - start.getTime())).toBeLessThan(2);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("reminders fall between the start and the resolution deadline, in order", () => {
    const policy = fc.record({
      resolve: durations,
      remindBefore: fc.array(durations, { maxLength: 5 }),
    });
    fc.assert(
      fc.property(calendars, instants, policy, (cal, start, p) => {
        const due = dueDates(cal, start, p);
        const kept = dueDates(cal, start, p, { remindersBeforeStart: "keep" });
        for (const r of kept.remindAt) expect(r.getTime()).toBeLessThanOrEqual(due.resolveBy.getTime());
        for (const r of due.remindAt) expect(r.getTime()).toBeGreaterThan(start.getTime());
        const times = kept.remindAt.map((r) => r.getTime());
        expect(times).toEqual([...new Set(times)].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it("every Tongchuan policy gives deadlines in order of the policy's durations", () => {
    fc.assert(
      fc.property(fc.constantFrom<DeadlinePolicy>(...policies.deadlines), instants, (p, start) => {
        const due = dueDates(tongchuan, start, p);
        expect(due.acceptBy!.getTime()).toBeLessThanOrEqual(due.firstContactBy!.getTime());
        expect(due.firstContactBy!.getTime()).toBeLessThanOrEqual(due.resolveBy.getTime());
        expect(due.remindAt.length).toBeLessThanOrEqual(p.remindBefore.length);
      }),
    );
  });

  it("the follow-up is at opening time on the first working day after the resolution's date", () => {
    fc.assert(
      fc.property(calendars, instants, (cal, resolved) => {
        const follow = followUpDate(cal, resolved);
        const day = cal.localDate(follow);
        expect(follow).toEqual(cal.workingWindow(day)!.start);
        expect(follow.getTime()).toBeGreaterThan(resolved.getTime());
        expect(cal.workingDaysBetween(cal.localDate(resolved), day)).toBe(1);
      }),
    );
  });
});
