import * as z from "zod";
import { IdSchema, SlugSchema, TimestampSchema } from "./common.js";

/** Who did something: a person or resource, a unit, the system, or the rules. */
export const ActorSchema = z.strictObject({
  type: z.enum(["resident", "resource", "unit", "system", "rules"]),
  id: z.string().min(1).max(128),
});
export type Actor = z.infer<typeof ActorSchema>;

/** One entry of the append-only audit trail: who, what, when, from → to, why. */
export const EventSchema = z.strictObject({
  id: IdSchema,
  need: IdSchema.optional(),
  workOrder: IdSchema.optional(),
  /** `submitted`, `triaged`, `dispatched`, `accepted`, `returned`, `escalated`, ... */
  type: SlugSchema,
  actor: ActorSchema,
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  reason: z.string().max(2_000).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  visibility: z.enum(["public", "internal"]).default("internal"),
  at: TimestampSchema,
});
export type Event = z.infer<typeof EventSchema>;
