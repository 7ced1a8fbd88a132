import { type CompiledRuleSet, compileRuleSet } from "../rules/compile-rule-set.js";
import type { Facts, FiredEvent } from "../rules/rule-result.js";
import { RULE_STAGES, type RuleSet } from "../rules/rule-set.js";

/** A stage of decision-making, in the order the engine runs them. */
export type Stage = (typeof RULE_STAGES)[number];

/** The event types each stage acts on (a rule set without a stage contributes only these). */
export const STAGE_EVENTS: Record<Stage, readonly string[]> = {
  triage: ["classify", "offer-service", "dedupe"],
  eligibility: ["eligibility"],
  routing: ["route", "redirect", "reject"],
  matching: ["match-resources"],
  deadlines: ["deadline"],
  notifications: ["notify"],
};

interface Entry {
  ruleSet: RuleSet;
  compiled: CompiledRuleSet;
}

/** What one stage decided: the events of every rule set of the stage, and which rule sets ran. */
export interface StageOutcome {
  events: FiredEvent[];
  /** The rule sets that ran (for eligibility, once per service item, named in `service`). */
  ruleSets: { id: string; version: string; fired: string[]; service?: string }[];
}

/**
 * The rule sets of an engine, compiled once and grouped by stage. A rule set without a stage
 * takes part in every stage, contributing only the events that stage acts on
 * ({@link STAGE_EVENTS}); a rule set with a stage contributes all its events there. Of several
 * versions of one rule set id, the latest whose `effectiveFrom` has come (and whose
 * `effectiveTo` has not passed) is used, so a new version switches on at its date.
 */
export class RulePipeline {
  readonly #byStage = new Map<Stage, Entry[][]>();

  constructor(ruleSets: readonly RuleSet[]) {
    const byId = new Map<string, Entry[]>();
    for (const rs of ruleSets) {
      const list = byId.get(rs.id) ?? [];
      list.push({ ruleSet: rs, compiled: compileRuleSet(rs) });
      byId.set(rs.id, list);
    }
    for (const versions of byId.values()) {
      versions.sort((a, b) => (a.ruleSet.effectiveFrom < b.ruleSet.effectiveFrom ? 1 : -1));
      for (const stage of RULE_STAGES) {
        if (versions.some((v) => (v.ruleSet.stage ?? stage) === stage)) {
          const list = this.#byStage.get(stage) ?? [];
          list.push(versions.filter((v) => (v.ruleSet.stage ?? stage) === stage));
          this.#byStage.set(stage, list);
        }
      }
    }
  }

  /** Runs the rule sets of a stage in effect on `date` (YYYY-MM-DD) against the facts. */
  run(stage: Stage, facts: Facts, date: string): StageOutcome {
    const events: FiredEvent[] = [];
    const ruleSets: StageOutcome["ruleSets"] = [];
    for (const versions of this.#byStage.get(stage) ?? []) {
      const entry = versions.find(
        (v) =>
          v.ruleSet.effectiveFrom <= date &&
          (v.ruleSet.effectiveTo === undefined || date <= v.ruleSet.effectiveTo),
      );
      if (!entry) continue;
      const outcome = entry.compiled.evaluate(facts);
      const staged = entry.ruleSet.stage !== undefined;
      for (const e of outcome.events) if (staged || STAGE_EVENTS[stage].includes(e.type)) events.push(e);
      ruleSets.push({ id: entry.ruleSet.id, version: entry.ruleSet.version, fired: outcome.fired });
    }
    return { events, ruleSets };
  }

  /** The rule set with this id and version, for explanations. */
  find(id: string, version: string): RuleSet | undefined {
    for (const list of this.#byStage.values())
      for (const versions of list)
        for (const v of versions) if (v.ruleSet.id === id && v.ruleSet.version === version) return v.ruleSet;
    return undefined;
  }
}
