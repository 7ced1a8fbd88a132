import * as z from "zod";
import { CodeSchema, IdSchema, SlugSchema } from "./common.js";

/** A departmental grid absorbed by a comprehensive grid: its domain and its own code. */
export const DepartmentalGridSchema = z.strictObject({
  domain: SlugSchema,
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/),
});
export type DepartmentalGrid = z.infer<typeof DepartmentalGridSchema>;

/** Roles of the people who staff a grid. */
export const GridRoleSchema = z.enum([
  "leader",
  "full-time",
  "part-time",
  "party-member",
  "volunteer",
  "police",
]);
export type GridRole = z.infer<typeof GridRoleSchema>;

/**
 * A comprehensive grid (全科网格): a grid-level admin unit with the departmental grids of up to
 * twelve domains merged onto it and the people who staff it.
 */
export const GridSchema = z.strictObject({
  /** The code of the grid-level admin unit. */
  code: CodeSchema,
  kind: z.enum(["comprehensive", "special"]).default("comprehensive"),
  merged: z.array(DepartmentalGridSchema).max(12),
  staff: z.array(z.strictObject({ role: GridRoleSchema, resource: IdSchema })).max(200),
  households: z.number().int().nonnegative().max(100_000).optional(),
  /** Codes of the grids next to this one, used to widen a resource search. */
  neighbours: z.array(CodeSchema).max(64).optional(),
});
export type Grid = z.infer<typeof GridSchema>;
