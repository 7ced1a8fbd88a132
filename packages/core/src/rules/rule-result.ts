/**
 * What evaluating a rule set produces, and what it is evaluated against. Both evaluators (the
 * json-rules-engine reference and the compiled one) return exactly this, in the same order.
 */

/**
 * The facts of one evaluation, keyed by catalogue fact name (`need`, `resident`, `grid`,
 * `service`, `time`). A missing fact is `undefined`. Values are JSON data: only own properties
 * are read, and a function is a value like any other (never called).
 */
export type Facts = Record<string, unknown>;

/** Options of an evaluation. */
export interface EvaluateOptions {
  /**
   * The moment of the evaluation in epoch milliseconds, for the `daysSince*` operators. Used
   * only when the facts carry no parseable `time.now`; without either, `Date.now()`.
   */
  now?: number;
}

/** One event of a rule that matched. */
export interface FiredEvent {
  /** The id of the rule. */
  rule: string;
  /** The event type, such as `classify` or `route`. */
  type: string;
  /** The event params, with the defaults of the event type applied; `{}` when the rule has none. Read-only. */
  params: Record<string, unknown>;
  /** The priority of the rule. */
  priority: number;
}

/**
 * The outcome of evaluating a rule set against one set of facts.
 *
 * CANONICAL ORDER: `events` are ordered by rule priority, highest first, and within one
 * priority by the rule's position in the rule set (`rules[i]`, first first). `fired` lists the
 * ids of the matching rules in the same order, so `fired[i] === events[i].rule`.
 *
 * json-rules-engine runs the rules of one priority concurrently and emits their events in
 * promise-completion order, which is not a contract; the reference evaluator sorts its
 * successes into this canonical order and the compiled evaluator produces it directly.
 */
export interface RuleSetOutcome {
  events: FiredEvent[];
  /** Ids of the rules that matched, in canonical order. */
  fired: string[];
}

let lastText: string | undefined;
let lastTime = Number.NaN;

/**
 * The `now` of an evaluation in epoch milliseconds: `facts.time.now` when it is a string that
 * `Date.parse` accepts, else `options.now`, else `Date.now()`.
 */
export function evaluationNow(facts: Facts, options?: EvaluateOptions): number {
  const time =
    facts !== null && typeof facts === "object" && Object.hasOwn(facts, "time") ? facts.time : undefined;
  if (time !== null && typeof time === "object" && Object.hasOwn(time, "now")) {
    const text = (time as { now: unknown }).now;
    if (typeof text === "string") {
      // Needs decided together usually share one timestamp: remember the last one parsed.
      if (text !== lastText) {
        lastText = text;
        lastTime = Date.parse(text);
      }
      if (!Number.isNaN(lastTime)) return lastTime;
    }
  }
  return options?.now ?? Date.now();
}
