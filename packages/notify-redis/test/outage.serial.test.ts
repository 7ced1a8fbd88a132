import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createNotifier, ManualClock, memoryStore, type Notification } from "@lianxin/core";
import {
  countingDrain,
  drainSteps,
  drainUntil,
  expectConsistentDuplicates,
  fillOutbox,
  outboxByStatus,
  waitFor,
} from "@lianxin/testkit/channels";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { fromRedisEnvelope, redisChannel } from "../src/index.js";

/**
 * Stops the real Redis on 127.0.0.1:6379 (`SHUTDOWN NOSAVE`) in the middle of delivering a few
 * hundred outbox messages, keeps the notifier draining while it is down, starts it again
 * (`scripts/services.sh redis`) and checks that every message arrived at least once, none went
 * dead, and a message seen twice carries the same id and payload.
 *
 * Redis here keeps nothing across a restart (`--save "" --appendonly no`): the stream is empty
 * afterwards. So the subscriber reads the stream live, the broker is stopped only once the
 * subscriber has read what Redis accepted, and the stream is read again after the outage.
 */
const exec = promisify(execFile);
const url = "redis://127.0.0.1:6379";
const run = `${process.pid}-${Date.now().toString(36)}`;
const streamKey = `lianxin-test:${run}:outage`;
const repo = new URL("../../../", import.meta.url).pathname;

const TOTAL = 300;
const KEYS = 30;
const PER_SECOND = 25;

async function services(): Promise<void> {
  await exec("bash", ["scripts/services.sh", "redis"], { cwd: repo, timeout: 90_000 });
}

async function answers(): Promise<boolean> {
  try {
    const { stdout } = await exec("redis-cli", ["-h", "127.0.0.1", "-p", "6379", "ping"], { timeout: 5_000 });
    return stdout.trim() === "PONG";
  } catch {
    return false;
  }
}

describe("@lianxin/notify-redis: Redis stopped for a while under load", () => {
  const clients: Redis[] = [];
  const open = () => {
    const c = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 100, lazyConnect: false });
    c.on("error", () => undefined);
    clients.push(c);
    return c;
  };

  afterAll(async () => {
    // Whatever happened, leave Redis running and answering.
    await services();
    const c = new Redis(url);
    c.on("error", () => undefined);
    await c.del(streamKey).catch(() => 0);
    const dedupe = await c.keys(`${streamKey}:dedupe:*`).catch(() => [] as string[]);
    if (dedupe.length > 0) await c.del(...dedupe).catch(() => 0);
    c.disconnect();
    for (const client of clients) client.disconnect();
  });

  it("delivers every message after Redis returns: none lost, none dead, duplicates share the id", async () => {
    const start = "2026-11-27T08:00:00.000Z";
    const clock = new ManualClock(start);
    const store = memoryStore();
    const messages = await fillOutbox(store, { messages: TOTAL, keys: KEYS, tag: run, at: start });

    const sender = open();
    const channel = redisChannel({ client: sender, mode: "stream", streamKey, timeoutMs: 500 });
    const notifier = createNotifier({
      store,
      channels: [channel],
      clock,
      rateLimit: { perSecond: PER_SECOND },
      sendTimeoutMs: 2_000,
    });

    // The subscriber: its own connection (the channel duplicates the reader's client), reading the stream.
    const received: Notification[] = [];
    const reader = redisChannel({ client: open(), mode: "stream", streamKey, timeoutMs: 500 });
    const stopSubscriber = await reader.subscribe!((n) => received.push(n));
    const receivedIds = () => new Set(received.map((n) => n.id));

    const { drain, totals } = countingDrain(notifier);

    try {
      // 1. Under load: drain a second at a time (the rate limit lets 25 out per second).
      await drainUntil(
        drain,
        clock,
        async () => (await outboxByStatus(store, "delivered")).length >= TOTAL / 3,
        {
          step: { seconds: 1 },
        },
      );
      const before = (await outboxByStatus(store, "delivered")).map((m) => m.id);
      // Redis keeps nothing across the restart: stop it only once the subscriber read what it accepted.
      await waitFor(() => before.every((id) => receivedIds().has(id)), 10_000, "the subscriber to catch up");

      // 2. The outage: stop Redis, keep draining; every send fails and is scheduled again.
      await exec("redis-cli", ["-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"]).catch(() => undefined);
      await waitFor(async () => !(await answers()), 10_000, "Redis to stop");
      const outage = await drainSteps(drain, clock, [
        { seconds: 1 },
        { seconds: 6 },
        { minutes: 5, seconds: 1 },
        { minutes: 30, seconds: 1 },
      ]);
      expect(outage.delivered).toBe(0);
      expect(outage.dead).toBe(0);
      // One attempt per ordering key whose head is due, at most the rate limit per drain.
      expect(outage.retried).toBe(4 * Math.min(KEYS, PER_SECOND));
      const failing = (await outboxByStatus(store, "pending")).filter((m) => m.lastError !== undefined);
      expect(failing.length).toBeGreaterThan(0);
      for (const m of failing) expect(m.lastError).toMatch(/^redis\.(connection|timeout)/);

      // 3. Redis returns: drain until nothing is pending (past every retry time).
      await services();
      await waitFor(
        async () => {
          try {
            await channel.verify!();
            return true;
          } catch {
            return false;
          }
        },
        20_000,
        "the sender to reconnect",
      );
      await drainUntil(drain, clock, async () => (await outboxByStatus(store, "pending")).length === 0, {
        step: { minutes: 10 },
        maxRounds: 200,
        advanceFirst: true,
      });
      expect(await outboxByStatus(store, "pending")).toEqual([]);
      expect(await outboxByStatus(store, "dead")).toEqual([]);
      expect((await outboxByStatus(store, "delivered")).length).toBe(TOTAL);

      // 4. What arrived: the live subscriber, and the stream read again after the outage.
      const delivered = (await outboxByStatus(store, "delivered")).map((m) => m.id);
      await waitFor(
        () => delivered.every((id) => receivedIds().has(id)),
        10_000,
        "the subscriber to see all",
      );
      const check = open();
      const entries = (await check.xrange(streamKey, "-", "+")) as Array<[string, string[]]>;
      const reread: Notification[] = [];
      for (const [, fields] of entries) {
        const i = fields.indexOf("envelope");
        const n = i >= 0 ? fromRedisEnvelope(fields[i + 1] ?? "") : undefined;
        if (n) reread.push(n);
      }
      // Every message sent after the restart is in the new stream.
      const afterRestart = delivered.filter((id) => !before.includes(id));
      const inStream = new Set(reread.map((n) => n.id));
      for (const id of afterRestart) expect(inStream.has(id)).toBe(true);

      const all = [...received, ...reread];
      const ids = new Set(all.map((n) => n.id));
      for (const m of messages) expect(ids.has(m.id), m.id).toBe(true);
      // A message seen more than once is the same message: same id, same payload.
      expectConsistentDuplicates(all, messages);
      expect(totals.dead).toBe(0);
      expect(totals.delivered).toBe(TOTAL);
    } finally {
      await stopSubscriber().catch(() => undefined);
      await services();
    }
  });
});
