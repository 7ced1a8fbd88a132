import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../../src/rules/compile-rule-set.js";
import { referenceEvaluate } from "../../src/rules/reference-evaluator.js";
import type { Facts, RuleSetOutcome } from "../../src/rules/rule-result.js";
import type { Condition, RuleSet } from "../../src/rules/rule-set.js";
import { validateRuleSet } from "../../src/rules/validate-rule-set.js";
import { factsArb, NOW, ruleSetArb } from "./random-rule-set.js";

const RULE_SETS = 6_000;
const FACTS_PER_SET = 5;
const DAY = 86_400_000;

/** Both evaluators on the same input; they must agree. Returns the (shared) outcome. */
async function both(ruleSet: RuleSet, facts: Facts, now = NOW): Promise<RuleSetOutcome> {
  const reference = await referenceEvaluate(ruleSet, facts, { now });
  const compiled = compileRuleSet(ruleSet).evaluate(facts, { now });
  expect(compiled).toStrictEqual(reference);
  return compiled;
}

const EVENT = { type: "classify", params: { category: "elderly-care" } };

/** A rule set of one rule per condition (`r0`, `r1`, …), optionally with shared conditions. */
function ruleSetOf(conditions: Condition[], shared?: Record<string, Condition>): RuleSet {
  return {
    id: "hand-written",
    version: "1.0.0",
    effectiveFrom: "2026-01-01",
    ...(shared ? { conditions: shared } : {}),
    rules: conditions.map((c, i) => ({
      id: `r${i}`,
      name: { en: `rule ${i}` },
      priority: 1,
      enabled: true,
      conditions: "fact" in c ? { all: [c] } : c,
      event: structuredClone(EVENT),
    })),
  };
}

/** Validates a hand-written rule set (so the cases are ones policy staff could write). */
function valid(ruleSet: RuleSet): RuleSet {
  const result = validateRuleSet(ruleSet);
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.ruleSet;
}

const leaf = (fact: string, path: string, operator: string, value: unknown): Condition => ({
  fact,
  path,
  operator,
  value,
});

