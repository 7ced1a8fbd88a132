import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ChannelError, type Notification } from "@lianxin/core";
import { channelSuite } from "@lianxin/testkit/channels";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import {
  createAddressPolicy,
  isBlockedAddress,
  parseRetryAfter,
  type WebhookChannelOptions,
  webhookChannel,
} from "../src/index.js";

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
  remoteAddress: string | undefined;
}

interface TestServer {
  url: string;
  port: number;
  received: Received[];
  server: Server;
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** Starts a server on 127.0.0.1 that records each request, then lets `respond` answer it. */
async function startServer(
  respond: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        remoteAddress: req.socket.remoteAddress,
      });
      respond(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/lianxin?token=abc`, port, received, server };
}

const answer =
  (status: number, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, headers).end("ok");
  };

const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: `msg_${randomBytes(6).toString("hex")}`,
    topic: "need.dispatched",
    recipient: { role: "grid-worker", id: "gw-7" },
    lang: "zh-CN",
    subject: "新的诉求 张三 13800000000",
    text: "张三 (13800000000) 家中漏水",
    data: { needId: "need-42", state: "dispatched" },
    createdAt: "2026-11-27T08:00:00.000Z",
    source: { id: "msg-1", orderingKey: "need-42", attempts: 0 },
    ...overrides,
  };
}

function channel(url: string, options: Partial<WebhookChannelOptions> = {}, secrets = [newSecret()]) {
  return webhookChannel({ endpoints: { url, secrets }, allowPrivateAddresses: ["127.0.0.1"], ...options });
}

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelError);
    return error as ChannelError;
  }
  throw new Error("expected the send to fail");
}

/** An HMAC check written independently of the channel's signing code. */
function hmacMatches(secret: string, id: string, timestamp: string, body: string, header: string): boolean {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(" ").some((part) => {
    const [version, signature = ""] = part.split(",");
    const given = Buffer.from(signature, "base64");
    return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe("webhookChannel: delivery", () => {
  it("POSTs { type, timestamp, data } with Standard Webhooks headers that verify", async () => {
    const target = await startServer(answer(204));
    const secret = newSecret();
    const n = notification();
    const result = await channel(target.url, {}, [secret]).send(n);

    expect(result.id).toBe(n.id);
    expect(Number.isNaN(Date.parse(result.acceptedAt))).toBe(false);
    expect(target.received).toHaveLength(1);
    const [got] = target.received;
    const headers = got!.headers as Record<string, string>;
    expect(headers["webhook-id"]).toBe(n.id);
    expect(Math.abs(Number(headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(5);
    expect(headers["content-type"]).toBe("application/json");
    expect(new Webhook(secret).verify(got!.body, headers)).toEqual({
      type: "need.dispatched",
      timestamp: "2026-11-27T08:00:00.000Z",
      data: { needId: "need-42", state: "dispatched" },
    });
    expect(
      hmacMatches(secret, n.id, headers["webhook-timestamp"]!, got!.body, headers["webhook-signature"]!),
    ).toBe(true);
    // Nothing but the data: no subject, text or recipient (which may carry personal data).
    expect(got!.body).not.toContain("13800000000");
    expect(got!.body).not.toContain("gw-7");
  });

  it("signs with every secret during a rotation", async () => {
    const target = await startServer(answer(200));
    const [oldSecret, newOne] = [newSecret(), newSecret()];
    await channel(target.url, {}, [oldSecret, newOne]).send(notification());

    const got = target.received[0]!;
    const headers = got.headers as Record<string, string>;
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(() => new Webhook(oldSecret).verify(got.body, headers)).not.toThrow();
    expect(() => new Webhook(newOne).verify(got.body, headers)).not.toThrow();
    expect(() => new Webhook(newSecret()).verify(got.body, headers)).toThrow();
  });

  it("keeps webhook-id stable across retries of one notification", async () => {
    const target = await startServer(answer(200));
    const send = channel(target.url);
    const n = notification();
    await send.send(n);
    await send.send(n);
    expect(target.received.map((r) => r.headers["webhook-id"])).toEqual([n.id, n.id]);
  });

  it("picks the endpoint per recipient, and fails with webhook.no_endpoint when there is none", async () => {
    const target = await startServer(answer(200));
    const secret = newSecret();
    const send = webhookChannel({
      name: "city-hooks",
      endpoints: (recipient) =>
        recipient.role === "grid-worker" ? { url: target.url, secrets: [secret] } : undefined,
      allowPrivateAddresses: ["127.0.0.0/8"],
    });
    await send.send(notification());
    expect(target.received).toHaveLength(1);

    const error = await failure(send.send(notification({ recipient: { role: "resident" } })));
    expect(error.code).toBe("webhook.no_endpoint");
    expect(error.retryable).toBe(false);
    expect(error.channel).toBe("city-hooks");
    expect(error.message).toContain('webhook channel "city-hooks"');
  });

  it("refuses an id that cannot go in a header, without retrying", async () => {
    const target = await startServer(answer(200));
    const error = await failure(channel(target.url).send(notification({ id: "bad\nid" })));
    expect(error.code).toBe("webhook.invalid_notification");
    expect(error.retryable).toBe(false);
    expect(target.received).toHaveLength(0);
  });

  it("sends through fetchImpl when given, still without following redirects", async () => {
    const target = await startServer((req, res) =>
      req.url?.startsWith("/moved")
        ? res.writeHead(200).end()
        : res.writeHead(302, { location: "/moved" }).end(),
    );
    const send = channel(target.url, { fetchImpl: fetch });
    const error = await failure(send.send(notification()));
    expect(error.code).toBe("webhook.redirect");
    expect(target.received).toHaveLength(1);

    const ok = await startServer(answer(202));
    const secret = newSecret();
    await channel(ok.url, { fetchImpl: fetch }, [secret]).send(notification());
    const got = ok.received[0]!;
    expect(() => new Webhook(secret).verify(got.body, got.headers as Record<string, string>)).not.toThrow();
  });
});

describe("webhookChannel: SSRF guard", () => {
  it("refuses 127.0.0.1 by default, before connecting", async () => {
    const target = await startServer(answer(200));
    const send = webhookChannel({ endpoints: { url: target.url, secrets: [newSecret()] } });
    const error = await failure(send.send(notification()));
    expect(error.code).toBe("webhook.blocked_address");
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain("token=abc");
    expect(target.received).toHaveLength(0);
  });

  it("allows 127.0.0.1 when allowlisted as an address, a CIDR or with the guard off", async () => {
    const target = await startServer(answer(200));
    for (const allow of [["127.0.0.1"], ["127.0.0.0/8"], true] as const) {
      await channel(target.url, { allowPrivateAddresses: allow }).send(notification());
    }
    expect(target.received).toHaveLength(3);
  });

  it("refuses a host name that resolves to a private address, without connecting", async () => {
    const lookups: string[] = [];
    const send = webhookChannel({
      endpoints: { url: "https://hooks.example.test/x", secrets: [newSecret()] },
      lookup: async (host) => {
        lookups.push(host);
        return [{ address: "10.0.0.7", family: 4 }];
      },
    });
    const error = await failure(send.send(notification()));
    expect(error.code).toBe("webhook.blocked_address");
    expect(error.message).toContain("10.0.0.7");
    expect(lookups).toEqual(["hooks.example.test"]);
  });

  it("refuses localhost (resolved by the system resolver)", async () => {
    const target = await startServer(answer(200));
    const send = webhookChannel({
      endpoints: { url: `http://localhost:${target.port}/`, secrets: [newSecret()] },
    });
    const error = await failure(send.send(notification()));
    expect(error.code).toBe("webhook.blocked_address");
    expect(target.received).toHaveLength(0);
  });

  it("connects to the checked address: the host is resolved once and not again", async () => {
    const target = await startServer(answer(200));
    let lookups = 0;
    const send = webhookChannel({
      endpoints: { url: `http://hooks.example.test:${target.port}/x`, secrets: [newSecret()] },
      allowPrivateAddresses: ["127.0.0.1"],
      lookup: async () => {
        lookups += 1;
        // A rebinding resolver would answer differently the second time; there is no second time.
        return lookups === 1 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "10.0.0.1", family: 4 }];
      },
    });
    await send.send(notification());
    expect(lookups).toBe(1);
    expect(target.received[0]!.headers.host).toBe(`hooks.example.test:${target.port}`);
    expect(target.received[0]!.remoteAddress).toBe("127.0.0.1");
  });

  it("uses only the allowed addresses of a mixed answer", async () => {
    const target = await startServer(answer(200));
    const send = webhookChannel({
      endpoints: { url: `http://hooks.example.test:${target.port}/x`, secrets: [newSecret()] },
      allowPrivateAddresses: ["127.0.0.1"],
      lookup: async () => [
        { address: "169.254.169.254", family: 4 },
        { address: "127.0.0.1", family: 4 },
      ],
    });
    await send.send(notification());
    expect(target.received).toHaveLength(1);
  });

  it("lets an allowlisted host name through without checking its addresses", async () => {
    const target = await startServer(answer(200));
    const send = webhookChannel({
      endpoints: { url: `http://localhost:${target.port}/`, secrets: [newSecret()] },
      allowPrivateAddresses: ["localhost"],
    });
    await send.send(notification());
    expect(target.received).toHaveLength(1);
  });

  it("refuses loopback written in other forms the URL parser accepts", async () => {
    for (const url of [
      "http://2130706433:9/",
      "http://0x7f.1:9/",
      "http://[::ffff:127.0.0.1]:9/",
      "http://[::1]:9/",
    ]) {
      const error = await failure(
        webhookChannel({ endpoints: { url, secrets: [newSecret()] } }).send(notification()),
      );
      expect(error.code, url).toBe("webhook.blocked_address");
    }
  });

  it("a host that does not resolve is retryable", async () => {
    const send = webhookChannel({
      endpoints: { url: "https://hooks.example.test/x", secrets: [newSecret()] },
      lookup: async () => {
        throw Object.assign(new Error("getaddrinfo ENOTFOUND hooks.example.test"), { code: "ENOTFOUND" });
      },
    });
    const error = await failure(send.send(notification()));
    expect(error.code).toBe("webhook.dns_failed");
    expect(error.retryable).toBe(true);
  });

  it("classifies addresses (checked directly, no traffic)", () => {
    const blocked = [
      "127.0.0.1",
      "127.255.0.9",
      "0.0.0.0",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "169.254.0.1",
      "100.64.0.1",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "fe80::1%eth0",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:10.0.0.1",
      "::ffff:8.8.8.8",
      "64:ff9b::10.0.0.1",
      "2002:c0a8:0101::1",
      "2001:db8::1",
      "not-an-ip",
      "",
    ];
    for (const address of blocked) expect(isBlockedAddress(address), address).toBe(true);
    const open = [
      "8.8.8.8",
      "1.1.1.1",
      "93.184.216.34",
      "172.32.0.1",
      "2606:4700:4700::1111",
      "2a00:1450::1",
    ];
    for (const address of open) expect(isBlockedAddress(address), address).toBe(false);
  });

  it("builds allowlists of CIDRs, addresses and host names", () => {
    const policy = createAddressPolicy(["10.20.0.0/16", "fd00::5", "Hooks.City.Internal."]);
    expect(policy.allowsAddress("10.20.3.4")).toBe(true);
    expect(policy.allowsAddress("10.21.0.1")).toBe(false);
    expect(policy.allowsAddress("::ffff:10.20.3.4")).toBe(true);
    expect(policy.allowsAddress("fd00::5")).toBe(true);
    expect(policy.allowsAddress("fd00::6")).toBe(false);
    expect(policy.allowsAddress("8.8.8.8")).toBe(true);
    expect(policy.allowsHost("hooks.city.internal")).toBe(true);
    expect(policy.allowsHost("other.city.internal")).toBe(false);
    expect(createAddressPolicy(false).allowsAddress("169.254.169.254")).toBe(false);
    expect(createAddressPolicy(true).allowsAddress("169.254.169.254")).toBe(true);
  });

  it("rejects a malformed allowlist entry when the channel is created", () => {
    expect(() => createAddressPolicy(["10.0.0.0/33"])).toThrow(TypeError);
    let thrown: unknown;
    try {
      webhookChannel({
        endpoints: { url: "https://a.example", secrets: [newSecret()] },
        allowPrivateAddresses: ["a b"],
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ChannelError);
    expect((thrown as ChannelError).code).toBe("webhook.invalid_options");
  });
});

