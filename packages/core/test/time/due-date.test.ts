import { readFileSync } from "node:fs";
import { type Duration, LianxinError, PoliciesSchema, WorkCalendarSchema } from "@lianxin/core";
import { describe, expect, it } from "vitest";
import { addDuration, dueDates, followUpDate, subtractDuration } from "../../src/time/due-date.js";
import { WorkingCalendar } from "../../src/time/work-calendar.js";

const POLICIES = new URL("../../../../examples/tongchuan/policies.json", import.meta.url);
const policies = PoliciesSchema.parse(JSON.parse(readFileSync(POLICIES, "utf8")));
const tongchuan = new WorkingCalendar(policies.calendars.find((c) => c.id === "cn-mainland")!);
const policy = (id: string) => policies.deadlines.find((p) => p.id === id)!;

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

const at = (iso: string) => new Date(iso);
const wd = (amount: number): Duration => ({ amount, unit: "working-days" });
const wh = (amount: number): Duration => ({ amount, unit: "working-hours" });

describe("working days, counted from the day after receipt, due at the end of working hours", () => {
  it("Friday 16:00 + 3 working days is Wednesday 17:30", () => {
    expect(addDuration(tongchuan, at("2026-03-13T16:00:00+08:00"), wd(3))).toEqual(
      at("2026-03-18T17:30:00+08:00"),
    );
  });

  it("2026 National Day: received Mon Sep 28 10:00, 3 working days → Thu Oct 8 17:30, not the make-up Sat Oct 10", () => {
    // Official 2026 arrangement (国务院办公厅, 国庆节): Oct 1–7 off; Sun Sep 20 and Sat Oct 10 worked.
    // Counting starts the day after receipt: Tue Sep 29 (1), Wed Sep 30 (2), Oct 1–7 holiday,
    // Thu Oct 8 (3). The make-up Saturday Oct 10 would only be reached with 5 working days.
    const received = at("2026-09-28T10:00:00+08:00");
    expect(addDuration(tongchuan, received, wd(3))).toEqual(at("2026-10-08T17:30:00+08:00"));
    // Thu Oct 8 (3), Fri Oct 9 (4), Sat Oct 10 make-up (5).
    expect(addDuration(tongchuan, received, wd(5))).toEqual(at("2026-10-10T17:30:00+08:00"));
    // … and after the make-up Saturday, the ordinary Sunday Oct 11 is skipped: Mon Oct 12 (6).
    expect(addDuration(tongchuan, received, wd(6))).toEqual(at("2026-10-12T17:30:00+08:00"));
  });

  it("2026 National Day: received on the holiday, counting starts at the first working day after it", () => {
    // Received Fri Oct 2 (holiday): Thu Oct 8 (1), Fri Oct 9 (2), Sat Oct 10 make-up (3).
    expect(addDuration(tongchuan, at("2026-10-02T09:00:00+08:00"), wd(3))).toEqual(
      at("2026-10-10T17:30:00+08:00"),
    );
  });

  it("Mid-Autumn 2026: received Thu Sep 24, Fri Sep 25 – Sun Sep 27 off → Wed Sep 30", () => {
    // Mon Sep 28 (1), Tue Sep 29 (2), Wed Sep 30 (3).
    expect(addDuration(tongchuan, at("2026-09-24T11:00:00+08:00"), wd(3))).toEqual(
      at("2026-09-30T17:30:00+08:00"),
    );
  });

  it("received on an ordinary Saturday vs on the make-up Sunday before National Day", () => {
    // Sat Sep 19 is not worked; the day after is Sun Sep 20, a make-up working day:
    // Sun Sep 20 (1), Mon Sep 21 (2), Tue Sep 22 (3).
    expect(addDuration(tongchuan, at("2026-09-19T10:00:00+08:00"), wd(3))).toEqual(
      at("2026-09-22T17:30:00+08:00"),
    );
    // Received on the make-up Sunday itself: the day of receipt is not counted either.
    // Mon Sep 21 (1), Tue Sep 22 (2), Wed Sep 23 (3).
    expect(addDuration(tongchuan, at("2026-09-20T10:00:00+08:00"), wd(3))).toEqual(
      at("2026-09-23T17:30:00+08:00"),
    );
    // Counting the day of receipt (option) makes the make-up Sunday the first day: Sep 20, 21, 22.
    expect(
      addDuration(tongchuan, at("2026-09-20T10:00:00+08:00"), wd(3), { workingDaysFrom: "same-day" }),
    ).toEqual(at("2026-09-22T17:30:00+08:00"));
    // … but not when received after working hours.
    expect(
      addDuration(tongchuan, at("2026-09-20T18:00:00+08:00"), wd(3), { workingDaysFrom: "same-day" }),
    ).toEqual(at("2026-09-23T17:30:00+08:00"));
  });

  it("Spring Festival 2026: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked", () => {
    // Received Fri Feb 13 16:00: Sat Feb 14 make-up (1), Feb 15–23 holiday, Tue Feb 24 (2), Wed Feb 25 (3).
    const friday = at("2026-02-13T16:00:00+08:00");
    expect(addDuration(tongchuan, friday, wd(3))).toEqual(at("2026-02-25T17:30:00+08:00"));
    // 13 working days: Feb 14, 24, 25, 26, 27, Sat Feb 28 (6), Mar 2–6 (11), Mar 9 (12), Mar 10 (13).
    expect(addDuration(tongchuan, friday, wd(13))).toEqual(at("2026-03-10T17:30:00+08:00"));
    // Received during the festival (Wed Feb 18): Tue Feb 24 (1), Wed Feb 25 (2), Thu Feb 26 (3).
    expect(addDuration(tongchuan, at("2026-02-18T10:00:00+08:00"), wd(3))).toEqual(
      at("2026-02-26T17:30:00+08:00"),
    );
  });

  it("rounds a fractional number of working days up", () => {
    expect(addDuration(tongchuan, at("2026-03-13T16:00:00+08:00"), wd(0.5))).toEqual(
      at("2026-03-16T17:30:00+08:00"),
    );
  });

  it("a received-after-midnight need belongs to the local (Beijing) date", () => {
    // 2026-03-12T16:30Z is Fri 00:30 in Beijing, so Friday is the day of receipt.
    expect(addDuration(tongchuan, at("2026-03-12T16:30:00Z"), wd(1))).toEqual(
      at("2026-03-16T17:30:00+08:00"),
    );
  });
});

