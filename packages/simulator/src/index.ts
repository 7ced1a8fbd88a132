/**
 * Seeded, deterministic district simulator for Lianxin: residents, needs with rhythms and bursts,
 * the people in the loop, scenarios, KPIs per level and period, and assertion helpers for test
 * suites.
 * @module @lianxin/simulator
 */

export { ActionQueue, type Scheduled } from "./action-queue.js";
export {
  compareRuns,
  expectNoRegression,
  KPI_RATE_METRICS,
  type KpiRateMetric,
  kpiRow,
  type RunDifference,
  rate,
  SimulationAssertionError,
} from "./assertions.js";
export { canonicalJson } from "./canonical-json.js";
export { type CategorySpec, DEMAND_CATEGORIES } from "./demand-categories.js";
export { defaultKpiUnits } from "./kpi-rows.js";
export { Population } from "./population.js";
export { hash32, hashFloat, Random } from "./random.js";
export { formatKpiTable } from "./report/format-kpi-table.js";
export { renderReport } from "./report/render-report.js";
export { SCENARIO_NAMES, scenarioByName } from "./scenario-by-name.js";
export { DEFAULT_BEHAVIOUR, DEFAULT_DEMAND, DEFAULT_START, simulate } from "./simulate.js";
export type * from "./types.js";
export { validateOptions } from "./validate-options.js";
