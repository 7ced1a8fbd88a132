/**
 * A Lianxin email channel on a nodemailer transporter you pass in.
 *
 * ```ts
 * import { emailChannel } from "@lianxin/notify-email";
 * const email = emailChannel({ transport, from: "noreply@example.org", to: (r) => lookup(r) });
 * ```
 * @module @lianxin/notify-email
 */

export {
  type EmailChannelOptions,
  type EmailMessage,
  type EmailTransport,
  emailChannel,
  messageIdFor,
  toEmailChannelError,
} from "./email-channel.js";
