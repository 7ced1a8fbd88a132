import * as z from "zod";
import { LocalizedTextSchema, SlugSchema } from "./common.js";

/**
 * A departmental domain whose grid has been merged into the comprehensive grid (全科网格):
 * political-legal (政法综治), civil affairs (民政), urban management (城管), ...
 */
export const DomainSchema = z.strictObject({
  code: SlugSchema,
  name: LocalizedTextSchema,
  /** The functional department that owns the domain, e.g. 市民政局. */
  department: LocalizedTextSchema,
  description: z.string().max(2_000).optional(),
});
export type Domain = z.infer<typeof DomainSchema>;