describe("working hours", () => {
  it("count only time inside working hours, across a weekend", () => {
    // Fri 16:00–17:30 gives 1.5 h; the other 2.5 h from Mon 08:30 → Mon 11:00.
    expect(addDuration(tongchuan, at("2026-03-13T16:00:00+08:00"), wh(4))).toEqual(
      at("2026-03-16T11:00:00+08:00"),
    );
    // Received on Saturday: counting starts Monday 08:30.
    expect(addDuration(tongchuan, at("2026-03-14T10:00:00+08:00"), wh(2))).toEqual(
      at("2026-03-16T10:30:00+08:00"),
    );
    // Received at the close of Friday.
    expect(addDuration(tongchuan, at("2026-03-13T17:30:00+08:00"), wh(1))).toEqual(
      at("2026-03-16T09:30:00+08:00"),
    );
    // Received before opening time.
    expect(addDuration(tongchuan, at("2026-03-16T07:00:00+08:00"), wh(1))).toEqual(
      at("2026-03-16T09:30:00+08:00"),
    );
    // A full day's 9 hours end at that day's close, not at the next day's opening.
    expect(addDuration(tongchuan, at("2026-03-16T08:30:00+08:00"), wh(9))).toEqual(
      at("2026-03-16T17:30:00+08:00"),
    );
    expect(addDuration(tongchuan, at("2026-03-16T10:00:00+08:00"), { amount: 30, unit: "minutes" })).toEqual(
      at("2026-03-16T10:30:00+08:00"),
    );
    expect(addDuration(tongchuan, at("2026-03-16T10:00:00+08:00"), wh(0.25))).toEqual(
      at("2026-03-16T10:15:00+08:00"),
    );
  });

  it("skip holidays and use make-up days", () => {
    // Wed Sep 30 16:30: 1 h that day, then Oct 1–7 off, 3 h from Thu Oct 8 08:30.
    expect(addDuration(tongchuan, at("2026-09-30T16:30:00+08:00"), wh(4))).toEqual(
      at("2026-10-08T11:30:00+08:00"),
    );
    // Sat Sep 19 is off, Sun Sep 20 is a make-up working day.
    expect(addDuration(tongchuan, at("2026-09-19T15:00:00+08:00"), wh(2))).toEqual(
      at("2026-09-20T10:30:00+08:00"),
    );
  });
});

