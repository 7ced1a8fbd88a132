import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  createNotifier,
  type DrainSummary,
  ManualClock,
  memoryStore,
  type Notification,
  type OutboxMessage,
  type Store,
} from "@lianxin/core";
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

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function message(i: number, at: string): OutboxMessage {
  const key = `need-${run}-${i % KEYS}`;
  return {
    id: `m-${run}-${String(i).padStart(4, "0")}`,
    topic: "work-order.reminder",
    template: "work-order.reminder",
    recipient: { role: "grid-worker", id: `worker-${i % KEYS}` },
    orderingKey: key,
    scope: "district/street",
    payload: { need: key, workOrder: `wo-${i}`, status: "dispatched" },
    createdAt: at,
    status: "pending",
    attempts: 0,
    availableAt: at,
  };
}

async function outbox(store: Store, status: OutboxMessage["status"]): Promise<OutboxMessage[]> {
  const out: OutboxMessage[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await store.listOutbox({ status, limit: 1_000, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

const add = (a: DrainSummary, b: DrainSummary) => {
  a.delivered += b.delivered;
  a.retried += b.retried;
  a.dead += b.dead;
  a.skipped += b.skipped;
};
const zero = (): DrainSummary => ({ delivered: 0, retried: 0, dead: 0, skipped: 0 });

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
    const messages = Array.from({ length: TOTAL }, (_, i) => message(i, start));
    await store.transaction(async (tx) => tx.enqueue(messages));

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

    const totals = zero();
    const drain = async () => {
      const s = await notifier.drain();
      add(totals, s);
      return s;
    };

    try {
      // 1. Under load: drain a second at a time (the rate limit lets 25 out per second).
      while ((await outbox(store, "delivered")).length < TOTAL / 3) {
        await drain();
        clock.advance({ seconds: 1 });
      }
      const before = (await outbox(store, "delivered")).map((m) => m.id);
      // Redis keeps nothing across the restart: stop it only once the subscriber read what it accepted.
      await until(() => before.every((id) => receivedIds().has(id)), 10_000, "the subscriber to catch up");

      // 2. The outage: stop Redis, keep draining; every send fails and is scheduled again.
      await exec("redis-cli", ["-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"]).catch(() => undefined);
      await until(async () => !(await answers()), 10_000, "Redis to stop");
      const outage = zero();
      for (const step of [
        { seconds: 1 },
        { seconds: 6 },
        { minutes: 5, seconds: 1 },
        { minutes: 30, seconds: 1 },
      ]) {
        clock.advance(step);
        add(outage, await drain());
      }
      expect(outage.delivered).toBe(0);
      expect(outage.dead).toBe(0);
      // One attempt per ordering key whose head is due, at most the rate limit per drain.
      expect(outage.retried).toBe(4 * Math.min(KEYS, PER_SECOND));
      const failing = (await outbox(store, "pending")).filter((m) => m.lastError !== undefined);
      expect(failing.length).toBeGreaterThan(0);
      for (const m of failing) expect(m.lastError).toMatch(/^redis\.(connection|timeout)/);

      // 3. Redis returns: drain until nothing is pending (past every retry time).
      await services();
      await until(
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
      for (let i = 0; i < 200 && (await outbox(store, "pending")).length > 0; i++) {
        clock.advance({ minutes: 10 });
        await drain();
      }
      expect(await outbox(store, "pending")).toEqual([]);
      expect(await outbox(store, "dead")).toEqual([]);
      expect((await outbox(store, "delivered")).length).toBe(TOTAL);

      // 4. What arrived: the live subscriber, and the stream read again after the outage.
      const delivered = (await outbox(store, "delivered")).map((m) => m.id);
      await until(() => delivered.every((id) => receivedIds().has(id)), 10_000, "the subscriber to see all");
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
      const byId = new Map<string, Notification>();
      for (const n of all) {
        const first = byId.get(n.id);
        if (first) {
          expect({ topic: n.topic, data: n.data, createdAt: n.createdAt }).toEqual({
            topic: first.topic,
            data: first.data,
            createdAt: first.createdAt,
          });
        } else byId.set(n.id, n);
        expect(messages.some((m) => m.id === n.id)).toBe(true);
      }
      expect(totals.dead).toBe(0);
      expect(totals.delivered).toBe(TOTAL);
    } finally {
      await stopSubscriber().catch(() => undefined);
      await services();
    }
  });
});
