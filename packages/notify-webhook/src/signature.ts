import { createHmac } from "node:crypto";

const SECRET_PREFIX = "whsec_";
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Decodes a Standard Webhooks secret (`whsec_` followed by base64 of 24 to 64 random bytes).
 * Throws a `TypeError` when it is malformed; the message never contains the secret.
 */
export function decodeSecret(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new TypeError('a secret must start with "whsec_"');
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) throw new TypeError('a secret must be "whsec_" followed by base64');
  const key = Buffer.from(encoded, "base64");
  if (key.length < 24 || key.length > 64) {
    throw new TypeError(`a secret must hold 24 to 64 bytes, this one holds ${key.length}`);
  }
  return key;
}

/**
 * The `webhook-signature` header value: one `v1,<base64 HMAC-SHA256>` of `id.timestamp.body`
 * per key, separated by spaces, so receivers can rotate secrets without downtime.
 */
export function signatureHeader(
  keys: readonly Buffer[],
  id: string,
  timestamp: number,
  body: Buffer,
): string {
  return keys
    .map(
      (key) => `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest("base64")}`,
    )
    .join(" ");
}
