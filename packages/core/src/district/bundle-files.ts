import * as z from "zod";
import { AdminUnitSchema } from "../model/admin-unit.js";
import {
  CodeSchema,
  DEFAULT_TIME_ZONE,
  IdSchema,
  LocalizedTextSchema,
  TimeZoneSchema,
} from "../model/common.js";
import { DomainSchema } from "../model/domain.js";
import { PointSchema } from "../model/geo-json.js";
import { GridSchema } from "../model/grid.js";
import { PoliciesSchema } from "../model/policies.js";
import { ResidentSchema } from "../model/resident.js";
import { ResourceSchema } from "../model/resource.js";
import { CapabilitySchema, ServiceItemSchema } from "../model/service-item.js";

const SchemaRef = z.string().max(500).optional();

/** `district.json`: what the bundle is. */
export const DistrictManifestSchema = z.strictObject({
  $schema: SchemaRef,
  id: IdSchema,
  name: LocalizedTextSchema,
  /** The code of the root unit of the hierarchy (usually the city). */
  root: CodeSchema,
  timeZone: TimeZoneSchema.default(DEFAULT_TIME_ZONE),
  /** The calendar used where a policy names none. */
  calendar: IdSchema,
  description: z.string().max(4_000).optional(),
  version: z.string().max(40).optional(),
});
export type DistrictManifest = z.infer<typeof DistrictManifestSchema>;

/** `hierarchy.json`: every admin unit, grids included. */
export const HierarchyFileSchema = z.strictObject({
  $schema: SchemaRef,
  units: z.array(AdminUnitSchema).min(1).max(200_000),
});

/** `grids.json`: the comprehensive grids and the departmental grids merged onto them. */
export const GridsFileSchema = z.strictObject({
  $schema: SchemaRef,
  grids: z.array(GridSchema).max(200_000),
});

/** `domains.json`: the departmental domains (at most 12 merge onto a grid). */
export const DomainsFileSchema = z.strictObject({
  $schema: SchemaRef,
  domains: z.array(DomainSchema).min(1).max(50),
});

/** `services.json`: the capabilities vocabulary and the services list. */
export const ServicesFileSchema = z.strictObject({
  $schema: SchemaRef,
  capabilities: z.array(CapabilitySchema).min(1).max(2_000),
  items: z.array(ServiceItemSchema).min(1).max(5_000),
});

/** `resources.json`: the resources list. */
export const ResourcesFileSchema = z.strictObject({
  $schema: SchemaRef,
  resources: z.array(ResourceSchema).max(1_000_000),
});

/** `residents.json` (optional): residents known in advance. */
export const ResidentsFileSchema = z.strictObject({
  $schema: SchemaRef,
  residents: z.array(ResidentSchema).max(2_000_000),
});

/** A standard address (标准地址) and the grid it belongs to. */
export const AddressSchema = z.strictObject({
  /** Hierarchical address code; a longer code (a room) falls under a shorter one (its building). */
  code: z.string().regex(/^[0-9A-Za-z]+(?:-[0-9A-Za-z]+){0,5}$/),
  grid: CodeSchema,
  label: z.string().max(200).optional(),
  location: PointSchema.optional(),
});
export type Address = z.infer<typeof AddressSchema>;

/** `addresses.json` (optional): the standard address registry. */
export const AddressesFileSchema = z.strictObject({
  $schema: SchemaRef,
  addresses: z.array(AddressSchema).max(5_000_000),
});

/** `policies.json`: calendars, deadline policies, escalation ladders, visit plans. */
export const PoliciesFileSchema = PoliciesSchema.extend({ $schema: SchemaRef });

/** The files of a district bundle, their schemas, and whether each must be there. */
export const DISTRICT_FILES = {
  "district.json": { schema: DistrictManifestSchema, required: true },
  "hierarchy.json": { schema: HierarchyFileSchema, required: true },
  "grids.json": { schema: GridsFileSchema, required: true },
  "domains.json": { schema: DomainsFileSchema, required: true },
  "services.json": { schema: ServicesFileSchema, required: true },
  "resources.json": { schema: ResourcesFileSchema, required: true },
  "policies.json": { schema: PoliciesFileSchema, required: true },
  "residents.json": { schema: ResidentsFileSchema, required: false },
  "addresses.json": { schema: AddressesFileSchema, required: false },
} as const;

/** The name of a file in a district bundle. */
export type DistrictFileName = keyof typeof DISTRICT_FILES;

/** The parsed contents of a district bundle, file by file. */
export interface DistrictFiles {
  manifest: z.infer<typeof DistrictManifestSchema>;
  hierarchy: z.infer<typeof HierarchyFileSchema>;
  grids: z.infer<typeof GridsFileSchema>;
  domains: z.infer<typeof DomainsFileSchema>;
  services: z.infer<typeof ServicesFileSchema>;
  resources: z.infer<typeof ResourcesFileSchema>;
  policies: z.infer<typeof PoliciesFileSchema>;
  residents?: z.infer<typeof ResidentsFileSchema>;
  addresses?: z.infer<typeof AddressesFileSchema>;
}
