import { LianxinError, memoryStore } from "@lianxin/core";
import { describe, expect, it } from "vitest";
import { tongchuan, tongchuanEngine } from "./tongchuan-engine.js";

const visit = {
  source: "home-visit" as const,
  receivedAt: "2026-10-09T09:30:00+08:00",
};

describe("the engine on real scenarios", () => {
  it("the article's case: medicine bought and delivered by her own grid's worker, due on time", async () => {
    const { engine } = await tongchuanEngine();
    const r = await engine.submit({
      ...visit,
      externalId: "lingde-visit-001",
      description: "独居老人胃病，行动不便，想请网格员帮忙买胃药送上门",
      subject: "res-lingde-0001",
    });
    expect(r.created).toBe(true);
    expect(r.need).toMatchObject({
      status: "dispatched",
      urgency: "urgent",
      category: "medicine",
      unit: "610204001003-007",
      serviceCodes: ["DB-WJ-001"],
    });
    const lead = r.workOrders.find((o) => o.role === "lead")!;
    const district = await tongchuan();
    const worker = district.resources.get(lead.assignee.id)!;
    expect(lead.assignee.type).toBe("resource");
    expect(worker.kind).toBe("grid-worker");
    expect(worker.area.units).toContain("610204001003-007");
    // medicine-24h: 24 hours after receipt.
    expect(Date.parse(lead.dueAt) - Date.parse(visit.receivedAt)).toBe(24 * 3_600_000);
    const explanation = await engine.explain(r.need.id);
    expect(explanation!.placement).toMatchObject({ unit: "610204001003-007", exact: true });
    expect(explanation!.candidates[0]).toMatchObject({ resource: worker.id, status: "chosen" });
    expect(explanation!.stages.map((s) => s.stage)).toEqual(
      expect.arrayContaining(["triage", "eligibility", "routing", "deadlines", "notifications"]),
    );
  });

  it("a relief application on working days: community leads, civil affairs assists, due in 7 working days", async () => {
    const { engine } = await tongchuanEngine("2026-09-28T10:00:00+08:00");
    const r = await engine.submit({
      source: "walk-in",
      description: "家里突发困难，想申请临时救助",
      serviceCode: "DB-MZ-002",
      subject: "res-00002",
      receivedAt: "2026-09-28T10:00:00+08:00",
    });
    expect(r.need.status).toBe("dispatched");
    expect(r.need.serviceCodes).toEqual(["DB-MZ-002"]);
    const lead = r.workOrders.find((o) => o.role === "lead")!;
    expect(lead.assignee).toEqual({ type: "unit", id: "610202001001" });
    expect(r.workOrders.some((o) => o.role === "assist" && o.assignee.id.startsWith("civil-affairs@"))).toBe(
      true,
    );
    // 7 working days after Mon 28 Sep 2026: 29, 30 Sep, (1–7 Oct National Day), 8, 9, 10 (make-up Sat), 12, 13 Oct.
    expect(lead.dueAt.slice(0, 10)).toBe("2026-10-13");
  });

  it("an ineligible relief application is rejected with the reason, and nothing is dispatched", async () => {
    const { engine } = await tongchuanEngine();
    const r = await engine.submit({
      ...visit,
      description: "想申请临时救助",
      serviceCode: "DB-MZ-002",
      subject: "res-lingde-0001",
    });
    expect(r.need.status).toBe("rejected");
    expect(r.workOrders).toEqual([]);
    const events = await engine.events(r.need.id);
    const rejected = events.find((e) => e.type === "rejected")!;
    expect(rejected.data).toMatchObject({ reason: { zh: expect.any(String) } });
    expect((await engine.store.listOutbox({})).items.filter((m) => m.orderingKey === r.need.id)).toEqual([]);
  });

  it("a duplicate within the window is merged into the open need", async () => {
    const { engine, clock } = await tongchuanEngine();
    const first = await engine.submit({
      ...visit,
      description: "帮忙买降压药",
      subject: "res-lingde-0001",
    });
    clock.advance({ hours: 3 });
    const second = await engine.submit({
      source: "hotline-12345",
      description: "老人的降压药吃完了，请帮忙代买",
      subject: "res-lingde-0001",
      receivedAt: clock.now().toISOString(),
    });
    expect(second.need).toMatchObject({ status: "duplicate", duplicateOf: first.need.id });
    expect(second.workOrders).toEqual([]);
    expect((await engine.events(second.need.id)).map((e) => e.type)).toContain("duplicate");
  });

  it("a need with no location still routes, by address code or the resident's grid, and says how", async () => {
    const { engine } = await tongchuanEngine();
    const byAddress = await engine.submit({
      ...visit,
      description: "楼道里有人反映需要代买生活用品",
      addressCode: "610204001003-007-B01-0302",
    });
    expect(byAddress.need.unit).toBe("610204001003-007");
    expect((await engine.explain(byAddress.need.id))!.placement).toMatchObject({ via: "address" });
    const byResident = await engine.submit({
      ...visit,
      description: "请帮忙代买生活物资",
      subject: "res-00002",
    });
    expect(byResident.need.unit).toBe("610202001001-001");
    expect((await engine.explain(byResident.need.id))!.placement).toMatchObject({ via: "resident-grid" });
  });

  it("a grid whose workers are full routes up to the community and says so, never overbooking", async () => {
    const store = memoryStore();
    const { engine } = await tongchuanEngine(undefined, { store });
    const district = await tongchuan();
    // Fill every resource that could serve grid 610204001003-007 to capacity.
    await store.transaction(async (tx) => {
      for (const r of district.resources.values()) {
        const period =
          r.capacity.per === "concurrent" ? "open" : r.capacity.per === "day" ? "2026-10-09" : "2026-W41";
        await tx.reserve(r.id, period, r.capacity.max, r.capacity.max);
      }
    });
    const r = await engine.submit({ ...visit, description: "帮忙买胃药", subject: "res-lingde-0001" });
    expect(r.need.status).toBe("dispatched");
    const lead = r.workOrders.find((o) => o.role === "lead")!;
    expect(lead.assignee).toEqual({ type: "unit", id: "610204001003" });
    const events = await engine.events(r.need.id);
    expect(events.find((e) => e.type === "capacity-short")?.data).toMatchObject({ routedTo: "610204001003" });
    const explanation = await engine.explain(r.need.id);
    expect(explanation!.candidates.length).toBeGreaterThan(0);
    expect(explanation!.candidates.every((c) => c.status === "full")).toBe(true);
  });

  it("is idempotent on (source, externalId)", async () => {
    const { engine } = await tongchuanEngine();
    const input = {
      ...visit,
      externalId: "12345-20261009-0001",
      description: "帮忙买胃药",
      subject: "res-lingde-0001",
    };
    const a = await engine.submit(input);
    const b = await engine.submit(input);
    expect(b.created).toBe(false);
    expect(b.need.id).toBe(a.need.id);
    expect(b.workOrders.map((o) => o.id)).toEqual(a.workOrders.map((o) => o.id));
    expect((await engine.listNeeds()).items).toHaveLength(1);
  });

  it("rejects invalid needs with field-level errors and stores nothing", async () => {
    const { engine } = await tongchuanEngine();
    const err = await engine
      .submit({
        source: "carrier-pigeon",
        description: "",
        receivedAt: "yesterday",
        serviceCode: "DB-WJ-001",
      } as never)
      .catch((e: unknown) => e);
    expect(LianxinError.is(err)).toBe(true);
    expect((err as LianxinError).code).toBe("need.invalid");
    expect((err as LianxinError).issues.map((i) => i.pointer).sort()).toEqual([
      "/description",
      "/receivedAt",
      "/source",
    ]);
    const unknown = await engine
      .submit({ ...visit, description: "x", serviceCode: "DB-NOPE-1" })
      .catch((e) => e);
    expect((unknown as LianxinError).issues[0]).toMatchObject({
      code: "need.unknown_service",
      pointer: "/serviceCode",
    });
    expect((await engine.listNeeds()).items).toEqual([]);
    expect((await engine.store.listOutbox({})).items).toEqual([]);
  });

  it("keeps personal data out of outbox payloads and honours 'do not contact'", async () => {
    const { engine } = await tongchuanEngine();
    await engine.submit({ ...visit, description: "帮忙买胃药", subject: "res-lingde-0001" });
    await engine.submit({ ...visit, description: "帮忙代买生活物资", subject: "res-00021" });
    const messages = (await engine.store.listOutbox({})).items;
    expect(messages.length).toBeGreaterThan(0);
    const text = JSON.stringify(messages);
    for (const secret of ["孙桂芝", "邻德小区20号楼302室", "方翠"]) expect(text).not.toContain(secret);
    expect(messages.some((m) => m.recipient.role === "resident" && m.recipient.id === "res-00021")).toBe(
      false,
    );
  });

  it("lists needs and work orders by subtree", async () => {
    const { engine } = await tongchuanEngine();
    await engine.submit({ ...visit, description: "帮忙买胃药", subject: "res-lingde-0001" });
    await engine.submit({ ...visit, description: "帮忙代买生活物资", subject: "res-00002" });
    expect((await engine.listNeeds({ unit: "610204000000" })).items.map((n) => n.unit)).toEqual([
      "610204001003-007",
    ]);
    expect((await engine.listNeeds({ unit: "610202001001" })).items.map((n) => n.unit)).toEqual([
      "610202001001-001",
    ]);
    expect((await engine.listWorkOrders({ unit: "610204001003" })).items.length).toBeGreaterThan(0);
    expect((await engine.listNeeds({ unit: "610222000000" })).items).toEqual([]);
  });
});
