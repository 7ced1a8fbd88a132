/**
 * Open311 GeoReport v2 for Lianxin: the services list and needs as GeoReport v2 documents (JSON
 * and XML), tolerant import of what real servers send, and the mapping back to our model.
 * @module @lianxin/open311
 */

export { type GeoReportRequestContext, geoReportRequest } from "./geo-report-request.js";
export {
  type GeoReportLangOptions,
  geoReportServiceDefinition,
  geoReportServices,
} from "./geo-report-services.js";
export * from "./handler/index.js";
export { itemCodeFor } from "./item-code.js";
export { GEO_REPORT_STATUS, geoReportStatus, promiseNotice } from "./labels.js";
export {
  type NeedsFromGeoReportOptions,
  type NeedsFromGeoReportResult,
  needsFromGeoReport,
} from "./needs-from-geo-report.js";
export {
  GEO_REPORT_LIMITS,
  type GeoReportDocumentKind,
  type ParsedGeoReport,
  type ParseGeoReportOptions,
  parseGeoReport,
  parseGeoReportRequests,
  parseGeoReportServiceDefinition,
  parseGeoReportServices,
  type RejectedRecord,
} from "./parse-geo-report.js";
export {
  type ServicesFromGeoReportOptions,
  type ServicesFromGeoReportResult,
  servicesFromGeoReport,
  type UnmappedField,
} from "./services-from-geo-report.js";
export { type GeoReportXmlKind, toGeoReportXml } from "./to-geo-report-xml.js";
export * from "./types.js";
