import { LianxinError } from "@lianxin/core";
import { describe, expect, it } from "vitest";
import { ManualClock, systemClock } from "../../src/time/clock.js";

function thrownCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return LianxinError.is(error) ? error.code : "not a LianxinError";
  }
  return undefined;
}

describe("clocks", () => {
  it("the system clock reads the real time", () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("a manual clock stands still until set or advanced", () => {
    const clock = new ManualClock("2026-09-28T10:00:00+08:00");
    expect(clock.now()).toEqual(new Date("2026-09-28T02:00:00Z"));
    expect(clock.now()).toEqual(clock.now());
    clock.advance({ hours: 2, minutes: 30 });
    expect(clock.now()).toEqual(new Date("2026-09-28T12:30:00+08:00"));
    clock.advance({ days: 1 }).advance(1_000);
    expect(clock.now()).toEqual(new Date("2026-09-29T12:30:01+08:00"));
    clock.advance({ seconds: -1, milliseconds: 0 });
    expect(clock.now()).toEqual(new Date("2026-09-29T12:30:00+08:00"));
    clock.set(new Date("2026-10-08T09:30:00Z"));
    expect(clock.now().toISOString()).toBe("2026-10-08T09:30:00.000Z");
    clock.set("2026-10-01T00:00:00Z");
    expect(clock.now().toISOString()).toBe("2026-10-01T00:00:00.000Z");
  });

  it("hands out copies, so callers cannot move it", () => {
    const clock = new ManualClock(0);
    clock.now().setTime(123_456);
    expect(clock.now().getTime()).toBe(0);
  });

  it("rejects timestamps without an offset and invalid instants", () => {
    expect(() => new ManualClock("2026-09-28 10:00")).toThrow(LianxinError);
    expect(() => new ManualClock("2026-09-28T10:00:00")).toThrow(/offset/);
    expect(() => new ManualClock(new Date(Number.NaN))).toThrow(LianxinError);
    expect(() => new ManualClock(0).advance(Number.POSITIVE_INFINITY)).toThrow(LianxinError);
    expect(thrownCode(() => new ManualClock("yesterday"))).toBe("time.invalid-timestamp");
  });
});
