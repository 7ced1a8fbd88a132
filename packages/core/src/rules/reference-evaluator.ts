import { Engine, type RuleProperties, type TopLevelCondition } from "json-rules-engine";
import { OPERATORS } from "./operators.js";
import {
  type EvaluateOptions,
  evaluationNow,
  type Facts,
  type FiredEvent,
  type RuleSetOutcome,
} from "./rule-result.js";
import type { Condition, RuleSet } from "./rule-set.js";
import { pathSegments, resolvePath } from "./safe-path.js";

/**
 * Evaluates a rule set with json-rules-engine itself: the reference the compiled evaluator
 * (`compileRuleSet`) is tested against, and the baseline of `pnpm bench:rules`.
 *
 * - A fresh `Engine` per call: one engine shared by concurrent runs silently loses rules
 *   (json-rules-engine issue #303).
 * - `allowUndefinedFacts: true`, so a missing fact is `undefined`.
 * - `pathResolver` is Lianxin's safe dotted {@link resolvePath}, never JSONPath.
 * - Shared conditions are registered with `engine.setCondition`; disabled rules are not added;
 *   every rule is added with `name` = its id.
 * - Every non-built-in operator of {@link OPERATORS} is registered with `engine.addOperator`.
 *
 * Deliberate differences from a bare json-rules-engine:
 * - `in` and `notIn` are re-registered with the safe versions from {@link OPERATORS}. The
 *   built-ins call `value.indexOf(fact)`, which throws when a fact reference on the right
 *   resolves to `undefined` or `null`, and searches substrings when it resolves to a string;
 *   the safe versions are false whenever the value is not an array.
 * - A root (of a rule or of a shared condition) that is a single leaf is handed to the engine
 *   as `{ all: [leaf] }`, which json-rules-engine evaluates as the leaf itself; the engine
 *   would otherwise refuse such a root.
 *
 * Events come back in the canonical order of {@link RuleSetOutcome}.
 */
export async function referenceEvaluate(
  ruleSet: RuleSet,
  facts: Facts,
  options?: EvaluateOptions,
): Promise<RuleSetOutcome> {
  const now = evaluationNow(facts, options);
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver });
  for (const [name, spec] of Object.entries(OPERATORS)) {
    if (spec.builtin && name !== "in" && name !== "notIn") continue;
    const fn = spec.fn;
    engine.addOperator(name, (fact: unknown, value: unknown) => fn(fact, value, now));
  }
  for (const [name, condition] of Object.entries(ruleSet.conditions ?? {}))
    engine.setCondition(name, asRoot(condition));
  const order = new Map<string, number>();
  ruleSet.rules.forEach((rule, position) => {
    if (rule.enabled === false) return;
    order.set(rule.id, position);
    const properties: RuleProperties = {
      name: rule.id,
      priority: rule.priority,
      conditions: asRoot(rule.conditions),
      event: rule.event,
    };
    engine.addRule(properties);
  });
  const { results } = await engine.run(facts);
  const events: FiredEvent[] = results.map((r) => ({
    rule: r.name,
    type: r.event?.type ?? "unknown",
    params: (r.event?.params as Record<string, unknown> | undefined) ?? {},
    priority: r.priority ?? 1,
  }));
  events.sort((a, b) => b.priority - a.priority || order.get(a.rule)! - order.get(b.rule)!);
  return { events, fired: events.map((e) => e.rule) };
}

const segmentCache = new Map<string, string[]>();

function pathResolver(value: object, path: string): unknown {
  let segments = segmentCache.get(path);
  if (segments === undefined) {
    if (segmentCache.size >= 10_000) segmentCache.clear();
    segments = pathSegments(path);
    segmentCache.set(path, segments);
  }
  return resolvePath(value, segments);
}

const ROOT_KINDS = ["all", "any", "not", "condition"] as const;

/** json-rules-engine requires a root of all/any/not/condition; a leaf root becomes `{ all: [leaf] }`. */
function asRoot(condition: Condition): TopLevelCondition {
  if (ROOT_KINDS.some((k) => Object.hasOwn(condition, k))) return condition as TopLevelCondition;
  return { all: [condition as Extract<Condition, { fact: string }>] };
}
