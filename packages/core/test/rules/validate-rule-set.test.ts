import { type District, loadDistrict, validateRuleSet } from "@lianxin/core";
import { beforeAll, describe, expect, it } from "vitest";
import { TONGCHUAN_DIR } from "../district/tongchuan-bundle.js";
import { sampleRuleSet } from "./sample-rule-set.js";

const problems = (doc: unknown, options = {}) => {
  const r = validateRuleSet(typeof doc === "string" ? doc : JSON.stringify(doc, null, 2), options);
  return r.ok ? [] : r.issues.map((i) => [i.code, i.pointer]);
};
const broken = (edit: (d: any) => void) => {
  const d = sampleRuleSet();
  edit(d);
  return d;
};

describe("validateRuleSet", () => {
  it("accepts a valid rule set and fills in defaults", () => {
    const r = validateRuleSet(sampleRuleSet());
    expect(r.issues).toEqual([]);
    if (!r.ok) return;
    expect(r.ruleSet.rules[1]!.priority).toBe(1);
    expect(r.ruleSet.rules[1]!.enabled).toBe(true);
  });

  it("reports invalid JSON with its line and column", () => {
    const r = validateRuleSet('{\n  "id": "x",\n  "rules": [\n    {"id": "a",}\n  ]\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ code: "json.syntax", line: 4, column: 16 });
  });

  it("names a misspelt key and suggests the right one, with line and column", () => {
    const doc = broken((d) => {
      const leaf = d.rules[0].conditions.all[0];
      leaf.vaule = leaf.value;
      delete leaf.value;
    });
    const r = validateRuleSet(JSON.stringify(doc, null, 2));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const key = r.issues.find((i) => i.code === "schema.unrecognized_key")!;
    expect(key.pointer).toBe("/rules/0/conditions/all/0/vaule");
    expect(key.message.en).toContain('did you mean "value"');
    expect(key.message["zh-CN"]).toContain('是否应为 "value"');
    expect(key.line).toBeGreaterThan(1);
    expect(r.issues.map((i) => i.code)).toContain("rules.value_missing");
  });

  it("reports unknown facts, paths, operators and event types with suggestions", () => {
    const doc = broken((d) => {
      d.rules[0].conditions.all[0].fact = "residnet";
      d.conditions.elderlyAlone.all[0].path = "ages";
      d.conditions.elderlyAlone.all[1].operator = "contain";
      d.rules[1].event.type = "clasify";
    });
    const r = validateRuleSet(doc);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byCode = Object.fromEntries(r.issues.map((i) => [i.code, i]));
    expect(byCode["rules.unknown_fact"]).toMatchObject({ pointer: "/rules/0/conditions/all/0/fact" });
    expect(byCode["rules.unknown_fact"]!.message.en).toContain('"resident"');
    expect(byCode["rules.unknown_path"]).toMatchObject({ pointer: "/conditions/elderlyAlone/all/0/path" });
    expect(byCode["rules.unknown_path"]!.message.en).toContain('"age"');
    expect(byCode["rules.unknown_operator"]).toMatchObject({
      pointer: "/conditions/elderlyAlone/all/1/operator",
    });
    expect(byCode["rules.unknown_operator"]!.message.en).toContain('"contains"');
    expect(byCode["rules.unknown_event_type"]).toMatchObject({ pointer: "/rules/1/event/type" });
    expect(byCode["rules.unknown_event_type"]!.message["zh-CN"]).toContain('"classify"');
  });

  it("rejects unsafe paths: prototype keys, brackets, filters, wildcards", () => {
    for (const path of [
      "__proto__",
      "tags.constructor",
      "prototype.x",
      "tags[0]",
      "$..age",
      "$.tags[?(@.x)]",
      "*",
      "a..b",
    ]) {
      const doc = broken((d) => {
        d.conditions.elderlyAlone.all[0].path = path;
      });
      expect(problems(doc), path).toEqual([["rules.unsafe_path", "/conditions/elderlyAlone/all/0/path"]]);
    }
    expect(problems(broken((d) => void (d.conditions.elderlyAlone.all[0].path = "$.age")))).toEqual([]);
  });

  it("checks values against operators and fact types", () => {
    const doc = broken((d) => {
      d.conditions.elderlyAlone.all[0].value = "80"; // a number is needed
      d.rules[1].conditions.all[1].not.value = "emergnecy"; // not an urgency
      d.rules[0].conditions.all[0].value = "药"; // textIncludesAny takes a list of words
      d.rules.push({
        id: "cat",
        name: { en: "category compared as a number" },
        conditions: { all: [{ fact: "need", path: "category", operator: "greaterThan", value: 3 }] },
        event: { type: "deadline", params: { policy: "general-7wd" } },
      });
    });
    expect(problems(doc)).toEqual(
      expect.arrayContaining([
        ["rules.value_type_mismatch", "/conditions/elderlyAlone/all/0/value"],
        ["rules.value_not_allowed", "/rules/1/conditions/all/1/not/value"],
        ["rules.value_type_mismatch", "/rules/0/conditions/all/0/value"],
        ["rules.operator_type_mismatch", "/rules/2/conditions/all/0/operator"],
      ]),
    );
  });

  it("checks event params per type", () => {
    const doc = broken((d) => {
      d.rules[1].event.params = { urgency: "urgnet" };
      d.rules[0].event.params = { servcie: "DB-WJ-001" };
    });
    expect(problems(doc)).toEqual(
      expect.arrayContaining([
        ["schema.invalid_value", "/rules/1/event/params/urgency"],
        ["schema.unrecognized_key", "/rules/0/event/params/servcie"],
        ["schema.missing", "/rules/0/event/params/service"],
      ]),
    );
  });

  it("reports duplicate rule ids, missing and cyclic shared conditions", () => {
    const doc = broken((d) => {
      d.rules[1].id = "medicine-proxy";
      d.rules[0].conditions.all[1].any[0].condition = "elderlyAlnoe";
      d.conditions.a = { condition: "b" };
      d.conditions.b = { all: [{ condition: "a" }] };
    });
    const found = problems(doc);
    expect(found).toEqual(
      expect.arrayContaining([
        ["rules.duplicate_id", "/rules/1/id"],
        ["rules.unknown_condition", "/rules/0/conditions/all/1/any/0/condition"],
        ["rules.condition_cycle", "/conditions/a"],
      ]),
    );
  });

  it("rejects a condition that is both a fact and a group, and empty groups", () => {
    const doc = broken((d) => {
      d.rules[0].conditions.all[0].all = [];
      d.rules[1].conditions = { any: [] };
    });
    expect(problems(doc)).toEqual([
      ["rules.condition_kind_ambiguous", "/rules/0/conditions/all/0"],
      ["rules.empty_group", "/rules/1/conditions/any"],
    ]);
  });

  it("checks rule tests: unknown facts, event types and rule ids", () => {
    const doc = broken((d) => {
      d.tests[0].given.residnet = {};
      d.tests[0].given.resident.ages = 85;
      d.tests[0].expect.fired = ["no-such-rule"];
      d.tests[0].expect.absent = [{ type: "notfiy" }];
    });
    expect(problems(doc)).toEqual(
      expect.arrayContaining([
        ["rules.unknown_fact", "/tests/0/given/residnet"],
        ["rules.unknown_path", "/tests/0/given/resident/ages"],
        ["rules.unknown_rule", "/tests/0/expect/fired/0"],
        ["rules.unknown_event_type", "/tests/0/expect/absent/0/type"],
      ]),
    );
  });

  it("enforces the limits: size, rule count, nesting, string length", () => {
    expect(problems(sampleRuleSet(), { limits: { maxBytes: 100 } })).toEqual([["rules.too_large", ""]]);
    const many = broken((d) => {
      d.rules = Array.from({ length: 30 }, (_, i) => ({ ...d.rules[1], id: `r${i}` }));
    });
    expect(problems(many, { limits: { maxRules: 20 } })).toEqual([["rules.too_many_rules", "/rules"]]);
    let deep: any = { fact: "need", path: "urgency", operator: "equal", value: "urgent" };
    for (let i = 0; i < 15; i++) deep = { not: deep };
    expect(problems(broken((d) => void (d.rules[1].conditions = deep)))[0]![0]).toBe("rules.too_deep");
    const long = broken((d) => void (d.rules[0].name.zh = "长".repeat(5000)));
    expect(problems(long)).toEqual([["rules.string_too_long", "/rules/0/name/zh"]]);
  });

  it("never overflows the stack or hangs on pathological documents", () => {
    const nested = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const r1 = validateRuleSet(nested);
    expect(r1.ok).toBe(false);
    const wide = { ...sampleRuleSet(), rules: Array.from({ length: 5000 }, () => ({})) };
    const start = performance.now();
    const r2 = validateRuleSet(wide);
    expect(r2.ok).toBe(false);
    expect(performance.now() - start).toBeLessThan(5000);
  });

  describe("against the Tongchuan district", () => {
    let district: District;
    beforeAll(async () => {
      district = await loadDistrict(TONGCHUAN_DIR, { geometry: false });
    });

    it("accepts codes that exist", () => {
      expect(problems(sampleRuleSet(), { district })).toEqual([]);
    });

    it("reports unknown service codes, units, domains, capabilities and deadline policies", () => {
      const doc = broken((d) => {
        d.rules[0].event.params.service = "DB-XX-999";
        d.rules.push(
          {
            id: "route",
            name: { en: "route" },
            conditions: {
              all: [{ fact: "grid", path: "path", operator: "withinUnit", value: "610299000000" }],
            },
            event: { type: "route", params: { domain: "space-agency", unit: "610204001003-099" } },
          },
          {
            id: "match",
            name: { en: "match" },
            conditions: {
              all: [{ fact: "need", path: "serviceCode", operator: "in", value: ["DB-WJ-001", "NOPE-1"] }],
            },
            event: { type: "match-resources", params: { capabilities: ["teleportation"] } },
          },
          {
            id: "due",
            name: { en: "due" },
            conditions: { all: [{ fact: "need", path: "urgency", operator: "equal", value: "urgent" }] },
            event: { type: "deadline", params: { policy: "sla-never" } },
          },
        );
      });
      expect(problems(doc, { district })).toEqual(
        expect.arrayContaining([
          ["rules.unknown_service", "/rules/0/event/params/service"],
          ["rules.unknown_unit", "/rules/2/conditions/all/0/value"],
          ["rules.unknown_domain", "/rules/2/event/params/domain"],
          ["rules.unknown_unit", "/rules/2/event/params/unit"],
          ["rules.unknown_service", "/rules/3/conditions/all/0/value/1"],
          ["rules.unknown_capability", "/rules/3/event/params/capabilities/0"],
          ["rules.unknown_deadline_policy", "/rules/4/event/params/policy"],
        ]),
      );
    });
  });
});
