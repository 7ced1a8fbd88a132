import { fileURLToPath } from "node:url";
import { type District, loadDistrict } from "@lianxin/core";
import { beforeAll, describe, expect, it } from "vitest";
import { exportHsds, type HsdsExport, type HsdsKind, importHsds, validateHsds } from "../src/index.js";
import { canonicalResource } from "./canonical.js";

const tongchuan = fileURLToPath(new URL("../../../examples/tongchuan", import.meta.url));
let district: District;
let exported: HsdsExport;

beforeAll(async () => {
  district = await loadDistrict(tongchuan, { geometry: false });
  exported = exportHsds(district);
}, 60_000);

describe("exportHsds on Tongchuan", () => {
  it("writes one service per resource and per service item, and every document validates", () => {
    expect(exported.services).toHaveLength(district.resources.size + district.services.size);
    const kinds: [HsdsKind, keyof HsdsExport][] = [
      ["organization", "organizations"],
      ["service", "services"],
      ["location", "locations"],
      ["taxonomy", "taxonomies"],
      ["taxonomy_term", "taxonomy_terms"],
    ];
    let count = 0;
    const problems = [];
    for (const [kind, key] of kinds)
      for (const [i, doc] of exported[key].entries()) {
        count++;
        problems.push(...validateHsds(kind, doc, `/${key}/${i}`));
      }
    expect(problems).toEqual([]);
    expect(count).toBeGreaterThan(13_000);
  });

  it("is stable: the same district exports the same ids", () => {
    const again = exportHsds(district);
    expect(again.services.map((s) => s.id)).toEqual(exported.services.map((s) => s.id));
    expect(new Set(exported.services.map((s) => s.id)).size).toBe(exported.services.length);
  });

  it("round-trips the full resources and services lists", () => {
    const result = importHsds({ document: exported.services, kind: "service" }, { district });
    expect(result.rejected).toEqual([]);
    expect(result.unmapped).toEqual([]);
    expect(result.capabilities).toEqual([]);
    expect(result.resources.map(canonicalResource)).toEqual(
      [...district.resources.values()].map(canonicalResource),
    );
    expect(result.services).toEqual([...district.services.values()]);
  }, 60_000);
});