describe("elapsed and calendar time", () => {
  it("hours and minutes ignore calendars", () => {
    // Utilities: 24 h, holiday or not.
    expect(addDuration(tongchuan, at("2026-09-30T20:00:00+08:00"), { amount: 24, unit: "hours" })).toEqual(
      at("2026-10-01T20:00:00+08:00"),
    );
    expect(addDuration(tongchuan, at("2026-10-01T23:00:00+08:00"), { amount: 2, unit: "hours" })).toEqual(
      at("2026-10-02T01:00:00+08:00"),
    );
  });

  it("calendar days keep the local time", () => {
    expect(
      addDuration(tongchuan, at("2026-09-28T10:00:00+08:00"), { amount: 7, unit: "calendar-days" }),
    ).toEqual(at("2026-10-05T10:00:00+08:00"));
    expect(
      addDuration(tongchuan, at("2026-09-28T10:00:00+08:00"), { amount: 1.5, unit: "calendar-days" }),
    ).toEqual(at("2026-09-29T22:00:00+08:00"));
  });

  it("rejects bad input", () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return LianxinError.is(error) ? error.code : "?";
      }
      return undefined;
    };
    expect(code(() => addDuration(tongchuan, at("nonsense"), wd(1)))).toBe("time.invalid-timestamp");
    expect(code(() => addDuration(tongchuan, at("2026-03-16T10:00:00Z"), wd(-1)))).toBe(
      "time.invalid-duration",
    );
    expect(
      code(() => addDuration(tongchuan, at("2026-03-16T10:00:00Z"), { amount: 1, unit: "weeks" } as never)),
    ).toBe("time.invalid-duration");
    expect(addDuration(tongchuan, at("2026-03-16T10:00:00Z"), wd(0))).toEqual(at("2026-03-16T10:00:00Z"));
  });
});

