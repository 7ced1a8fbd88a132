/**
 * Rule evaluation: json-rules-engine (the reference evaluator, a fresh Engine per need, awaited
 * one need after another) against the compiled evaluator, on a seeded triage/eligibility-style
 * rule set of 200 rules over 20 categories. Prints one JSON line on stdout; notes go to stderr.
 * Exits 1 when the two disagree on any need.
 *
 *   pnpm bench:rules [--needs <n>] (default 20000) [--seed <n>] [--runs <n>] (compiled runs, default 20, at least 5)
 *
 * The json-rules-engine pass over 20,000 needs takes one to two minutes on a 2-core machine.
 */
import { isDeepStrictEqual, parseArgs } from "node:util";
import { compileRuleSet } from "../packages/core/src/rules/compile-rule-set.js";
import { referenceEvaluate } from "../packages/core/src/rules/reference-evaluator.js";
import type { Facts, RuleSetOutcome } from "../packages/core/src/rules/rule-result.js";
import type { Condition, Rule, RuleSet } from "../packages/core/src/rules/rule-set.js";
import { validateRuleSet } from "../packages/core/src/rules/validate-rule-set.js";
import { fail, median, note, positiveInteger, prng, round } from "./bench-kit.js";

const BENCH = "rules";
const RULES = 200;

const { values } = parseArgs({
  options: {
    needs: { type: "string", default: "20000" },
    seed: { type: "string", default: "20260915" },
    runs: { type: "string", default: "20" },
  },
});
const needCount = positiveInteger(BENCH, values.needs, "--needs");
const seed = positiveInteger(BENCH, values.seed, "--seed");
const runs = Math.max(5, positiveInteger(BENCH, values.runs, "--runs"));

const random = prng(seed);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const some = <T>(xs: readonly T[], max: number): T[] => {
  const out = new Set<T>();
  for (let i = int(1, max); i > 0; i--) out.add(pick(xs));
  return [...out];
};

const CATEGORIES = [
  "elderly-care",
  "disability-support",
  "child-welfare",
  "housing-repair",
  "water-leak",
  "power-outage",
  "sanitation",
  "noise",
  "neighbour-dispute",
  "family-dispute",
  "medical-help",
  "medicine-purchase",
  "pension",
  "social-insurance",
  "subsistence-allowance",
  "employment",
  "public-security",
  "road-damage",
  "greening",
  "property-management",
];
const TAGS = [
  "living-alone",
  "aged-80-plus",
  "disabled",
  "low-income",
  "subsistence-allowance",
  "veteran",
  "empty-nest",
];
const NEED_TAGS = ["repeat", "night", "weekend", "media", "escalated", "multi-household"];
const URGENCIES = ["emergency", "urgent", "normal", "complex"];
const SOURCES = ["home-visit", "hotline-12345", "app", "walk-in", "proactive", "import"];
const WORDS = ["漏水", "摔倒", "停电", "噪音", "买药", "urgent", "help", "water"];
const SERVICES = ["MED-BUY", "PENSION-CERT", "SOC-INS", "HOME-REPAIR", "MEAL-DELIVERY", "ESCORT"];
const NOW = Date.parse("2026-03-02T00:00:00Z");
const DAY = 86_400_000;

/** One condition a triage or eligibility rule might test, on the need or the resident. */
function leaf(): Condition {
  switch (int(0, 13)) {
    case 0:
      return { fact: "need", path: "urgency", operator: "in", value: some(URGENCIES, 2) };
    case 1:
      return { fact: "need", path: "tags", operator: "contains", value: pick(NEED_TAGS) };
    case 2:
      return { fact: "need", path: "source", operator: "equal", value: pick(SOURCES) };
    case 3:
      return { fact: "need", path: "attributes.floor", operator: "greaterThan", value: int(2, 8) };
    case 4:
      return { fact: "need", path: "description", operator: "textIncludesAny", value: some(WORDS, 3) };
    case 5:
      return { fact: "need", path: "receivedAt", operator: "daysSinceLessThan", value: int(1, 3) };
    case 6:
      return { fact: "resident", path: "age", operator: "greaterThanInclusive", value: pick([60, 70, 80]) };
    case 7:
      return { fact: "resident", path: "age", operator: "lessThan", value: pick([18, 60]) };
    case 8:
      return { fact: "resident", path: "tags", operator: "contains", value: pick(TAGS) };
    case 9:
      return { fact: "resident", path: "tags", operator: "hasAnyTag", value: some(TAGS, 3) };
    case 10:
      return { fact: "resident", path: "known", operator: "equal", value: true };
    case 11:
      return {
        fact: "resident",
        path: "lastServedAt",
        operator: "daysSinceAtLeast",
        value: pick([7, 30, 90]),
      };
    case 12:
      return { fact: "resident", path: "openNeeds", operator: "lessThanInclusive", value: int(0, 3) };
    default:
      return { fact: "resident", path: "age", operator: "between", value: [int(50, 65), int(66, 90)] };
  }
}

/** `count` conditions (leaves), grouped into a mix of plain conditions and any / not / all groups. */
function conjuncts(count: number): Condition[] {
  const out: Condition[] = [];
  while (count > 0) {
    const r = random();
    if (count >= 2 && r < 0.3) {
      const n = Math.min(count, int(2, 3));
      out.push({ any: Array.from({ length: n }, leaf) });
      count -= n;
    } else if (r < 0.45) {
      out.push({ not: leaf() });
      count -= 1;
    } else if (count >= 3 && r < 0.55) {
      out.push({ any: [{ all: [leaf(), leaf()] }, { not: leaf() }] });
      count -= 3;
    } else {
      out.push(leaf());
      count -= 1;
    }
  }
  return out;
}

