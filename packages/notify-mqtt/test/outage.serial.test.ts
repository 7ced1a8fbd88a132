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
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { mqttChannel } from "../src/index.js";

/**
 * Stops the real Mosquitto on 127.0.0.1:1883 (SIGTERM to the process listening there) while a
 * few hundred outbox messages are being delivered, keeps the notifier draining while it is down,
 * starts it again (`scripts/services.sh mqtt`) and checks that the subscriber got every message
 * at least once, none went dead, and duplicates share their id.
 *
 * The subscriber has a persistent session (`clean: false`, a fixed client id, QoS 1), so the
 * broker queues for it while it is away; what it received before the stop is kept, and after
 * the restart it subscribes again when the broker lost the session. What the broker never
 * acknowledged, the notifier sends again.
 */
const exec = promisify(execFile);
const url = "mqtt://127.0.0.1:1883";
const run = Math.random().toString(36).slice(2, 10);
const PREFIX = `lianxin/test/outage/${run}`;
const repo = new URL("../../../", import.meta.url).pathname;

const TOTAL = 300;
const KEYS = 30;
const PER_SECOND = 25;

async function services(): Promise<void> {
  await exec("bash", ["scripts/services.sh", "mqtt"], { cwd: repo, timeout: 90_000 });
}

describe("@lianxin/notify-mqtt: Mosquitto stopped for a while under load", () => {
  const clients: MqttClient[] = [];
  const open = async (clientId: string, options: IClientOptions = {}) => {
    const c = await mqtt.connectAsync(url, {
      clientId,
      protocolVersion: 5,
      reconnectPeriod: 100,
      connectTimeout: 2_000,
      ...options,
    });
    c.on("error", () => undefined);
    clients.push(c);
    return c;
  };
  const channelOn = (client: MqttClient) =>
    mqttChannel({
      client,
      topic: (n) => `${PREFIX}/${n.topic.replaceAll(".", "/")}`,
      subscribeTopic: `${PREFIX}/#`,
      ackTimeoutMs: 500,
    });

  afterAll(async () => {
    // Whatever happened, leave Mosquitto running and answering.
    await services();
    // End the subscriber's persistent session on the broker: a clean connect with its id.
    try {
      const c = await mqtt.connectAsync(url, {
        clientId: `lianxin-outage-${run}-sub`,
        protocolVersion: 5,
        clean: true,
        reconnectPeriod: 0,
        connectTimeout: 2_000,
      });
      await c.endAsync();
    } catch {
      // nothing to clean
    }
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
  });

  it("delivers every message after Mosquitto returns: none lost, none dead, duplicates share the id", async () => {
    const start = "2026-11-27T08:00:00.000Z";
    const clock = new ManualClock(start);
    const store = memoryStore();
    const messages = await fillOutbox(store, { messages: TOTAL, keys: KEYS, tag: run, at: start });

    const sender = await open(`lianxin-outage-${run}-pub`);
    const channel = channelOn(sender);
    const notifier = createNotifier({
      store,
      channels: [channel],
      clock,
      rateLimit: { perSecond: PER_SECOND },
      sendTimeoutMs: 2_000,
    });

    // The subscriber: its own client, a persistent session the broker queues for.
    const listener = await open(`lianxin-outage-${run}-sub`, {
      clean: false,
      properties: { sessionExpiryInterval: 600 },
    });
    const sessions: boolean[] = [];
    listener.on("connect", (connack) => sessions.push(Boolean(connack.sessionPresent)));
    const received: Notification[] = [];
    const stopSubscriber = await channelOn(listener).subscribe!((n) => received.push(n));
    const receivedIds = () => new Set(received.map((n) => n.id));

    const { drain, totals } = countingDrain(notifier);

    try {
      // 1. Under load: drain a second at a time in the background; stop Mosquitto meanwhile.
      const pid = await listenerPid(1883);
      expect(pid).toBeDefined();
      const loop = drainInBackground(drain, clock, { step: { seconds: 1 }, pauseMs: 100 });
      await waitFor(
        async () => (await outboxByStatus(store, "delivered")).length >= TOTAL / 3,
        30_000,
        "a third delivered",
      );
      process.kill(pid as number, "SIGTERM");
      await waitFor(async () => !(await portOpen(1883)), 15_000, "Mosquitto to stop");
      const gotBeforeRestart = receivedIds().size;
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
      expect(outage.retried).toBe(3 * Math.min(KEYS, PER_SECOND));
      const failing = (await outboxByStatus(store, "pending")).filter((m) => m.lastError !== undefined);
      expect(failing.length).toBeGreaterThan(0);
      for (const m of failing) expect(m.lastError).toMatch(/^(not-connected|timeout|publish-failed)/);

      // 3. Mosquitto returns: both clients reconnect (the subscriber subscribes again if the
      // broker lost its session), then drain until nothing is pending.
      await services();
      await waitFor(() => sender.connected && listener.connected, 20_000, "the clients to reconnect");
      await new Promise((r) => setTimeout(r, 200)); // the resubscription's SUBACK
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

      // 4. Every message reached the subscriber at least once; a message seen twice is the same.
      await waitFor(() => messages.every((m) => receivedIds().has(m.id)), 10_000, "every message").catch(
        () => undefined,
      );
      const ids = receivedIds();
      const missing = messages.filter((m) => !ids.has(m.id)).map((m) => m.id);
      expect(missing, `before the restart the subscriber had ${gotBeforeRestart}`).toEqual([]);
      expectConsistentDuplicates(received, messages);
      // A broker that kept the session (persistence on) redelivers what was in flight: same ids.
      expect(sessions.length).toBeGreaterThan(0);
    } finally {
      await stopSubscriber().catch(() => undefined);
      await services();
    }
  });
});
