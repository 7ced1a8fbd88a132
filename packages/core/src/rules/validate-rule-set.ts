import { type Issue, issue } from "../errors/issue.js";
import { toPointer } from "../validation/json-pointer.js";
import { locatePointers, parseJsonSource } from "../validation/json-source.js";
import { fromZodIssues, suggest } from "../validation/zod-issues.js";
import { EVENT_TYPES, isEventType } from "./event-types.js";
import { FACT_CATALOGUE, type FactType, factPaths, typeAtPath } from "./fact-catalogue.js";
import { isOperator, OPERATORS } from "./operators.js";
import { type Condition, type RuleSet, RuleSetEnvelopeSchema } from "./rule-set.js";
import { DEFAULT_RULE_SET_LIMITS, type RuleSetLimits } from "./rule-set-limits.js";
import { pathSegments, unsafePathReason } from "./safe-path.js";

/** What a rule set may refer to: a district provides all of it. */
export interface RuleSetReferences {
  services: ReadonlyMap<string, unknown>;
  domains: ReadonlyMap<string, unknown>;
  capabilities: ReadonlyMap<string, unknown>;
  hierarchy: { unit(code: string): unknown };
  policies: { deadlines: readonly { id: string }[] };
}

/** Options of {@link validateRuleSet}. */
export interface ValidateRuleSetOptions {
  /** Check service codes, units, domains, capabilities and deadline policies against a district. */
  district?: RuleSetReferences;
  /** The file name to put in issues. */
  file?: string;
  limits?: Partial<RuleSetLimits>;
}

/** The outcome of {@link validateRuleSet}: the rule set with defaults applied, or every problem. */
export type ValidateRuleSetResult =
  | { ok: true; ruleSet: RuleSet; issues: [] }
  | { ok: false; issues: Issue[] };

const KIND_KEYS = ["all", "any", "not", "condition", "fact"] as const;
const ALLOWED: Record<(typeof KIND_KEYS)[number], readonly string[]> = {
  all: ["all", "priority", "name"],
  any: ["any", "priority", "name"],
  not: ["not", "priority", "name"],
  condition: ["condition", "priority", "name"],
  fact: ["fact", "path", "operator", "value", "params", "priority", "name"],
};
const FACT_NAMES = Object.keys(FACT_CATALOGUE);
const OPERATOR_NAMES = Object.keys(OPERATORS);
const EVENT_NAMES = Object.keys(EVENT_TYPES);
/** Names people reach for that mean a known operator. */
const OPERATOR_ALIASES: Record<string, string> = {
  greaterThanOrEqual: "greaterThanInclusive",
  greaterThanOrEquals: "greaterThanInclusive",
  lessThanOrEqual: "lessThanInclusive",
  lessThanOrEquals: "lessThanInclusive",
  gte: "greaterThanInclusive",
  lte: "lessThanInclusive",
  gt: "greaterThan",
  lt: "lessThan",
  eq: "equal",
  equals: "equal",
  notEquals: "notEqual",
  ne: "notEqual",
  includes: "contains",
  notContains: "doesNotContain",
};

/**
 * Validates a rule set, from JSON text or an already-parsed value, and reports every problem at
 * once with a JSON pointer (and line and column for text) and messages in zh-CN and en: invalid
 * JSON, documents over the limits, unknown or misspelt keys, unknown facts, paths, operators and
 * event types, unsafe paths, values of the wrong type, duplicate rule ids, missing shared
 * conditions and, given a district, unknown service codes, units, domains and policies.
 * It never evaluates anything and never recurses deeper than the limits.
 */
