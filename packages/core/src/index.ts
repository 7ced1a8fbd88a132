/**
 * Lianxin core: the model of the three lists, the grid hierarchy, district bundles and rule sets.
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
export { type CompiledRuleSet, type CompiledRuleSetStats, compileRuleSet } from "./rules/compile-rule-set.js";
export { type DecisionChange, diffRuleSets, type RuleSetDiff } from "./rules/diff-rule-sets.js";
export {
  EVENT_TYPES,
  type EventParams,
  type EventType,
  isEventType,
  RecipientSchema,
} from "./rules/event-types.js";
export {
  type ConditionTrace,
  type Explanation,
  explainRuleSet,
  formatExplanation,
  type RuleTrace,
  type TraceStatus,
} from "./rules/explain-rule-set.js";
export { FACT_CATALOGUE, type FactType, factPaths, typeAtPath } from "./rules/fact-catalogue.js";
export {
  isOperator,
  OPERATORS,
  type OperatorFn,
  type OperatorName,
  type OperatorSpec,
} from "./rules/operators.js";
export { referenceEvaluate } from "./rules/reference-evaluator.js";
export {
  type EvaluateOptions,
  evaluationNow,
  type Facts,
  type FiredEvent,
  type RuleSetOutcome,
} from "./rules/rule-result.js";
export {
  type Condition,
  type EventExpectation,
  type FactReference,
  type LeafCondition,
  RULE_STAGES,
  type Rule,
  type RuleEvent,
  type RuleSet,
  RuleSetEnvelopeSchema,
  type RuleTest,
} from "./rules/rule-set.js";
export { ruleSetJsonSchema } from "./rules/rule-set-json-schema.js";
export { DEFAULT_RULE_SET_LIMITS, type RuleSetLimits } from "./rules/rule-set-limits.js";
export {
  formatRuleTestReport,
  matchesSubset,
  type RuleCoverage,
  type RuleTestReport,
  type RuleTestResult,
  runRuleTests,
} from "./rules/run-rule-tests.js";
export { pathSegments, resolvePath, unsafePathReason } from "./rules/safe-path.js";
export {
  type RuleSetReferences,
  type ValidateRuleSetOptions,
  type ValidateRuleSetResult,
  validateRuleSet,
} from "./rules/validate-rule-set.js";
export { fromPointer, joinPointer, toPointer } from "./validation/json-pointer.js";
export { lineColumn, locatePointers, parseJsonSource } from "./validation/json-source.js";
export { fromZodIssues } from "./validation/zod-issues.js";
