import { readFileSync } from "node:fs";
import { LianxinError, PoliciesSchema, type WorkCalendar, WorkCalendarSchema } from "@lianxin/core";
import { describe, expect, it } from "vitest";
import { addDays, isoWeekday, WorkingCalendar } from "../../src/time/work-calendar.js";

const POLICIES = new URL("../../../../examples/tongchuan/policies.json", import.meta.url);
const policies = PoliciesSchema.parse(JSON.parse(readFileSync(POLICIES, "utf8")));
const tongchuan = new WorkingCalendar(policies.calendars.find((c) => c.id === "cn-mainland")!);

function calendar(input: Record<string, unknown>): WorkingCalendar {
  return new WorkingCalendar(
    WorkCalendarSchema.parse({
      id: "test",
      name: { zh: "测试" },
      holidays: [],
      makeupWorkdays: [],
      ...input,
    }),
  );
}

function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return LianxinError.is(error) ? error.code : "not a LianxinError";
  }
  return undefined;
}

describe("date helpers", () => {
  it("adds days across months, leap days and years", () => {
    expect(addDays("2026-09-28", 3)).toBe("2026-10-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(addDays("2026-01-01", 0)).toBe("2026-01-01");
  });

  it("knows ISO weekdays", () => {
    expect(isoWeekday("2026-09-28")).toBe(1); // Monday
    expect(isoWeekday("2026-09-20")).toBe(7); // Sunday
    expect(isoWeekday("2026-10-10")).toBe(6); // Saturday
    expect(isoWeekday("1970-01-01")).toBe(4); // Thursday
    expect(isoWeekday("1969-12-29")).toBe(1); // Monday, before day 0
  });

  it("rejects dates that are not real YYYY-MM-DD dates", () => {
    expect(thrownCode(() => addDays("2026-02-30", 1))).toBe("time.invalid-date");
    expect(thrownCode(() => isoWeekday("2026-9-28"))).toBe("time.invalid-date");
    expect(thrownCode(() => tongchuan.isWorkingDay("2026-13-01"))).toBe("time.invalid-date");
    expect(thrownCode(() => addDays("2026-09-28", 0.5))).toBe("time.invalid-argument");
  });
});

describe("the Tongchuan (mainland China 2025–2026) calendar", () => {
  it("works Monday to Friday, 08:30–17:30 Beijing time", () => {
    expect(tongchuan.timeZone).toBe("Asia/Shanghai");
    expect(tongchuan.workingHours).toEqual({ start: "08:30", end: "17:30" });
    expect(tongchuan.isWorkingDay("2026-03-13")).toBe(true); // Friday
    expect(tongchuan.isWorkingDay("2026-03-14")).toBe(false); // Saturday
    expect(tongchuan.isWorkingDay("2026-03-15")).toBe(false); // Sunday
  });

  it("follows the official 2026 National Day arrangement: Oct 1–7 off, Sun Sep 20 and Sat Oct 10 worked", () => {
    for (let d = 1; d <= 7; d++) {
      const date = `2026-10-0${d}`;
      expect(tongchuan.isHoliday(date), date).toBe(true);
      expect(tongchuan.isWorkingDay(date), date).toBe(false);
    }
    expect(tongchuan.isWorkingDay("2026-10-08")).toBe(true); // Thursday
    expect(tongchuan.isMakeupWorkday("2026-09-20")).toBe(true);
    expect(tongchuan.isWorkingDay("2026-09-20")).toBe(true); // Sunday, make-up working day
    expect(tongchuan.isWorkingDay("2026-10-10")).toBe(true); // Saturday, make-up working day
    expect(tongchuan.isWorkingDay("2026-09-19")).toBe(false); // an ordinary Saturday
    expect(tongchuan.isWorkingDay("2026-10-11")).toBe(false); // an ordinary Sunday
    // Mid-Autumn Festival, Fri Sep 25 – Sun Sep 27.
    expect(tongchuan.isWorkingDay("2026-09-25")).toBe(false);
  });

  it("follows the official 2026 Spring Festival arrangement: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked", () => {
    expect(tongchuan.isWorkingDay("2026-02-13")).toBe(true);
    expect(tongchuan.isWorkingDay("2026-02-14")).toBe(true);
    for (let d = 15; d <= 23; d++) expect(tongchuan.isWorkingDay(`2026-02-${d}`)).toBe(false);
    expect(tongchuan.isWorkingDay("2026-02-24")).toBe(true);
    expect(tongchuan.isWorkingDay("2026-02-28")).toBe(true);
    expect(tongchuan.isWorkingDay("2026-03-01")).toBe(false);
  });

  it("steps to the next and previous working days over holidays and make-up days", () => {
    expect(tongchuan.nextWorkingDay("2026-09-30")).toBe("2026-10-08");
    expect(tongchuan.nextWorkingDay("2026-10-03")).toBe("2026-10-08");
    expect(tongchuan.nextWorkingDay("2026-10-09")).toBe("2026-10-10");
    expect(tongchuan.nextWorkingDay("2026-09-19")).toBe("2026-09-20");
    expect(tongchuan.previousWorkingDay("2026-10-08")).toBe("2026-09-30");
    expect(tongchuan.previousWorkingDay("2026-02-24")).toBe("2026-02-14");
  });

  it("adds and counts working days", () => {
    // Sep 29 (1), Sep 30 (2), Oct 1–7 off, Oct 8 (3), Oct 9 (4), Sat Oct 10 make-up (5).
    expect(tongchuan.addWorkingDays("2026-09-28", 3)).toBe("2026-10-08");
    expect(tongchuan.addWorkingDays("2026-09-28", 5)).toBe("2026-10-10");
    expect(tongchuan.addWorkingDays("2026-09-28", 0)).toBe("2026-09-28");
    expect(tongchuan.addWorkingDays("2026-10-08", -1)).toBe("2026-09-30");
    expect(tongchuan.addWorkingDays("2026-10-04", -1)).toBe("2026-09-30");
    expect(tongchuan.workingDaysBetween("2026-09-28", "2026-10-10")).toBe(5);
    expect(tongchuan.workingDaysBetween("2026-10-10", "2026-09-28")).toBe(-5);
    expect(tongchuan.workingDaysBetween("2026-10-01", "2026-10-07")).toBe(0);
    expect(tongchuan.workingDaysBetween("2026-02-13", "2026-02-27")).toBe(5); // 14, 24, 25, 26, 27
    // All of 2026: 365 days, 261 weekdays, minus 19 holidays on weekdays, plus 6 make-up weekend days.
    expect(tongchuan.workingDaysBetween("2025-12-31", "2026-12-31")).toBe(248);
    expect(thrownCode(() => tongchuan.addWorkingDays("2026-09-28", 1.5))).toBe("time.invalid-argument");
  });

  it("reads instants in Beijing time", () => {
    const instant = new Date("2026-09-30T16:30:00Z"); // 00:30 on Oct 1 in Beijing
    expect(tongchuan.localDate(instant)).toBe("2026-10-01");
    expect(tongchuan.localParts(instant)).toEqual({
      date: "2026-10-01",
      year: 2026,
      month: 10,
      day: 1,
      hour: 0,
      minute: 30,
      second: 0,
      millisecond: 0,
      weekday: 4,
    });
    expect(tongchuan.toInstant("2026-10-08", "17:30")).toEqual(new Date("2026-10-08T17:30:00+08:00"));
    expect(tongchuan.toInstant("2026-10-08")).toEqual(new Date("2026-10-08T00:00:00+08:00"));
    expect(tongchuan.toInstant("2026-10-08", "24:00")).toEqual(new Date("2026-10-09T00:00:00+08:00"));
    expect(thrownCode(() => tongchuan.toInstant("2026-10-08", "8:30"))).toBe("time.invalid-time");
    expect(thrownCode(() => tongchuan.localDate(new Date(Number.NaN)))).toBe("time.invalid-timestamp");
  });

  it("knows working hours", () => {
    expect(tongchuan.workingWindow("2026-10-10")).toEqual({
      start: new Date("2026-10-10T08:30:00+08:00"),
      end: new Date("2026-10-10T17:30:00+08:00"),
    });
    expect(tongchuan.workingWindow("2026-10-01")).toBeUndefined();
    expect(tongchuan.isWorkingTime(new Date("2026-10-10T08:30:00+08:00"))).toBe(true);
    expect(tongchuan.isWorkingTime(new Date("2026-10-10T17:30:00+08:00"))).toBe(false);
    expect(tongchuan.isWorkingTime(new Date("2026-10-02T10:00:00+08:00"))).toBe(false);
  });
});

describe("calendar rules", () => {
  it("lets a holiday win over a make-up working day listed for the same date", () => {
    const cal = calendar({ holidays: [{ date: "2026-10-10" }], makeupWorkdays: [{ date: "2026-10-10" }] });
    expect(cal.isWorkingDay("2026-10-10")).toBe(false);
    expect(cal.workingDaysBetween("2026-10-09", "2026-10-12")).toBe(1);
  });

  it("supports other workweeks", () => {
    const cal = calendar({ workweek: [2, 3, 4, 5, 6], holidays: [{ date: "2026-03-17" }] });
    expect(cal.isWorkingDay("2026-03-14")).toBe(true); // Saturday
    expect(cal.isWorkingDay("2026-03-16")).toBe(false); // Monday
    expect(cal.addWorkingDays("2026-03-14", 1)).toBe("2026-03-18"); // Mon off, Tue a holiday
    expect(cal.workingDaysBetween("2026-03-13", "2026-03-21")).toBe(5);
  });

  it("rejects calendars it cannot use", () => {
    const base: WorkCalendar = WorkCalendarSchema.parse({
      id: "x",
      name: { zh: "x" },
      holidays: [],
      makeupWorkdays: [],
    });
    const bad = (patch: Partial<WorkCalendar>) => {
      try {
        new WorkingCalendar({ ...base, ...patch });
      } catch (error) {
        return LianxinError.is(error) ? error.issues.map((i) => `${i.code} ${i.pointer}`) : [];
      }
      return [];
    };
    expect(bad({ timeZone: "Mars/Olympus_Mons" })).toEqual(["time.invalid-calendar /timeZone"]);
    expect(bad({ workingHours: { start: "17:30", end: "08:30" } })).toEqual([
      "time.invalid-calendar /workingHours",
    ]);
    expect(bad({ workweek: [0] })).toEqual(["time.invalid-calendar /workweek/0"]);
    expect(bad({ holidays: [{ date: "2026-02-30" }] })).toEqual(["time.invalid-calendar /holidays/0/date"]);
    expect(bad({})).toEqual([]);
  });
});

describe("time zones with daylight saving time", () => {
  const berlin = calendar({ timeZone: "Europe/Berlin", workingHours: { start: "08:00", end: "16:00" } });

  it("reads local dates and times on both sides of the spring and autumn changes", () => {
    // Sun 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST at 01:00 UTC.
    expect(berlin.localParts(new Date("2026-03-29T00:59:00Z"))).toMatchObject({ hour: 1, minute: 59 });
    expect(berlin.localParts(new Date("2026-03-29T01:00:00Z"))).toMatchObject({ hour: 3, minute: 0 });
    // Sun 2026-10-25: clocks go back from 03:00 CEST to 02:00 CET at 01:00 UTC.
    expect(berlin.localParts(new Date("2026-10-25T00:30:00Z"))).toMatchObject({ hour: 2, minute: 30 });
    expect(berlin.localParts(new Date("2026-10-25T01:30:00Z"))).toMatchObject({ hour: 2, minute: 30 });
    expect(berlin.localDate(new Date("2026-10-24T22:30:00Z"))).toBe("2026-10-25");
  });

  it("turns local times into instants with the right offset", () => {
    expect(berlin.toInstant("2026-03-28", "12:00")).toEqual(new Date("2026-03-28T12:00:00+01:00"));
    expect(berlin.toInstant("2026-03-29", "12:00")).toEqual(new Date("2026-03-29T12:00:00+02:00"));
    expect(berlin.toInstant("2026-03-29", "01:59")).toEqual(new Date("2026-03-29T01:59:00+01:00"));
    // 02:30 does not exist on 2026-03-29: it moves forward by the hour the clocks skipped.
    expect(berlin.toInstant("2026-03-29", "02:30")).toEqual(new Date("2026-03-29T03:30:00+02:00"));
    // 02:30 happens twice on 2026-10-25: the first (summer time) is meant.
    expect(berlin.toInstant("2026-10-25", "02:30")).toEqual(new Date("2026-10-25T02:30:00+02:00"));
    expect(berlin.toInstant("2026-10-25", "24:00")).toEqual(new Date("2026-10-26T00:00:00+01:00"));
  });

  it("gives working hours of the right length around the changes", () => {
    const night = calendar({
      timeZone: "Europe/Berlin",
      workweek: [1, 2, 3, 4, 5, 6, 7],
      workingHours: { start: "01:00", end: "05:00" },
    });
    const hours = (date: string) => {
      const w = night.workingWindow(date)!;
      return (w.end.getTime() - w.start.getTime()) / 3_600_000;
    };
    expect(hours("2026-03-28")).toBe(4);
    expect(hours("2026-03-29")).toBe(3);
    expect(hours("2026-10-25")).toBe(5);
  });

  it("works in other zones too", () => {
    const newYork = calendar({ timeZone: "America/New_York" });
    // 2026-03-08: 02:00 EST → 03:00 EDT.
    expect(newYork.toInstant("2026-03-08", "09:00")).toEqual(new Date("2026-03-08T09:00:00-04:00"));
    expect(newYork.toInstant("2026-03-07", "09:00")).toEqual(new Date("2026-03-07T09:00:00-05:00"));
    const kolkata = calendar({ timeZone: "Asia/Kolkata" });
    expect(kolkata.localParts(new Date("2026-01-01T00:00:00Z"))).toMatchObject({ hour: 5, minute: 30 });
  });
});
