import * as z from "zod";
import { CodeSchema, IdSchema, LocalizedTextSchema, SlugSchema, TimeOfDaySchema } from "./common.js";
import { PointSchema } from "./geo-json.js";

/** The kinds of resources a jurisdiction has. */
export const ResourceKindSchema = z.enum([
  "grid-worker",
  "party-member",
  "cadre",
  "volunteer",
  "enterprise",
  "social-organisation",
  "venue",
  "fund",
]);
export type ResourceKind = z.infer<typeof ResourceKindSchema>;

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** Opening hours on one day: a list of `HH:MM`–`HH:MM` spans. */
export const TimeSpansSchema = z
  .array(z.strictObject({ from: TimeOfDaySchema, to: TimeOfDaySchema }))
  .max(6)
  .superRefine((spans, ctx) => {
    spans.forEach((s, i) => {
      if (s.from >= s.to)
        ctx.addIssue({
          code: "custom",
          path: [i],
          message: "span ends before it starts",
          params: { code: "schedule.empty_span", zh: "时段的结束早于开始", en: "span ends before it starts" },
        });
    });
  });

/**
 * A weekly schedule: the spans a resource works each day of the week. Days left out are
 * closed. `holidays: "closed"` (the default) closes it on public holidays.
 */
export const WeeklyScheduleSchema = z.strictObject({
  ...(Object.fromEntries(DAYS.map((d) => [d, TimeSpansSchema.optional()])) as Record<
    (typeof DAYS)[number],
    z.ZodOptional<typeof TimeSpansSchema>
  >),
  holidays: z.enum(["closed", "open"]).default("closed"),
});
export type WeeklySchedule = z.infer<typeof WeeklyScheduleSchema>;

/** Where a resource serves: admin units (codes, whole subtrees) and/or a radius around a point. */
export const ServiceAreaSchema = z
  .strictObject({
    units: z.array(CodeSchema).max(2_000).optional(),
    center: PointSchema.optional(),
    radiusMeters: z.number().positive().max(200_000).optional(),
  })
  .refine((a) => (a.units?.length ?? 0) > 0 || (a.center !== undefined && a.radiusMeters !== undefined), {
    params: {
      code: "resource.empty_service_area",
      zh: "服务范围须列出行政单元，或给出中心点和半径",
      en: "a service area needs units, or a center and a radius",
    },
  });
export type ServiceArea = z.infer<typeof ServiceAreaSchema>;

/** How much work a resource can take. */
export const CapacitySchema = z.strictObject({
  /** Open work orders at once (`concurrent`), or per day or week. */
  per: z.enum(["concurrent", "day", "week"]),
  max: z.number().int().nonnegative().max(1_000_000),
  unit: z.enum(["orders", "people", "seats", "hours", "yuan"]).default("orders"),
});
export type Capacity = z.infer<typeof CapacitySchema>;

/** The tiers of the 雁阵 (wild-geese formation) cadre programme. */
export const CadreTierSchema = z.enum(["lead-goose", "strong-goose", "young-goose"]);
export type CadreTier = z.infer<typeof CadreTierSchema>;

/**
 * One entry of the resources list (资源清单): a grid worker, party member, cadre, volunteer,
 * enterprise, social organisation, venue or fund.
 */
export const ResourceSchema = z.strictObject({
  id: IdSchema,
  kind: ResourceKindSchema,
  name: LocalizedTextSchema,
  capabilities: z.array(SlugSchema).max(30),
  /** Home grid or unit (code) of the resource. */
  home: CodeSchema,
  area: ServiceAreaSchema,
  schedule: WeeklyScheduleSchema,
  capacity: CapacitySchema,
  location: PointSchema.optional(),
  skills: z.array(SlugSchema).max(30).default([]),
  languages: z.array(z.string().min(2).max(16)).max(10).default([]),
  /** The organisation a person belongs to, or that owns a venue or fund. */
  organisation: LocalizedTextSchema.optional(),
  tier: CadreTierSchema.optional(),
  status: z.enum(["active", "inactive", "on-leave"]).default("active"),
});
export type Resource = z.infer<typeof ResourceSchema>;
