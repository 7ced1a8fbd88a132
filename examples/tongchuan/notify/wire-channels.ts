/**
 * Tongchuan's notification wiring from configuration: reads `notifications.json` (checked with
 * a small zod schema) and builds the three channels and the `byRole` map for `createNotifier`.
 * The clients (an SMTP transport, a connected MQTT client) are the caller's: this only wires.
 */
import type { Channel } from "@lianxin/core";
import { type EmailTransport, emailChannel } from "@lianxin/notify-email";
import { type MqttChannelOptions, mqttChannel } from "@lianxin/notify-mqtt";
import { webhookChannel } from "@lianxin/notify-webhook";
import * as z from "zod";

const ChannelKind = z.enum(["webhook", "email", "mqtt"]);
const ChannelName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "a channel name: lowercase, digits and -");
const UnitCode = z.string().regex(/^\d{12}$/, "a 12-digit unit code");

/** The shape of `notifications.json`. */
export const TongchuanNotificationsSchema = z.strictObject({
  $comment: z.string().optional(),
  /** Which channel kind each recipient role uses. */
  roles: z.record(z.string().min(1).max(40), ChannelKind),
  webhook: z.strictObject({
    name: ChannelName.default("webhook"),
    url: z.url({ protocol: /^https?$/ }),
    /** The environment variable holding the `whsec_` secret (never the secret itself). */
    secretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "an environment variable name"),
    allowPrivateAddresses: z.union([z.boolean(), z.array(z.string().min(1))]).default(false),
  }),
  email: z.strictObject({
    name: ChannelName.default("email"),
    /** Where the caller's transport should connect (informational: the transport is passed in). */
    smtp: z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65_535) }),
    from: z.string().min(3),
    /** The street office's address, by street code. */
    addressBook: z.record(UnitCode, z.email()),
    /** The address for units above a street (the district office), when there is one. */
    fallback: z.email().optional(),
  }),
  mqtt: z.strictObject({
    name: ChannelName.default("mqtt"),
    topicPrefix: z
      .string()
      .regex(/^[a-z0-9-]+(\/[a-z0-9-]+)*$/, "a topic prefix without wildcards or a trailing /"),
    qos: z.union([z.literal(1), z.literal(2)]).default(1),
  }),
});
export type TongchuanNotifications = z.infer<typeof TongchuanNotificationsSchema>;

/** The clients the channels run on; the caller creates and closes them. */
export interface TongchuanClients {
  /** A nodemailer transporter (or anything with `sendMail`). */
  smtpTransport: EmailTransport;
  /** A connected mqtt.js client. */
  mqttClient: MqttChannelOptions["client"];
}

/** What {@link wireTongchuanChannels} builds: pass both to `createNotifier`. */
export interface TongchuanWiring {
  channels: Channel[];
  byRole: Record<string, string>;
}

/**
 * The street a unit belongs to: a 12-digit unit code (street, community, or the code at the
 * start of a grid id such as `610204001003-007`) with its last three digits zeroed.
 */
export function streetOf(unit: string): string | undefined {
  const code = /^\d{12}/.exec(unit)?.[0];
  return code === undefined ? undefined : `${code.slice(0, 9)}000`;
}

/** Parses the configuration, or throws an Error listing every problem with its JSON path. */
export function parseTongchuanNotifications(json: unknown): TongchuanNotifications {
  const result = TongchuanNotificationsSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (i) => `  ${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`,
  );
  throw new Error(`notifications.json is not valid:\n${problems.join("\n")}`);
}

/**
 * Builds the webhook (grid app), email (street offices) and MQTT (city dashboard) channels and
 * the `byRole` map from the configuration. The webhook secret is read from `env[secretEnv]`.
 *
 * @example
 * const { channels, byRole } = wireTongchuanChannels(config, { smtpTransport, mqttClient });
 * const notifier = createNotifier({ store, channels, byRole, clock: systemClock });
 */
export function wireTongchuanChannels(
  json: unknown,
  clients: TongchuanClients,
  env: Readonly<Record<string, string | undefined>> = process.env,
): TongchuanWiring {
  const config = parseTongchuanNotifications(json);
  const secret = env[config.webhook.secretEnv];
  if (secret === undefined || secret === "")
    throw new Error(
      `notifications.json: webhook.secretEnv names ${config.webhook.secretEnv}, which is not set`,
    );
  if (!secret.startsWith("whsec_"))
    throw new Error(`notifications.json: ${config.webhook.secretEnv} must hold a whsec_ secret`);

  const webhook = webhookChannel({
    name: config.webhook.name,
    endpoints: { url: config.webhook.url, secrets: [secret] },
    allowPrivateAddresses: config.webhook.allowPrivateAddresses,
  });
  const { addressBook, fallback } = config.email;
  const email = emailChannel({
    name: config.email.name,
    transport: clients.smtpTransport,
    from: config.email.from,
    to: (recipient) => {
      const street = recipient.id === undefined ? undefined : streetOf(recipient.id);
      return (street === undefined ? undefined : addressBook[street]) ?? fallback;
    },
  });
  const prefix = config.mqtt.topicPrefix;
  const mqtt = mqttChannel({
    name: config.mqtt.name,
    client: clients.mqttClient,
    qos: config.mqtt.qos,
    topic: (n) => `${prefix}/${n.topic.replaceAll(".", "/")}`,
    subscribeTopic: `${prefix}/#`,
  });

  const names = { webhook: webhook.name, email: email.name, mqtt: mqtt.name };
  const byRole: Record<string, string> = {};
  for (const [role, kind] of Object.entries(config.roles)) byRole[role] = names[kind];
  return { channels: [webhook, email, mqtt], byRole };
}
