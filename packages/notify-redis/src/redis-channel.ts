import {
  type Channel,
  type ChannelCapabilities,
  ChannelError,
  type Notification,
  type SendResult,
} from "@lianxin/core";
import type { Redis } from "ioredis";

const ADAPTER_NAME = "redis";

/**
 * What goes over Redis for one notification: ids, the topic, the recipient's role, the
 * language, the structured data and the time. Never the rendered subject or text, never the
 * recipient id.
 */
export interface RedisEnvelope {
  id: string;
  topic: string;
  recipient: { role: string };
  lang: Notification["lang"];
  data: Record<string, unknown>;
  createdAt: string;
}

/** Options for {@link redisChannel}. */
export interface RedisChannelOptions {
  /** An ioredis client you created; the channel never closes it. */
  client: Redis;
  /**
   * `"pubsub"`: `PUBLISH` to a channel; best effort (at most once): subscribers that are not
   * connected at that moment never see it. `"stream"`: `XADD` to a stream, which keeps entries
   * for consumers (`XREAD`, consumer groups) to read later.
   */
  mode: "pubsub" | "stream";
  /**
   * The pub/sub channel for a notification. Channel names show up in broker logs and metrics:
   * build them from the topic, never from personal data.
   * @default (n) => `lianxin:${n.topic}`
   */
  channel?: (notification: Notification) => string;
  /**
   * The pattern `subscribe` listens on in pub/sub mode (`PSUBSCRIBE`); match it to `channel`.
   * @default "lianxin:*"
   */
  subscribePattern?: string;
  /**
   * The stream key in stream mode. In Redis Cluster, use a hash tag (`{lianxin}:notifications`)
   * so the dedupe keys land in the same slot.
   * @default "lianxin:notifications"
   */
  streamKey?: string;
  /** Trims the stream to about this many entries (`XADD ... MAXLEN ~ n`). Unbounded when unset. */
  maxLen?: number;
  /**
   * Stream mode: drop a second send of the same notification id within this many seconds.
   * The check and the `XADD` run in one Lua script: `GET <streamKey>:dedupe:<id>`; when unset,
   * `XADD` and `SET <streamKey>:dedupe:<id> <entry id> EX <ttl>`. So a retry after a lost reply
   * (or after a timeout whose command ran later) is not added twice. Off when unset or 0.
   */
  dedupeTtlSeconds?: number;
  /**
   * How long `send` and `verify` wait for Redis before failing with a retryable
   * `redis.timeout`. The command may still run later (ioredis queues commands while it
   * reconnects): receivers drop the duplicate by id, and stream mode with
   * `dedupeTtlSeconds` does not add it twice.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * The channel's name, in errors and for routing.
   * @default "redis"
   */
  name?: string;
}

/** Redis error replies that describe a passing state of the server: worth a retry. */
const TRANSIENT_REPLIES = /^(OOM|LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY)\b/u;

/**
 * Maps an error from ioredis to a {@link ChannelError}:
 * - connection errors (refused, closed, too many retries) → retryable (`redis.connection`);
 * - error replies for a passing state (`OOM`, `LOADING`, `BUSY`, `TRYAGAIN`, `CLUSTERDOWN`,
 *   `MASTERDOWN`, `READONLY`) → retryable (`redis.busy`);
 * - other error replies (`WRONGTYPE`, `NOPERM`, `ERR ...`) → not retryable (`redis.reply`).
 */
export function toRedisChannelError(channel: string, id: string, error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  const prefix = `[lianxin] [${channel}]`;
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
  };
  const message = typeof e.message === "string" ? e.message : String(error);
  if (e.name === "ReplyError") {
    if (TRANSIENT_REPLIES.test(message)) {
      return new ChannelError(channel, "redis.busy", `${prefix} Redis is busy (${message})`, {
        retryable: true,
        cause: error,
      });
    }
    return new ChannelError(
      channel,
      "redis.reply",
      `${prefix} Redis refused notification ${id} (${message})`,
      { retryable: false, cause: error },
    );
  }
  return new ChannelError(
    channel,
    "redis.connection",
    `${prefix} could not reach Redis for notification ${id} (${message})`,
    { retryable: true, cause: error },
  );
}

