import type { StoredNeed } from "@lianxin/core";
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
 * Needs: get / find by idempotency key / insert / optimistic update / list by status, subject,
 * receivedFrom and scope subtree, cursor pagination.
 */
export function needsTests(ctx: StoreTestContext): void {
  const test = contractTest(ctx);
  const insert = (...needs: StoredNeed[]) =>
    write(ctx.store, async (tx) => {
      for (const n of needs) await tx.insertNeed(n);
    });

  test("getNeed(id) returns null for a missing need", async () => {
    expect(await ctx.store.getNeed("no-such-need")).toBeNull();
  });

  test("findNeedByExternalId returns null when nothing matches", async () => {
    expect(await ctx.store.findNeedByExternalId("app", "no-such-id")).toBeNull();
  });

  test("insertNeed then getNeed returns an equal need", async () => {
    const need = ctx.fixtures.need();
    await insert(need);
    expect(await ctx.store.getNeed(need.id)).toEqual(need);
  });

  test("round-trips every optional field", async () => {
    const f = ctx.fixtures;
    const need = f.need({
      serviceCode: "elderly-meal",
      category: "elderly-care",
      location: { type: "Point", coordinates: [108.94, 34.9] },
      addressCode: "610202001001-0012",
      subject: f.id("resident"),
      requester: f.id("worker"),
      urgency: "urgent",
      serviceCodes: ["elderly-meal", "home-repair"],
      duplicateOf: f.id("need"),
      dueAt: fixtureTime(3_600_000),
      closedAt: fixtureTime(7_200_000),
      reopened: 2,
      attributes: { text: "三楼", count: 2, flag: true },
      tags: ["living-alone", "aged-80-plus"],
      status: "closed",
      version: 7,
    });
    await insert(need);
    expect(await ctx.store.getNeed(need.id)).toEqual(need);
    expect(await ctx.store.findNeedByExternalId(need.source, need.externalId!)).toEqual(need);
  });

  test("does not share state with the caller's object", async () => {
    const need = ctx.fixtures.need();
    await insert(need);
    const copy = structuredClone(need);
    need.tags.push("changed-after-insert");
    const read = await ctx.store.getNeed(need.id);
    expect(read).toEqual(copy);
    read!.tags.push("changed-after-read");
    expect(await ctx.store.getNeed(need.id)).toEqual(copy);
  });

  test("findNeedByExternalId finds by (source, externalId) and not by another source", async () => {
    const need = ctx.fixtures.need({ source: "hotline-12345" });
    await insert(need);
    expect(await ctx.store.findNeedByExternalId("hotline-12345", need.externalId!)).toEqual(need);
    expect(await ctx.store.findNeedByExternalId("app", need.externalId!)).toBeNull();
  });

  test("a second need with the same (source, externalId) fails with store.conflict", async () => {
    const first = ctx.fixtures.need();
    await insert(first);
    const second = ctx.fixtures.need({ externalId: first.externalId! });
    await expectLianxinError(insert(second), "store.conflict");
    expect(await ctx.store.getNeed(second.id)).toBeNull();
    expect(await ctx.store.findNeedByExternalId(first.source, first.externalId!)).toEqual(first);
  });

  test("the same externalId from another source is a different need", async () => {
    const first = ctx.fixtures.need({ source: "app" });
    const second = ctx.fixtures.need({ source: "walk-in", externalId: first.externalId! });
    await insert(first, second);
    expect(await ctx.store.findNeedByExternalId("walk-in", first.externalId!)).toEqual(second);
  });

  test("needs without an externalId never conflict with each other", async () => {
    const { externalId: _a, ...a } = ctx.fixtures.need();
    const { externalId: _b, ...b } = ctx.fixtures.need();
    await insert(a, b);
    expect(await ctx.store.getNeed(a.id)).toEqual(a);
    expect(await ctx.store.getNeed(b.id)).toEqual(b);
  });

  test("updateNeed with the next version replaces the need", async () => {
    const need = ctx.fixtures.need();
    await insert(need);
    const next: StoredNeed = { ...need, status: "triaged", urgency: "urgent", version: 2 };
    await write(ctx.store, (tx) => tx.updateNeed(next));
    expect(await ctx.store.getNeed(need.id)).toEqual(next);
    const third: StoredNeed = { ...next, status: "dispatched", version: 3 };
    await write(ctx.store, (tx) => tx.updateNeed(third));
    expect(await ctx.store.getNeed(need.id)).toEqual(third);
  });

  test("updateNeed with a stale version fails with store.conflict and changes nothing", async () => {
    const need = ctx.fixtures.need();
    await insert(need);
    await write(ctx.store, (tx) => tx.updateNeed({ ...need, status: "triaged", version: 2 }));
    const stale: StoredNeed = { ...need, status: "rejected", version: 2 };
    await expectLianxinError(
      write(ctx.store, (tx) => tx.updateNeed(stale)),
      "store.conflict",
    );
    await expectLianxinError(
      write(ctx.store, (tx) => tx.updateNeed({ ...need, status: "rejected", version: 4 })),
      "store.conflict",
    );
    expect(await ctx.store.getNeed(need.id)).toEqual({ ...need, status: "triaged", version: 2 });
  });

  test("updateNeed of a missing need fails with store.conflict", async () => {
    await expectLianxinError(
      write(ctx.store, (tx) => tx.updateNeed(ctx.fixtures.need({ version: 2 }))),
      "store.conflict",
    );
  });

  test("listNeeds filters by status (any of several)", async () => {
    const f = ctx.fixtures;
    const scope = f.id("scope");
    const a = f.need({ scope, status: "received" });
    const b = f.need({ scope, status: "dispatched" });
    const c = f.need({ scope, status: "closed" });
    await insert(a, b, c);
    expect(ids((await ctx.store.listNeeds({ scope, status: ["dispatched"] })).items)).toEqual([b.id]);
    expect(ids((await ctx.store.listNeeds({ scope, status: ["received", "closed"] })).items)).toEqual([
      a.id,
      c.id,
    ]);
  });

  test("listNeeds sees updates: a need moves from one status to another", async () => {
    const f = ctx.fixtures;
    const scope = f.id("scope");
    const a = f.need({ scope });
    await insert(a);
    await write(ctx.store, (tx) => tx.updateNeed({ ...a, status: "triaged", version: 2 }));
    expect((await ctx.store.listNeeds({ scope, status: ["received"] })).items).toEqual([]);
    expect(ids((await ctx.store.listNeeds({ scope, status: ["triaged"] })).items)).toEqual([a.id]);
  });

  test("listNeeds filters by subject", async () => {
    const f = ctx.fixtures;
    const subject = f.id("resident");
    const a = f.need({ subject });
    const b = f.need({ subject: f.id("resident") });
    const c = f.need({ subject });
    await insert(a, b, c);
    expect(ids((await ctx.store.listNeeds({ subject })).items)).toEqual([a.id, c.id]);
  });

  test("listNeeds by subject follows a change of subject", async () => {
    const f = ctx.fixtures;
    const before = f.id("resident");
    const after = f.id("resident");
    const a = f.need({ subject: before });
    await insert(a);
    await write(ctx.store, (tx) => tx.updateNeed({ ...a, subject: after, version: 2 }));
    expect((await ctx.store.listNeeds({ subject: before })).items).toEqual([]);
    expect(ids((await ctx.store.listNeeds({ subject: after })).items)).toEqual([a.id]);
  });

  test("listNeeds receivedFrom keeps needs received at or after the moment, whatever the offset", async () => {
    const f = ctx.fixtures;
    const scope = f.id("scope");
    const early = f.need({ scope, receivedAt: "2026-10-09T07:59:59+08:00" });
    const exact = f.need({ scope, receivedAt: "2026-10-09T08:00:00+08:00" });
    const late = f.need({ scope, receivedAt: "2026-10-09T01:30:00Z" });
    await insert(early, exact, late);
    // 00:00Z is 08:00+08:00: the bound is an instant, not a string.
    expect(ids((await ctx.store.listNeeds({ scope, receivedFrom: "2026-10-09T00:00:00Z" })).items)).toEqual([
      exact.id,
      late.id,
    ]);
  });

  test("listNeeds scope is a subtree: a/b matches a/b and a/b/c but not a/bc", async () => {
    const f = ctx.fixtures;
    const root = f.id("scope");
    const self = f.need({ scope: `${root}/b` });
    const child = f.need({ scope: `${root}/b/c` });
    const sibling = f.need({ scope: `${root}/bc` });
    const parent = f.need({ scope: root });
    await insert(self, child, sibling, parent);
    expect(ids((await ctx.store.listNeeds({ scope: `${root}/b` })).items)).toEqual([self.id, child.id]);
    expect(ids((await ctx.store.listNeeds({ scope: root })).items)).toEqual([
      self.id,
      child.id,
      sibling.id,
      parent.id,
    ]);
  });

  test("listNeeds combines filters", async () => {
    const f = ctx.fixtures;
    const root = f.id("scope");
    const subject = f.id("resident");
    const hit = f.need({ scope: `${root}/x`, subject, status: "dispatched" });
    await insert(
      hit,
      f.need({ scope: `${root}/x`, subject, status: "closed" }),
      f.need({ scope: `${root}y`, subject, status: "dispatched" }),
      f.need({ scope: `${root}/x`, status: "dispatched" }),
    );
    const page = await ctx.store.listNeeds({ scope: root, subject, status: ["dispatched"] });
    expect(ids(page.items)).toEqual([hit.id]);
  });

  test("listNeeds without a limit returns at most 100 per page", async () => {
    const f = ctx.fixtures;
    const scope = f.id("scope");
    const needs = Array.from({ length: 101 }, () => f.need({ scope }));
    await insert(...needs);
    const first = await ctx.store.listNeeds({ scope });
    expect(first.items).toHaveLength(100);
    expect(first.next).not.toBeNull();
    const second = await ctx.store.listNeeds({ scope, cursor: first.next });
    expect(ids(second.items)).toEqual([needs[100]!.id]);
  });

  test("cursor pagination returns every need exactly once, in insertion order", async () => {
    const f = ctx.fixtures;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), pageSizes, async (n, sizes) => {
        const scope = f.id("scope");
        const needs = Array.from({ length: n }, () => f.need({ scope }));
        await insert(...needs);
        const all = await listAll((p) => ctx.store.listNeeds({ scope, ...p }), sizes);
        expect(ids(all)).toEqual(ids(needs));
      }),
      { numRuns: 25 },
    );
  });
}
