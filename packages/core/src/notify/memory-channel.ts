import type {
  Channel,
  ChannelCapabilities,
  ChannelError,
  Notification,
  SendResult,
} from "../ports/channel.js";
import type { Clock } from "../time/clock.js";

/** Options of {@link memoryChannel}. */
export interface MemoryChannelOptions {
  /** The channel's name, for routing (`channel` on the outbox message). Default `memory`. */
  name?: string;
  /**
   * Decides whether the `n`-th send (1-based, counting every call, failed ones included) fails:
   * return a {@link ChannelError} to throw it, `undefined` to accept. For tests.
   */
  fail?: (n: number, notification: Notification) => ChannelError | undefined;
  /** Where `acceptedAt` comes from; without it, the notification's `createdAt` is echoed. */
  clock?: Clock;
}

/** A {@link Channel} that keeps what it was sent in memory, for tests, demos and dashboards. */
export interface MemoryChannel extends Channel {
  /** The notifications accepted so far, in the order they were sent (duplicates included). */
  readonly sent: readonly Notification[];
  /** How many times `send` was called, failed calls included. */
  readonly calls: number;
  /** Forgets what was sent (and the call count). */
  clear(): void;
}

/**
 * A channel that records every notification it accepts in `sent` and hands it to its
 * subscribers. It can be told to fail (`fail`), to test retries, Retry-After, dead letters and
 * disabling. The reference channel of the channel conformance suite.
 *
 * @example
 * const channel = memoryChannel({ name: "sms" });
 * await channel.send(notification);
 * channel.sent.length; // 1
 */
export function memoryChannel(options: MemoryChannelOptions = {}): MemoryChannel {
  const name = options.name ?? "memory";
  const sent: Notification[] = [];
  const handlers = new Set<(n: Notification) => void>();
  const capabilities: ChannelCapabilities = Object.freeze({ dedupeById: false, ordered: true });
  let calls = 0;
  return {
    name,
    capabilities,
    get sent(): readonly Notification[] {
      return sent;
    },
    get calls(): number {
      return calls;
    },
    clear(): void {
      sent.length = 0;
      calls = 0;
    },
    async send(notification: Notification): Promise<SendResult> {
      calls++;
      const error = options.fail?.(calls, notification);
      if (error !== undefined) throw error;
      const copy = structuredClone(notification);
      sent.push(copy);
      for (const handler of [...handlers]) handler(structuredClone(copy));
      return {
        id: notification.id,
        acceptedAt: options.clock ? options.clock.now().toISOString() : notification.createdAt,
      };
    },
    async verify(): Promise<void> {},
    async subscribe(handler: (n: Notification) => void): Promise<() => Promise<void>> {
      // A fresh wrapper per subscription, so the same handler may subscribe twice.
      const entry = (n: Notification): void => handler(n);
      handlers.add(entry);
      return async () => {
        handlers.delete(entry);
      };
    },
    async dispose(): Promise<void> {
      handlers.clear();
    },
  };
}
