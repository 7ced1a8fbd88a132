import { LianxinError } from "@lianxin/core";
import { describe, expect, it } from "vitest";
import { type SimulateOptions, scenarioByName, simulate } from "../src/index.js";
import { tongchuan, tongchuanRules } from "./tongchuan.js";

async function fails(options: Partial<SimulateOptions>): Promise<LianxinError> {
  const base = { district: await tongchuan(), ruleSets: tongchuanRules().map((r) => r.text), days: 1 };
  try {
    await simulate({ ...base, ...options } as SimulateOptions);
  } catch (e) {
    expect(e).toBeInstanceOf(LianxinError);
    return e as LianxinError;
  }
  throw new Error("simulate did not throw");
}

describe("options", () => {
  it.each([
    [{ days: 0 }, "/days"],
    [{ days: 367 }, "/days"],
    [{ days: 1.5 }, "/days"],
    [{ start: "2026-02-30" }, "/start"],
    [{ seed: -1 }, "/seed"],
    [{ kpiUnits: ["999999999999"] }, "/kpiUnits/0"],
    [{ scenarios: [{ kind: "cold-wave", unit: "nowhere" }] }, "/scenarios/0/unit"],
    [{ scenarios: [{ kind: "staff-loss", street: "610200000000" }] }, "/scenarios/0/street"],
    [{ scenarios: [{ kind: "holiday", startDay: 5 }] }, "/scenarios/0/startDay"],
    [{ behaviour: { returnChance: 2 } }, "/behaviour/returnChance"],
    [{ demand: { needsPerDay: -3 } }, "/demand/needsPerDay"],
  ] as [Partial<SimulateOptions>, string][])("rejects %j at %s", async (bad, pointer) => {
    const e = await fails(bad);
    expect(e.code).toBe("simulation.invalid_options");
    expect(e.issues.map((i) => i.pointer)).toContain(pointer);
  });

  it("lists every problem at once", async () => {
    const e = await fails({ days: 0, seed: 1.5, period: "year" as "day" });
    expect(e.issues.map((i) => i.pointer).sort()).toEqual(["/days", "/period", "/seed"]);
  });

  it("refuses rule sets that do not validate", async () => {
    const e = await fails({ scenarios: [{ kind: "rule-switch", startDay: 0, ruleSets: [{ id: "x" }] }] });
    expect(e.code).toBe("rules.invalid");
  });

  it("maps CLI scenario names to scenarios", () => {
    expect(scenarioByName("baseline", 30)).toEqual([]);
    expect(scenarioByName("cold-wave", 30)).toEqual([{ kind: "cold-wave", startDay: 10 }]);
    expect(scenarioByName("staff-loss", 9)[0]).toMatchObject({ kind: "staff-loss", startDay: 3 });
    expect(scenarioByName("holiday", 1)[0]).toMatchObject({ kind: "holiday", startDay: 0 });
  });
});
