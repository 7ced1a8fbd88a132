import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction, type Socket } from "node:net";
import { type Channel, ChannelError, type Notification, type SendResult } from "@lianxin/core";
import { type AddressPolicy, type AllowPrivateAddresses, createAddressPolicy } from "./address-policy.js";
import { parseRetryAfter } from "./retry-after.js";
import { decodeSecret, signatureHeader } from "./signature.js";

const ADAPTER_NAME = "webhook";
const USER_AGENT = "lianxin-notify-webhook/0.1";

/** Where one recipient's webhooks go, and the secrets they are signed with. */
export interface WebhookEndpoint {
  /** An `http:` or `https:` URL. */
  url: string;
  /**
   * Standard Webhooks secrets (`whsec_` + base64 of 24–64 bytes). Every send is signed with
   * each of them, so a receiver can rotate its secret without downtime. At least one.
   */
  secrets: readonly string[];
}

/** Resolves a host name to its addresses (the shape of `dns.promises.lookup` with `all: true`). */
export type WebhookLookup = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

/** Options of {@link webhookChannel}. */
export interface WebhookChannelOptions {
  /**
   * The channel's name, used to route outbox messages and in errors.
   * @default "webhook"
   */
  name?: string;
  /**
   * The endpoint for every notification, or a function that picks the endpoint of a recipient
   * (undefined when the recipient has none: the send fails with `webhook.no_endpoint`).
   */
  endpoints:
    | WebhookEndpoint
    | ((
        recipient: Notification["recipient"],
        notification: Notification,
      ) => WebhookEndpoint | undefined | Promise<WebhookEndpoint | undefined>);
  /**
   * How long one attempt may take, from resolving the host to reading the response.
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * How many bytes of a response body are read (then dropped) before the connection is closed.
   * @default 65536
   */
  maxResponseBytes?: number;
  /**
   * The SSRF guard. `false` refuses every non-public address (loopback, private, link-local,
   * metadata, CGNAT, IPv6 ULA ...); a list of CIDRs, addresses and host names allows those only;
   * `true` turns the guard off.
   * @default false
   */
  allowPrivateAddresses?: AllowPrivateAddresses;
  /**
   * Sends with this `fetch` instead of `node:http`/`node:https`. The address is still checked
   * after resolving the host, but `fetch` resolves it again when it connects, so the connection
   * is not pinned to the checked address: prefer the default when the guard matters.
   */
  fetchImpl?: typeof fetch;
  /**
   * Resolves host names (for tests and custom resolvers).
   * @default dns.promises.lookup with all: true
   */
  lookup?: WebhookLookup;
}

interface Target {
  url: URL;
  /** The checked address to connect to; undefined when Node may resolve the host itself. */
  pinned: { address: string; family: number } | undefined;
}

interface Reply {
  status: number;
  retryAfter: string | undefined;
}

interface ParsedEndpoint {
  url: URL;
  keys: Buffer[];
}

const defaultLookup: WebhookLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

function positiveInteger(value: number, option: string, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new ChannelError(
      name,
      "webhook.invalid_options",
      `webhook channel "${name}": ${option} must be a positive integer`,
      { retryable: false },
    );
  }
  return value;
}

/** Where a URL points, without its path and query (which may carry tokens). */
function origin(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "");
}

/** Rejects when `signal` aborts first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

class BlockedAddressError extends Error {
  constructor(readonly address: string) {
    super(`connected to the blocked address ${address}`);
  }
}

/** Sends with node:http(s), connected to the pinned address, reading at most `maxBytes` back. */
function sendWithNode(
  target: Target,
  headers: Record<string, string>,
  body: Buffer,
  signal: AbortSignal,
  maxBytes: number,
  checkSocket: ((address: string) => boolean) | undefined,
): Promise<Reply> {
  const { url, pinned } = target;
  const lookup: LookupFunction | undefined = pinned
    ? (_hostname, options, callback) => {
        if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
        else callback(null, pinned.address, pinned.family);
      }
    : undefined;
  return new Promise<Reply>((resolve, reject) => {
    const request = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      headers,
      agent: false,
      signal,
      ...(lookup ? { lookup } : {}),
    });
    request.on("error", reject);
    if (checkSocket) {
      request.on("socket", (socket: Socket) => {
        const check = () => {
          const address = socket.remoteAddress;
          if (address === undefined || !checkSocket(address)) {
            request.destroy(new BlockedAddressError(address ?? "(unknown)"));
          }
        };
        if (!socket.connecting && socket.remoteAddress !== undefined) check();
        else socket.once("connect", check);
      });
    }
    request.on("response", (response) => {
      const reply: Reply = {
        status: response.statusCode ?? 0,
        retryAfter: headerValue(response.headers, "retry-after"),
      };
      const done = () => resolve(reply);
      let seen = 0;
      response.on("data", (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > maxBytes) {
          response.destroy();
          done();
        }
      });
      response.on("end", done);
      response.on("close", done);
      // The status is known: a body cut short (timeout, reset) does not change the outcome.
      response.on("error", done);
    });
    request.end(body);
  });
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Sends with a `fetch` implementation, without following redirects. */
async function sendWithFetch(
  fetchImpl: typeof fetch,
  url: URL,
  headers: Record<string, string>,
  body: Buffer,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Reply> {
  const response = await fetchImpl(url.href, {
    method: "POST",
    headers,
    body: new Uint8Array(body),
    redirect: "manual",
    signal,
  });
  const reply: Reply = {
    status: response.status,
    retryAfter: response.headers.get("retry-after") ?? undefined,
  };
  if (response.body) {
    const reader = response.body.getReader();
    try {
      let seen = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        seen += value.byteLength;
        if (seen > maxBytes) {
          await reader.cancel();
          break;
        }
      }
    } catch {
      // The status is known: a body cut short does not change the outcome.
    }
  }
  return reply;
}

