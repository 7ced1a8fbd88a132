import { type Channel, ChannelError, type Notification } from "../ports/channel.js";
import { type Logger, silentLogger } from "../ports/logger.js";
import type { OutboxMessage } from "../ports/outbox-message.js";
import type { Page, PageRequest, Store } from "../ports/store.js";
import type { Clock } from "../time/clock.js";
import {
  type NotificationLang,
  type NotificationTemplates,
  renderNotification,
  type ServiceLookup,
} from "./templates.js";

/**
 * The Standard Webhooks / Svix retry schedule, in milliseconds: the first try at once, then 5 s,
 * 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each failure — eight attempts in all.
 * Entry `n` is the wait before attempt `n + 1`.
 */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = Object.freeze([
  0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
]);

/** Options of {@link createNotifier}. */
export interface NotifierOptions {
  /** Where the outbox lives. */
  store: Store;
  /** The channels to deliver through, by name; the first is the default. At least one. */
  channels: readonly Channel[];
  /** Where "now" comes from (a ManualClock in tests). */
  clock: Clock;
  /**
   * Picks the channel of a message, by name. Default: `message.channel`, else `byRole` of the
   * recipient's role, else the first channel. A name no channel has sends the message to the
   * dead letters (`no channel <name>`): it is never sent over a channel nobody chose.
   */
  route?: (message: OutboxMessage) => string;
  /** The default route's channel per recipient role: `{ resident: "sms", "grid-worker": "app" }`. */
  byRole?: Readonly<Record<string, string>>;
  /** The language to render in, fixed or per message. Default `zh-CN`. */
  lang?: NotificationLang | ((message: OutboxMessage) => NotificationLang);
  /** Service names for templates (`district.services`). */
  services?: ServiceLookup;
  /** Templates replacing or adding to the built-in ones. */
  templates?: NotificationTemplates;
  /** The payload fields allowed into `data` (default: ids, states, dates, codes). */
  dataFields?: readonly string[];
  /** This worker's name in outbox claims. Default `notifier`. */
  worker?: string;
  /** How long a claim holds before another worker may take the message. Default 60 s. */
  leaseMs?: number;
  /** How many messages one claim takes. Default 100. */
  batchSize?: number;
  /** Waits before each attempt (entry 0 is the first try). Default {@link DEFAULT_RETRY_SCHEDULE}. */
  retrySchedule?: readonly number[];
  /** At most `perSecond` sends per second per channel; the rest wait for a later drain. */
  rateLimit?: { perSecond: number };
  /** A send that takes longer fails as retryable (`timeout`). Default 30 s; 0 turns it off. */
  sendTimeoutMs?: number;
  /** Where to log (ids and codes only). Default silent. */
  logger?: Logger;
}

/** What one {@link Notifier.drain} did. */
export interface DrainSummary {
  /** Sent and marked delivered. */
  delivered: number;
  /** Failed and scheduled for another attempt. */
  retried: number;
  /** Gave up on: not retryable, out of attempts, disabled or unroutable channel. */
  dead: number;
  /** Claimed but left for a later drain by the rate limit (not counted as a failure). */
  skipped: number;
}

/** Delivers the outbox through channels; see {@link createNotifier}. */
export interface Notifier {
  /** Delivers what is due at `now` (default the clock's now), until nothing more is. */
  drain(now?: Date): Promise<DrainSummary>;
  /** The dead letters, oldest first, a page at a time. */
  deadLetters(page?: PageRequest): Promise<Page<OutboxMessage>>;
  /** Makes dead messages pending again (due now); returns how many were dead. */
  replay(ids: readonly string[]): Promise<number>;
  /** The channels turned off by a `disable` error, with the error's code. */
  disabled(): ReadonlyMap<string, string>;
  /** Turns a disabled channel back on. */
  enable(channel: string): void;
  /** Drains every `intervalMs` (a drain never overlaps the previous); returns a function that stops. */
  start(intervalMs: number): () => Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
}

type Outcome = "delivered" | "retried" | "dead" | "skipped";

