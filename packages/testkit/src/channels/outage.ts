import { execFile } from "node:child_process";
import { createConnection } from "node:net";
import { promisify } from "node:util";
import type {
  ClockAdvance,
  DrainSummary,
  ManualClock,
  Notification,
  OutboxMessage,
  Store,
} from "@lianxin/core";
import { expect } from "vitest";

/**
 * Helpers for broker-outage tests: fill a store's outbox, drain a notifier on a `ManualClock`
 * while a broker is stopped and started again, and check what arrived.
 */

const exec = promisify(execFile);

/** A drain of the notifier under test, e.g. `() => notifier.drain()`. */
export type Drain = () => Promise<DrainSummary>;

/** What {@link outboxMessage} and {@link fillOutbox} build the messages from. */
export interface OutboxFillOptions {
  /** How many messages. */
  messages: number;
  /** How many ordering keys (and recipients) they spread over, round robin. */
  keys: number;
  /** Made part of every id and ordering key, so runs do not collide (e.g. the pid and a time). */
  tag: string;
  /** `createdAt` and `availableAt` of every message (ISO). */
  at: string;
  /** Topic and template of every message; default `"work-order.reminder"`. */
  topic?: string;
}

/**
 * The `i`-th pending outbox message of a fill: id `m-<tag>-<i, 4 digits>`, ordering key
 * `need-<tag>-<i % keys>`, recipient `worker-<i % keys>`.
 */
export function outboxMessage(i: number, options: Omit<OutboxFillOptions, "messages">): OutboxMessage {
  const { keys, tag, at, topic = "work-order.reminder" } = options;
  const key = `need-${tag}-${i % keys}`;
  return {
    id: `m-${tag}-${String(i).padStart(4, "0")}`,
    topic,
    template: topic,
    recipient: { role: "grid-worker", id: `worker-${i % keys}` },
    orderingKey: key,
    scope: "district/street",
    payload: { need: key, workOrder: `wo-${i}`, status: "dispatched" },
    createdAt: at,
    status: "pending",
    attempts: 0,
    availableAt: at,
  };
}

/** Enqueues `options.messages` pending messages (see {@link outboxMessage}) in one transaction and returns them. */
export async function fillOutbox(store: Store, options: OutboxFillOptions): Promise<OutboxMessage[]> {
  const messages = Array.from({ length: options.messages }, (_, i) => outboxMessage(i, options));
  await store.transaction(async (tx) => tx.enqueue(messages));
  return messages;
}

/** Every outbox message with `status`, read page by page. */
export async function outboxByStatus(
  store: Store,
  status: OutboxMessage["status"],
): Promise<OutboxMessage[]> {
  const out: OutboxMessage[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await store.listOutbox({ status, limit: 1_000, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

/** A summary with every count at zero. */
export function emptySummary(): DrainSummary {
  return { delivered: 0, retried: 0, dead: 0, skipped: 0 };
}

/** Adds the counts of `summary` to `into` (in place) and returns `into`. */
export function addSummary(into: DrainSummary, summary: DrainSummary): DrainSummary {
  into.delivered += summary.delivered;
  into.retried += summary.retried;
  into.dead += summary.dead;
  into.skipped += summary.skipped;
  return into;
}

/** A drain that adds every summary to `totals`. */
export function countingDrain(notifier: { drain(): Promise<DrainSummary> }): {
  drain: Drain;
  totals: DrainSummary;
} {
  const totals = emptySummary();
  const drain: Drain = async () => {
    const summary = await notifier.drain();
    addSummary(totals, summary);
    return summary;
  };
  return { drain, totals };
}

/** How {@link drainUntil} steps. */
export interface DrainUntilOptions {
  /** How far the clock moves each round. */
  step: number | ClockAdvance;
  /** Stop after this many rounds even if `done` never holds; default no limit. */
  maxRounds?: number;
  /** Move the clock before each drain rather than after it; default `false`. */
  advanceFirst?: boolean;
}

/**
 * Drains and moves `clock` by `step` until `done()` holds (checked before each round) or
 * `maxRounds` rounds ran. Returns the number of rounds.
 */
export async function drainUntil(
  drain: Drain,
  clock: ManualClock,
  done: () => boolean | Promise<boolean>,
  options: DrainUntilOptions,
): Promise<number> {
  const { step, maxRounds = Number.POSITIVE_INFINITY, advanceFirst = false } = options;
  let rounds = 0;
  for (; rounds < maxRounds && !(await done()); rounds++) {
    if (advanceFirst) clock.advance(step);
    await drain();
    if (!advanceFirst) clock.advance(step);
  }
  return rounds;
}

/** For each of `steps`: moves `clock` by it, then drains. Returns the sum of those drains. */
export async function drainSteps(
  drain: Drain,
  clock: ManualClock,
  steps: ReadonlyArray<number | ClockAdvance>,
): Promise<DrainSummary> {
  const sum = emptySummary();
  for (const step of steps) {
    clock.advance(step);
    addSummary(sum, await drain());
  }
  return sum;
}

/**
 * Drains, moves `clock` by `step` and pauses `pauseMs` (real time), over and over in the
 * background until `stop()`, which resolves once the round under way has finished.
 */
export function drainInBackground(
  drain: Drain,
  clock: ManualClock,
  options: { step: number | ClockAdvance; pauseMs?: number },
): { stop(): Promise<void> } {
  const { step, pauseMs = 100 } = options;
  let looping = true;
  const loop = (async () => {
    while (looping) {
      await drain();
      clock.advance(step);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  })();
  return {
    stop: async () => {
      looping = false;
      await loop;
    },
  };
}

/** Polls `check` every `intervalMs` (default 25) until it holds; throws `timed out waiting for <what>` after `ms`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  ms: number,
  what: string,
  intervalMs = 25,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Whether a TCP connection to `host:port` opens within a second. */
export function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** The pid of the process listening on TCP `port`, from `ss -ltnp` (Linux); `undefined` if none is seen. */
export async function listenerPid(port: number): Promise<number | undefined> {
  const { stdout } = await exec("ss", ["-ltnpH", `sport = :${port}`]);
  const match = /pid=(\d+)/.exec(stdout);
  return match ? Number(match[1]) : undefined;
}

/**
 * Checks (vitest `expect`) that every notification in `received` is one of `messages`, and that a
 * notification seen more than once carries the same topic, data and `createdAt` each time.
 */
export function expectConsistentDuplicates(
  received: readonly Notification[],
  messages: ReadonlyArray<Pick<OutboxMessage, "id">>,
): void {
  const byId = new Map<string, Notification>();
  for (const n of received) {
    expect(messages.some((m) => m.id === n.id)).toBe(true);
    const first = byId.get(n.id);
    if (first) {
      expect({ topic: n.topic, data: n.data, createdAt: n.createdAt }).toEqual({
        topic: first.topic,
        data: first.data,
        createdAt: first.createdAt,
      });
    } else byId.set(n.id, n);
  }
}
