/**
 * The operators a condition may use, with the exact semantics of json-rules-engine 7.3 for its
 * built-ins (including its fact-value guards: `contains` needs an array, comparisons need a
 * number-like fact) and Lianxin's domain operators. The compiled evaluator and the reference
 * evaluator (which registers these into json-rules-engine) share these functions, so the two
 * cannot drift.
 */

/** An operator: the fact value on the left, the condition's value on the right. */
export type OperatorFn = (fact: unknown, value: unknown, now: number) => boolean;

/** What an operator expects: the kinds of fact value it tests and the value it compares with. */
export interface OperatorSpec {
  /** The fact types (from the catalogue) the operator makes sense for. */
  fact: readonly ("string" | "number" | "boolean" | "array" | "timestamp" | "any")[];
  /** The JSON type of `value`. */
  value: "scalar" | "array" | "number" | "number-pair" | "string-array";
  /** Implemented by json-rules-engine itself, not registered by Lianxin. */
  builtin: boolean;
  fn: OperatorFn;
  description: { zh: string; en: string };
}

const isNumberLike = (v: unknown): boolean => Number.parseFloat(v as string).toString() !== "NaN";
const DAY = 86_400_000;

let lastParsed: string | undefined;
let lastTime = Number.NaN;

function daysSince(fact: unknown, now: number): number | undefined {
  if (typeof fact !== "string") return undefined;
  // Rules often test the same timestamp several times in a row: remember the last one.
  if (fact !== lastParsed) {
    lastParsed = fact;
    lastTime = Date.parse(fact);
  }
  return Number.isNaN(lastTime) ? undefined : (now - lastTime) / DAY;
}

const lowered = new WeakMap<readonly unknown[], string[]>();

/** The words of a `textIncludesAny` value in lower case, computed once per value array. */
function lowerWords(words: readonly unknown[]): string[] {
  let out = lowered.get(words);
  if (!out) {
    out = words.filter((w): w is string => typeof w === "string").map((w) => w.toLowerCase());
    lowered.set(words, out);
  }
  return out;
}

/** Every operator, by name. */
export const OPERATORS = {
  equal: {
    fact: ["string", "number", "boolean", "timestamp", "any"],
    value: "scalar",
    builtin: true,
    fn: (a, b) => a === b,
    description: { zh: "等于", en: "equals" },
  },
  notEqual: {
    fact: ["string", "number", "boolean", "timestamp", "any"],
    value: "scalar",
    builtin: true,
    fn: (a, b) => a !== b,
    description: { zh: "不等于", en: "does not equal" },
  },
  in: {
    fact: ["string", "number", "boolean", "any"],
    value: "array",
    builtin: true,
    fn: (a, b) => Array.isArray(b) && b.indexOf(a) > -1,
    description: { zh: "属于其中之一", en: "is one of" },
  },
  notIn: {
    fact: ["string", "number", "boolean", "any"],
    value: "array",
    builtin: true,
    fn: (a, b) => Array.isArray(b) && b.indexOf(a) === -1,
    description: { zh: "不属于其中任何一个", en: "is none of" },
  },
  contains: {
    fact: ["array", "any"],
    value: "scalar",
    builtin: true,
    fn: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
    description: { zh: "包含", en: "contains" },
  },
  doesNotContain: {
    fact: ["array", "any"],
    value: "scalar",
    builtin: true,
    fn: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
    description: { zh: "不包含", en: "does not contain" },
  },
  lessThan: {
    fact: ["number", "any"],
    value: "number",
    builtin: true,
    fn: (a, b) => isNumberLike(a) && (a as number) < (b as number),
    description: { zh: "小于", en: "is less than" },
  },
  lessThanInclusive: {
    fact: ["number", "any"],
    value: "number",
    builtin: true,
    fn: (a, b) => isNumberLike(a) && (a as number) <= (b as number),
    description: { zh: "小于或等于", en: "is at most" },
  },
  greaterThan: {
    fact: ["number", "any"],
    value: "number",
    builtin: true,
    fn: (a, b) => isNumberLike(a) && (a as number) > (b as number),
    description: { zh: "大于", en: "is greater than" },
  },
  greaterThanInclusive: {
    fact: ["number", "any"],
    value: "number",
    builtin: true,
    fn: (a, b) => isNumberLike(a) && (a as number) >= (b as number),
    description: { zh: "大于或等于", en: "is at least" },
  },
  between: {
    fact: ["number", "any"],
    value: "number-pair",
    builtin: false,
    fn: (a, b) =>
      typeof a === "number" &&
      Array.isArray(b) &&
      (a as number) >= (b[0] as number) &&
      (a as number) <= (b[1] as number),
    description: { zh: "介于（含两端）", en: "is between (inclusive)" },
  },
  hasAnyTag: {
    fact: ["array", "any"],
    value: "string-array",
    builtin: false,
    fn: (a, b) => Array.isArray(a) && Array.isArray(b) && b.some((t) => a.includes(t)),
    description: { zh: "带有其中任一标签", en: "has any of the tags" },
  },
  hasAllTags: {
    fact: ["array", "any"],
    value: "string-array",
    builtin: false,
    fn: (a, b) => Array.isArray(a) && Array.isArray(b) && b.every((t) => a.includes(t)),
    description: { zh: "带有全部标签", en: "has all of the tags" },
  },
  textIncludesAny: {
    fact: ["string", "any"],
    value: "string-array",
    builtin: false,
    fn: (a, b) => {
      if (typeof a !== "string" || !Array.isArray(b)) return false;
      const text = a.toLowerCase();
      return lowerWords(b).some((w) => text.includes(w));
    },
    description: { zh: "文字中含有其中任一词语", en: "text mentions any of the words" },
  },
  withinUnit: {
    fact: ["array", "any"],
    value: "scalar",
    builtin: false,
    fn: (a, b) => Array.isArray(a) && a.includes(b),
    description: { zh: "位于该行政单元（含下级）内", en: "lies within the admin unit (or below it)" },
  },
  daysSinceAtLeast: {
    fact: ["timestamp", "any"],
    value: "number",
    builtin: false,
    fn: (a, b, now) => {
      const d = daysSince(a, now);
      return d !== undefined && typeof b === "number" && d >= b;
    },
    description: { zh: "距今至少若干天", en: "was at least this many days ago" },
  },
  daysSinceLessThan: {
    fact: ["timestamp", "any"],
    value: "number",
    builtin: false,
    fn: (a, b, now) => {
      const d = daysSince(a, now);
      return d !== undefined && typeof b === "number" && d < b;
    },
    description: { zh: "距今少于若干天", en: "was fewer than this many days ago" },
  },
} as const satisfies Record<string, OperatorSpec>;

/** The name of an operator. */
export type OperatorName = keyof typeof OPERATORS;

/** True when `name` is an operator Lianxin knows. */
export function isOperator(name: unknown): name is OperatorName {
  return typeof name === "string" && Object.hasOwn(OPERATORS, name);
}
