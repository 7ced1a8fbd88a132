import * as z from "zod";
import { EVENT_TYPES } from "./event-types.js";
import { FACT_CATALOGUE, factPaths } from "./fact-catalogue.js";
import { OPERATORS } from "./operators.js";
import { RULE_STAGES } from "./rule-set.js";

/**
 * The JSON Schema (draft 2020-12) of a rule set, for editors: a rule file whose `$schema`
 * names it gets completion of keys, facts, paths, operators and event types, and checking.
 * `lianxin rules schema` writes it. Validation proper is `validateRuleSet`, which checks more
 * (paths against facts, value types, references).
 */
export function ruleSetJsonSchema(): Record<string, unknown> {
  const facts = Object.keys(FACT_CATALOGUE);
  const paths = [...new Set(Object.values(FACT_CATALOGUE).flatMap((f) => factPaths(f)))].sort();
  const meta = { priority: { type: "integer", minimum: 1 }, name: { type: "string", maxLength: 200 } };
  const factRef = {
    type: "object",
    required: ["fact"],
    additionalProperties: false,
    properties: {
      fact: { enum: facts },
      path: { type: "string", examples: paths },
      params: { type: "object" },
    },
  };
  const events = Object.entries(EVENT_TYPES).map(([type, schema]) => ({
    type: "object",
    required: ["type"],
    additionalProperties: false,
    properties: {
      type: { const: type },
      params: z.toJSONSchema(schema as z.ZodType, {
        io: "input",
        unrepresentable: "any",
        target: "draft-2020-12",
      }),
    },
  }));
  const name = {
    type: "object",
    additionalProperties: false,
    minProperties: 1,
    properties: { zh: { type: "string" }, en: { type: "string" } },
  };
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://lianxin.dev/schema/rule-set.schema.json",
    title: "Lianxin rule set",
    type: "object",
    required: ["id", "version", "effectiveFrom", "rules"],
    additionalProperties: false,
    properties: {
      $schema: { type: "string" },
      id: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$" },
      version: { type: "string", pattern: "^\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.-]+)?$" },
      effectiveFrom: { type: "string", format: "date" },
      effectiveTo: { type: "string", format: "date" },
      stage: { enum: [...RULE_STAGES] },
      description: { type: "string" },
      conditions: { type: "object", additionalProperties: { $ref: "#/$defs/condition" } },
      rules: { type: "array", items: { $ref: "#/$defs/rule" } },
      tests: { type: "array", items: { $ref: "#/$defs/test" } },
    },
    $defs: {
      rule: {
        type: "object",
        required: ["id", "name", "conditions", "event"],
        additionalProperties: false,
        properties: {
          id: { type: "string" },
          name,
          description: { type: "string" },
          priority: { type: "integer", minimum: 1, default: 1 },
          enabled: { type: "boolean", default: true },
          conditions: { $ref: "#/$defs/condition" },
          event: { oneOf: events },
        },
      },
      condition: {
        oneOf: [
          {
            type: "object",
            required: ["all"],
            additionalProperties: false,
            properties: {
              all: { type: "array", minItems: 1, items: { $ref: "#/$defs/condition" } },
              ...meta,
            },
          },
          {
            type: "object",
            required: ["any"],
            additionalProperties: false,
            properties: {
              any: { type: "array", minItems: 1, items: { $ref: "#/$defs/condition" } },
              ...meta,
            },
          },
          {
            type: "object",
            required: ["not"],
            additionalProperties: false,
            properties: { not: { $ref: "#/$defs/condition" }, ...meta },
          },
          {
            type: "object",
            required: ["condition"],
            additionalProperties: false,
            properties: { condition: { type: "string" }, ...meta },
          },
          {
            type: "object",
            required: ["fact", "operator", "value"],
            additionalProperties: false,
            properties: {
              fact: { enum: facts },
              path: { type: "string", examples: paths },
              operator: { enum: Object.keys(OPERATORS) },
              value: { anyOf: [factRef, { type: ["string", "number", "boolean", "null", "array"] }] },
              params: { type: "object" },
              ...meta,
            },
          },
        ],
      },
      expectation: {
        type: "object",
        required: ["type"],
        additionalProperties: false,
        properties: { type: { enum: Object.keys(EVENT_TYPES) }, params: { type: "object" } },
      },
      test: {
        type: "object",
        required: ["name", "given", "expect"],
        additionalProperties: false,
        properties: {
          name: { type: "string" },
          given: {
            type: "object",
            additionalProperties: false,
            properties: Object.fromEntries(facts.map((f) => [f, {}])),
          },
          expect: {
            type: "object",
            additionalProperties: false,
            properties: {
              events: { type: "array", items: { $ref: "#/$defs/expectation" } },
              exactly: { type: "boolean" },
              absent: { type: "array", items: { $ref: "#/$defs/expectation" } },
              fired: { type: "array", items: { type: "string" } },
              notFired: { type: "array", items: { type: "string" } },
            },
          },
        },
      },
    },
  };
}
