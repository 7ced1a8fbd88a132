import type { Need, NeedStatus } from "@lianxin/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  geoReportRequest,
  geoReportServiceDefinition,
  geoReportServices,
  needsFromGeoReport,
  parseGeoReportRequests,
  parseGeoReportServiceDefinition,
  parseGeoReportServices,
  servicesFromGeoReport,
  toGeoReportXml,
} from "../src/index.js";
import { tongchuan } from "./tongchuan.js";

let district: Awaited<ReturnType<typeof tongchuan>>;
beforeAll(async () => {
  district = await tongchuan();
});

const STATUSES: NeedStatus[] = [
  "received",
  "dispatched",
  "in-progress",
  "resolved",
  "follow-up",
  "closed",
  "rejected",
  "cancelled",
];

describe("round trips keep every mapped field", () => {
  for (const format of ["json", "xml"] as const)
    for (const lang of ["zh", "en"] as const)
      it(`services: ours → GeoReport ${format} (${lang}) → ours gives back every Tongchuan item`, () => {
        const items = [...district.services.values()];
        const list = geoReportServices(district, { lang });
        const defs = new Map(
          items
            .filter((i) => i.attributes.length > 0)
            .map((i) => {
              const def = geoReportServiceDefinition(i, { lang });
              const text =
                format === "json" ? JSON.stringify(def) : toGeoReportXml("service_definition", def);
              return [i.code, parseGeoReportServiceDefinition(text, { format })] as const;
            }),
        );
        const text = format === "json" ? JSON.stringify(list) : toGeoReportXml("services", list);
        const back = servicesFromGeoReport(parseGeoReportServices(text, { format }), defs, {
          district,
          lang,
        });
        expect(back.rejected).toEqual([]);
        expect(back.unmapped).toEqual([]);
        expect(back.items).toEqual(items.filter((i) => i.status === "active"));
      });

  it("services without the district's items: every Open311-carried field survives (property)", () => {
    const items = [...district.services.values()];
    fc.assert(
      fc.property(
        fc.constantFrom(...items),
        fc.constantFrom("json" as const, "xml" as const),
        (item, format) => {
          const list = geoReportServices(district).filter((s) => s.service_code === item.code);
          const def = geoReportServiceDefinition(item);
          const text = format === "json" ? JSON.stringify(list) : toGeoReportXml("services", list);
          const defText = format === "json" ? JSON.stringify(def) : toGeoReportXml("service_definition", def);
          const back = servicesFromGeoReport(
            parseGeoReportServices(text, { format }),
            new Map([[item.code, parseGeoReportServiceDefinition(defText, { format })]]),
            { district, existing: new Map() },
          );
          const got = back.items[0]!;
          expect(got.code).toBe(item.code);
          expect(got.name.zh).toBe(item.name.zh);
          expect(got.description).toBe(item.description);
          expect(got.keywords).toEqual(item.keywords);
          expect(got.category).toBe(item.category);
          expect(
            got.attributes.map((a) => [
              a.code,
              a.datatype,
              a.required,
              a.description.zh,
              a.values?.map((v) => [v.key, v.name.zh]),
            ]),
          ).toEqual(
            item.attributes.map((a) => [
              a.code,
              a.datatype,
              a.required,
              a.description.zh,
              a.values?.map((v) => [v.key, v.name.zh]),
            ]),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it("needs: ours → GeoReport JSON and XML → ours keeps id, code, description, location, address and time (property)", () => {
    const items = [...district.services.keys()];
    const addresses = [...district.addresses.values()].slice(0, 500);
    const text = fc.string({ minLength: 1, maxLength: 80 }).filter(
      (s) =>
        s.trim() === s &&
        s.trim() !== "" &&
        [...s].every((c) => {
          const n = c.codePointAt(0)!;
          return (
            (n >= 0x20 || n === 9 || n === 10 || n === 13) &&
            (n < 0xd800 || n > 0xdfff) &&
            n !== 0xfffe &&
            n !== 0xffff
          );
        }),
    );
    const need = fc.record({
      id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/),
      serviceCode: fc.constantFrom(...items),
      description: text,
      status: fc.constantFrom(...STATUSES),
      address: fc.option(fc.constantFrom(...addresses), { nil: undefined }),
      point: fc.option(
        fc.tuple(
          fc.double({ min: 108.5, max: 109.5, noNaN: true }),
          fc.double({ min: 34.8, max: 35.5, noNaN: true }),
        ),
        { nil: undefined },
      ),
      minute: fc.integer({ min: 0, max: 60 * 24 * 365 }),
    });
    fc.assert(
      fc.property(need, fc.constantFrom("json" as const, "xml" as const), (g, format) => {
        const at = new Date(Date.UTC(2026, 0, 1) + g.minute * 60_000 + 8 * 3_600_000)
          .toISOString()
          .slice(0, 19);
        const receivedAt = `${at}+08:00`;
        const n: Need = {
          id: g.id,
          source: "app",
          serviceCode: g.serviceCode,
          description: g.description,
          attributes: {},
          tags: [],
          receivedAt,
          status: g.status,
          serviceCodes: [g.serviceCode],
          createdAt: receivedAt,
          updatedAt: receivedAt,
          reopened: 0,
          ...(g.address ? { addressCode: g.address.code, unit: g.address.grid } : {}),
          ...(g.point ? { location: { type: "Point" as const, coordinates: g.point } } : {}),
        };
        const r = geoReportRequest(n, { district, workOrders: [], events: [] });
        const doc = format === "json" ? JSON.stringify([r]) : toGeoReportXml("service_requests", [r]);
        const back = parseGeoReportRequests(doc, { format });
        expect(back).toEqual([r]);
        const { needs, rejected } = needsFromGeoReport(back, { district, source: "app" });
        expect(rejected).toEqual([]);
        const expected: Record<string, unknown> = {
          source: "app",
          externalId: n.id,
          serviceCode: n.serviceCode,
          description: n.description,
          receivedAt,
        };
        if (n.location) expected.location = n.location;
        if (n.addressCode) expected.addressCode = n.addressCode;
        expect(needs[0]).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
