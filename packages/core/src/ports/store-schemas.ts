import * as z from "zod";
import { NeedSchema } from "../model/need.js";
import { WorkOrderSchema } from "../model/work-order.js";

/** A need as a store keeps it: with its materialized path and its version (see {@link StoredNeed}). */
export const StoredNeedSchema = NeedSchema.extend({
  scope: z.string().max(400),
  version: z.number().int().nonnegative(),
});

/** A work order as a store keeps it (see {@link StoredWorkOrder}). */
export const StoredWorkOrderSchema = WorkOrderSchema.extend({
  scope: z.string().max(400),
  subject: z.string().max(128).optional(),
  version: z.number().int().nonnegative(),
});

/** A timer as a store keeps it (see {@link Timer}); adapters check rows they read against it. */
export const TimerSchema = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(["remind", "overdue", "escalate", "follow-up"]),
  dueAt: z.string().min(1),
  need: z.string().min(1),
  workOrder: z.string().optional(),
  scope: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
  status: z.enum(["pending", "fired", "cancelled"]),
});
