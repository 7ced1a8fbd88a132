/**
 * Rule paths are a safe dotted subset (`age`, `attributes.floor`, `tags.0`), never JSONPath:
 * no brackets, filters or wildcards, and no `__proto__`, `constructor` or `prototype`.
 */
const SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_-]{0,63}|\d{1,6})$/;
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/** Why a path is unsafe, or undefined when it is safe. A leading `$.` (JSONPath style) is accepted. */
export function unsafePathReason(path: string): { zh: string; en: string } | undefined {
  const body = stripRoot(path);
  if (body.length === 0 || body.length > 256)
    return { zh: "路径为空或过长", en: "the path is empty or too long" };
  for (const seg of body.split(".")) {
    if (FORBIDDEN.has(seg)) return { zh: `路径中不允许出现 ${seg}`, en: `${seg} is not allowed in a path` };
    if (!SEGMENT.test(seg))
      return {
        zh: `路径片段 "${seg}" 不合法：只允许字母、数字、下划线，用点分隔，不支持方括号、通配符或过滤器`,
        en: `path segment "${seg}" is not allowed: use letters, digits and _ separated by dots; brackets, wildcards and filters are not supported`,
      };
  }
  return undefined;
}

/** The segments of a safe path. */
export function pathSegments(path: string): string[] {
  return stripRoot(path).split(".");
}

function stripRoot(path: string): string {
  return path.startsWith("$.") ? path.slice(2) : path;
}

/**
 * Reads a safe path from a value with json-rules-engine's semantics: a fact value that is not
 * an object is returned as it is; a missing key gives undefined. Only own properties are read.
 */
export function resolvePath(value: unknown, segments: readonly string[]): unknown {
  if (value === null || typeof value !== "object") return value;
  let cur: unknown = value;
  for (const seg of segments) {
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
