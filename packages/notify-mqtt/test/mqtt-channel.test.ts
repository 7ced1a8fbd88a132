import { createConnection } from "node:net";
import { ChannelError, type Notification } from "@lianxin/core";
import { channelSuite } from "@lianxin/testkit/channels";
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { MQTT_ID_PROPERTY, mqttChannel, toEnvelope, topicMatches } from "../src/index.js";

/**
 * These tests need an MQTT broker: LIANXIN_MQTT_URL, default mqtt://127.0.0.1:1883
 * (`bash scripts/services.sh mqtt`). In CI (CI set) or with the variable set they always run;
 * otherwise they run only when the default broker answers. They never stop the broker: faults
 * are made on the client side (end(), a destroyed socket).
 */
const url = process.env.LIANXIN_MQTT_URL ?? "mqtt://127.0.0.1:1883";
const SKIP_REASON = `skipped: no MQTT broker at ${url} (set LIANXIN_MQTT_URL, or run scripts/services.sh mqtt)`;

function answers(address: string): Promise<boolean> {
  const u = new URL(address);
  return new Promise((resolve) => {
    const socket = createConnection({ host: u.hostname, port: Number(u.port || 1883) });
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
const enabled = Boolean(process.env.CI) || process.env.LIANXIN_MQTT_URL !== undefined || (await answers(url));

// A topic prefix of its own per run, so parallel runs never see each other's messages.
const run = Math.random().toString(36).slice(2, 10);
const PREFIX = `lianxin/test/${run}`;

let seq = 0;
const notification = (overrides: Partial<Notification> = {}): Notification => {
  const id = `n-${run}-${++seq}`;
  return {
    id,
    topic: "need.dispatched",
    recipient: { role: "grid-worker", id: "resident-should-not-travel" },
    lang: "zh-CN",
    subject: "新的工单",
    text: "楼道灯坏了，请处理",
    data: { need: "need-1", status: "dispatched" },
    createdAt: "2026-10-09T08:00:00+08:00",
    source: { id, orderingKey: "need-1", attempts: 0 },
    ...overrides,
  };
};

const waitFor = async (check: () => boolean, ms = 5_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.skipIf(!enabled)(enabled ? "@lianxin/notify-mqtt" : SKIP_REASON, () => {
  // Clients connect inside the tests: a skipped describe still runs its body to collect them.
  const clients: MqttClient[] = [];
  const open = async (options: IClientOptions = {}) => {
    const c = await mqtt.connectAsync(url, {
      clientId: `lianxin-test-${run}-${clients.length}`,
      protocolVersion: 5,
      reconnectPeriod: 200,
      connectTimeout: 5_000,
      ...options,
    });
    clients.push(c);
    return c;
  };
  const channelOn = (client: MqttClient) =>
    mqttChannel({
      client,
      topic: (n) => `${PREFIX}/${n.topic.replaceAll(".", "/")}`,
      subscribeTopic: `${PREFIX}/#`,
    });
  /** A plain subscriber client on the run's prefix, recording every PUBLISH packet. */
  const subscriber = async () => {
    const client = await open();
    const packets: IPublishPacket[] = [];
    client.on("message", (_topic, _payload, packet) => packets.push(packet));
    await client.subscribeAsync(`${PREFIX}/#`, { qos: 1 });
    const ids = () => packets.map((p) => JSON.parse(p.payload.toString()).id as string);
    return { packets, ids };
  };

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true)));
  });

  // The shared conformance suite. The sink is a second client subscribed to the run's prefix.
  channelSuite({
    name: "mqtt",
    create: async () => {
      const publisher = await open();
      const listener = await open();
      const got: Notification[] = [];
      const stop = await channelOn(listener).subscribe!((n) => got.push(n));
      return {
        channel: channelOn(publisher),
        received: () => [...got],
        cleanup: async () => {
          await stop();
          await Promise.all([publisher.endAsync(), listener.endAsync()]);
        },
      };
    },
  });

  it("sends notifications that a subscriber receives, with their ids, at QoS 1", async () => {
    const sub = await subscriber();
    const channel = channelOn(await open());
    const sent = [notification(), notification(), notification()];
    for (const n of sent) {
      const result = await channel.send(n);
      expect(result.id).toBe(n.id);
      expect(Number.isNaN(Date.parse(result.acceptedAt))).toBe(false);
    }
    await waitFor(() => sub.packets.length === 3);
    expect(sub.ids()).toEqual(sent.map((n) => n.id)); // in order
    for (const p of sub.packets) {
      expect(p.qos).toBe(1);
      expect(p.topic).toBe(`${PREFIX}/need/dispatched`);
      expect(p.properties?.userProperties?.[MQTT_ID_PROPERTY]).toBe(JSON.parse(p.payload.toString()).id);
    }
  });

  it("sends only the envelope: no recipient id, subject or text", async () => {
    const sub = await subscriber();
    const n = notification();
    await channelOn(await open()).send(n);
    await waitFor(() => sub.packets.length === 1);
    const body = JSON.parse(sub.packets[0]!.payload.toString());
    expect(body).toEqual(toEnvelope(n));
    expect(Object.keys(body).sort()).toEqual(["createdAt", "data", "id", "lang", "recipient", "topic"]);
    expect(sub.packets[0]!.payload.toString()).not.toContain("resident-should-not-travel");
  });

  it("works with an MQTT 3.1.1 client: the id is in the envelope only", async () => {
    const sub = await subscriber();
    const n = notification();
    await channelOn(await open({ protocolVersion: 4 })).send(n);
    await waitFor(() => sub.packets.length === 1);
    expect(sub.ids()).toEqual([n.id]);
    expect(sub.packets[0]!.properties?.userProperties).toBeUndefined();
  });

  it("subscribe() decodes envelopes and stops when asked", async () => {
    const client = await open();
    const channel = channelOn(client);
    const got: Notification[] = [];
    const stop = await channel.subscribe!((n) => got.push(n));
    const n = notification({ topic: "work-order.overdue" });
    await channel.send(n);
    await waitFor(() => got.length === 1);
    expect(got[0]).toMatchObject({
      id: n.id,
      topic: "work-order.overdue",
      recipient: { role: "grid-worker" },
    });
    await stop();
    await channel.send(notification());
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toHaveLength(1);
  });

  it("FAULT: after client.end() send fails fast, retryable; after reconnect it is delivered", async () => {
    const sub = await subscriber();
    const client = await open({ reconnectPeriod: 0 });
    const channel = channelOn(client);
    const n = notification();
    await client.endAsync();
    const err = await channel.send(n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ channel: "mqtt", code: "not-connected", retryable: true, disable: false });
    await expect(channel.verify!()).rejects.toMatchObject({ retryable: true });

    const connected = new Promise<void>((resolve) => client.once("connect", () => resolve()));
    client.reconnect();
    await connected;
    await channel.send(n);
    await waitFor(() => sub.ids().includes(n.id));
    expect(sub.ids()).toEqual([n.id]);
  });

  it("FAULT: a destroyed socket → retryable not-connected; after the client reconnects, delivered", async () => {
    const sub = await subscriber();
    const client = await open();
    const channel = channelOn(client);
    const n = notification();
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    client.stream.destroy();
    await closed;
    const err = await channel.send(n).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "not-connected", retryable: true });

    await waitFor(() => client.connected);
    await channel.send(n);
    await waitFor(() => sub.ids().includes(n.id));
    expect(sub.ids()).toEqual([n.id]);
  });

  it("names the channel, declares capabilities and matches topic filters", () => {
    const channel = mqttChannel({ client: {} as MqttClient, name: "mqtt-district" });
    expect(channel.name).toBe("mqtt-district");
    expect(channel.capabilities).toEqual({ dedupeById: true, ordered: true });
    expect(topicMatches("lianxin/#", "lianxin/need/dispatched")).toBe(true);
    expect(topicMatches("lianxin/+/dispatched", "lianxin/need/dispatched")).toBe(true);
    expect(topicMatches("lianxin/+", "lianxin/need/dispatched")).toBe(false);
    expect(topicMatches("other/#", "lianxin/need")).toBe(false);
  });
});
