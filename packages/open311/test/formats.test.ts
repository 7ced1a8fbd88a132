import type { Event, Need, WorkOrder } from "@lianxin/core";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import {
  GEO_REPORT_STATUS,
  geoReportRequest,
  geoReportServiceDefinition,
  geoReportServices,
  toGeoReportXml,
} from "../src/index.js";
import { tongchuan } from "./tongchuan.js";

let district: Awaited<ReturnType<typeof tongchuan>>;
beforeAll(async () => {
  district = await tongchuan();
});

const need: Need = {
  id: "n-1",
  source: "hotline-12345",
  externalId: "12345-0001",
  serviceCode: "DB-WJ-001",
  description: "独居老人需要代购降压药 <急>",
  attributes: {},
  location: { type: "Point", coordinates: [109.022205, 35.096318] },
  addressCode: "610202001001-001-B01",
  subject: "resident-0001",
  tags: [],
  receivedAt: "2026-10-09T08:30:00+08:00",
  status: "resolved",
  unit: "610202001001-001",
  serviceCodes: ["DB-WJ-001"],
  dueAt: "2026-10-10T08:30:00+08:00",
  createdAt: "2026-10-09T08:30:00+08:00",
  updatedAt: "2026-10-09T15:00:00+08:00",
  reopened: 0,
};
const order: WorkOrder = {
  id: "wo-1",
  need: "n-1",
  assignee: { type: "resource", id: "worker-007" },
  role: "lead",
  unit: "610202001001-001",
  status: "resolved",
  dispatchedAt: "2026-10-09T08:30:00+08:00",
  dueAt: "2026-10-10T08:30:00+08:00",
  returns: [],
  escalationLevel: 0,
  overdue: false,
};
const events: Event[] = [
  {
    id: "e1",
    need: "n-1",
    type: "received",
    actor: { type: "system", id: "engine" },
    to: "received",
    visibility: "public",
    at: "2026-10-09T08:30:00+08:00",
  },
  {
    id: "e2",
    need: "n-1",
    type: "dispatched",
    actor: { type: "rules", id: "engine" },
    to: "dispatched",
    reason: "张三 13800000000 internal",
    visibility: "internal",
    at: "2026-10-09T08:30:00+08:00",
  },
  {
    id: "e3",
    need: "n-1",
    type: "resolved",
    actor: { type: "resource", id: "worker-007" },
    from: "in-progress",
    to: "resolved",
    data: { result: "药品已送达" },
    visibility: "public",
    at: "2026-10-09T15:00:00+08:00",
  },
];

describe("GeoReport v2 export", () => {
  it("lists every active service item with code, name, group, keywords and metadata", () => {
    const services = geoReportServices(district);
    expect(services).toHaveLength(
      [...district.services.values()].filter((s) => s.status === "active").length,
    );
    const medicine = services.find((s) => s.service_code === "DB-WJ-001")!;
    expect(medicine).toMatchObject({
      service_name: "代购药品（购药送药）",
      metadata: true,
      type: "realtime",
      group: "health",
    });
    expect(medicine.keywords?.split(",")).toContain("送药");
    const en = geoReportServices(district, { lang: "en" }).find((s) => s.service_code === "DB-WJ-001")!;
    expect(en.service_name).toBe("Buy and deliver medicine");
    expect(services.filter((s) => s.metadata)).toHaveLength(
      [...district.services.values()].filter((s) => s.attributes.length > 0).length,
    );
  });

  it("writes service definitions with order and values", () => {
    const def = geoReportServiceDefinition(district.services.get("DB-WJ-001")!, { lang: "en" });
    expect(def.service_code).toBe("DB-WJ-001");
    expect(def.attributes.map((a) => a.order)).toEqual([1, 2, 3, 4]);
    expect(def.attributes[1]).toMatchObject({
      code: "prescription",
      datatype: "singlevaluelist",
      required: true,
      variable: true,
      values: [
        { key: "yes", name: "Yes" },
        { key: "no", name: "No" },
      ],
    });
  });

  it("maps every need state to open or closed: resolved awaiting follow-up is still open", () => {
    expect(GEO_REPORT_STATUS.resolved).toBe("open");
    expect(GEO_REPORT_STATUS["follow-up"]).toBe("open");
    for (const s of ["closed", "rejected", "duplicate", "not-responsible", "cancelled", "failed"] as const)
      expect(GEO_REPORT_STATUS[s]).toBe("closed");
  });

  it("writes a need as a request with its state, agency, due date, promise, address and public history", () => {
    const r = geoReportRequest(need, { district, workOrders: [order], events });
    expect(r).toMatchObject({
      service_request_id: "n-1",
      status: "open",
      status_notes: "resolved · 已办结，待回访",
      service_code: "DB-WJ-001",
      service_name: "代购药品（购药送药）",
      service_notice: "承诺 24 小时内办结",
      requested_datetime: "2026-10-09T08:30:00+08:00",
      expected_datetime: "2026-10-10T08:30:00+08:00",
      address_id: "610202001001-001-B01",
      address: "南山小区1号楼",
      lat: 35.096318,
      long: 109.022205,
    });
    // A resource (a person) is not named: the unit owning the work order is.
    expect(r.agency_responsible).toBe(district.hierarchy.unit("610202001001-001")!.name.zh);
    expect(r.notes).toEqual([
      { datetime: "2026-10-09T08:30:00+08:00", type: "status-change", summary: "received · 已接收" },
      {
        datetime: "2026-10-09T15:00:00+08:00",
        type: "status-change",
        summary: "resolved · 已办结，待回访",
        description: "药品已送达",
      },
    ]);
    const text = JSON.stringify(r);
    for (const secret of ["resident-0001", "worker-007", "张三", "13800000000"])
      expect(text).not.toContain(secret);
    const en = geoReportRequest(
      { ...need, status: "duplicate" },
      { district, workOrders: [order], events, lang: "en" },
    );
    expect(en).toMatchObject({
      status: "closed",
      status_notes: "duplicate · duplicate request",
      service_notice: "Promised within 24 hours",
    });
  });

  it("falls back to the need's unit when there is no work order", () => {
    const r = geoReportRequest({ ...need, status: "received" }, { district, workOrders: [], events: [] });
    expect(r.agency_responsible).toBe(district.hierarchy.unit("610202001001-001")!.name.zh);
    expect(r.notes).toBeUndefined();
  });
});

