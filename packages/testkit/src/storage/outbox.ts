import type { OutboxMessage } from "@lianxin/core";
import { expect } from "vitest";
import { at, contractTest, ids, listAll, type StoreTestContext, write } from "./context.js";
import { FIXTURE_EPOCH, fixtureTime } from "./fixtures.js";

const LEASE = 60_000;
/** A moment after every message in these tests is available. */
const NOW = at(FIXTURE_EPOCH, 3_600_000);

/**
 * The outbox: enqueue, claims with leases (oldest first, one undelivered message per ordering key
 * at a time), delivered / failed / dead, listing by status, replay of dead letters.
 */
export function outboxTests(ctx: StoreTestContext): void {
  const test = contractTest(ctx);
  /** A message of `key` created (and available) `s` seconds after the fixture epoch. */
  const message = (key: string, s: number, overrides: Partial<OutboxMessage> = {}) =>
    ctx.fixtures.outboxMessage(key, {
      createdAt: fixtureTime(s * 1_000),
      availableAt: fixtureTime(s * 1_000),
      ...overrides,
    });
  const enqueue = (...messages: OutboxMessage[]) => write(ctx.store, (tx) => tx.enqueue(messages));
  const claim = (worker: string, limit = 10, now = NOW, leaseMs = LEASE) =>
    ctx.store.claimOutbox(worker, limit, leaseMs, now);
  const key = () => ctx.fixtures.id("need");

  test("claimOutbox on an empty outbox returns nothing", async () => {
    expect(await claim("w1")).toEqual([]);
  });

  test("enqueued messages are listed as pending, equal to what was enqueued", async () => {
    const a = message(key(), 1);
    const b = message(key(), 2, { channel: "sms", recipient: { role: "resident", id: "r-1" } });
    await enqueue(a, b);
    expect((await ctx.store.listOutbox({ status: "pending" })).items).toEqual([a, b]);
    expect((await ctx.store.listOutbox({})).items).toEqual([a, b]);
  });

  test("claimOutbox hands out available messages oldest first, up to the limit", async () => {
    const a = message(key(), 1);
    const b = message(key(), 2);
    const c = message(key(), 3);
    await enqueue(a, b, c);
    const first = await claim("w1", 2);
    expect(ids(first)).toEqual([a.id, b.id]);
    expect(first[0]).toMatchObject({ topic: a.topic, payload: a.payload, orderingKey: a.orderingKey });
    expect(ids(await claim("w2", 2))).toEqual([c.id]);
  });

  test("does not hand out a message before its availableAt", async () => {
    const later = message(key(), 100);
    await enqueue(later);
    expect(await claim("w1", 10, at(later.availableAt, -1_000))).toEqual([]);
    expect(ids(await claim("w1", 10, at(later.availableAt)))).toEqual([later.id]);
  });

  test("hands out at most one undelivered message per ordering key, in order", async () => {
    const k = key();
    const a1 = message(k, 1);
    const b = message(key(), 2);
    const a2 = message(k, 3);
    await enqueue(a1, b, a2);
    expect(ids(await claim("w1"))).toEqual([a1.id, b.id]);
    // a2 waits for a1, even for another worker.
    expect(await claim("w2")).toEqual([]);
    // After the lease ends, a1 is handed out again: still a1, not a2.
    const later = at(NOW.toISOString(), LEASE + 1_000);
    expect(ids(await claim("w2", 10, later))).toEqual([a1.id, b.id]);
    await ctx.store.markDelivered([a1.id], "w2", later);
    expect(ids(await claim("w3", 10, later))).toEqual([a2.id]);
  });

  test("a retried message still holds back the later messages of its ordering key", async () => {
    const k = key();
    const a1 = message(k, 1);
    const a2 = message(k, 2);
    await enqueue(a1, a2);
    expect(ids(await claim("w1"))).toEqual([a1.id]);
    const retryAt = at(NOW.toISOString(), 30_000);
    await ctx.store.markFailed(a1.id, "w1", "channel down", retryAt);
    expect(await claim("w1")).toEqual([]);
    expect(ids(await claim("w1", 10, retryAt))).toEqual([a1.id]);
  });

  test("two workers claiming at once never get the same message", async () => {
    const messages = Array.from({ length: 20 }, (_, i) => message(key(), i));
    await enqueue(...messages);
    const [x, y, z] = await Promise.all([claim("w1", 8), claim("w2", 8), claim("w3", 8)]);
    const all = [...ids(x!), ...ids(y!), ...ids(z!)];
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(ids(messages).sort());
  });

  test("a claimed message goes to no other worker while the lease holds, and to another after it", async () => {
    const m = message(key(), 1);
    await enqueue(m);
    expect(ids(await claim("w1", 10, NOW))).toEqual([m.id]);
    expect(await claim("w2", 10, at(NOW.toISOString(), LEASE - 1_000))).toEqual([]);
    const retaken = await claim("w2", 10, at(NOW.toISOString(), LEASE + 1_000));
    expect(ids(retaken)).toEqual([m.id]);
    // The first worker lost it: its late report is ignored.
    await ctx.store.markDelivered([m.id], "w1", at(NOW.toISOString(), LEASE + 2_000));
    expect((await ctx.store.listOutbox({ status: "delivered" })).items).toEqual([]);
    await ctx.store.markDelivered([m.id], "w2", at(NOW.toISOString(), LEASE + 3_000));
    expect(ids((await ctx.store.listOutbox({ status: "delivered" })).items)).toEqual([m.id]);
  });

  test("markDelivered marks messages delivered at the moment given, and they are not handed out again", async () => {
    const a = message(key(), 1);
    const b = message(key(), 2);
    await enqueue(a, b);
    await claim("w1");
    const deliveredAt = at(NOW.toISOString(), 5_000);
    await ctx.store.markDelivered([a.id, b.id], "w1", deliveredAt);
    const delivered = (await ctx.store.listOutbox({ status: "delivered" })).items;
    expect(ids(delivered)).toEqual([a.id, b.id]);
    for (const m of delivered) expect(Date.parse(m.deliveredAt!)).toBe(deliveredAt.getTime());
    expect(await claim("w2", 10, at(NOW.toISOString(), 10 * LEASE))).toEqual([]);
    expect((await ctx.store.listOutbox({ status: "pending" })).items).toEqual([]);
  });

  test("markFailed with retryAt keeps the message pending, with the error, until retryAt", async () => {
    const m = message(key(), 1);
    await enqueue(m);
    await claim("w1");
    const retryAt = at(NOW.toISOString(), 120_000);
    await ctx.store.markFailed(m.id, "w1", "sms gateway 503", retryAt);
    const [pending] = (await ctx.store.listOutbox({ status: "pending" })).items;
    expect(pending).toMatchObject({ id: m.id, status: "pending", lastError: "sms gateway 503" });
    expect(Date.parse(pending!.availableAt)).toBe(retryAt.getTime());
    expect(await claim("w2", 10, at(retryAt.toISOString(), -1_000))).toEqual([]);
    expect(ids(await claim("w2", 10, retryAt))).toEqual([m.id]);
  });

  test("markFailed with null makes the message dead: listed as dead, never handed out", async () => {
    const m = message(key(), 1);
    await enqueue(m);
    await claim("w1");
    await ctx.store.markFailed(m.id, "w1", "invalid recipient", null);
    const dead = (await ctx.store.listOutbox({ status: "dead" })).items;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ id: m.id, status: "dead", lastError: "invalid recipient" });
    expect(await claim("w2", 10, at(NOW.toISOString(), 100 * LEASE))).toEqual([]);
  });

  test("replayDead makes dead messages pending and available at the moment given", async () => {
    const dead = message(key(), 1);
    const alive = message(key(), 2);
    await enqueue(dead, alive);
    await claim("w1");
    await ctx.store.markFailed(dead.id, "w1", "invalid recipient", null);
    const replayAt = at(NOW.toISOString(), 600_000);
    expect(await ctx.store.replayDead([dead.id, alive.id, "no-such-message"], replayAt)).toBe(1);
    expect((await ctx.store.listOutbox({ status: "dead" })).items).toEqual([]);
    expect(await claim("w2", 10, at(replayAt.toISOString(), -1_000))).not.toContainEqual(
      expect.objectContaining({ id: dead.id }),
    );
    expect(ids(await claim("w2", 10, replayAt))).toContain(dead.id);
    expect(await ctx.store.replayDead([dead.id], replayAt)).toBe(0);
  });

  test("listOutbox filters by status and pages through every message once, in order", async () => {
    const messages = Array.from({ length: 13 }, (_, i) => message(key(), i));
    await enqueue(...messages);
    const delivered = messages.filter((_, i) => i % 3 === 0);
    await claim("w1", 100);
    await ctx.store.markDelivered(ids(delivered), "w1", NOW);
    const pending = messages.filter((_, i) => i % 3 !== 0);
    for (const size of [1, 2, 5, 100]) {
      expect(ids(await listAll((p) => ctx.store.listOutbox({ status: "pending", ...p }), size))).toEqual(
        ids(pending),
      );
      expect(ids(await listAll((p) => ctx.store.listOutbox({ status: "delivered", ...p }), size))).toEqual(
        ids(delivered),
      );
      expect(ids(await listAll((p) => ctx.store.listOutbox(p), size))).toEqual(ids(messages));
    }
  });
}
