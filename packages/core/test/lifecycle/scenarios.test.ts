import { LianxinError } from "@lianxin/core";
import { describe, expect, it } from "vitest";
import { tongchuanEngine } from "../engine/tongchuan-engine.js";

const medicine = {
  source: "home-visit" as const,
  description: "帮忙买胃药送上门",
  subject: "res-lingde-0001",
  receivedAt: "2026-10-09T09:30:00+08:00",
};
const system = { type: "system" as const, id: "test" };
const actorOf = (o: { assignee: { type: string; id: string } }) =>
  ({ type: o.assignee.type === "resource" ? "resource" : "unit", id: o.assignee.id }) as const;

describe("the lifecycle", () => {
  it("a need returned twice is re-dispatched each time, never to someone who returned it", async () => {
    const { engine } = await tongchuanEngine();
    const r = await engine.submit(medicine);
    const first = r.workOrders.find((o) => o.role === "lead")!;
    const a = await engine.returnWorkOrder(first.id, actorOf(first), "不在本网格，请改派");
    const second = a.created![0]!;
    expect(second.assignee.id).not.toBe(first.assignee.id);
    const b = await engine.returnWorkOrder(second.id, actorOf(second), "本周出差");
    const third = b.created![0]!;
    expect([first.assignee.id, second.assignee.id]).not.toContain(third.assignee.id);
    expect(b.need.status).toBe("dispatched");
    const events = await engine.events(r.need.id);
    expect(events.filter((e) => e.type === "returned").map((e) => e.reason)).toEqual([
      "不在本网格，请改派",
      "本周出差",
    ]);
    expect(events.filter((e) => e.type === "redispatched")).toHaveLength(2);
    expect((await engine.getWorkOrder(first.id))!.status).toBe("returned");
    // Only the assignee may act on an order; a returned order cannot be accepted.
    await expect(engine.accept(third.id, { type: "resource", id: "someone-else" })).rejects.toMatchObject({
      code: "lifecycle.forbidden",
    });
    await expect(engine.accept(first.id, actorOf(first))).rejects.toMatchObject({
      code: "lifecycle.illegal_transition",
    });
  });

  it("goes overdue and climbs to the community, the street, then the district", async () => {
    const { engine, clock } = await tongchuanEngine("2026-10-12T09:00:00+08:00");
    const r = await engine.submit({ ...medicine, receivedAt: "2026-10-12T09:00:00+08:00" });
    const lead = r.workOrders.find((o) => o.role === "lead")!;
    await engine.accept(lead.id, actorOf(lead));
    // medicine-24h is due Tue 09:00; the urgent ladder climbs 1, 2 and 4 hours after that.
    clock.set("2026-10-13T09:00:00+08:00");
    expect((await engine.tick()).fired.overdue).toBe(1);
    expect((await engine.getWorkOrder(lead.id))!.overdue).toBe(true);
    clock.set("2026-10-13T11:00:00+08:00");
    await engine.tick();
    expect((await engine.getWorkOrder(lead.id))!.escalationLevel).toBe(2);
    clock.set("2026-10-13T13:30:00+08:00");
    await engine.tick();
    const order = (await engine.getWorkOrder(lead.id))!;
    expect(order.escalationLevel).toBe(3);
    const climbs = (await engine.events(r.need.id))
      .filter((e) => e.type === "escalated")
      .map((e) => e.data?.unit);
    expect(climbs).toEqual(["610204001003", "610204001000", "610204000000"]);
    // 吹哨: the street and the district call in the service's department.
    const orders = (await engine.listWorkOrders({ need: r.need.id })).items;
    expect(orders.some((o) => o.role === "assist" && o.assignee.type === "department")).toBe(true);
    // Ticking again for the same moment does nothing twice.
    const again = await engine.tick();
    expect(again.fired).toEqual({ remind: 0, overdue: 0, escalate: 0, "follow-up": 0 });
  });

  it("moves working-day deadlines over the 2026 National Day holiday and make-up days", async () => {
    const { engine, clock } = await tongchuanEngine("2026-09-30T10:00:00+08:00");
    const r = await engine.submit({
      source: "walk-in",
      description: "想申请临时救助",
      serviceCode: "DB-MZ-002",
      subject: "res-00002",
      receivedAt: "2026-09-30T10:00:00+08:00",
    });
    const lead = r.workOrders.find((o) => o.role === "lead")!;
    // 7 working days after Wed 30 Sep: 8, 9, 10 (Sat, make-up), 12, 13, 14, 15 Oct.
    expect(lead.dueAt.slice(0, 10)).toBe("2026-10-15");
    clock.set("2026-10-10T12:00:00+08:00");
    const during = await engine.tick();
    expect(during.fired.overdue).toBe(0);
    clock.set("2026-10-15T18:00:00+08:00");
    expect((await engine.tick()).fired.overdue).toBe(r.workOrders.length); // the lead and its assist
    expect((await engine.getWorkOrder(lead.id))!.overdue).toBe(true);
  });

  it("an unsatisfied follow-up reopens the need to the same lead, counted as a reopen", async () => {
    const { engine, clock } = await tongchuanEngine();
    const r = await engine.submit(medicine);
    const lead = r.workOrders.find((o) => o.role === "lead")!;
    const worker = actorOf(lead);
    await engine.accept(lead.id, worker);
    await engine.start(lead.id, worker);
    const done = await engine.resolve(lead.id, worker, "已代购胃药并送达，讲解了用法");
    expect(done.need.status).toBe("resolved");
    // Nobody closes a need whose follow-up is pending.
    await expect(engine.close(r.need.id, { type: "unit", id: "610204001003" }, "done")).rejects.toMatchObject(
      {
        code: "lifecycle.follow_up_pending",
      },
    );
    // The follow-up is due the next working day.
    clock.set("2026-10-12T09:00:00+08:00");
    expect((await engine.tick()).fired["follow-up"]).toBe(1);
    const community = { type: "unit" as const, id: "610204001003" };
    const back = await engine.followUp(r.need.id, community, {
      reached: true,
      resolved: false,
      satisfaction: "unsatisfied",
    });
    expect(back.need).toMatchObject({ status: "dispatched", reopened: 1 });
    expect(back.created![0]!.assignee).toEqual(lead.assignee);
    // The second time round the resident is satisfied: closed.
    const again = back.created![0]!;
    await engine.accept(again.id, worker);
    await engine.resolve(again.id, worker, "换了药店，买到了");
    const closed = await engine.followUp(r.need.id, community, {
      reached: true,
      resolved: true,
      satisfaction: "satisfied",
    });
    expect(closed.need.status).toBe("closed");
  });

  it("closes a need as unreachable after three follow-up attempts", async () => {
    const { engine } = await tongchuanEngine();
    const r = await engine.submit(medicine);
    const lead = r.workOrders.find((o) => o.role === "lead")!;
    await engine.accept(lead.id, actorOf(lead));
    await engine.resolve(lead.id, actorOf(lead), "已送达");
    expect((await engine.followUp(r.need.id, system, { reached: false })).need.status).toBe("follow-up");
    expect((await engine.followUp(r.need.id, system, { reached: false })).need.status).toBe("follow-up");
    const last = await engine.followUp(r.need.id, system, { reached: false });
    expect(last.need.status).toBe("closed");
    const closed = (await engine.events(r.need.id)).find((e) => e.type === "closed")!;
    expect(closed.data).toMatchObject({ reason: "unreachable" });
  });

  it("takes an extension asked for before the deadline and approved by the level above", async () => {
    const { engine, clock } = await tongchuanEngine();
    const r = await engine.submit(medicine);
    const lead = r.workOrders.find((o) => o.role === "lead")!;
    const worker = actorOf(lead);
    await engine.accept(lead.id, worker);
    await engine.requestExtension(lead.id, worker, {
      newDueAt: "2026-10-12T17:30:00+08:00",
      reason: "药店缺货，周一到货",
    });
    await expect(engine.decideExtension(lead.id, worker, true)).rejects.toMatchObject({
      code: "lifecycle.forbidden",
    });
    const ok = await engine.decideExtension(lead.id, { type: "unit", id: "610204001003" }, true);
    expect(ok.workOrder!.dueAt).toBe("2026-10-12T17:30:00+08:00");
    clock.set("2026-10-10T10:00:00+08:00"); // past the old deadline, before the new one
    expect((await engine.tick()).fired.overdue).toBe(0);
    clock.set("2026-10-13T10:00:00+08:00");
    const late = await engine
      .requestExtension(lead.id, worker, { newDueAt: "2026-10-20T17:30:00+08:00", reason: "again" })
      .catch((e) => e);
    expect(LianxinError.is(late) && late.code).toBe("lifecycle.too_late");
  });

  it("lets the resident cancel, and refuses what makes no sense, changing nothing", async () => {
    const { engine } = await tongchuanEngine();
    const r = await engine.submit(medicine);
    await expect(
      engine.cancel(r.need.id, { type: "resident", id: "res-00002" }, "不需要了"),
    ).rejects.toMatchObject({
      code: "lifecycle.forbidden",
    });
    const before = await engine.events(r.need.id);
    const done = await engine.cancel(r.need.id, { type: "resident", id: "res-lingde-0001" }, "家人已经买了");
    expect(done.need.status).toBe("cancelled");
    expect(
      (await engine.listWorkOrders({ need: r.need.id })).items.every((o) => o.status === "cancelled"),
    ).toBe(true);
    await expect(engine.cancel(r.need.id, system, "again")).rejects.toMatchObject({
      code: "lifecycle.illegal_transition",
    });
    expect((await engine.events(r.need.id)).length).toBe(before.length + 1);
  });
});

