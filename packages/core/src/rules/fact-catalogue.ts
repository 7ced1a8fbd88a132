/**
 * The facts rules may test, with the type of every path below them. A rule that names a fact
 * or a path that is not here does not validate: there is no silent `undefined`.
 */

/** The type of a fact or of a path below it. */
export type FactType =
  | { type: "string"; values?: readonly string[]; description?: string }
  | { type: "number"; description?: string }
  | { type: "boolean"; description?: string }
  | { type: "timestamp"; description?: string }
  | { type: "array"; items: "string" | "number"; description?: string }
  | { type: "object"; fields: Readonly<Record<string, FactType>>; description?: string }
  /** Free-form (intake attributes): any key, any JSON value. */
  | { type: "record"; description?: string };

const str = (description?: string, values?: readonly string[]): FactType => ({
  type: "string",
  ...(values ? { values } : {}),
  ...(description ? { description } : {}),
});
const num = (description?: string): FactType => ({ type: "number", ...(description ? { description } : {}) });
const bool = (description?: string): FactType => ({
  type: "boolean",
  ...(description ? { description } : {}),
});
const time = (description?: string): FactType => ({
  type: "timestamp",
  ...(description ? { description } : {}),
});
const strings = (description?: string): FactType => ({
  type: "array",
  items: "string",
  ...(description ? { description } : {}),
});

/** The catalogue of facts: the need, the resident, the grid and its ancestors, the service, the time. */
export const FACT_CATALOGUE: Readonly<Record<string, FactType>> = {
  need: {
    type: "object",
    description: "the need being decided",
    fields: {
      id: str(),
      source: str("where it came from", [
        "home-visit",
        "hotline-12345",
        "app",
        "walk-in",
        "proactive",
        "import",
      ]),
      category: str("category, once triage has set it"),
      serviceCode: str("the service item the caller named"),
      description: str("the resident's words"),
      urgency: str("urgency, once triage has set it", ["emergency", "urgent", "normal", "complex"]),
      tags: strings("tags of the need"),
      attributes: { type: "record", description: "intake attributes" },
      hasLocation: bool("the need has a map location"),
      addressCode: str("standard address code"),
      receivedAt: time("when it was received"),
      services: strings("service items matched so far"),
    },
  },
  resident: {
    type: "object",
    description: "the resident the need is for",
    fields: {
      id: str(),
      known: bool("the resident is on file"),
      age: num("age in whole years at the time of the need"),
      gender: str("gender", ["female", "male", "other"]),
      tags: strings("living-alone, aged-80-plus, disabled, low-income, subsistence-allowance, ..."),
      grid: str("registered grid code"),
      household: str("household id"),
      contactConsent: bool("agreed to be contacted"),
      doNotContact: bool("asked not to be contacted"),
      preferredChannel: str("preferred channel", ["sms", "phone", "wechat", "email", "app", "visit"]),
      lastServedAt: time("when the resident was last served"),
      openNeeds: num("open needs of this resident"),
    },
  },
  grid: {
    type: "object",
    description: "the grid the need is located in (or the nearest enclosing unit)",
    fields: {
      code: str("grid code"),
      level: str("level of the unit found", ["city", "district", "street", "community", "grid"]),
      exact: bool("the location fell inside a grid"),
      path: strings("codes from the city down to the grid: use withinUnit"),
      community: str("community code"),
      street: str("street code"),
      district: str("district or county code"),
      demonstration: bool("the community is a demonstration community"),
      domains: strings("domains merged onto the grid"),
      households: num("households in the grid"),
    },
  },
  service: {
    type: "object",
    description: "the service item being decided (eligibility, deadline and notification rules)",
    fields: {
      code: str(),
      domain: str(),
      category: str(),
      proxy: bool("a proxy (代办) service"),
      handler: str("default handler role", [
        "grid-worker",
        "community-staff",
        "street-office",
        "district-department",
        "city-department",
      ]),
    },
  },
  time: {
    type: "object",
    description: "when the need is decided, in the district's time zone",
    fields: {
      now: time("the moment itself"),
      date: str("YYYY-MM-DD"),
      hour: num("0–23"),
      weekday: num("1 = Monday … 7 = Sunday"),
      month: num("1–12"),
      isWorkingDay: bool("a working day on the district's calendar"),
      isHoliday: bool("a public holiday"),
    },
  },
};

/** The type at a dotted path below a fact, or undefined when the path does not exist. */
export function typeAtPath(fact: FactType, path: readonly string[]): FactType | { type: "any" } | undefined {
  let t: FactType = fact;
  for (const [i, key] of path.entries()) {
    if (t.type === "record") return { type: "any" };
    if (t.type === "array") return /^\d+$/.test(key) && i === path.length - 1 ? { type: t.items } : undefined;
    if (t.type !== "object" || !Object.hasOwn(t.fields, key)) return undefined;
    t = t.fields[key]!;
  }
  return t;
}

/** The paths below a fact, for suggestions and documentation. */
export function factPaths(fact: FactType, prefix = ""): string[] {
  if (fact.type !== "object") return [];
  return Object.entries(fact.fields).flatMap(([k, v]) => [
    `${prefix}${k}`,
    ...factPaths(v, `${prefix}${k}.`),
  ]);
}