export function validateRuleSet(
  input: string | unknown,
  options: ValidateRuleSetOptions = {},
): ValidateRuleSetResult {
  const limits = { ...DEFAULT_RULE_SET_LIMITS, ...options.limits };
  const file = options.file;
  const text = typeof input === "string" ? input : undefined;
  let doc: unknown = input;
  if (text !== undefined) {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > limits.maxBytes)
      return fail([
        issue(
          "rules.too_large",
          "",
          `文件有 ${bytes} 字节，超过上限 ${limits.maxBytes}`,
          `the document is ${bytes} bytes, over the limit of ${limits.maxBytes}`,
          file,
        ),
      ]);
    const parsed = parseJsonSource(text);
    if (!parsed.ok) {
      const p = parsed.problem;
      return fail([{ ...issue("json.syntax", "", p.zh, p.en, file), line: p.line, column: p.column }]);
    }
    doc = parsed.value;
  }
  const issues = checkShape(doc, limits, file);
  if (issues.length === 0) {
    const env = RuleSetEnvelopeSchema.safeParse(doc, { reportInput: true });
    if (!env.success) issues.push(...fromZodIssues(env.error.issues, "", file));
    else {
      const ruleSet = env.data as RuleSet;
      new Checker(ruleSet, limits, options.district, file, issues).run();
      if (issues.length === 0) return { ok: true, ruleSet, issues: [] };
    }
  }
  if (text !== undefined) addPositions(text, issues);
  return fail(issues);
}

function fail(issues: Issue[]): ValidateRuleSetResult {
  return { ok: false, issues };
}

/** Size and depth limits, checked without recursion so that no document can overflow the stack. */
function checkShape(doc: unknown, limits: RuleSetLimits, file: string | undefined): Issue[] {
  const issues: Issue[] = [];
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: doc, path: [] }];
  while (stack.length > 0 && issues.length < 50) {
    const { v, path } = stack.pop()!;
    if (path.length > limits.maxJsonDepth) {
      issues.push(
        issue(
          "rules.too_deep",
          toPointer(path),
          `嵌套超过 ${limits.maxJsonDepth} 层`,
          `nested deeper than ${limits.maxJsonDepth} levels`,
          file,
        ),
      );
      continue;
    }
    if (typeof v === "string" && v.length > limits.maxStringLength) {
      issues.push(
        issue(
          "rules.string_too_long",
          toPointer(path),
          `字符串长度 ${v.length} 超过上限 ${limits.maxStringLength}`,
          `string of ${v.length} characters is over the limit of ${limits.maxStringLength}`,
          file,
        ),
      );
    } else if (Array.isArray(v)) {
      if (v.length > limits.maxArrayLength) {
        issues.push(
          issue(
            "rules.array_too_long",
            toPointer(path),
            `数组有 ${v.length} 项，超过上限 ${limits.maxArrayLength}`,
            `array of ${v.length} items is over the limit of ${limits.maxArrayLength}`,
            file,
          ),
        );
        continue;
      }
      for (const [i, item] of v.entries()) stack.push({ v: item, path: [...path, i] });
    } else if (v !== null && typeof v === "object") {
      for (const [k, item] of Object.entries(v)) {
        if (k.length > 200)
          issues.push(issue("rules.key_too_long", toPointer(path), "键名过长", "a key is too long", file));
        else stack.push({ v: item, path: [...path, k] });
      }
    }
  }
  const rules = (doc as { rules?: unknown } | null)?.rules;
  if (Array.isArray(rules) && rules.length > limits.maxRules)
    issues.push(
      issue(
        "rules.too_many_rules",
        "/rules",
        `规则数 ${rules.length} 超过上限 ${limits.maxRules}`,
        `${rules.length} rules is over the limit of ${limits.maxRules}`,
        file,
      ),
    );
  const tests = (doc as { tests?: unknown } | null)?.tests;
  if (Array.isArray(tests) && tests.length > limits.maxTests)
    issues.push(
      issue(
        "rules.too_many_tests",
        "/tests",
        `测试数 ${tests.length} 超过上限 ${limits.maxTests}`,
        `${tests.length} tests is over the limit of ${limits.maxTests}`,
        file,
      ),
    );
  return issues;
}

type ValueKind = "string" | "number" | "boolean" | "null" | "array" | "object";
const kindOf = (v: unknown): ValueKind =>
  v === null ? "null" : Array.isArray(v) ? "array" : (typeof v as "string" | "number" | "boolean" | "object");

class Checker {
  constructor(
    private readonly set: RuleSet,
    private readonly limits: RuleSetLimits,
    private readonly district: RuleSetReferences | undefined,
    private readonly file: string | undefined,
    private readonly issues: Issue[],
  ) {}

  private add(code: string, pointer: string, zh: string, en: string): void {
    this.issues.push(issue(code, pointer, zh, en, this.file));
  }

