import fc from "fast-check";
import { expect } from "vitest";
import { contractTest, ids, type StoreTestContext, write } from "./context.js";

/**
 * Transactions: a transaction that throws leaves nothing behind, a committed one is all there,
 * and concurrent transactions that reserve capacity behave as if run one at a time.
 */
export function transactionsTests(ctx: StoreTestContext): void {
  const test = contractTest(ctx);
  /** Writes one of everything for a new need inside `tx`; returns what it wrote. */
  function everything() {
    const f = ctx.fixtures;
    const need = f.need({ scope: f.id("scope") });
    const order = f.workOrder(need.id, { scope: need.scope });
    const event = f.event(need.id, { workOrder: order.id });
    const message = f.outboxMessage(need.id, { scope: need.scope });
    const timer = f.timer(need.id, { workOrder: order.id, scope: need.scope });
    const resource = f.id("resource");
    return { need, order, event, message, timer, resource };
  }

  test("returns what the function returns", async () => {
    expect(await write(ctx.store, async () => 42)).toBe(42);
  });

  test("reads inside a transaction see its own writes", async () => {
    const { need, order } = everything();
    await write(ctx.store, async (tx) => {
      await tx.insertNeed(need);
      await tx.insertWorkOrder(order);
      expect(await tx.getNeed(need.id)).toEqual(need);
      expect(await tx.findNeedByExternalId(need.source, need.externalId!)).toEqual(need);
      expect(ids((await tx.listWorkOrders({ need: need.id })).items)).toEqual([order.id]);
    });
  });

  test("a transaction that throws keeps nothing it wrote and rethrows the error", async () => {
    const w = everything();
    const boom = new Error("boom");
    await expect(
      write(ctx.store, async (tx) => {
        await tx.insertNeed(w.need);
        await tx.insertWorkOrder(w.order);
        await tx.appendEvents([w.event]);
        await tx.enqueue([w.message]);
        await tx.addTimers([w.timer]);
        expect(await tx.reserve(w.resource, "open", 2, 5)).toBe(true);
        throw boom;
      }),
    ).rejects.toBe(boom);
    const s = ctx.store;
    expect(await s.getNeed(w.need.id)).toBeNull();
    expect(await s.findNeedByExternalId(w.need.source, w.need.externalId!)).toBeNull();
    expect((await s.listNeeds({ scope: w.need.scope })).items).toEqual([]);
    expect(await s.getWorkOrder(w.order.id)).toBeNull();
    expect((await s.listWorkOrders({ need: w.need.id })).items).toEqual([]);
    expect((await s.listEvents({ need: w.need.id })).items).toEqual([]);
    expect((await s.listOutbox({})).items).toEqual([]);
    expect(await s.claimOutbox("w1", 10, 60_000, new Date(Date.parse(w.message.availableAt) + 1))).toEqual(
      [],
    );
    expect((await s.listTimers({ need: w.need.id })).items).toEqual([]);
    expect(await s.claimDueTimers("w1", new Date(Date.parse(w.timer.dueAt) + 1), 10, 60_000)).toEqual([]);
    expect(await s.getLoads([{ resource: w.resource, period: "open" }])).toEqual([0]);
    // The idempotency key is free again.
    await write(s, (tx) => tx.insertNeed(w.need));
    expect(await s.getNeed(w.need.id)).toEqual(w.need);
  });

  test("a transaction that throws undoes its updates, releases, cancellations and reservations", async () => {
    const w = everything();
    await write(ctx.store, async (tx) => {
      await tx.insertNeed(w.need);
      await tx.insertWorkOrder(w.order);
      await tx.addTimers([w.timer]);
      await tx.reserve(w.resource, "open", 3, 5);
    });
    await expect(
      write(ctx.store, async (tx) => {
        await tx.updateNeed({ ...w.need, status: "triaged", version: 2 });
        await tx.updateWorkOrder({ ...w.order, status: "accepted", version: 2 });
        await tx.release(w.resource, "open", 2);
        await tx.reserve(w.resource, "2026-10-09", 1, 1);
        expect(await tx.cancelTimers({ need: w.need.id })).toBe(1);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await ctx.store.getNeed(w.need.id)).toEqual(w.need);
    expect(await ctx.store.getWorkOrder(w.order.id)).toEqual(w.order);
    expect(
      await ctx.store.getLoads([
        { resource: w.resource, period: "open" },
        { resource: w.resource, period: "2026-10-09" },
      ]),
    ).toEqual([3, 0]);
    expect((await ctx.store.listTimers({ need: w.need.id })).items).toEqual([w.timer]);
  });

  test("a failed write (store.conflict) inside a transaction rolls back the earlier writes", async () => {
    const f = ctx.fixtures;
    const first = f.need();
    await write(ctx.store, (tx) => tx.insertNeed(first));
    const w = everything();
    await expect(
      write(ctx.store, async (tx) => {
        await tx.insertNeed(w.need);
        await tx.enqueue([w.message]);
        await tx.insertNeed(f.need({ externalId: first.externalId! }));
      }),
    ).rejects.toMatchObject({ code: "store.conflict" });
    expect(await ctx.store.getNeed(w.need.id)).toBeNull();
    expect((await ctx.store.listOutbox({})).items).toEqual([]);
  });

  test("a committed transaction keeps everything it wrote", async () => {
    const w = everything();
    await write(ctx.store, async (tx) => {
      await tx.insertNeed(w.need);
      await tx.insertWorkOrder(w.order);
      await tx.appendEvents([w.event]);
      await tx.enqueue([w.message]);
      await tx.addTimers([w.timer]);
      await tx.reserve(w.resource, "open", 2, 5);
    });
    const s = ctx.store;
    expect(await s.getNeed(w.need.id)).toEqual(w.need);
    expect(await s.getWorkOrder(w.order.id)).toEqual(w.order);
    expect((await s.listEvents({ need: w.need.id })).items).toEqual([w.event]);
    expect((await s.listOutbox({})).items).toEqual([w.message]);
    expect((await s.listTimers({ need: w.need.id })).items).toEqual([w.timer]);
    expect(await s.getLoads([{ resource: w.resource, period: "open" }])).toEqual([2]);
  });

  test("concurrent transactions inserting the same idempotency key: exactly one wins", async () => {
    const f = ctx.fixtures;
    const externalId = f.id("ext");
    const needs = Array.from({ length: 8 }, () => f.need({ externalId }));
    const results = await Promise.allSettled(needs.map((n) => write(ctx.store, (tx) => tx.insertNeed(n))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "store.conflict" });
    const winner = needs[results.findIndex((r) => r.status === "fulfilled")]!;
    expect(await ctx.store.findNeedByExternalId(winner.source, externalId)).toEqual(winner);
  });

  test("concurrent transactions reserving one resource never exceed its capacity", async () => {
    const f = ctx.fixtures;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 20 }),
        async (capacity, amounts) => {
          const resource = f.id("resource");
          const granted = await Promise.all(
            amounts.map((amount) =>
              write(ctx.store, async (tx) => {
                const [load] = await tx.getLoads([{ resource, period: "open" }]);
                const ok = await tx.reserve(resource, "open", amount, capacity);
                // Serializable: the load read before is still the load, so the outcome matches it.
                expect(ok).toBe(load! + amount <= capacity);
                return ok ? amount : 0;
              }),
            ),
          );
          const total = granted.reduce((a, b) => a + b, 0);
          expect(total).toBeLessThanOrEqual(capacity);
          expect(await ctx.store.getLoads([{ resource, period: "open" }])).toEqual([total]);
        },
      ),
      { numRuns: 30 },
    );
  });
}
