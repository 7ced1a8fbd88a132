import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  compileRuleSet,
  type District,
  type Facts,
  type FiredEvent,
  formatIssue,
  formatRuleTestReport,
  loadDistrict,
  type RuleSet,
  runRuleTests,
  validateRuleSet,
} from "@lianxin/core";
import { beforeAll, describe, expect, it } from "vitest";

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const FILES = ["triage", "eligibility", "routing", "deadlines", "notifications"] as const;

let district: District;
beforeAll(async () => {
  district = await loadDistrict(here(".."));
});

/** Validates a rule file against Tongchuan and fails the test with every issue, in both languages. */
function load(name: string): RuleSet {
  const file = `${name}.json`;
  const result = validateRuleSet(readFileSync(here(file), "utf8"), { district, file });
  expect(result.issues.map((i) => `${formatIssue(i, "zh-CN")}\n  ${i.message.en}`)).toEqual([]);
  if (!result.ok) throw new Error(`${file} is invalid`);
  return result.ruleSet;
}

it("tests every rule file in the folder", () => {
  const present = readdirSync(here("."))
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
  expect(present).toEqual([...FILES].sort());
});

describe.each(FILES)("%s.json", (name) => {
  it("validates against the Tongchuan district with no issues", () => {
    const ruleSet = load(name);
    expect(ruleSet.stage).toBe(name);
    expect(ruleSet.tests?.length ?? 0).toBeGreaterThan(0);
    expect(JSON.stringify(ruleSet)).not.toContain("$schema");
  });

  it("passes all its own tests", () => {
    const report = runRuleTests(load(name));
    if (report.failed > 0) console.error(formatRuleTestReport(report, "zh-CN"));
    expect(report.failed, formatRuleTestReport(report)).toBe(0);
    expect(report.passed).toBe(report.results.length);
  });

  it("matches every rule in some test, and leaves it unmatched in another", () => {
    const ruleSet = load(name);
    const report = runRuleTests(ruleSet);
    expect(report.coverage.rulesNeverMatched).toEqual([]);
    expect(report.coverage.ruleShare).toBe(1);
    const alwaysMatched = ruleSet.rules
      .filter((r) => report.results.every((t) => t.events.some((e) => e.rule === r.id)))
      .map((r) => r.id);
    expect(alwaysMatched).toEqual([]);
  });

  it("gives every rule a name in Chinese and English", () => {
    for (const r of load(name).rules) {
      expect(r.name.zh, r.id).toBeTruthy();
      expect(r.name.en, r.id).toBeTruthy();
    }
  });
});

describe("the article's case through the five stages", () => {
  // 邻德社区的顾月花老人：独居、80 岁以上、行动不便、患胃病，请网格员买胃药。
  const first = (events: readonly FiredEvent[], type: string) => events.find((e) => e.type === type)?.params;

  it("is triaged, found eligible, routed to her grid, given 24 hours and notified in person", () => {
    const sets = Object.fromEntries(FILES.map((n) => [n, compileRuleSet(load(n))]));
    const resident = district.residents.get("res-lingde-0001")!;
    const residentFacts = {
      id: resident.id,
      known: true,
      age: 84,
      tags: resident.tags,
      grid: resident.grid,
      contactConsent: resident.consent?.contact ?? false,
      doNotContact: resident.doNotContact ?? false,
      preferredChannel: resident.preferredChannel,
      lastServedAt: "2026-03-03T10:00:00+08:00",
    };
    const gridUnit = district.hierarchy.unit(resident.grid!)!;
    const path = district.hierarchy.path(gridUnit.code).map((u) => u.code);
    const community = district.hierarchy.ancestorAt(gridUnit.code, "community")!;
    const grid = {
      code: gridUnit.code,
      level: "grid",
      exact: true,
      path,
      community: community.code,
      street: district.hierarchy.ancestorAt(gridUnit.code, "street")!.code,
      district: district.hierarchy.ancestorAt(gridUnit.code, "district")!.code,
      demonstration: community.demonstration === true,
    };
    const time = { now: "2026-03-10T10:00:00+08:00", hour: 10, weekday: 2, isWorkingDay: true };
    const need = {
      id: "need-0001",
      source: "home-visit",
      description: "胃药吃完了，腿脚不方便去不了药店，想请网格员帮忙买药送上门",
      hasLocation: true,
    };

    const triage = sets.triage!.evaluate({ need, resident: residentFacts, time }).events;
    const classified = triage.filter((e) => e.type === "classify").map((e) => e.params);
    const category = classified.find((p) => p.category !== undefined)?.category;
    const urgency = classified.find((p) => p.urgency !== undefined)?.urgency;
    const offer = triage
      .filter((e) => e.type === "offer-service")
      .sort((a, b) => (b.params.score as number) - (a.params.score as number))[0]!;
    expect([category, urgency, offer.params.service]).toEqual(["medicine", "urgent", "DB-WJ-001"]);

    const item = district.services.get(offer.params.service as string)!;
    const service = {
      code: item.code,
      domain: item.domain,
      category: item.category,
      proxy: item.proxy,
      handler: item.handler,
    };
    const facts: Facts = {
      need: { ...need, category, urgency, services: [item.code] },
      resident: residentFacts,
      grid,
      service,
      time,
    };

    expect(first(sets.eligibility!.evaluate(facts).events, "eligibility")).toMatchObject({ eligible: true });
    const routing = sets.routing!.evaluate(facts).events;
    expect(first(routing, "route")).toMatchObject({ as: "lead", level: "grid", role: "grid-worker" });
    expect(routing.filter((e) => e.type === "reject" || e.type === "redirect")).toEqual([]);
    expect(first(routing, "match-resources")).toMatchObject({ area: "grid", weights: { continuity: 80 } });
    expect(first(sets.deadlines!.evaluate(facts).events, "deadline")).toEqual({ policy: "medicine-24h" });
    const templates = sets.notifications!.evaluate(facts).events.map((e) => e.params.template);
    expect(templates).toEqual(["elderly-alone-urgent", "dispatch-grid-worker", "tell-resident-in-person"]);
  });
});