describe("proactive visits (未诉先办)", () => {
  it("gives a resident living alone aged 80+ a weekly visit from her grid worker, once however often planned", async () => {
    const { engine, clock } = await tongchuanEngine("2026-09-30T18:00:00+08:00");
    const first = await engine.planVisits("2026-10-01", "2026-11-01");
    expect(first.created).toBeGreaterThan(0);
    const again = await engine.planVisits("2026-10-01", "2026-11-01");
    expect(again).toMatchObject({ created: 0, existing: first.created });
    const hers = (await engine.listNeeds({ subject: "res-lingde-0001", limit: 100 })).items;
    const weekly = hers.filter((n) => n.attributes.plan === "visit-elderly-living-alone");
    expect(weekly.map((n) => n.attributes.visitDate)).toEqual([
      "2026-10-08",
      "2026-10-14",
      "2026-10-21",
      "2026-10-28",
    ]);
    const orders = (await engine.listWorkOrders({ need: weekly[0]!.id })).items;
    expect(orders[0]).toMatchObject({
      role: "lead",
      assignee: { type: "resource" },
      unit: "610204001003-007",
    });
    expect(orders[0]!.dueAt.slice(0, 10)).toBe("2026-10-08");
    // A finding of the visit becomes a need of its own.
    clock.set("2026-10-08T10:00:00+08:00");
    const finding = await engine.submit({
      source: "proactive",
      description: "走访发现：胃药快吃完了，需要代购",
      subject: "res-lingde-0001",
      attributes: { visit: weekly[0]!.id },
      receivedAt: "2026-10-08T10:00:00+08:00",
    });
    expect(finding.need.serviceCodes).toEqual(["DB-WJ-001"]);
  });
});

