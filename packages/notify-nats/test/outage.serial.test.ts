import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createNotifier, ManualClock, memoryStore, type Notification } from "@lianxin/core";
import {
  countingDrain,
  drainInBackground,
  drainSteps,
  drainUntil,
  expectConsistentDuplicates,
  fillOutbox,
  listenerPid,
  outboxByStatus,
  portOpen,
  waitFor,
} from "@lianxin/testkit/channels";
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
    const messages = await fillOutbox(store, { messages: TOTAL, keys: KEYS, tag: run, at: start });

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

    const { drain, totals } = countingDrain(notifier);

    let survived = true;
    try {
      // 1. Under load: drain a second at a time in the background; stop NATS meanwhile.
      const pid = await listenerPid(4222);
      expect(pid).toBeDefined();
      const loop = drainInBackground(drain, clock, { step: { seconds: 1 }, pauseMs: 100 });
      await waitFor(
        async () => (await outboxByStatus(store, "delivered")).length >= TOTAL / 3,
        30_000,
        "a third delivered",
      );
      process.kill(pid as number, "SIGTERM");
      await waitFor(async () => !(await portOpen(4222)), 15_000, "NATS to stop");
      // Let the loop run into the outage, then stop it.
      const failedBefore = totals.retried;
      await waitFor(() => totals.retried > failedBefore, 15_000, "sends to fail");
      await loop.stop();

      // 2. The outage: keep draining past each retry time; every send fails and is scheduled again.
      const outage = await drainSteps(drain, clock, [
        { seconds: 6 },
        { minutes: 5, seconds: 1 },
        { minutes: 30, seconds: 1 },
      ]);
      expect(outage.delivered).toBe(0);
      expect(outage.dead).toBe(0);
      expect(outage.retried).toBeGreaterThan(0);
      const failing = (await outboxByStatus(store, "pending")).filter((m) => m.lastError !== undefined);
      expect(failing.length).toBeGreaterThan(0);

      // 3. NATS returns. The stream is on disk; recreate it if it is not there.
      await services();
      await waitFor(() => !sending.isClosed() && sending.info !== undefined, 5_000, "the sender");
      const jsm = await jetstreamManager(sending, { timeout: 2_000 });
      await waitFor(
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
      await waitFor(
        () => new Set(received.map((n) => n.id)).size >= inStream.size,
        5_000,
        "the subscriber",
      ).catch(() => undefined);

      const all = [...stored, ...received];
      const ids = new Set(all.map((n) => n.id));
      for (const m of messages) expect(ids.has(m.id), m.id).toBe(true);
      expectConsistentDuplicates(all, messages);
    } finally {
      await stopSubscriber().catch(() => undefined);
      await services();
    }
  });
});
