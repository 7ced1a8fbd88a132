import type { Timer } from "@lianxin/core";
import { expect } from "vitest";
import { at, contractTest, ids, listAll, type StoreTestContext, write } from "./context.js";
import { FIXTURE_EPOCH, fixtureTime } from "./fixtures.js";

const LEASE = 60_000;

/**
 * Timers: scheduling, claims of due timers with leases (earliest first), completion at most
 * once, cancellation by work order / need / kinds, listing.
 */
export function timersTests(ctx: StoreTestContext): void {
  const test = contractTest(ctx);
  /** A timer of `need` due `s` seconds after the fixture epoch. */
  const timer = (need: string, s: number, overrides: Partial<Timer> = {}) =>
    ctx.fixtures.timer(need, { dueAt: fixtureTime(s * 1_000), ...overrides });
  const add = (...timers: Timer[]) => write(ctx.store, (tx) => tx.addTimers(timers));
  const claim = (worker: string, now: Date, limit = 10, leaseMs = LEASE) =>
    ctx.store.claimDueTimers(worker, now, limit, leaseMs);
  const complete = (id: string, worker: string) => write(ctx.store, (tx) => tx.completeTimer(id, worker));
  const t = (s: number) => at(FIXTURE_EPOCH, s * 1_000);
  const need = () => ctx.fixtures.id("need");

  test("claimDueTimers with nothing scheduled returns nothing", async () => {
    expect(await claim("w1", t(1_000_000))).toEqual([]);
  });

  test("addTimers then listTimers returns equal timers", async () => {
    const n = need();
    const a = timer(n, 10);
    const b = timer(n, 20, { kind: "escalate", workOrder: ctx.fixtures.id("wo"), data: { step: 2 } });
    await add(a, b);
    expect((await ctx.store.listTimers({ need: n })).items).toEqual([a, b]);
  });

  test("claimDueTimers returns only due timers, earliest first, up to the limit", async () => {
    const n = need();
    const late = timer(n, 30);
    const early = timer(n, 10);
    const middle = timer(n, 20);
    const future = timer(n, 100);
    await add(late, early, middle, future);
    expect(await claim("w1", t(5))).toEqual([]);
    const hour = 3_600_000;
    expect(ids(await claim("w1", t(30), 2, hour))).toEqual([early.id, middle.id]);
    expect(ids(await claim("w1", t(30), 2, hour))).toEqual([late.id]);
    const [claimed] = await claim("w2", t(100), 10, hour);
    expect(claimed).toEqual(future);
  });

  test("orders by instant, not by how the time is written", async () => {
    const n = need();
    // 09:00+08:00 is 01:00Z, earlier than 02:00Z though it sorts later as a string.
    const utc = timer(n, 0, { dueAt: "2026-10-09T02:00:00Z" });
    const local = timer(n, 0, { dueAt: "2026-10-09T09:00:00+08:00" });
    await add(utc, local);
    expect(ids(await claim("w1", new Date("2026-10-09T01:30:00Z")))).toEqual([local.id]);
    expect(await complete(local.id, "w1")).toBe(true);
    expect(ids(await claim("w1", new Date("2026-10-09T03:00:00Z")))).toEqual([utc.id]);
  });

  test("a timer due exactly now is due", async () => {
    const a = timer(need(), 10);
    await add(a);
    expect(ids(await claim("w1", t(10)))).toEqual([a.id]);
  });

  test("a claimed timer goes to no other worker while the lease holds, and to another after it", async () => {
    const a = timer(need(), 10);
    await add(a);
    expect(ids(await claim("w1", t(10)))).toEqual([a.id]);
    expect(await claim("w2", t(10))).toEqual([]);
    expect(await claim("w2", at(t(10).toISOString(), LEASE - 1_000))).toEqual([]);
    expect(ids(await claim("w2", at(t(10).toISOString(), LEASE + 1_000)))).toEqual([a.id]);
    // The first worker lost it.
    expect(await complete(a.id, "w1")).toBe(false);
    expect(await complete(a.id, "w2")).toBe(true);
  });

  test("concurrent claims never hand one timer to two workers", async () => {
    const n = need();
    const timers = Array.from({ length: 20 }, (_, i) => timer(n, i));
    await add(...timers);
    const got = await Promise.all(["w1", "w2", "w3"].map((w) => claim(w, t(100), 8)));
    const all = got.flatMap(ids);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(ids(timers).sort());
  });

  test("completeTimer returns true once, then false; a fired timer is not claimed again", async () => {
    const a = timer(need(), 10);
    await add(a);
    await claim("w1", t(10));
    expect(await complete(a.id, "w1")).toBe(true);
    expect(await complete(a.id, "w1")).toBe(false);
    expect((await ctx.store.listTimers({ need: a.need })).items).toEqual([{ ...a, status: "fired" }]);
    expect(await claim("w2", at(t(10).toISOString(), 100 * LEASE))).toEqual([]);
  });

  test("completeTimer by a worker that does not hold the timer returns false and changes nothing", async () => {
    const a = timer(need(), 10);
    await add(a);
    await claim("w1", t(10));
    expect(await complete(a.id, "w2")).toBe(false);
    expect(await complete("no-such-timer", "w1")).toBe(false);
    expect((await ctx.store.listTimers({ need: a.need })).items).toEqual([a]);
    expect(await complete(a.id, "w1")).toBe(true);
  });

  test("cancelTimers by work order cancels its pending timers only, and returns how many", async () => {
    const n = need();
    const wo = ctx.fixtures.id("wo");
    const a = timer(n, 10, { workOrder: wo });
    const b = timer(n, 20, { workOrder: wo, kind: "overdue" });
    const fired = timer(n, 5, { workOrder: wo });
    const otherOrder = timer(n, 10, { workOrder: ctx.fixtures.id("wo") });
    const needOnly = timer(n, 10, { kind: "follow-up" });
    await add(a, b, fired, otherOrder, needOnly);
    await claim("w1", t(5));
    expect(await complete(fired.id, "w1")).toBe(true);
    expect(await write(ctx.store, (tx) => tx.cancelTimers({ workOrder: wo }))).toBe(2);
    expect(ids((await ctx.store.listTimers({ workOrder: wo, status: "cancelled" })).items)).toEqual([
      a.id,
      b.id,
    ]);
    expect(ids((await ctx.store.listTimers({ need: n, status: "pending" })).items)).toEqual([
      otherOrder.id,
      needOnly.id,
    ]);
    expect(await write(ctx.store, (tx) => tx.cancelTimers({ workOrder: wo }))).toBe(0);
  });

  test("cancelTimers by need cancels the need's pending timers, with or without a work order", async () => {
    const n = need();
    const a = timer(n, 10, { workOrder: ctx.fixtures.id("wo") });
    const b = timer(n, 20);
    const other = timer(need(), 10);
    await add(a, b, other);
    expect(await write(ctx.store, (tx) => tx.cancelTimers({ need: n }))).toBe(2);
    expect(ids(await claim("w1", t(100)))).toEqual([other.id]);
  });

  test("cancelTimers with kinds cancels only those kinds", async () => {
    const n = need();
    const remind = timer(n, 10, { kind: "remind" });
    const overdue = timer(n, 11, { kind: "overdue" });
    const escalate = timer(n, 12, { kind: "escalate" });
    const followUp = timer(n, 13, { kind: "follow-up" });
    await add(remind, overdue, escalate, followUp);
    expect(await write(ctx.store, (tx) => tx.cancelTimers({ need: n, kinds: ["remind", "escalate"] }))).toBe(
      2,
    );
    expect(ids(await claim("w1", t(100)))).toEqual([overdue.id, followUp.id]);
  });

  test("a cancelled timer that was claimed cannot be completed", async () => {
    const a = timer(need(), 10);
    await add(a);
    await claim("w1", t(10));
    expect(await write(ctx.store, (tx) => tx.cancelTimers({ need: a.need }))).toBe(1);
    expect(await complete(a.id, "w1")).toBe(false);
    expect((await ctx.store.listTimers({ need: a.need })).items).toEqual([{ ...a, status: "cancelled" }]);
  });

  test("listTimers filters by need, work order and status, and pages through each once, in order", async () => {
    const n = need();
    const wo = ctx.fixtures.id("wo");
    const timers = Array.from({ length: 11 }, (_, i) => timer(n, i, i % 2 ? { workOrder: wo } : {}));
    await add(...timers, timer(need(), 1));
    const ofOrder = timers.filter((_, i) => i % 2);
    for (const size of [1, 3, 100]) {
      expect(ids(await listAll((p) => ctx.store.listTimers({ need: n, ...p }), size))).toEqual(ids(timers));
      expect(ids(await listAll((p) => ctx.store.listTimers({ workOrder: wo, ...p }), size))).toEqual(
        ids(ofOrder),
      );
      expect(
        ids(await listAll((p) => ctx.store.listTimers({ need: n, status: "pending", ...p }), size)),
      ).toEqual(ids(timers));
    }
  });
}
