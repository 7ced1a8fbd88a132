import {
  type Channel,
  ChannelError,
  fromEnvelope,
  type Notification,
  type SendResult,
  toEnvelope,
} from "@lianxin/core";
import type { IClientPublishOptions, MqttClient } from "mqtt";

const ADAPTER_NAME = "mqtt";

/** The MQTT 5 user property that carries the notification id. */
export const MQTT_ID_PROPERTY = "lianxin-id";

/** Options of {@link mqttChannel}. */
export interface MqttChannelOptions {
  /** A client you connected (`mqtt.connect()` / `connectAsync()`). The channel never ends it. */
  client: MqttClient;
  /**
   * The MQTT topic a notification is published on. Never put personal data in a topic.
   * @default (n) => "lianxin/" + n.topic.replaceAll(".", "/")
   */
  topic?: (n: Notification) => string;
  /**
   * The topic filter {@link Channel.subscribe} listens on.
   * @default "lianxin/#"
   */
  subscribeTopic?: string;
  /**
   * The QoS of publishes (and of the subscription). With 1 the broker's PUBACK is the acceptance
   * (at least once); with 2, the PUBCOMP.
   * @default 1
   */
  qos?: 1 | 2;
  /**
   * How long to wait for the broker's acknowledgement, in milliseconds. After that the send fails
   * retryable, although the client may still deliver the message later (a duplicate, by id).
   * @default 5000
   */
  ackTimeoutMs?: number;
  /**
   * The channel name, used to route outbox messages and in errors.
   * @default "mqtt"
   */
  name?: string;
}

/**
 * A {@link Channel} on MQTT. `send` publishes a JSON envelope
 * `{ id, topic, recipient: { role }, lang, data, createdAt }` with QoS 1 and resolves on the
 * broker's PUBACK. The id is in the envelope, and also in the `lianxin-id` user property when
 * the client speaks MQTT 5, so subscribers can drop the duplicates that at-least-once allows.
 *
 * It fails fast instead of queueing: when the client is not connected, `send` throws a
 * retryable `not-connected` {@link ChannelError} at once, so the message stays in the outbox
 * (mqtt.js would otherwise hold it in its in-memory store until a reconnect).
 *
 * Errors (all retryable): `not-connected`, `timeout` (no PUBACK in time), `publish-failed`
 * (the client reported an error, e.g. the connection closed in flight). `encode` (the
 * notification is not JSON) is not retryable.
 */
export function mqttChannel(options: MqttChannelOptions): Channel {
  const client = options.client;
  const name = options.name ?? ADAPTER_NAME;
  const topicOf = options.topic ?? ((n: Notification) => `lianxin/${n.topic.replaceAll(".", "/")}`);
  const subscribeTopic = options.subscribeTopic ?? "lianxin/#";
  const qos = options.qos ?? 1;
  const ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
  const notConnected = () =>
    new ChannelError(name, "not-connected", `[${name}] the client is not connected`, { retryable: true });

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
      if (!client.connected || client.disconnecting) throw notConnected();
      const publishOptions: IClientPublishOptions = { qos };
      if (client.options.protocolVersion === 5) {
        publishOptions.properties = { userProperties: { [MQTT_ID_PROPERTY]: n.id } };
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          client.publishAsync(topicOf(n), payload, publishOptions),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new ChannelError(name, "timeout", `[${name}] notification ${n.id}: no PUBACK in time`, {
                    retryable: true,
                  }),
                ),
              ackTimeoutMs,
            );
          }),
        ]);
      } catch (cause) {
        if (cause instanceof ChannelError) throw cause;
        throw new ChannelError(name, "publish-failed", `[${name}] notification ${n.id}: ${String(cause)}`, {
          retryable: true,
          cause,
        });
      } finally {
        clearTimeout(timer);
      }
      return { id: n.id, acceptedAt: new Date().toISOString() };
    },

    async verify(): Promise<void> {
      if (!client.connected || client.disconnecting) throw notConnected();
    },

    async subscribe(handler: (n: Notification) => void): Promise<() => Promise<void>> {
      const onMessage = (topic: string, payload: Buffer) => {
        if (!topicMatches(subscribeTopic, topic)) return;
        let value: unknown;
        try {
          value = JSON.parse(payload.toString("utf8"));
        } catch {
          return;
        }
        const n = fromEnvelope(value);
        if (n !== undefined) handler(n);
      };
      client.on("message", onMessage);
      try {
        await client.subscribeAsync(subscribeTopic, { qos });
      } catch (cause) {
        client.off("message", onMessage);
        throw new ChannelError(name, "subscribe-failed", `[${name}] cannot subscribe to ${subscribeTopic}`, {
          retryable: true,
          cause,
        });
      }
      return async () => {
        client.off("message", onMessage);
        if (client.connected) await client.unsubscribeAsync(subscribeTopic);
      };
    },
  };
}

/** Whether an MQTT topic filter (`+`, `#` wildcards) matches a topic. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split("/");
  const t = topic.split("/");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "#") return true;
    if (i >= t.length) return false;
    if (f[i] !== "+" && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
