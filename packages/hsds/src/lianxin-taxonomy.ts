import type { LocalizedText } from "@lianxin/core";
import type { HsdsObject } from "./hsds-kind.js";
import { hsdsUuid } from "./hsds-uuid.js";

/** The name of the taxonomy Lianxin exports its vocabularies in. */
export const LIANXIN_TAXONOMY = "lianxin";

/** The facets of the Lianxin taxonomy: a top-level term each, the values below it. */
export const LIANXIN_FACETS = ["capability", "kind", "skill", "tier", "domain", "category"] as const;
export type LianxinFacet = (typeof LIANXIN_FACETS)[number];

const FACET_NAMES: Record<LianxinFacet, LocalizedText> = {
  capability: { zh: "能力", en: "Capability" },
  kind: { zh: "资源类型", en: "Resource kind" },
  skill: { zh: "技能", en: "Skill" },
  tier: { zh: "雁阵梯队", en: "Cadre tier" },
  domain: { zh: "职能领域", en: "Departmental domain" },
  category: { zh: "服务类别", en: "Service category" },
};

/** The id of the Lianxin taxonomy. */
export const LIANXIN_TAXONOMY_ID = hsdsUuid("taxonomy/lianxin");

/** The Lianxin taxonomy object. */
export function lianxinTaxonomy(): HsdsObject {
  return {
    id: LIANXIN_TAXONOMY_ID,
    name: "Lianxin",
    description:
      "联心（Lianxin）的词表：能力、资源类型、技能、雁阵梯队、职能领域、服务类别。Lianxin's vocabularies: capabilities, resource kinds, skills, cadre tiers, departmental domains and service categories.",
    version: "1",
  };
}

/** The id of a term of the Lianxin taxonomy (`capability:proxy-medicine`), or of a facet (`capability`). */
export function lianxinTermId(code: string): string {
  return hsdsUuid(`taxonomy/lianxin/${code}`);
}

/**
 * A term of the Lianxin taxonomy. Its `name` is the Chinese name and its `description` the
 * English one (HSDS has one name per term; `language` says which).
 */
export function lianxinTerm(
  facet: LianxinFacet,
  value: string | undefined,
  name: LocalizedText | undefined,
): HsdsObject {
  const code = value === undefined ? facet : `${facet}:${value}`;
  const label = name ?? (value === undefined ? FACET_NAMES[facet] : { zh: value });
  const term: HsdsObject = {
    id: lianxinTermId(code),
    code,
    name: label.zh,
    description: label.en ?? label.zh,
    taxonomy: LIANXIN_TAXONOMY,
    taxonomy_id: LIANXIN_TAXONOMY_ID,
    language: "zh",
  };
  if (value !== undefined) term.parent_id = lianxinTermId(facet);
  return term;
}

/** The facet and value of a Lianxin term code, or undefined for anything else. */
export function parseLianxinCode(code: unknown): { facet: LianxinFacet; value: string } | undefined {
  if (typeof code !== "string") return undefined;
  const at = code.indexOf(":");
  if (at < 0) return undefined;
  const facet = code.slice(0, at) as LianxinFacet;
  if (!LIANXIN_FACETS.includes(facet)) return undefined;
  return { facet, value: code.slice(at + 1) };
}

/** Is the term one of Lianxin's (by its taxonomy id or name)? */
export function isLianxinTerm(term: HsdsObject): boolean {
  return term.taxonomy_id === LIANXIN_TAXONOMY_ID || term.taxonomy === LIANXIN_TAXONOMY;
}

/** The facet terms (top level), for a complete taxonomy export. */
export function lianxinFacetTerms(): HsdsObject[] {
  return LIANXIN_FACETS.map((f) => lianxinTerm(f, undefined, undefined));
}