const DEDUPE_XADD = `
local existing = redis.call('GET', KEYS[2])
if existing then return {0, existing} end
local entry
if tonumber(ARGV[2]) > 0 then
  entry = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'id', ARGV[3], 'topic', ARGV[4], 'envelope', ARGV[5])
else
  entry = redis.call('XADD', KEYS[1], '*', 'id', ARGV[3], 'topic', ARGV[4], 'envelope', ARGV[5])
end
redis.call('SET', KEYS[2], entry, 'EX', ARGV[1])
return {1, entry}
`;

/** The envelope sent for a notification. */
export function toRedisEnvelope(n: Notification): RedisEnvelope {
  return {
    id: n.id,
    topic: n.topic,
    recipient: { role: n.recipient.role },
    lang: n.lang,
    data: n.data,
    createdAt: n.createdAt,
  };
}

/**
 * Rebuilds a notification from an envelope's JSON, or `undefined` when it is not one. `subject`
 * and `text` are empty (never sent), `recipient` has only the role, and `source` is
 * `{ id, orderingKey: "", attempts: 0 }`.
 */
export function fromRedisEnvelope(json: string): Notification | undefined {
  let env: Partial<RedisEnvelope>;
  try {
    env = JSON.parse(json) as Partial<RedisEnvelope>;
  } catch {
    return undefined;
  }
  if (typeof env.id !== "string" || typeof env.topic !== "string") return undefined;
  return {
    id: env.id,
    topic: env.topic,
    recipient: { role: env.recipient?.role ?? "" },
    lang: env.lang === "en" ? "en" : "zh-CN",
    subject: "",
    text: "",
    data: env.data ?? {},
    createdAt: env.createdAt ?? "",
    source: { id: env.id, orderingKey: "", attempts: 0 },
  };
}

/** The entries of an XREAD reply, in RESP2 or RESP3 (a map, flat or as a `Map`) shape. */
function xreadEntries(reply: unknown): Array<[string, string[]]> {
  if (reply === null || reply === undefined) return [];
  let streams: unknown[];
  if (Array.isArray(reply) && typeof reply[0] === "string") {
    // RESP3 map, flattened by ioredis: [key, items, key, items, ...]
    streams = reply.filter((_, i) => i % 2 === 1);
  } else if (Array.isArray(reply)) {
    // RESP2: [[key, items], ...]
    streams = reply.map((s) => (Array.isArray(s) ? s[1] : undefined));
  } else if (reply instanceof Map) streams = [...reply.values()];
  else if (typeof reply === "object") streams = Object.values(reply);
  else return [];
  const out: Array<[string, string[]]> = [];
  for (const items of streams) {
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      if (Array.isArray(item) && typeof item[0] === "string" && Array.isArray(item[1])) {
        out.push([item[0], item[1].map(String)]);
      }
    }
  }
  return out;
}

function field(fields: string[], key: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === key) return fields[i + 1];
  return undefined;
}

/**
 * A Redis {@link Channel} on an ioredis client you pass in: pub/sub (`PUBLISH` of a JSON
 * {@link RedisEnvelope}) or a stream (`XADD` with fields `id`, `topic`, `envelope`).
 *
 * ```ts
 * import { Redis } from "ioredis";
 * const redis = redisChannel({ client: new Redis(process.env.REDIS_URL), mode: "stream", maxLen: 100_000 });
 * ```
 */
