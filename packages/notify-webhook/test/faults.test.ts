import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Channel,
  createNotifier,
  DEFAULT_RETRY_SCHEDULE,
  ManualClock,
  memoryStore,
  type Notifier,
  type OutboxMessage,
  type Store,
} from "@lianxin/core";
import { afterEach, describe, expect, it } from "vitest";
import { type WebhookChannelOptions, webhookChannel } from "../src/index.js";

/**
 * Faulty webhook endpoints, driven through the notifier on a ManualClock with the default
 * (Standard Webhooks) retry schedule: 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
 */

interface TestServer {
  url: string;
  /** The `webhook-id` of each request, in arrival order. */
  ids: string[];
  server: Server;
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function startServer(
  respond: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const ids: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      ids.push(String(req.headers["webhook-id"]));
      respond(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/lianxin`, ids, server };
}

const answer =
  (status: number, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, headers).end("ok");
  };

function channel(name: string, url: string, options: Partial<WebhookChannelOptions> = {}): Channel {
  return webhookChannel({
    name,
    endpoints: { url, secrets: [`whsec_${randomBytes(32).toString("base64")}`] },
    allowPrivateAddresses: ["127.0.0.1"],
    timeoutMs: 300,
    ...options,
  });
}

const T0 = Date.parse("2026-11-27T08:00:00.000Z");

function setup(channels: Channel[]): { store: Store; clock: ManualClock; notifier: Notifier } {
  const store = memoryStore();
  const clock = new ManualClock(T0);
  // The default retry schedule: none is passed.
  const notifier = createNotifier({ store, channels, clock });
  return { store, clock, notifier };
}

async function enqueue(store: Store, id: string, channelName: string, at: number): Promise<void> {
  const iso = new Date(at).toISOString();
  const m: OutboxMessage = {
    id,
    topic: "work-order.overdue",
    template: "work-order.overdue",
    recipient: { role: "supervisor" },
    channel: channelName,
    orderingKey: `need-${id}`,
    scope: "district",
    payload: { workOrder: `wo-${id}`, status: "dispatched" },
    createdAt: iso,
    status: "pending",
    attempts: 0,
    availableAt: iso,
  };
  await store.transaction(async (tx) => tx.enqueue([m]));
}

async function get(store: Store, id: string): Promise<OutboxMessage> {
  const page = await store.listOutbox({ limit: 1_000 });
  const m = page.items.find((x) => x.id === id);
  if (!m) throw new Error(`no message ${id}`);
  return m;
}

const none = { delivered: 0, retried: 0, dead: 0, skipped: 0 };

describe("webhook faults through the notifier (ManualClock, default retry schedule)", () => {
  it("uses the Standard Webhooks schedule: 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    expect(DEFAULT_RETRY_SCHEDULE).toEqual([
      0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
  });

  it("500: retried exactly at each scheduled time, dead after the eighth attempt", async () => {
    const target = await startServer(answer(500));
    const { store, clock, notifier } = setup([channel("hook", target.url)]);
    await enqueue(store, "m500", "hook", T0);

    expect(await notifier.drain()).toEqual({ ...none, retried: 1 });
    expect(target.ids).toEqual(["m500"]);
    let at = T0;
    for (const [i, wait] of DEFAULT_RETRY_SCHEDULE.slice(1).entries()) {
      const attempt = i + 2;
      at += wait;
      const m = await get(store, "m500");
      expect(m.status).toBe("pending");
      expect(Date.parse(m.availableAt)).toBe(at);
      expect(m.lastError).toMatch(/^webhook\.server_error/);
      // A millisecond early: nothing goes out.
      clock.set(at - 1);
      expect(await notifier.drain()).toEqual(none);
      expect(target.ids).toHaveLength(attempt - 1);
      // On time: the next attempt.
      clock.set(at);
      const summary = await notifier.drain();
      expect(target.ids).toHaveLength(attempt);
      expect(summary).toEqual(attempt < 8 ? { ...none, retried: 1 } : { ...none, dead: 1 });
    }
    const dead = await get(store, "m500");
    expect(dead.status).toBe("dead");
    expect(dead.lastError).toMatch(/^webhook\.server_error/);
    expect(dead.attempts).toBe(8);
    expect((await notifier.deadLetters()).items.map((m) => m.id)).toEqual(["m500"]);
    // Every attempt carried the same webhook-id; nothing more goes out, even much later.
    expect(new Set(target.ids)).toEqual(new Set(["m500"]));
    clock.advance({ days: 30 });
    expect(await notifier.drain()).toEqual(none);
    expect(target.ids).toHaveLength(8);
  });

  it("a timeout is retried on schedule", async () => {
    const held: ServerResponse[] = [];
    const target = await startServer((_req, res) => held.push(res)); // never answers
    const { store, clock, notifier } = setup([channel("hook", target.url, { timeoutMs: 150 })]);
    await enqueue(store, "slow", "hook", T0);

    expect(await notifier.drain()).toEqual({ ...none, retried: 1 });
    let m = await get(store, "slow");
    expect(m.lastError).toMatch(/^webhook\.timeout/);
    expect(Date.parse(m.availableAt)).toBe(T0 + 5_000);

    clock.set(T0 + 5_000);
    expect(await notifier.drain()).toEqual({ ...none, retried: 1 });
    m = await get(store, "slow");
    expect(m.status).toBe("pending");
    expect(Date.parse(m.availableAt)).toBe(T0 + 5_000 + 300_000);
    expect(target.ids).toEqual(["slow", "slow"]);
  });

  it("a reset connection is retried on schedule", async () => {
    const target = await startServer((req) => req.socket.resetAndDestroy());
    const { store, clock, notifier } = setup([channel("hook", target.url)]);
    await enqueue(store, "reset", "hook", T0);

    expect(await notifier.drain()).toEqual({ ...none, retried: 1 });
    let m = await get(store, "reset");
    expect(m.lastError).toMatch(/^webhook\.network/);
    expect(Date.parse(m.availableAt)).toBe(T0 + 5_000);

    clock.set(T0 + 5_000);
    expect(await notifier.drain()).toEqual({ ...none, retried: 1 });
    m = await get(store, "reset");
    expect(Date.parse(m.availableAt)).toBe(T0 + 305_000);
    expect(target.ids).toEqual(["reset", "reset"]);
  });

  it("a redirect is dead at once and not followed", async () => {
    const elsewhere = await startServer(answer(200));
    const statuses = [301, 302, 303, 307, 308];
    const redirecting = await startServer((req, res) => {
      const status = statuses[Number(String(req.headers["webhook-id"]).slice(1))] ?? 302;
      res.writeHead(status, { location: elsewhere.url }).end();
    });
    const { store, clock, notifier } = setup([channel("hook", redirecting.url)]);
    for (const i of statuses.keys()) await enqueue(store, `r${i}`, "hook", T0);

    expect(await notifier.drain()).toEqual({ ...none, dead: statuses.length });
    for (const i of statuses.keys()) {
      const m = await get(store, `r${i}`);
      expect(m.status).toBe("dead");
      expect(m.attempts).toBe(1);
      expect(m.lastError).toMatch(/^webhook\.redirect/);
    }
    clock.advance({ days: 2 });
    expect(await notifier.drain()).toEqual(none);
    expect(redirecting.ids).toHaveLength(statuses.length);
    expect(elsewhere.ids).toEqual([]);
  });

  it("410 disables the channel: later messages to it are dead with reason disabled, others unaffected", async () => {
    const gone = await startServer(answer(410));
    const fine = await startServer(answer(204));
    const { store, clock, notifier } = setup([channel("gone", gone.url), channel("fine", fine.url)]);
    await enqueue(store, "g1", "gone", T0);

    expect(await notifier.drain()).toEqual({ ...none, dead: 1 });
    const first = await get(store, "g1");
    expect(first.status).toBe("dead");
    expect(first.lastError).toMatch(/^disabled: webhook\.gone/);
    expect(notifier.disabled()).toEqual(new Map([["gone", "webhook.gone"]]));

    clock.advance({ minutes: 1 });
    await enqueue(store, "g2", "gone", clock.now().getTime());
    await enqueue(store, "f1", "fine", clock.now().getTime());
    expect(await notifier.drain()).toEqual({ ...none, delivered: 1, dead: 1 });
    const second = await get(store, "g2");
    expect(second.status).toBe("dead");
    expect(second.lastError).toMatch(/^disabled/);
    expect(second.lastError).toContain("gone");
    expect((await get(store, "f1")).status).toBe("delivered");
    // The gone endpoint was asked once, the other channel works.
    expect(gone.ids).toEqual(["g1"]);
    expect(fine.ids).toEqual(["f1"]);

    // Enabled again, a replayed message goes out (and is refused once more).
    notifier.enable("gone");
    expect(await notifier.replay(["g2"])).toBe(1);
    expect(await notifier.drain()).toEqual({ ...none, dead: 1 });
    expect(gone.ids).toEqual(["g1", "g2"]);
  });

  it("429 with Retry-After: 120: the next try is not before +120 s", async () => {
    let calls = 0;
    const target = await startServer((req, res) => {
      calls++;
      if (calls === 1) answer(429, { "retry-after": "120" })(req, res);
      else answer(200)(req, res);
    });
    const { store, clock, notifier } = setup([channel("hook", target.url)]);
    await enqueue(store, "busy", "hook", T0);

    expect(await notifier.drain()).toEqual({ ...none, retried: 1 });
    const m = await get(store, "busy");
    expect(m.lastError).toMatch(/^webhook\.throttled/);
    expect(Date.parse(m.availableAt)).toBe(T0 + 120_000);

    for (const t of [T0 + 5_000, T0 + 60_000, T0 + 119_999]) {
      clock.set(t);
      expect(await notifier.drain()).toEqual(none);
    }
    expect(target.ids).toEqual(["busy"]);
    clock.set(T0 + 120_000);
    expect(await notifier.drain()).toEqual({ ...none, delivered: 1 });
    expect(target.ids).toEqual(["busy", "busy"]);
    expect((await get(store, "busy")).status).toBe("delivered");
  });
});
