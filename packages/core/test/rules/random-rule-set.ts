/**
 * fast-check arbitraries for random VALID rule sets and for random (often malformed) facts,
 * drawn from the same small vocabularies so that rules often match.
 */
import fc from "fast-check";
import { FACT_CATALOGUE, type FactType, typeAtPath } from "../../src/rules/fact-catalogue.js";
import { OPERATORS, type OperatorName } from "../../src/rules/operators.js";
import type { Facts } from "../../src/rules/rule-result.js";
import type { Condition, Rule, RuleSet } from "../../src/rules/rule-set.js";
import { pathSegments } from "../../src/rules/safe-path.js";

// ---- vocabularies ------------------------------------------------------------------------------

export const CATEGORIES = ["elderly-care", "housing", "medical", "dispute", "sanitation"] as const;
export const SERVICE_CODES = ["MED-BUY", "PENSION-CERT", "SOC-INS"] as const;
export const TAGS = [
  "living-alone",
  "aged-80-plus",
  "disabled",
  "low-income",
  "subsistence-allowance",
] as const;
const WORDS = ["漏水", "water", "Fall", "NOISE", "药"];
const DESCRIPTIONS = ["老人在家摔倒 fall", "楼上漏水 WATER leak", "noise at night", "帮忙买药", "", "abc"];
const UNITS = ["6102", "610202", "610202001", "610203"];
const GRID_PATHS = [["6102", "610202", "610202001"], ["6102", "610203"], ["6102"], []];
const DOMAINS = ["civil-affairs", "health", "housing"];
const NUMBERS = [0, 1, 3, 12, 59, 60, 65, 80, 100];
const NUMBER_LITERALS = [-1, 0, 1, 2.5, 3, 7, 12, 30, 60, 65, 80, 100, 365];
const HOURS = [0, 8, 12, 17, 18, 23];
const TIMESTAMPS = [
  "2026-03-01T08:00:00+08:00",
  "2026-02-20T08:00:00+08:00",
  "2025-03-01T00:00:00Z",
  "2026-03-01T23:59:00Z",
];
const DATES = ["2026-03-01", "2026-03-02"];
/** The `now` the tests pass as an option (facts may override it with `time.now`). */
export const NOW = Date.parse("2026-03-02T00:00:00Z");
const enumOf = (fact: string, field: string): readonly string[] => {
  const t = typeAtPath(FACT_CATALOGUE[fact]!, [field]);
  if (t?.type !== "string" || !t.values) throw new Error(`${fact}.${field} is not an enum in the catalogue`);
  return t.values;
};
const SOURCES = enumOf("need", "source");
const URGENCIES = enumOf("need", "urgency");
const GENDERS = enumOf("resident", "gender");
const LEVELS = enumOf("grid", "level");
const HANDLERS = enumOf("service", "handler");

/** Values of the wrong type, malformed or surprising, mixed into facts and `any`-typed literals. */
const WEIRD_SCALARS = [
  null,
  "12",
  12,
  "",
  "abc",
  true,
  false,
  "12abc",
  60.5,
  -1,
  "housing",
  "living-alone",
  "0",
];
const WEIRD = [...WEIRD_SCALARS, [], ["housing"], [12], ["living-alone"], {}, { category: "housing" }];

// ---- paths rules test --------------------------------------------------------------------------

interface PathSpec {
  fact: string;
  path: string;
  type: FactType | { type: "any" };
  /** Literal scalars a rule compares with (elements, for arrays). */
  scalars: readonly unknown[];
}

function spec(fact: string, path: string, scalars: readonly unknown[]): PathSpec {
  const type = typeAtPath(FACT_CATALOGUE[fact]!, pathSegments(path));
  if (!type) throw new Error(`the catalogue has no ${fact}.${path}`);
  return { fact, path, type, scalars };
}