const EVENTS: (() => Rule["event"])[] = [
  () => ({ type: "offer-service", params: { service: pick(SERVICES), score: int(40, 95) } }),
  () => ({
    type: "classify",
    params: { urgency: pick(URGENCIES), tags: [pick(["priority", "vulnerable", "follow-up"])] },
  }),
  () => ({ type: "route", params: { level: pick(["community", "street", "district"]) } }),
  () => ({
    type: "notify",
    params: { template: "need-received", recipients: ["grid-worker"], channels: ["sms"] },
  }),
  () => ({
    type: "eligibility",
    params: { service: pick(SERVICES), eligible: random() < 0.7, reason: { zh: "按政策" } },
  }),
];

function ruleSet(): RuleSet {
  const rules: Rule[] = Array.from({ length: RULES }, (_, i) => {
    const category = CATEGORIES[i % CATEGORIES.length]!;
    return {
      id: `rule-${String(i).padStart(3, "0")}`,
      name: { zh: `${category} 规则 ${i}` },
      priority: int(1, 5),
      enabled: true,
      conditions: {
        all: [
          { fact: "need", path: "category", operator: "equal", value: category },
          ...conjuncts(int(2, 5)),
        ],
      },
      event: pick(EVENTS)(),
    };
  });
  return { id: "bench-triage", version: "1.0.0", effectiveFrom: "2026-01-01", stage: "triage", rules };
}

function need(i: number): Facts {
  const at = (days: number) => new Date(NOW - days * DAY).toISOString();
  return {
    need: {
      id: `need-${i}`,
      category: random() < 0.95 ? pick(CATEGORIES) : "uncategorised",
      urgency: pick(URGENCIES),
      source: pick(SOURCES),
      tags: random() < 0.5 ? some(NEED_TAGS, 2) : [],
      description: `${pick(WORDS)} ${pick(WORDS)} 请尽快处理`,
      attributes: random() < 0.6 ? { floor: int(1, 18) } : {},
      receivedAt: at(random() * 5),
    },
    resident:
      random() < 0.9
        ? {
            id: `resident-${i}`,
            known: random() < 0.8,
            age: int(5, 98),
            gender: pick(["female", "male"]),
            tags: random() < 0.6 ? some(TAGS, 3) : [],
            ...(random() < 0.7 ? { lastServedAt: at(random() * 120) } : {}),
            openNeeds: int(0, 4),
          }
        : undefined,
    time: {
      now: new Date(NOW).toISOString(),
      hour: int(0, 23),
      weekday: int(1, 7),
      isWorkingDay: random() < 0.7,
    },
  };
}

const validated = validateRuleSet(ruleSet());
if (!validated.ok)
  fail(BENCH, `the generated rule set does not validate: ${JSON.stringify(validated.issues.slice(0, 3))}`);
const rs = validated.ruleSet;
const needs = Array.from({ length: needCount }, (_, i) => need(i));

const wallStart = performance.now();
const compileStart = performance.now();
const compiled = compileRuleSet(rs);
const compileMs = performance.now() - compileStart;

// One untimed pass keeps the outcomes (and warms up); the timed runs keep only a checksum. Half
// of the timed runs come before the json-rules-engine pass and half after, so that a burst of
// load from other processes does not decide the median.
const options = { now: NOW };
const compiledOutcomes = needs.map((facts) => compiled.evaluate(facts, options));
const compiledTimes: number[] = [];
let checksum = 0;
function timeCompiled(count: number): void {
  for (let r = 0; r < count; r++) {
    const t0 = performance.now();
    for (let i = 0; i < needs.length; i++) checksum += compiled.evaluate(needs[i]!, options).fired.length;
    compiledTimes.push(performance.now() - t0);
  }
}
timeCompiled(Math.ceil(runs / 2));

note(BENCH, `json-rules-engine over ${needs.length} needs, this takes a while`);
const jreStart = performance.now();
const jreOutcomes: RuleSetOutcome[] = [];
for (const facts of needs) jreOutcomes.push(await referenceEvaluate(rs, facts, options));
const jreMs = performance.now() - jreStart;
timeCompiled(runs - Math.ceil(runs / 2));

let agreeing = 0;
let events = 0;
for (let i = 0; i < needs.length; i++) {
  if (isDeepStrictEqual(compiledOutcomes[i], jreOutcomes[i])) agreeing++;
  events += jreOutcomes[i]!.events.length;
}
if (checksum !== events * runs)
  fail(BENCH, `the timed compiled runs fired ${checksum} rules, expected ${events * runs}`);

const jreNeedsPerSec = needs.length / (jreMs / 1000);
const compiledNeedsPerSec = needs.length / (median(compiledTimes) / 1000);
const identical = agreeing / needs.length;

process.stdout.write(
  `${JSON.stringify({
    bench: "rules",
    rules: rs.rules.length,
    needs: needs.length,
    seed,
    jreNeedsPerSec: round(jreNeedsPerSec, 1),
    compiledNeedsPerSec: round(compiledNeedsPerSec),
    ratio: round(compiledNeedsPerSec / jreNeedsPerSec, 1),
    identical,
    compiledRuns: runs,
    jreMs: round(jreMs),
    compiledMedianMs: round(median(compiledTimes), 2),
    compileMs: round(compileMs, 2),
    eventsPerNeed: round(events / needs.length, 2),
    indexedRules: compiled.stats.indexedRules,
    wallMs: round(performance.now() - wallStart),
  })}\n`,
);
if (agreeing !== needs.length) {
  note(BENCH, `the evaluators disagree on ${needs.length - agreeing} needs`);
  process.exit(1);
}
