import type { District, LocalizedText, Resource, ResourceKind, ServiceItem } from "@lianxin/core";
import type { HsdsObject } from "./hsds-kind.js";
import { hsdsUuid } from "./hsds-uuid.js";
import {
  LIANXIN_TAXONOMY,
  type LianxinFacet,
  lianxinFacetTerms,
  lianxinTaxonomy,
  lianxinTerm,
} from "./lianxin-taxonomy.js";
import { toHsdsSchedules, zoneOffset } from "./schedule-mapping.js";

/** Options of {@link exportHsds}. */
export interface ExportHsdsOptions {
  /** Export only resources of these kinds (e.g. leave people out of a public directory). @default every kind */
  kinds?: readonly ResourceKind[];
  /** Export the services list too, as services of the district's organization. @default true */
  serviceItems?: boolean;
  /** Export these resources instead of the district's list (the district still names units, capabilities, domains). */
  resources?: Iterable<Resource>;
  /** Export these service items instead of the district's list. */
  items?: Iterable<ServiceItem>;
}

/** A district as HSDS 3.0 documents, one array per kind of object. */
export interface HsdsExport {
  /** Every organization a service names, each once. */
  organizations: HsdsObject[];
  /** Services in the compiled form: organization, service_at_locations (with their location), schedules, service_areas, attributes. */
  services: HsdsObject[];
  /** Every location a service is delivered at, each once. */
  locations: HsdsObject[];
  /** The Lianxin taxonomy. */
  taxonomies: HsdsObject[];
  /** Its terms: the facets, then capabilities, resource kinds, skills, tiers, domains and categories. */
  taxonomy_terms: HsdsObject[];
}

/** The link types of the attributes Lianxin writes (`lianxin:` values, terms for the rest). */
export const LINK_TYPES = {
  id: "lianxin:id",
  home: "lianxin:home",
  holidays: "lianxin:holidays",
  capacity: "lianxin:capacity",
  serviceItem: "lianxin:service-item",
} as const;

const KIND_NAMES: Record<ResourceKind, LocalizedText> = {
  "grid-worker": { zh: "网格员", en: "Grid worker" },
  "party-member": { zh: "党员", en: "Party member" },
  cadre: { zh: "干部", en: "Cadre" },
  volunteer: { zh: "志愿者", en: "Volunteer" },
  enterprise: { zh: "企业", en: "Enterprise" },
  "social-organisation": { zh: "社会组织", en: "Social organisation" },
  venue: { zh: "场地", en: "Venue" },
  fund: { zh: "资金", en: "Fund" },
};

const STATUS = { active: "active", inactive: "inactive", "on-leave": "temporarily closed" } as const;

/** Key prefixes of the names the UUIDs are derived from. */
export function resourceKey(districtId: string, id: string): string {
  return `${districtId}/resource/${id}`;
}
export function serviceItemKey(districtId: string, code: string): string {
  return `${districtId}/service-item/${code}`;
}

/**
 * Exports a district's resources list (one HSDS service per resource) and services list (one HSDS
 * service per item, provided by the district's organization) as HSDS 3.0 documents. Every id is a
 * UUID derived from ours (see `hsdsUuid`), so the same district always exports the same ids.
 * docs/interop-hsds.md has the mapping table.
 */