  run(): void {
    const { set } = this;
    if (set.effectiveTo !== undefined && set.effectiveTo < set.effectiveFrom)
      this.add(
        "rules.effective_range",
        "/effectiveTo",
        "失效日期早于生效日期",
        "effectiveTo is before effectiveFrom",
      );
    const shared = set.conditions ?? {};
    for (const [name, cond] of Object.entries(shared)) {
      this.root(cond, `/conditions/${esc(name)}`);
      this.condition(cond, `/conditions/${esc(name)}`, 0);
    }
    this.sharedCycles(shared);
    const ids = new Map<string, number>();
    set.rules.forEach((rule, i) => {
      const at = `/rules/${i}`;
      const first = ids.get(rule.id);
      if (first !== undefined)
        this.add(
          "rules.duplicate_id",
          `${at}/id`,
          `规则编号 ${rule.id} 重复（首次出现在 /rules/${first}）`,
          `duplicate rule id ${rule.id} (first at /rules/${first})`,
        );
      else ids.set(rule.id, i);
      this.root(rule.conditions, `${at}/conditions`);
      this.condition(rule.conditions, `${at}/conditions`, 0);
      this.event(rule, at);
    });
    for (const [i, t] of (set.tests ?? []).entries()) this.test(t, `/tests/${i}`, ids);
  }

  /** json-rules-engine refuses a single fact condition as the root: it must be all, any, not or a reference. */
  private root(c: unknown, at: string): void {
    if (
      c !== null &&
      typeof c === "object" &&
      Object.hasOwn(c, "fact") &&
      !KIND_KEYS.slice(0, 4).some((k) => Object.hasOwn(c, k))
    )
      this.add(
        "rules.leaf_root",
        at,
        '最外层条件必须是 all、any、not 或 condition；请写成 {"all": [ 这个条件 ]}',
        'the outermost condition must be all, any, not or condition; write it as {"all": [ this condition ]}',
      );
  }

  private sharedCycles(shared: Record<string, Condition>): void {
    const refs = (c: unknown, out: Set<string>, depth = 0): Set<string> => {
      if (depth > this.limits.maxConditionDepth || c === null || typeof c !== "object") return out;
      const o = c as Record<string, unknown>;
      if (typeof o.condition === "string") out.add(o.condition);
      for (const k of ["all", "any"] as const)
        if (Array.isArray(o[k])) for (const x of o[k]) refs(x, out, depth + 1);
      if (o.not !== undefined) refs(o.not, out, depth + 1);
      return out;
    };
    const graph = new Map(Object.entries(shared).map(([n, c]) => [n, refs(c, new Set())]));
    const state = new Map<string, 1 | 2>();
    const visit = (n: string, trail: string[]): void => {
      if (state.get(n) === 2) return;
      if (state.get(n) === 1) {
        const cycle = [...trail.slice(trail.indexOf(n)), n].join(" → ");
        this.add(
          "rules.condition_cycle",
          `/conditions/${esc(n)}`,
          `共享条件相互引用成环：${cycle}`,
          `shared conditions refer to each other in a cycle: ${cycle}`,
        );
        return;
      }
      state.set(n, 1);
      for (const m of graph.get(n) ?? []) if (graph.has(m)) visit(m, [...trail, n]);
      state.set(n, 2);
    };
    for (const n of graph.keys()) visit(n, []);
  }

