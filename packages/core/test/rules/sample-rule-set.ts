/** A small valid rule set in the shape policy staff write, used by the validation tests. */
export function sampleRuleSet(): any {
  return {
    id: "tongchuan-triage-sample",
    version: "1.0.0",
    effectiveFrom: "2026-01-01",
    stage: "triage",
    conditions: {
      elderlyAlone: {
        all: [
          { fact: "resident", path: "age", operator: "greaterThanInclusive", value: 80 },
          { fact: "resident", path: "tags", operator: "contains", value: "living-alone" },
        ],
      },
    },
    rules: [
      {
        id: "medicine-proxy",
        name: { zh: "代购药品", en: "Buy medicine" },
        priority: 10,
        conditions: {
          all: [
            { fact: "need", path: "description", operator: "textIncludesAny", value: ["药", "medicine"] },
            {
              any: [
                { condition: "elderlyAlone" },
                {
                  fact: "resident",
                  path: "tags",
                  operator: "hasAnyTag",
                  value: ["mobility-limited", "disabled"],
                },
              ],
            },
          ],
        },
        event: { type: "offer-service", params: { service: "DB-WJ-001", score: 90 } },
      },
      {
        id: "urgent-elderly",
        name: { zh: "高龄独居加急" },
        conditions: {
          all: [
            { condition: "elderlyAlone" },
            { not: { fact: "need", path: "urgency", operator: "equal", value: "emergency" } },
          ],
        },
        event: { type: "classify", params: { urgency: "urgent", tags: ["elderly-alone"] } },
      },
    ],
    tests: [
      {
        name: "an 82-year-old living alone asks for stomach medicine",
        given: {
          need: { description: "胃药吃完了，想请网格员代买", urgency: "normal" },
          resident: { age: 82, tags: ["living-alone", "chronic-illness"] },
        },
        expect: {
          events: [{ type: "offer-service", params: { service: "DB-WJ-001" } }, { type: "classify" }],
        },
      },
    ],
  };
}
