import { fromPointer, lineColumn, locatePointers, parseJsonSource, toPointer } from "@lianxin/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

describe("JSON text with positions", () => {
  it("reports the line and column of a syntax error", () => {
    const r = parseJsonSource('{\n  "a": 1,\n  "b": [1, 2,, 3]\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.problem.line, r.problem.column]).toEqual([3, 14]);
  });

  it("reports an unterminated string and a trailing comma", () => {
    for (const [text, line, column] of [
      ['{"a": "x', 1, 9],
      ['{"a": 1,\n}', 2, 1],
      ["", 1, 1],
    ] as const) {
      const r = parseJsonSource(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect([r.problem.line, r.problem.column], text).toEqual([line, column]);
    }
  });

  it("ignores a byte order mark", () => {
    expect(parseJsonSource('\uFEFF{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it("locates the values that pointers name", () => {
    const text = '{\n  "units": [\n    {"code": "1", "a/b": {"x~y": 2}}\n  ]\n}';
    const found = locatePointers(text, ["/units/0/code", "/units/0/a~1b/x~0y", "/nope"]);
    expect(found.get("/units/0/code")).toEqual({ line: 3, column: 14 });
    expect(found.get("/units/0/a~1b/x~0y")).toEqual({ line: 3, column: 34 });
    expect(found.has("/nope")).toBe(false);
  });

  it("agrees with JSON.parse on which texts are valid", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(parseJsonSource(text).ok).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips JSON pointers and finds every value they name", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.nat(20)), { maxLength: 6 }), (path) => {
        expect(fromPointer(toPointer(path))).toEqual(path.map(String));
      }),
    );
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});