  private condition(c: unknown, at: string, depth: number): void {
    if (depth > this.limits.maxConditionDepth) {
      this.add(
        "rules.too_deep",
        at,
        `条件嵌套超过 ${this.limits.maxConditionDepth} 层`,
        `conditions nested deeper than ${this.limits.maxConditionDepth} levels`,
      );
      return;
    }
    if (c === null || typeof c !== "object" || Array.isArray(c)) {
      this.add("rules.condition_not_object", at, "条件必须是一个对象", "a condition must be an object");
      return;
    }
    const o = c as Record<string, unknown>;
    const kinds = KIND_KEYS.filter((k) => Object.hasOwn(o, k));
    if (kinds.length === 0) {
      const hint = Object.keys(o)
        .map((k) => suggest(k, KIND_KEYS))
        .find((s) => s !== undefined);
      this.add(
        "rules.condition_kind_missing",
        at,
        `条件需要 all、any、not、condition 或 fact 之一${hint ? `（是否应为 "${hint}"？）` : ""}`,
        `a condition needs one of all, any, not, condition or fact${hint ? ` (did you mean "${hint}"?)` : ""}`,
      );
      return;
    }
    if (kinds.length > 1) {
      this.add(
        "rules.condition_kind_ambiguous",
        at,
        `条件不能同时含有 ${kinds.join(" 和 ")}`,
        `a condition cannot have both ${kinds.join(" and ")}`,
      );
      return;
    }
    const kind = kinds[0]!;
    for (const key of Object.keys(o)) {
      if (ALLOWED[kind].includes(key)) continue;
      const hint = suggest(key, ALLOWED[kind]);
      this.add(
        "schema.unrecognized_key",
        `${at}/${esc(key)}`,
        `未知的键 "${key}"${hint ? `，是否应为 "${hint}"？` : ""}`,
        `Unknown key "${key}"${hint ? `; did you mean "${hint}"?` : ""}`,
      );
    }
    if (o.priority !== undefined && !(Number.isInteger(o.priority) && (o.priority as number) >= 1))
      this.add(
        "rules.invalid_priority",
        `${at}/priority`,
        "priority 必须是不小于 1 的整数",
        "priority must be an integer of at least 1",
      );
    if (o.name !== undefined && typeof o.name !== "string")
      this.add("schema.invalid_type", `${at}/name`, "name 必须是字符串", "name must be a string");
    switch (kind) {
      case "all":
      case "any": {
        const list = o[kind];
        if (!Array.isArray(list) || list.length === 0) {
          this.add(
            "rules.empty_group",
            `${at}/${kind}`,
            `${kind} 必须是非空数组`,
            `${kind} must be a non-empty array`,
          );
          return;
        }
        for (const [i, x] of list.entries()) this.condition(x, `${at}/${kind}/${i}`, depth + 1);
        return;
      }
      case "not":
        this.condition(o.not, `${at}/not`, depth + 1);
        return;
      case "condition": {
        const name = o.condition;
        if (typeof name !== "string" || !Object.hasOwn(this.set.conditions ?? {}, name)) {
          const hint =
            typeof name === "string" ? suggest(name, Object.keys(this.set.conditions ?? {})) : undefined;
          this.add(
            "rules.unknown_condition",
            `${at}/condition`,
            `共享条件 ${JSON.stringify(name)} 不存在${hint ? `，是否应为 "${hint}"？` : ""}`,
            `shared condition ${JSON.stringify(name)} does not exist${hint ? `; did you mean "${hint}"?` : ""}`,
          );
        }
        return;
      }
      case "fact":
        this.leaf(o, at);
    }
  }

  /** Checks a fact (and path) and returns its type, or undefined after reporting a problem. */
  private factType(o: Record<string, unknown>, at: string): FactType | { type: "any" } | undefined {
    const fact = o.fact;
    if (typeof fact !== "string" || !Object.hasOwn(FACT_CATALOGUE, fact)) {
      const hint = typeof fact === "string" ? suggest(fact, FACT_NAMES) : undefined;
      this.add(
        "rules.unknown_fact",
        `${at}/fact`,
        `未知的事实 ${JSON.stringify(fact)}${hint ? `，是否应为 "${hint}"？` : `；可用：${FACT_NAMES.join("、")}`}`,
        `unknown fact ${JSON.stringify(fact)}${hint ? `; did you mean "${hint}"?` : `; known facts: ${FACT_NAMES.join(", ")}`}`,
      );
      return undefined;
    }
    const type = FACT_CATALOGUE[fact]!;
    if (
      o.params !== undefined &&
      (o.params === null || typeof o.params !== "object" || Array.isArray(o.params))
    )
      this.add("schema.invalid_type", `${at}/params`, "params 必须是对象", "params must be an object");
    if (o.path === undefined) {
      if (type.type === "object") {
        this.add(
          "rules.path_required",
          at,
          `事实 ${fact} 是对象，需要 path，例如 ${factPaths(type).slice(0, 3).join("、")}`,
          `fact ${fact} is an object and needs a path, such as ${factPaths(type).slice(0, 3).join(", ")}`,
        );
        return undefined;
      }
      return type;
    }
    if (typeof o.path !== "string") {
      this.add("schema.invalid_type", `${at}/path`, "path 必须是字符串", "path must be a string");
      return undefined;
    }
    const unsafe = unsafePathReason(o.path);
    if (unsafe) {
      this.add("rules.unsafe_path", `${at}/path`, unsafe.zh, unsafe.en);
      return undefined;
    }
    const found = typeAtPath(type, pathSegments(o.path));
    if (!found) {
      const hint = suggest(pathSegments(o.path).join("."), factPaths(type));
      this.add(
        "rules.unknown_path",
        `${at}/path`,
        `事实 ${fact} 没有路径 ${o.path}${hint ? `，是否应为 "${hint}"？` : ""}`,
        `fact ${fact} has no path ${o.path}${hint ? `; did you mean "${hint}"?` : ""}`,
      );
      return undefined;
    }
    return found;
  }

