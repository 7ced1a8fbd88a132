import { it } from "vitest";
import { tongchuanEngine } from "../engine/tongchuan-engine.js";

it("explore", async () => {
  const t0 = performance.now();
  const { engine } = await tongchuanEngine();
  console.log("load", performance.now() - t0);
  const subs = ["res-lingde-0001", "res-01757", "res-01756", "res-01755"];
  const kinds = [
    { description: "帮忙买胃药送上门", serviceCode: undefined },
    { description: "帮忙买米买油送上门" },
    { description: "想申请临时救助", serviceCode: "DB-MZ-002" },
    { description: "x", serviceCode: "DB-WJ-001" },
    { description: "x", serviceCode: "DB-MZ-001" },
  ];
  for (const s of subs)
    for (const k of kinds) {
      const t1 = performance.now();
      const r = await engine.submit({ source: "home-visit", subject: s, receivedAt: "2026-10-09T09:30:00+08:00", ...k } as never);
      console.log(s, k.description, k.serviceCode, r.need.status, r.need.unit, r.need.urgency, r.need.serviceCodes, r.need.dueAt, (performance.now()-t1).toFixed(1),
        JSON.stringify(r.workOrders.map((o) => [o.role, o.assignee, o.unit, o.dueAt, o.acceptDueAt])));
      const timers = await engine.store.listTimers({ need: r.need.id, limit: 1000 });
      console.log("  timers", timers.items.map((t) => `${t.kind}@${t.dueAt}`).join(" "));
    }
  console.log("kpis" in engine);
});
