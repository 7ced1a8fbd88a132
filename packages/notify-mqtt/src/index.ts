/**
 * A Lianxin notification channel on MQTT: one JSON envelope per notification, published with
 * QoS 1, its id inside (and as an MQTT 5 user property) for subscribers to drop duplicates.
 *
 * ```ts
 * import mqtt from "mqtt";
 * import { mqttChannel } from "@lianxin/notify-mqtt";
 * const channel = mqttChannel({ client: await mqtt.connectAsync("mqtt://127.0.0.1:1883", { protocolVersion: 5 }) });
 * ```
 * @module @lianxin/notify-mqtt
 */

export { fromEnvelope, type NotificationEnvelope as MqttEnvelope, toEnvelope } from "@lianxin/core";
export { MQTT_ID_PROPERTY, type MqttChannelOptions, mqttChannel, topicMatches } from "./mqtt-channel.js";
