import { createHash } from "node:crypto";

/** The UUID namespace of every identifier Lianxin derives for HSDS (a fixed v4 UUID). */
export const LIANXIN_HSDS_NAMESPACE = "6f1c2b8e-4a0d-4c57-9b3e-2f7d9a61c4e0";

const NAMESPACE_BYTES = Buffer.from(LIANXIN_HSDS_NAMESPACE.replaceAll("-", ""), "hex");

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 over the namespace and the name). The same name
 * always gives the same UUID, so exports are stable and re-imports find the records they made.
 */
export function hsdsUuid(name: string): string {
  const hash = createHash("sha1").update(NAMESPACE_BYTES).update(name, "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
