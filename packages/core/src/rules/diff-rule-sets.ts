import { compileRuleSet } from "./compile-rule-set.js";
import type { EvaluateOptions, Facts, FiredEvent } from "./rule-result.js";
import type { RuleSet } from "./rule-set.js";

/** One need decided differently by two versions of a rule set. */
export interface DecisionChange {
  /** Position of the facts in the input (the line of a JSONL file, from 0). */
  index: number;
  /** `need.id` when the facts carry one. */
  needId?: string;
  before: FiredEvent[];
  after: FiredEvent[];
  /** Events only the new version gives, and only the old one gave (compared by type and params). */
  added: FiredEvent[];
  removed: FiredEvent[];
}

/** What a new version of a rule set would change over a set of past needs. */
export interface RuleSetDiff {
  from: { id: string; version: string };
  to: { id: string; version: string };
  needs: number;
  changed: DecisionChange[];
}

const key = (e: FiredEvent) => `${e.type}\u0000${JSON.stringify(e.params)}`;

/**
 * Runs two (validated) versions of a rule set over the same facts and lists every need decided
 * differently, and how: a dry run of a change before it goes live.
 */
export function diffRuleSets(
  before: RuleSet,
  after: RuleSet,
  inputs: Iterable<Facts>,
  options?: EvaluateOptions,
): RuleSetDiff {
  const a = compileRuleSet(before);
  const b = compileRuleSet(after);
  const changed: DecisionChange[] = [];
  let index = 0;
  for (const facts of inputs) {
    const x = a.evaluate(facts, options).events;
    const y = b.evaluate(facts, options).events;
    const xs = x.map(key);
    const ys = y.map(key);
    if (xs.length !== ys.length || xs.some((k, i) => k !== ys[i])) {
      const need = facts.need as { id?: unknown } | undefined;
      changed.push({
        index,
        ...(typeof need?.id === "string" ? { needId: need.id } : {}),
        before: x,
        after: y,
        added: y.filter((e) => !xs.includes(key(e))),
        removed: x.filter((e) => !ys.includes(key(e))),
      });
    }
    index++;
  }
  return {
    from: { id: before.id, version: before.version },
    to: { id: after.id, version: after.version },
    needs: index,
    changed,
  };
}
