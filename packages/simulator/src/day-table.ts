import { addDays, type WorkingCalendar } from "@lianxin/core";

/** Local days from the run's first: their dates, midnights and working windows, computed once. */
export class DayTable {
  readonly #dates: string[] = [];
  readonly #starts: number[] = [];
  readonly #windows: ({ start: number; end: number } | null)[] = [];

  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly first: string,
  ) {}

  #ensure(d: number): void {
    while (this.#dates.length <= d) {
      const date = addDays(this.first, this.#dates.length);
      this.#dates.push(date);
      this.#starts.push(this.calendar.toInstant(date).getTime());
      const w = this.calendar.workingWindow(date);
      this.#windows.push(w ? { start: w.start.getTime(), end: w.end.getTime() } : null);
    }
  }

  date(d: number): string {
    this.#ensure(d);
    return this.#dates[d]!;
  }

  /** Local midnight of day `d` (epoch ms). */
  start(d: number): number {
    this.#ensure(d);
    return this.#starts[d]!;
  }

  /** The working hours of day `d`, or null on a day off. */
  window(d: number): { start: number; end: number } | null {
    this.#ensure(d);
    return this.#windows[d]!;
  }

  /** The day an instant falls on (0 for anything before the first day). */
  dayOf(t: number): number {
    let d = Math.max(0, Math.floor((t - this.start(0)) / 86_400_000));
    while (d > 0 && this.start(d) > t) d--;
    while (this.start(d + 1) <= t) d++;
    return d;
  }
}
