import type { Event } from "@lianxin/core";
import fc from "fast-check";
import { expect } from "vitest";
import { contractTest, ids, listAll, pageSizes, type StoreTestContext, write } from "./context.js";

/** The audit trail: append-only, listed by need or work order in the order appended. */
export function eventsTests(ctx: StoreTestContext): void {
  const test = contractTest(ctx);
  const append = (...events: Event[]) => write(ctx.store, (tx) => tx.appendEvents(events));

  test("listEvents returns nothing for an unknown need", async () => {
    expect(await ctx.store.listEvents({ need: "no-such-need" })).toEqual({ items: [], next: null });
  });

  test("appendEvents then listEvents returns equal events", async () => {
    const f = ctx.fixtures;
    const need = f.id("need");
    const a = f.event(need);
    const b = f.event(need, {
      type: "dispatched",
      workOrder: f.id("wo"),
      actor: { type: "rules", id: "dispatch-v3" },
      from: "triaged",
      to: "dispatched",
      reason: "routed to the grid",
      data: { rule: "r1", scores: [1, 2], nested: { ok: true } },
      visibility: "public",
    });
    await append(a, b);
    expect((await ctx.store.listEvents({ need })).items).toEqual([a, b]);
  });

  test("lists a need's events in the order appended, across transactions", async () => {
    const f = ctx.fixtures;
    const need = f.id("need");
    const other = f.id("need");
    const a = f.event(need);
    const b = f.event(other);
    const c = f.event(need, { type: "triaged", at: "2026-10-09T07:00:00+08:00" });
    await append(a, b);
    await append(c);
    const d = f.event(need, { type: "dispatched" });
    await append(d);
    expect(ids((await ctx.store.listEvents({ need })).items)).toEqual([a.id, c.id, d.id]);
    expect(ids((await ctx.store.listEvents({ need: other })).items)).toEqual([b.id]);
  });

  test("lists a work order's events, with or without a need", async () => {
    const f = ctx.fixtures;
    const need = f.id("need");
    const workOrder = f.id("wo");
    const a = f.event(need, { workOrder, type: "dispatched" });
    const b = f.event(need, { type: "triaged" });
    const { need: _n, ...c } = f.event(need, { workOrder, type: "accepted" });
    await append(a, b, c);
    expect(ids((await ctx.store.listEvents({ workOrder })).items)).toEqual([a.id, c.id]);
    expect(ids((await ctx.store.listEvents({ need, workOrder })).items)).toEqual([a.id]);
  });

  test("appending keeps earlier events unchanged", async () => {
    const f = ctx.fixtures;
    const need = f.id("need");
    const a = f.event(need);
    await append(a);
    await append(f.event(need, { id: f.id("ev"), type: "triaged" }));
    expect((await ctx.store.listEvents({ need })).items[0]).toEqual(a);
  });

  test("cursor pagination returns every event exactly once, in the order appended", async () => {
    const f = ctx.fixtures;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), pageSizes, async (n, sizes) => {
        const need = f.id("need");
        const events = Array.from({ length: n }, () => f.event(need));
        // Interleave another need's events so the filter and the cursor work together.
        for (const e of events) await append(e, f.event(f.id("need")));
        const all = await listAll((p) => ctx.store.listEvents({ need, ...p }), sizes);
        expect(ids(all)).toEqual(ids(events));
      }),
      { numRuns: 20 },
    );
  });
}
