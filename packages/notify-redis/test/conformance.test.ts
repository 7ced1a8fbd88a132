import type { Notification } from "@lianxin/core";
import { channelSuite } from "@lianxin/testkit/channels";
import { Redis } from "ioredis";
import { afterAll, describe } from "vitest";
import { fromRedisEnvelope, redisChannel } from "../src/index.js";

/** Redis at LIANXIN_REDIS_URL (default redis://127.0.0.1:6379); "skip" skips. */
const url = process.env.LIANXIN_REDIS_URL ?? "redis://127.0.0.1:6379";
const run = `${process.pid}-${Date.now().toString(36)}`;
const prefix = `lianxin-test:${run}:conf`;
let seq = 0;

describe.skipIf(url === "skip")("@lianxin/notify-redis conformance", () => {
  // Clients open lazily, inside the suite's hooks: a skipped describe still runs its body.
  const clients: Redis[] = [];
  const streams: string[] = [];
  const client = (): Redis => {
    const c = new Redis(url, { lazyConnect: true });
    c.on("error", () => undefined);
    clients.push(c);
    return c;
  };
  afterAll(async () => {
    if (streams.length > 0) await client().del(...streams);
    for (const c of clients) c.disconnect();
  });
  const badConfig = () =>
    redisChannel({
      // Nothing listens on port 1; no reconnects, so the ping fails fast.
      client: (() => {
        const c = new Redis({ host: "127.0.0.1", port: 1, lazyConnect: true, retryStrategy: () => null });
        c.on("error", () => undefined);
        clients.push(c);
        return c;
      })(),
      mode: "stream",
      timeoutMs: 1_000,
    });

  channelSuite({
    name: "redis (pubsub)",
    async create() {
      const base = `${prefix}:ps-${++seq}`;
      const raw = client();
      const got: Notification[] = [];
      raw.on("pmessage", (_p: string, _c: string, message: string) => {
        const n = fromRedisEnvelope(message);
        if (n) got.push(n);
      });
      await raw.psubscribe(`${base}:*`);
      const channel = redisChannel({
        client: client(),
        mode: "pubsub",
        channel: (n) => `${base}:${n.topic}`,
        subscribePattern: `${base}:*`,
      });
      return { channel, received: () => got, cleanup: () => raw.disconnect() };
    },
    badConfig,
  });

  channelSuite({
    name: "redis (stream)",
    async create() {
      const streamKey = `${prefix}:stream-${++seq}`;
      streams.push(streamKey);
      const c = client();
      const channel = redisChannel({ client: c, mode: "stream", streamKey, dedupeTtlSeconds: 30 });
      return {
        channel,
        async received() {
          const entries = await c.xrange(streamKey, "-", "+");
          return entries.flatMap(([, fields]) => {
            const i = fields.indexOf("envelope");
            const n = i >= 0 ? fromRedisEnvelope(fields[i + 1] ?? "") : undefined;
            return n ? [n] : [];
          });
        },
        async cleanup() {
          const dedupe = await c.keys(`${streamKey}:dedupe:*`);
          if (dedupe.length > 0) await c.del(...dedupe);
        },
      };
    },
    badConfig,
  });
});
