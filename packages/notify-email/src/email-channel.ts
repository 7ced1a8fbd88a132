import {
  type Channel,
  type ChannelCapabilities,
  ChannelError,
  type Notification,
  type SendResult,
} from "@lianxin/core";

const ADAPTER_NAME = "email";

/**
 * The message fields the channel hands to the transport: the notification's subject and text,
 * the envelope, a `Message-ID` derived from the notification id and one topic header. Nothing
 * else (no HTML, no attachments, no `data`).
 */
export interface EmailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

/**
 * What the channel needs from a nodemailer `Transporter` (`nodemailer.createTransport(...)`):
 * `sendMail` returning a promise and, optionally, `verify`. Any nodemailer transporter fits.
 */
export interface EmailTransport {
  sendMail(message: EmailMessage): Promise<unknown>;
  verify?(): Promise<unknown>;
}

/** Options for {@link emailChannel}. */
export interface EmailChannelOptions {
  /** A nodemailer transporter you created; the channel never closes it. */
  transport: EmailTransport;
  /** The sender, e.g. `"Lianxin <noreply@example.org>"`. */
  from: string;
  /**
   * Looks up the recipient's address. `undefined` means there is none: `send` throws a
   * non-retryable {@link ChannelError} with code `email.no_address`.
   */
  to: (recipient: Notification["recipient"]) => string | undefined;
  /**
   * The channel's name, in errors and for routing.
   * @default "email"
   */
  name?: string;
}

/** Nodemailer / Node error codes that mean "could not talk to the server": worth a retry. */
const CONNECTION_CODES = new Set([
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "EPROXY",
  "EMAXLIMIT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** Nodemailer error codes that no retry will fix (configuration, credentials). */
const PERMANENT_CODES = new Set(["EAUTH", "ENOAUTH", "ECONFIG", "EOAUTH2", "ETLS", "EREQUIRETLS"]);

/**
 * The `Message-ID` for a notification: `<id@lianxin>`. The same notification id always gives
 * the same Message-ID, so a mail sent twice (a retry after a lost acknowledgement) is
 * recognisable. Characters outside RFC 5322 `atext` (and `.`) are percent-encoded.
 */
export function messageIdFor(id: string): string {
  const local = id.replace(
    /[^A-Za-z0-9!#$&'*+/=?^_`{|}~.-]/gu,
    (c) =>
      `%${Array.from(Buffer.from(c, "utf8"))
        .map((b) => b.toString(16).toUpperCase().padStart(2, "0"))
        .join("%")}`,
  );
  return `<${local}@lianxin>`;
}

/**
 * Maps an error from nodemailer to a {@link ChannelError}:
 * - an SMTP reply `4xx` (greylisting, mailbox busy, rate limit) → retryable (`email.deferred`);
 * - an SMTP reply `5xx` (unknown user, policy rejection) → not retryable (`email.rejected`);
 * - connection errors (refused, reset, timeout, DNS) → retryable (`email.connection`);
 * - authentication or configuration errors → not retryable (`email.config`);
 * - anything else → retryable (`email.failed`), bounded by the notifier's retry budget.
 */
export function toEmailChannelError(channel: string, id: string, error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    code?: unknown;
    responseCode?: unknown;
  };
  const responseCode = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const code = typeof e.code === "string" ? e.code : undefined;
  const prefix = `[lianxin] [${channel}]`;
  if (responseCode !== undefined && responseCode >= 400 && responseCode < 500) {
    return new ChannelError(
      channel,
      "email.deferred",
      `${prefix} the SMTP server deferred notification ${id} (${responseCode}); try again later`,
      { retryable: true, cause: error },
    );
  }
  if (responseCode !== undefined && responseCode >= 500 && responseCode < 600) {
    return new ChannelError(
      channel,
      "email.rejected",
      `${prefix} the SMTP server rejected notification ${id} (${responseCode})`,
      { retryable: false, cause: error },
    );
  }
  if (code !== undefined && CONNECTION_CODES.has(code)) {
    return new ChannelError(
      channel,
      "email.connection",
      `${prefix} could not reach the SMTP server for notification ${id} (${code})`,
      { retryable: true, cause: error },
    );
  }
  if (code !== undefined && PERMANENT_CODES.has(code)) {
    return new ChannelError(
      channel,
      "email.config",
      `${prefix} the transport is misconfigured or its credentials were refused (${code})`,
      { retryable: false, cause: error },
    );
  }
  return new ChannelError(
    channel,
    "email.failed",
    `${prefix} sending notification ${id} failed${code === undefined ? "" : ` (${code})`}`,
    { retryable: true, cause: error },
  );
}

/**
 * An email {@link Channel} on a nodemailer transporter you pass in. Sends the notification's
 * subject and text only, with `Message-ID: <id@lianxin>` and `X-Lianxin-Topic: <topic>`.
 *
 * ```ts
 * import nodemailer from "nodemailer";
 * const email = emailChannel({
 *   transport: nodemailer.createTransport({ host: "smtp.example.org", port: 587 }),
 *   from: "Lianxin <noreply@example.org>",
 *   to: (recipient) => directory.emailOf(recipient),
 * });
 * ```
 */
export function emailChannel(options: EmailChannelOptions): Channel {
  const name = options.name ?? ADAPTER_NAME;
  const { transport, from, to } = options;
  const capabilities: ChannelCapabilities = { dedupeById: true, ordered: false };

  return {
    name,
    capabilities,
    async send(notification: Notification): Promise<SendResult> {
      const address = to(notification.recipient);
      if (address === undefined || address.trim() === "") {
        throw new ChannelError(
          name,
          "email.no_address",
          `[lianxin] [${name}] no email address for the recipient (role ${notification.recipient.role}) of notification ${notification.id}`,
          { retryable: false },
        );
      }
      const message: EmailMessage = {
        from,
        to: address,
        subject: notification.subject,
        text: notification.text,
        messageId: messageIdFor(notification.id),
        headers: { "X-Lianxin-Topic": notification.topic },
      };
      try {
        await transport.sendMail(message);
      } catch (error) {
        throw toEmailChannelError(name, notification.id, error);
      }
      return { id: notification.id, acceptedAt: new Date().toISOString() };
    },
    async verify(): Promise<void> {
      if (transport.verify === undefined) return;
      try {
        await transport.verify();
      } catch (error) {
        throw toEmailChannelError(name, "(verify)", error);
      }
    },
  };
}
