import * as z from "zod";
import { CodeSchema, IdSchema, TimestampSchema } from "./common.js";

/** The states of a work order. */
export const WorkOrderStatusSchema = z.enum([
  "dispatched",
  "accepted",
  "returned",
  "in-progress",
  "on-hold",
  "resolved",
  "cancelled",
  "failed",
]);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatusSchema>;

/** Who a work order is assigned to. */
export const AssigneeSchema = z.strictObject({
  type: z.enum(["grid", "unit", "department", "resource"]),
  id: z.string().min(1).max(128),
});
export type Assignee = z.infer<typeof AssigneeSchema>;

/**
 * An assignment of a need to a grid, unit, department or resource, as lead (主办) or assist
 * (协办), with its own state, due dates, returns (退单) and escalation level.
 */
export const WorkOrderSchema = z.strictObject({
  id: IdSchema,
  need: IdSchema,
  assignee: AssigneeSchema,
  role: z.enum(["lead", "assist"]),
  /** The unit that owns the order for scoping and escalation. */
  unit: CodeSchema,
  serviceCode: z.string().max(40).optional(),
  status: WorkOrderStatusSchema,
  dispatchedAt: TimestampSchema,
  acceptDueAt: TimestampSchema.optional(),
  acceptedAt: TimestampSchema.optional(),
  dueAt: TimestampSchema,
  extension: z
    .strictObject({
      requestedAt: TimestampSchema,
      newDueAt: TimestampSchema,
      reason: z.string().min(1).max(1_000),
      approvedBy: IdSchema.optional(),
      decision: z.enum(["pending", "approved", "refused"]),
    })
    .optional(),
  returns: z
    .array(z.strictObject({ at: TimestampSchema, reason: z.string().min(1).max(1_000), by: IdSchema }))
    .max(100)
    .default([]),
  /** 0 = grid, 1 = community, 2 = street, 3 = district, 4 = city. */
  escalationLevel: z.number().int().min(0).max(4).default(0),
  overdue: z.boolean().default(false),
  result: z.string().max(4_000).optional(),
  resolvedAt: TimestampSchema.optional(),
});
export type WorkOrder = z.infer<typeof WorkOrderSchema>;