const FREE = [...WEIRD_SCALARS, 3, "3", 65, "yes"];
const PATHS: readonly PathSpec[] = [
  spec("need", "category", CATEGORIES),
  spec("need", "$.category", CATEGORIES),
  spec("need", "serviceCode", SERVICE_CODES),
  spec("need", "source", SOURCES),
  spec("need", "urgency", URGENCIES),
  spec("need", "description", [...DESCRIPTIONS, ...WORDS]),
  spec("need", "tags", TAGS),
  spec("need", "tags.0", TAGS),
  spec("need", "attributes", FREE),
  spec("need", "attributes.floor", FREE),
  spec("need", "attributes.elevator", FREE),
  spec("need", "attributes.x.y", FREE),
  spec("need", "receivedAt", TIMESTAMPS),
  spec("need", "hasLocation", [true, false]),
  spec("need", "services", SERVICE_CODES),
  spec("resident", "age", NUMBERS),
  spec("resident", "tags", TAGS),
  spec("resident", "gender", GENDERS),
  spec("resident", "known", [true, false]),
  spec("resident", "lastServedAt", TIMESTAMPS),
  spec("resident", "openNeeds", NUMBERS),
  spec("resident", "grid", UNITS),
  spec("grid", "path", UNITS),
  spec("grid", "path.1", UNITS),
  spec("grid", "level", LEVELS),
  spec("grid", "households", NUMBERS),
  spec("grid", "domains", DOMAINS),
  spec("grid", "code", UNITS),
  spec("grid", "demonstration", [true, false]),
  spec("time", "hour", HOURS),
  spec("time", "weekday", [1, 2, 3, 4, 5, 6, 7]),
  spec("time", "isWorkingDay", [true, false]),
  spec("time", "now", TIMESTAMPS),
  spec("time", "date", DATES),
  spec("service", "code", SERVICE_CODES),
  spec("service", "proxy", [true, false]),
  spec("service", "handler", HANDLERS),
  spec("service", "domain", DOMAINS),
];

const typeKind = (t: PathSpec["type"]): string =>
  t.type === "object" || t.type === "record" ? "any" : t.type;
const OPERATOR_NAMES = Object.keys(OPERATORS) as OperatorName[];

/** Every (path, operator) pair the validator accepts. */
const PAIRS: readonly [PathSpec, OperatorName][] = PATHS.flatMap((p) =>
  OPERATOR_NAMES.filter((op) => {
    const kind = typeKind(p.type);
    return kind === "any" || (OPERATORS[op].fact as readonly string[]).includes(kind);
  }).map((op) => [p, op] as [PathSpec, OperatorName]),
);
for (const op of OPERATOR_NAMES)
  if (!PAIRS.some(([, o]) => o === op)) throw new Error(`no path the generator knows accepts ${op}`);

/** The literal values a condition on `p` with `op` may compare with. */
function literal(p: PathSpec, op: OperatorName): fc.Arbitrary<unknown> {
  const t = p.type;
  const elem = t.type === "array" ? t.items : t.type === "timestamp" ? "string" : t.type;
  const free = elem === "any" || elem === "object" || elem === "record";
  const scalars = free ? [...new Set([...p.scalars, ...WEIRD_SCALARS])] : [...p.scalars, null];
  const strings = [
    ...new Set([...scalars.filter((s): s is string => typeof s === "string"), ...(free ? WORDS : [])]),
  ];
  switch (OPERATORS[op].value) {
    case "scalar":
      return fc.constantFrom(...scalars);
    case "number":
      return op.startsWith("daysSince")
        ? fc.constantFrom(0, 1, 7, 30, 365, 0.5)
        : fc.constantFrom(...NUMBER_LITERALS);
    case "number-pair":
      return fc
        .tuple(fc.constantFrom(...NUMBER_LITERALS), fc.constantFrom(...NUMBER_LITERALS))
        .map(([a, b]) => (a <= b ? [a, b] : [b, a]));
    case "array":
      return fc.array(fc.constantFrom(...scalars), { maxLength: 4 });
    case "string-array":
      return fc.array(fc.constantFrom(...(strings.length > 0 ? strings : ["x"])), {
        minLength: 1,
        maxLength: 3,
      });
  }
}

const extras = fc.record(
  { priority: fc.integer({ min: 1, max: 3 }), name: fc.constantFrom("a", "检查") },
  { requiredKeys: [], noNullPrototype: true },
);

const leafWithLiteral: fc.Arbitrary<Condition> = fc.constantFrom(...PAIRS).chain(([p, op]) =>
  fc
    .tuple(literal(p, op), extras, fc.option(fc.constant({ unused: 1 }), { nil: undefined, freq: 8 }))
    .map(([value, more, params]) => ({
      fact: p.fact,
      path: p.path,
      operator: op,
      value,
      ...more,
      ...(params ? { params } : {}),
    })),
);

/** Fact-to-fact comparisons: the right-hand side is `{ fact, path }`. */
const leafWithReference: fc.Arbitrary<Condition> = fc
  .tuple(fc.constantFrom(...PAIRS), fc.constantFrom(...PATHS), fc.boolean())
  .map(([[p, op], r, params]) => ({
    fact: p.fact,
    path: p.path,
    operator: op,
    value: { fact: r.fact, path: r.path, ...(params ? { params: {} } : {}) },
  }));

