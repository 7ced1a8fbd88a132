import * as z from "zod";
import { DurationSchema, IdSchema, LocalizedTextSchema, SlugSchema } from "./common.js";

/** The six Open311 attribute datatypes, used for what intake must ask. */
export const IntakeAttributeSchema = z.strictObject({
  code: SlugSchema,
  datatype: z.enum(["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]),
  required: z.boolean().default(false),
  description: LocalizedTextSchema,
  values: z
    .array(z.strictObject({ key: z.string().min(1).max(64), name: LocalizedTextSchema }))
    .max(100)
    .optional(),
});
export type IntakeAttribute = z.infer<typeof IntakeAttributeSchema>;

/** Who handles a service item by default. */
export const HandlerRoleSchema = z.enum([
  "grid-worker",
  "community-staff",
  "street-office",
  "district-department",
  "city-department",
]);
export type HandlerRole = z.infer<typeof HandlerRoleSchema>;

/**
 * One entry of the services list (服务清单): most are proxy services (代办) such as buying
 * medicine, paying social insurance or pension certification.
 */
export const ServiceItemSchema = z.strictObject({
  /** Stable code, also the Open311 `service_code`: `PX-MED-001`. */
  code: z.string().regex(/^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+){0,4}$/),
  name: LocalizedTextSchema,
  /** The departmental domain the item belongs to. */
  domain: SlugSchema,
  /** A grouping for people and Open311 `group`: `daily-life`, `social-security`, ... */
  category: SlugSchema,
  /** Can a grid worker or volunteer do it on the resident's behalf (代办)? */
  proxy: z.boolean(),
  keywords: z.array(z.string().min(1).max(40)).max(30).default([]),
  description: z.string().max(2_000).optional(),
  /** Capabilities a resource must have to serve the item. */
  capabilities: z.array(SlugSchema).min(1).max(10),
  /** The time the item promises (承诺时限); the rules may choose a stricter policy. */
  promised: DurationSchema,
  /** Deadline policy used unless a rule chooses another. */
  deadlinePolicy: IdSchema.optional(),
  handler: HandlerRoleSchema,
  requiredDocuments: z.array(LocalizedTextSchema).max(30).default([]),
  /** Free-text basis for eligibility; the rules decide. */
  eligibility: LocalizedTextSchema.optional(),
  fee: z.strictObject({ amount: z.number().nonnegative(), currency: z.literal("CNY") }).optional(),
  attributes: z.array(IntakeAttributeSchema).max(30).default([]),
  status: z.enum(["active", "suspended"]).default("active"),
});
export type ServiceItem = z.infer<typeof ServiceItemSchema>;

/** A capability that resources offer and service items need: `proxy-medicine`, `legal-aid`, ... */
export const CapabilitySchema = z.strictObject({
  code: SlugSchema,
  name: LocalizedTextSchema,
});
export type Capability = z.infer<typeof CapabilitySchema>;