describe("daylight saving time (Europe/Berlin, Sunday 2026-03-29, 02:00 → 03:00)", () => {
  const berlin = calendar({ timeZone: "Europe/Berlin", workingHours: { start: "08:00", end: "16:00" } });
  const nightShift = calendar({
    timeZone: "Europe/Berlin",
    workweek: [1, 2, 3, 4, 5, 6, 7],
    workingHours: { start: "01:00", end: "05:00" },
  });
  const allDay = calendar({
    timeZone: "Europe/Berlin",
    workweek: [1, 2, 3, 4, 5, 6, 7],
    workingHours: { start: "00:00", end: "24:00" },
  });

  it("hours are elapsed time: the wall clock moves one hour more", () => {
    expect(addDuration(berlin, at("2026-03-29T01:30:00+01:00"), { amount: 2, unit: "hours" })).toEqual(
      at("2026-03-29T04:30:00+02:00"),
    );
  });

  it("calendar days keep the wall-clock time: 23 h in spring, 25 h in autumn", () => {
    const spring = addDuration(berlin, at("2026-03-28T12:00:00+01:00"), { amount: 1, unit: "calendar-days" });
    expect(spring).toEqual(at("2026-03-29T12:00:00+02:00"));
    expect(spring.getTime() - at("2026-03-28T12:00:00+01:00").getTime()).toBe(23 * 3_600_000);
    const autumn = addDuration(berlin, at("2026-10-24T12:00:00+02:00"), { amount: 1, unit: "calendar-days" });
    expect(autumn).toEqual(at("2026-10-25T12:00:00+01:00"));
    // A wall time the spring change skips moves forward by the jump.
    expect(
      addDuration(berlin, at("2026-03-28T02:30:00+01:00"), { amount: 1, unit: "calendar-days" }),
    ).toEqual(at("2026-03-29T03:30:00+02:00"));
  });

  it("working hours follow the local working day on each side of the change", () => {
    // Fri 15:00 CET: 1 h on Friday, 1 h from Mon 08:00 CEST.
    expect(addDuration(berlin, at("2026-03-27T15:00:00+01:00"), wh(2))).toEqual(
      at("2026-03-30T09:00:00+02:00"),
    );
    // Working days end at the local 16:00, in summer time after the change.
    expect(addDuration(berlin, at("2026-03-27T10:00:00+01:00"), wd(1))).toEqual(
      at("2026-03-30T16:00:00+02:00"),
    );
  });

  it("working hours spanning the skipped hour last one hour less", () => {
    // 01:00–05:00 on Sun Mar 29 is 01:00 CET to 05:00 CEST: 3 h. The 4th hour is Mon 01:00–02:00.
    expect(addDuration(nightShift, at("2026-03-29T01:00:00+01:00"), wh(4))).toEqual(
      at("2026-03-30T02:00:00+02:00"),
    );
    // Sun Oct 25 01:00 CEST – 05:00 CET is 5 h long.
    expect(addDuration(nightShift, at("2026-10-25T01:00:00+02:00"), wh(4.5))).toEqual(
      at("2026-10-25T04:30:00+01:00"),
    );
    // Working round the clock, working hours are elapsed hours even across the change.
    expect(addDuration(allDay, at("2026-03-28T22:00:00+01:00"), wh(6))).toEqual(
      at("2026-03-29T05:00:00+02:00"),
    );
  });
});

