import { createLianxin, ManualClock, type NeedInput } from "@lianxin/core";
import { describe, expect, it } from "vitest";
import { miniDistrict, miniResource } from "../fixtures/mini-district.js";

const at = "2026-10-09T09:30:00+08:00";
const need = (serviceCode: string, externalId: string): NeedInput => ({
  source: "app",
  externalId,
  serviceCode,
  description: "代购",
  location: { type: "Point", coordinates: [108.92, 34.92] },
  receivedAt: at,
});

describe("submitMany", () => {
  it("assigns a batch together and beats one-by-one greedy assignment", async () => {
    // A can do both and is closer; B can only shop. One slot each.
    const district = miniDistrict([
      miniResource("A", ["proxy-medicine", "proxy-shopping"], 1, 108.92),
      miniResource("B", ["proxy-shopping"], 1, 108.94),
    ]);
    const batch = [need("DB-SHOP", "n1"), need("DB-MED", "n2")];

    const greedy = createLianxin({ district, clock: new ManualClock(at) });
    const one = await greedy.submit(batch[0]!);
    const two = await greedy.submit(batch[1]!);
    expect(one.workOrders[0]!.assignee).toEqual({ type: "resource", id: "A" });
    expect(two.workOrders[0]!.assignee.type).toBe("unit"); // nobody left for the medicine

    const engine = createLianxin({ district, clock: new ManualClock(at) });
    const r = await engine.submitMany(batch);
    expect(r.results.map((x) => x.workOrders[0]!.assignee.id)).toEqual(["B", "A"]);
    expect(r.assignment).toMatchObject({ slots: 2, filled: { optimal: 2, greedy: 1 } });
    expect(r.assignment.score.optimal).toBeGreaterThan(r.assignment.score.greedy);
  });

  it("is idempotent within and across batches", async () => {
    const district = miniDistrict([miniResource("A", ["proxy-medicine", "proxy-shopping"], 5)]);
    const engine = createLianxin({ district, clock: new ManualClock(at) });
    const first = await engine.submitMany([need("DB-MED", "x"), need("DB-MED", "x")]);
    expect(first.results).toHaveLength(1);
    const again = await engine.submitMany([need("DB-MED", "x")]);
    expect(again.results[0]!.created).toBe(false);
    expect((await engine.listNeeds()).items).toHaveLength(1);
  });
});
