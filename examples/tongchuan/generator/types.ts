/**
 * The shapes the generator writes: the schemas' *input* types, so fields with defaults
 * (`skills`, `status`, ...) may be left out of the files.
 */
import type {
  AddressesFileSchema,
  DistrictManifestSchema,
  DomainsFileSchema,
  GridsFileSchema,
  HierarchyFileSchema,
  PoliciesFileSchema,
  ResidentsFileSchema,
  ResourceSchema,
  ResourcesFileSchema,
  ServicesFileSchema,
  WeeklyScheduleSchema,
} from "@lianxin/core";
import type * as z from "zod";

export type ResourceIn = z.input<typeof ResourceSchema>;
export type WeeklyScheduleIn = z.input<typeof WeeklyScheduleSchema>;

/** The contents of every file of the bundle. */
export interface BundleData {
  manifest: z.input<typeof DistrictManifestSchema>;
  hierarchy: z.input<typeof HierarchyFileSchema>;
  grids: z.input<typeof GridsFileSchema>;
  domains: z.input<typeof DomainsFileSchema>;
  services: z.input<typeof ServicesFileSchema>;
  resources: z.input<typeof ResourcesFileSchema>;
  policies: z.input<typeof PoliciesFileSchema>;
  residents: z.input<typeof ResidentsFileSchema>;
  addresses: z.input<typeof AddressesFileSchema>;
}
