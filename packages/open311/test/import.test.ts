import { readFileSync } from "node:fs";
import { LianxinError } from "@lianxin/core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  needsFromGeoReport,
  parseGeoReport,
  parseGeoReportRequests,
  parseGeoReportServiceDefinition,
  parseGeoReportServices,
  servicesFromGeoReport,
} from "../src/index.js";
import { fixture, tongchuan } from "./tongchuan.js";

let district: Awaited<ReturnType<typeof tongchuan>>;
beforeAll(async () => {
  district = await tongchuan();
});
const read = (name: string) => readFileSync(fixture(name), "utf8");

function failure(run: () => unknown): LianxinError {
  try {
    run();
  } catch (e) {
    if (LianxinError.is(e)) return e;
    throw e;
  }
  throw new Error("expected a LianxinError");
}

describe("tolerant import of what real servers send", () => {
  it("reads a Chicago-style services.xml: zero-padded codes, groups, space keywords, empty tags", () => {
    const services = parseGeoReportServices(read("chicago-services.xml"), {
      format: "xml",
      file: "services.xml",
    });
    expect(services).toEqual([
      {
        service_code: "001",
        service_name: "Cans left out 24x7",
        description:
          "Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.",
        metadata: true,
        type: "realtime",
        keywords: "lorem,ipsum,dolor",
        group: "sanitation",
        groups: ["sanitation", "Street & Sidewalk"],
      },
      {
        service_code: "4fd3b167e750846744000005",
        service_name: "Graffiti Removal",
        metadata: false,
        type: "realtime",
        keywords: "graffiti,tags,vandalism",
        group: "Street Cleaning",
      },
      { service_code: "003", service_name: "Pothole in Street", metadata: false, type: "batch" },
    ]);
  });

  it("reads the same list from JSON with numeric codes, string booleans and a groups array", () => {
    const json = JSON.stringify([
      {
        service_code: 1,
        service_name: "Cans",
        metadata: "true",
        type: "realtime",
        keywords: ["a", "b"],
        groups: ["x", "y"],
      },
      { service_code: "002", service_name: "Lights", metadata: false, type: "REALTIME", group: "lights" },
    ]);
    expect(parseGeoReportServices(json, { format: "json" })).toEqual([
      {
        service_code: "1",
        service_name: "Cans",
        metadata: true,
        type: "realtime",
        keywords: "a,b",
        group: "x",
        groups: ["x", "y"],
      },
      { service_code: "002", service_name: "Lights", metadata: false, type: "realtime", group: "lights" },
    ]);
  });

  it("reads a service definition with single-element value lists and string numbers", () => {
    const def = parseGeoReportServiceDefinition(read("chicago-definition-001.xml"), { format: "xml" });
    expect(def.service_code).toBe("001");
    expect(def.attributes).toHaveLength(3);
    expect(def.attributes[1]).toEqual({
      variable: true,
      code: "WHISDORN",
      datatype: "singlevaluelist",
      required: true,
      datatype_description: "Pick one",
      order: 1,
      description: "Which side of the street?",
      values: [{ key: "123", name: "North" }],
    });
  });

  it("reads requests with missing optional fields, nulls, empty strings and string coordinates", () => {
    const requests = parseGeoReportRequests(read("seeclickfix-requests.json"), { format: "json" });
    expect(requests[0]).toMatchObject({
      service_request_id: "638344",
      status: "closed",
      requested_datetime: "2026-10-04T14:01:54+08:00",
      zipcode: "94122",
      lat: 35.0963,
      long: 109.0222,
    });
    expect(requests[0]).not.toHaveProperty("agency_responsible");
    expect(requests[0]).not.toHaveProperty("address_id");
    expect(requests[1]).toEqual({
      service_request_id: "638349",
      status: "open",
      service_code: "DB-WJ-001",
      description: "独居老人需要代购降压药",
      requested_datetime: "2026-10-04T15:20:00+08:00",
    });
    expect(requests[2]!.status).toBe("open");
    expect(requests[2]!.notes).toEqual([
      {
        datetime: "2026-10-05T08:05:00Z",
        type: "comment",
        summary: "Assigned to the street office",
        description: "Assigned to the street office",
      },
    ]);
  });

  it("maps a foreign service list to valid items and reports what it had to invent or drop", () => {
    const services = parseGeoReportServices(read("chicago-services.xml"), { format: "xml" });
    const def = parseGeoReportServiceDefinition(read("chicago-definition-001.xml"), { format: "xml" });
    const { items, unmapped, rejected } = servicesFromGeoReport(services, new Map([["001", def]]), {
      district,
      lang: "en",
      domain: "urban-management",
    });
    expect(rejected).toEqual([]);
    expect(items.map((i) => i.code)).toEqual([
      "OPEN311-001",
      "OPEN311-4FD3B167E750846744000005",
      "OPEN311-003",
    ]);
    const cans = items[0]!;
    expect(cans).toMatchObject({
      name: { zh: "Cans left out 24x7", en: "Cans left out 24x7" },
      category: "sanitation",
      domain: "urban-management",
      keywords: ["lorem", "ipsum", "dolor"],
    });
    expect(cans.attributes.map((a) => a.code)).toEqual(["whisdorn", "whispawn"]);
    expect(items[1]!.category).toBe("street-cleaning");
    const fields = unmapped.map((u) => `${u.pointer} ${u.field}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        "/0 service_code",
        "/0 groups",
        "/0 attributes/2",
        "/0 attributes/1/datatype_description",
        "/0 capabilities",
        "/0 promised",
        "/2 type",
        "/2 group",
      ]),
    );
  });

  it("maps requests to needs, keeping the id as externalId and rejecting unknown codes", () => {
    const requests = parseGeoReportRequests(read("unknown-code-requests.json"), { format: "json" });
    const { needs, rejected } = needsFromGeoReport(requests, { district, source: "app" });
    expect(needs).toEqual([
      {
        source: "app",
        externalId: "1",
        serviceCode: "DB-WJ-001",
        description: "代购药品",
        receivedAt: "2026-10-04T15:20:00+08:00",
      },
    ]);
    expect(rejected).toEqual([
      {
        index: 1,
        pointer: "/1/service_code",
        reason: "unknown service code POTHOLE",
        zh: "未知的服务编码 POTHOLE",
      },
    ]);
    const real = needsFromGeoReport(
      parseGeoReportRequests(read("seeclickfix-requests.json"), { format: "json" }),
      { district },
    );
    expect(real.rejected).toEqual([]);
    expect(real.needs[0]).toMatchObject({
      externalId: "638344",
      location: { type: "Point", coordinates: [109.0222, 35.0963] },
    });
    expect(real.needs[2]).toMatchObject({
      externalId: "638350",
      description: "养老金资格认证",
      serviceCode: "DB-RS-002",
    });
    expect(real.unmapped.some((u) => u.pointer === "/0" && u.field === "status")).toBe(true);
  });
});

describe("bad documents: clear errors, nothing imported", () => {
  it("rejects malformed XML with its line", () => {
    const e = failure(() =>
      parseGeoReportServices(read("malformed-services.xml"), { format: "xml", file: "bad.xml" }),
    );
    expect(e.code).toBe("open311.invalid");
    expect(e.issues[0]).toMatchObject({ code: "open311.syntax", file: "bad.xml", line: 9 });
    expect(e.issues[0]!.message["zh-CN"]).toContain("XML 格式错误");
  });

  it("rejects malformed JSON, including the spec's own unquoted 001", () => {
    const e = failure(() => parseGeoReportServices('[{"service_code":001}]', { format: "json" }));
    expect(e.issues[0]).toMatchObject({ code: "open311.syntax", line: 1 });
  });

  it("lists every wrong type with its pointer and line", () => {
    const text = read("wrong-types-services.json");
    const e = failure(() => parseGeoReportServices(text, { format: "json", file: "services.json" }));
    expect(e.code).toBe("open311.invalid");
    expect(e.issues.map((i) => i.pointer)).toEqual([
      "/1/service_code",
      "/1/metadata",
      "/2/service_name",
      "/2/type",
    ]);
    expect(e.issues[0]).toMatchObject({ line: 3, file: "services.json" });
    expect(e.issues[0]!.message.en).toBe("service_code must be a string, not object");
    expect(e.issues[3]!.message["zh-CN"]).toContain("type 应为");
    const skipped = parseGeoReport("services", text, { format: "json", skipInvalid: true });
    expect(skipped.records.map((s) => s.service_code)).toEqual(["001"]);
    expect(skipped.rejected.map((r) => r.index)).toEqual([1, 2]);
  });

  it("rejects a wrong root, a DOCTYPE, bad times and oversized documents", () => {
    expect(failure(() => parseGeoReportServices("<requests/>", { format: "xml" })).issues[0]!.code).toBe(
      "open311.invalid_root",
    );
    expect(failure(() => parseGeoReportServices('{"a":1}', { format: "json" })).issues[0]!.code).toBe(
      "open311.invalid_root",
    );
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><services></services>';
    expect(failure(() => parseGeoReportServices(bomb, { format: "xml" })).issues[0]!.message.en).toContain(
      "DOCTYPE",
    );
    const noOffset = JSON.stringify([{ service_request_id: "1", requested_datetime: "2026-10-04 15:20" }]);
    expect(failure(() => parseGeoReportRequests(noOffset, { format: "json" })).issues[0]!.pointer).toBe(
      "/0/requested_datetime",
    );
    const many = JSON.stringify([
      { service_code: "1", service_name: "a" },
      { service_code: "2", service_name: "b" },
    ]);
    expect(
      failure(() => parseGeoReport("services", many, { format: "json", limits: { records: 1 } })).code,
    ).toBe("open311.too_large");
    expect(
      failure(() => parseGeoReport("services", many, { format: "json", limits: { bytes: 10 } })).code,
    ).toBe("open311.too_large");
  });

  it("accepts an empty list", () => {
    expect(parseGeoReportServices("<services></services>", { format: "xml" })).toEqual([]);
    expect(parseGeoReportRequests("[]", { format: "json" })).toEqual([]);
  });
});
