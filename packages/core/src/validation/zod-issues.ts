import * as z from "zod";
import { type Issue, issue } from "../errors/issue.js";
import { toPointer } from "./json-pointer.js";

const zh = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

type RawIssue = Parameters<typeof en>[0];

function render(fn: typeof en, raw: z.core.$ZodIssue): string {
  const out = fn(raw as unknown as RawIssue);
  if (typeof out === "string") return out;
  return out?.message ?? raw.message;
}

/**
 * Params that Lianxin's own refinements attach to a custom zod issue, so that it keeps a
 * stable code and a message in both languages.
 */
export interface CustomIssueParams {
  code: string;
  zh: string;
  en: string;
}

/** Adds a custom issue with a stable code and messages in both languages to a zod context. */
export function addCustomIssue(
  ctx: { addIssue(i: z.core.$ZodRawIssue): void; value: unknown },
  path: PropertyKey[],
  params: CustomIssueParams,
): void {
  ctx.addIssue({ code: "custom", message: params.en, path, input: ctx.value, params });
}

/**
 * Turns zod's issues into Lianxin {@link Issue}s: JSON pointers, stable codes
 * (`schema.invalid_type`, `schema.unrecognized_keys`, ...) and messages in zh-CN and en.
 * An unrecognised key is reported at the key itself, so `vaule` points at `/.../vaule`.
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], base = "", file?: string): Issue[] {
  const out: Issue[] = [];
  for (const raw of issues) {
    if (raw.code === "invalid_union" && raw.errors.length > 0) {
      // Report the branch that got furthest instead of "no branch matched".
      const best = raw.errors.reduce((a, b) => (deepest(b) > deepest(a) ? b : a));
      const nested = best.map((i) => ({ ...i, path: [...raw.path, ...i.path] }));
      out.push(...fromZodIssues(nested, base, file));
      continue;
    }
    const pointer = base + toPointer(raw.path);
    if (raw.code === "custom" && isCustomParams(raw.params)) {
      out.push(issue(raw.params.code, pointer, raw.params.zh, raw.params.en, file));
      continue;
    }
    if (raw.code === "unrecognized_keys") {
      for (const key of raw.keys) {
        const hint = suggest(key);
        out.push(
          issue(
            "schema.unrecognized_key",
            pointer + toPointer([key]),
            `未知的键 "${key}"${hint ? `，是否应为 "${hint}"？` : ""}`,
            `Unknown key "${key}"${hint ? `; did you mean "${hint}"?` : ""}`,
            file,
          ),
        );
      }
      continue;
    }
    if (raw.code === "invalid_type" && (raw as { input?: unknown }).input === undefined && "input" in raw) {
      const field = String(raw.path.at(-1) ?? "");
      out.push(
        issue(
          "schema.missing",
          pointer,
          `缺少必需的字段 ${field}`,
          `required field ${field} is missing`,
          file,
        ),
      );
      continue;
    }
    const enText = render(en, raw);
    // A schema's own message (such as "version: semver, e.g. 1.2.0") says more than zod's.
    const custom = raw.message !== enText && raw.message.length > 0 ? raw.message : undefined;
    out.push(
      issue(
        `schema.${raw.code}`,
        pointer,
        custom ? `${render(zh, raw)}（${custom}）` : render(zh, raw),
        custom ?? enText,
        file,
      ),
    );
  }
  return out;
}

function deepest(issues: readonly z.core.$ZodIssue[]): number {
  return issues.reduce((m, i) => Math.max(m, i.path.length + (i.code === "invalid_type" ? 0 : 0.5)), -1);
}

function isCustomParams(p: unknown): p is CustomIssueParams {
  return typeof p === "object" && p !== null && typeof (p as CustomIssueParams).code === "string";
}

const commonKeys = [
  "value",
  "values",
  "fact",
  "operator",
  "path",
  "params",
  "name",
  "code",
  "parent",
  "level",
  "boundary",
  "capabilities",
  "capacity",
  "schedule",
  "domain",
  "priority",
  "conditions",
  "event",
];

/** A likely intended key for a misspelt one, by edit distance, or undefined. */
export function suggest(key: string, candidates: readonly string[] = commonKeys): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = editDistance(key.toLowerCase(), c.toLowerCase());
    if (d < bestD && d <= Math.max(1, Math.floor(c.length / 3))) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  // Optimal string alignment: insertions, deletions, substitutions and adjacent swaps.
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      cur.push(d);
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length]!;
}
