import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type District, LianxinError, loadDistrict } from "@lianxin/core";
import { beforeAll, describe, expect, it } from "vitest";
import { exportHsds, importHsds, validateHsds } from "../src/index.js";

const examples = new URL("./fixtures/hsds-3.0/examples/", import.meta.url);
const text = (name: string) => readFileSync(new URL(`${name}.json`, examples), "utf8");
const tongchuan = fileURLToPath(new URL("../../../examples/tongchuan", import.meta.url));
let district: District;
const taxonomyMap = { "taxonomy:code": "psychological-counselling" };

beforeAll(async () => {
  district = await loadDistrict(tongchuan, { geometry: false });
}, 60_000);

describe("importHsds on the official HSDS 3.0 examples", () => {
  it("imports service_full with every field we model", () => {
    const r = importHsds(
      { text: text("service_full"), file: "service_full.json" },
      { district, taxonomyMap },
    );
    expect(r.rejected).toEqual([]);
    expect(r.resources).toHaveLength(1);
    const res = r.resources[0]!;
    expect(res.name).toEqual({ zh: "Community Counselling", en: "MyCity Counselling Services" });
    expect(res.organisation).toEqual({ zh: "Example Organization Inc.", en: "Example Org" });
    expect(res.status).toBe("active");
    expect(res.schedule).toEqual({
      thu: [{ from: "10:00", to: "18:00" }],
      fri: [{ from: "10:00", to: "18:00" }],
      holidays: "closed",
    });
    expect(res.capabilities).toEqual(["psychological-counselling"]);
    expect(res.languages).toEqual(["ur"]);
    expect(res.id).toBe("hsds-ac148810-d857-441c-9679-408f346de14b");
    const fields = new Set(r.unmapped.map((u) => u.field));
    for (const f of [
      "service.description",
      "service.phones",
      "service.contacts",
      "service.cost_options",
      "service.eligibility_description",
      "schedule.byweekno",
      "schedule.valid_from",
      "service_area",
      "location.latitude",
      "organization.legal_status",
      "service.attributes.value",
    ])
      expect(fields, f).toContain(f);
    const fieldsDefaulted = r.defaulted.map((d) => d.field);
    expect(fieldsDefaulted).toEqual(
      expect.arrayContaining(["resource.capacity", "resource.kind", "resource.area", "resource.home"]),
    );
    for (const u of r.unmapped) expect(u.reason.length).toBeGreaterThan(5);
  });

  it("lists an external term that maps to nothing as unmapped", () => {
    const r = importHsds({ text: text("service_full") }, { district });
    expect(r.resources[0]!.capabilities).toEqual([]);
    expect(r.unmapped.find((u) => u.field === "service.attributes.taxonomy_term")?.pointer).toBe(
      "/attributes/0",
    );
  });

  it("imports organization_full (nested services), service_at_location_full, the service_list page, a location and a term", () => {
    const r = importHsds(
      [
        { text: text("organization_full"), file: "organization_full.json" },
        { text: text("service_at_location_full"), file: "service_at_location_full.json" },
        { text: text("service_list"), file: "service_list.json" },
        { text: text("location"), file: "location.json" },
        { text: text("taxonomy_term"), file: "taxonomy_term.json" },
      ],
      { district, taxonomyMap },
    );
    expect(r.read).toBe(5);
    expect(r.rejected).toEqual([]);
    // the same service id everywhere: one resource
    expect(r.resources).toHaveLength(1);
    expect(r.resources[0]!.organisation?.zh).toBe("Example Organization Inc.");
    // location.json is the place the service is delivered at (same id): used, not "unlinked"
    expect(r.unmapped.some((u) => u.file === "location.json" && u.field === "location")).toBe(false);
    const lone = JSON.parse(text("location"));
    lone.id = "0b7a2f0e-36a4-4c2e-9a57-1f4d1f7f3c11";
    const alone = importHsds({ document: lone }, { district });
    expect(alone.resources).toEqual([]);
    expect(alone.unmapped).toEqual([
      expect.objectContaining({ field: "location", reason: "no imported service is delivered here" }),
    ]);
    expect(r.unmapped.some((u) => u.file === "taxonomy_term.json")).toBe(false);
  });

  it("the example → ours → HSDS keeps what we map", () => {
    const r = importHsds({ text: text("service_full") }, { district, taxonomyMap });
    const res = r.resources[0]!;
    const again = exportHsds(district, { resources: [res], items: [] });
    const s = again.services[0]!;
    expect(validateHsds("service", s)).toEqual([]);
    const original = JSON.parse(text("service_full"));
    expect(s.name).toBe(original.name);
    expect(s.alternate_name).toBe(original.alternate_name);
    expect(s.status).toBe(original.status);
    expect((s.organization as { name: string }).name).toBe(original.organization.name);
    const sched = (s.schedules as { byday: string; opens_at: string; closes_at: string }[])[0]!;
    expect(sched.byday).toBe("TH,FR");
    expect(sched.opens_at.slice(0, 5)).toBe("10:00");
    expect(sched.closes_at.slice(0, 5)).toBe("18:00");
  });
});

describe("bad documents", () => {
  it("malformed JSON: hsds.invalid with line and column, nothing imported", () => {
    try {
      importHsds({ text: '{\n  "id": "x",\n  "name": }', file: "bad.json" }, { district });
      expect.unreachable();
    } catch (e) {
      expect(LianxinError.is(e) && e.code).toBe("hsds.invalid");
      const i = (e as LianxinError).issues[0]!;
      expect(i).toMatchObject({ code: "json.syntax", file: "bad.json", line: 3 });
      expect(i.message["zh-CN"]).toContain("JSON");
    }
  });

  it("schema violations are all listed, in zh and en, with pointers and positions", () => {
    const good = JSON.parse(text("service_list"));
    good.contents.push({ id: "not-a-uuid", name: 7, status: "open" });
    try {
      importHsds({ text: JSON.stringify(good, null, 2), kind: "service" }, { district });
      expect.unreachable();
    } catch (e) {
      const issues = (e as LianxinError).issues;
      expect(issues.map((i) => i.pointer).sort()).toEqual([
        "/contents/1/id",
        "/contents/1/name",
        "/contents/1/status",
      ]);
      expect(issues.every((i) => i.line !== undefined && i.message["zh-CN"] && i.message.en)).toBe(true);
    }
  });

  it("skipInvalid imports the valid records and lists each rejected one with its reason", () => {
    const good = JSON.parse(text("service_list"));
    good.contents.push({ id: "not-a-uuid", name: 7, status: "open" });
    const r = importHsds({ document: good, kind: "service" }, { district, skipInvalid: true });
    expect(r.resources).toHaveLength(1);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.pointer).toBe("/contents/1");
    expect(r.rejected[0]!.reason).toContain("uuid");
  });

  it("refuses too many records", () => {
    expect(() => importHsds({ text: text("service_list") }, { district, maxRecords: 0 })).toThrow(/problem/);
  });
});