describe("GeoReport v2 XML", () => {
  const parser = new XMLParser({ parseTagValue: false });

  it("writes the spec's root elements and escapes text", () => {
    const r = geoReportRequest(need, { district, workOrders: [order], events });
    const xml = toGeoReportXml("service_requests", [r]);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain("<service_requests><request><service_request_id>n-1</service_request_id>");
    expect(xml).toContain("&lt;急&gt;");
    expect(xml).toContain("<notes><note><datetime>");
    const back = parser.parse(xml);
    expect(back.service_requests.request.description).toBe("独居老人需要代购降压药 <急>");
  });

  it("writes services, definitions, receipts, errors and discovery", () => {
    const services = toGeoReportXml("services", geoReportServices(district).slice(0, 2));
    expect(services).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service><service_code>/);
    const def = toGeoReportXml(
      "service_definition",
      geoReportServiceDefinition(district.services.get("DB-WJ-001")!),
    );
    expect(def).toContain(
      "<service_definition><service_code>DB-WJ-001</service_code><attributes><attribute><variable>true</variable>",
    );
    expect(def).toContain("<values><value><key>yes</key><name>是</name></value>");
    expect(
      toGeoReportXml("request_receipts", [{ service_request_id: "n-1", service_notice: "a & b" }]),
    ).toContain(
      "<service_requests><request><service_request_id>n-1</service_request_id><service_notice>a &amp; b</service_notice></request></service_requests>",
    );
    expect(toGeoReportXml("errors", [{ code: 403, description: "api_key <missing>" }])).toContain(
      "<errors><error><code>403</code><description>api_key &lt;missing&gt;</description></error></errors>",
    );
    const discovery = toGeoReportXml("discovery", {
      changeset: "2026-10-01T00:00:00+08:00",
      contact: "12345",
      key_service: "https://example.org/key",
      endpoints: [
        {
          specification: "http://wiki.open311.org/GeoReport_v2",
          url: "https://example.org/open311/v2",
          changeset: "2026-10-01T00:00:00+08:00",
          type: "production",
          formats: ["text/xml", "application/json"],
        },
      ],
    });
    expect(discovery).toContain("<endpoints><endpoint><specification>");
    expect(discovery).toContain(
      "<formats><format>text/xml</format><format>application/json</format></formats>",
    );
    for (const doc of [services, def, discovery]) expect(XMLValidator.validate(doc)).toBe(true);
  });

  it("drops characters XML 1.0 forbids", () => {
    const xml = toGeoReportXml("errors", [{ code: 400, description: "bad\u0001 char" }]);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain("bad char");
  });
});
