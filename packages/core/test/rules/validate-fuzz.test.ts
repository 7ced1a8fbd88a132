import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { validateRuleSet } from "@lianxin/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleRuleSet } from "./sample-rule-set.js";

const rulesDir = fileURLToPath(new URL("../../../../examples/tongchuan/rules/", import.meta.url));
/** The documents mutated: the sample and the five Tongchuan rule sets. */
const BASES = [
  sampleRuleSet(),
  ...readdirSync(rulesDir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(`${rulesDir}${f}`, "utf8"))),
];

/** Every path to a value in a JSON document. */
function paths(doc: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (Array.isArray(doc)) for (const [i, v] of doc.entries()) paths(v, [...prefix, i], out);
  else if (doc !== null && typeof doc === "object")
    for (const [k, v] of Object.entries(doc)) paths(v, [...prefix, k], out);
  return out;
}

const hostile = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "$..*",
  "$.a[?(@.b)]",
  "vaule",
  "fact",
  "all",
  "any",
  "not",
  "condition",
  "toString",
  "hasOwnProperty",
);

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom("replace", "delete", "rename", "add", "wrap", "proto"),
  key: fc.oneof(hostile, fc.string({ maxLength: 8 })),
  value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostile, fc.constant({ polluted: true })),
});

function mutate(doc: any, muts: { at: number; kind: string; key: string; value: unknown }[]): string {
  let text = JSON.stringify(doc);
  for (const m of muts) {
    const d = JSON.parse(text);
    const all = paths(d);
    const path = all[m.at % all.length]!;
    const parentPath = path.slice(0, -1);
    const last = path.at(-1);
    let parent: any = d;
    for (const p of parentPath) parent = parent[p];
    const target = path.length === 0 ? d : parent[last!];
    if (m.kind === "replace" && path.length > 0) parent[last!] = m.value;
    else if (m.kind === "delete" && path.length > 0) {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last!];
    } else if (m.kind === "rename" && path.length > 0 && !Array.isArray(parent)) {
      parent[m.key] = parent[last!];
      delete parent[last!];
    } else if (m.kind === "add" && target !== null && typeof target === "object" && !Array.isArray(target))
      target[m.key] = m.value;
    else if (m.kind === "wrap" && path.length > 0) parent[last!] = { [m.key]: [target] };
    text = JSON.stringify(d);
    if (m.kind === "proto") text = text.replace(/^\{/, `{"__proto__":{"polluted":true},`);
  }
  return text;
}

describe("validateRuleSet under fuzzing", () => {
  it("never throws, never hangs and never pollutes a prototype on 10,000 mutated documents", () => {
    let invalid = 0;
    fc.assert(
      fc.property(
        fc.nat(BASES.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (b, muts, cut) => {
          let text = mutate(BASES[b]!, muts);
          if (cut % 5 === 0) text = text.slice(0, cut % (text.length + 1)); // truncated text
          const start = performance.now();
          const r = validateRuleSet(text);
          expect(performance.now() - start).toBeLessThan(1000);
          if (!r.ok) {
            invalid++;
            for (const i of r.issues) {
              expect(typeof i.code).toBe("string");
              expect(typeof i.pointer).toBe("string");
              expect(i.message.en.length).toBeGreaterThan(0);
              expect(i.message["zh-CN"].length).toBeGreaterThan(0);
            }
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(Object.prototype).not.toHaveProperty("polluted");
        },
      ),
      { numRuns: 10_000 },
    );
    expect(invalid).toBeGreaterThan(5_000);
  });
});
