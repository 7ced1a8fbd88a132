import type { StoredWorkOrder } from "@lianxin/core";
import fc from "fast-check";
import { expect } from "vitest";
import {
  contractTest,
  expectLianxinError,
  ids,
  listAll,
  pageSizes,
  type StoreTestContext,
  write,
} from "./context.js";
import { fixtureTime } from "./fixtures.js";

/**
 * Work orders: get / insert / optimistic update / list by need, status, scope subtree, assignee
 * and subject, cursor pagination.
 */
export function workOrdersTests(ctx: StoreTestContext): void {
  const test = contractTest(ctx);
  const insert = (...orders: StoredWorkOrder[]) =>
    write(ctx.store, async (tx) => {
      for (const o of orders) await tx.insertWorkOrder(o);
    });

  test("getWorkOrder(id) returns null for a missing work order", async () => {
    expect(await ctx.store.getWorkOrder("no-such-order")).toBeNull();
  });

  test("insertWorkOrder then getWorkOrder returns an equal work order", async () => {
    const order = ctx.fixtures.workOrder(ctx.fixtures.id("need"));
    await insert(order);
    expect(await ctx.store.getWorkOrder(order.id)).toEqual(order);
  });

  test("round-trips every optional field", async () => {
    const f = ctx.fixtures;
    const order = f.workOrder(f.id("need"), {
      role: "assist",
      assignee: { type: "department", id: "civil-affairs" },
      serviceCode: "elderly-meal",
      status: "resolved",
      acceptDueAt: fixtureTime(600_000),
      acceptedAt: fixtureTime(300_000),
      extension: {
        requestedAt: fixtureTime(900_000),
        newDueAt: fixtureTime(172_800_000),
        reason: "waiting for parts",
        approvedBy: f.id("officer"),
        decision: "approved",
      },
      returns: [{ at: fixtureTime(120_000), reason: "not our area", by: f.id("worker") }],
      escalationLevel: 2,
      overdue: true,
      result: "fixed the light",
      resolvedAt: fixtureTime(3_600_000),
      subject: f.id("resident"),
      version: 5,
    });
    await insert(order);
    expect(await ctx.store.getWorkOrder(order.id)).toEqual(order);
  });

  test("updateWorkOrder with the next version replaces the work order", async () => {
    const order = ctx.fixtures.workOrder(ctx.fixtures.id("need"));
    await insert(order);
    const next: StoredWorkOrder = {
      ...order,
      status: "accepted",
      acceptedAt: fixtureTime(60_000),
      version: 2,
    };
    await write(ctx.store, (tx) => tx.updateWorkOrder(next));
    expect(await ctx.store.getWorkOrder(order.id)).toEqual(next);
  });

  test("updateWorkOrder with a stale version fails with store.conflict and changes nothing", async () => {
    const order = ctx.fixtures.workOrder(ctx.fixtures.id("need"));
    await insert(order);
    const accepted: StoredWorkOrder = { ...order, status: "accepted", version: 2 };
    await write(ctx.store, (tx) => tx.updateWorkOrder(accepted));
    await expectLianxinError(
      write(ctx.store, (tx) => tx.updateWorkOrder({ ...order, status: "returned", version: 2 })),
      "store.conflict",
    );
    await expectLianxinError(
      write(ctx.store, (tx) => tx.updateWorkOrder({ ...order, status: "returned", version: 1 })),
      "store.conflict",
    );
    expect(await ctx.store.getWorkOrder(order.id)).toEqual(accepted);
  });

  test("updateWorkOrder of a missing work order fails with store.conflict", async () => {
    const order = ctx.fixtures.workOrder(ctx.fixtures.id("need"), { version: 2 });
    await expectLianxinError(
      write(ctx.store, (tx) => tx.updateWorkOrder(order)),
      "store.conflict",
    );
  });

  test("listWorkOrders filters by need", async () => {
    const f = ctx.fixtures;
    const need = f.id("need");
    const a = f.workOrder(need);
    const b = f.workOrder(f.id("need"));
    const c = f.workOrder(need, { role: "assist" });
    await insert(a, b, c);
    expect(ids((await ctx.store.listWorkOrders({ need })).items)).toEqual([a.id, c.id]);
  });

  test("listWorkOrders filters by status (any of several) and sees updates", async () => {
    const f = ctx.fixtures;
    const need = f.id("need");
    const a = f.workOrder(need);
    const b = f.workOrder(need, { status: "accepted" });
    const c = f.workOrder(need, { status: "resolved" });
    await insert(a, b, c);
    expect(ids((await ctx.store.listWorkOrders({ need, status: ["accepted", "resolved"] })).items)).toEqual([
      b.id,
      c.id,
    ]);
    await write(ctx.store, (tx) => tx.updateWorkOrder({ ...a, status: "accepted", version: 2 }));
    expect(ids((await ctx.store.listWorkOrders({ need, status: ["accepted"] })).items)).toEqual([a.id, b.id]);
    expect((await ctx.store.listWorkOrders({ need, status: ["dispatched"] })).items).toEqual([]);
  });

  test("listWorkOrders scope is a subtree: a/b matches a/b and a/b/c but not a/bc", async () => {
    const f = ctx.fixtures;
    const root = f.id("scope");
    const need = f.id("need");
    const self = f.workOrder(need, { scope: `${root}/b` });
    const child = f.workOrder(need, { scope: `${root}/b/c` });
    const sibling = f.workOrder(need, { scope: `${root}/bc` });
    await insert(self, child, sibling);
    expect(ids((await ctx.store.listWorkOrders({ scope: `${root}/b` })).items)).toEqual([self.id, child.id]);
  });

  test("listWorkOrders filters by assignee: both type and id must match", async () => {
    const f = ctx.fixtures;
    const id = f.id("assignee");
    const need = f.id("need");
    const a = f.workOrder(need, { assignee: { type: "resource", id } });
    const b = f.workOrder(need, { assignee: { type: "unit", id } });
    const c = f.workOrder(need, { assignee: { type: "resource", id: `${id}x` } });
    await insert(a, b, c);
    expect(ids((await ctx.store.listWorkOrders({ assignee: { type: "resource", id } })).items)).toEqual([
      a.id,
    ]);
    expect(ids((await ctx.store.listWorkOrders({ assignee: { type: "unit", id } })).items)).toEqual([b.id]);
  });

  test("listWorkOrders filters by subject", async () => {
    const f = ctx.fixtures;
    const subject = f.id("resident");
    const a = f.workOrder(f.id("need"), { subject });
    const b = f.workOrder(f.id("need"), { subject: f.id("resident") });
    const c = f.workOrder(f.id("need"));
    const d = f.workOrder(f.id("need"), { subject });
    await insert(a, b, c, d);
    expect(ids((await ctx.store.listWorkOrders({ subject })).items)).toEqual([a.id, d.id]);
  });

  test("listWorkOrders by subject follows a change of subject", async () => {
    const f = ctx.fixtures;
    const before = f.id("resident");
    const after = f.id("resident");
    const a = f.workOrder(f.id("need"), { subject: before });
    await insert(a);
    await write(ctx.store, (tx) => tx.updateWorkOrder({ ...a, subject: after, version: 2 }));
    expect((await ctx.store.listWorkOrders({ subject: before })).items).toEqual([]);
    expect(ids((await ctx.store.listWorkOrders({ subject: after })).items)).toEqual([a.id]);
  });

  test("listWorkOrders combines filters", async () => {
    const f = ctx.fixtures;
    const need = f.id("need");
    const root = f.id("scope");
    const assignee = { type: "grid" as const, id: f.id("grid") };
    const hit = f.workOrder(need, { scope: `${root}/1`, assignee, status: "accepted" });
    await insert(
      hit,
      f.workOrder(need, { scope: `${root}/1`, assignee, status: "dispatched" }),
      f.workOrder(need, { scope: `${root}1`, assignee, status: "accepted" }),
      f.workOrder(f.id("need"), { scope: `${root}/1`, assignee, status: "accepted" }),
    );
    const page = await ctx.store.listWorkOrders({ need, scope: root, assignee, status: ["accepted"] });
    expect(ids(page.items)).toEqual([hit.id]);
  });

  test("cursor pagination returns every work order exactly once, in insertion order", async () => {
    const f = ctx.fixtures;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), pageSizes, async (n, sizes) => {
        const need = f.id("need");
        const orders = Array.from({ length: n }, () => f.workOrder(need));
        await insert(...orders);
        const byNeed = await listAll((p) => ctx.store.listWorkOrders({ need, ...p }), sizes);
        expect(ids(byNeed)).toEqual(ids(orders));
      }),
      { numRuns: 25 },
    );
  });
}
