import { type KpiRate, type Kpis, LianxinError } from "@lianxin/core";
import type { SimulationResult, UnitKpis } from "./types.js";

/** The KPIs that are rates (a numerator over a denominator). */
export type KpiRateMetric = {
  [K in keyof Kpis]: Kpis[K] extends KpiRate ? K : never;
}[keyof Kpis];

/** Every KPI that is a rate, in the order comparisons report them. */
export const KPI_RATE_METRICS: readonly KpiRateMetric[] = [
  "responseRate",
  "timelyAcceptanceRate",
  "onTimeResolutionRate",
  "resolutionRate",
  "returnRate",
  "reopenRate",
  "satisfactionRate",
];
/** Rates where higher is worse. */
const LOWER_IS_BETTER = new Set<KpiRateMetric>(["returnRate", "reopenRate"]);

/** Which row: a unit (default the first row's unit, the root) and a period (default `"total"`). */
export interface RowQuery {
  unit?: string;
  period?: string;
}

/** A failed simulation assertion: `simulation.regression` or `simulation.no_row`. */
export class SimulationAssertionError extends LianxinError {
  constructor(code: string, zh: string, en: string) {
    super(code, `${en} / ${zh}`, { issues: [{ code, pointer: "", message: { "zh-CN": zh, en } }] });
    this.name = "SimulationAssertionError";
  }
}

/**
 * The KPI row of a unit and period.
 *
 * @throws SimulationAssertionError `simulation.no_row` when the run has no such row.
 */
export function kpiRow(result: SimulationResult, query: RowQuery = {}): UnitKpis {
  const unit = query.unit ?? result.kpis[0]?.unit;
  const period = query.period ?? "total";
  const row = result.kpis.find((r) => r.unit === unit && r.period === period);
  if (!row)
    throw new SimulationAssertionError(
      "simulation.no_row",
      `没有单元 ${unit ?? "?"} 在 ${period} 的指标（请在 kpiUnits 中列出该单元）`,
      `no KPIs for unit ${unit ?? "?"} in period ${period} (list the unit in kpiUnits)`,
    );
  return row;
}

/** A rate of a row: `null` when its denominator is 0. */
export function rate(result: SimulationResult, metric: KpiRateMetric, query: RowQuery = {}): number | null {
  return kpiRow(result, query).kpis[metric].rate;
}

/**
 * Throws unless `candidate`'s rate is no worse than `baseline`'s, give or take `tolerance`
 * (default 0.02): lower for most rates, higher for the return and reopen rates.
 *
 * @throws SimulationAssertionError `simulation.regression`, naming the unit, the metric and both rates.
 */
export function expectNoRegression(
  baseline: SimulationResult,
  candidate: SimulationResult,
  options: { metric: KpiRateMetric; unit?: string; period?: string; tolerance?: number },
): void {
  const { metric } = options;
  const tolerance = options.tolerance ?? 0.02;
  const query = {
    ...(options.unit !== undefined ? { unit: options.unit } : {}),
    ...(options.period !== undefined ? { period: options.period } : {}),
  };
  const a = rate(baseline, metric, query);
  const b = rate(candidate, metric, query);
  const unit = kpiRow(baseline, query).unit;
  const period = options.period ?? "total";
  if (a === null || b === null) return;
  const worse = LOWER_IS_BETTER.has(metric) ? b > a + tolerance : b < a - tolerance;
  if (!worse) return;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  throw new SimulationAssertionError(
    "simulation.regression",
    `${unit} 的 ${metric}（${period}）由 ${pct(a)} 变为 ${pct(b)}，超出容差 ${pct(tolerance)}`,
    `${metric} of ${unit} (${period}) went from ${pct(a)} to ${pct(b)}, beyond the tolerance of ${pct(tolerance)}`,
  );
}

/** One difference between two runs. */
export interface RunDifference {
  unit: string;
  period: string;
  metric: KpiRateMetric | "escalations" | "overdue" | "received";
  a: number | null;
  b: number | null;
  /** `b - a` (null when either is null). */
  delta: number | null;
}

/** The per-unit, per-period differences between two runs' KPIs (rates, escalations, overdue, needs received). */
export function compareRuns(a: SimulationResult, b: SimulationResult): RunDifference[] {
  const other = new Map(b.kpis.map((r) => [`${r.unit}\u0000${r.period}`, r]));
  const out: RunDifference[] = [];
  for (const ra of a.kpis) {
    const rb = other.get(`${ra.unit}\u0000${ra.period}`);
    if (!rb) continue;
    const push = (metric: RunDifference["metric"], x: number | null, y: number | null) => {
      if (x === y) return;
      out.push({
        unit: ra.unit,
        period: ra.period,
        metric,
        a: x,
        b: y,
        delta: x === null || y === null ? null : y - x,
      });
    };
    for (const m of KPI_RATE_METRICS) push(m, ra.kpis[m].rate, rb.kpis[m].rate);
    push("escalations", ra.kpis.escalations.total, rb.kpis.escalations.total);
    push("overdue", ra.kpis.overdue, rb.kpis.overdue);
    push("received", ra.kpis.needs.received, rb.kpis.needs.received);
  }
  return out;
}
