import {
  type Capability,
  CapabilitySchema,
  type Capacity,
  type District,
  fromZodIssues,
  type Issue,
  issue,
  LianxinError,
  locatePointers,
  parseJsonSource,
  type Resource,
  type ResourceKind,
  ResourceKindSchema,
  ResourceSchema,
  type ServiceItem,
  ServiceItemSchema,
  type WeeklySchedule,
} from "@lianxin/core";
import {
  IDENTIFIER_TYPES,
  LINK_TYPES,
  resourceKey,
  type ServiceItemExtras,
  serviceItemKey,
} from "./export-hsds.js";
import type { HsdsKind, HsdsObject } from "./hsds-kind.js";
import { hsdsUuid } from "./hsds-uuid.js";
import { isLianxinTerm, parseLianxinCode } from "./lianxin-taxonomy.js";
import { addSpan, readHsdsSchedule, zoneOffset } from "./schedule-mapping.js";
import { validateHsds } from "./validate-hsds.js";

/** One HSDS document to import: parsed (`document`) or as JSON text (`text`, for line and column). */
export interface HsdsInput {
  document?: unknown;
  text?: string;
  /** Where it came from, for messages (a file name). */
  file?: string;
  /** What its records are; guessed from their fields when left out. */
  kind?: HsdsKind;
}

/** Maps terms of other taxonomies to our capabilities: key a term's id, `taxonomy:code`, `code` or `name`. */
export type TaxonomyMap = Readonly<Record<string, string | readonly string[]>>;

/** Options of {@link importHsds}. */
export interface ImportHsdsOptions {
  district: District;
  taxonomyMap?: TaxonomyMap;
  /** Import the valid records and list the others in `rejected`, instead of importing nothing. */
  skipInvalid?: boolean;
  /** The kind of a service that does not say (only our own exports do). @default "social-organisation" */
  kind?: ResourceKind;
  /** The home unit of a service with neither a `lianxin:home` nor a location in the district. @default the root */
  home?: string;
  /** The capacity of a service that does not say (HSDS 3.0 has no capacity). @default 1 order at a time */
  capacity?: Capacity;
  /** Largest document text accepted. @default 64 MiB */
  maxBytes?: number;
  /** Most records accepted over all documents. @default 100000 */
  maxRecords?: number;
}

/** A field the input had and we could not keep, with where it was and why. */
export interface HsdsUnmapped {
  file?: string;
  pointer: string;
  /** The field's path by kind, e.g. `service.schedules.byweekno`, for grouping. */
  field: string;
  reason: string;
}

/** A record that was left out, with why. */
export interface HsdsRejected {
  file?: string;
  pointer: string;
  reason: string;
  issues: Issue[];
}

/** What {@link importHsds} made of the documents. */
export interface ImportHsdsResult {
  /** Records read (top-level objects in the documents). */
  read: number;
  resources: Resource[];
  services: ServiceItem[];
  /** Capabilities the resources and services name that the district does not have yet. */
  capabilities: Capability[];
  unmapped: HsdsUnmapped[];
  /** Values we had to supply because HSDS had none (kind, home, area, capacity). */
  defaulted: HsdsUnmapped[];
  rejected: HsdsRejected[];
}

interface Rec {
  kind: HsdsKind;
  obj: HsdsObject;
  pointer: string;
  file: string | undefined;
}

const DEFAULT_CAPACITY: Capacity = { per: "concurrent", max: 1, unit: "orders" };

/**
 * Imports HSDS 3.0 documents (compiled services, organizations with `services`, locations,
 * service_at_locations with `service`/`location`, taxonomy terms; single objects, arrays, or
 * `{ contents: [...] }` pages) into resources and services-list items of `district`.
 *
 * Every record is checked against the official schema first. Any invalid record throws
 * `LianxinError` `hsds.invalid` with every issue (nothing is imported) unless `skipInvalid`.
 * What the input has that we do not model is listed in `unmapped`, never dropped silently.
 */
