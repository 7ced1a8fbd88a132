import type { Lang } from "../errors/issue.js";
import { isOperator, OPERATORS } from "./operators.js";
import { type EvaluateOptions, evaluationNow, type Facts, type FiredEvent } from "./rule-result.js";
import type { Condition, RuleSet } from "./rule-set.js";
import { pathSegments, resolvePath } from "./safe-path.js";

/** How a condition or a rule came out. */
export type TraceStatus = "matched" | "failed" | "not-evaluated";

/** One condition of a rule, as evaluated for one set of facts. */
export interface ConditionTrace {
  /** JSON pointer of the condition in the rule set (a shared condition: in `/conditions/...`). */
  pointer: string;
  kind: "all" | "any" | "not" | "condition" | "fact";
  status: TraceStatus;
  /** For a leaf: the fact, path and operator, the fact's actual value and the value it was compared with. */
  fact?: string;
  path?: string;
  operator?: string;
  actual?: unknown;
  expected?: unknown;
  /** For a reference: the shared condition's name. */
  reference?: string;
  children?: ConditionTrace[];
  /** The condition as a person reads it, in zh-CN and en. */
  text: { "zh-CN": string; en: string };
}

/** One rule, as evaluated for one set of facts. */
export interface RuleTrace {
  id: string;
  name: { zh?: string; en?: string };
  priority: number;
  status: TraceStatus;
  /** Why a rule was not evaluated (disabled). */
  reason?: { "zh-CN": string; en: string };
  event: { type: string; params: Record<string, unknown> };
  conditions?: ConditionTrace;
}

/** Why a rule set decided what it did for one set of facts: every rule, every condition. */
export interface Explanation {
  ruleSet: { id: string; version: string };
  /** The rules in canonical order (priority, then position). */
  rules: RuleTrace[];
  /** The events, as the evaluators give them. */
  events: FiredEvent[];
}

const FACT_NAMES_ZH: Record<string, string> = {
  need: "需求",
  resident: "居民",
  grid: "网格",
  service: "服务事项",
  time: "时间",
};

/**
 * Explains a validated rule set for one set of facts: every rule as matched, failed or not
 * evaluated (disabled), and for each condition the fact's actual value, the expected value and
 * the outcome. Conditions are evaluated as json-rules-engine does, in priority groups that stop
 * once the group decides; the conditions after that are `not-evaluated`.
 */
export function explainRuleSet(ruleSet: RuleSet, facts: Facts, options?: EvaluateOptions): Explanation {
  const now = evaluationNow(facts, options);
  const shared = ruleSet.conditions ?? {};
  const order = ruleSet.rules
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.priority - a.r.priority || a.i - b.i);
  const rules: RuleTrace[] = [];
  const events: FiredEvent[] = [];
  for (const { r, i } of order) {
    const event = { type: r.event.type, params: r.event.params ?? {} };
    const base = { id: r.id, name: r.name, priority: r.priority ?? 1, event };
    if (r.enabled === false) {
      rules.push({
        ...base,
        status: "not-evaluated",
        reason: { "zh-CN": "规则已停用", en: "the rule is disabled" },
      });
      continue;
    }
    const trace = evaluate(r.conditions, `/rules/${i}/conditions`, facts, now, shared, 0);
    rules.push({ ...base, status: trace.status, conditions: trace });
    if (trace.status === "matched")
      events.push({ rule: r.id, type: event.type, params: event.params, priority: r.priority });
  }
  return { ruleSet: { id: ruleSet.id, version: ruleSet.version }, rules, events };
}

function readFact(facts: Facts, fact: string, path: string | undefined): unknown {
  const value = Object.hasOwn(facts, fact) ? facts[fact] : undefined;
  return path === undefined ? value : resolvePath(value, pathSegments(path));
}

function evaluate(
  c: Condition,
  pointer: string,
  facts: Facts,
  now: number,
  shared: Record<string, Condition>,
  depth: number,
): ConditionTrace {
  if ("all" in c || "any" in c) {
    const kind = "all" in c ? "all" : "any";
    const list = "all" in c ? c.all : c.any;
    const children: ConditionTrace[] = list.map((x, i) => skipped(x, `${pointer}/${kind}/${i}`));
    let result = true;
    if (list.length === 1) {
      children[0] = evaluate(list[0]!, `${pointer}/${kind}/0`, facts, now, shared, depth + 1);
      result = children[0].status === "matched";
    } else if (list.length > 1) {
      result = kind === "all";
      for (const group of priorityGroups(list)) {
        for (const i of group)
          children[i] = evaluate(list[i]!, `${pointer}/${kind}/${i}`, facts, now, shared, depth + 1);
        const hits = group.map((i) => children[i]!.status === "matched");
        if (kind === "all" && hits.includes(false)) {
          result = false;
          break;
        }
        if (kind === "any" && hits.includes(true)) {
          result = true;
          break;
        }
      }
    }
    const word = kind === "all" ? { zh: "以下全部成立", en: "all of" } : { zh: "以下任一成立", en: "any of" };
    return {
      pointer,
      kind,
      status: result ? "matched" : "failed",
      children,
      text: { "zh-CN": word.zh, en: word.en },
    };
  }
  if ("not" in c) {
    const inner = evaluate(c.not, `${pointer}/not`, facts, now, shared, depth + 1);
    return {
      pointer,
      kind: "not",
      status: inner.status === "matched" ? "failed" : "matched",
      children: [inner],
      text: { "zh-CN": "以下不成立", en: "not" },
    };
  }
  if ("condition" in c) {
    const target = shared[c.condition];
    const inner =
      target && depth < 64
        ? evaluate(target, `/conditions/${c.condition}`, facts, now, shared, depth + 1)
        : undefined;
    return {
      pointer,
      kind: "condition",
      reference: c.condition,
      status: inner?.status === "matched" ? "matched" : "failed",
      ...(inner ? { children: [inner] } : {}),
      text: { "zh-CN": `共享条件 ${c.condition}`, en: `shared condition ${c.condition}` },
    };
  }
  const leaf = c;
  const actual = readFact(facts, leaf.fact, leaf.path);
  const ref = leaf.value;
  const expected =
    ref !== null && typeof ref === "object" && !Array.isArray(ref) && Object.hasOwn(ref, "fact")
      ? readFact(facts, (ref as { fact: string }).fact, (ref as { path?: string }).path)
      : ref;
  const ok = isOperator(leaf.operator) && OPERATORS[leaf.operator].fn(actual, expected, now);
  return {
    pointer,
    kind: "fact",
    status: ok ? "matched" : "failed",
    fact: leaf.fact,
    ...(leaf.path === undefined ? {} : { path: leaf.path }),
    operator: leaf.operator,
    actual,
    expected,
    text: leafText(leaf.fact, leaf.path, leaf.operator, expected, actual, ok),
  };
}