  private leaf(o: Record<string, unknown>, at: string): void {
    const factType = this.factType(o, at);
    const op = o.operator;
    if (!isOperator(op)) {
      const hint = typeof op === "string" ? (OPERATOR_ALIASES[op] ?? suggest(op, OPERATOR_NAMES)) : undefined;
      this.add(
        "rules.unknown_operator",
        `${at}/operator`,
        `未知的运算符 ${JSON.stringify(op)}${hint ? `，是否应为 "${hint}"？` : ""}`,
        `unknown operator ${JSON.stringify(op)}${hint ? `; did you mean "${hint}"?` : ""}`,
      );
      return;
    }
    const spec = OPERATORS[op];
    if (factType && factType.type !== "any" && !(spec.fact as readonly string[]).includes(typeKind(factType)))
      this.add(
        "rules.operator_type_mismatch",
        `${at}/operator`,
        `运算符 ${op} 不能用于 ${typeKind(factType)} 类型的事实`,
        `operator ${op} does not apply to a ${typeKind(factType)} fact`,
      );
    if (!Object.hasOwn(o, "value")) {
      this.add("rules.value_missing", at, "条件缺少 value", "the condition has no value");
      return;
    }
    const value = o.value;
    if (
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      Object.hasOwn(value, "fact")
    ) {
      this.factReference(value as Record<string, unknown>, `${at}/value`);
      return;
    }
    const problem = valueProblem(spec.value, value);
    if (problem) {
      this.add(
        "rules.value_type_mismatch",
        `${at}/value`,
        `运算符 ${op} ${problem[0]}`,
        `operator ${op} ${problem[1]}`,
      );
      return;
    }
    if (factType) this.literalFits(factType, op, value, `${at}/value`);
    this.literalReferences(o, value, `${at}/value`);
  }

  /** The literal compared with a fact must be of the fact's type and among its allowed values. */
  private literalFits(t: FactType | { type: "any" }, op: string, value: unknown, at: string): void {
    const elem = t.type === "array" ? t.items : t.type === "timestamp" ? "string" : t.type;
    if (elem === "any" || elem === "object" || elem === "record") return;
    const items =
      op === "in" || op === "notIn" || OPERATORS[op as keyof typeof OPERATORS].value === "string-array"
        ? (value as unknown[])
        : [value];
    if (op === "withinUnit" || op === "between" || OPERATORS[op as keyof typeof OPERATORS].value === "number")
      return;
    items.forEach((v, i) => {
      const where = items === value ? `${at}/${i}` : at;
      if (v === null) return;
      if (typeof v !== elem) {
        this.add(
          "rules.value_type_mismatch",
          where,
          `值 ${JSON.stringify(v)} 的类型应为 ${elem}`,
          `value ${JSON.stringify(v)} should be a ${elem}`,
        );
        return;
      }
      if (t.type === "string" && t.values && !t.values.includes(v as string)) {
        const hint = suggest(v as string, t.values);
        this.add(
          "rules.value_not_allowed",
          where,
          `值 ${JSON.stringify(v)} 不在允许的取值中：${t.values.join("、")}${hint ? `；是否应为 "${hint}"？` : ""}`,
          `value ${JSON.stringify(v)} is not one of ${t.values.join(", ")}${hint ? `; did you mean "${hint}"?` : ""}`,
        );
      }
    });
  }