export function importHsds(
  inputs: HsdsInput | readonly HsdsInput[],
  options: ImportHsdsOptions,
): ImportHsdsResult {
  const list = Array.isArray(inputs) ? (inputs as readonly HsdsInput[]) : [inputs as HsdsInput];
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const maxRecords = options.maxRecords ?? 100_000;
  const fatal: Issue[] = [];
  const rejected: HsdsRejected[] = [];
  const records: Rec[] = [];
  list.forEach((input, n) => {
    const file = input.file ?? (list.length > 1 ? `#${n}` : undefined);
    let value = input.document;
    if (input.text !== undefined) {
      if (Buffer.byteLength(input.text) > maxBytes) {
        fatal.push(
          withFile(
            issue(
              "hsds.too_large",
              "",
              `文档超过 ${maxBytes} 字节`,
              `document is larger than ${maxBytes} bytes`,
            ),
            file,
          ),
        );
        return;
      }
      const parsed = parseJsonSource(input.text);
      if (!parsed.ok) {
        const { line, column, zh, en } = parsed.problem;
        const i = { ...withFile(issue("json.syntax", "", zh, en), file), line, column };
        if (options.skipInvalid)
          rejected.push({ ...(file ? { file } : {}), pointer: "", reason: en, issues: [i] });
        else fatal.push(i);
        return;
      }
      value = parsed.value;
    }
    const docIssues: Issue[] = [];
    for (const { obj, pointer } of recordsOf(value)) {
      if (records.length >= maxRecords) {
        fatal.push(
          withFile(
            issue("hsds.too_many", pointer, `记录超过 ${maxRecords} 条`, `more than ${maxRecords} records`),
            file,
          ),
        );
        break;
      }
      if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
        docIssues.push(
          withFile(
            issue("hsds.not_an_object", pointer, "记录应为 JSON 对象", "a record must be a JSON object"),
            file,
          ),
        );
        continue;
      }
      const kind = input.kind ?? guessKind(obj as HsdsObject);
      if (!kind) {
        docIssues.push(
          withFile(
            issue(
              "hsds.unknown_kind",
              pointer,
              "无法判断记录的 HSDS 类型",
              "cannot tell which HSDS object this record is",
            ),
            file,
          ),
        );
        continue;
      }
      const problems = validateHsds(kind, obj, pointer).map((i) => withFile(i, file));
      if (problems.length > 0) docIssues.push(...problems);
      else records.push({ kind, obj: obj as HsdsObject, pointer, file });
    }
    if (input.text !== undefined) addPositions(docIssues, input.text);
    if (!options.skipInvalid) fatal.push(...docIssues);
    else for (const [pointer, issues] of byRecord(docIssues)) rejected.push(rejection(pointer, file, issues));
  });
  if (fatal.length > 0) throw invalid(fatal);

  const mapper = new Mapper(options, records);
  const result = mapper.run();
  const mappingIssues = mapper.rejected.flatMap((r) => r.issues);
  if (mappingIssues.length > 0 && !options.skipInvalid) throw invalid(mappingIssues);
  return { ...result, read: records.length + rejected.length, rejected: [...rejected, ...mapper.rejected] };
}

function invalid(issues: Issue[]): LianxinError {
  return new LianxinError(
    "hsds.invalid",
    `HSDS input has ${issues.length} problem(s); nothing was imported`,
    { issues },
  );
}

function withFile(i: Issue, file: string | undefined): Issue {
  if (file !== undefined) i.file = file;
  return i;
}

function rejection(pointer: string, file: string | undefined, issues: Issue[]): HsdsRejected {
  return {
    ...(file ? { file } : {}),
    pointer,
    reason: issues.map((i) => `${i.pointer}: ${i.message.en}`).join("; "),
    issues,
  };
}

function byRecord(issues: Issue[]): Map<string, Issue[]> {
  const out = new Map<string, Issue[]>();
  for (const i of issues) {
    const m = /^(\/contents\/\d+|\/\d+)?/.exec(i.pointer);
    const key = m?.[0] ?? "";
    out.set(key, [...(out.get(key) ?? []), i]);
  }
  return out;
}

function addPositions(issues: Issue[], text: string): void {
  const found = locatePointers(
    text,
    issues.flatMap((i) => prefixes(i.pointer)),
  );
  for (const i of issues) {
    for (const p of prefixes(i.pointer)) {
      const pos = found.get(p);
      if (pos) {
        i.line = pos.line;
        i.column = pos.column;
        break;
      }
    }
  }
}

function prefixes(pointer: string): string[] {
  const out = [pointer];
  for (let p = pointer; p !== ""; ) {
    p = p.slice(0, p.lastIndexOf("/"));
    out.push(p);
  }
  return out;
}

