import { expect } from "vitest";
import { contractTest, type StoreTestContext, write } from "./context.js";

/** Capacity reservations: reserve within capacity, refuse beyond it, release, getLoads. */
export function reservationsTests(ctx: StoreTestContext): void {
  const test = contractTest(ctx);
  const reserve = (resource: string, period: string, amount: number, capacity: number) =>
    write(ctx.store, (tx) => tx.reserve(resource, period, amount, capacity));
  const release = (resource: string, period: string, amount: number) =>
    write(ctx.store, (tx) => tx.release(resource, period, amount));
  const load = async (resource: string, period = "open") =>
    (await ctx.store.getLoads([{ resource, period }]))[0];

  test("getLoads is 0 for a resource never reserved", async () => {
    expect(await ctx.store.getLoads([{ resource: ctx.fixtures.id("resource"), period: "open" }])).toEqual([
      0,
    ]);
  });

  test("getLoads of no keys is empty", async () => {
    expect(await ctx.store.getLoads([])).toEqual([]);
  });

  test("reserve within capacity returns true and adds to the load, up to exactly the capacity", async () => {
    const r = ctx.fixtures.id("resource");
    expect(await reserve(r, "open", 2, 5)).toBe(true);
    expect(await load(r)).toBe(2);
    expect(await reserve(r, "open", 3, 5)).toBe(true);
    expect(await load(r)).toBe(5);
  });

  test("reserve beyond capacity returns false and changes nothing", async () => {
    const r = ctx.fixtures.id("resource");
    expect(await reserve(r, "open", 4, 5)).toBe(true);
    expect(await reserve(r, "open", 2, 5)).toBe(false);
    expect(await load(r)).toBe(4);
    expect(await reserve(ctx.fixtures.id("resource"), "open", 1, 0)).toBe(false);
  });

  test("a refused reservation does not roll back the rest of its transaction", async () => {
    const f = ctx.fixtures;
    const r = f.id("resource");
    const need = f.need();
    await write(ctx.store, async (tx) => {
      await tx.insertNeed(need);
      expect(await tx.reserve(r, "open", 9, 1)).toBe(false);
    });
    expect(await ctx.store.getNeed(need.id)).toEqual(need);
  });

  test("periods and resources are independent", async () => {
    const r = ctx.fixtures.id("resource");
    const other = ctx.fixtures.id("resource");
    expect(await reserve(r, "2026-10-09", 1, 1)).toBe(true);
    expect(await reserve(r, "2026-10-10", 1, 1)).toBe(true);
    expect(await reserve(r, "2026-W41", 1, 1)).toBe(true);
    expect(await reserve(other, "2026-10-09", 1, 1)).toBe(true);
    expect(await reserve(r, "2026-10-09", 1, 1)).toBe(false);
    expect(
      await ctx.store.getLoads([
        { resource: r, period: "2026-10-09" },
        { resource: other, period: "2026-10-10" },
        { resource: r, period: "2026-W41" },
        { resource: other, period: "2026-10-09" },
      ]),
    ).toEqual([1, 0, 1, 1]);
  });

  test("release gives capacity back", async () => {
    const r = ctx.fixtures.id("resource");
    await reserve(r, "open", 3, 3);
    await release(r, "open", 2);
    expect(await load(r)).toBe(1);
    expect(await reserve(r, "open", 2, 3)).toBe(true);
    expect(await load(r)).toBe(3);
  });

  test("release never goes below zero", async () => {
    const r = ctx.fixtures.id("resource");
    await reserve(r, "open", 1, 3);
    await release(r, "open", 5);
    expect(await load(r)).toBe(0);
    const never = ctx.fixtures.id("resource");
    await release(never, "open", 1);
    expect(await load(never)).toBe(0);
    expect(await reserve(r, "open", 3, 3)).toBe(true);
    expect(await load(r)).toBe(3);
  });
}