export function exportHsds(district: District, options: ExportHsdsOptions = {}): HsdsExport {
  const d = district.manifest.id;
  const offset = zoneOffset(district.timeZone);
  const organizations = new Map<string, HsdsObject>();
  const locations: HsdsObject[] = [];
  const services: HsdsObject[] = [];
  const terms = new Map<string, HsdsObject>();
  const term = (facet: LianxinFacet, value: string, name?: LocalizedText): HsdsObject => {
    const t = lianxinTerm(facet, value, name);
    terms.set(t.code as string, t);
    return t;
  };
  for (const c of district.capabilities.values()) term("capability", c.code, c.name);
  const kinds = options.kinds ? new Set(options.kinds) : undefined;

  for (const r of options.resources ?? district.resources.values()) {
    if (kinds && !kinds.has(r.kind)) continue;
    const key = resourceKey(d, r.id);
    const sid = hsdsUuid(key);
    const org = resourceOrganization(d, r);
    if (org) organizations.set(org.id as string, org);
    const attrs = new Attributes(sid);
    attrs.value(LINK_TYPES.id, r.id);
    attrs.value(LINK_TYPES.home, r.home);
    attrs.value(LINK_TYPES.holidays, r.schedule.holidays);
    attrs.value(LINK_TYPES.capacity, `${r.capacity.max} ${r.capacity.unit}/${r.capacity.per}`);
    attrs.term("lianxin:kind", term("kind", r.kind, KIND_NAMES[r.kind]));
    if (r.tier) attrs.term("lianxin:tier", term("tier", r.tier));
    for (const c of r.capabilities)
      attrs.term("lianxin:capability", term("capability", c, district.capabilities.get(c)?.name));
    for (const s of r.skills) attrs.term("lianxin:skill", term("skill", s));
    const service: HsdsObject = {
      id: sid,
      name: r.name.zh,
      ...(r.name.en ? { alternate_name: r.name.en } : {}),
      description: describeResource(district, r),
      status: STATUS[r.status],
      ...(org ? { organization_id: org.id, organization: org } : {}),
      schedules: toHsdsSchedules(r.schedule, { key, serviceId: sid }, offset),
      service_areas: serviceAreas(district, r, key, sid),
      languages: r.languages.map((code) => ({
        id: hsdsUuid(`${key}/language/${code}`),
        service_id: sid,
        name: code,
        code,
      })),
      attributes: attrs.list,
    };
    if (r.location) {
      const [longitude, latitude] = r.location.coordinates;
      const location: HsdsObject = {
        id: hsdsUuid(`${key}/location`),
        location_type: "physical",
        name: r.name.zh,
        ...(r.name.en ? { alternate_name: r.name.en } : {}),
        latitude,
        longitude,
        ...(org ? { organization_id: org.id } : {}),
      };
      locations.push(location);
      service.service_at_locations = [
        { id: hsdsUuid(`${key}/service_at_location`), service_id: sid, location_id: location.id, location },
      ];
    }
    services.push(service);
  }

  if (options.serviceItems ?? true) {
    const org = districtOrganization(district);
    for (const item of options.items ?? district.services.values()) {
      organizations.set(org.id as string, org);
      services.push(serviceItemService(district, item, org, term));
    }
  }

  return {
    organizations: [...organizations.values()],
    services,
    locations,
    taxonomies: [lianxinTaxonomy()],
    taxonomy_terms: [...lianxinFacetTerms(), ...terms.values()],
  };
}

class Attributes {
  readonly list: HsdsObject[] = [];
  constructor(readonly serviceId: string) {}
  value(linkType: string, value: string): void {
    this.list.push({
      id: hsdsUuid(`${this.serviceId}/attribute/${linkType}`),
      link_id: this.serviceId,
      link_entity: "service",
      link_type: linkType,
      value,
    });
  }
  term(linkType: string, term: HsdsObject): void {
    this.list.push({
      id: hsdsUuid(`${this.serviceId}/attribute/${term.code as string}`),
      link_id: this.serviceId,
      link_entity: "service",
      link_type: linkType,
      taxonomy_term_id: term.id,
      taxonomy_term: term,
    });
  }
}

function organizationFor(
  id: string,
  name: LocalizedText,
  scheme?: { type: string; identifier: string },
): HsdsObject {
  const org: HsdsObject = {
    id,
    name: name.zh,
    ...(name.en ? { alternate_name: name.en } : {}),
    description: name.en ? `${name.zh}（${name.en}）` : name.zh,
  };
  if (scheme)
    org.organization_identifiers = [
      {
        id: hsdsUuid(`${id}/identifier/${scheme.type}`),
        organization_id: id,
        identifier_scheme: LIANXIN_TAXONOMY,
        identifier_type: scheme.type,
        identifier: scheme.identifier,
      },
    ];
  return org;
}

/** The identifier types Lianxin writes in `organization_identifiers`. */
export const IDENTIFIER_TYPES = { resource: "Lianxin resource id", district: "Lianxin district id" } as const;

/**
 * The organization behind a resource: the named `organisation`, else (for an enterprise or a
 * social organisation) the resource itself, marked with its id; none for others.
 */
function resourceOrganization(d: string, r: Resource): HsdsObject | undefined {
  if (r.organisation)
    return organizationFor(
      hsdsUuid(`${d}/organisation/${r.organisation.zh}/${r.organisation.en ?? ""}`),
      r.organisation,
    );
  if (r.kind === "enterprise" || r.kind === "social-organisation")
    return organizationFor(hsdsUuid(`${d}/resource-organization/${r.id}`), r.name, {
      type: IDENTIFIER_TYPES.resource,
      identifier: r.id,
    });
  return undefined;
}

