/**
 * A city's own test suite, run before a rule change goes live: simulate a month of Tongchuan with
 * the rules in force and with the proposed change (same seed, so the same residents ask for the
 * same things at the same moments), and fail when the change lowers the on-time resolution rate.
 *
 * The proposed change, as a policy officer would make it: pension certification (养老认证,
 * DB-RS-002) moves from the three-working-day proxy rule to the one-working-day daily-life rule,
 * because the grid worker visits the resident at home anyway and only has to take a photo for the
 * social-insurance app. A tighter promise is only worth making if the grid workers can keep it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type District, loadDistrict, runRuleTests, validateRuleSet } from "@lianxin/core";
import { expectNoRegression, type SimulationResult, simulate } from "@lianxin/simulator";
import { beforeAll, describe, expect, it } from "vitest";

const bundle = fileURLToPath(new URL("../tongchuan/", import.meta.url));
const rulesDir = join(bundle, "rules");

/** The parts of a rule-set document the changes below touch. */
interface RuleSetDocument {
  id: string;
  version: string;
  effectiveFrom: string;
  rules: {
    id: string;
    conditions: { all?: { value?: unknown }[] };
    event: { params: { policy?: string } };
  }[];
  tests?: { name: string; given: unknown; expect: { events?: { params: { policy?: string } }[] } }[];
  [key: string]: unknown;
}

/** The rule sets in force, by file name (`deadlines.json` → `deadlines`), as parsed JSON. */
const inForce: Record<string, RuleSetDocument> = Object.fromEntries(
  readdirSync(rulesDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f.replace(/\.json$/, ""), JSON.parse(readFileSync(join(rulesDir, f), "utf8"))]),
);

const PENSION_CERTIFICATION = "DB-RS-002";

/** A copy of the deadlines rule set, as the next version. */
function nextDeadlines(): RuleSetDocument {
  const next = structuredClone(inForce.deadlines!);
  next.version = "1.1.0";
  next.effectiveFrom = "2027-01-01";
  return next;
}

/** The service codes a deadlines rule lists in its first condition. */
function codesOf(ruleSet: RuleSetDocument, ruleId: string): string[] {
  const codes = ruleSet.rules.find((r) => r.id === ruleId)?.conditions.all?.[0]?.value;
  if (!Array.isArray(codes)) throw new Error(`deadlines.json: rule ${ruleId} no longer lists service codes`);
  return codes as string[];
}

/** The proposal: pension certification moves from `proxy-3wd` to `daily-life-1wd`. */
function proposedDeadlines(): RuleSetDocument {
  const next = nextDeadlines();
  const threeDays = codesOf(next, "proxy-3wd");
  threeDays.splice(threeDays.indexOf(PENSION_CERTIFICATION), 1);
  codesOf(next, "daily-life-1wd").push(PENSION_CERTIFICATION);
  // The rule set's own example for this item now promises the new deadline.
  const example = next.tests?.find((t) => JSON.stringify(t.given).includes(PENSION_CERTIFICATION));
  if (!example?.expect.events?.[0])
    throw new Error("deadlines.json: the pension certification example is gone");
  example.name = "养老认证（一般）：1 个工作日";
  example.expect.events[0].params.policy = "proxy-1wd";
  return next;
}

/** A proposal the suite must reject: medicine bought and delivered within 2 hours instead of 24. */
function overAmbitiousDeadlines(): RuleSetDocument {
  const next = nextDeadlines();
  next.rules.find((r) => r.id === "medicine-24h")!.event.params.policy = "emergency-2h";
  return next;
}

const withDeadlines = (deadlines: RuleSetDocument) => Object.values({ ...inForce, deadlines });

/**
 * One simulated month, the same for every run. 30 needs a day (the default is 200) keeps each
 * run to a few seconds; the event log is not needed, the KPIs are.
 */
const MONTH = {
  seed: 2027,
  start: "2027-01-04",
  days: 30,
  demand: { needsPerDay: 30 },
  eventLog: false,
} as const;

let district: District;
let inForceRun: SimulationResult;
let proposedRun: SimulationResult;

beforeAll(async () => {
  district = await loadDistrict(bundle, { geometry: false });
  inForceRun = await simulate({ district, ruleSets: Object.values(inForce), ...MONTH });
  proposedRun = await simulate({ district, ruleSets: withDeadlines(proposedDeadlines()), ...MONTH });
}, 120_000);

describe("pension certification in one working day instead of three", () => {
  it("is a valid rule set whose own examples pass", () => {
    const checked = validateRuleSet(proposedDeadlines(), { district, file: "deadlines.json" });
    expect(checked.issues).toEqual([]);
    if (!checked.ok) return;
    const report = runRuleTests(checked.ruleSet);
    expect(report.failed).toBe(0);
  });

  it("changes the simulated month (same needs, other deadlines)", () => {
    expect(proposedRun.counts.needs).toBe(inForceRun.counts.needs);
    expect(proposedRun.digest).not.toBe(inForceRun.digest);
  });

  it("does not lower the city's on-time resolution rate by more than one point", () => {
    expectNoRegression(inForceRun, proposedRun, { metric: "onTimeResolutionRate", tolerance: 0.01 });
  });

  it("does not lower it in any district or county by more than two points", () => {
    for (const unit of district.hierarchy.atLevel("district"))
      expectNoRegression(inForceRun, proposedRun, { metric: "onTimeResolutionRate", unit: unit.code });
  });

  it("nor the residents' satisfaction", () => {
    expectNoRegression(inForceRun, proposedRun, { metric: "satisfactionRate", tolerance: 0.01 });
  });
});

describe("the suite has teeth", () => {
  it("rejects a proposal the grid workers could not keep: medicine within two hours", async () => {
    const tooTight = await simulate({
      district,
      ruleSets: withDeadlines(overAmbitiousDeadlines()),
      ...MONTH,
    });
    expect(() => expectNoRegression(inForceRun, tooTight, { metric: "onTimeResolutionRate" })).toThrow(
      expect.objectContaining({ code: "simulation.regression" }),
    );
  }, 60_000);
});
