/**
 * Open Referral HSDS 3.0 for Lianxin: export the resources and services lists as HSDS documents
 * validated against the official schemas, and import HSDS documents into them.
 * @module @lianxin/hsds
 */

export {
  type ExportHsdsOptions,
  exportHsds,
  type HsdsExport,
  IDENTIFIER_TYPES,
  LINK_TYPES,
} from "./export-hsds.js";
export { HSDS_KINDS, type HsdsKind, type HsdsObject } from "./hsds-kind.js";
export { hsdsUuid, LIANXIN_HSDS_NAMESPACE } from "./hsds-uuid.js";
export {
  guessKind,
  type HsdsInput,
  type HsdsRejected,
  type HsdsUnmapped,
  type ImportHsdsOptions,
  type ImportHsdsResult,
  importHsds,
  type TaxonomyMap,
} from "./import-hsds.js";
export { LIANXIN_TAXONOMY, LIANXIN_TAXONOMY_ID, lianxinTermId } from "./lianxin-taxonomy.js";
export { validateHsds } from "./validate-hsds.js";
