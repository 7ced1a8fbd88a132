import { ChannelError, type Notification } from "@lianxin/core";
import { simpleParser } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { emailChannel, messageIdFor } from "../src/index.js";
import { closedPort, startSink, transportTo } from "./smtp-sink.js";

function notification(overrides: Partial<Notification> = {}): Notification {
  return {
    id: "01J9ZQ3W8E7Y5M2K4N6P8R0T1V",
    topic: "need.dispatched",
    recipient: { role: "grid-worker", id: "res-42" },
    lang: "zh-CN",
    subject: "新诉求已派单 / Need dispatched",
    text: "网格 3-2 有一条新诉求，请在 24 小时内联系。\nA new need in grid 3-2.",
    data: { needId: "need-1", state: "dispatched" },
    createdAt: "2026-11-27T08:00:00.000Z",
    source: { id: "01J9ZQ3W8E7Y5M2K4N6P8R0T1V", orderingKey: "need-1", attempts: 0 },
    ...overrides,
  };
}

const FROM = "noreply@lianxin.test";
const lookup = (recipient: Notification["recipient"]) =>
  recipient.id === undefined ? undefined : `${recipient.id}@grid.test`;

describe("@lianxin/notify-email", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function sink(reject?: { at: "rcpt" | "data"; code: number }) {
    const s = await startSink(reject);
    cleanups.push(() => s.close());
    const transport = transportTo(s.port);
    cleanups.push(() => transport.close());
    return { sink: s, transport };
  }

  it("delivers subject, text, from/to, Message-ID and the topic header, nothing else", async () => {
    const { sink: s, transport } = await sink();
    const channel = emailChannel({ transport, from: FROM, to: lookup });
    expect(channel.name).toBe("email");
    expect(channel.capabilities.dedupeById).toBe(true);
    const n = notification();

    const result = await channel.send(n);
    expect(result.id).toBe(n.id);
    expect(Number.isNaN(Date.parse(result.acceptedAt))).toBe(false);

    expect(s.received).toHaveLength(1);
    const got = s.received[0];
    if (got === undefined) throw new Error("nothing received");
    expect(got.from).toBe(FROM);
    expect(got.to).toEqual(["res-42@grid.test"]);

    const mail = await simpleParser(got.raw);
    expect(mail.subject).toBe(n.subject);
    expect(mail.text?.trim()).toBe(n.text);
    expect(mail.html).toBe(false);
    expect(mail.attachments).toHaveLength(0);
    expect(mail.messageId).toBe(`<${n.id}@lianxin>`);
    expect(mail.headers.get("x-lianxin-topic")).toBe("need.dispatched");
    const from = Array.isArray(mail.from) ? mail.from[0] : mail.from;
    expect(from?.value[0]?.address).toBe(FROM);
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value[0]?.address).toBe("res-42@grid.test");
    // The structured data is not part of the mail.
    expect(got.raw).not.toContain("need-1");
  });

  it("a retry of the same notification carries the same Message-ID", async () => {
    const { sink: s, transport } = await sink();
    const channel = emailChannel({ transport, from: FROM, to: lookup, name: "mail" });
    expect(channel.name).toBe("mail");
    await channel.send(notification());
    await channel.send(notification({ source: { id: "x", orderingKey: "need-1", attempts: 1 } }));
    const ids = await Promise.all(s.received.map(async (r) => (await simpleParser(r.raw)).messageId));
    expect(ids).toEqual([`<${notification().id}@lianxin>`, `<${notification().id}@lianxin>`]);
  });

  it("no address for the recipient → not retryable email.no_address, nothing sent", async () => {
    const { sink: s, transport } = await sink();
    const channel = emailChannel({ transport, from: FROM, to: lookup });
    const err = await channel
      .send(notification({ recipient: { role: "resident" } }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: "email.no_address", retryable: false, channel: "email" });
    expect((err as Error).message).toContain("[email]");
    expect(s.received).toHaveLength(0);
  });

  it("550 from the server → not retryable email.rejected", async () => {
    const { transport } = await sink({ at: "rcpt", code: 550 });
    const channel = emailChannel({ transport, from: FROM, to: lookup });
    const err = await channel.send(notification()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: "email.rejected", retryable: false, channel: "email" });
    expect((err as Error).cause).toBeDefined();
  });

  it("451 from the server → retryable email.deferred", async () => {
    const { transport } = await sink({ at: "data", code: 451 });
    const channel = emailChannel({ transport, from: FROM, to: lookup });
    const err = await channel.send(notification()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: "email.deferred", retryable: true });
  });

  it("server down → retryable email.connection; verify() fails the same way", async () => {
    const transport = transportTo(await closedPort());
    cleanups.push(() => transport.close());
    const channel = emailChannel({ transport, from: FROM, to: lookup });
    const err = await channel.send(notification()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ code: "email.connection", retryable: true, disable: false });
    await expect(channel.verify?.()).rejects.toMatchObject({ retryable: true });
  });

  it("verify() passes against a running server", async () => {
    const { transport } = await sink();
    const channel = emailChannel({ transport, from: FROM, to: lookup });
    await expect(channel.verify?.()).resolves.toBeUndefined();
  });

  it("messageIdFor keeps ids stable and RFC 5322-safe", () => {
    expect(messageIdFor("abc-123")).toBe("<abc-123@lianxin>");
    expect(messageIdFor("a b<c>")).toBe("<a%20b%3Cc%3E@lianxin>");
    expect(messageIdFor("连")).toBe(messageIdFor("连"));
  });
});
