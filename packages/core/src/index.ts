/**
 * Lianxin core: the model of the three lists, the grid hierarchy and the district bundle.
 * @module @lianxin/core
 */

export * from "./district/bundle-files.js";
export { checkReferences } from "./district/check-references.js";
export { District, type DistrictSummary } from "./district/district.js";
export { districtJsonSchemas } from "./district/district-json-schemas.js";
export {
  type CheckDistrictResult,
  checkDistrict,
  districtFromFiles,
  type LoadDistrictOptions,
  loadDistrict,
} from "./district/load-district.js";
export { formatIssue, type Issue, issue, type Lang, type Message } from "./errors/issue.js";
export { LianxinError, type LianxinErrorOptions } from "./errors/lianxin-error.js";
export {
  type BBox,
  bboxContains,
  bboxContainsPoint,
  bboxIntersection,
  bboxIntersects,
  boundaryBBox,
} from "./geo/bbox.js";
export { boundariesOverlap, boundaryWithin } from "./geo/boundary-relations.js";
export { distanceMeters, EARTH_RADIUS_METERS } from "./geo/distance-meters.js";
export { GEO_EPSILON, geoTolerance, type PointPlacement, pointInBoundary } from "./geo/point-in-boundary.js";
export { type SpatialEntry, SpatialIndex } from "./geo/spatial-index.js";
export { type UnitLocation, UnitLocator } from "./geo/unit-locator.js";
export {
  type BuildHierarchyOptions,
  type BuildHierarchyResult,
  buildHierarchy,
} from "./hierarchy/build-hierarchy.js";
export { Hierarchy } from "./hierarchy/hierarchy.js";
export * from "./model/admin-unit.js";
export * from "./model/common.js";
export * from "./model/domain.js";
export * from "./model/event.js";
export * from "./model/geo-json.js";
export * from "./model/grid.js";
export * from "./model/need.js";
export * from "./model/policies.js";
export * from "./model/resident.js";
export * from "./model/resource.js";
export * from "./model/service-item.js";
export * from "./model/work-order.js";
export { fromPointer, joinPointer, toPointer } from "./validation/json-pointer.js";
export { lineColumn, locatePointers, parseJsonSource } from "./validation/json-source.js";
export { fromZodIssues } from "./validation/zod-issues.js";
