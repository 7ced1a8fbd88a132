import * as z from "zod";
import { CodeSchema, IdSchema, SlugSchema, TagSchema, TimestampSchema } from "./common.js";
import { PointSchema } from "./geo-json.js";

/** Where a need came from. */
export const NeedSourceSchema = z.enum([
  "home-visit",
  "hotline-12345",
  "app",
  "walk-in",
  "proactive",
  "import",
]);
export type NeedSource = z.infer<typeof NeedSourceSchema>;

/** How pressing a need is: 急难愁盼 (emergency), urgent, normal or complex. */
export const UrgencySchema = z.enum(["emergency", "urgent", "normal", "complex"]);
export type Urgency = z.infer<typeof UrgencySchema>;

/** The states of a need. */
export const NeedStatusSchema = z.enum([
  "received",
  "triaged",
  "dispatched",
  "accepted",
  "in-progress",
  "on-hold",
  "resolved",
  "follow-up",
  "closed",
  "rejected",
  "duplicate",
  "not-responsible",
  "cancelled",
  "failed",
]);
export type NeedStatus = z.infer<typeof NeedStatusSchema>;

/** What a caller submits: the fields a need starts with. */
export const NeedInputSchema = z.strictObject({
  source: NeedSourceSchema,
  /** The id of the need in the system it came from; with `source`, the idempotency key. */
  externalId: z.string().min(1).max(128).optional(),
  /** The service item, when the caller already knows it. */
  serviceCode: z.string().max(40).optional(),
  category: SlugSchema.optional(),
  description: z.string().min(1).max(4_000),
  attributes: z
    .record(z.string().max(64), z.union([z.string().max(2_000), z.number(), z.boolean()]))
    .default({}),
  location: PointSchema.optional(),
  addressCode: z.string().max(64).optional(),
  /** The resident the need is for (the subject). */
  subject: IdSchema.optional(),
  /** Who reported it, when that is not the subject: a resident or a worker. */
  requester: IdSchema.optional(),
  tags: z.array(TagSchema).max(30).default([]),
  receivedAt: TimestampSchema,
});
export type NeedInput = z.input<typeof NeedInputSchema>;

/** One entry of the needs list (需求清单), as stored. */
export const NeedSchema = NeedInputSchema.extend({
  id: IdSchema,
  status: NeedStatusSchema,
  urgency: UrgencySchema.optional(),
  /** The grid (or the nearest enclosing unit) the need was routed to. */
  unit: CodeSchema.optional(),
  serviceCodes: z.array(z.string().max(40)).max(20).default([]),
  duplicateOf: IdSchema.optional(),
  dueAt: TimestampSchema.optional(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  closedAt: TimestampSchema.optional(),
  reopened: z.number().int().nonnegative().default(0),
});
export type Need = z.infer<typeof NeedSchema>;
