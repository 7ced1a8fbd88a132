import { isOperator, OPERATORS, type OperatorFn } from "./operators.js";
import {
  type EvaluateOptions,
  evaluationNow,
  type Facts,
  type FiredEvent,
  type RuleSetOutcome,
} from "./rule-result.js";
import type { Condition, RuleSet } from "./rule-set.js";
import { pathSegments, resolvePath } from "./safe-path.js";

/** Counts that describe a compiled rule set (for benchmarks and diagnostics). */
export interface CompiledRuleSetStats {
  /** Rules in the rule set, enabled or not. */
  rules: number;
  /** Enabled rules, the ones evaluated. */
  enabled: number;
  /** Enabled rules reached through the index. */
  indexedRules: number;
  /** Enabled rules with no discriminating condition: evaluated for every set of facts. */
  alwaysRules: number;
  /** The fact paths the index looks up, such as `need.category`. */
  indexKeys: string[];
  /** Distinct fact paths the conditions read (each is read at most once per evaluation). */
  factPaths: number;
}

/** A rule set compiled into plain closures, evaluated synchronously. */
export interface CompiledRuleSet {
  /**
   * Evaluates the enabled rules against `facts`: the same outcome as json-rules-engine (see
   * `referenceEvaluate`), in the canonical order of {@link RuleSetOutcome}. The event objects are
   * shared between evaluations and frozen.
   */
  evaluate(facts: Facts, options?: EvaluateOptions): RuleSetOutcome;
  readonly stats: CompiledRuleSetStats;
}

/**
 * Compiles a (validated) rule set into closures, with no `eval` or `new Function`:
 *
 * - every leaf precomputes its operator function and the path segments of its fact, and of the
 *   fact reference on its right when there is one; shared conditions are inlined;
 * - `all` / `any` / `not` follow json-rules-engine: an empty `all` or `any` is true, a group of
 *   one is that condition. Operators are pure and, on JSON facts, never throw, so the order of
 *   evaluation (json-rules-engine's condition priorities; here, cheapest condition first) and
 *   short-circuits change the work, never the result;
 * - each fact path is resolved at most once per evaluation, however many rules test it;
 * - an index sends the facts only to the rules that can match: per rule, a condition of its
 *   top-level `all` (or its root) of the form `{fact, path, operator: "equal", value: <literal>}`
 *   or `operator: "in"` with a literal array, on the fact path most rules share. Rules without
 *   one are evaluated every time.
 *
 * Throws on what json-rules-engine would refuse at load or run time: an unknown operator, a
 * missing or cyclic shared condition, a malformed condition.
 */
export function compileRuleSet(ruleSet: RuleSet): CompiledRuleSet {
  return new Compiler(ruleSet).build();
}

type Matcher = (c: Context) => boolean;
type Leaf = Extract<Condition, { fact: string }>;

const NO_FACTS: Facts = Object.freeze({});

/** Marks a slot not yet resolved in this evaluation. */
const UNSET: unique symbol = Symbol("unset");

interface Context {
  facts: Facts;
  now: number;
  /** Resolved fact paths, by slot; UNSET when not yet resolved. */
  vals: unknown[];
  /** Candidate lists of one evaluation (scratch). */
  lists: Int32Array[];
  heads: Int32Array;
}

/** A (fact, path) pair read by conditions. */
interface Slot {
  fact: string;
  segments: readonly string[] | null;
  label: string;
}

const PREFERRED_KEYS = [
  "need.category",
  "need.serviceCode",
  "service.code",
  "grid.level",
  "service.category",
  "service.domain",
  "need.source",
  "need.urgency",
];

/** Operators that cost more than a comparison (parsing dates, lowercasing text, scanning arrays). */
const OPERATOR_COST: Readonly<Record<string, number>> = {
  contains: 2,
  doesNotContain: 2,
  withinUnit: 2,
  hasAnyTag: 3,
  hasAllTags: 3,
  textIncludesAny: 5,
  daysSinceAtLeast: 8,
  daysSinceLessThan: 8,
};

type Kind = "all" | "any" | "not" | "condition" | "fact";

/** The kind of a condition, in json-rules-engine's order of precedence. */
function kindOf(c: unknown, where: string): Kind {
  if (c === null || typeof c !== "object" || Array.isArray(c))
    throw new Error(`${where}: a condition must be an object`);
  if (Object.hasOwn(c, "any")) return "any";
  if (Object.hasOwn(c, "all")) return "all";
  if (Object.hasOwn(c, "not")) return "not";
  if (Object.hasOwn(c, "condition")) return "condition";
  for (const key of ["fact", "operator", "value"])
    if (!Object.hasOwn(c, key)) throw new Error(`${where}: a condition needs "${key}"`);
  return "fact";
}

