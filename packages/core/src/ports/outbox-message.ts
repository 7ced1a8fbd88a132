import * as z from "zod";
import { IdSchema, TimestampSchema } from "../model/common.js";

/**
 * A message written in the same transaction as the state it announces, then delivered by the
 * notifier to a channel. `id` is stable across retries: channels pass it on so receivers can
 * drop duplicates. `payload` holds only what the template needs: ids and states by default,
 * never a resident's phone or address.
 */
export const OutboxMessageSchema = z.strictObject({
  id: IdSchema,
  /** What happened: `need.dispatched`, `work-order.overdue`, ... */
  topic: z.string().min(1).max(80),
  /** The template to render, per language. */
  template: z.string().min(1).max(80),
  /** Who it is for: a role and, when known, the resource, unit or resident id. */
  recipient: z.strictObject({ role: z.string().min(1).max(40), id: z.string().max(128).optional() }),
  /** The channel to use, when the rule or the recipient's preference chose one. */
  channel: z.string().max(40).optional(),
  /** Messages with the same key are delivered in order (the need id). */
  orderingKey: z.string().min(1).max(128),
  /** The unit the message belongs to, for scoping: the unit's materialized path. */
  scope: z.string().max(400),
  payload: z.record(z.string(), z.unknown()),
  createdAt: TimestampSchema,
  status: z.enum(["pending", "delivered", "dead"]),
  attempts: z.number().int().nonnegative(),
  /** Not before this moment (retries with backoff). */
  availableAt: TimestampSchema,
  lastError: z.string().max(2_000).optional(),
  deliveredAt: TimestampSchema.optional(),
});
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;
