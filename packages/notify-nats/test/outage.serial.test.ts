import { execFile } from "node:child_process";
import { createConnection } from "node:net";
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
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { afterAll, describe, expect, it } from "vitest";
import { fromEnvelope, natsChannel } from "../src/index.js";

/**
 * Stops the real NATS server on 127.0.0.1:4222 (SIGTERM to the process listening there) while a
 * few hundred outbox messages are being delivered, keeps the notifier draining while it is down,
 * starts it again (`scripts/services.sh nats`) and checks that every message is in the JetStream
 * stream (or reached the live subscriber), none went dead, and duplicates share their id.
 * The stream is file-backed (`-sd`): it survives the restart; it is recreated if it did not.
 */
const exec = promisify(execFile);
const url = "nats://127.0.0.1:4222";
const run = Math.random().toString(36).slice(2, 10);
const STREAM = `LIANXIN_OUTAGE_${run}`;
const PREFIX = `lianxin.test.outage.${run}`;
const repo = new URL("../../../", import.meta.url).pathname;

const TOTAL = 300;
const KEYS = 30;
const PER_SECOND = 25;

async function services(): Promise<void> {
  await exec("bash", ["scripts/services.sh", "nats"], { cwd: repo, timeout: 90_000 });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
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

/** The pid of the process listening on 127.0.0.1:`port`, from `ss`. */
async function listenerPid(port: number): Promise<number | undefined> {
  const { stdout } = await exec("ss", ["-ltnpH", `sport = :${port}`]);
  const match = /pid=(\d+)/.exec(stdout);
  return match ? Number(match[1]) : undefined;
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

const zero = (): DrainSummary => ({ delivered: 0, retried: 0, dead: 0, skipped: 0 });
const add = (a: DrainSummary, b: DrainSummary) => {
  a.delivered += b.delivered;
  a.retried += b.retried;
  a.dead += b.dead;
  a.skipped += b.skipped;
};

describe("@lianxin/notify-nats: NATS stopped for a while under load", () => {
  const connections: NatsConnection[] = [];
  const open = async () => {
    const c = await connect({
      servers: url,
      name: `lianxin-outage-${run}`,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    connections.push(c);
    return c;
  };
  const addStream = async (nc: NatsConnection) => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: STREAM,
      subjects: [`${PREFIX}.>`],
      duplicate_window: 2 * 60 * 1_000_000_000, // nanoseconds
    });
  };

  afterAll(async () => {
    // Whatever happened, leave NATS running and answering.
    await services();
    try {
      const nc = await connect({ servers: url, name: `lianxin-outage-cleanup-${run}` });
      await (await jetstreamManager(nc)).streams.delete(STREAM).catch(() => false);
      await nc.close();
    } catch {
      // nothing to clean
    }
    for (const c of connections) if (!c.isClosed()) await c.close().catch(() => undefined);
  });

  it("delivers every message after NATS returns: none lost, none dead, duplicates share the id", async () => {
    const start = "2026-11-27T08:00:00.000Z";
    const clock = new ManualClock(start);
    const store = memoryStore();
    const messages = Array.from({ length: TOTAL }, (_, i) => message(i, start));
    await store.transaction(async (tx) => tx.enqueue(messages));

    const sending = await open();
    await addStream(sending);
    const channel = natsChannel({
      connection: sending,
      subject: (n) => `${PREFIX}.${n.topic}`,
      subscribeSubject: `${PREFIX}.>`,
      stream: STREAM,
      timeoutMs: 500,
    });
    const notifier = createNotifier({
      store,
      channels: [channel],
      clock,
      rateLimit: { perSecond: PER_SECOND },
      sendTimeoutMs: 2_000,
    });

    // The live subscriber, on its own connection (an ordered consumer of the stream).
    const received: Notification[] = [];
    const reading = await open();
    const stopSubscriber = await natsChannel({
      connection: reading,
      subject: (n) => `${PREFIX}.${n.topic}`,
      subscribeSubject: `${PREFIX}.>`,
      stream: STREAM,
      timeoutMs: 500,
    }).subscribe!((n) => received.push(n));

    const totals = zero();
    const drain = async () => {
      const s = await notifier.drain();
      add(totals, s);
      return s;
    };

    let survived = true;
    try {
      // 1. Under load: drain a second at a time in the background; stop NATS meanwhile.
      const pid = await listenerPid(4222);
      expect(pid).toBeDefined();
      let looping = true;
      const loop = (async () => {
        while (looping) {
          await drain();
          clock.advance({ seconds: 1 });
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      await until(
        async () => (await outbox(store, "delivered")).length >= TOTAL / 3,
        30_000,
        "a third delivered",
      );
      process.kill(pid as number, "SIGTERM");
      await until(async () => !(await portOpen(4222)), 15_000, "NATS to stop");
      // Let the loop run into the outage, then stop it.
      const failedBefore = totals.retried;
      await until(() => totals.retried > failedBefore, 15_000, "sends to fail");
      looping = false;
      await loop;

      // 2. The outage: keep draining past each retry time; every send fails and is scheduled again.
      const outage = zero();
      for (const step of [{ seconds: 6 }, { minutes: 5, seconds: 1 }, { minutes: 30, seconds: 1 }]) {
        clock.advance(step);
        add(outage, await drain());
      }
      expect(outage.delivered).toBe(0);
      expect(outage.dead).toBe(0);
      expect(outage.retried).toBeGreaterThan(0);
      const failing = (await outbox(store, "pending")).filter((m) => m.lastError !== undefined);
      expect(failing.length).toBeGreaterThan(0);

      // 3. NATS returns. The stream is on disk; recreate it if it is not there.
      await services();
      await until(() => !sending.isClosed() && sending.info !== undefined, 5_000, "the sender");
      const jsm = await jetstreamManager(sending, { timeout: 2_000 });
      await until(
        async () => {
          try {
            await jsm.streams.info(STREAM);
            return true;
          } catch (e) {
            if (String(e).includes("stream not found")) {
              survived = false;
              await addStream(sending);
              return true;
            }
            return false;
          }
        },
        20_000,
        "JetStream to answer",
      );
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
      expect(totals.dead).toBe(0);
      expect(totals.delivered).toBe(TOTAL);

      // 4. What arrived: the stream read from its first message, and the live subscriber.
      const info = await jsm.streams.info(STREAM);
      const stored: Notification[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const m = await jsm.streams.getMessage(STREAM, { seq });
        const n = m ? fromEnvelope(m.json()) : undefined;
        if (n) {
          // The header and the envelope name the same message.
          expect(m?.header?.get("Nats-Msg-Id")).toBe(n.id);
          stored.push(n);
        }
      }
      const inStream = new Set(stored.map((n) => n.id));
      if (survived) for (const m of messages) expect(inStream.has(m.id), m.id).toBe(true);
      // The live subscriber (an ordered consumer) may lag after the restart: the stream is the record.
      await until(
        () => new Set(received.map((n) => n.id)).size >= inStream.size,
        5_000,
        "the subscriber",
      ).catch(() => undefined);

      const all = [...stored, ...received];
      const ids = new Set(all.map((n) => n.id));
      for (const m of messages) expect(ids.has(m.id), m.id).toBe(true);
      const byId = new Map<string, Notification>();
      for (const n of all) {
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
    } finally {
      await stopSubscriber().catch(() => undefined);
      await services();
    }
  });
});
