/**
 * A Lianxin channel that delivers notifications as signed Standard Webhooks requests, with an
 * SSRF guard on by default.
 *
 * ```ts
 * import { webhookChannel } from "@lianxin/notify-webhook";
 * const webhook = webhookChannel({ endpoints: { url: "https://hooks.example.org/lianxin", secrets: [secret] } });
 * ```
 * @module @lianxin/notify-webhook
 */

export {
  type AddressPolicy,
  type AllowPrivateAddresses,
  createAddressPolicy,
  isBlockedAddress,
} from "./address-policy.js";
export { parseRetryAfter } from "./retry-after.js";
export { decodeSecret, signatureHeader } from "./signature.js";
export {
  type WebhookChannelOptions,
  type WebhookEndpoint,
  type WebhookLookup,
  webhookChannel,
} from "./webhook-channel.js";
