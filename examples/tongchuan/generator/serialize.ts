/** JSON output: small files pretty-printed, big ones with one array element per line. */

const WIDTH = 110;

function isPrimitive(v: unknown): boolean {
  return v === null || typeof v !== "object";
}

/**
 * Formats a value the way the workspace's formatter (biome, line width 110) prints JSON:
 * non-empty objects one key per line, arrays of primitives on one line when they fit.
 * `col` is where the value starts on its line; `tail` the characters that follow it (a comma).
 */
function format(v: unknown, indent: number, col: number, tail: number): string {
  if (isPrimitive(v)) return JSON.stringify(v);
  const inner = "  ".repeat(indent + 1);
  const outer = "  ".repeat(indent);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    if (v.every(isPrimitive)) {
      const flat = `[${v.map((x) => JSON.stringify(x)).join(", ")}]`;
      if (col + flat.length + tail <= WIDTH) return flat;
    }
    const items = v.map((x, i) => inner + format(x, indent + 1, inner.length, i < v.length - 1 ? 1 : 0));
    return `[\n${items.join(",\n")}\n${outer}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, x], i) => {
    const head = `${inner}${JSON.stringify(k)}: `;
    return head + format(x, indent + 1, head.length, i < entries.length - 1 ? 1 : 0);
  });
  return `{\n${lines.join(",\n")}\n${outer}}`;
}

/** Pretty-printed JSON, as the workspace's formatter would print it, with a final newline. */
export function pretty(value: unknown): string {
  return `${format(value, 0, 0, 0)}\n`;
}

/**
 * A top-level object whose arrays are written one compact element per line, so the big files
 * stay small and a change shows up as a change of the lines it touches.
 */
export function linePerElement(obj: Record<string, unknown>): string {
  const fields = Object.entries(obj)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const key = JSON.stringify(k);
      if (Array.isArray(v)) {
        if (v.length === 0) return `  ${key}: []`;
        return `  ${key}: [\n${v.map((e) => `    ${JSON.stringify(e)}`).join(",\n")}\n  ]`;
      }
      return `  ${key}: ${JSON.stringify(v)}`;
    });
  return `{\n${fields.join(",\n")}\n}\n`;
}