/** The conditions the index keys on: equal / in a literal, on shared paths. */
const discriminator: fc.Arbitrary<Condition> = fc.oneof(
  fc
    .constantFrom(...CATEGORIES, null)
    .map((value) => ({ fact: "need", path: "category", operator: "equal", value })),
  fc
    .subarray([...CATEGORIES], { maxLength: 3 })
    .map((value) => ({ fact: "need", path: "category", operator: "in", value })),
  fc
    .constantFrom(...SERVICE_CODES)
    .map((value) => ({ fact: "need", path: "serviceCode", operator: "equal", value })),
  fc
    .constantFrom(...SERVICE_CODES)
    .map((value) => ({ fact: "service", path: "code", operator: "equal", value })),
  fc
    .subarray([...LEVELS], { minLength: 1 })
    .map((value) => ({ fact: "grid", path: "level", operator: "in", value })),
  fc.constantFrom(...URGENCIES).map((value) => ({ fact: "need", path: "urgency", operator: "equal", value })),
);

const leaf = fc.oneof(
  { weight: 6, arbitrary: leafWithLiteral },
  { weight: 2, arbitrary: leafWithReference },
  { weight: 1, arbitrary: discriminator },
);

/** Conditions nested up to `depth` levels, which may refer to the shared conditions `refs`. */
function conditionArb(refs: readonly string[]): (depth: number) => fc.Arbitrary<Condition> {
  const ref: fc.Arbitrary<Condition> | undefined =
    refs.length > 0 ? fc.constantFrom(...refs).map((condition) => ({ condition })) : undefined;
  const withRef = (arbs: fc.WeightedArbitrary<Condition>[]) =>
    ref ? [...arbs, { weight: 1, arbitrary: ref }] : arbs;
  return fc.memo((n) => {
    if (n <= 1) return fc.oneof(...withRef([{ weight: 8, arbitrary: leaf }]));
    const child = conditionArb(refs)(n - 1);
    const list = fc.array(child, { minLength: 1, maxLength: 4 });
    return fc.oneof(
      ...withRef([
        { weight: 5, arbitrary: leaf },
        { weight: 2, arbitrary: fc.tuple(list, extras).map(([all, more]) => ({ all, ...more })) },
        { weight: 2, arbitrary: fc.tuple(list, extras).map(([any, more]) => ({ any, ...more })) },
        { weight: 1, arbitrary: child.map((not) => ({ not })) },
      ]),
    );
  });
}

/** A rule's root: mostly an `all` that often starts with a discriminator, as real rule sets do. */
function rootArb(refs: readonly string[]): fc.Arbitrary<Condition> {
  const node = conditionArb(refs);
  const topAll = fc
    .tuple(
      fc.option(discriminator, { nil: undefined, freq: 3 }),
      fc.array(node(3), { minLength: 1, maxLength: 4 }),
    )
    .map(([d, rest]) => ({ all: d ? [d, ...rest] : rest }));
  // json-rules-engine (and so the validator) wants all / any / not / condition at the root.
  return fc.oneof(
    { weight: 8, arbitrary: topAll },
    { weight: 1, arbitrary: node(4).map(wrapLeaf) },
    { weight: 1, arbitrary: leaf.map((l) => ({ any: [l] })) },
  );
}

/** A leaf wrapped in an `all`, since a leaf cannot be the root of a rule or shared condition. */
function wrapLeaf(c: Condition): Condition {
  return "fact" in c ? { all: [c] } : c;
}

const EVENTS: readonly Rule["event"][] = [
  { type: "classify", params: { category: "elderly-care" } },
  { type: "classify", params: { urgency: "urgent", tags: ["living-alone"] } },
  { type: "offer-service", params: { service: "MED-BUY", score: 80 } },
  { type: "offer-service", params: { service: "PENSION-CERT" } },
  {
    type: "eligibility",
    params: { service: "SOC-INS", eligible: false, reason: { zh: "不符合条件", en: "not eligible" } },
  },
  { type: "dedupe", params: { windowHours: 24, match: ["subject", "service"] } },
  { type: "route", params: { level: "community" } },
  { type: "route", params: { as: "assist", domain: "health", role: "grid-worker" } },
  { type: "route", params: { unit: "610202" } },
  { type: "match-resources", params: { kinds: ["volunteer"], count: 2 } },
  { type: "match-resources" },
  { type: "deadline", params: { policy: "standard-3d" } },
  {
    type: "notify",
    params: { template: "need-received", recipients: ["grid-worker", "resident"], channels: ["sms"] },
  },
  { type: "reject", params: { code: "out-of-scope", reason: { zh: "不属于受理范围" } } },
  { type: "redirect", params: { to: { zh: "派出所" }, reason: { zh: "治安事项" }, unit: "610202" } },
];

