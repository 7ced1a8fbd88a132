import * as z from "zod";
import { CodeSchema, IdSchema, LocalizedTextSchema } from "./common.js";
import { BoundarySchema, PointSchema } from "./geo-json.js";

/** The levels of the hierarchy, from the top down. */
export const ADMIN_LEVELS = ["city", "district", "street", "community", "grid"] as const;

/** A level of the hierarchy. `district` covers districts and counties, `street` streets and towns. */
export const AdminLevelSchema = z.enum(ADMIN_LEVELS);
export type AdminLevel = z.infer<typeof AdminLevelSchema>;

/** The depth of a level: city 0 … grid 4. */
export function levelDepth(level: AdminLevel): number {
  return ADMIN_LEVELS.indexOf(level);
}

/**
 * One node of the city → district/county → street → community → grid hierarchy.
 * `parent` is the parent's code; the root (the city) has none.
 */
export const AdminUnitSchema = z.strictObject({
  code: CodeSchema,
  level: AdminLevelSchema,
  parent: CodeSchema.optional(),
  name: LocalizedTextSchema,
  /** What kind of unit this is in local terms: 区, 县, 街道, 镇, 社区, 村 ... */
  kind: z.string().min(1).max(40).optional(),
  /** A demonstration community (示范社区). */
  demonstration: z.boolean().optional(),
  boundary: BoundarySchema.optional(),
  /** A point inside the unit for labels and fallbacks, such as the community office. */
  center: PointSchema.optional(),
  /** The unit's office or supervisor resource, when it has one. */
  office: IdSchema.optional(),
});
export type AdminUnit = z.infer<typeof AdminUnitSchema>;