describe("webhookChannel: failures", () => {
  it("a 500 is retryable", async () => {
    const target = await startServer(answer(500));
    const error = await failure(channel(target.url).send(notification()));
    expect(error.code).toBe("webhook.server_error");
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeUndefined();
  });

  it("a 503 with Retry-After is retryable after that delay", async () => {
    const target = await startServer(answer(503, { "retry-after": "7" }));
    const error = await failure(channel(target.url).send(notification()));
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(7000);
  });

  it("a 429 with Retry-After (seconds or an HTTP date) sets retryAfterMs", async () => {
    const seconds = await startServer(answer(429, { "retry-after": "120" }));
    const error = await failure(channel(seconds.url).send(notification()));
    expect(error.code).toBe("webhook.throttled");
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(120_000);

    const date = await startServer(
      answer(429, { "retry-after": new Date(Date.now() + 60_000).toUTCString() }),
    );
    const dated = await failure(channel(date.url).send(notification()));
    expect(dated.retryAfterMs).toBeGreaterThan(55_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it("a 410 disables the endpoint", async () => {
    const target = await startServer(answer(410));
    const error = await failure(channel(target.url).send(notification()));
    expect(error.code).toBe("webhook.gone");
    expect(error.disable).toBe(true);
    expect(error.retryable).toBe(false);
  });

  it("other 4xx are not retryable", async () => {
    const target = await startServer(answer(400));
    const error = await failure(channel(target.url).send(notification()));
    expect(error.code).toBe("webhook.rejected");
    expect(error.retryable).toBe(false);
    expect(error.disable).toBe(false);
  });

  it("a redirect is not followed and not retryable", async () => {
    const target = await startServer((req, res) =>
      req.url?.startsWith("/elsewhere")
        ? res.writeHead(200).end()
        : res.writeHead(307, { location: "/elsewhere" }).end(),
    );
    const error = await failure(channel(target.url).send(notification()));
    expect(error.code).toBe("webhook.redirect");
    expect(error.retryable).toBe(false);
    expect(target.received).toHaveLength(1);
  });

  it("a server hanging past the timeout is retryable", async () => {
    const target = await startServer(() => {
      // never answers
    });
    const started = Date.now();
    const error = await failure(channel(target.url, { timeoutMs: 200 }).send(notification()));
    expect(error.code).toBe("webhook.timeout");
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a reset connection is retryable", async () => {
    const target = await startServer((req) => {
      req.socket.resetAndDestroy();
    });
    const error = await failure(channel(target.url).send(notification()));
    expect(error.code).toBe("webhook.network");
    expect(error.retryable).toBe(true);
  });

  it("a refused connection is retryable", async () => {
    const target = await startServer(answer(200));
    const url = target.url;
    const server = servers.pop()!;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await failure(channel(url).send(notification()));
    expect(error.code).toBe("webhook.network");
    expect(error.retryable).toBe(true);
  });

  it("an oversized response still succeeds, and is not read past the cap", async () => {
    let written = 0;
    let closedEarly = false;
    const target = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const pump = () => {
        // Endless body: the send can only finish if the channel stops reading.
        while (!res.destroyed && res.write(chunk)) written += chunk.length;
        if (!res.destroyed) res.once("drain", pump);
      };
      res.on("close", () => {
        closedEarly = !res.writableFinished;
      });
      pump();
    });
    const result = await channel(target.url, { maxResponseBytes: 1024, timeoutMs: 5_000 }).send(
      notification(),
    );
    expect(result.id).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedEarly).toBe(true);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});

describe("webhookChannel: verify and options", () => {
  it("verify() accepts an http(s) endpoint and refuses bad ones", async () => {
    await expect(
      webhookChannel({ endpoints: { url: "https://hooks.example.org/x", secrets: [newSecret()] } }).verify!(),
    ).resolves.toBeUndefined();

    const cases: Array<[string, string[], string]> = [
      ["not a url", [newSecret()], "webhook.invalid_endpoint"],
      ["ftp://hooks.example.org/x", [newSecret()], "webhook.invalid_endpoint"],
      ["https://hooks.example.org/x", [], "webhook.invalid_endpoint"],
      ["https://hooks.example.org/x", ["plain-secret"], "webhook.invalid_endpoint"],
      [
        "https://hooks.example.org/x",
        [`whsec_${randomBytes(8).toString("base64")}`],
        "webhook.invalid_endpoint",
      ],
      ["http://169.254.169.254/latest", [newSecret()], "webhook.blocked_address"],
      ["http://[::1]:8080/", [newSecret()], "webhook.blocked_address"],
    ];
    for (const [url, secrets, code] of cases) {
      const error = await failure(webhookChannel({ endpoints: { url, secrets } }).verify!());
      expect(error.code, url).toBe(code);
      expect(error.retryable).toBe(false);
    }
  });

  it("does not put secrets in errors", async () => {
    const secret = "whsec_c2hvcnQ=";
    const error = await failure(
      webhookChannel({ endpoints: { url: "https://hooks.example.org", secrets: [secret] } }).verify!(),
    );
    expect(error.message).not.toContain("c2hvcnQ");
  });

  it("rejects timeoutMs and maxResponseBytes that are not positive integers", () => {
    for (const bad of [{ timeoutMs: 0 }, { timeoutMs: 1.5 }, { maxResponseBytes: -1 }]) {
      expect(() =>
        webhookChannel({ endpoints: { url: "https://a.example", secrets: [newSecret()] }, ...bad }),
      ).toThrow(ChannelError);
    }
  });

  it("declares its capabilities", () => {
    const send = webhookChannel({ endpoints: { url: "https://a.example", secrets: [newSecret()] } });
    expect(send.name).toBe("webhook");
    expect(send.capabilities).toEqual({ dedupeById: true, ordered: false });
  });

  it("parses Retry-After", () => {
    const now = Date.parse("2026-11-27T08:00:00Z");
    expect(parseRetryAfter("30", now)).toBe(30_000);
    expect(parseRetryAfter("Fri, 27 Nov 2026 08:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Fri, 27 Nov 2026 07:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

channelSuite({
  name: "webhook",
  create: async () => {
    const secret = newSecret();
    const arrived: Notification[] = [];
    const target = await startServer((req, res) => {
      const got = target.received.at(-1)!;
      let payload: { type: string; timestamp: string; data: Record<string, unknown> };
      try {
        payload = new Webhook(secret).verify(
          got.body,
          req.headers as Record<string, string>,
        ) as typeof payload;
      } catch {
        res.writeHead(401).end();
        return;
      }
      const id = String(req.headers["webhook-id"]);
      // The receiver sees the id, type, timestamp and data only; the rest is filled in.
      arrived.push({
        id,
        topic: payload.type,
        recipient: { role: "webhook" },
        lang: "en",
        subject: "",
        text: "",
        data: payload.data,
        createdAt: payload.timestamp,
        source: { id, orderingKey: id, attempts: 0 },
      });
      res.writeHead(204).end();
    });
    return { channel: channel(target.url, {}, [secret]), received: () => arrived };
  },
  badConfig: () =>
    webhookChannel({ endpoints: { url: "ftp://hooks.example.org/x", secrets: [newSecret()] } }),
});