/** Condition indexes grouped by priority, highest first, as json-rules-engine schedules them. */
function priorityGroups(list: Condition[]): number[][] {
  const byPriority = new Map<number, number[]>();
  list.forEach((c, i) => {
    const p = c.priority ?? 1;
    const g = byPriority.get(p);
    if (g) g.push(i);
    else byPriority.set(p, [i]);
  });
  return [...byPriority.entries()].sort((a, b) => b[0] - a[0]).map(([, g]) => g);
}

function skipped(c: Condition, pointer: string): ConditionTrace {
  if ("all" in c || "any" in c) {
    const kind = "all" in c ? "all" : "any";
    const list = "all" in c ? c.all : c.any;
    const word = kind === "all" ? { zh: "以下全部成立", en: "all of" } : { zh: "以下任一成立", en: "any of" };
    return {
      pointer,
      kind,
      status: "not-evaluated",
      children: list.map((x, i) => skipped(x, `${pointer}/${kind}/${i}`)),
      text: { "zh-CN": word.zh, en: word.en },
    };
  }
  if ("not" in c)
    return {
      pointer,
      kind: "not",
      status: "not-evaluated",
      children: [skipped(c.not, `${pointer}/not`)],
      text: { "zh-CN": "以下不成立", en: "not" },
    };
  if ("condition" in c)
    return {
      pointer,
      kind: "condition",
      reference: c.condition,
      status: "not-evaluated",
      text: { "zh-CN": `共享条件 ${c.condition}`, en: `shared condition ${c.condition}` },
    };
  return {
    pointer,
    kind: "fact",
    status: "not-evaluated",
    text: leafText(c.fact, c.path, c.operator, c.value),
  };
}

function show(v: unknown): string {
  if (v === undefined) return "undefined";
  const s = JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function leafText(
  fact: string,
  path: string | undefined,
  operator: string,
  expected: unknown,
  actual?: unknown,
  ok?: boolean,
): { "zh-CN": string; en: string } {
  const op = isOperator(operator) ? OPERATORS[operator].description : { zh: operator, en: operator };
  const where = path === undefined ? fact : `${fact}.${path}`;
  const whereZh =
    path === undefined ? (FACT_NAMES_ZH[fact] ?? fact) : `${FACT_NAMES_ZH[fact] ?? fact}.${path}`;
  const mark = ok === undefined ? "·" : ok ? "✓" : "✗";
  const tailZh = ok === undefined ? "（未求值）" : `（实际值 ${show(actual)}）`;
  const tailEn = ok === undefined ? " (not evaluated)" : ` (actual ${show(actual)})`;
  return {
    "zh-CN": `${mark} ${whereZh} ${op.zh} ${show(expected)}${tailZh}`,
    en: `${mark} ${where} ${op.en} ${show(expected)}${tailEn}`,
  };
}

/** Formats an explanation for a person: one block per rule, one line per condition. */
export function formatExplanation(e: Explanation, lang: Lang = "en"): string {
  const zh = lang === "zh-CN";
  const lines = [
    zh ? `规则集 ${e.ruleSet.id} ${e.ruleSet.version}` : `rule set ${e.ruleSet.id} ${e.ruleSet.version}`,
  ];
  const status = (s: TraceStatus) =>
    zh
      ? { matched: "命中", failed: "未命中", "not-evaluated": "未求值" }[s]
      : { matched: "matched", failed: "failed", "not-evaluated": "not evaluated" }[s];
  for (const r of e.rules) {
    const name = (zh ? (r.name.zh ?? r.name.en) : (r.name.en ?? r.name.zh)) ?? r.id;
    const why = r.reason ? ` — ${r.reason[lang]}` : "";
    lines.push(
      `${r.status === "matched" ? "●" : "○"} [${status(r.status)}] ${r.id} ${name} (priority ${r.priority}) → ${r.event.type}${why}`,
    );
    const walk = (t: ConditionTrace, indent: string) => {
      const label = t.kind === "fact" ? t.text[lang] : `${t.text[lang]} — ${status(t.status)}`;
      lines.push(`${indent}${label}`);
      for (const c of t.children ?? []) walk(c, `${indent}  `);
    };
    if (r.conditions) walk(r.conditions, "    ");
  }
  return lines.join("\n");
}
