/** The HSDS 3.0 objects Lianxin reads and writes, named as their schema files are. */
export const HSDS_KINDS = [
  "organization",
  "service",
  "location",
  "service_at_location",
  "taxonomy_term",
  "taxonomy",
] as const;

/** One of {@link HSDS_KINDS}. */
export type HsdsKind = (typeof HSDS_KINDS)[number];

/** An HSDS object as JSON: the schemas allow more keys than any type could list. */
export type HsdsObject = Record<string, unknown>;