  private factReference(v: Record<string, unknown>, at: string): void {
    for (const key of Object.keys(v))
      if (!["fact", "path", "params"].includes(key)) {
        const hint = suggest(key, ["fact", "path", "params"]);
        this.add(
          "schema.unrecognized_key",
          `${at}/${esc(key)}`,
          `未知的键 "${key}"${hint ? `，是否应为 "${hint}"？` : ""}`,
          `Unknown key "${key}"${hint ? `; did you mean "${hint}"?` : ""}`,
        );
      }
    this.factType(v, at);
  }

  /** With a district: codes named in conditions must exist. */
  private literalReferences(o: Record<string, unknown>, value: unknown, at: string): void {
    const d = this.district;
    if (!d) return;
    if (typeof o.fact !== "string" || (o.path !== undefined && typeof o.path !== "string")) return;
    const key = `${o.fact}.${o.path ?? ""}`;
    const values = Array.isArray(value) ? value : [value];
    const each = (check: (v: string) => boolean, code: string, zh: string, en: string) =>
      values.forEach((v, i) => {
        if (typeof v === "string" && !check(v))
          this.add(
            code,
            Array.isArray(value) ? `${at}/${i}` : at,
            `${zh} ${v} 不存在`,
            `${en} ${v} does not exist`,
          );
      });
    if (key === "need.serviceCode" || key === "service.code" || key === "need.services")
      each((v) => d.services.has(v), "rules.unknown_service", "服务事项", "service item");
    else if (
      key === "grid.path" ||
      key === "grid.code" ||
      key === "grid.community" ||
      key === "grid.street" ||
      key === "grid.district" ||
      key === "resident.grid"
    )
      each((v) => d.hierarchy.unit(v) !== undefined, "rules.unknown_unit", "行政单元", "admin unit");
    else if (key === "grid.domains" || key === "service.domain")
      each((v) => d.domains.has(v), "rules.unknown_domain", "职能领域", "domain");
  }

  private event(rule: RuleSet["rules"][number], at: string): void {
    const { type } = rule.event;
    if (!isEventType(type)) {
      const hint = suggest(type, EVENT_NAMES);
      this.add(
        "rules.unknown_event_type",
        `${at}/event/type`,
        `未知的动作类型 ${type}${hint ? `，是否应为 "${hint}"？` : `；可用：${EVENT_NAMES.join("、")}`}`,
        `unknown event type ${type}${hint ? `; did you mean "${hint}"?` : `; known types: ${EVENT_NAMES.join(", ")}`}`,
      );
      return;
    }
    const parsed = EVENT_TYPES[type].safeParse(rule.event.params ?? {}, { reportInput: true });
    if (!parsed.success) {
      this.issues.push(...fromZodIssues(parsed.error.issues, `${at}/event/params`, this.file));
      return;
    }
    rule.event.params = parsed.data as Record<string, unknown>;
    const d = this.district;
    if (!d) return;
    const p = parsed.data as Record<string, unknown>;
    const ref = (field: string, exists: (v: string) => boolean, zh: string, en: string, code: string) => {
      const v = p[field];
      for (const [i, x] of (Array.isArray(v) ? v : [v]).entries()) {
        if (typeof x !== "string" || exists(x)) continue;
        this.add(
          code,
          `${at}/event/params/${field}${Array.isArray(v) ? `/${i}` : ""}`,
          `${zh} ${x} 不存在`,
          `${en} ${x} does not exist`,
        );
      }
    };
    ref("service", (v) => d.services.has(v), "服务事项", "service item", "rules.unknown_service");
    ref("unit", (v) => d.hierarchy.unit(v) !== undefined, "行政单元", "admin unit", "rules.unknown_unit");
    ref("domain", (v) => d.domains.has(v), "职能领域", "domain", "rules.unknown_domain");
    ref("capabilities", (v) => d.capabilities.has(v), "能力", "capability", "rules.unknown_capability");
    if (type === "deadline")
      ref(
        "policy",
        (v) => d.policies.deadlines.some((x) => x.id === v),
        "时限政策",
        "deadline policy",
        "rules.unknown_deadline_policy",
      );
  }

