import {
  type Channel,
  ChannelError,
  fromEnvelope,
  type Notification,
  type SendResult,
  toEnvelope,
} from "@lianxin/core";
import { DeliverPolicy, JetStreamApiError, jetstream, jetstreamManager } from "@nats-io/jetstream";
import {
  ClosedConnectionError,
  DrainingConnectionError,
  InvalidArgumentError,
  type NatsConnection,
  NoRespondersError,
  RequestError,
  TimeoutError,
} from "@nats-io/nats-core";

const ADAPTER_NAME = "nats";

/** Options of {@link natsChannel}. */
export interface NatsChannelOptions {
  /** A connection you opened (`@nats-io/transport-node` `connect()`). The channel never closes it. */
  connection: NatsConnection;
  /**
   * The subject a notification is published on. A stream must capture it. Never put personal
   * data in a subject: subjects show up in monitoring, logs and permissions.
   * @default (n) => "lianxin." + n.topic
   */
  subject?: (n: Notification) => string;
  /**
   * The subject filter {@link Channel.subscribe} listens on.
   * @default "lianxin.>"
   */
  subscribeSubject?: string;
  /**
   * The stream `subscribe` reads from. When left out, it is looked up by `subscribeSubject`.
   */
  stream?: string;
  /**
   * How long to wait for the PubAck, in milliseconds.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * The channel name, used to route outbox messages and in errors.
   * @default "nats"
   */
  name?: string;
}

/**
 * A {@link Channel} on NATS JetStream. `send` publishes a JSON envelope
 * `{ id, topic, recipient: { role }, lang, data, createdAt }` with the `Nats-Msg-Id` header set to
 * the notification id, so the server stores a retried notification once within the stream's
 * duplicate window. The PubAck is the acceptance; a `duplicate: true` ack counts as accepted.
 *
 * Errors (all {@link ChannelError}):
 * - `no-stream` (retryable): no stream captures the subject (or JetStream is off);
 * - `timeout` (retryable): no PubAck in time;
 * - `connection-closed` (retryable): the connection is closed or draining; retry on a new one;
 * - `rejected` (retryable): the stream refused the message (limits, storage);
 * - `too-large` / `encode` (not retryable): the envelope exceeds max_payload or is not JSON.
 */
export function natsChannel(options: NatsChannelOptions): Channel {
  const nc = options.connection;
  const name = options.name ?? ADAPTER_NAME;
  const subjectOf = options.subject ?? ((n: Notification) => `lianxin.${n.topic}`);
  const subscribeSubject = options.subscribeSubject ?? "lianxin.>";
  const timeout = options.timeoutMs ?? 5_000;
  const js = jetstream(nc, { timeout });

  return {
    name,
    capabilities: { dedupeById: true, ordered: true },

    async send(n: Notification): Promise<SendResult> {
      let payload: string;
      try {
        payload = JSON.stringify(toEnvelope(n));
      } catch (cause) {
        throw new ChannelError(name, "encode", `[${name}] notification ${n.id} is not JSON`, {
          retryable: false,
          cause,
        });
      }
      if (nc.isClosed() || nc.isDraining()) {
        throw new ChannelError(name, "connection-closed", `[${name}] the connection is closed`, {
          retryable: true,
        });
      }
      try {
        await js.publish(subjectOf(n), payload, { msgID: n.id, timeout });
      } catch (cause) {
        throw toChannelError(name, n, cause);
      }
      return { id: n.id, acceptedAt: new Date().toISOString() };
    },

    async verify(): Promise<void> {
      if (nc.isClosed()) {
        throw new ChannelError(name, "connection-closed", `[${name}] the connection is closed`, {
          retryable: true,
        });
      }
      try {
        await nc.flush();
        const jsm = await jetstreamManager(nc, { timeout });
        await jsm.getAccountInfo();
      } catch (cause) {
        throw new ChannelError(name, "unavailable", `[${name}] JetStream does not answer`, {
          retryable: true,
          cause,
        });
      }
    },

    async subscribe(handler: (n: Notification) => void): Promise<() => Promise<void>> {
      const jsm = await jetstreamManager(nc, { timeout });
      const stream = options.stream ?? (await jsm.streams.find(subscribeSubject));
      const consumer = await js.consumers.get(stream, {
        filter_subjects: subscribeSubject,
        deliver_policy: DeliverPolicy.New,
      });
      const messages = await consumer.consume();
      const done = (async () => {
        for await (const m of messages) {
          let value: unknown;
          try {
            value = m.json();
          } catch {
            continue;
          }
          const n = fromEnvelope(value);
          if (n !== undefined) handler(n);
        }
      })();
      return async () => {
        await messages.close();
        await done;
      };
    },
  };
}

function toChannelError(name: string, n: Notification, cause: unknown): ChannelError {
  const say = (what: string) => `[${name}] notification ${n.id}: ${what}`;
  if (cause instanceof ClosedConnectionError || cause instanceof DrainingConnectionError) {
    return new ChannelError(name, "connection-closed", say("the connection is closed"), {
      retryable: true,
      cause,
    });
  }
  if (cause instanceof TimeoutError) {
    return new ChannelError(name, "timeout", say("no PubAck in time"), { retryable: true, cause });
  }
  if (
    (cause instanceof Error && cause.name === "JetStreamNotEnabled") ||
    cause instanceof NoRespondersError ||
    (cause instanceof RequestError && cause.isNoResponders())
  ) {
    return new ChannelError(name, "no-stream", say("no stream captures the subject"), {
      retryable: true,
      cause,
    });
  }
  if (cause instanceof InvalidArgumentError && /max_payload/.test(cause.message)) {
    return new ChannelError(name, "too-large", say("the envelope exceeds max_payload"), {
      retryable: false,
      cause,
    });
  }
  if (cause instanceof JetStreamApiError) {
    return new ChannelError(name, "rejected", say(`the stream refused it (${cause.message})`), {
      retryable: true,
      cause,
    });
  }
  return new ChannelError(name, "publish-failed", say(String(cause)), { retryable: true, cause });
}
