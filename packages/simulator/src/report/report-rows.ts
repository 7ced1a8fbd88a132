import { type AdminLevel, levelDepth } from "@lianxin/core";
import type { SimulationResult, UnitKpis } from "../types.js";

/** The `"total"` rows of a result. */
export function totalRows(result: SimulationResult): UnitKpis[] {
  return result.kpis.filter((row) => row.period === "total");
}

/** The `"total"` row of the highest unit (the city or district the run covers), if any. */
export function rootTotal(result: SimulationResult): UnitKpis | undefined {
  let best: UnitKpis | undefined;
  for (const row of totalRows(result))
    if (best === undefined || levelDepth(row.level) < levelDepth(best.level)) best = row;
  return best;
}

/** The `"total"` rows of one level, in the result's order. */
export function totalsAtLevel(result: SimulationResult, level: AdminLevel): UnitKpis[] {
  return totalRows(result).filter((row) => row.level === level);
}

/** The period rows of one unit, oldest first. */
export function periodRows(result: SimulationResult, unit: string): UnitKpis[] {
  return result.kpis
    .filter((row) => row.unit === unit && row.period !== "total")
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}
