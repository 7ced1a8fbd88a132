import { createConnection } from "node:net";
import { ChannelError, type Notification } from "@lianxin/core";
import { channelSuite } from "@lianxin/testkit/channels";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromEnvelope, natsChannel, toEnvelope } from "../src/index.js";

/**
 * These tests need a NATS server with JetStream: LIANXIN_NATS_URL, default nats://127.0.0.1:4222
 * (`bash scripts/services.sh nats`). In CI (CI set) or with the variable set they always run;
 * otherwise they run only when the default server answers.
 */
const url = process.env.LIANXIN_NATS_URL ?? "nats://127.0.0.1:4222";
const SKIP_REASON = `skipped: no NATS server at ${url} (set LIANXIN_NATS_URL, or run scripts/services.sh nats)`;

function answers(address: string): Promise<boolean> {
  const u = new URL(address);
  return new Promise((resolve) => {
    const socket = createConnection({ host: u.hostname, port: Number(u.port || 4222) });
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
const enabled = Boolean(process.env.CI) || process.env.LIANXIN_NATS_URL !== undefined || (await answers(url));

// One stream per run, on its own subjects, deleted afterwards.
const run = Math.random().toString(36).slice(2, 10);
const STREAM = `LIANXIN_TEST_${run}`;
const PREFIX = `lianxin.test.${run}`;

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

describe.skipIf(!enabled)(enabled ? "@lianxin/notify-nats" : SKIP_REASON, () => {
  // Connections open in hooks: a skipped describe still runs its body to collect the tests.
  const connections: NatsConnection[] = [];
  let nc: NatsConnection;
  const open = async () => {
    const c = await connect({ servers: url, name: `lianxin-test-${run}` });
    connections.push(c);
    return c;
  };
  const channelOn = (connection: NatsConnection) =>
    natsChannel({
      connection,
      subject: (n) => `${PREFIX}.${n.topic}`,
      subscribeSubject: `${PREFIX}.>`,
    });
  const messagesStored = async () => (await (await jetstreamManager(nc)).streams.info(STREAM)).state.messages;

  beforeAll(async () => {
    nc = await open();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: STREAM,
      subjects: [`${PREFIX}.>`],
      duplicate_window: 2 * 60 * 1_000_000_000, // nanoseconds
    });
  });

  afterAll(async () => {
    if (nc && !nc.isClosed()) {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.delete(STREAM).catch(() => false);
    }
    for (const c of connections) if (!c.isClosed()) await c.close();
  });

  // The shared conformance suite. The sink is an ordered consumer on the run's stream, so it
  // sees what the stream stored (duplicates the server dropped never arrive).
  channelSuite({
    name: "nats",
    create: async () => {
      const channel = channelOn(nc);
      const got: Notification[] = [];
      const stop = await channelOn(nc).subscribe!((n) => got.push(n));
      return { channel, received: () => [...got], cleanup: stop };
    },
  });

  it("sends a notification that a subscriber receives with its id", async () => {
    const channel = channelOn(nc);
    const got: Notification[] = [];
    const stop = await channel.subscribe!((n) => got.push(n));
    try {
      const n = notification();
      const result = await channel.send(n);
      expect(result.id).toBe(n.id);
      expect(Number.isNaN(Date.parse(result.acceptedAt))).toBe(false);
      await waitFor(() => got.length === 1);
      expect(got[0]).toMatchObject({
        id: n.id,
        topic: n.topic,
        recipient: { role: "grid-worker" },
        data: n.data,
      });
    } finally {
      await stop();
    }
  });

  it("sends only the envelope: no recipient id, subject or text on the wire", async () => {
    const n = notification();
    const sub = nc.subscribe(`${PREFIX}.${n.topic}`, { max: 1 });
    const first = (async () => {
      for await (const m of sub) return m;
      return undefined;
    })();
    await channelOn(nc).send(n);
    const m = await first;
    expect(m?.headers?.get("Nats-Msg-Id")).toBe(n.id);
    const body = m!.json<Record<string, unknown>>();
    expect(body).toEqual(toEnvelope(n));
    expect(Object.keys(body).sort()).toEqual(["createdAt", "data", "id", "lang", "recipient", "topic"]);
    expect(JSON.stringify(body)).not.toContain("resident-should-not-travel");
    expect(fromEnvelope(body)?.id).toBe(n.id);
  });

  it("stores one message when the same id is published twice (Nats-Msg-Id dedupe)", async () => {
    const channel = channelOn(nc);
    const before = await messagesStored();
    const n = notification();
    const first = await channel.send(n);
    const retry = await channel.send(n); // a duplicate ack is an acceptance too
    expect(retry.id).toBe(first.id);
    expect(await messagesStored()).toBe(before + 1);
    await channel.send(notification());
    expect(await messagesStored()).toBe(before + 2);
  });

  it("uses lianxin.<topic> as the default subject", async () => {
    const n = notification();
    const sub = nc.subscribe(`lianxin.${n.topic}`, { max: 1 });
    const first = (async () => {
      for await (const m of sub) return m.subject;
      return undefined;
    })();
    // No stream captures lianxin.need.dispatched here: the send fails, retryable, but the message went out.
    await natsChannel({ connection: nc, timeoutMs: 1_000 })
      .send(n)
      .catch((e: unknown) => e);
    expect(await first).toBe("lianxin.need.dispatched");
  });

  it("FAULT: no stream for the subject → retryable no-stream error", async () => {
    const channel = natsChannel({
      connection: nc,
      subject: () => `lianxin.nostream.${run}`,
      timeoutMs: 1_000,
    });
    const err = await channel.send(notification()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ channel: "nats", code: "no-stream", retryable: true, disable: false });
  });

  it("FAULT: a closed connection → retryable; on a new connection the retry is delivered once", async () => {
    const lost = await open();
    const n = notification();
    await lost.close();
    const err = await channelOn(lost)
      .send(n)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: "connection-closed", retryable: true });

    const fresh = await open();
    const channel = channelOn(fresh);
    const got: Notification[] = [];
    const stop = await channel.subscribe!((m) => got.push(m));
    try {
      const before = await messagesStored();
      await channel.send(n);
      await waitFor(() => got.some((m) => m.id === n.id));
      expect(await messagesStored()).toBe(before + 1);
    } finally {
      await stop();
    }
  });

  it("verify() passes on a live connection and fails retryable on a closed one", async () => {
    await expect(channelOn(nc).verify!()).resolves.toBeUndefined();
    const lost = await open();
    await lost.close();
    await expect(channelOn(lost).verify!()).rejects.toMatchObject({ retryable: true });
  });

  it("names the channel and declares its capabilities", () => {
    const channel = natsChannel({ connection: nc, name: "nats-district" });
    expect(channel.name).toBe("nats-district");
    expect(channel.capabilities).toEqual({ dedupeById: true, ordered: true });
  });
});