describe("KPIs through the engine", () => {
  it("counts what happened in a community over a period", async () => {
    const { engine, clock } = await tongchuanEngine("2026-10-12T09:00:00+08:00");
    const submit = (description: string) =>
      engine.submit({ ...medicine, description, receivedAt: clock.now().toISOString() });
    const a = await submit("帮忙买胃药");
    const b = await submit("帮忙代买生活物资");
    const leadA = a.workOrders.find((o) => o.role === "lead")!;
    const leadB = b.workOrders.find((o) => o.role === "lead")!;
    await engine.accept(leadA.id, actorOf(leadA));
    await engine.resolve(leadA.id, actorOf(leadA), "已送达");
    await engine.returnWorkOrder(leadB.id, actorOf(leadB), "请改派");
    clock.set("2026-10-13T09:30:00+08:00");
    await engine.tick();
    await engine.followUp(a.need.id, system, { reached: true, resolved: true, satisfaction: "satisfied" });
    const k = await engine.kpis({
      unit: "610204001003",
      from: "2026-10-12T00:00:00+08:00",
      to: "2026-10-19T00:00:00+08:00",
    });
    expect(k.needs.received).toBe(2);
    expect(k.responseRate).toMatchObject({ numerator: 1 });
    expect(k.returnRate.numerator).toBe(1);
    expect(k.onTimeResolutionRate).toMatchObject({ numerator: 1, denominator: 1, rate: 1 });
    expect(k.satisfactionRate).toMatchObject({ numerator: 1, denominator: 1 });
    const elsewhere = await engine.kpis({
      unit: "610222000000",
      from: "2026-10-12T00:00:00+08:00",
      to: "2026-10-19T00:00:00+08:00",
    });
    expect(elsewhere.needs.received).toBe(0);
  });
});