describe("due dates of the Tongchuan policies", () => {
  const received = at("2026-09-28T10:00:00+08:00"); // Monday before National Day

  it("3 working days with a reminder 1 working day before", () => {
    expect(dueDates(tongchuan, received, policy("proxy-3wd"))).toEqual({
      acceptBy: at("2026-09-28T14:00:00+08:00"), // 4 working hours
      firstContactBy: at("2026-09-29T17:30:00+08:00"), // 1 working day
      resolveBy: at("2026-10-08T17:30:00+08:00"),
      // The end of the working day before Oct 8, which is Sep 30 (Oct 1–7 are off).
      remindAt: [at("2026-09-30T17:30:00+08:00")],
    });
  });

  it("7 working days, reminded 2 and 1 working days before", () => {
    // Sep 29, Sep 30, Oct 8, Oct 9, Sat Oct 10 (make-up), Mon Oct 12, Tue Oct 13.
    const due = dueDates(tongchuan, received, policy("general-7wd"));
    expect(due.resolveBy).toEqual(at("2026-10-13T17:30:00+08:00"));
    expect(due.remindAt).toEqual([at("2026-10-10T17:30:00+08:00"), at("2026-10-12T17:30:00+08:00")]);
  });

  it("emergencies: 2 hours, reminded 30 minutes before", () => {
    expect(dueDates(tongchuan, at("2026-10-01T23:00:00+08:00"), policy("emergency-2h"))).toEqual({
      acceptBy: at("2026-10-01T23:10:00+08:00"),
      firstContactBy: at("2026-10-01T23:30:00+08:00"),
      resolveBy: at("2026-10-02T01:00:00+08:00"),
      remindAt: [at("2026-10-02T00:30:00+08:00")],
    });
  });

  it("subtracts working hours on the calendar", () => {
    // 1 working day from Mon Sep 28 is Tue Sep 29 17:30; 2 working hours before is 15:30.
    expect(dueDates(tongchuan, received, policy("proxy-1wd")).remindAt).toEqual([
      at("2026-09-29T15:30:00+08:00"),
    ]);
    // Back over the holiday: 0.5 h on Oct 8, 1.5 h before Sep 30's close.
    expect(subtractDuration(tongchuan, at("2026-10-08T09:00:00+08:00"), wh(2))).toEqual(
      at("2026-09-30T16:00:00+08:00"),
    );
    // Exactly back to opening time stays on that day.
    expect(subtractDuration(tongchuan, at("2026-10-08T10:30:00+08:00"), wh(2))).toEqual(
      at("2026-10-08T08:30:00+08:00"),
    );
    // From outside working hours, back from the last close.
    expect(subtractDuration(tongchuan, at("2026-10-05T12:00:00+08:00"), wh(1))).toEqual(
      at("2026-09-30T16:30:00+08:00"),
    );
  });

  it("drops reminders that would fall before the start, unless asked to keep them", () => {
    const short = {
      resolve: { amount: 1, unit: "hours" as const },
      remindBefore: [{ amount: 2, unit: "hours" as const }],
    };
    expect(dueDates(tongchuan, received, short).remindAt).toEqual([]);
    expect(dueDates(tongchuan, received, short, { remindersBeforeStart: "keep" }).remindAt).toEqual([
      at("2026-09-28T09:00:00+08:00"),
    ]);
    expect(dueDates(tongchuan, received, { resolve: wd(1) })).toEqual({
      resolveBy: at("2026-09-29T17:30:00+08:00"),
      remindAt: [],
    });
  });

  it("subtracts working days keeping the place in the working day", () => {
    // Within hours: same local time on the previous working day.
    expect(subtractDuration(tongchuan, at("2026-10-08T11:00:00+08:00"), wd(1))).toEqual(
      at("2026-09-30T11:00:00+08:00"),
    );
    // After closing counts as closing, before opening as opening.
    expect(subtractDuration(tongchuan, at("2026-10-08T20:00:00+08:00"), wd(1))).toEqual(
      at("2026-09-30T17:30:00+08:00"),
    );
    expect(subtractDuration(tongchuan, at("2026-10-08T07:00:00+08:00"), wd(1))).toEqual(
      at("2026-09-30T08:30:00+08:00"),
    );
    // A day off counts as the close of the last working day (Sat Mar 14 → Fri 17:30 → Thu 17:30).
    expect(subtractDuration(tongchuan, at("2026-03-14T10:00:00+08:00"), wd(1))).toEqual(
      at("2026-03-12T17:30:00+08:00"),
    );
  });

  it("subtracts working days ending at midnight on the right day", () => {
    const midnight = calendar({ workingHours: { start: "00:00", end: "24:00" } });
    const due = addDuration(midnight, at("2026-03-16T10:00:00+08:00"), wd(1)); // Tue 24:00
    expect(due).toEqual(at("2026-03-18T00:00:00+08:00"));
    expect(subtractDuration(midnight, due, wd(1))).toEqual(at("2026-03-17T00:00:00+08:00")); // Mon 24:00
    expect(subtractDuration(midnight, at("2026-03-16T00:00:00+08:00"), wd(1))).toEqual(
      at("2026-03-13T00:00:00+08:00"), // Fri 24:00 - 1 working day = Thu 24:00
    );
  });
});

describe("follow-up (回访) the day after resolution", () => {
  it("is the next working day at opening time", () => {
    expect(followUpDate(tongchuan, at("2026-03-16T15:00:00+08:00"))).toEqual(at("2026-03-17T08:30:00+08:00"));
    // Resolved Fri: follow up Monday.
    expect(followUpDate(tongchuan, at("2026-03-13T17:00:00+08:00"))).toEqual(at("2026-03-16T08:30:00+08:00"));
    // Resolved before National Day: after the holiday.
    expect(followUpDate(tongchuan, at("2026-09-30T15:00:00+08:00"))).toEqual(at("2026-10-08T08:30:00+08:00"));
    // Resolved Fri Oct 9: the make-up Saturday Oct 10 is a working day.
    expect(followUpDate(tongchuan, at("2026-10-09T11:00:00+08:00"))).toEqual(at("2026-10-10T08:30:00+08:00"));
    // Resolved Fri Feb 13: the make-up Saturday before Spring Festival.
    expect(followUpDate(tongchuan, at("2026-02-13T18:00:00+08:00"))).toEqual(at("2026-02-14T08:30:00+08:00"));
  });
});