export function redisChannel(options: RedisChannelOptions): Channel {
  const name = options.name ?? ADAPTER_NAME;
  const { client, mode } = options;
  const channelOf = options.channel ?? ((n: Notification) => `lianxin:${n.topic}`);
  const pattern = options.subscribePattern ?? "lianxin:*";
  const streamKey = options.streamKey ?? "lianxin:notifications";
  const maxLen = options.maxLen ?? 0;
  const dedupeTtl = options.dedupeTtlSeconds ?? 0;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const capabilities: ChannelCapabilities = { dedupeById: true, ordered: true };
  const subscriptions = new Set<() => Promise<void>>();

  async function withTimeout<T>(id: string, work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ChannelError(
              name,
              "redis.timeout",
              `[lianxin] [${name}] Redis did not answer within ${timeoutMs} ms (notification ${id})`,
              { retryable: true },
            ),
          ),
        timeoutMs,
      );
      timer.unref();
    });
    try {
      return await Promise.race([work, timeout]);
    } catch (error) {
      throw toRedisChannelError(name, id, error);
    } finally {
      clearTimeout(timer);
      // A command that lost the race may still fail later: keep that from going unhandled.
      work.catch(() => undefined);
    }
  }

  async function subscribePubsub(handler: (n: Notification) => void) {
    const sub = client.duplicate();
    sub.on("error", () => undefined);
    sub.on("pmessage", (_pattern: string, _channel: string, message: string) => {
      const n = fromRedisEnvelope(message);
      if (n === undefined) return;
      try {
        handler(n);
      } catch {
        // a failing handler must not stop the subscription
      }
    });
    try {
      await sub.psubscribe(pattern);
    } catch (error) {
      sub.disconnect();
      throw toRedisChannelError(name, "(subscribe)", error);
    }
    return async () => {
      await sub.punsubscribe(pattern).catch(() => undefined);
      sub.disconnect();
    };
  }

  async function subscribeStream(handler: (n: Notification) => void) {
    const sub = client.duplicate();
    sub.on("error", () => undefined);
    let last: string;
    try {
      const tail = (await sub.xrevrange(streamKey, "+", "-", "COUNT", 1)) as unknown;
      const top = Array.isArray(tail) ? (tail[0] as unknown) : undefined;
      last = Array.isArray(top) && typeof top[0] === "string" ? top[0] : "0-0";
    } catch (error) {
      sub.disconnect();
      throw toRedisChannelError(name, "(subscribe)", error);
    }
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        let reply: unknown;
        try {
          reply = await sub.call("XREAD", "COUNT", 100, "BLOCK", 500, "STREAMS", streamKey, last);
        } catch {
          if (stopped) return;
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        for (const [entryId, fields] of xreadEntries(reply)) {
          last = entryId;
          const json = field(fields, "envelope");
          const n = json === undefined ? undefined : fromRedisEnvelope(json);
          if (n === undefined) continue;
          try {
            handler(n);
          } catch {
            // a failing handler must not stop the subscription
          }
        }
      }
    })();
    return async () => {
      stopped = true;
      sub.disconnect();
      await loop;
    };
  }

  return {
    name,
    capabilities,
    async send(notification: Notification): Promise<SendResult> {
      const envelope = JSON.stringify(toRedisEnvelope(notification));
      const { id } = notification;
      if (mode === "pubsub") {
        await withTimeout(id, client.publish(channelOf(notification), envelope));
      } else if (dedupeTtl > 0) {
        await withTimeout(
          id,
          client.eval(
            DEDUPE_XADD,
            2,
            streamKey,
            `${streamKey}:dedupe:${id}`,
            dedupeTtl,
            maxLen,
            id,
            notification.topic,
            envelope,
          ),
        );
      } else {
        const trim: Array<string | number> = maxLen > 0 ? ["MAXLEN", "~", maxLen] : [];
        await withTimeout(
          id,
          client.xadd(streamKey, ...trim, "*", "id", id, "topic", notification.topic, "envelope", envelope),
        );
      }
      return { id, acceptedAt: new Date().toISOString() };
    },
    async verify(): Promise<void> {
      await withTimeout("(verify)", client.ping());
    },
    async subscribe(handler: (n: Notification) => void): Promise<() => Promise<void>> {
      const stopInner = mode === "pubsub" ? await subscribePubsub(handler) : await subscribeStream(handler);
      const stop = async () => {
        if (!subscriptions.delete(stop)) return;
        await stopInner();
      };
      subscriptions.add(stop);
      return stop;
    },
    async dispose(): Promise<void> {
      await Promise.all([...subscriptions].map((stop) => stop()));
    },
  };
}