/** The district as the organization that provides the services list. */
function districtOrganization(district: District): HsdsObject {
  const m = district.manifest;
  return organizationFor(hsdsUuid(`${m.id}/district`), m.name, {
    type: IDENTIFIER_TYPES.district,
    identifier: m.id,
  });
}

function describeResource(district: District, r: Resource): string {
  const caps = r.capabilities.map((c) => district.capabilities.get(c)?.name.zh ?? c).join("、");
  return `${KIND_NAMES[r.kind].zh}${caps ? `：${caps}` : ""}`;
}

function serviceAreas(district: District, r: Resource, key: string, sid: string): HsdsObject[] {
  const out: HsdsObject[] = [];
  for (const code of r.area.units ?? []) {
    const unit = district.hierarchy.unit(code);
    out.push({
      id: hsdsUuid(`${key}/service_area/${code}`),
      service_id: sid,
      name: unit?.name.zh ?? code,
      description: `${unit?.name.en ?? unit?.name.zh ?? code} (${code})`,
      extent: code,
      extent_type: "text",
      uri: `urn:lianxin:unit:${code}`,
    });
  }
  if (r.area.center && r.area.radiusMeters !== undefined) {
    const [lon, lat] = r.area.center.coordinates;
    out.push({
      id: hsdsUuid(`${key}/service_area/radius`),
      service_id: sid,
      name: `${r.area.radiusMeters} 米范围内`,
      description: `Within ${r.area.radiusMeters} m of ${lat}, ${lon}`,
      extent: JSON.stringify({
        type: "Feature",
        geometry: r.area.center,
        properties: { radius: r.area.radiusMeters, radius_units: "m" },
      }),
      extent_type: "geojson",
    });
  }
  return out;
}

/** What an item has that HSDS has no field for, kept whole in one attribute. */
export interface ServiceItemExtras {
  proxy: boolean;
  keywords: string[];
  promised: ServiceItem["promised"];
  deadlinePolicy?: string;
  handler: ServiceItem["handler"];
  attributes: ServiceItem["attributes"];
  requiredDocuments: LocalizedText[];
  eligibility?: LocalizedText;
}

function serviceItemService(
  district: District,
  item: ServiceItem,
  org: HsdsObject,
  term: (facet: LianxinFacet, value: string, name?: LocalizedText) => HsdsObject,
): HsdsObject {
  const key = serviceItemKey(district.manifest.id, item.code);
  const sid = hsdsUuid(key);
  const attrs = new Attributes(sid);
  attrs.value(LINK_TYPES.id, item.code);
  const extras: ServiceItemExtras = {
    proxy: item.proxy,
    keywords: item.keywords,
    promised: item.promised,
    ...(item.deadlinePolicy ? { deadlinePolicy: item.deadlinePolicy } : {}),
    handler: item.handler,
    attributes: item.attributes,
    requiredDocuments: item.requiredDocuments,
    ...(item.eligibility ? { eligibility: item.eligibility } : {}),
  };
  attrs.value(LINK_TYPES.serviceItem, JSON.stringify(extras));
  attrs.term("lianxin:domain", term("domain", item.domain, district.domains.get(item.domain)?.name));
  attrs.term("lianxin:category", term("category", item.category));
  for (const c of item.capabilities)
    attrs.term("lianxin:capability", term("capability", c, district.capabilities.get(c)?.name));
  return {
    id: sid,
    name: item.name.zh,
    ...(item.name.en ? { alternate_name: item.name.en } : {}),
    ...(item.description ? { description: item.description } : {}),
    status: item.status === "active" ? "active" : "inactive",
    organization_id: org.id,
    organization: org,
    ...(item.eligibility ? { eligibility_description: item.eligibility.zh } : {}),
    ...(item.fee
      ? {
          fees_description: `${item.fee.amount} ${item.fee.currency}`,
          cost_options: [
            {
              id: hsdsUuid(`${key}/cost_option`),
              service_id: sid,
              amount: item.fee.amount,
              currency: item.fee.currency,
            },
          ],
        }
      : {}),
    required_documents: item.requiredDocuments.map((doc, i) => ({
      id: hsdsUuid(`${key}/required_document/${i}`),
      service_id: sid,
      document: doc.zh,
    })),
    attributes: attrs.list,
  };
}
