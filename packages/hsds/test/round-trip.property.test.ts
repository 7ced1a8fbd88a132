import { fileURLToPath } from "node:url";
import {
  type District,
  loadDistrict,
  type Resource,
  ResourceKindSchema,
  ResourceSchema,
} from "@lianxin/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { exportHsds, importHsds, validateHsds } from "../src/index.js";
import { canonicalResource } from "./canonical.js";

const tongchuan = fileURLToPath(new URL("../../../examples/tongchuan", import.meta.url));
let district: District;
let units: string[];
let capabilities: string[];

beforeAll(async () => {
  district = await loadDistrict(tongchuan, { geometry: false });
  units = [...district.hierarchy.units()].map((u) => u.code).slice(0, 400);
  capabilities = [...district.capabilities.keys()];
}, 60_000);

const slug = fc.stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5})?$/);
const text = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.length > 0);
const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => h * 60 + m);
const hhmm = (n: number) =>
  n >= 1440 ? "24:00" : `${String(Math.floor(n / 60)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}`;
const spans = fc
  .uniqueArray(fc.tuple(time, fc.integer({ min: 15, max: 600 })), { maxLength: 3, selector: ([a]) => a })
  .map((list) => list.map(([from, len]) => ({ from: hhmm(from), to: hhmm(Math.min(from + len, 1440)) })));
const point = fc
  .tuple(fc.double({ min: 108, max: 110, noNaN: true }), fc.double({ min: 34, max: 36, noNaN: true }))
  .map(([lon, lat]) => ({
    type: "Point" as const,
    coordinates: [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6] as [number, number],
  }));

function resourceArb() {
  return fc
    .record({
      id: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
      kind: fc.constantFrom(...ResourceKindSchema.options),
      name: fc.record({ zh: text, en: fc.option(text, { nil: undefined }) }),
      capabilities: fc.uniqueArray(fc.constantFrom(...capabilities), { maxLength: 5 }),
      home: fc.constantFrom(...units),
      area: fc.oneof(
        fc.record({ units: fc.uniqueArray(fc.constantFrom(...units), { minLength: 1, maxLength: 4 }) }),
        fc.record({ center: point, radiusMeters: fc.integer({ min: 1, max: 200_000 }) }),
      ),
      schedule: fc.record({
        mon: spans,
        tue: spans,
        wed: spans,
        thu: spans,
        fri: spans,
        sat: spans,
        sun: spans,
        holidays: fc.constantFrom("open" as const, "closed" as const),
      }),
      capacity: fc.record({
        per: fc.constantFrom("concurrent" as const, "day" as const, "week" as const),
        max: fc.integer({ min: 0, max: 1_000_000 }),
        unit: fc.constantFrom(
          "orders" as const,
          "people" as const,
          "seats" as const,
          "hours" as const,
          "yuan" as const,
        ),
      }),
      location: fc.option(point, { nil: undefined }),
      skills: fc.uniqueArray(slug, { maxLength: 3 }),
      languages: fc.uniqueArray(fc.constantFrom("zh", "en", "zh-shaanxi", "ur"), { maxLength: 2 }),
      organisation: fc.option(fc.record({ zh: text, en: fc.option(text, { nil: undefined }) }), {
        nil: undefined,
      }),
      tier: fc.option(
        fc.constantFrom("lead-goose" as const, "strong-goose" as const, "young-goose" as const),
        { nil: undefined },
      ),
      status: fc.constantFrom("active" as const, "inactive" as const, "on-leave" as const),
    })
    .map((r) => ResourceSchema.parse(JSON.parse(JSON.stringify(r))) as Resource);
}

describe("ours → HSDS → ours", () => {
  it("keeps every mapped field of generated resources, and every export validates", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(resourceArb(), { minLength: 1, maxLength: 5, selector: (r) => r.id }),
        (resources) => {
          const out = exportHsds(district, { resources, items: [] });
          for (const s of out.services) expect(validateHsds("service", s)).toEqual([]);
          for (const o of out.organizations) expect(validateHsds("organization", o)).toEqual([]);
          for (const l of out.locations) expect(validateHsds("location", l)).toEqual([]);
          const back = importHsds(
            [
              { document: JSON.parse(JSON.stringify(out.services)), kind: "service" },
              { document: out.taxonomy_terms, kind: "taxonomy_term" },
            ],
            { district },
          );
          expect(back.rejected).toEqual([]);
          expect(back.unmapped).toEqual([]);
          expect(back.resources.map(canonicalResource)).toEqual(resources.map(canonicalResource));
        },
      ),
      { numRuns: 60, seed: 9 },
    );
  }, 60_000);
});
