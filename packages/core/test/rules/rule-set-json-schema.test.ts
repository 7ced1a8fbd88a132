import { DISTRICT_FILES, districtJsonSchemas, ruleSetJsonSchema } from "@lianxin/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { tongchuanFiles } from "../district/tongchuan-bundle.js";
import { sampleRuleSet } from "./sample-rule-set.js";

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);

describe("the exported JSON Schemas", () => {
  it("accept a valid rule set and reject a misspelt key and an unknown operator", () => {
    const validate = ajv.compile(ruleSetJsonSchema());
    expect(validate(sampleRuleSet()), JSON.stringify(validate.errors)).toBe(true);
    const bad = sampleRuleSet();
    bad.rules[0].conditions.all[0].vaule = 1;
    expect(validate(bad)).toBe(false);
    const bad2 = sampleRuleSet();
    bad2.rules[0].conditions.all[0].operator = "equals";
    expect(validate(bad2)).toBe(false);
  });

  it("accept every file of the Tongchuan bundle", () => {
    const schemas = districtJsonSchemas();
    const files = tongchuanFiles();
    for (const name of Object.keys(DISTRICT_FILES) as (keyof typeof DISTRICT_FILES)[]) {
      const validate = ajv.compile(schemas[name]);
      expect(validate(files[name]), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });
});
