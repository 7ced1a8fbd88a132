import type { Kpis } from "@lianxin/core";
import { describe, expect, it } from "vitest";
import {
  compareRuns,
  expectNoRegression,
  kpiRow,
  rate,
  SimulationAssertionError,
  type SimulationResult,
} from "../src/index.js";

const r = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

function result(onTime: [number, number], returns: [number, number]): SimulationResult {
  const kpis = {
    onTimeResolutionRate: r(...onTime),
    returnRate: r(...returns),
    responseRate: r(1, 1),
    timelyAcceptanceRate: r(0, 0),
    resolutionRate: r(1, 1),
    reopenRate: r(0, 1),
    satisfactionRate: r(1, 1),
    escalations: { total: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0 } },
    overdue: 0,
    needs: { received: 10, byStatus: {} },
  } as unknown as Kpis;
  const row = {
    unit: "610200000000",
    name: { zh: "铜川市", en: "Tongchuan" },
    level: "city" as const,
    from: "",
    to: "",
    kpis,
  };
  return {
    kpis: [
      { ...row, period: "total" },
      { ...row, period: "2026-12-07" },
    ],
  } as unknown as SimulationResult;
}

describe("assertion helpers", () => {
  it("find rows and rates, by default the first unit's total", () => {
    const a = result([9, 10], [1, 10]);
    expect(kpiRow(a).period).toBe("total");
    expect(rate(a, "onTimeResolutionRate")).toBe(0.9);
    expect(rate(a, "onTimeResolutionRate", { period: "2026-12-07" })).toBe(0.9);
    expect(() => kpiRow(a, { unit: "610202000000" })).toThrow(SimulationAssertionError);
  });

  it("throw simulation.regression naming the unit, the metric and both rates", () => {
    const before = result([9, 10], [1, 10]);
    const after = result([7, 10], [1, 10]);
    expect(() => expectNoRegression(before, after, { metric: "onTimeResolutionRate" })).toThrow(
      /onTimeResolutionRate of 610200000000 \(total\) went from 90\.0% to 70\.0%/,
    );
    try {
      expectNoRegression(before, after, { metric: "onTimeResolutionRate" });
    } catch (e) {
      expect((e as SimulationAssertionError).code).toBe("simulation.regression");
      expect((e as SimulationAssertionError).message).toContain("由 90.0% 变为 70.0%");
    }
    expect(() =>
      expectNoRegression(before, after, { metric: "onTimeResolutionRate", tolerance: 0.25 }),
    ).not.toThrow();
    expect(() => expectNoRegression(after, before, { metric: "onTimeResolutionRate" })).not.toThrow();
  });

  it("treat a rising return rate as a regression", () => {
    expect(() =>
      expectNoRegression(result([9, 10], [1, 10]), result([9, 10], [4, 10]), { metric: "returnRate" }),
    ).toThrow(SimulationAssertionError);
  });

  it("list the differences between two runs", () => {
    const d = compareRuns(result([9, 10], [1, 10]), result([7, 10], [1, 10]));
    expect(d).toHaveLength(2);
    expect(d[0]).toMatchObject({
      unit: "610200000000",
      period: "total",
      metric: "onTimeResolutionRate",
      a: 0.9,
      b: 0.7,
    });
    expect(d[0]!.delta).toBeCloseTo(-0.2);
  });
});
