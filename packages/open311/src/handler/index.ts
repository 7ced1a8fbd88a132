export {
  createGeoReportHandler,
  type GeoReportDiscoveryOptions,
  type GeoReportHandler,
  type GeoReportHandlerOptions,
} from "./create-geo-report-handler.js";
export { type FastifyLikeInstance, geoReportFastify } from "./geo-report-fastify.js";
export { GeoReportHttpError } from "./geo-report-http-error.js";
export { GEO_REPORT_PAGING } from "./list-service-requests.js";
export { type GeoReportRequester, parseServiceRequest } from "./parse-service-request.js";
