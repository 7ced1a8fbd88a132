import { EventSchema, NeedSchema, OutboxMessageSchema, WorkOrderSchema } from "@lianxin/core";
import { FIXTURE_EPOCH, fixtureTime, storeFixtures } from "@lianxin/testkit/storage";
import { describe, expect, it } from "vitest";

describe("storage fixtures", () => {
  const f = storeFixtures();

  it("are valid against the core schemas", () => {
    const { scope: _s, version: _v, ...need } = f.need({ subject: "resident-1" });
    expect(NeedSchema.parse(need)).toEqual(need);
    const { scope: _ws, version: _wv, subject: _wsub, ...order } = f.workOrder("need-1", { subject: "r-1" });
    expect(WorkOrderSchema.parse(order)).toEqual(order);
    const event = f.event("need-1");
    expect(EventSchema.parse(event)).toEqual(event);
    const message = f.outboxMessage("need-1");
    expect(OutboxMessageSchema.parse(message)).toEqual(message);
    const timer = f.timer("need-1");
    expect(Number.isNaN(Date.parse(timer.dueAt))).toBe(false);
  });

  it("give a new id on every call", () => {
    const all = [f.need().id, f.need().id, f.workOrder("n").id, f.event("n").id, f.timer("n").id, f.id("x")];
    expect(new Set(all).size).toBe(all.length);
  });

  it("are deterministic: two builder sets built the same way are equal", () => {
    const a = storeFixtures("same");
    const b = storeFixtures("same");
    expect([a.need(), a.workOrder("n"), a.outboxMessage("k")]).toEqual([
      b.need(),
      b.workOrder("n"),
      b.outboxMessage("k"),
    ]);
  });

  it("write whole seconds in +08:00", () => {
    expect(fixtureTime(0)).toBe(FIXTURE_EPOCH);
    expect(fixtureTime(61_500)).toBe("2026-10-09T08:01:01+08:00");
  });
});
