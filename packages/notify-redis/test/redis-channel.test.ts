import { once } from "node:events";
import { connect, createServer, type Server, type Socket } from "node:net";
import { ChannelError, type Notification } from "@lianxin/core";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { redisChannel, toRedisChannelError } from "../src/index.js";

const url = process.env.LIANXIN_REDIS_URL ?? "redis://127.0.0.1:6379";
const run = `${process.pid}-${Date.now().toString(36)}`;
const prefix = `lianxin-test:${run}`;

function notification(id: string, overrides: Partial<Notification> = {}): Notification {
  return {
    id,
    topic: "need.dispatched",
    recipient: { role: "grid-worker", id: "resident-42" },
    lang: "zh-CN",
    subject: "王阿姨 13800000000",
    text: "住在 3 号楼 201 的王阿姨需要送药。",
    data: { needId: "need-1", state: "dispatched" },
    createdAt: "2026-11-27T08:00:00.000Z",
    source: { id, orderingKey: "need-1", attempts: 0 },
    ...overrides,
  };
}

/** Waits until `predicate` holds, polling; fails after `ms`. */
async function until(predicate: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A port on 127.0.0.1 that nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return address.port;
}

/** A TCP proxy on 127.0.0.1:`port` to the test Redis, so the "broker" can go away and return. */
async function startProxy(port: number): Promise<{ close(): Promise<void> }> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  const server: Server = createServer((down) => {
    const up = connect(Number(target.port || 6379), target.hostname);
    for (const s of [down, up]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        sockets.delete(s);
        down.destroy();
        up.destroy();
      });
    }
    down.pipe(up);
    up.pipe(down);
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return {
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.skipIf(url === "skip")("@lianxin/notify-redis (Redis at LIANXIN_REDIS_URL)", () => {
  const clients: Redis[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  const streams = new Set<string>();

  function client(protocol: 2 | 3 = 3): Redis {
    const c = new Redis(url, { lazyConnect: true, protocol });
    c.on("error", () => undefined);
    clients.push(c);
    return c;
  }
  function streamKey(label: string): string {
    const key = `${prefix}:${label}`;
    streams.add(key);
    return key;
  }

  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    if (streams.size > 0) {
      const admin = client();
      const keys = [...streams];
      for (const key of keys) {
        const dedupe = await admin.keys(`${key}:dedupe:*`);
        if (dedupe.length > 0) await admin.del(...dedupe);
      }
      await admin.del(...keys);
    }
    for (const c of clients) c.disconnect();
  });

  it("pub/sub: a subscriber receives the envelope, id preserved, no subject/text/recipient id", async () => {
    const channelName = (n: Notification) => `${prefix}:ps:${n.topic}`;
    const channel = redisChannel({
      client: client(),
      mode: "pubsub",
      channel: channelName,
      subscribePattern: `${prefix}:ps:*`,
    });
    cleanups.push(() => channel.dispose?.());
    const got: Notification[] = [];
    const stop = await channel.subscribe?.((n) => got.push(n));

    // A raw subscriber sees exactly what goes over the wire.
    const raw = client();
    cleanups.push(() => raw.disconnect());
    const wire: Array<{ channel: string; message: string }> = [];
    raw.on("message", (ch: string, message: string) => wire.push({ channel: ch, message }));
    await raw.subscribe(`${prefix}:ps:need.dispatched`);

    const result = await channel.send(notification("n-ps-1"));
    expect(result.id).toBe("n-ps-1");
    await channel.send(notification("n-ps-2", { topic: "work-order.overdue" }));
    await until(() => got.length === 2 && wire.length === 1);

    expect(got.map((n) => [n.id, n.topic])).toEqual([
      ["n-ps-1", "need.dispatched"],
      ["n-ps-2", "work-order.overdue"],
    ]);
    expect(got[0]?.data).toEqual({ needId: "need-1", state: "dispatched" });
    expect(wire[0]?.channel).toBe(`${prefix}:ps:need.dispatched`);
    expect(JSON.parse(wire[0]?.message ?? "")).toEqual({
      id: "n-ps-1",
      topic: "need.dispatched",
      recipient: { role: "grid-worker" },
      lang: "zh-CN",
      data: { needId: "need-1", state: "dispatched" },
      createdAt: "2026-11-27T08:00:00.000Z",
    });
    expect(wire[0]?.message).not.toContain("王阿姨");
    expect(wire[0]?.message).not.toContain("resident-42");

    await stop?.();
    await channel.send(notification("n-ps-3"));
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toHaveLength(2);
  });

  it("pub/sub: the default channel name is lianxin:<topic>", async () => {
    const topic = `test.${run}`;
    const raw = client();
    cleanups.push(() => raw.disconnect());
    const seen: string[] = [];
    raw.on("message", (ch: string) => seen.push(ch));
    await raw.subscribe(`lianxin:${topic}`);
    const channel = redisChannel({ client: client(), mode: "pubsub" });
    expect(channel.name).toBe("redis");
    await channel.send(notification("n-default", { topic }));
    await until(() => seen.length === 1);
    expect(seen).toEqual([`lianxin:${topic}`]);
  });

  it("stream: XADD with the id as a field; a subscriber receives what is sent, in order", async () => {
    const key = streamKey("stream-basic");
    const c = client();
    const channel = redisChannel({ client: c, mode: "stream", streamKey: key, name: "redis-stream" });
    cleanups.push(() => channel.dispose?.());
    await channel.send(notification("before-subscribe"));
    const got: string[] = [];
    await channel.subscribe?.((n) => got.push(n.id));
    for (const id of ["s-1", "s-2", "s-3"]) await channel.send(notification(id));
    await until(() => got.length === 3);
    expect(got).toEqual(["s-1", "s-2", "s-3"]);

    const entries = await c.xrange(key, "-", "+");
    expect(entries).toHaveLength(4);
    const fields = entries[1]?.[1] ?? [];
    expect(fields.slice(0, 4)).toEqual(["id", "s-1", "topic", "need.dispatched"]);
    expect(fields.join(" ")).not.toContain("王阿姨");
  });

  it("stream: subscribe reads RESP2 replies too (ioredis 5 default)", async () => {
    const key = streamKey("stream-resp2");
    const channel = redisChannel({ client: client(2), mode: "stream", streamKey: key });
    cleanups.push(() => channel.dispose?.());
    const got: string[] = [];
    await channel.subscribe?.((n) => got.push(n.id));
    await channel.send(notification("r2-1"));
    await channel.send(notification("r2-2"));
    await until(() => got.length === 2);
    expect(got).toEqual(["r2-1", "r2-2"]);
  });

  it("stream: without dedupe a retry adds a second entry with the same id", async () => {
    const key = streamKey("stream-nodedupe");
    const c = client();
    const channel = redisChannel({ client: c, mode: "stream", streamKey: key });
    await channel.send(notification("dup"));
    await channel.send(notification("dup"));
    const ids = (await c.xrange(key, "-", "+")).map(([, f]) => f[1]);
    expect(ids).toEqual(["dup", "dup"]);
  });

  it("stream: with dedupeTtlSeconds a retry with the same id is not added twice", async () => {
    const key = streamKey("stream-dedupe");
    const c = client();
    const channel = redisChannel({
      client: c,
      mode: "stream",
      streamKey: key,
      dedupeTtlSeconds: 60,
      maxLen: 1_000,
    });
    const got: string[] = [];
    const stop = await channel.subscribe?.((n) => got.push(n.id));
    cleanups.push(() => stop?.());
    await channel.send(notification("once"));
    const retry = await channel.send(notification("once"));
    expect(retry.id).toBe("once");
    await channel.send(notification("other"));
    await until(() => got.length === 2);
    expect(got).toEqual(["once", "other"]);
    expect(await c.xlen(key)).toBe(2);
    const ttl = await c.ttl(`${key}:dedupe:once`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it("stream: maxLen trims the stream", async () => {
    const key = streamKey("stream-maxlen");
    const c = client();
    const channel = redisChannel({ client: c, mode: "stream", streamKey: key, maxLen: 10 });
    for (let i = 0; i < 300; i++) await channel.send(notification(`m-${i}`));
    expect(await c.xlen(key)).toBeLessThan(300);
  });

  it("FAULT: a disconnected client → retryable redis.connection; reconnect → delivered", async () => {
    const key = streamKey("fault-disconnect");
    const c = client();
    const channel = redisChannel({ client: c, mode: "stream", streamKey: key });
    const got: string[] = [];
    const stop = await channel.subscribe?.((n) => got.push(n.id));
    cleanups.push(() => stop?.());
    await channel.send(notification("f-1"));

    c.disconnect();
    const err = await channel.send(notification("f-2")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: "redis.connection", retryable: true, channel: "redis" });
    expect((err as Error).message).toContain("[redis]");
    await expect(channel.verify?.()).rejects.toMatchObject({ retryable: true });

    await c.connect();
    await channel.verify?.();
    await channel.send(notification("f-2"));
    await until(() => got.length === 2);
    expect(got).toEqual(["f-1", "f-2"]);
  });

  it("FAULT: broker unreachable → retryable error; it comes back → delivered once (dedupe)", async () => {
    const key = streamKey("fault-proxy");
    const port = await freePort();
    const c = new Redis({
      host: "127.0.0.1",
      port,
      lazyConnect: true,
      maxRetriesPerRequest: null,
      retryStrategy: () => 50,
    });
    c.on("error", () => undefined);
    clients.push(c);
    const channel = redisChannel({
      client: c,
      mode: "stream",
      streamKey: key,
      dedupeTtlSeconds: 60,
      timeoutMs: 300,
    });

    // Nothing listens on the port: the command waits in the offline queue and times out.
    const err = await channel.send(notification("p-1")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: "redis.timeout", retryable: true });

    // The broker returns; the notifier retries the same notification.
    const proxy = await startProxy(port);
    cleanups.push(() => proxy.close());
    const check = client();
    await until(() => c.status === "ready", 10_000);
    await channel.send(notification("p-1"));
    // The timed-out XADD ran from the offline queue on reconnect; the retry did not add again.
    const ids = (await check.xrange(key, "-", "+")).map(([, f]) => f[1]);
    expect(ids).toEqual(["p-1"]);
    c.disconnect();
  });

  it("error replies: WRONGTYPE is not retryable, LOADING/OOM are", async () => {
    const key = streamKey("wrongtype");
    const c = client();
    await c.set(key, "not a stream");
    const channel = redisChannel({ client: c, mode: "stream", streamKey: key });
    const err = await channel.send(notification("w-1")).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "redis.reply", retryable: false });

    const loading = Object.assign(new Error("LOADING Redis is loading the dataset in memory"), {
      name: "ReplyError",
    });
    expect(toRedisChannelError("redis", "x", loading)).toMatchObject({
      code: "redis.busy",
      retryable: true,
    });
  });
});
