import { NeedStatusSchema } from "@lianxin/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KPI_RATE_METRICS, simulate } from "../src/index.js";
import { tongchuan, tongchuanRules } from "./tongchuan.js";

const STATUSES = new Set<string>(NeedStatusSchema.options);

describe("invariants", () => {
  it("hold for random seeds and small options", async () => {
    const district = await tongchuan();
    const ruleSets = tongchuanRules().map((r) => r.text);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 5, max: 40 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom("day" as const, "week" as const, "month" as const),
        async (seed, days, needsPerDay, returnChance, dailyCapacity, period) => {
          const r = await simulate({
            district,
            ruleSets,
            seed,
            days,
            residents: 5_000,
            period,
            demand: { needsPerDay },
            behaviour: { returnChance, dailyCapacity },
            kpiUnits: [district.hierarchy.roots[0]!.code, district.hierarchy.atLevel("street")[0]!.code],
          });
          // Every need ends in a known status, and the counts match the event log.
          const statuses = Object.entries(r.counts.byStatus);
          for (const [s, n] of statuses) {
            expect(STATUSES.has(s)).toBe(true);
            expect(n).toBeGreaterThan(0);
          }
          expect(statuses.reduce((s, [, n]) => s + n, 0)).toBe(r.counts.needs);
          expect(r.eventLog.length).toBe(r.counts.events);
          expect(r.eventLog.filter((e) => e.type === "received").length).toBe(r.counts.needs);
          const dispatched = new Set(
            r.eventLog
              .filter((e) => e.type === "dispatched" || e.type === "redispatched")
              .map((e) => e.workOrder),
          );
          expect(dispatched.size).toBe(r.counts.workOrders);
          const arrivals = r.daily.reduce(
            (s, d) => s + Object.values(d.byCategory).reduce((a, b) => a + b, 0),
            0,
          );
          expect(r.counts.needs).toBeLessThanOrEqual(arrivals);
          // KPI rates are null or within [0, 1], their parts consistent; the total counts every need.
          for (const row of r.kpis) {
            for (const m of KPI_RATE_METRICS) {
              const k = row.kpis[m];
              expect(k.numerator).toBeLessThanOrEqual(k.denominator);
              if (k.denominator === 0) expect(k.rate).toBeNull();
              else expect(k.rate).toBeGreaterThanOrEqual(0);
              if (k.rate !== null) expect(k.rate).toBeLessThanOrEqual(1);
            }
          }
          expect(r.kpis[0]!.period).toBe("total");
          expect(r.kpis[0]!.kpis.needs.received).toBe(r.counts.needs);
          // Events are ordered by time, then id.
          for (let i = 1; i < r.eventLog.length; i++) {
            const a = r.eventLog[i - 1]!;
            const b = r.eventLog[i]!;
            expect(Date.parse(a.at) < Date.parse(b.at) || (a.at === b.at && a.id < b.id)).toBe(true);
          }
        },
      ),
      { numRuns: 4, seed: 42 },
    );
  }, 120_000);
});
