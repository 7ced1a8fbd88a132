import type { EngineContext } from "./engine-context.js";
import type { Lifecycle } from "./lifecycle-actions.js";

/** What one `tick` did. */
export interface TickResult {
  /** Timers fired, by kind. */
  fired: { remind: number; overdue: number; escalate: number; "follow-up": number };
  /** Timers another worker had already fired. */
  skipped: number;
}

/** Options of `tick`. */
export interface TickOptions {
  /** Who is ticking, for leases when several workers tick at once. @default "tick" */
  worker?: string;
  /** How many timers to claim at a time. @default 500 */
  batch?: number;
  /** How long a claim holds before another worker may take the timer. @default 60000 */
  leaseMs?: number;
}

/**
 * Finds what is due at `now` and does it: reminders (催办), overdue marks, escalation up the
 * ladder (督办, 吹哨), follow-up calls (回访). Each timer fires at most once, in its own
 * transaction, however many times or by however many workers `tick` runs for a moment.
 */
export async function tick(
  ctx: EngineContext,
  lifecycle: Lifecycle,
  now: Date,
  options: TickOptions = {},
): Promise<TickResult> {
  const worker = options.worker ?? "tick";
  const batch = options.batch ?? 500;
  const leaseMs = options.leaseMs ?? 60_000;
  const result: TickResult = { fired: { remind: 0, overdue: 0, escalate: 0, "follow-up": 0 }, skipped: 0 };
  for (;;) {
    const timers = await ctx.store.claimDueTimers(worker, now, batch, leaseMs);
    if (timers.length === 0) break;
    for (const t of timers) {
      if (await lifecycle.fire(t, worker, now)) result.fired[t.kind]++;
      else result.skipped++;
    }
    if (timers.length < batch) break;
  }
  return result;
}
