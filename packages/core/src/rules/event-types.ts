import * as z from "zod";
import { AdminLevelSchema } from "../model/admin-unit.js";
import { CodeSchema, IdSchema, LocalizedTextSchema, SlugSchema } from "../model/common.js";
import { UrgencySchema } from "../model/need.js";
import { ResourceKindSchema } from "../model/resource.js";
import { HandlerRoleSchema } from "../model/service-item.js";

const ServiceCode = z.string().regex(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+){0,4}$/, { error: "a service item code" });
const Reason = LocalizedTextSchema;

/** Who a notification goes to. */
export const RecipientSchema = z.enum([
  "grid-worker",
  "grid-leader",
  "lead-unit",
  "assist-units",
  "community-office",
  "street-office",
  "district-department",
  "supervisor",
  "resident",
]);

/**
 * The actions rules can take, each with the schema of its `params`. The engine applies them:
 * triage (`classify`, `offer-service`, `dedupe`), eligibility (`eligibility`), routing
 * (`route`, `redirect`, `reject`), matching (`match-resources`), deadlines (`deadline`) and
 * notifications (`notify`).
 */
export const EVENT_TYPES = {
  /** Set the need's category, urgency and tags. */
  classify: z
    .strictObject({
      category: SlugSchema.optional(),
      urgency: UrgencySchema.optional(),
      tags: z.array(SlugSchema).max(20).optional(),
    })
    .refine((p) => p.category !== undefined || p.urgency !== undefined || (p.tags?.length ?? 0) > 0, {
      params: {
        code: "rules.classify_empty",
        zh: "classify 至少要设置 category、urgency 或 tags 之一",
        en: "classify needs a category, an urgency or tags",
      },
    }),
  /** Match the need to a service item of the services list. */
  "offer-service": z.strictObject({
    service: ServiceCode,
    /** Higher scores win when several rules offer services. */
    score: z.number().min(0).max(100).default(50),
  }),
  /** Decide whether the resident may have a service item. */
  eligibility: z.strictObject({ service: ServiceCode, eligible: z.boolean(), reason: Reason }),
  /** Merge the need into an open need of the same subject within a window. */
  dedupe: z.strictObject({
    windowHours: z
      .number()
      .positive()
      .max(24 * 90),
    match: z
      .array(z.enum(["subject", "service", "category", "address"]))
      .min(1)
      .max(4),
  }),
  /** Choose who handles the need: a level, a domain's layer, a grid or unit, a role; lead or assist. */
  route: z
    .strictObject({
      as: z.enum(["lead", "assist"]).default("lead"),
      level: AdminLevelSchema.optional(),
      domain: SlugSchema.optional(),
      unit: CodeSchema.optional(),
      role: HandlerRoleSchema.optional(),
    })
    .refine(
      (p) => p.level !== undefined || p.domain !== undefined || p.unit !== undefined || p.role !== undefined,
      {
        params: {
          code: "rules.route_empty",
          zh: "route 至少要给出 level、domain、unit 或 role 之一",
          en: "route needs a level, a domain, a unit or a role",
        },
      },
    ),
  /** Criteria for choosing resources for a service item. */
  "match-resources": z.strictObject({
    service: ServiceCode.optional(),
    kinds: z.array(ResourceKindSchema).min(1).max(8).optional(),
    capabilities: z.array(SlugSchema).min(1).max(10).optional(),
    area: z
      .enum(["grid", "grid-and-neighbours", "community", "street", "district"])
      .default("grid-and-neighbours"),
    radiusMeters: z.number().positive().max(100_000).optional(),
    count: z.number().int().min(1).max(10).default(1),
    weights: z
      .strictObject({
        distance: z.number().min(0).max(100).optional(),
        load: z.number().min(0).max(100).optional(),
        continuity: z.number().min(0).max(100).optional(),
        skills: z.number().min(0).max(100).optional(),
      })
      .optional(),
  }),
  /** Choose the deadline policy of the work. */
  deadline: z.strictObject({ policy: IdSchema }),
  /** Send a notification from a template to recipients. */
  notify: z.strictObject({
    template: SlugSchema,
    recipients: z.array(RecipientSchema).min(1).max(9),
    channels: z.array(SlugSchema).max(6).optional(),
  }),
  /** Reject the need (not eligible, out of scope), with a reason for the resident. */
  reject: z.strictObject({ code: SlugSchema, reason: Reason }),
  /** Not ours: redirect the resident elsewhere. */
  redirect: z.strictObject({ to: LocalizedTextSchema, reason: Reason, unit: CodeSchema.optional() }),
} as const;

/** The type of a rule's event. */
export type EventType = keyof typeof EVENT_TYPES;

/** The params of each event type, as the engine receives them (defaults applied). */
export type EventParams = { [K in EventType]: z.infer<(typeof EVENT_TYPES)[K]> };

/** True when `type` is an event type the engine knows. */
export function isEventType(type: unknown): type is EventType {
  return typeof type === "string" && Object.hasOwn(EVENT_TYPES, type);
}
