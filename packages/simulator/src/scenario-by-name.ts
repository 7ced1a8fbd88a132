import type { Scenario, ScenarioName } from "./types.js";

/** The scenarios the CLI names, with their defaults (`baseline` is none at all). */
export const SCENARIO_NAMES: readonly ScenarioName[] = ["baseline", "cold-wave", "staff-loss", "holiday"];

/**
 * The scenarios of a CLI scenario name for a run of `days` days: `baseline` → none;
 * `cold-wave`, `staff-loss`, `holiday` → that scenario with its defaults, starting on day
 * `floor(days / 3)`.
 */
export function scenarioByName(name: ScenarioName, days: number): Scenario[] {
  const startDay = Math.floor(days / 3);
  switch (name) {
    case "baseline":
      return [];
    case "cold-wave":
      return [{ kind: "cold-wave", startDay }];
    case "staff-loss":
      return [{ kind: "staff-loss", startDay }];
    case "holiday":
      return [{ kind: "holiday", startDay }];
  }
}
