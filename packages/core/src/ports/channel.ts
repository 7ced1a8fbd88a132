import type { OutboxMessage } from "./outbox-message.js";

/**
 * A notification ready to go out: rendered from an outbox message and a template, for one
 * recipient. `id` is the outbox message id — stable across retries, so receivers can drop
 * duplicates (Standard Webhooks `webhook-id`, NATS `Nats-Msg-Id`, an MQTT/Redis field).
 * `topic` never carries personal data.
 */
export interface Notification {
  id: string;
  /** What happened: `need.dispatched`, `work-order.overdue`, ... */
  topic: string;
  /** The recipient: a role and an id (a resource, a unit, a resident). */
  recipient: { role: string; id?: string };
  /** The language it was rendered in. */
  lang: "zh-CN" | "en";
  /** A subject line (email) and a body (text), rendered from the template. */
  subject: string;
  text: string;
  /** Structured data: ids and states only, unless the channel's subscription allows more. */
  data: Record<string, unknown>;
  /** When the state it announces was written (ISO 8601). */
  createdAt: string;
  /** The message as stored, for channels that need more (never sent as is). */
  source: Pick<OutboxMessage, "id" | "orderingKey" | "attempts">;
}

/** What a channel reports about one send. */
export interface SendResult {
  /** The notification id, echoed. */
  id: string;
  /** When the channel (broker, server) accepted it. */
  acceptedAt: string;
}

/** What a channel can do, for the notifier and the conformance suite. */
export interface ChannelCapabilities {
  /** The receiver can drop duplicates by id (webhook-id, Nats-Msg-Id ...). */
  dedupeById: boolean;
  /** Messages sent in order arrive in order. */
  ordered: boolean;
}

/**
 * Why a send failed, and what to do about it. A channel throws a {@link ChannelError} so the
 * notifier can tell a retry from a give-up.
 */
export class ChannelError extends Error {
  readonly code: string;
  /** Try again (after `retryAfterMs` when given), or give up (dead letter, disable). */
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  /** Stop sending to this endpoint at all (e.g. HTTP 410 Gone). */
  readonly disable: boolean;
  readonly channel: string;

  constructor(
    channel: string,
    code: string,
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; disable?: boolean; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ChannelError";
    this.channel = channel;
    this.code = code;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.disable = options.disable ?? false;
  }
}

/**
 * The channel port: delivers notifications over webhook, email, Redis, NATS, MQTT ...
 * Adapters are factories that take an existing client; each passes the channel conformance
 * suite in `@lianxin/testkit`.
 */
export interface Channel {
  /** The channel's name, used to route messages (`channel` on the outbox message) and in errors. */
  readonly name: string;
  readonly capabilities: ChannelCapabilities;
  /** Sends one notification; resolves when accepted, throws a {@link ChannelError} when not. */
  send(notification: Notification): Promise<SendResult>;
  /** Checks the configuration and the connection; throws a ChannelError when something is wrong. */
  verify?(): Promise<void>;
  /** Receives what is sent on this channel (for tests and dashboards); returns a function that stops. */
  subscribe?(handler: (n: Notification) => void): Promise<() => Promise<void>>;
  /** Releases connections the channel opened itself (never the client it was given). */
  dispose?(): Promise<void>;
}
