import { compileRuleSet, explainRuleSet, formatExplanation, validateRuleSet } from "@lianxin/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { factsArb, NOW, ruleSetArb } from "./random-rule-set.js";
import { sampleRuleSet } from "./sample-rule-set.js";

describe("explainRuleSet", () => {
  it("gives the same events as the compiled evaluator on random rule sets and facts", () => {
    fc.assert(
      fc.property(ruleSetArb, fc.array(factsArb, { minLength: 1, maxLength: 4 }), (ruleSet, factsList) => {
        const compiled = compileRuleSet(ruleSet);
        for (const facts of factsList) {
          const explained = explainRuleSet(ruleSet, facts, { now: NOW });
          expect(explained.events).toEqual(compiled.evaluate(facts, { now: NOW }).events);
          const matched = explained.rules.filter((r) => r.status === "matched").map((r) => r.id);
          expect(matched).toEqual(explained.events.map((e) => e.rule));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("shows actual and expected values, short-circuits as json-rules-engine does, and skips disabled rules", () => {
    const doc = sampleRuleSet();
    doc.rules[1].enabled = false;
    doc.rules[0].conditions.all[0].priority = 5; // evaluated first; when false the rest is not evaluated
    const r = validateRuleSet(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const e = explainRuleSet(r.ruleSet, {
      need: { description: "楼道灯坏了" },
      resident: { age: 70, tags: [] },
    });
    const [medicine, urgent] = e.rules;
    expect(medicine!.status).toBe("failed");
    const [words, group] = medicine!.conditions!.children!;
    expect(words).toMatchObject({
      status: "failed",
      fact: "need",
      path: "description",
      actual: "楼道灯坏了",
      expected: ["药", "medicine"],
    });
    expect(group!.status).toBe("not-evaluated");
    expect(urgent).toMatchObject({ status: "not-evaluated", reason: { en: "the rule is disabled" } });
    const zh = formatExplanation(e, "zh-CN");
    expect(zh).toContain("✗ 需求.description 文字中含有其中任一词语");
    expect(zh).toContain('（实际值 "楼道灯坏了"）');
    expect(zh).toContain("规则已停用");
    expect(formatExplanation(e, "en")).toContain("(not evaluated)");
  });

  it("compares a fact with a fact", () => {
    const r = validateRuleSet({
      id: "x",
      version: "1.0.0",
      effectiveFrom: "2026-01-01",
      rules: [
        {
          id: "same-grid",
          name: { en: "need in the resident's own grid" },
          conditions: {
            all: [
              { fact: "grid", path: "code", operator: "equal", value: { fact: "resident", path: "grid" } },
            ],
          },
          event: { type: "classify", params: { tags: ["home-grid"] } },
        },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const e = explainRuleSet(r.ruleSet, { grid: { code: "g1" }, resident: { grid: "g1" } });
    expect(e.rules[0]!.conditions!.children![0]).toMatchObject({
      actual: "g1",
      expected: "g1",
      status: "matched",
    });
  });
});
