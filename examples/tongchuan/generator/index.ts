/**
 * The Tongchuan (铜川市) reference district bundle: a seeded, deterministic generator. The same
 * code always produces the same bytes; nothing reads the clock or Math.random.
 */
import { DISTRICT_FILES, type DistrictFileName, fromZodIssues } from "@lianxin/core";
import { CAPABILITIES } from "./capabilities.js";
import { checkBundle } from "./check.js";
import { DOMAINS } from "./domains.js";
import { buildGrids } from "./grids.js";
import { buildHierarchy } from "./hierarchy.js";
import { CITY } from "./places.js";
import { CALENDAR_ID, policies } from "./policies.js";
import { buildResidents } from "./residents.js";
import { buildResources } from "./resources.js";
import { linePerElement, pretty } from "./serialize.js";
import { serviceItems } from "./services.js";
import type { BundleData } from "./types.js";

/** The generated bundle: the parsed-shape objects and the exact text of each file. */
export interface TongchuanBundle {
  data: BundleData;
  files: Record<DistrictFileName, string>;
}

/** Thrown when a generated file fails its schema or a cross-reference check. */
export class BundleError extends Error {
  constructor(readonly problems: string[]) {
    super(`the Tongchuan bundle is invalid:\n  ${problems.slice(0, 30).join("\n  ")}`);
    this.name = "BundleError";
  }
}

/** Generates the bundle in memory, validates every file, and returns it. Throws {@link BundleError}. */
export function generateTongchuan(): TongchuanBundle {
  const h = buildHierarchy();
  const res = buildResources(h);
  const { addresses, residents } = buildResidents(h);

  const manifest: BundleData["manifest"] = {
    id: "tongchuan",
    name: { zh: CITY.zh, en: CITY.en },
    root: CITY.code,
    timeZone: "Asia/Shanghai",
    calendar: CALENDAR_ID,
    description:
      "铜川市（陕西省）参考数据包：市、区县、街道、社区、网格五级架构，12 个职能部门网格整合的全科网格，" +
      "服务清单、资源清单、政策和合成的居民数据。地理边界和人名均为合成数据。 " +
      "Reference bundle for Tongchuan, Shaanxi: the five-level hierarchy, comprehensive grids merging 12 " +
      "departmental grids, the services and resources lists, policies and synthetic residents. Boundaries and " +
      "people's names are synthetic.",
    version: "1.0.0",
  };

  const data: BundleData = {
    manifest,
    hierarchy: { units: h.units },
    grids: { grids: buildGrids(h, res) },
    domains: { domains: DOMAINS.map(({ abbr: _abbr, ...d }) => d) },
    services: { capabilities: CAPABILITIES, items: serviceItems() },
    resources: { resources: res.resources },
    policies: policies(),
    residents: { residents },
    addresses: { addresses },
  };

  const files: Record<DistrictFileName, string> = {
    "district.json": pretty(data.manifest),
    "hierarchy.json": linePerElement(data.hierarchy),
    "grids.json": linePerElement(data.grids),
    "domains.json": pretty(data.domains),
    "services.json": linePerElement(data.services),
    "resources.json": linePerElement(data.resources),
    "policies.json": pretty(data.policies),
    "residents.json": linePerElement(data.residents),
    "addresses.json": linePerElement(data.addresses),
  };

  // Validate each file as it will be read back: parse the text, then the schema.
  const problems: string[] = [];
  for (const [name, text] of Object.entries(files) as [DistrictFileName, string][]) {
    const parsed = DISTRICT_FILES[name].schema.safeParse(JSON.parse(text));
    if (!parsed.success)
      for (const i of fromZodIssues(parsed.error.issues, "", name).slice(0, 10))
        problems.push(`${name}: ${JSON.stringify(i)}`);
  }
  if (problems.length === 0) problems.push(...checkBundle(data));
  if (problems.length > 0) throw new BundleError(problems);
  return { data, files };
}