function isFactReference(v: unknown): v is { fact: string; path?: string } {
  return v !== null && typeof v === "object" && Object.hasOwn(v, "fact");
}

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== "object" && typeof v !== "function");
}

function group(kind: "all" | "any", children: Matcher[]): Matcher {
  if (children.length === 0) return () => true;
  if (children.length === 1) return children[0]!;
  if (kind === "all") {
    if (children.length === 2) {
      const [a, b] = children as [Matcher, Matcher];
      return (c) => a(c) && b(c);
    }
    if (children.length === 3) {
      const [a, b, d] = children as [Matcher, Matcher, Matcher];
      return (c) => a(c) && b(c) && d(c);
    }
    return (c) => {
      for (let i = 0; i < children.length; i++) if (!children[i]!(c)) return false;
      return true;
    };
  }
  if (children.length === 2) {
    const [a, b] = children as [Matcher, Matcher];
    return (c) => a(c) || b(c);
  }
  return (c) => {
    for (let i = 0; i < children.length; i++) if (children[i]!(c)) return true;
    return false;
  };
}

interface Discriminator {
  slot: number;
  /** The literal values the fact path must equal (`===`) for the rule to match. */
  values: unknown[];
  /** The index of the condition in the root `all`, or -1 when it is the root itself. */
  position: number;
  op: "equal" | "in";
}

class Compiler {
  private readonly slots: Slot[] = [];
  private readonly slotByKey = new Map<string, number>();
  private readonly shared = new Map<string, Matcher>();
  private readonly resolving = new Set<string>();
  private usesNow = false;

  constructor(private readonly ruleSet: RuleSet) {}

  private slot(fact: unknown, path: unknown, where: string): number {
    if (typeof fact !== "string") throw new Error(`${where}: fact must be a string`);
    if (path !== undefined && typeof path !== "string") throw new Error(`${where}: path must be a string`);
    // json-rules-engine resolves a path only when it is truthy.
    const segments = path ? pathSegments(path) : null;
    const label = segments ? `${fact}.${segments.join(".")}` : fact;
    const key = JSON.stringify([fact, segments]);
    let i = this.slotByKey.get(key);
    if (i === undefined) {
      i = this.slots.length;
      this.slots.push({ fact, segments, label });
      this.slotByKey.set(key, i);
    }
    return i;
  }

  /** Follows references to shared conditions. */
  private deref(c: Condition, where: string): Condition {
    const seen = new Set<string>();
    let cur: Condition = c;
    while (kindOf(cur, where) === "condition") {
      const name = (cur as { condition: unknown }).condition;
      if (typeof name !== "string" || seen.has(name))
        throw new Error(`${where}: shared condition ${String(name)} refers to itself`);
      seen.add(name);
      cur = this.sharedCondition(name, where);
    }
    return cur;
  }

  private sharedCondition(name: string, where: string): Condition {
    const table = this.ruleSet.conditions ?? {};
    if (!Object.hasOwn(table, name)) throw new Error(`${where}: no condition ${name} exists`);
    return table[name]!;
  }

  private compile(c: Condition, where: string): Matcher {
    const kind = kindOf(c, where);
    switch (kind) {
      case "all":
      case "any": {
        const list = (c as Record<string, unknown>)[kind];
        if (!Array.isArray(list)) throw new Error(`${where}: "${kind}" must be an array`);
        return this.group(kind, list as Condition[], where);
      }
      case "not": {
        const inner = (c as { not: unknown }).not;
        if (Array.isArray(inner)) throw new Error(`${where}: "not" cannot be an array`);
        const m = this.compile(inner as Condition, `${where}/not`);
        return (ctx) => !m(ctx);
      }
      case "condition": {
        const name = (c as { condition: unknown }).condition;
        if (typeof name !== "string") throw new Error(`${where}: condition must be a string`);
        const done = this.shared.get(name);
        if (done) return done;
        if (this.resolving.has(name)) throw new Error(`${where}: shared condition ${name} refers to itself`);
        this.resolving.add(name);
        const m = this.compile(this.sharedCondition(name, where), `/conditions/${name}`);
        this.resolving.delete(name);
        this.shared.set(name, m);
        return m;
      }
      case "fact":
        return this.leaf(c as Leaf, where);
    }
  }

  private group(kind: "all" | "any", list: readonly Condition[], where: string): Matcher {
    const compiled = list.map((x, i) => ({
      m: this.compile(x, `${where}/${kind}/${i}`),
      cost: this.cost(x, where),
    }));
    // Cheapest first (a stable sort): the order never changes the result, only the work.
    return group(
      kind,
      compiled.sort((a, b) => a.cost - b.cost).map((x) => x.m),
    );
  }