/** Random valid rule sets: 1–8 rules, 0–3 shared conditions, priorities 1–5, some rules disabled. */
export const ruleSetArb: fc.Arbitrary<RuleSet> = fc.integer({ min: 0, max: 3 }).chain((sharedCount) => {
  const names = Array.from({ length: sharedCount }, (_, i) => `shared${i}`);
  // A shared condition may refer only to the ones before it: no cycles.
  const shared = fc.tuple(
    ...names.map((_, i) =>
      fc.oneof(
        { weight: 4, arbitrary: conditionArb(names.slice(0, i))(3).map(wrapLeaf) },
        { weight: 1, arbitrary: leaf.map((l) => ({ all: [l] })) },
      ),
    ),
  );
  const rule = fc.record(
    {
      conditions: rootArb(names),
      priority: fc.integer({ min: 1, max: 5 }),
      enabled: fc.constantFrom(true, true, true, true, true, false, undefined),
      event: fc.constantFrom(...EVENTS),
    },
    { noNullPrototype: true },
  );
  return fc.tuple(shared, fc.array(rule, { minLength: 1, maxLength: 8 })).map(([conds, rules]) => ({
    id: "random-set",
    version: "1.0.0",
    effectiveFrom: "2026-01-01",
    ...(sharedCount > 0 ? { conditions: Object.fromEntries(names.map((n, i) => [n, conds[i]!])) } : {}),
    rules: rules.map((r, i) => ({
      id: `r${i}`,
      name: { zh: `规则${i}` },
      priority: r.priority,
      ...(r.enabled === undefined ? {} : { enabled: r.enabled }),
      conditions: r.conditions,
      event: structuredClone(r.event),
    })) as Rule[],
  }));
});

// ---- facts -------------------------------------------------------------------------------------

const weird = fc.constantFrom(...WEIRD).map((v) => structuredClone(v));
/** Mostly a typical value, sometimes one of the wrong type. */
const field = <T>(typical: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: typical as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: weird });
const one = <T>(values: readonly T[]) => field(fc.constantFrom(...values));
const some = (values: readonly string[]) => field(fc.subarray([...values]));
const bool = one([true, false]);
const numberish = one([...NUMBERS, "12", "60", "65"]);

const needArb = fc.record(
  {
    id: fc.constant("n1"),
    category: one(CATEGORIES),
    serviceCode: one(SERVICE_CODES),
    source: one(SOURCES),
    urgency: one(URGENCIES),
    description: one(DESCRIPTIONS),
    tags: some(TAGS),
    attributes: field(
      fc.record(
        {
          floor: one([1, 3, "3", 12, "12", 65]),
          elevator: one([true, false, "yes"]),
          x: field(fc.record({ y: one(FREE) }, { noNullPrototype: true })),
        },
        { requiredKeys: [], noNullPrototype: true },
      ),
    ),
    hasLocation: bool,
    receivedAt: one(TIMESTAMPS),
    services: some(SERVICE_CODES),
  },
  { requiredKeys: [], noNullPrototype: true },
);
const residentArb = fc.record(
  {
    known: bool,
    age: numberish,
    gender: one(GENDERS),
    tags: some(TAGS),
    grid: one(UNITS),
    lastServedAt: one([...TIMESTAMPS, "not a date"]),
    openNeeds: numberish,
  },
  { requiredKeys: [], noNullPrototype: true },
);
const gridArb = fc.record(
  {
    code: one(UNITS),
    level: one(LEVELS),
    path: one(GRID_PATHS).map((v) => structuredClone(v)),
    domains: some(DOMAINS),
    households: numberish,
    demonstration: bool,
  },
  { requiredKeys: [], noNullPrototype: true },
);
const timeArb = fc.record(
  {
    now: one([...TIMESTAMPS, "not a date"]),
    date: one(DATES),
    hour: one(HOURS),
    weekday: one([1, 2, 3, 4, 5, 6, 7, "3"]),
    isWorkingDay: bool,
  },
  { requiredKeys: [], noNullPrototype: true },
);
const serviceArb = fc.record(
  { code: one(SERVICE_CODES), proxy: bool, handler: one(HANDLERS), domain: one(DOMAINS) },
  { requiredKeys: [], noNullPrototype: true },
);

/** A fact: usually an object, sometimes null, a scalar or an array (paths then return it as is). */
const factOf = (object: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 12, arbitrary: object },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: weird },
    { weight: 1, arbitrary: fc.constantFrom(...CATEGORIES, ...NUMBERS) },
  );

/** Random facts (JSON data: plain objects, never a null prototype): any fact may be missing, null, of the wrong type, or lack nested keys. */
export const factsArb: fc.Arbitrary<Facts> = fc.record(
  {
    need: factOf(needArb),
    resident: factOf(residentArb),
    grid: factOf(gridArb),
    time: factOf(timeArb),
    service: factOf(serviceArb),
  },
  { requiredKeys: [], noNullPrototype: true },
);
