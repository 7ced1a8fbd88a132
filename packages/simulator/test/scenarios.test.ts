import { describe, expect, it } from "vitest";
import { kpiRow, type SimulateOptions, type SimulationResult, simulate } from "../src/index.js";
import { tongchuan, tongchuanRules } from "./tongchuan.js";

/** The street hit in these tests: 王益区 / 七一路街道 is the first street of the root's first district. */
async function struckStreet(): Promise<string> {
  const d = await tongchuan();
  const district = d.hierarchy.children(d.hierarchy.roots[0]!.code)[0]!;
  return d.hierarchy.children(district.code)[0]!.code;
}

async function base(street: string): Promise<SimulateOptions> {
  return {
    district: await tongchuan(),
    ruleSets: tongchuanRules().map((r) => r.text),
    seed: 21,
    days: 9,
    residents: 20_000,
    demand: { needsPerDay: 80, burstChancePerDay: 0 },
    behaviour: { dailyCapacity: 2 },
    kpiUnits: [street],
    eventLog: false,
  };
}

const onTime = (r: SimulationResult, unit: string) => kpiRow(r, { unit }).kpis.onTimeResolutionRate;
const escalations = (r: SimulationResult, unit: string) => kpiRow(r, { unit }).kpis.escalations.total;

describe("scenarios", () => {
  it("a cold wave raises escalations and lowers the on-time rate where capacity is short", async () => {
    const street = await struckStreet();
    const options = await base(street);
    const baseline = await simulate(options);
    const wave = await simulate({
      ...options,
      scenarios: [{ kind: "cold-wave", startDay: 1, days: 5, multiplier: 6, unit: street }],
    });
    const heating = (r: SimulationResult) =>
      r.daily.slice(1, 6).reduce((s, d) => s + d.byCategory.heating!, 0);
    expect(heating(wave)).toBeGreaterThan(heating(baseline) * 2);
    expect(escalations(wave, street)).toBeGreaterThan(escalations(baseline, street));
    expect(onTime(wave, street).rate!).toBeLessThan(onTime(baseline, street).rate!);
  }, 60_000);

  it("a staff loss raises escalations and lowers the on-time rate in that street", async () => {
    const street = await struckStreet();
    const options = await base(street);
    const baseline = await simulate({ ...options, behaviour: { dailyCapacity: 4 } });
    const loss = await simulate({
      ...options,
      behaviour: { dailyCapacity: 4 },
      scenarios: [{ kind: "staff-loss", startDay: 0, street, fraction: 0.6 }],
    });
    expect(loss.daily[1]!.workersAbsent).toBeGreaterThan(baseline.daily[1]!.workersAbsent);
    expect(escalations(loss, street)).toBeGreaterThan(escalations(baseline, street));
    expect(onTime(loss, street).rate!).toBeLessThan(onTime(baseline, street).rate!);
    expect(loss.counts.actions.reassign ?? 0).toBeGreaterThan(0);
  }, 60_000);

  it("a holiday lowers ordinary demand but not emergencies' share", async () => {
    const street = await struckStreet();
    const options = { ...(await base(street)), days: 4 };
    const baseline = await simulate(options);
    const holiday = await simulate({ ...options, scenarios: [{ kind: "holiday", startDay: 1, days: 2 }] });
    const total = (r: SimulationResult, d: number) =>
      Object.values(r.daily[d]!.byCategory).reduce((s, n) => s + n, 0);
    expect(total(holiday, 1)).toBeLessThan(total(baseline, 1) * 0.7);
    expect(holiday.daily[1]!.workersAbsent).toBeGreaterThan(baseline.daily[1]!.workersAbsent * 3);
    // Day 0 is before the holiday: drawn from the same streams, it is the same.
    expect(holiday.daily[0]!.byCategory).toEqual(baseline.daily[0]!.byCategory);
  }, 60_000);

  it("a rule switch decides needs by the new rules from its day on", async () => {
    const rules = tongchuanRules();
    const deadlines = JSON.parse(rules.find((r) => r.file === "deadlines.json")!.text);
    // The new deadlines: medicine within 2 hours instead of 24.
    for (const rule of deadlines.rules)
      if (rule.event?.params?.policy === "medicine-24h") rule.event.params.policy = "emergency-2h";
    deadlines.version = `${deadlines.version}-switched`;
    const switched = rules.map((r) => (r.file === "deadlines.json" ? deadlines : r.text));
    const r = await simulate({
      district: await tongchuan(),
      ruleSets: rules.map((x) => x.text),
      seed: 4,
      days: 2,
      residents: 10_000,
      demand: { needsPerDay: 80, burstChancePerDay: 0 },
      kpiUnits: [],
      scenarios: [{ kind: "rule-switch", startDay: 1, ruleSets: switched }],
    });
    const switchAt = Date.parse(`${r.daily[1]!.date}T00:00:00+08:00`);
    const policies = (before: boolean) =>
      r.eventLog
        .filter((e) => e.type === "dispatched" && Date.parse(e.at) < switchAt === before)
        .map((e) => e.data?.policy)
        .filter((p) => p !== undefined);
    expect(policies(true)).toContain("medicine-24h");
    expect(policies(true)).not.toContain(undefined);
    expect(policies(false)).not.toContain("medicine-24h");
    expect(policies(false)).toContain("emergency-2h");
  }, 60_000);
});