  /** A rough cost of evaluating a condition, to evaluate cheap conditions first. */
  private cost(c: Condition, where: string): number {
    const d = this.deref(c, where);
    const kind = kindOf(d, where);
    switch (kind) {
      case "all":
      case "any": {
        const list = (d as Record<string, unknown>)[kind];
        return Array.isArray(list)
          ? list.reduce((sum: number, x: Condition) => sum + this.cost(x, where), 1)
          : 1;
      }
      case "not":
        return 1 + this.cost((d as { not: Condition }).not, where);
      default: {
        const leaf = d as Leaf;
        return (OPERATOR_COST[leaf.operator] ?? 1) + (isFactReference(leaf.value) ? 1 : 0);
      }
    }
  }

  private leaf(c: Leaf, where: string): Matcher {
    const op = c.operator;
    if (!isOperator(op)) throw new Error(`${where}: unknown operator: ${String(op)}`);
    const fn: OperatorFn = OPERATORS[op].fn;
    if (fn.length >= 3) this.usesNow = true;
    const l = this.slot(c.fact, c.path, where);
    const slots = this.slots;
    const value = c.value;
    if (isFactReference(value)) {
      const r = this.slot(value.fact, value.path, `${where}/value`);
      return (ctx) => {
        let a = ctx.vals[l];
        if (a === UNSET) a = load(ctx, slots, l);
        let b = ctx.vals[r];
        if (b === UNSET) b = load(ctx, slots, r);
        return fn(a, b, ctx.now);
      };
    }
    return (ctx) => {
      let a = ctx.vals[l];
      if (a === UNSET) a = load(ctx, slots, l);
      return fn(a, value, ctx.now);
    };
  }

  /** The conditions whose truth is needed for the rule to match and that the index can test. */
  private discriminators(root: Condition, where: string): Discriminator[] {
    const r = this.deref(root, where);
    const kind = kindOf(r, where);
    const list = (r as { all?: unknown }).all;
    const conjuncts: [Condition, number][] =
      kind === "all" && Array.isArray(list)
        ? list.map((x: Condition, i): [Condition, number] => [this.deref(x, where), i])
        : kind === "fact"
          ? [[r, -1]]
          : [];
    const out: Discriminator[] = [];
    for (const [c, position] of conjuncts) {
      if (kindOf(c, where) !== "fact") continue;
      const leaf = c as Leaf;
      if (isFactReference(leaf.value)) continue;
      if (leaf.operator === "equal" && isPrimitive(leaf.value) && !Number.isNaN(leaf.value)) {
        out.push({
          slot: this.slot(leaf.fact, leaf.path, where),
          values: [leaf.value],
          position,
          op: "equal",
        });
      } else if (leaf.operator === "in" && Array.isArray(leaf.value) && leaf.value.every(isPrimitive)) {
        const values = [...new Set(leaf.value.filter((v) => !Number.isNaN(v)))];
        out.push({ slot: this.slot(leaf.fact, leaf.path, where), values, position, op: "in" });
      }
    }
    return out;
  }