function* recordsOf(value: unknown): Generator<{ obj: unknown; pointer: string }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield { obj: value[i], pointer: `/${i}` };
  } else if (isObject(value) && Array.isArray(value.contents)) {
    for (let i = 0; i < value.contents.length; i++)
      yield { obj: value.contents[i], pointer: `/contents/${i}` };
  } else yield { obj: value, pointer: "" };
}

function isObject(v: unknown): v is HsdsObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Guesses the HSDS object a record is from the fields only that object has. */
export function guessKind(o: HsdsObject): HsdsKind | undefined {
  if ("location_type" in o) return "location";
  if ("status" in o) return "service";
  if ("service" in o || "service_id" in o || "location_id" in o || "location" in o)
    return "service_at_location";
  if (
    "code" in o ||
    "parent_id" in o ||
    "taxonomy" in o ||
    "taxonomy_id" in o ||
    "taxonomy_detail" in o ||
    "term_uri" in o
  )
    return "taxonomy_term";
  if (
    [
      "services",
      "website",
      "email",
      "legal_status",
      "organization_identifiers",
      "locations",
      "tax_id",
      "year_incorporated",
    ].some((k) => k in o)
  )
    return "organization";
  if ("version" in o || "uri" in o) return "taxonomy";
  if ("name" in o && "description" in o) return "organization";
  return undefined;
}

const STATUS: Record<string, Resource["status"]> = {
  active: "active",
  inactive: "inactive",
  defunct: "inactive",
  "temporarily closed": "on-leave",
};

/** Why we cannot keep a field, by field name; the default says we have no field for it. */
const REASONS: Record<string, string> = {
  description: "the resources list has no description (services-list items do)",
  url: "no web address is kept for a resource",
  email: "no contact details are kept (personal data stays out of the lists)",
  phones: "no contact details are kept (personal data stays out of the lists)",
  contacts: "no contact details are kept (personal data stays out of the lists)",
  eligibility_description: "eligibility is decided by the rule sets, not by free text on a resource",
  minimum_age: "eligibility is decided by the rule sets",
  maximum_age: "eligibility is decided by the rule sets",
  program: "there are no programmes",
  program_id: "there are no programmes",
  funding: "funding sources are not modelled",
  cost_options: "resources have no fees (services-list items do)",
  fees_description: "resources have no fees",
  required_documents: "resources have no required documents (services-list items do)",
  metadata: "provenance history is not kept",
  addresses: "a resource has a point and a home unit, not a postal address",
  accessibility: "accessibility is not modelled",
  valid_from: "weekly schedules are always valid",
  valid_to: "weekly schedules are always valid",
  dtstart: "weekly schedules are always valid",
  until: "weekly schedules are always valid",
  count: "weekly schedules repeat without end",
  timezone: "schedules are in the district's local time",
  byweekno: "only every week is modelled",
  bymonthday: "only weekdays are modelled",
  byyearday: "only weekdays are modelled",
  schedule_link: "no booking links are kept",
  attending_type: "how to attend is not modelled",
  notes: "free-text schedule notes are not kept",
};

class Mapper {
  readonly rejected: HsdsRejected[] = [];
  readonly unmapped: HsdsUnmapped[] = [];
  readonly defaulted: HsdsUnmapped[] = [];
  readonly district: District;
  readonly offset: string;
  readonly organizations = new Map<string, HsdsObject>();
  readonly locations = new Map<string, { obj: HsdsObject; rec: Rec; pointer: string; used: boolean }>();
  readonly terms = new Map<string, { obj: HsdsObject; rec: Rec; pointer: string; used: boolean }>();
  readonly salsByService = new Map<string, { obj: HsdsObject; rec: Rec; pointer: string }[]>();
  readonly services: { obj: HsdsObject; rec: Rec; pointer: string; org?: HsdsObject }[] = [];
  readonly orgUsed = new Set<string>();
  readonly orgRecords: { obj: HsdsObject; rec: Rec }[] = [];
  readonly uuidToResource = new Map<string, string>();
  readonly uuidToItem = new Map<string, string>();
  readonly newCapabilities = new Map<string, Capability>();

  constructor(
    readonly options: ImportHsdsOptions,
    readonly records: Rec[],
  ) {
    this.district = options.district;
    this.offset = zoneOffset(this.district.timeZone);
    const d = this.district.manifest.id;
    for (const id of this.district.resources.keys())
      this.uuidToResource.set(hsdsUuid(resourceKey(d, id)), id);
    for (const code of this.district.services.keys())
      this.uuidToItem.set(hsdsUuid(serviceItemKey(d, code)), code);
  }

