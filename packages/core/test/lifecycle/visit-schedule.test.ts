import { readFileSync } from "node:fs";
import {
  LianxinError,
  PoliciesSchema,
  type Resident,
  ResidentSchema,
  type VisitPlan,
  VisitPlanSchema,
  WorkCalendarSchema,
} from "@lianxin/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  scheduleVisits,
  type VisitOccurrence,
  visitCycle,
  visitKey,
} from "../../src/lifecycle/visit-schedule.js";
import { addDays, isoWeekday, WorkingCalendar } from "../../src/time/work-calendar.js";

const EXAMPLE = new URL("../../../../examples/tongchuan/", import.meta.url);
const policies = PoliciesSchema.parse(JSON.parse(readFileSync(new URL("policies.json", EXAMPLE), "utf8")));
const residents: Resident[] = (
  JSON.parse(readFileSync(new URL("residents.json", EXAMPLE), "utf8")) as { residents: unknown[] }
).residents.map((r) => ResidentSchema.parse(r));
const byId = new Map(residents.map((r) => [r.id, r]));
const tongchuan = new WorkingCalendar(policies.calendars.find((c) => c.id === "cn-mainland")!);
const calendars = (id: string) => {
  if (id !== tongchuan.id) throw new Error(`no calendar ${id}`);
  return tongchuan;
};

function plan(id: string): VisitPlan {
  return policies.visitPlans.find((p) => p.id === id)!;
}
const weekly = plan("visit-elderly-living-alone");
const fortnightly = plan("visit-disabled");
const monthly = plan("visit-subsistence-allowance");

const OCTOBER = { from: "2026-10-01", to: "2026-11-01" } as const;
/** The National Day holiday, 1–7 October 2026. */
const NATIONAL_DAY = Array.from({ length: 7 }, (_, i) => addDays("2026-10-01", i));

function resident(id: string): Resident {
  return byId.get(id)!;
}

/** The visits of one resident: date, nominal date, moved. */
function visitsOf(list: VisitOccurrence[], id: string, planId?: string): [string, string, boolean][] {
  return list
    .filter((o) => o.resident === id && (planId === undefined || o.plan === planId))
    .map((o) => [o.date, o.scheduledFor, o.moved]);
}

/** The first working day in `[start, end)`, by brute force. */
function firstWorkingDay(cal: WorkingCalendar, start: string, end: string): string | undefined {
  for (let d = start; d < end; d = addDays(d, 1)) if (cal.isWorkingDay(d)) return d;
  return undefined;
}

function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return LianxinError.is(error) ? error.code : "not a LianxinError";
  }
  return undefined;
}

