import { createLianxin, loadDistrict } from "@lianxin/core";

const district = await loadDistrict(new URL("../tongchuan", import.meta.url).pathname);
const triage = {
  id: "my-triage",
  version: "1.0.0",
  effectiveFrom: "2026-01-01",
  rules: [
    {
      id: "medicine",
      name: { zh: "代购药品", en: "Buy medicine" },
      conditions: {
        all: [{ fact: "need", path: "description", operator: "textIncludesAny", value: ["药"] }],
      },
      event: { type: "offer-service", params: { service: "DB-WJ-001" } },
    },
  ],
};
const engine = createLianxin({ district, ruleSets: [triage] });

const { need, workOrders } = await engine.submit({
  source: "home-visit",
  description: "独居老人胃病，行动不便，请帮忙买胃药送上门",
  subject: "res-lingde-0001",
  receivedAt: "2026-10-09T09:30:00+08:00",
});
console.log(need.status, need.unit, need.serviceCodes, workOrders[0]?.assignee, workOrders[0]?.dueAt);
