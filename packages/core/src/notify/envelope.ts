import type { Notification } from "../ports/channel.js";

/**
 * What goes on the wire of a pub/sub channel (NATS, MQTT, Redis): ids, the topic, the recipient's role, structured data and the time.
 * Never the rendered subject or text, and never the recipient's id (it can name a resident).
 */
export interface NotificationEnvelope {
  /** The notification id (a broker may carry it as a header too). Subscribers drop duplicates by it. */
  id: string;
  topic: string;
  recipient: { role: string };
  lang: Notification["lang"];
  data: Record<string, unknown>;
  createdAt: string;
}

/** Builds the envelope of a notification. */
export function toEnvelope(n: Notification): NotificationEnvelope {
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
 * Reads an envelope back into a {@link Notification} for subscribers. What is not sent comes back
 * empty: `subject` and `text` are `""`, and `source` is `{ id, orderingKey: id, attempts: 0 }`.
 * Returns `undefined` for anything that is not an envelope.
 */
export function fromEnvelope(value: unknown): Notification | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const e = value as Partial<NotificationEnvelope>;
  if (
    typeof e.id !== "string" ||
    typeof e.topic !== "string" ||
    typeof e.createdAt !== "string" ||
    typeof e.recipient?.role !== "string"
  ) {
    return undefined;
  }
  return {
    id: e.id,
    topic: e.topic,
    recipient: { role: e.recipient.role },
    lang: e.lang === "en" ? "en" : "zh-CN",
    subject: "",
    text: "",
    data: typeof e.data === "object" && e.data !== null ? e.data : {},
    createdAt: e.createdAt,
    source: { id: e.id, orderingKey: e.id, attempts: 0 },
  };
}
