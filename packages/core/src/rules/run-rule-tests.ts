import type { Lang } from "../errors/issue.js";
import { compileRuleSet } from "./compile-rule-set.js";
import {
  type ConditionTrace,
  type Explanation,
  explainRuleSet,
  formatExplanation,
} from "./explain-rule-set.js";
import type { FiredEvent } from "./rule-result.js";
import type { EventExpectation, RuleSet, RuleTest } from "./rule-set.js";

/** The result of one rule test. */
export interface RuleTestResult {
  name: string;
  passed: boolean;
  /** What went wrong, in zh-CN and en; empty when the test passed. */
  failures: { "zh-CN": string; en: string }[];
  events: FiredEvent[];
  /** Why the rules decided as they did: kept for failures. */
  explanation?: Explanation;
}

/** Which rules and conditions the tests exercised. */
export interface RuleCoverage {
  /** Ids of enabled rules no test matched. */
  rulesNeverMatched: string[];
  /** Pointers of conditions that were never true in any test (evaluated or not). */
  conditionsNeverTrue: string[];
  /** Pointers of conditions that were never false in any test. */
  conditionsNeverFalse: string[];
  /** Share of enabled rules matched at least once, 0–1. */
  ruleShare: number;
}

/** The outcome of running a rule set's tests. */
export interface RuleTestReport {
  ruleSet: { id: string; version: string };
  results: RuleTestResult[];
  passed: number;
  failed: number;
  coverage: RuleCoverage;
}

/**
 * Runs rule tests (the rule set's own `tests`, or others given) through the compiled evaluator,
 * checks each expectation, explains every failure, and reports coverage: rules never matched and
 * conditions never true or never false.
 */
export function runRuleTests(
  ruleSet: RuleSet,
  tests: readonly RuleTest[] = ruleSet.tests ?? [],
): RuleTestReport {
  const compiled = compileRuleSet(ruleSet);
  const matched = new Set<string>();
  const seenTrue = new Set<string>();
  const seenFalse = new Set<string>();
  const allConditions = new Set<string>();
  const results = tests.map((test) => {
    const { events } = compiled.evaluate(test.given);
    const explanation = explainRuleSet(ruleSet, test.given);
    for (const r of explanation.rules) {
      if (r.status === "matched") matched.add(r.id);
      if (r.conditions) visit(r.conditions, allConditions, seenTrue, seenFalse);
    }
    const failures = check(test, events);
    const result: RuleTestResult = { name: test.name, passed: failures.length === 0, failures, events };
    if (failures.length > 0) result.explanation = explanation;
    return result;
  });
  const enabled = ruleSet.rules.filter((r) => r.enabled !== false);
  const coverage: RuleCoverage = {
    rulesNeverMatched: enabled.filter((r) => !matched.has(r.id)).map((r) => r.id),
    conditionsNeverTrue: [...allConditions].filter((p) => !seenTrue.has(p)),
    conditionsNeverFalse: [...allConditions].filter((p) => !seenFalse.has(p)),
    ruleShare: enabled.length === 0 ? 1 : enabled.filter((r) => matched.has(r.id)).length / enabled.length,
  };
  const passed = results.filter((r) => r.passed).length;
  return {
    ruleSet: { id: ruleSet.id, version: ruleSet.version },
    results,
    passed,
    failed: results.length - passed,
    coverage,
  };
}

function visit(t: ConditionTrace, all: Set<string>, yes: Set<string>, no: Set<string>): void {
  all.add(t.pointer);
  if (t.status === "matched") yes.add(t.pointer);
  if (t.status === "failed") no.add(t.pointer);
  for (const c of t.children ?? []) visit(c, all, yes, no);
}

/** True when `actual` has every key of `expected` with an equal value (deeply, arrays exactly). */
export function matchesSubset(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== "object") return Object.is(actual, expected);
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => matchesSubset(actual[i], e))
    );
  if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
  return Object.entries(expected).every(
    ([k, v]) => Object.hasOwn(actual, k) && matchesSubset((actual as Record<string, unknown>)[k], v),
  );
}

const matches = (e: FiredEvent, x: EventExpectation) =>
  e.type === x.type && matchesSubset(e.params, x.params ?? {});
const show = (x: EventExpectation) => (x.params ? `${x.type} ${JSON.stringify(x.params)}` : x.type);

function check(test: RuleTest, events: FiredEvent[]): { "zh-CN": string; en: string }[] {
  const out: { "zh-CN": string; en: string }[] = [];
  const want = test.expect;
  if (want.events) {
    let from = 0;
    for (const x of want.events) {
      const at = events.findIndex((e, i) => i >= from && matches(e, x));
      if (at === -1) {
        const anywhere = events.some((e) => matches(e, x));
        out.push(
          anywhere
            ? { "zh-CN": `事件 ${show(x)} 出现的顺序不对`, en: `event ${show(x)} came in the wrong order` }
            : { "zh-CN": `缺少事件 ${show(x)}`, en: `missing event ${show(x)}` },
        );
      } else from = at + 1;
    }
    if (want.exactly) {
      const extra = events.filter((e) => !want.events!.some((x) => matches(e, x)));
      for (const e of extra)
        out.push({
          "zh-CN": `多出事件 ${e.type}（规则 ${e.rule}）`,
          en: `unexpected event ${e.type} (rule ${e.rule})`,
        });
    }
  }
  for (const x of want.absent ?? []) {
    const hit = events.find((e) => matches(e, x));
    if (hit)
      out.push({
        "zh-CN": `不应出现事件 ${show(x)}（规则 ${hit.rule}）`,
        en: `event ${show(x)} should not occur (rule ${hit.rule})`,
      });
  }
  for (const id of want.fired ?? [])
    if (!events.some((e) => e.rule === id))
      out.push({ "zh-CN": `规则 ${id} 应当命中`, en: `rule ${id} should match` });
  for (const id of want.notFired ?? [])
    if (events.some((e) => e.rule === id))
      out.push({ "zh-CN": `规则 ${id} 不应命中`, en: `rule ${id} should not match` });
  return out;
}

/** Formats a test report for a person; ends with the line `N passed, N failed`. */
export function formatRuleTestReport(report: RuleTestReport, lang: Lang = "en"): string {
  const zh = lang === "zh-CN";
  const lines: string[] = [];
  for (const r of report.results) {
    lines.push(`${r.passed ? "✓" : "✗"} ${report.ruleSet.id}: ${r.name}`);
    for (const f of r.failures) lines.push(`    ${f[lang]}`);
    if (r.explanation)
      lines.push(
        ...formatExplanation(r.explanation, lang)
          .split("\n")
          .map((l) => `      ${l}`),
      );
  }
  const c = report.coverage;
  lines.push(
    zh
      ? `覆盖率：规则 ${Math.round(c.ruleShare * 100)}%；从未命中的规则：${c.rulesNeverMatched.join("、") || "无"}；从未为真的条件 ${c.conditionsNeverTrue.length} 个，从未为假的条件 ${c.conditionsNeverFalse.length} 个`
      : `coverage: rules ${Math.round(c.ruleShare * 100)}%; never matched: ${c.rulesNeverMatched.join(", ") || "none"}; conditions never true: ${c.conditionsNeverTrue.length}, never false: ${c.conditionsNeverFalse.length}`,
  );
  return lines.join("\n");
}
