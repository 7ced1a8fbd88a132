import { LianxinError } from "../errors/lianxin-error.js";
import { TimestampSchema } from "../model/common.js";

/**
 * A source of the current time. Everything in Lianxin that needs "now" takes a `Clock`, so that
 * tests and simulations can run on a {@link ManualClock}.
 */
export interface Clock {
  /** The current instant, as a fresh `Date` the caller may keep or change. */
  now(): Date;
}

/** The real time of the machine. The only place in Lianxin that reads the system clock. */
export const systemClock: Clock = Object.freeze({
  now: (): Date => new Date(),
});

/** How far to move a {@link ManualClock}: the parts are added up (a day is 24 hours of elapsed time). */
export interface ClockAdvance {
  /** Days of 24 hours. */
  days?: number;
  /** Hours. */
  hours?: number;
  /** Minutes. */
  minutes?: number;
  /** Seconds. */
  seconds?: number;
  /** Milliseconds. */
  milliseconds?: number;
}

/** Milliseconds since the epoch of a `Date` or of an ISO 8601 timestamp with an offset. */
function toEpochMs(value: Date | string | number): number {
  let ms: number;
  if (typeof value === "number") ms = value;
  else if (value instanceof Date) ms = value.getTime();
  else {
    if (!TimestampSchema.safeParse(value).success) {
      throw new LianxinError(
        "time.invalid-timestamp",
        `not an ISO 8601 timestamp with an offset: ${JSON.stringify(value)}`,
      );
    }
    ms = Date.parse(value);
  }
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    throw new LianxinError("time.invalid-timestamp", `not a valid instant: ${String(value)}`);
  }
  return ms;
}

/**
 * A clock that only moves when told to, for tests and simulations.
 *
 * @example
 * const clock = new ManualClock("2026-09-28T10:00:00+08:00");
 * clock.advance({ hours: 2 });
 * clock.now().toISOString(); // "2026-09-28T04:00:00.000Z"
 */
export class ManualClock implements Clock {
  #ms: number;

  /** Starts the clock at `start`: a `Date`, epoch milliseconds or an ISO 8601 timestamp with an offset. */
  constructor(start: Date | string | number) {
    this.#ms = toEpochMs(start);
  }

  /** The clock's current instant (a fresh `Date`). */
  now(): Date {
    return new Date(this.#ms);
  }

  /** Moves the clock to `to` (forwards or backwards). Returns the clock. */
  set(to: Date | string | number): this {
    this.#ms = toEpochMs(to);
    return this;
  }

  /**
   * Moves the clock by `by`: milliseconds, or days / hours / minutes / seconds / milliseconds of
   * elapsed time (a day is 24 h here, whatever the time zone does). Negative amounts move it back.
   * Returns the clock.
   */
  advance(by: number | ClockAdvance): this {
    const ms =
      typeof by === "number"
        ? by
        : (by.days ?? 0) * 86_400_000 +
          (by.hours ?? 0) * 3_600_000 +
          (by.minutes ?? 0) * 60_000 +
          (by.seconds ?? 0) * 1_000 +
          (by.milliseconds ?? 0);
    this.#ms = toEpochMs(this.#ms + ms);
    return this;
  }
}