/**
 * A {@link Channel} that POSTs each notification as a signed
 * [Standard Webhooks](https://www.standardwebhooks.com/) request: the body is
 * `{ type: topic, timestamp: createdAt, data }` (the notification's data and nothing more), with
 * `webhook-id` (the notification id, stable across retries), `webhook-timestamp` and
 * `webhook-signature` signed with every secret of the endpoint.
 *
 * Outcomes: 2xx resolves; 3xx is a non-retryable failure (redirects are never followed); 410
 * disables the endpoint; 429 and 5xx are retryable, with `Retry-After` as `retryAfterMs`; other
 * 4xx are not retryable; timeouts and network errors are retryable.
 *
 * The SSRF guard is on by default: the host is resolved and non-public addresses are refused
 * with `webhook.blocked_address` before connecting, and the connection goes to the checked
 * address, so DNS rebinding cannot swap it.
 *
 * @throws ChannelError `webhook.invalid_options` when an option is out of range.
 */
export function webhookChannel(options: WebhookChannelOptions): Channel {
  const name = options.name ?? ADAPTER_NAME;
  const timeoutMs = positiveInteger(options.timeoutMs ?? 10_000, "timeoutMs", name);
  const maxResponseBytes = positiveInteger(options.maxResponseBytes ?? 65_536, "maxResponseBytes", name);
  const lookup = options.lookup ?? defaultLookup;
  const fetchImpl = options.fetchImpl;

  const fail = (
    code: string,
    message: string,
    extra: { retryable: boolean; retryAfterMs?: number | undefined; disable?: boolean; cause?: unknown },
  ): ChannelError => {
    const { retryAfterMs, ...rest } = extra;
    return new ChannelError(name, code, `webhook channel "${name}": ${message}`, {
      ...rest,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  };

  let policy: AddressPolicy;
  try {
    policy = createAddressPolicy(options.allowPrivateAddresses ?? false);
  } catch (cause) {
    throw fail("webhook.invalid_options", (cause as Error).message, { retryable: false, cause });
  }

  const parseEndpoint = (endpoint: WebhookEndpoint): ParsedEndpoint => {
    let url: URL;
    try {
      url = new URL(endpoint.url);
    } catch (cause) {
      throw fail("webhook.invalid_endpoint", "the endpoint URL does not parse", { retryable: false, cause });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw fail("webhook.invalid_endpoint", `the endpoint URL must be http(s), not ${url.protocol}`, {
        retryable: false,
      });
    }
    if (endpoint.secrets.length === 0) {
      throw fail("webhook.invalid_endpoint", `no secret for ${origin(url)}`, { retryable: false });
    }
    const keys = endpoint.secrets.map((secret, index) => {
      try {
        return decodeSecret(secret);
      } catch (cause) {
        throw fail(
          "webhook.invalid_endpoint",
          `secret ${index} for ${origin(url)}: ${(cause as Error).message}`,
          {
            retryable: false,
          },
        );
      }
    });
    return { url, keys };
  };

  const blocked = (url: URL, address: string): ChannelError =>
    fail(
      "webhook.blocked_address",
      `${origin(url)} resolves to ${address}, a non-public address; list it in allowPrivateAddresses to allow it`,
      { retryable: false },
    );

  /** Resolves and checks the host; returns the address to connect to. */
  const resolveTarget = async (url: URL, signal: AbortSignal): Promise<Target> => {
    const host = bareHost(url);
    if (isIP(host) !== 0) {
      if (!policy.allowsAddress(host)) throw blocked(url, host);
      return { url, pinned: undefined };
    }
    if (policy.disabled || policy.allowsHost(host)) return { url, pinned: undefined };
    let addresses: ReadonlyArray<{ address: string; family: number }>;
    try {
      addresses = await untilAborted(lookup(host), signal);
    } catch (cause) {
      if (signal.aborted) throw cause;
      throw fail("webhook.dns_failed", `could not resolve ${origin(url)}`, { retryable: true, cause });
    }
    if (addresses.length === 0) {
      throw fail("webhook.dns_failed", `${origin(url)} has no address`, { retryable: true });
    }
    const usable = addresses.find((entry) => policy.allowsAddress(entry.address));
    if (!usable) throw blocked(url, addresses[0]?.address ?? "");
    return { url, pinned: { address: usable.address, family: usable.family } };
  };

  const classify = (url: URL, reply: Reply): ChannelError | undefined => {
    const { status } = reply;
    const where = origin(url);
    if (status >= 200 && status < 300) return undefined;
    if (status >= 300 && status < 400) {
      return fail("webhook.redirect", `${where} answered ${status}; redirects are not followed`, {
        retryable: false,
      });
    }
    if (status === 410) {
      return fail("webhook.gone", `${where} answered 410 Gone; disable this endpoint`, {
        retryable: false,
        disable: true,
      });
    }
    const retryAfterMs = parseRetryAfter(reply.retryAfter);
    if (status === 429) {
      return fail("webhook.throttled", `${where} answered 429 Too Many Requests`, {
        retryable: true,
        retryAfterMs,
      });
    }
    if (status >= 500 && status < 600) {
      return fail("webhook.server_error", `${where} answered ${status}`, { retryable: true, retryAfterMs });
    }
    return fail("webhook.rejected", `${where} answered ${status}`, { retryable: false });
  };

  return {
    name,
    capabilities: { dedupeById: true, ordered: false },

    async send(notification: Notification): Promise<SendResult> {
      const endpoint =
        typeof options.endpoints === "function"
          ? await options.endpoints(notification.recipient, notification)
          : options.endpoints;
      if (endpoint === undefined) {
        throw fail("webhook.no_endpoint", `no endpoint for recipient role ${notification.recipient.role}`, {
          retryable: false,
        });
      }
      const { url, keys } = parseEndpoint(endpoint);
      if (!/^[\x21-\x7e]{1,256}$/.test(notification.id)) {
        throw fail(
          "webhook.invalid_notification",
          "the notification id must be 1–256 printable ASCII characters",
          {
            retryable: false,
          },
        );
      }
      const body = Buffer.from(
        JSON.stringify({
          type: notification.topic,
          timestamp: notification.createdAt,
          data: notification.data,
        }),
        "utf8",
      );

      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error(`timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      try {
        const target = await resolveTarget(url, controller.signal);
        const timestamp = Math.floor(Date.now() / 1000);
        const headers: Record<string, string> = {
          "content-type": "application/json",
          "content-length": String(body.length),
          "user-agent": USER_AGENT,
          "webhook-id": notification.id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signatureHeader(keys, notification.id, timestamp, body),
        };
        const checkSocket =
          policy.disabled || policy.allowsHost(bareHost(url)) ? undefined : policy.allowsAddress;
        const reply = fetchImpl
          ? await sendWithFetch(fetchImpl, url, headers, body, controller.signal, maxResponseBytes)
          : await sendWithNode(target, headers, body, controller.signal, maxResponseBytes, checkSocket);
        const error = classify(url, reply);
        if (error) throw error;
        return { id: notification.id, acceptedAt: new Date().toISOString() };
      } catch (error) {
        if (error instanceof ChannelError) throw error;
        if (error instanceof BlockedAddressError) throw blocked(url, error.address);
        if (timedOut) {
          throw fail("webhook.timeout", `${origin(url)} did not answer within ${timeoutMs} ms`, {
            retryable: true,
            cause: error,
          });
        }
        const code =
          (error as { code?: unknown; cause?: { code?: unknown } }).code ??
          (error as { cause?: { code?: unknown } }).cause?.code;
        throw fail(
          "webhook.network",
          `could not deliver to ${origin(url)}${typeof code === "string" ? ` (${code})` : ""}`,
          {
            retryable: true,
            cause: error,
          },
        );
      } finally {
        clearTimeout(timer);
      }
    },

    async verify(): Promise<void> {
      if (typeof options.endpoints === "function") return;
      const { url } = parseEndpoint(options.endpoints);
      const host = bareHost(url);
      if (isIP(host) !== 0 && !policy.allowsAddress(host)) throw blocked(url, host);
    },
  };
}