  build(): CompiledRuleSet {
    const all = this.ruleSet.rules;
    const enabled = all
      .map((rule, position) => {
        const priority = Number.parseInt(String(rule.priority || 1), 10);
        if (!(priority > 0)) throw new Error(`/rules/${position}: priority must be greater than zero`);
        return { rule, position, priority };
      })
      .filter((r) => r.rule.enabled !== false)
      .sort((a, b) => b.priority - a.priority || a.position - b.position);

    // Choose a discriminator per rule: on the fact path that most rules can be indexed by.
    const candidates = enabled.map((r) =>
      this.discriminators(r.rule.conditions, `/rules/${r.position}/conditions`),
    );
    const usage = new Map<number, number>();
    for (const ds of candidates)
      for (const slot of new Set(ds.map((d) => d.slot))) usage.set(slot, (usage.get(slot) ?? 0) + 1);
    const preference = (slot: number) => {
      const i = PREFERRED_KEYS.indexOf(this.slots[slot]!.label);
      return i === -1 ? PREFERRED_KEYS.length : i;
    };
    const chosen = candidates.map((ds) => {
      let best: Discriminator | undefined;
      for (const d of ds) {
        if (
          best === undefined ||
          usage.get(d.slot)! > usage.get(best.slot)! ||
          (usage.get(d.slot) === usage.get(best.slot) &&
            (preference(d.slot) < preference(best.slot) ||
              (preference(d.slot) === preference(best.slot) && d.values.length < best.values.length)))
        )
          best = d;
      }
      return best;
    });

    // Compile each rule, leaving out the condition the index already guarantees.
    const matchers: Matcher[] = [];
    const events: FiredEvent[] = [];
    const ids: string[] = [];
    const always: number[] = [];
    const buckets = new Map<number, Map<unknown, number[]>>();
    enabled.forEach(({ rule, position, priority }, rank) => {
      const where = `/rules/${position}/conditions`;
      const d = chosen[rank];
      if (d === undefined) {
        matchers.push(this.compile(rule.conditions, where));
        always.push(rank);
      } else {
        const root = this.deref(rule.conditions, where);
        if (d.position === -1) matchers.push(() => true);
        else {
          const rest = (root as { all: Condition[] }).all.filter((_, i) => i !== d.position);
          matchers.push(this.group("all", rest, `${where}`));
        }
        // Compile the whole tree too, so that what json-rules-engine would refuse is refused here.
        this.compile(rule.conditions, where);
        let byValue = buckets.get(d.slot);
        if (byValue === undefined) {
          byValue = new Map();
          buckets.set(d.slot, byValue);
        }
        for (const v of d.values) {
          const list = byValue.get(v);
          if (list) list.push(rank);
          else byValue.set(v, [rank]);
        }
      }
      events.push(
        Object.freeze({
          rule: rule.id,
          type: rule.event.type,
          params: deepFreeze(structuredClone(rule.event.params ?? {})),
          priority,
        }),
      );
      ids.push(rule.id);
    });
    const keySlots = Int32Array.from(buckets.keys());
    const keyMaps = [...buckets.values()].map(
      (m) => new Map([...m].map(([v, ranks]) => [v, Int32Array.from(ranks)] as const)),
    );
    const alwaysList = Int32Array.from(always);
    const slots = this.slots;
    const usesNow = this.usesNow;
    const slotCount = slots.length;
    const listCount = keySlots.length + 1;
    const newContext = (): Context => ({
      facts: NO_FACTS,
      now: 0,
      vals: new Array<unknown>(slotCount).fill(UNSET),
      lists: new Array<Int32Array>(listCount).fill(alwaysList),
      heads: new Int32Array(listCount),
    });
    let idle: Context | undefined = newContext();
    const run = (ctx: Context, rank: number, fired: FiredEvent[], firedIds: string[]) => {
      if (matchers[rank]!(ctx)) {
        fired.push(events[rank]!);
        firedIds.push(ids[rank]!);
      }
    };

    const evaluate = (facts: Facts, options?: EvaluateOptions): RuleSetOutcome => {
      const ctx = idle ?? newContext();
      idle = undefined;
      const fired: FiredEvent[] = [];
      const firedIds: string[] = [];
      try {
        ctx.facts = facts !== null && typeof facts === "object" ? facts : NO_FACTS;
        ctx.now = usesNow ? evaluationNow(facts, options) : 0;
        const { vals, lists, heads } = ctx;
        let n = 0;
        if (alwaysList.length > 0) lists[n++] = alwaysList;
        for (let k = 0; k < keySlots.length; k++) {
          const s = keySlots[k]!;
          let v = vals[s];
          if (v === UNSET) v = load(ctx, slots, s);
          const hit = keyMaps[k]!.get(v);
          if (hit !== undefined) lists[n++] = hit;
        }
        if (n === 1) {
          const a = lists[0]!;
          for (let i = 0; i < a.length; i++) run(ctx, a[i]!, fired, firedIds);
        } else if (n === 2) {
          const a = lists[0]!;
          const b = lists[1]!;
          let i = 0;
          let j = 0;
          while (i < a.length && j < b.length) run(ctx, a[i]! < b[j]! ? a[i++]! : b[j++]!, fired, firedIds);
          while (i < a.length) run(ctx, a[i++]!, fired, firedIds);
          while (j < b.length) run(ctx, b[j++]!, fired, firedIds);
        } else if (n > 2) {
          heads.fill(0);
          for (;;) {
            let best = -1;
            let bestRank = 0;
            for (let k = 0; k < n; k++) {
              const list = lists[k]!;
              const h = heads[k]!;
              if (h < list.length && (best === -1 || list[h]! < bestRank)) {
                best = k;
                bestRank = list[h]!;
              }
            }
            if (best === -1) break;
            heads[best]!++;
            run(ctx, bestRank, fired, firedIds);
          }
        }
      } finally {
        ctx.vals.fill(UNSET);
        ctx.facts = NO_FACTS;
        idle = ctx;
      }
      return { events: fired, fired: firedIds };
    };

    const stats: CompiledRuleSetStats = {
      rules: all.length,
      enabled: enabled.length,
      indexedRules: enabled.length - always.length,
      alwaysRules: always.length,
      indexKeys: [...keySlots].map((s) => slots[s]!.label),
      factPaths: slotCount,
    };
    return { evaluate, stats };
  }
}

/** Resolves a slot as json-rules-engine does (own properties only) and caches it. */
function load(ctx: Context, slots: readonly Slot[], i: number): unknown {
  const { fact, segments } = slots[i]!;
  const facts = ctx.facts;
  let v = Object.hasOwn(facts, fact) ? facts[fact] : undefined;
  if (segments !== null) v = resolvePath(v, segments);
  ctx.vals[i] = v;
  return v;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
