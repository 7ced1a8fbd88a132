import * as z from "zod";
import { AdminLevelSchema } from "./admin-unit.js";
import {
  DateSchema,
  DurationSchema,
  IdSchema,
  LocalizedTextSchema,
  TagSchema,
  TimeOfDaySchema,
  TimeZoneSchema,
} from "./common.js";
import { HandlerRoleSchema } from "./service-item.js";

/**
 * A working-day calendar: which weekdays are worked, public holidays, and the make-up working
 * days (调休) that fall on weekends.
 */
export const WorkCalendarSchema = z.strictObject({
  id: IdSchema,
  name: LocalizedTextSchema,
  timeZone: TimeZoneSchema.default("Asia/Shanghai"),
  /** ISO weekdays that are worked, 1 = Monday … 7 = Sunday. */
  workweek: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]),
  workingHours: z
    .strictObject({ start: TimeOfDaySchema, end: TimeOfDaySchema })
    .default({ start: "09:00", end: "17:00" }),
  holidays: z.array(z.strictObject({ date: DateSchema, name: z.string().max(40).optional() })).max(2_000),
  makeupWorkdays: z.array(z.strictObject({ date: DateSchema, name: z.string().max(40).optional() })).max(500),
});
export type WorkCalendar = z.infer<typeof WorkCalendarSchema>;

/** A deadline (SLA) policy: how long to accept, to first contact and to resolve, and reminders. */
export const DeadlinePolicySchema = z.strictObject({
  id: IdSchema,
  name: LocalizedTextSchema,
  calendar: IdSchema,
  accept: DurationSchema.optional(),
  firstContact: DurationSchema.optional(),
  resolve: DurationSchema,
  /** Reminders (催办) this long before the due time. */
  remindBefore: z.array(DurationSchema).max(5).default([]),
});
export type DeadlinePolicy = z.infer<typeof DeadlinePolicySchema>;

/** What a step of an escalation ladder does. */
export const EscalationActionSchema = z.enum([
  "notify-supervisor",
  "supervise",
  "reassign",
  "whistle",
  "report",
]);

/** An escalation ladder: how long after a deadline an order climbs to which level, and what happens. */
export const EscalationLadderSchema = z.strictObject({
  id: IdSchema,
  name: LocalizedTextSchema,
  calendar: IdSchema,
  steps: z
    .array(
      z.strictObject({
        after: DurationSchema,
        level: AdminLevelSchema,
        actions: z.array(EscalationActionSchema).min(1).max(5),
      }),
    )
    .min(1)
    .max(5),
});
export type EscalationLadder = z.infer<typeof EscalationLadderSchema>;

/** A visit plan (大走访, 未诉先办): residents with given tags get recurring visits. */
export const VisitPlanSchema = z.strictObject({
  id: IdSchema,
  name: LocalizedTextSchema,
  /** A resident needs all of these tags to be visited under the plan. */
  tags: z.array(TagSchema).min(1).max(10),
  every: z.strictObject({
    amount: z.number().int().min(1).max(366),
    unit: z.enum(["days", "weeks", "months"]),
  }),
  onHoliday: z.enum(["skip", "next-working-day"]).default("next-working-day"),
  calendar: IdSchema,
  assignee: HandlerRoleSchema.default("grid-worker"),
});
export type VisitPlan = z.infer<typeof VisitPlanSchema>;

/** All policy data of a district. */
export const PoliciesSchema = z.strictObject({
  calendars: z.array(WorkCalendarSchema).min(1).max(50),
  deadlines: z.array(DeadlinePolicySchema).max(200),
  ladders: z.array(EscalationLadderSchema).max(50),
  visitPlans: z.array(VisitPlanSchema).max(100).default([]),
});
export type Policies = z.infer<typeof PoliciesSchema>;
