import { memoryStore, type NeedInput } from "@lianxin/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tongchuan, tongchuanEngine } from "./tongchuan-engine.js";

const GRID = "610204001003-007";
const TEXTS = ["帮忙买胃药送上门", "请帮忙代买生活物资", "降压药吃完了请代购", "想请网格员帮忙代缴社保"];

describe("concurrent submissions", () => {
  it("never assign a resource beyond its capacity and never lose a need", async () => {
    const district = await tongchuan();
    const residents = [...district.residents.values()].filter((r) => r.grid === GRID).map((r) => r.id);
    const resources = [...district.resources.values()].filter((r) => r.area.units?.includes(GRID));
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ text: fc.constantFrom(...TEXTS), who: fc.nat(residents.length), batch: fc.boolean() }),
          {
            minLength: 3,
            maxLength: 25,
          },
        ),
        fc.array(fc.nat(2), { minLength: resources.length, maxLength: resources.length }),
        async (needs, left) => {
          const store = memoryStore();
          // Leave each resource with 0–2 slots so that the submissions compete for them.
          const periodOf = (per: string) =>
            per === "concurrent" ? "open" : per === "day" ? "2026-10-09" : "2026-W41";
          await store.transaction(async (tx) => {
            for (const [i, r] of resources.entries())
              await tx.reserve(
                r.id,
                periodOf(r.capacity.per),
                Math.max(0, r.capacity.max - left[i]!),
                r.capacity.max,
              );
          });
          const { engine } = await tongchuanEngine(undefined, { store });
          const inputs: NeedInput[] = needs.map((n, i) => ({
            source: "app",
            externalId: `c-${i}`,
            description: n.text,
            receivedAt: "2026-10-09T09:30:00+08:00",
            addressCode: `${GRID}-B01`,
            ...(n.who < residents.length ? { subject: residents[n.who]! } : {}),
          }));
          const singles = inputs.filter((_, i) => !needs[i]!.batch);
          const batch = inputs.filter((_, i) => needs[i]!.batch);
          await Promise.all([...singles.map((x) => engine.submit(x)), engine.submitMany(batch)]);
          const stored = (await engine.listNeeds({ limit: 1_000 })).items;
          expect(stored.map((n) => n.externalId).sort()).toEqual(inputs.map((x) => x.externalId).sort());
          const orders = (await engine.listWorkOrders({ limit: 1_000 })).items;
          for (const [i, r] of resources.entries()) {
            const mine = orders.filter(
              (o) => o.assignee.type === "resource" && o.assignee.id === r.id,
            ).length;
            expect(mine).toBeLessThanOrEqual(left[i]!);
            const [load] = await store.getLoads([{ resource: r.id, period: periodOf(r.capacity.per) }]);
            expect(load).toBe(Math.max(0, r.capacity.max - left[i]!) + mine);
          }
          for (const n of stored.filter((x) => x.status === "dispatched"))
            expect(orders.some((o) => o.need === n.id && o.role === "lead")).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
  });
});