  private test(t: NonNullable<RuleSet["tests"]>[number], at: string, ids: Map<string, number>): void {
    for (const [key, value] of Object.entries(t.given)) {
      const type = Object.hasOwn(FACT_CATALOGUE, key) ? FACT_CATALOGUE[key]! : undefined;
      if (type?.type !== "object" || value === null || typeof value !== "object" || Array.isArray(value))
        continue;
      for (const field of Object.keys(value))
        if (!Object.hasOwn(type.fields, field)) {
          const hint = suggest(field, Object.keys(type.fields));
          this.add(
            "rules.unknown_path",
            `${at}/given/${esc(key)}/${esc(field)}`,
            `事实 ${key} 没有字段 ${field}${hint ? `，是否应为 "${hint}"？` : ""}`,
            `fact ${key} has no field ${field}${hint ? `; did you mean "${hint}"?` : ""}`,
          );
        }
    }
    for (const key of Object.keys(t.given))
      if (!Object.hasOwn(FACT_CATALOGUE, key)) {
        const hint = suggest(key, FACT_NAMES);
        this.add(
          "rules.unknown_fact",
          `${at}/given/${esc(key)}`,
          `未知的事实 ${key}${hint ? `，是否应为 "${hint}"？` : ""}`,
          `unknown fact ${key}${hint ? `; did you mean "${hint}"?` : ""}`,
        );
      }
    for (const list of ["events", "absent"] as const)
      t.expect[list]?.forEach((e, i) => {
        if (!isEventType(e.type)) {
          const hint = suggest(e.type, EVENT_NAMES);
          this.add(
            "rules.unknown_event_type",
            `${at}/expect/${list}/${i}/type`,
            `未知的动作类型 ${e.type}${hint ? `，是否应为 "${hint}"？` : ""}`,
            `unknown event type ${e.type}${hint ? `; did you mean "${hint}"?` : ""}`,
          );
        }
      });
    for (const list of ["fired", "notFired"] as const)
      t.expect[list]?.forEach((id, i) => {
        if (!ids.has(id))
          this.add(
            "rules.unknown_rule",
            `${at}/expect/${list}/${i}`,
            `规则 ${id} 不存在`,
            `rule ${id} does not exist`,
          );
      });
  }
}

/** Why a literal value does not suit an operator, as [zh, en], or undefined when it does. */
function valueProblem(kind: string, value: unknown): [string, string] | undefined {
  const k = kindOf(value);
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  switch (kind) {
    case "scalar":
      return k === "array" || k === "object"
        ? [
            "需要单个值（字符串、数字、布尔或 null）",
            "needs a single value (string, number, boolean or null)",
          ]
        : undefined;
    case "number":
      return k === "number" ? undefined : ["需要数字", "needs a number"];
    case "array":
      return k !== "array" || list.some((x) => kindOf(x) === "array" || kindOf(x) === "object")
        ? ["需要由单个值组成的数组", "needs an array of single values"]
        : undefined;
    case "string-array":
      return k !== "array" || list.length === 0 || list.some((x) => typeof x !== "string")
        ? ["需要非空的字符串数组", "needs a non-empty array of strings"]
        : undefined;
    case "number-pair":
      return k !== "array" ||
        list.length !== 2 ||
        typeof list[0] !== "number" ||
        typeof list[1] !== "number" ||
        list[0] > list[1]
        ? ["需要 [最小值, 最大值] 两个数字", "needs [min, max], two numbers"]
        : undefined;
  }
  return undefined;
}

function typeKind(t: FactType): string {
  return t.type === "object" || t.type === "record" ? "any" : t.type;
}

function esc(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

function addPositions(text: string, issues: Issue[]): void {
  const wanted = new Set<string>();
  for (const i of issues)
    for (let p = i.pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
      wanted.add(p);
      if (p === "") break;
    }
  const found = locatePointers(text, wanted);
  for (const i of issues) {
    if (i.line !== undefined) continue;
    for (let p = i.pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
      const pos = found.get(p);
      if (pos) {
        i.line = pos.line;
        i.column = pos.column;
        break;
      }
      if (p === "") break;
    }
  }
}
