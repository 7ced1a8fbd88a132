import { readFileSync } from "node:fs";
import {
  formatExplanation,
  formatIssue,
  type Lang,
  type RuleSet,
  type RuleSetReferences,
  runRuleTests,
  validateRuleSet,
} from "@lianxin/core";
import { describe, expect, it } from "vitest";

/** Options of {@link ruleSetTests}. */
export interface RuleSetTestsOptions {
  /** Check codes against a district (`await loadDistrict(dir)` at the top of the test file). */
  district?: RuleSetReferences;
  /** Also fail when a rule is never matched by any test. @default false */
  requireEveryRuleMatched?: boolean;
  /** Language of failure messages. @default "en" */
  lang?: Lang;
}

/**
 * Registers a rule set's own tests (given → expect) as vitest tests: one `it` per rule test,
 * named after it, plus one that checks the rule set is valid. A failing test's message holds
 * what went wrong and the explanation of every rule. `source` is a file path or a rule set.
 *
 * ```ts
 * import { ruleSetTests } from "@lianxin/testkit/rules";
 * ruleSetTests("rules/triage.json", { district: await loadDistrict("my-district") });
 * ```
 */
export function ruleSetTests(source: string | RuleSet, options: RuleSetTestsOptions = {}): void {
  const lang = options.lang ?? "en";
  const input = typeof source === "string" ? readFileSync(source, "utf8") : source;
  const file = typeof source === "string" ? source : undefined;
  const result = validateRuleSet(input, {
    ...(file ? { file } : {}),
    ...(options.district ? { district: options.district } : {}),
  });
  const title = result.ok
    ? `rule set ${result.ruleSet.id} ${result.ruleSet.version}`
    : `rule set ${file ?? "(inline)"}`;
  describe(title, () => {
    it("is valid", () => {
      if (!result.ok) expect.fail(result.issues.map((i) => formatIssue(i, lang)).join("\n"));
    });
    if (!result.ok) return;
    const ruleSet = result.ruleSet;
    for (const test of ruleSet.tests ?? []) {
      it(test.name, () => {
        const [r] = runRuleTests(ruleSet, [test]).results;
        if (r && !r.passed) {
          const why = r.explanation ? `\n${formatExplanation(r.explanation, lang)}` : "";
          expect.fail(`${r.failures.map((f) => f[lang]).join("\n")}${why}`);
        }
      });
    }
    if (options.requireEveryRuleMatched) {
      it("matches every rule in some test", () => {
        expect(runRuleTests(ruleSet).coverage.rulesNeverMatched).toEqual([]);
      });
    }
  });
}