describe("compiled evaluator vs json-rules-engine", () => {
  it(`agrees on ${RULE_SETS * FACTS_PER_SET} random (rule set, facts) pairs`, async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        ruleSetArb,
        fc.array(factsArb, { minLength: FACTS_PER_SET, maxLength: FACTS_PER_SET }),
        fc.constantFrom(NOW, NOW + 3 * DAY + 1),
        async (generated, factsList, now) => {
          const validated = validateRuleSet(generated);
          expect(validated.issues).toEqual([]);
          if (!validated.ok) return;
          const compiled = compileRuleSet(validated.ruleSet);
          for (const facts of factsList) {
            const reference = await referenceEvaluate(validated.ruleSet, facts, { now });
            expect(compiled.evaluate(facts, { now })).toStrictEqual(reference);
            cases++;
          }
        },
      ),
      { numRuns: RULE_SETS },
    );
    expect(cases).toBe(RULE_SETS * FACTS_PER_SET);
    expect(cases).toBeGreaterThanOrEqual(10_000);
  });

  it("reads a path on a non-object fact as the fact itself", async () => {
    const set = valid(
      ruleSetOf([
        leaf("need", "category", "equal", "housing"),
        leaf("need", "$.category", "in", ["housing"]),
      ]),
    );
    expect((await both(set, { need: "housing" })).fired).toEqual(["r0", "r1"]);
    expect((await both(set, { need: ["housing"] })).fired).toEqual([]);
    expect((await both(set, { need: { category: "housing" } })).fired).toEqual(["r0", "r1"]);
    expect((await both(set, { need: { category: null } })).fired).toEqual([]);
  });

  it("compares number-like strings with json-rules-engine's guard (parseFloat) and JavaScript's <", async () => {
    const set = valid(
      ruleSetOf([leaf("resident", "age", "lessThan", 60), leaf("resident", "age", "greaterThan", 3)]),
    );
    const fired = async (age: unknown) => (await both(set, { resident: { age } })).fired;
    expect(await fired("12")).toEqual(["r0", "r1"]);
    expect(await fired(" 12 ")).toEqual(["r0", "r1"]);
    expect(await fired("12abc")).toEqual([]); // number-like to parseFloat, NaN to <
    expect(await fired("abc")).toEqual([]);
    expect(await fired("")).toEqual([]);
    expect(await fired(null)).toEqual([]);
    expect(await fired(true)).toEqual([]);
    expect(await fired([5])).toEqual(["r0", "r1"]); // parseFloat([5]) is 5, and [5] < 60
    expect(await fired("Infinity")).toEqual(["r1"]);
  });

  it("is false for contains and doesNotContain on a fact that is not an array", async () => {
    const set = valid(
      ruleSetOf([
        leaf("resident", "tags", "contains", "living-alone"),
        leaf("resident", "tags", "doesNotContain", "living-alone"),
      ]),
    );
    expect((await both(set, { resident: { tags: "living-alone" } })).fired).toEqual([]);
    expect((await both(set, { resident: {} })).fired).toEqual([]);
    expect((await both(set, { resident: { tags: ["living-alone"] } })).fired).toEqual(["r0"]);
    expect((await both(set, { resident: { tags: [] } })).fired).toEqual(["r1"]);
  });

  it("treats a missing fact as undefined in in / notIn", async () => {
    const set = valid(
      ruleSetOf([
        leaf("resident", "gender", "notIn", ["female"]),
        leaf("resident", "gender", "in", ["female"]),
        leaf("need", "category", "notIn", { fact: "resident", path: "tags" }),
      ]),
    );
    // The right-hand fact is missing: json-rules-engine's own notIn would throw here (below).
    expect((await both(set, {})).fired).toEqual(["r0"]);
    expect((await both(set, { resident: null })).fired).toEqual(["r0"]);
    expect((await both(set, { resident: { gender: "female", tags: [] } })).fired).toEqual(["r1", "r2"]);
  });

  it("uses safe in / notIn: json-rules-engine's own throw or search substrings when a fact reference is not an array", async () => {
    const inRef = leaf("need", "category", "in", { fact: "need", path: "description" });
    const notInRef = leaf("need", "category", "notIn", { fact: "resident", path: "tags" });
    const set = valid(ruleSetOf([inRef, notInRef]));
    expect((await both(set, { need: { category: "housing", description: "housing repair" } })).fired).toEqual(
      [],
    );

    const pathResolver = (o: object, p: string) => (o as Record<string, unknown>)[p];
    const raw = new Engine([], { allowUndefinedFacts: true, pathResolver });
    raw.addRule({ name: "in", conditions: { all: [inRef as never] }, event: EVENT });
    const substring = await raw.run({ need: { category: "housing", description: "housing repair" } });
    expect(substring.results.map((r) => r.name)).toEqual(["in"]);
    const throwing = new Engine([], { allowUndefinedFacts: true, pathResolver });
    throwing.addRule({ name: "notIn", conditions: { all: [notInRef as never] }, event: EVENT });
    await expect(throwing.run({ need: { category: "housing" } })).rejects.toThrow(TypeError);
  });

  it("evaluates an empty all or any as true and a group of one as its condition (unvalidated sets)", async () => {
    const never = leaf("need", "category", "equal", "no-such-category");
    const set = ruleSetOf([
      { all: [] },
      { any: [] },
      { not: { any: [] } },
      { any: [never] },
      { all: [{ not: never }] },
    ]);
    expect(validateRuleSet(set).ok).toBe(false); // the validator refuses empty groups
    expect((await both(set, {})).fired).toEqual(["r0", "r1", "r4"]);
  });

  it("refuses a leaf as the root, which json-rules-engine refuses too; wrapped in all it evaluates", async () => {
    const bare = ruleSetOf([{ condition: "old" }], {
      old: leaf("resident", "age", "greaterThanInclusive", 80),
    });
    const refused = validateRuleSet(bare);
    expect(refused.ok ? [] : refused.issues.map((i) => [i.code, i.pointer])).toEqual([
      ["rules.leaf_root", "/conditions/old"],
    ]);
    const set = valid(
      ruleSetOf(
        [leaf("need", "category", "equal", "housing"), { condition: "old" }, { all: [{ condition: "old" }] }],
        {
          old: { all: [leaf("resident", "age", "greaterThanInclusive", 80)] },
        },
      ),
    );
    expect((await both(set, { need: { category: "housing" }, resident: { age: 85 } })).fired).toEqual([
      "r0",
      "r1",
      "r2",
    ]);
    expect((await both(set, { resident: { age: 79 } })).fired).toEqual([]);
  });

  it("compares a fact with a missing fact", async () => {
    const set = valid(
      ruleSetOf([
        leaf("resident", "age", "equal", { fact: "need", path: "attributes.age" }),
        leaf("resident", "age", "lessThan", { fact: "need", path: "attributes.age" }),
        leaf("resident", "age", "greaterThanInclusive", { fact: "need", path: "attributes.age" }),
      ]),
    );
    expect((await both(set, {})).fired).toEqual(["r0"]); // undefined === undefined
    expect((await both(set, { resident: { age: 60 } })).fired).toEqual([]);
    expect((await both(set, { resident: { age: 60 }, need: { attributes: { age: "61" } } })).fired).toEqual([
      "r1",
    ]);
    expect((await both(set, { resident: { age: "12" }, need: { attributes: { age: "12" } } })).fired).toEqual(
      ["r0", "r2"],
    );
  });

  it("orders events by priority, then by position, indexed or not; skips disabled rules", async () => {
    const housing = leaf("need", "category", "equal", "housing");
    const anyone = leaf("resident", "age", "greaterThan", 0);
    const set = ruleSetOf([
      { all: [housing, anyone] },
      { all: [anyone] },
      { all: [housing] },
      { all: [anyone] },
      { all: [housing] },
      { all: [anyone] },
      { all: [housing] },
    ]);
    const priorities = [1, 3, 3, 1, 2, 5, 5];
    set.rules.forEach((r, i) => {
      r.priority = priorities[i]!;
      r.event = { type: "route", params: { level: "community", as: "lead" } };
    });
    set.rules[5]!.enabled = false;
    const outcome = await both(valid(set), { need: { category: "housing" }, resident: { age: 30 } });
    expect(outcome.fired).toEqual(["r6", "r1", "r2", "r4", "r0", "r3"]);
    expect(outcome.events.map((e) => e.priority)).toEqual([5, 3, 3, 2, 1, 1]);
    expect(outcome.events[0]).toEqual({
      rule: "r6",
      type: "route",
      params: { level: "community", as: "lead" },
      priority: 5,
    });
    expect(compileRuleSet(valid(set)).stats).toMatchObject({
      rules: 7,
      enabled: 6,
      indexedRules: 4,
      alwaysRules: 2,
    });
  });

  it("indexes equal null and in [] exactly as they evaluate", async () => {
    const set = valid(
      ruleSetOf([leaf("need", "category", "equal", null), { all: [leaf("need", "category", "in", [])] }]),
    );
    expect((await both(set, { need: { category: null } })).fired).toEqual(["r0"]);
    expect((await both(set, { need: {} })).fired).toEqual([]);
    expect((await both(set, {})).fired).toEqual([]);
  });

  it("takes now from time.now when it parses, else from the option", async () => {
    const set = valid(ruleSetOf([leaf("resident", "lastServedAt", "daysSinceAtLeast", 7)]));
    const resident = { lastServedAt: "2026-03-01T00:00:00Z" };
    expect((await both(set, { resident }, NOW)).fired).toEqual([]);
    expect((await both(set, { resident, time: { now: "2026-03-09T00:00:00Z" } }, NOW)).fired).toEqual(["r0"]);
    expect((await both(set, { resident, time: { now: "not a date" } }, NOW + 8 * DAY)).fired).toEqual(["r0"]);
  });

  it("refuses what json-rules-engine would refuse", () => {
    expect(() => compileRuleSet(ruleSetOf([leaf("need", "category", "equals", "x")]))).toThrow(
      /unknown operator/,
    );
    expect(() => compileRuleSet(ruleSetOf([{ condition: "missing" }]))).toThrow(/no condition missing/);
    expect(() => compileRuleSet(ruleSetOf([{ condition: "a" }], { a: { condition: "a" } }))).toThrow(
      /itself/,
    );
  });

  it("can be reused and re-entered", () => {
    const compiled = compileRuleSet(valid(ruleSetOf([leaf("need", "category", "equal", "housing")])));
    const facts = { need: { category: "housing" } };
    expect(compiled.evaluate(facts).fired).toEqual(["r0"]);
    expect(compiled.evaluate({}).fired).toEqual([]);
    expect(compiled.evaluate(facts).fired).toEqual(["r0"]);
    let inner: RuleSetOutcome | undefined;
    const reentrant = {
      get need() {
        inner ??= compiled.evaluate({ need: { category: "medical" } });
        return { category: "housing" };
      },
    };
    expect(compiled.evaluate(reentrant).fired).toEqual(["r0"]);
    expect(inner?.fired).toEqual([]);
  });
});