describe("weekly visits for a resident living alone (Tongchuan, October 2026)", () => {
  const october = scheduleVisits({ plans: [weekly], residents, calendars, ...OCTOBER });

  it("visits 孙桂芝 (living alone, aged 80+) once a week, the National Day visit moved to 8 October", () => {
    // Her cycles start on Wednesdays; 7 October is the last day of the National Day holiday.
    expect(visitsOf(october, "res-lingde-0001")).toEqual([
      ["2026-10-08", "2026-10-07", true],
      ["2026-10-14", "2026-10-14", false],
      ["2026-10-21", "2026-10-21", false],
      ["2026-10-28", "2026-10-28", false],
    ]);
    const first = october.find((o) => o.resident === "res-lingde-0001")!;
    expect(first).toEqual({
      plan: "visit-elderly-living-alone",
      resident: "res-lingde-0001",
      grid: "610204001003-007",
      date: "2026-10-08",
      scheduledFor: "2026-10-07",
      moved: true,
    });
    expect(visitKey(first)).toBe("visit-elderly-living-alone:res-lingde-0001:2026-10-07");
  });

  it("gives every eligible resident exactly one visit per cycle, none on a holiday, moved ones flagged", () => {
    const eligible = residents.filter(
      (r) => r.tags.includes("living-alone") && r.tags.includes("aged-80-plus"),
    );
    expect(eligible.length).toBeGreaterThan(100);
    expect(new Set(october.map((o) => o.resident))).toEqual(new Set(eligible.map((r) => r.id)));
    for (const o of october) {
      expect(tongchuan.isWorkingDay(o.date)).toBe(true);
      expect(NATIONAL_DAY).not.toContain(o.date);
      expect(o.moved).toBe(!tongchuan.isWorkingDay(o.scheduledFor));
      expect(o.moved).toBe(o.date !== o.scheduledFor);
    }
    for (const r of eligible) {
      const mine = october.filter((o) => o.resident === r.id);
      // Walk the resident's cycles across October and compare with a brute-force oracle.
      let expected = 0;
      for (let c = visitCycle({ plan: weekly, resident: r.id, date: OCTOBER.from }); c.start < OCTOBER.to; ) {
        const day = firstWorkingDay(tongchuan, c.start, c.end);
        const inCycle = mine.filter((o) => o.scheduledFor === c.start);
        if (day !== undefined && day >= OCTOBER.from && day < OCTOBER.to) {
          expected++;
          expect(inCycle.map((o) => o.date)).toEqual([day]);
        } else expect(inCycle).toEqual([]);
        c = visitCycle({ plan: weekly, resident: r.id, date: c.end });
      }
      expect(mine).toHaveLength(expected);
    }
    // Spread over the week: some residents' cycles start on each weekday, not all on Monday.
    const weekdays = new Set(
      eligible.map((r) => isoWeekday(visitCycle({ plan: weekly, resident: r.id, date: "2026-10-12" }).start)),
    );
    expect([...weekdays].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("drops the National Day cycle that cannot be moved within its week (cycle on Thursdays)", () => {
    // 1 October is a Thursday; the next working day, 8 October, is already the next cycle's date.
    expect(visitCycle({ plan: weekly, resident: "res-00013", date: "2026-10-01" })).toEqual({
      start: "2026-10-01",
      end: "2026-10-08",
    });
    expect(visitsOf(october, "res-00013")).toEqual([
      ["2026-10-08", "2026-10-08", false],
      ["2026-10-15", "2026-10-15", false],
      ["2026-10-22", "2026-10-22", false],
      ["2026-10-29", "2026-10-29", false],
    ]);
  });

  it("visits on the make-up Saturday and moves other Saturdays to Monday (cycle on Saturdays)", () => {
    expect(visitsOf(october, "res-00017")).toEqual([
      ["2026-10-08", "2026-10-03", true],
      ["2026-10-10", "2026-10-10", false], // 国庆节调休上班
      ["2026-10-19", "2026-10-17", true],
      ["2026-10-26", "2026-10-24", true],
    ]);
    // The 31 October cycle's visit, moved to 2 November, belongs to the next period.
    const more = scheduleVisits({
      plans: [weekly],
      residents: [resident("res-00017")],
      calendars,
      ...OCTOBER,
    });
    expect(more).toHaveLength(4);
    const november = scheduleVisits({
      plans: [weekly],
      residents: [resident("res-00017")],
      calendars,
      from: "2026-11-01",
      to: "2026-11-03",
    });
    expect(visitsOf(november, "res-00017")).toEqual([["2026-11-02", "2026-10-31", true]]);
  });

  it("with skip, drops the visit of the holiday week", () => {
    const skipping = { ...weekly, onHoliday: "skip" as const };
    const skipped = scheduleVisits({ plans: [skipping], residents, calendars, ...OCTOBER });
    expect(visitsOf(skipped, "res-lingde-0001")).toEqual([
      ["2026-10-14", "2026-10-14", false],
      ["2026-10-21", "2026-10-21", false],
      ["2026-10-28", "2026-10-28", false],
    ]);
    expect(visitsOf(skipped, "res-00017")).toEqual([["2026-10-10", "2026-10-10", false]]);
    for (const o of skipped) {
      expect(o.moved).toBe(false);
      expect(o.date).toBe(o.scheduledFor);
      expect(tongchuan.isWorkingDay(o.date)).toBe(true);
    }
    // Exactly the visits that were not moved survive.
    expect(skipped).toEqual(october.filter((o) => !o.moved));
  });
});

describe("other plans", () => {
  it("visits people with disabilities every two weeks, on the same weekday as the weekly plan", () => {
    const both = scheduleVisits({ plans: [weekly, fortnightly], residents, calendars, ...OCTOBER });
    // res-00045 is aged 80+, living alone and disabled: each plan's visits, separately.
    expect(visitsOf(both, "res-00045", fortnightly.id)).toEqual([
      ["2026-10-08", "2026-10-02", true],
      ["2026-10-16", "2026-10-16", false],
      ["2026-10-30", "2026-10-30", false],
    ]);
    expect(visitsOf(both, "res-00045", weekly.id)).toEqual([
      ["2026-10-08", "2026-10-02", true],
      ["2026-10-09", "2026-10-09", false],
      ["2026-10-16", "2026-10-16", false],
      ["2026-10-23", "2026-10-23", false],
      ["2026-10-30", "2026-10-30", false],
    ]);
    const disabled = residents.filter((r) => r.tags.includes("disabled"));
    const fortnight = both.filter((o) => o.plan === fortnightly.id);
    expect(new Set(fortnight.map((o) => o.resident))).toEqual(new Set(disabled.map((r) => r.id)));
    for (const r of disabled) {
      const c = visitCycle({ plan: fortnightly, resident: r.id, date: "2026-10-12" });
      expect(addDays(c.start, 14)).toBe(c.end);
      const w = visitCycle({ plan: weekly, resident: r.id, date: "2026-10-12" });
      expect(isoWeekday(w.start)).toBe(isoWeekday(c.start));
      expect(fortnight.filter((o) => o.resident === r.id).length).toBeLessThanOrEqual(3);
    }
  });

  it("visits subsistence-allowance recipients monthly, on the same day of the month", () => {
    const autumn = scheduleVisits({
      plans: [monthly],
      residents,
      calendars,
      from: "2026-10-01",
      to: "2027-01-01",
    });
    expect(visitsOf(autumn, "res-00002")).toEqual([
      ["2026-10-08", "2026-10-06", true],
      ["2026-11-06", "2026-11-06", false],
      ["2026-12-07", "2026-12-06", true], // a Sunday
    ]);
    const recipients = residents.filter((r) => r.tags.includes("subsistence-allowance"));
    expect(new Set(autumn.map((o) => o.resident))).toEqual(new Set(recipients.map((r) => r.id)));
    for (const r of recipients) {
      const mine = autumn.filter((o) => o.resident === r.id);
      expect(mine.length).toBeGreaterThanOrEqual(2);
      expect(mine.length).toBeLessThanOrEqual(3);
      expect(new Set(mine.map((o) => o.scheduledFor.slice(0, 7))).size).toBe(mine.length);
    }
  });

  it("clamps a monthly visit on the 31st to the end of shorter months", () => {
    const id = Array.from({ length: 500 }, (_, i) => `r-${i}`).find(
      (r) => visitCycle({ plan: monthly, resident: r, date: "2026-01-31" }).start === "2026-01-31",
    )!;
    expect(id).toBeDefined();
    const half = scheduleVisits({
      plans: [monthly],
      residents: [{ id, name: "甲", tags: ["subsistence-allowance"] }],
      calendars,
      from: "2026-01-01",
      to: "2026-08-01",
    });
    expect(visitsOf(half, id)).toEqual([
      ["2026-02-02", "2026-01-31", true], // a Saturday
      ["2026-02-28", "2026-02-28", false], // a Saturday, but 春节调休上班
      ["2026-03-31", "2026-03-31", false],
      ["2026-04-30", "2026-04-30", false],
      ["2026-06-01", "2026-05-31", true], // a Sunday
      ["2026-06-30", "2026-06-30", false],
      ["2026-07-31", "2026-07-31", false],
    ]);
  });

  it("supports cycles counted in days", () => {
    const everyThreeDays = VisitPlanSchema.parse({
      id: "every-3-days",
      name: { zh: "每三天" },
      tags: ["t"],
      every: { amount: 3, unit: "days" },
      calendar: tongchuan.id,
    });
    const r: Resident = { id: "r-1", name: "乙", tags: ["t"] };
    const list = scheduleVisits({ plans: [everyThreeDays], residents: [r], calendars, ...OCTOBER });
    const c = visitCycle({ plan: everyThreeDays, resident: r.id, date: "2026-10-12" });
    expect(addDays(c.start, 3)).toBe(c.end);
    for (const [date, nominal] of visitsOf(list, r.id)) {
      expect(tongchuan.isWorkingDay(date)).toBe(true);
      expect(date < addDays(nominal, 3)).toBe(true);
    }
    expect(list.length).toBeGreaterThanOrEqual(5);
    expect(list.length).toBeLessThanOrEqual(11);
  });

  it("gives residents lacking one of a plan's tags nothing", () => {
    const all = scheduleVisits({ plans: policies.visitPlans, residents, calendars, ...OCTOBER });
    // Living alone but not 80+; 80+ but not living alone; no tags at all.
    for (const id of ["res-00001", "res-00006", "res-00004"]) {
      expect(all.filter((o) => o.resident === id)).toEqual([]);
    }
    for (const o of all) {
      const p = plan(o.plan);
      expect(p.tags.every((t) => resident(o.resident).tags.includes(t))).toBe(true);
    }
    expect(
      scheduleVisits({
        plans: [weekly],
        residents: [resident("res-00001"), resident("res-00006")],
        calendars,
        ...OCTOBER,
      }),
    ).toEqual([]);
  });

  it("gives a resident matching several plans the visits of each", () => {
    // res-00027: aged 80+, living alone and on subsistence allowance.
    const all = scheduleVisits({ plans: policies.visitPlans, residents, calendars, ...OCTOBER });
    const plans = new Set(all.filter((o) => o.resident === "res-00027").map((o) => o.plan));
    expect(plans).toEqual(new Set([weekly.id, monthly.id]));
  });
});

describe("determinism and idempotency", () => {
  const args = { plans: policies.visitPlans, residents, calendars, ...OCTOBER };
  const all = scheduleVisits(args);

  it("is sorted by date, plan and resident, and the same whatever the input order", () => {
    const sorted = [...all].sort(
      (a, b) =>
        (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
        (a.plan < b.plan ? -1 : a.plan > b.plan ? 1 : 0) ||
        (a.resident < b.resident ? -1 : a.resident > b.resident ? 1 : 0),
    );
    expect(all).toEqual(sorted);
    expect(scheduleVisits(args)).toEqual(all);
    expect(
      scheduleVisits({ ...args, plans: [...args.plans].reverse(), residents: [...residents].reverse() }),
    ).toEqual(all);
    // A generator works as well as an array.
    function* generate() {
      yield* residents;
    }
    expect(scheduleVisits({ ...args, residents: generate() })).toEqual(all);
  });

  it("gives unique, stable keys; consecutive periods add up to the whole", () => {
    expect(new Set(all.map(visitKey)).size).toBe(all.length);
    const first = scheduleVisits({ ...args, to: "2026-10-15" });
    const second = scheduleVisits({ ...args, from: "2026-10-15" });
    expect([...first, ...second]).toEqual(all);
    const keys = new Set(first.map(visitKey));
    expect(second.some((o) => keys.has(visitKey(o)))).toBe(false);
    expect(scheduleVisits({ ...args, to: args.from })).toEqual([]);
  });

  it("rejects bad input", () => {
    expect(thrownCode(() => scheduleVisits({ ...args, from: "2026-10-32" }))).toBe("time.invalid-date");
    expect(thrownCode(() => scheduleVisits({ ...args, anchor: "5 Jan 2026" }))).toBe("time.invalid-date");
    expect(thrownCode(() => scheduleVisits({ ...args, from: "2026-11-01", to: "2026-10-01" }))).toBe(
      "visit.invalid-range",
    );
    expect(thrownCode(() => scheduleVisits({ ...args, residents: [residents[0]!, residents[0]!] }))).toBe(
      "visit.duplicate-resident",
    );
    expect(thrownCode(() => scheduleVisits({ ...args, plans: [weekly, weekly] }))).toBe(
      "visit.duplicate-plan",
    );
    expect(thrownCode(() => scheduleVisits({ ...args, calendars: () => undefined as never }))).toBe(
      "visit.unknown-calendar",
    );
    const zero = { ...weekly, every: { amount: 0, unit: "weeks" as const } };
    expect(thrownCode(() => scheduleVisits({ ...args, plans: [zero] }))).toBe("visit.invalid-plan");
  });
});

// ---------------------------------------------------------------------------------------------

/** Works only on Wednesdays, with every Wednesday of spring and autumn 2026 a holiday. */
const sparse = (() => {
  const holidays: { date: string }[] = [];
  for (let d = "2026-03-04"; d < "2026-06-01"; d = addDays(d, 7)) holidays.push({ date: d });
  for (let d = "2026-09-02"; d < "2026-12-01"; d = addDays(d, 7)) holidays.push({ date: d });
  return new WorkingCalendar(
    WorkCalendarSchema.parse({
      id: "sparse",
      name: { zh: "稀疏" },
      workweek: [3],
      holidays,
      makeupWorkdays: [{ date: "2026-04-11" }],
    }),
  );
})();
for (const [name, cal] of Object.entries({ tongchuan, sparse })) {
  Object.defineProperty(cal, fc.toStringMethod, { value: () => name });
}

const dates = fc.integer({ min: 0, max: 800 }).map((n) => addDays("2025-01-01", n));
const plans = fc.record({
  every: fc.record({
    amount: fc.integer({ min: 1, max: 5 }),
    unit: fc.constantFrom<VisitPlan["every"]["unit"]>("days", "weeks", "months"),
  }),
  onHoliday: fc.constantFrom<VisitPlan["onHoliday"]>("skip", "next-working-day"),
  calendar: fc.constantFrom(tongchuan, sparse),
});
const ids = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,24}$/);
const people = fc.uniqueArray(fc.record({ id: ids, tagged: fc.boolean() }), {
  selector: (p) => p.id,
  minLength: 1,
  maxLength: 12,
});

function visitPlan(p: {
  every: VisitPlan["every"];
  onHoliday: VisitPlan["onHoliday"];
  calendar: WorkingCalendar;
}) {
  return VisitPlanSchema.parse({
    id: "p",
    name: { zh: "计划" },
    tags: ["t", "u"],
    every: p.every,
    onHoliday: p.onHoliday,
    calendar: p.calendar.id,
  });
}
function residentsOf(list: { id: string; tagged: boolean }[]): Resident[] {
  return list.map((p) => ({ id: p.id, name: "某", tags: p.tagged ? ["u", "x", "t"] : ["t"] }));
}

describe("properties", () => {
  it("visits only tagged residents, on working days within the period and their cycle, once per cycle", () => {
    fc.assert(
      fc.property(
        plans,
        people,
        dates,
        fc.integer({ min: 0, max: 120 }),
        dates,
        (p, ps, from, span, anchor) => {
          const vp = visitPlan(p);
          const to = addDays(from, span);
          const list = scheduleVisits({
            plans: [vp],
            residents: residentsOf(ps),
            calendars: () => p.calendar,
            from,
            to,
            anchor,
          });
          const tagged = new Set(ps.filter((x) => x.tagged).map((x) => x.id));
          const cycles = new Set<string>();
          for (const o of list) {
            expect(tagged.has(o.resident)).toBe(true);
            expect(p.calendar.isWorkingDay(o.date)).toBe(true);
            expect(o.date >= from && o.date < to).toBe(true);
            expect(o.moved).toBe(o.date !== o.scheduledFor);
            if (p.onHoliday === "skip") expect(o.moved).toBe(false);
            const c = visitCycle({ plan: vp, resident: o.resident, date: o.date, anchor });
            expect(c.start).toBe(o.scheduledFor);
            expect(o.date < c.end).toBe(true);
            // The visit is on the cycle's first working day (or, when skipping, on its nominal date).
            expect(o.date).toBe(firstWorkingDay(p.calendar, c.start, c.end));
            const cycle = `${o.plan}|${o.resident}|${c.start}`;
            expect(cycles.has(cycle)).toBe(false);
            cycles.add(cycle);
          }
          expect(new Set(list.map(visitKey)).size).toBe(list.length);
        },
      ),
    );
  });

  it("with next-working-day, visits = cycles − cycles without a working day; with skip, = working nominal dates", () => {
    fc.assert(
      fc.property(plans, ids, dates, fc.integer({ min: 1, max: 10 }), dates, (p, id, at, n, anchor) => {
        const vp = visitPlan(p);
        const r: Resident = { id, name: "某", tags: ["t", "u"] };
        let c = visitCycle({ plan: vp, resident: id, date: at, anchor });
        expect(c.start <= at && at < c.end).toBe(true);
        const from = c.start;
        let unmovable = 0;
        let workingNominal = 0;
        for (let i = 0; i < n; i++) {
          if (firstWorkingDay(p.calendar, c.start, c.end) === undefined) unmovable++;
          if (p.calendar.isWorkingDay(c.start)) workingNominal++;
          const next = visitCycle({ plan: vp, resident: id, date: c.end, anchor });
          expect(next.start).toBe(c.end); // cycles tile the calendar
          if (i < n - 1) c = next;
        }
        const to = c.end;
        const list = scheduleVisits({
          plans: [vp],
          residents: [r],
          calendars: () => p.calendar,
          from,
          to,
          anchor,
        });
        expect(list).toHaveLength(p.onHoliday === "skip" ? workingNominal : n - unmovable);
      }),
    );
  });

  it("is deterministic and splits over consecutive periods", () => {
    fc.assert(
      fc.property(
        plans,
        people,
        dates,
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 90 }),
        (p, ps, from, a, b) => {
          const vp = visitPlan(p);
          const rs = residentsOf(ps);
          const args = {
            plans: [vp],
            residents: rs,
            calendars: () => p.calendar,
            from,
            to: addDays(from, a + b),
          };
          const whole = scheduleVisits(args);
          expect(scheduleVisits({ ...args, residents: [...rs].reverse() })).toEqual(whole);
          const mid = addDays(from, a);
          expect([
            ...scheduleVisits({ ...args, to: mid }),
            ...scheduleVisits({ ...args, from: mid }),
          ]).toEqual(whole);
        },
      ),
    );
  });
});
