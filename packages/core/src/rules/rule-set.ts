import * as z from "zod";
import { DateSchema, IdSchema } from "../model/common.js";

/** A fact on the right-hand side of a condition: compare a fact with a fact. */
export interface FactReference {
  fact: string;
  path?: string;
  params?: Record<string, unknown>;
}

/** A leaf condition: `fact` (at `path`) `operator` `value`. */
export interface LeafCondition {
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
  params?: Record<string, unknown>;
  priority?: number;
  name?: string;
}

/** A condition in json-rules-engine's syntax. */
export type Condition =
  | { all: Condition[]; priority?: number; name?: string }
  | { any: Condition[]; priority?: number; name?: string }
  | { not: Condition; priority?: number; name?: string }
  | { condition: string; priority?: number; name?: string }
  | LeafCondition;

/** A name in Chinese and/or English. */
export const RuleNameSchema = z
  .strictObject({ zh: z.string().min(1).max(200).optional(), en: z.string().min(1).max(200).optional() })
  .refine((n) => n.zh !== undefined || n.en !== undefined, {
    params: { code: "rules.name_empty", zh: "名称至少要有中文或英文", en: "a name needs zh or en" },
  });

/** An action a rule takes when it matches: `{ type, params }`. See {@link EVENT_TYPES}. */
export interface RuleEvent {
  type: string;
  params?: Record<string, unknown>;
}

/** One rule: when `conditions` hold, `event` happens. */
export interface Rule {
  id: string;
  name: { zh?: string; en?: string };
  description?: string;
  /** Higher runs first; an integer ≥ 1. @default 1 */
  priority: number;
  /** A disabled rule is kept but never evaluated. @default true */
  enabled: boolean;
  conditions: Condition;
  event: RuleEvent;
}

/** What a rule test expects of one event (params are matched as a subset). */
export interface EventExpectation {
  type: string;
  params?: Record<string, unknown>;
}

/** A rule test as data: given facts, expect events (or their absence). */
export interface RuleTest {
  name: string;
  given: Record<string, unknown>;
  expect: {
    /** Events that must occur, in this order (others may come between). */
    events?: EventExpectation[];
    /** With `events`: no other event may occur. */
    exactly?: boolean;
    /** Events that must not occur. */
    absent?: EventExpectation[];
    /** Ids of rules that must match. */
    fired?: string[];
    /** Ids of rules that must not match. */
    notFired?: string[];
  };
}

/** The stage a rule set decides; the engine runs the stages in this order. */
export const RULE_STAGES = [
  "triage",
  "eligibility",
  "routing",
  "matching",
  "deadlines",
  "notifications",
] as const;

/** A versioned rule set, as policy staff write it. */
export interface RuleSet {
  $schema?: string;
  id: string;
  version: string;
  effectiveFrom: string;
  effectiveTo?: string;
  stage?: (typeof RULE_STAGES)[number];
  description?: string;
  /** Shared conditions, referenced as `{ "condition": "name" }`. */
  conditions?: Record<string, Condition>;
  rules: Rule[];
  tests?: RuleTest[];
}

const EventExpectationSchema = z.strictObject({
  type: z.string().min(1).max(64),
  params: z.record(z.string(), z.unknown()).optional(),
});

/** The envelope of a rule set. Conditions and event params are checked by `validateRuleSet`. */
export const RuleSetEnvelopeSchema = z.strictObject({
  $schema: z.string().max(500).optional(),
  id: IdSchema,
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, { error: "version: semver, e.g. 1.2.0" }),
  effectiveFrom: DateSchema,
  effectiveTo: DateSchema.optional(),
  stage: z.enum(RULE_STAGES).optional(),
  description: z.string().max(4_000).optional(),
  conditions: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/), z.unknown()).optional(),
  rules: z.array(
    z.strictObject({
      id: IdSchema,
      name: RuleNameSchema,
      description: z.string().max(4_000).optional(),
      priority: z.number().int().min(1).max(1_000_000).default(1),
      enabled: z.boolean().default(true),
      conditions: z.unknown(),
      event: z.strictObject({
        type: z.string().min(1).max(64),
        params: z.record(z.string(), z.unknown()).optional(),
      }),
    }),
  ),
  tests: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(300),
        given: z.record(z.string(), z.unknown()),
        expect: z.strictObject({
          events: z.array(EventExpectationSchema).max(100).optional(),
          exactly: z.boolean().optional(),
          absent: z.array(EventExpectationSchema).max(100).optional(),
          fired: z.array(IdSchema).max(1_000).optional(),
          notFired: z.array(IdSchema).max(1_000).optional(),
        }),
      }),
    )
    .optional(),
});