  run(): Omit<ImportHsdsResult, "rejected" | "read"> {
    const seen = new Set<string>();
    const addService = (obj: HsdsObject, rec: Rec, pointer: string, org?: HsdsObject) => {
      if (seen.has(obj.id as string)) return;
      seen.add(obj.id as string);
      this.services.push({ obj, rec, pointer, ...(org ? { org } : {}) });
    };
    for (const rec of this.records) {
      const o = rec.obj;
      switch (rec.kind) {
        case "organization":
          this.organizations.set(o.id as string, o);
          this.orgRecords.push({ obj: o, rec });
          if (Array.isArray(o.services))
            o.services.forEach((s, i) => {
              if (isObject(s)) addService(s, rec, `${rec.pointer}/services/${i}`, o);
            });
          break;
        case "location":
          this.locations.set(o.id as string, { obj: o, rec, pointer: rec.pointer, used: false });
          break;
        case "taxonomy_term":
          this.terms.set(o.id as string, { obj: o, rec, pointer: rec.pointer, used: false });
          break;
        case "taxonomy":
          break;
        case "service_at_location": {
          if (isObject(o.service)) {
            addService(o.service, rec, `${rec.pointer}/service`);
            const sid = o.service.id as string;
            this.salsByService.set(sid, [
              ...(this.salsByService.get(sid) ?? []),
              { obj: o, rec, pointer: rec.pointer },
            ]);
          } else if (typeof o.service_id === "string") {
            this.salsByService.set(o.service_id, [
              ...(this.salsByService.get(o.service_id) ?? []),
              { obj: o, rec, pointer: rec.pointer },
            ]);
          } else this.unmap(rec, rec.pointer, "service_at_location", "names no service");
          break;
        }
        case "service":
          addService(o, rec, rec.pointer);
          break;
      }
    }
    for (const s of this.services) {
      const org = s.org ?? (isObject(s.obj.organization) ? s.obj.organization : undefined);
      if (org)
        this.organizations.set(org.id as string, { ...this.organizations.get(org.id as string), ...org });
    }
    const resources: Resource[] = [];
    const items: ServiceItem[] = [];
    for (const s of this.services) {
      const out = this.mapService(s);
      if (out?.kind === "resource") resources.push(out.value);
      else if (out?.kind === "item") items.push(out.value);
    }
    for (const [, l] of this.locations)
      if (!l.used) this.unmap(l.rec, l.pointer, "location", "no imported service is delivered here");
    for (const o of this.orgRecords)
      if (!this.orgUsed.has(o.obj.id as string))
        this.unmap(
          o.rec,
          o.rec.pointer,
          "organization",
          "an organization with no services offers nothing to list; import its services",
        );
    for (const [, t] of this.terms) {
      if (t.used) continue;
      const lx = isLianxinTerm(t.obj) ? parseLianxinCode(t.obj.code) : undefined;
      if (lx?.facet === "capability") this.capability(lx.value, t.obj);
      else if (!lx && !parseLianxinFacet(t.obj) && this.mapTerm(t.obj).length === 0)
        this.unmap(
          t.rec,
          t.pointer,
          "taxonomy_term",
          "no service uses this term and taxonomyMap maps it to no capability",
        );
    }
    return {
      resources,
      services: items,
      capabilities: [...this.newCapabilities.values()],
      unmapped: this.unmapped,
      defaulted: this.defaulted,
    };
  }

  unmap(rec: Rec, pointer: string, field: string, reason: string): void {
    this.unmapped.push({ ...(rec.file ? { file: rec.file } : {}), pointer, field, reason });
  }

