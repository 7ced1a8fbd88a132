/**
 * A Lianxin notification channel on NATS JetStream: one JSON envelope per notification,
 * de-duplicated by the server through the `Nats-Msg-Id` header.
 *
 * ```ts
 * import { connect } from "@nats-io/transport-node";
 * import { natsChannel } from "@lianxin/notify-nats";
 * const channel = natsChannel({ connection: await connect({ servers: "nats://127.0.0.1:4222" }) });
 * ```
 * @module @lianxin/notify-nats
 */

export { fromEnvelope, type NotificationEnvelope as NatsEnvelope, toEnvelope } from "@lianxin/core";
export { type NatsChannelOptions, natsChannel } from "./nats-channel.js";
