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
export type { SubmitResult } from "./engine/commit-decision.js";
export {
  createLianxin,
  type Lianxin,
  type LianxinOptions,
  type NeedFilter,
  type WorkOrderFilter,
} from "./engine/create-lianxin.js";
export type { StageTimings } from "./engine/engine-context.js";
export { formatNeedExplanation, type NeedExplanation } from "./engine/explain-need.js";
export type { ActionResult, FollowUpInput } from "./engine/lifecycle-actions.js";
export type { PlanVisitsResult } from "./engine/plan-visits.js";
export type { Candidate, MatchCriteria } from "./engine/resource-matcher.js";
export type { AssignmentQuality, BatchResult } from "./engine/submit-batch.js";
export type { TickOptions, TickResult } from "./engine/tick.js";
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
export {
  computeKpis,
  type KpiDurationStats,
  type KpiEscalations,
  type KpiInput,
  type KpiPeriod,
  type KpiRate,
  type Kpis,
  type KpiWorkerLoad,
} from "./lifecycle/kpis.js";
export { stableHash } from "./lifecycle/stable-hash.js";
export {
  ACTIVE_NEED,
  ESCALATION_LEVEL,
  OPEN_WORK_ORDER,
  TERMINAL_NEED,
  WORK_ORDER_ACTIONS,
  type WorkOrderAction,
} from "./lifecycle/transitions.js";
export {
  DEFAULT_VISIT_ANCHOR,
  type ScheduleVisitsArgs,
  scheduleVisits,
  type VisitCycle,
  type VisitCycleArgs,
  type VisitOccurrence,
  visitCycle,
  visitKey,
} from "./lifecycle/visit-schedule.js";
export {
  type Assignment,
  type AssignmentAgent,
  type AssignmentEdge,
  type AssignmentProblem,
  type AssignmentResult,
  type AssignmentTask,
  assignmentObjective,
  validateAssignmentProblem,
} from "./matching/assignment-problem.js";
export { solveGreedy } from "./matching/solve-greedy.js";
export { solveAssignment } from "./matching/solve-min-cost-flow.js";
export { type MemoryStoreOptions, memoryStore } from "./memory/memory-store.js";
export * from "./model/admin-unit.js";
export * from "./model/common.js";
export * from "./model/domain.js";
export * from "./model/event.js";
export * from "./model/geo-json.js";
export * from "./model/grid.js";
export * from "./model/need.js";
export { NEED_STATUS_LABELS } from "./model/need-status-labels.js";
export * from "./model/policies.js";
export * from "./model/resident.js";
export * from "./model/resource.js";
export * from "./model/service-item.js";
export * from "./model/work-order.js";
export { fromEnvelope, type NotificationEnvelope, toEnvelope } from "./notify/envelope.js";
export { type MemoryChannel, type MemoryChannelOptions, memoryChannel } from "./notify/memory-channel.js";
export {
  createNotifier,
  DEFAULT_RETRY_SCHEDULE,
  type DrainSummary,
  type Notifier,
  type NotifierOptions,
} from "./notify/notifier.js";
export {
  DEFAULT_TEMPLATES,
  FALLBACK_TEMPLATE,
  NOTIFICATION_DATA_FIELDS,
  type NotificationLang,
  type NotificationTemplate,
  type NotificationTemplates,
  notificationData,
  type RenderNotificationOptions,
  renderNotification,
  type ServiceLookup,
  type TemplateFields,
} from "./notify/templates.js";
export {
  type CadrePool,
  type CadrePoolOptions,
  cadresFromDistrict,
  DEFAULT_MENTOR_CAPACITIES,
  MENTOR_TIERS,
  type MentorGroup,
  type MentorPair,
  type MentorTier,
  type PairingInput,
  type PairingMentee,
  type PairingMentor,
  type PairingMode,
  type PairingPlace,
  type PairingPolicy,
  type PairingQuality,
  type PairingResult,
  type PairingScope,
  type PairingShortfall,
  pairMentors,
  type ShortfallReason,
  validatePairingInput,
} from "./pairing/pair-mentors.js";
export {
  type Channel,
  type ChannelCapabilities,
  ChannelError,
  type Notification,
  type SendResult,
} from "./ports/channel.js";
export { type Logger, silentLogger } from "./ports/logger.js";
export { type OutboxMessage, OutboxMessageSchema } from "./ports/outbox-message.js";
export { scopedStore } from "./ports/scoped-store.js";
export type {
  EventQuery,
  NeedQuery,
  Page,
  PageRequest,
  Store,
  StoreCapabilities,
  StoredNeed,
  StoredWorkOrder,
  StoreReader,
  StoreTransaction,
  WorkOrderQuery,
} from "./ports/store.js";
export { StoredNeedSchema, StoredWorkOrderSchema, TimerSchema } from "./ports/store-schemas.js";
export type { Timer } from "./ports/timer.js";
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
export { type Clock, type ClockAdvance, ManualClock, systemClock } from "./time/clock.js";
export {
  type AddDurationOptions,
  addDuration,
  type DeadlineDurations,
  type DueDates,
  type DueDatesOptions,
  dueDates,
  followUpDate,
  subtractDuration,
} from "./time/due-date.js";
export { addDays, isoWeekday, type LocalParts, WorkingCalendar } from "./time/work-calendar.js";
export { fromPointer, joinPointer, toPointer } from "./validation/json-pointer.js";
export { lineColumn, locatePointers, parseJsonSource } from "./validation/json-source.js";
export { fromZodIssues } from "./validation/zod-issues.js";