  fields(rec: Rec, obj: HsdsObject, pointer: string, kind: string, handled: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (handled.includes(key)) continue;
      const v = obj[key];
      if (v === null || v === "" || (Array.isArray(v) && v.length === 0)) continue;
      this.unmap(
        rec,
        `${pointer}/${key}`,
        `${kind}.${key}`,
        REASONS[key] ?? "the lists have no field for this",
      );
    }
  }

  /** Capability slugs a foreign term maps to through `taxonomyMap`. */
  mapTerm(t: HsdsObject): string[] {
    const map = this.options.taxonomyMap ?? {};
    const taxonomy =
      typeof t.taxonomy === "string"
        ? t.taxonomy
        : isObject(t.taxonomy_detail)
          ? String(t.taxonomy_detail.name)
          : "";
    for (const key of [t.id, `${taxonomy}:${String(t.code)}`, t.code, t.name]) {
      if (typeof key !== "string" || !Object.hasOwn(map, key)) continue;
      const v = map[key]!;
      return typeof v === "string" ? [v] : [...v];
    }
    return [];
  }

  capability(code: string, term?: HsdsObject): void {
    if (this.district.capabilities.has(code) || this.newCapabilities.has(code)) return;
    const zh = typeof term?.name === "string" ? term.name : code;
    const en =
      typeof term?.description === "string" && term.description !== zh ? term.description : undefined;
    const parsed = CapabilitySchema.safeParse({
      code,
      name: { zh: zh.slice(0, 200), ...(en ? { en: en.slice(0, 200) } : {}) },
    });
    if (parsed.success) this.newCapabilities.set(code, parsed.data);
  }

  mapService(s: {
    obj: HsdsObject;
    rec: Rec;
    pointer: string;
    org?: HsdsObject;
  }): { kind: "resource"; value: Resource } | { kind: "item"; value: ServiceItem } | undefined {
    const { obj, rec, pointer: p } = s;
    const caps: string[] = [];
    const skills: string[] = [];
    const facets: Partial<Record<string, string>> = {};
    const values: Partial<Record<string, string>> = {};
    const attrs = Array.isArray(obj.attributes) ? obj.attributes : [];
    attrs.forEach((a, i) => {
      if (!isObject(a)) return;
      const ap = `${p}/attributes/${i}`;
      const linked = typeof a.taxonomy_term_id === "string" ? this.terms.get(a.taxonomy_term_id) : undefined;
      if (linked) linked.used = true;
      const term = isObject(a.taxonomy_term) ? a.taxonomy_term : linked?.obj;
      if (term) {
        const lx = isLianxinTerm(term) ? parseLianxinCode(term.code) : undefined;
        if (lx) {
          if (lx.facet === "capability") {
            if (!caps.includes(lx.value)) caps.push(lx.value);
            this.capability(lx.value, term);
          } else if (lx.facet === "skill") skills.push(lx.value);
          else facets[lx.facet] = lx.value;
          return;
        }
        const mapped = this.mapTerm(term);
        for (const c of mapped) {
          if (!caps.includes(c)) caps.push(c);
          this.capability(c, term);
        }
        if (mapped.length === 0)
          this.unmap(
            rec,
            ap,
            "service.attributes.taxonomy_term",
            `term ${JSON.stringify(term.name)} (${String(term.code ?? term.id)}) maps to no capability; add it to taxonomyMap`,
          );
        else if (a.value !== undefined)
          this.unmap(
            rec,
            `${ap}/value`,
            "service.attributes.value",
            "attribute values of mapped terms are not kept",
          );
        return;
      }
      if (
        typeof a.link_type === "string" &&
        a.link_type.startsWith("lianxin:") &&
        typeof a.value === "string"
      ) {
        values[a.link_type] = a.value;
        return;
      }
      this.unmap(
        rec,
        ap,
        "service.attributes",
        "an attribute with no taxonomy term and no Lianxin link type has no meaning here",
      );
    });
    const ours = values[LINK_TYPES.id] !== undefined;
    if (values[LINK_TYPES.serviceItem] !== undefined) return this.mapItem(s, values, facets, caps);

    const reject = (issues: Issue[]) => {
      for (const i of issues) if (rec.file) i.file = rec.file;
      this.rejected.push(rejection(p, rec.file, issues));
      return undefined;
    };
    const id = values[LINK_TYPES.id] ?? this.uuidToResource.get(obj.id as string) ?? `hsds-${String(obj.id)}`;

    // organisation
    let organisation: Resource["organisation"];
    const org =
      s.org ??
      (isObject(obj.organization)
        ? obj.organization
        : typeof obj.organization_id === "string"
          ? this.organizations.get(obj.organization_id)
          : undefined);
    if (org) {
      this.orgUsed.add(org.id as string);
      const ids = Array.isArray(org.organization_identifiers)
        ? org.organization_identifiers.filter(isObject)
        : [];
      const self = ids.some(
        (x) =>
          x.identifier_scheme === "lianxin" &&
          x.identifier_type === IDENTIFIER_TYPES.resource &&
          x.identifier === id,
      );
      if (!self)
        organisation = {
          zh: String(org.name),
          ...(typeof org.alternate_name === "string" ? { en: org.alternate_name } : {}),
        };
      if (!ours) {
        const op = isObject(obj.organization) ? `${p}/organization` : s.org ? rec.pointer : p;
        this.fields(rec, org, op, "organization", ["id", "name", "alternate_name", "services"]);
      }
    } else if (typeof obj.organization_id === "string")
      this.unmap(
        rec,
        `${p}/organization_id`,
        "service.organization_id",
        "names no organization in the input",
      );

    // locations
    let location: Resource["location"];
    const sals = [
      ...(Array.isArray(obj.service_at_locations) ? obj.service_at_locations : []).map((x, i) => ({
        obj: x,
        pointer: `${p}/service_at_locations/${i}`,
        rec,
      })),
      ...(this.salsByService.get(obj.id as string) ?? []),
    ].filter((x) => isObject(x.obj)) as { obj: HsdsObject; pointer: string; rec: Rec }[];
    const fallbackSchedules: { list: unknown[]; pointer: string; rec: Rec }[] = [];
    for (const sal of sals) {
      let loc: HsdsObject | undefined;
      let lp = `${sal.pointer}/location`;
      let lrec = sal.rec;
      if (isObject(sal.obj.location)) loc = sal.obj.location;
      else if (typeof sal.obj.location_id === "string") {
        const known = this.locations.get(sal.obj.location_id);
        if (known) {
          known.used = true;
          loc = known.obj;
          lp = known.pointer;
          lrec = known.rec;
        } else
          this.unmap(
            sal.rec,
            `${sal.pointer}/location_id`,
            "service_at_location.location_id",
            "names no location in the input",
          );
      }
      if (loc) {
        const known = this.locations.get(loc.id as string);
        if (known) known.used = true;
      }
      if (!ours) {
        this.fields(sal.rec, sal.obj, sal.pointer, "service_at_location", [
          "id",
          "service_id",
          "location_id",
          "location",
          "service",
          "schedules",
        ]);
        if (Array.isArray(sal.obj.schedules))
          fallbackSchedules.push({
            list: sal.obj.schedules,
            pointer: `${sal.pointer}/schedules`,
            rec: sal.rec,
          });
      }
      if (!loc) continue;
      const lat = loc.latitude;
      const lon = loc.longitude;
      if (typeof lat !== "number" || typeof lon !== "number") {
        this.unmap(lrec, lp, "location", "a location without latitude and longitude has no place to keep");
      } else if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        this.unmap(lrec, `${lp}/latitude`, "location.latitude", `${lat}, ${lon} is not a WGS 84 position`);
      } else if (location) {
        this.unmap(lrec, lp, "location", "a resource keeps one location; this is a further one");
      } else location = { type: "Point", coordinates: [lon, lat] };
      if (!ours) {
        this.fields(lrec, loc, lp, "location", [
          "id",
          "location_type",
          "latitude",
          "longitude",
          "organization_id",
          "name",
          "alternate_name",
          "schedules",
        ]);
        if (loc.name !== undefined)
          this.unmap(
            lrec,
            `${lp}/name`,
            "location.name",
            "a resource's location is a point; the place's name is not kept",
          );
        if (Array.isArray(loc.schedules))
          fallbackSchedules.push({ list: loc.schedules, pointer: `${lp}/schedules`, rec: lrec });
      }
    }

    // home
    let home = values[LINK_TYPES.home];
    if (!home) {
      const located = location ? this.district.locate(location.coordinates).unit?.code : undefined;
      home = located ?? this.options.home ?? this.district.manifest.root;
      if (!located)
        this.defaulted.push({
          ...(rec.file ? { file: rec.file } : {}),
          pointer: p,
          field: "resource.home",
          reason: `no home unit or position in the district: ${home}`,
        });
    }

    // schedule
    const schedule: WeeklySchedule = { holidays: values[LINK_TYPES.holidays] === "open" ? "open" : "closed" };
    const own = Array.isArray(obj.schedules) ? obj.schedules : [];
    const readList = (list: unknown[], lp: string, r: Rec, use: boolean) =>
      list.forEach((x, i) => {
        if (!isObject(x)) return;
        const sp = `${lp}/${i}`;
        if (!use) {
          this.unmap(r, sp, "schedule", "the service's own schedules are used");
          return;
        }
        const read = readHsdsSchedule(x, this.offset);
        if (!read.ok) {
          this.unmap(r, sp, "schedule", read.reason);
          return;
        }
        addSpan(schedule, read.days, read.from, read.to);
        if (!ours) {
          this.fields(r, x, sp, "schedule", [
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "freq",
            "byday",
            "opens_at",
            "closes_at",
            ...(x.wkst === "MO" ? ["wkst"] : []),
            ...(x.interval === 1 ? ["interval"] : []),
          ]);
        }
      });
    readList(own, `${p}/schedules`, rec, true);
    let useFallback = own.length === 0;
    for (const f of fallbackSchedules) {
      readList(f.list, f.pointer, f.rec, useFallback);
      if (f.list.length > 0) useFallback = false;
    }
    if (!ours && values[LINK_TYPES.holidays] === undefined)
      this.defaulted.push({
        ...(rec.file ? { file: rec.file } : {}),
        pointer: p,
        field: "resource.schedule.holidays",
        reason: "HSDS has no holidays flag: closed on public holidays",
      });

    // area
    const area: { units?: string[]; center?: Resource["location"]; radiusMeters?: number } = {};
    (Array.isArray(obj.service_areas) ? obj.service_areas : []).forEach((a, i) => {
      if (!isObject(a)) return;
      const ap = `${p}/service_areas/${i}`;
      const got = this.readArea(a);
      if ("reason" in got) {
        this.unmap(rec, ap, "service_area", got.reason);
        return;
      }
      if ("unit" in got) area.units = [...(area.units ?? []), got.unit];
      else if (area.center)
        this.unmap(rec, ap, "service_area", "a resource has one radius; this is a further one");
      else Object.assign(area, { center: got.center, radiusMeters: got.radius });
      if (!ours)
        this.fields(rec, a, ap, "service_area", ["id", "service_id", "extent", "extent_type", "uri"]);
    });
    if (!area.units && !area.center) {
      area.units = [home];
      this.defaulted.push({
        ...(rec.file ? { file: rec.file } : {}),
        pointer: p,
        field: "resource.area",
        reason: `no service area in the district: the home unit ${home}`,
      });
    }

    // capacity
    let capacity = this.options.capacity ?? DEFAULT_CAPACITY;
    const cap =
      values[LINK_TYPES.capacity] && /^(\d+) ([a-z]+)\/([a-z]+)$/.exec(values[LINK_TYPES.capacity]!);
    if (cap)
      capacity = { max: Number(cap[1]), unit: cap[2] as Capacity["unit"], per: cap[3] as Capacity["per"] };
    else
      this.defaulted.push({
        ...(rec.file ? { file: rec.file } : {}),
        pointer: p,
        field: "resource.capacity",
        reason: "HSDS 3.0 has no capacity",
      });

    let kind: ResourceKind = this.options.kind ?? "social-organisation";
    const k = ResourceKindSchema.safeParse(facets.kind);
    if (k.success) kind = k.data;
    else
      this.defaulted.push({
        ...(rec.file ? { file: rec.file } : {}),
        pointer: p,
        field: "resource.kind",
        reason: `HSDS has no resource kind: ${kind}`,
      });

    const languages = (Array.isArray(obj.languages) ? obj.languages : []).flatMap((l, i) => {
      if (!isObject(l)) return [];
      const code = typeof l.code === "string" ? l.code : typeof l.name === "string" ? l.name : undefined;
      if (!ours)
        this.fields(rec, l, `${p}/languages/${i}`, "language", [
          "id",
          "service_id",
          "code",
          ...(code === l.name || typeof l.code === "string" ? ["name"] : []),
        ]);
      return code ? [code] : [];
    });

    if (!ours)
      this.fields(rec, obj, p, "service", [
        "id",
        "name",
        "alternate_name",
        "status",
        "organization_id",
        "organization",
        "schedules",
        "service_areas",
        "service_at_locations",
        "languages",
        "attributes",
      ]);
    if (obj.status === "defunct")
      this.unmap(rec, `${p}/status`, "service.status", "defunct is kept as inactive");

    const candidate = {
      id,
      kind,
      name: { zh: obj.name, ...(typeof obj.alternate_name === "string" ? { en: obj.alternate_name } : {}) },
      capabilities: caps,
      home,
      area,
      schedule,
      capacity,
      ...(location ? { location } : {}),
      skills,
      languages,
      ...(organisation ? { organisation } : {}),
      ...(facets.tier ? { tier: facets.tier } : {}),
      status: STATUS[obj.status as string] ?? "active",
    };
    const parsed = ResourceSchema.safeParse(candidate);
    if (!parsed.success) return reject(fromZodIssues(parsed.error.issues, p));
    return { kind: "resource", value: parsed.data };
  }

  readArea(
    a: HsdsObject,
  ): { unit: string } | { center: Resource["location"]; radius: number } | { reason: string } {
    const extent = typeof a.extent === "string" ? a.extent.trim() : undefined;
    const fromUri = typeof a.uri === "string" ? /^urn:lianxin:unit:(.+)$/.exec(a.uri)?.[1] : undefined;
    if (a.extent_type === "text" || fromUri) {
      const code = fromUri ?? extent;
      if (code && this.district.hierarchy.unit(code)) return { unit: code };
      const named = [...this.district.hierarchy.units()].filter(
        (u) => u.name.zh === a.name || u.name.en === a.name,
      );
      if (named.length === 1) return { unit: named[0]!.code };
      return { reason: `${JSON.stringify(code ?? a.name)} is no unit of this district` };
    }
    if (a.extent_type === "geojson" && extent) {
      let g: unknown;
      try {
        g = JSON.parse(extent);
      } catch {
        return { reason: "extent is not GeoJSON" };
      }
      const geom = isObject(g) && g.type === "Feature" ? g.geometry : g;
      const props = isObject(g) && isObject(g.properties) ? g.properties : {};
      const radius = Number(props.radius ?? props.radius_meters ?? Number.NaN);
      if (isObject(geom) && geom.type === "Point" && Array.isArray(geom.coordinates) && radius > 0) {
        const [lon, lat] = geom.coordinates as number[];
        if (typeof lon === "number" && typeof lat === "number" && (props.radius_units ?? "m") === "m")
          return { center: { type: "Point", coordinates: [lon, lat] }, radius };
      }
      return {
        reason: "only a GeoJSON point with a radius in metres maps to a service area; polygons are not kept",
      };
    }
    return { reason: `extent_type ${JSON.stringify(a.extent_type ?? null)} is not mapped` };
  }

  mapItem(
    s: { obj: HsdsObject; rec: Rec; pointer: string },
    values: Partial<Record<string, string>>,
    facets: Partial<Record<string, string>>,
    caps: string[],
  ): { kind: "item"; value: ServiceItem } | undefined {
    const { obj, rec, pointer: p } = s;
    let extras: Partial<ServiceItemExtras> = {};
    try {
      extras = JSON.parse(values[LINK_TYPES.serviceItem]!) as ServiceItemExtras;
    } catch {
      // reported by the schema check below
    }
    const org = isObject(obj.organization) ? obj.organization : undefined;
    if (org) this.orgUsed.add(org.id as string);
    else if (typeof obj.organization_id === "string") this.orgUsed.add(obj.organization_id);
    const cost =
      Array.isArray(obj.cost_options) && isObject(obj.cost_options[0]) ? obj.cost_options[0] : undefined;
    const candidate = {
      code: values[LINK_TYPES.id] ?? this.uuidToItem.get(obj.id as string),
      name: { zh: obj.name, ...(typeof obj.alternate_name === "string" ? { en: obj.alternate_name } : {}) },
      domain: facets.domain,
      category: facets.category,
      ...extras,
      ...(typeof obj.description === "string" ? { description: obj.description } : {}),
      capabilities: caps,
      ...(cost ? { fee: { amount: cost.amount, currency: cost.currency } } : {}),
      status: obj.status === "active" ? "active" : "suspended",
    };
    const parsed = ServiceItemSchema.safeParse(candidate);
    if (!parsed.success) {
      const issues = fromZodIssues(parsed.error.issues, p);
      for (const i of issues) if (rec.file) i.file = rec.file;
      this.rejected.push(rejection(p, rec.file, issues));
      return undefined;
    }
    return { kind: "item", value: parsed.data };
  }
}

function parseLianxinFacet(t: HsdsObject): boolean {
  return isLianxinTerm(t);
}