/**
 * A notifier: claims outbox messages, renders them ({@link renderNotification}) and sends each
 * through its channel; at-least-once, with the message id as the notification id so receivers
 * can drop duplicates.
 *
 * - Success marks the message delivered.
 * - A retryable {@link ChannelError} (or any other error) retries after the schedule's wait, or
 *   `retryAfterMs` when longer; after the last attempt the message is dead.
 * - A non-retryable error kills the message; one with `disable` also turns its channel off, and
 *   later messages to it go dead with `disabled` until {@link Notifier.enable}.
 * - Messages are independent: one channel failing or hanging never holds up another. Each
 *   need's messages go out in order (the store hands out one per ordering key at a time).
 * - With `rateLimit`, a channel sends at most `perSecond` a second (a token bucket on the
 *   clock); the excess stays pending for a later drain.
 *
 * @example
 * const notifier = createNotifier({ store, channels: [sms, webhook], clock: systemClock });
 * const stop = notifier.start(1_000);
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const { store, clock } = options;
  const channels = new Map<string, Channel>();
  for (const c of options.channels) if (!channels.has(c.name)) channels.set(c.name, c);
  const first = options.channels[0];
  if (first === undefined) throw new TypeError("createNotifier: at least one channel is needed");
  const worker = options.worker ?? "notifier";
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = Math.max(1, options.batchSize ?? 100);
  const schedule = options.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
  const timeoutMs = options.sendTimeoutMs ?? 30_000;
  const logger = options.logger ?? silentLogger;
  const perSecond = options.rateLimit?.perSecond;
  if (perSecond !== undefined && !(perSecond > 0))
    throw new TypeError("rateLimit.perSecond must be positive");
  const disabledChannels = new Map<string, string>();
  const buckets = new Map<string, Bucket>();
  /** Claims of a message that were not attempts (left by the rate limit), by message id. */
  const unsent = new Map<string, number>();

  const route =
    options.route ?? ((m: OutboxMessage) => m.channel ?? options.byRole?.[m.recipient.role] ?? first.name);

  function langOf(m: OutboxMessage): NotificationLang {
    return typeof options.lang === "function" ? options.lang(m) : (options.lang ?? "zh-CN");
  }

  /** Takes a token from the channel's bucket; false when it is empty. */
  function take(channel: string, t: number): boolean {
    if (perSecond === undefined) return true;
    const b = buckets.get(channel) ?? { tokens: perSecond, at: t };
    b.tokens = Math.min(perSecond, b.tokens + (Math.max(0, t - b.at) * perSecond) / 1_000);
    b.at = Math.max(b.at, t);
    buckets.set(channel, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Tokens left across the channels, to avoid claiming what cannot be sent. */
  function capacity(t: number): number {
    if (perSecond === undefined) return batchSize;
    let n = 0;
    for (const name of channels.keys()) {
      const b = buckets.get(name);
      n += b ? Math.min(perSecond, b.tokens + (Math.max(0, t - b.at) * perSecond) / 1_000) : perSecond;
    }
    return Math.min(batchSize, Math.floor(n));
  }

  async function sendWithTimeout(channel: Channel, n: Notification): Promise<void> {
    if (timeoutMs <= 0) {
      await channel.send(n);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ChannelError(channel.name, "timeout", `no answer in ${timeoutMs} ms`, { retryable: true }),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([channel.send(n), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function dead(m: OutboxMessage, reason: string): Promise<Outcome> {
    unsent.delete(m.id);
    await store.markFailed(m.id, worker, reason, null);
    logger.warn("notification dead", { id: m.id, topic: m.topic, reason });
    return "dead";
  }

  async function deliver(m: OutboxMessage, now: Date): Promise<Outcome> {
    const t = now.getTime();
    let name: string;
    try {
      name = route(m);
    } catch (e) {
      return dead(m, `route failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const channel = channels.get(name);
    if (!channel) return dead(m, `no channel ${name}`);
    const off = disabledChannels.get(name);
    if (off !== undefined) return dead(m, `disabled: channel ${name} (${off})`);
    if (!take(name, t)) {
      unsent.set(m.id, (unsent.get(m.id) ?? 0) + 1);
      return "skipped";
    }
    const attempts = Math.max(1, m.attempts - (unsent.get(m.id) ?? 0));
    const notification = renderNotification(
      { ...m, attempts },
      {
        lang: langOf(m),
        ...(options.services ? { services: options.services } : {}),
        ...(options.templates ? { templates: options.templates } : {}),
        ...(options.dataFields ? { dataFields: options.dataFields } : {}),
      },
    );
    try {
      await sendWithTimeout(channel, notification);
    } catch (e) {
      const error =
        e instanceof ChannelError
          ? e
          : new ChannelError(name, "error", e instanceof Error ? e.message : String(e), {
              retryable: true,
              cause: e,
            });
      const reason = `${error.code}: ${error.message}`;
      if (error.disable) {
        disabledChannels.set(name, error.code);
        logger.error("channel disabled", { channel: name, code: error.code, id: m.id });
        return dead(m, `disabled: ${reason}`);
      }
      const wait = schedule[attempts];
      if (!error.retryable || wait === undefined) return dead(m, reason);
      const retryAt = new Date(t + Math.max(wait, error.retryAfterMs ?? 0));
      await store.markFailed(m.id, worker, reason, retryAt);
      logger.info("notification retry", {
        id: m.id,
        channel: name,
        attempts,
        retryAt: retryAt.toISOString(),
      });
      return "retried";
    }
    unsent.delete(m.id);
    await store.markDelivered([m.id], worker, now);
    logger.debug("notification delivered", { id: m.id, channel: name, attempts });
    return "delivered";
  }

  let running: Promise<DrainSummary> | undefined;

  async function drainOnce(now: Date): Promise<DrainSummary> {
    const summary: DrainSummary = { delivered: 0, retried: 0, dead: 0, skipped: 0 };
    const skippedIds = new Set<string>();
    // A delivery can free the next message of its need: claim again until a round delivers nothing.
    for (let round = 0; round < 1_000; round++) {
      const limit = capacity(now.getTime());
      if (limit <= 0) break;
      // Messages this drain left to the rate limit come back first (they are still ours): claim past them.
      const claimed = await store.claimOutbox(worker, limit + skippedIds.size, leaseMs, now);
      const fresh: OutboxMessage[] = [];
      for (const m of claimed) {
        // Claiming counted an attempt the message did not get.
        if (skippedIds.has(m.id)) unsent.set(m.id, (unsent.get(m.id) ?? 0) + 1);
        else fresh.push(m);
      }
      if (fresh.length === 0) break;
      const outcomes = await Promise.all(
        fresh.map((m) =>
          deliver(m, now).catch((e: unknown) => {
            // The store failed to record the outcome: the lease runs out and the message comes back.
            logger.error("notifier store error", {
              id: m.id,
              error: e instanceof Error ? e.message : String(e),
            });
            return "skipped" as const;
          }),
        ),
      );
      let progressed = false;
      fresh.forEach((m, i) => {
        const o = outcomes[i] ?? "skipped";
        summary[o]++;
        if (o === "skipped") skippedIds.add(m.id);
        else progressed = true;
      });
      if (!progressed) break;
    }
    return summary;
  }

  const notifier: Notifier = {
    async drain(now?: Date): Promise<DrainSummary> {
      // One drain at a time per notifier: a second call waits for the first, then runs.
      while (running) await running.catch(() => undefined);
      const p = drainOnce(now ?? clock.now());
      running = p;
      try {
        return await p;
      } finally {
        running = undefined;
      }
    },
    deadLetters(page: PageRequest = {}): Promise<Page<OutboxMessage>> {
      return store.listOutbox({ ...page, status: "dead" });
    },
    replay(ids: readonly string[]): Promise<number> {
      return store.replayDead(ids, clock.now());
    },
    disabled(): ReadonlyMap<string, string> {
      return new Map(disabledChannels);
    },
    enable(channel: string): void {
      disabledChannels.delete(channel);
    },
    start(intervalMs: number): () => Promise<void> {
      let busy: Promise<unknown> | undefined;
      const handle = setInterval(() => {
        if (busy) return;
        busy = notifier
          .drain()
          .catch((e: unknown) =>
            logger.error("notifier drain failed", { error: e instanceof Error ? e.message : String(e) }),
          )
          .finally(() => {
            busy = undefined;
          });
      }, intervalMs);
      return async () => {
        clearInterval(handle);
        await busy;
      };
    },
  };
  return notifier;
}
