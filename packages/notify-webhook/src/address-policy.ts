import { BlockList, isIP } from "node:net";

/**
 * Which non-public addresses a webhook may reach: `false` (the default) refuses them all,
 * `true` turns the guard off, and a list allows the given CIDRs (`10.20.0.0/16`), addresses
 * (`127.0.0.1`, `fd00::5`) and host names (`hooks.city.internal`) only.
 */
export type AllowPrivateAddresses = boolean | readonly string[];

/** Decides which hosts and resolved addresses a webhook may connect to. */
export interface AddressPolicy {
  /** True when the guard is off (`allowPrivateAddresses: true`). */
  readonly disabled: boolean;
  /** True when the host name itself is allowlisted: its addresses are not checked. */
  allowsHost(hostname: string): boolean;
  /** True when a connection to this resolved address is allowed. */
  allowsAddress(address: string): boolean;
}

const BLOCKED_V4: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local host
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

const BLOCKED_V6: ReadonlyArray<readonly [string, number]> = [
  ["::", 8], // unspecified, loopback, IPv4-compatible (IPv4-mapped is checked by its IPv4 address)
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001::", 23], // IETF protocol assignments, Teredo
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local (ULA)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
];

const blockedV4 = new BlockList();
for (const [net, prefix] of BLOCKED_V4) blockedV4.addSubnet(net, prefix, "ipv4");
const blockedV6 = new BlockList();
for (const [net, prefix] of BLOCKED_V6) blockedV6.addSubnet(net, prefix, "ipv6");

/** The eight 16-bit groups of an IPv6 address, or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  const bare = address.split("%")[0] ?? "";
  if (isIP(bare) !== 6) return undefined;
  let text = bare.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    tail.push((a << 8) | b, (c << 8) | d);
    text = text.slice(0, dotted.index);
    if (!text.endsWith("::")) text = text.slice(0, -1); // drop the ":" before the dotted quad
  }
  const [head = "", rest] = text.split("::") as [string, string | undefined];
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => Number.parseInt(g, 16)));
  const left = parse(head);
  const right = [...parse(rest ?? ""), ...tail];
  if (rest === undefined) return [...left, ...tail];
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address an IPv6 address carries (IPv4-mapped, NAT64, 6to4), if any. */
function embeddedIPv4(groups: readonly number[]): string | undefined {
  const g = (i: number) => groups[i] ?? 0;
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  // ::ffff:a.b.c.d (IPv4-mapped)
  if (g(0) === 0 && g(1) === 0 && g(2) === 0 && g(3) === 0 && g(4) === 0 && g(5) === 0xffff) {
    return quad(g(6), g(7));
  }
  // 64:ff9b::a.b.c.d (NAT64 well-known prefix)
  if (g(0) === 0x64 && g(1) === 0xff9b && g(2) === 0 && g(3) === 0 && g(4) === 0 && g(5) === 0) {
    return quad(g(6), g(7));
  }
  // 2002:aabb:ccdd::/48 (6to4)
  if (g(0) === 0x2002) return quad(g(1), g(2));
  return undefined;
}

/**
 * True when `address` is not a public unicast address: loopback, private (RFC 1918),
 * carrier-grade NAT, link-local (including the cloud metadata address 169.254.169.254),
 * multicast, reserved and documentation ranges, IPv6 loopback, unique local (fc00::/7) and
 * link-local, and any IPv6 address that carries such an IPv4 address (IPv4-mapped `::ffff:…`,
 * NAT64, 6to4). Strings that are not IP addresses count as blocked.
 */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address.split("%")[0] ?? "");
  if (family === 4) return blockedV4.check(address, "ipv4");
  if (family !== 6) return true;
  const groups = ipv6Groups(address);
  if (groups?.length !== 8) return true;
  const v4 = embeddedIPv4(groups);
  if (v4 !== undefined) {
    // IPv4-mapped addresses are never needed for a public endpoint: refuse them all.
    if (groups[5] === 0xffff && groups[0] === 0) return true;
    return blockedV4.check(v4, "ipv4");
  }
  return blockedV6.check(address.split("%")[0] ?? "", "ipv6");
}

function normalizeHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
}

const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Builds the policy for `allowPrivateAddresses`. Throws a `TypeError` naming the entry when an
 * allowlist entry is neither a CIDR, an IP address nor a host name.
 */
export function createAddressPolicy(allow: AllowPrivateAddresses = false): AddressPolicy {
  if (allow === true) {
    return { disabled: true, allowsHost: () => true, allowsAddress: () => true };
  }
  const allowed = { v4: new BlockList(), v6: new BlockList() };
  const hosts = new Set<string>();
  for (const entry of allow === false ? [] : allow) {
    const [net = "", prefixText, extra] = entry.trim().split("/");
    const bare = normalizeHost(net);
    const family = isIP(bare);
    if (family !== 0 && extra === undefined) {
      const max = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || prefixText === "") {
        throw new TypeError(`allowPrivateAddresses: invalid prefix in "${entry}"`);
      }
      const list = family === 4 ? allowed.v4 : allowed.v6;
      list.addSubnet(bare, prefix, family === 4 ? "ipv4" : "ipv6");
    } else if (prefixText === undefined && HOSTNAME.test(bare)) {
      hosts.add(bare);
    } else {
      throw new TypeError(`allowPrivateAddresses: "${entry}" is not a CIDR, an IP address or a host name`);
    }
  }
  const listed = (address: string): boolean => {
    const bare = address.split("%")[0] ?? "";
    const family = isIP(bare);
    if (family === 4) return allowed.v4.check(bare, "ipv4");
    if (family !== 6) return false;
    if (allowed.v6.check(bare, "ipv6")) return true;
    const groups = ipv6Groups(bare);
    const v4 = groups ? embeddedIPv4(groups) : undefined;
    return v4 !== undefined && allowed.v4.check(v4, "ipv4");
  };
  return {
    disabled: false,
    allowsHost: (hostname) => hosts.has(normalizeHost(hostname)),
    allowsAddress: (address) => !isBlockedAddress(address) || listed(address),
  };
}
