import {
  type District,
  type Duration,
  fromZodIssues,
  type HandlerRole,
  type IntakeAttribute,
  type LocalizedText,
  type ServiceItem,
  ServiceItemSchema,
} from "@lianxin/core";
import { itemCodeFor, slugFor } from "./item-code.js";
import type { GeoReportService, GeoReportServiceDefinition } from "./types.js";

/** A field of the input that has no place in our model, or a field of ours filled from defaults. */
export interface UnmappedField {
  pointer: string;
  field: string;
  /** Why, in English. */
  reason: string;
  /** Why, in Chinese. */
  zh: string;
}

/** Options of {@link servicesFromGeoReport}. */
export interface ServicesFromGeoReportOptions {
  district: District;
  /** The domain of new items whose `group` names no domain. @default the district's first domain */
  domain?: string;
  /** The language the documents are written in. @default "zh" */
  lang?: "zh" | "en";
  /** Capabilities of new items. @default the first capability used by the domain's items */
  capabilities?: string[];
  /** The promise of new items. @default 5 working days */
  promised?: Duration;
  /** Who handles new items. @default "community-staff" */
  handler?: HandlerRole;
  /** The category of items whose `group` is missing or not a Latin name. @default "general" */
  category?: string;
  /** Put in front of codes that do not start with a letter (`001` → `OPEN311-001`). @default "OPEN311" */
  codePrefix?: string;
  /**
   * Items whose fields Open311 does not carry (domain, capabilities, promise, handler, English
   * names, ...) are kept from, by code. @default the district's services
   */
  existing?: ReadonlyMap<string, ServiceItem>;
}

/** What {@link servicesFromGeoReport} made. */
export interface ServicesFromGeoReportResult {
  /** Valid service items, in the order of the list. */
  items: ServiceItem[];
  unmapped: UnmappedField[];
  /** Services that could not become an item, with why. */
  rejected: { index: number; pointer: string; reason: string; zh: string }[];
}

const DEFAULT_PROMISE: Duration = { amount: 5, unit: "working-days" };

/**
 * Maps a GeoReport v2 service list (and the definitions of those with `metadata`) to service
 * items. `service_code` becomes the item code (see {@link itemCodeFor}), `service_name` the name
 * in `lang`, `description`, `keywords` (split on commas), `group` the category, the definition's
 * variable attributes the intake attributes (sorted by `order`). What Open311 lacks comes from the
 * existing item with that code, else from the options (reported in `unmapped`); what our model
 * cannot hold (informational attributes, `datatype_description`, `batch`/`blackbox` types, extra
 * groups, over-long keywords) is reported too.
 */
export function servicesFromGeoReport(
  services: GeoReportService[],
  definitions: Map<string, GeoReportServiceDefinition> | undefined,
  options: ServicesFromGeoReportOptions,
): ServicesFromGeoReportResult {
  const { district } = options;
  const lang = options.lang ?? "zh";
  const existing = options.existing ?? district.services;
  const out: ServicesFromGeoReportResult = { items: [], unmapped: [], rejected: [] };
  const seen = new Set<string>();
  services.forEach((service, index) => {
    const pointer = `/${index}`;
    const unmapped = (field: string, reason: string, zh: string) =>
      out.unmapped.push({ pointer, field, reason, zh });
    const code = itemCodeFor(service.service_code, options.codePrefix);
    if (code === undefined) {
      out.rejected.push({
        index,
        pointer: `${pointer}/service_code`,
        reason: `service_code ${JSON.stringify(service.service_code)} cannot become an item code`,
        zh: `service_code ${JSON.stringify(service.service_code)} 无法转为服务事项编码`,
      });
      return;
    }
    if (code !== service.service_code) unmapped("service_code", `stored as ${code}`, `以 ${code} 保存`);
    if (seen.has(code)) {
      out.rejected.push({
        index,
        pointer: `${pointer}/service_code`,
        reason: `service code ${code} appears twice`,
        zh: `服务编码 ${code} 重复出现`,
      });
      return;
    }
    seen.add(code);
    const base = existing.get(code);
    const fromDefault = (field: string, value: unknown) => {
      if (!base)
        unmapped(
          field,
          `not in Open311; set to ${JSON.stringify(value)}`,
          `Open311 无此字段，取 ${JSON.stringify(value)}`,
        );
    };

    const category = categoryOf(service, base, options, unmapped);
    const domain =
      base?.domain ?? domainOf(service, district) ?? options.domain ?? [...district.domains.keys()][0]!;
    fromDefault("domain", domain);
    const capabilities = base?.capabilities ?? options.capabilities ?? defaultCapabilities(district, domain);
    fromDefault("capabilities", capabilities);
    const promised = base?.promised ?? options.promised ?? DEFAULT_PROMISE;
    fromDefault("promised", promised);
    const handler = base?.handler ?? options.handler ?? "community-staff";
    fromDefault("handler", handler);

    if (service.type !== "realtime")
      unmapped(
        "type",
        `${service.type}: Lianxin answers every request at once (realtime)`,
        `${service.type}：连心对每个请求即时回复编号（realtime）`,
      );

    const keywords: string[] = [];
    for (const k of (service.keywords ?? "").split(",").map((w) => w.trim())) {
      if (k === "" || keywords.includes(k)) continue;
      if (k.length > 40)
        unmapped(
          "keywords",
          `keyword longer than 40 characters dropped: ${k.slice(0, 40)}…`,
          `超过 40 字的关键词已舍弃：${k.slice(0, 40)}…`,
        );
      else if (keywords.length >= 30)
        unmapped("keywords", `more than 30 keywords: ${k} dropped`, `关键词超过 30 个：已舍弃 ${k}`);
      else keywords.push(k);
    }

    const definition = definitions?.get(service.service_code);
    let attributes: IntakeAttribute[];
    if (definition) attributes = attributesOf(definition, base, lang, unmapped);
    else {
      attributes = service.metadata ? (base?.attributes ?? []) : [];
      if (service.metadata)
        unmapped(
          "metadata",
          base
            ? "no service definition given; the existing attributes are kept"
            : "no service definition given; no attributes",
          base ? "未提供服务定义，保留原有属性" : "未提供服务定义，无属性",
        );
    }

    const candidate: Record<string, unknown> = {
      code,
      name: text(service.service_name, base?.name, lang),
      domain,
      category,
      proxy: base?.proxy ?? false,
      keywords,
      capabilities,
      promised,
      handler,
      requiredDocuments: base?.requiredDocuments ?? [],
      attributes,
      status: base?.status ?? "active",
    };
    if (service.description !== undefined) candidate.description = service.description;
    if (base?.deadlinePolicy !== undefined) candidate.deadlinePolicy = base.deadlinePolicy;
    if (base?.eligibility !== undefined) candidate.eligibility = base.eligibility;
    if (base?.fee !== undefined) candidate.fee = base.fee;
    if (lang === "en" && base === undefined)
      unmapped(
        "service_name",
        "no Chinese name in the document; the English name is used for both",
        "文档无中文名称，中英文均用英文名称",
      );
    const parsed = ServiceItemSchema.safeParse(candidate);
    if (parsed.success) out.items.push(parsed.data);
    else {
      const issues = fromZodIssues(parsed.error.issues, pointer);
      out.rejected.push({
        index,
        pointer,
        reason: issues.map((i) => `${i.pointer}: ${i.message.en}`).join("; "),
        zh: issues.map((i) => `${i.pointer}：${i.message["zh-CN"]}`).join("；"),
      });
    }
  });
  return out;
}

/** A text in `lang`, keeping the other language from what we had. */
function text(value: string, had: LocalizedText | undefined, lang: "zh" | "en"): LocalizedText {
  if (lang === "zh") return had?.en === undefined ? { zh: value } : { zh: value, en: had.en };
  return { zh: had?.zh ?? value, en: value };
}

function categoryOf(
  service: GeoReportService,
  base: ServiceItem | undefined,
  options: ServicesFromGeoReportOptions,
  unmapped: (field: string, reason: string, zh: string) => void,
): string {
  for (const extra of service.groups?.slice(1) ?? [])
    unmapped(
      "groups",
      `only the first group becomes the category; ${extra} dropped`,
      `仅第一个分组作为类别；已舍弃 ${extra}`,
    );
  const fallback = base?.category ?? options.category ?? "general";
  if (service.group === undefined) {
    unmapped("group", `no group; category ${fallback}`, `无分组；类别取 ${fallback}`);
    return fallback;
  }
  const slug = slugFor(service.group);
  if (slug === service.group) return slug;
  if (slug !== undefined) {
    unmapped("group", `category stored as ${slug}`, `类别以 ${slug} 保存`);
    return slug;
  }
  unmapped(
    "group",
    `${service.group} is not a Latin name; category ${fallback}`,
    `${service.group} 不是拉丁字母名称；类别取 ${fallback}`,
  );
  return fallback;
}

/** The domain a group names by code or by (department) name. */
function domainOf(service: GeoReportService, district: District): string | undefined {
  const group = service.group;
  if (group === undefined) return undefined;
  for (const d of district.domains.values())
    if ([d.code, d.name.zh, d.name.en, d.department.zh, d.department.en].includes(group)) return d.code;
  return undefined;
}

function defaultCapabilities(district: District, domain: string): string[] {
  for (const item of district.services.values()) if (item.domain === domain) return [item.capabilities[0]!];
  return [[...district.capabilities.keys()][0]!];
}

function attributesOf(
  definition: GeoReportServiceDefinition,
  base: ServiceItem | undefined,
  lang: "zh" | "en",
  unmapped: (field: string, reason: string, zh: string) => void,
): IntakeAttribute[] {
  const had = new Map(base?.attributes.map((a) => [a.code, a]) ?? []);
  const sorted = definition.attributes
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.order - y.a.order || x.i - y.i);
  const out: IntakeAttribute[] = [];
  for (const { a, i } of sorted) {
    const field = `attributes/${i}`;
    if (!a.variable) {
      unmapped(
        field,
        `informational attribute ${a.code} (variable=false) has no place in our intake`,
        `说明性属性 ${a.code}（variable=false）无对应字段`,
      );
      continue;
    }
    if (a.datatype_description !== undefined)
      unmapped(`${field}/datatype_description`, "not modelled; dropped", "无对应字段，已舍弃");
    const code = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/.test(a.code)
      ? a.code
      : slugFor(a.code.replace(/_/g, "-"));
    if (code === undefined) {
      unmapped(
        field,
        `attribute code ${a.code} cannot become a slug; dropped`,
        `属性编码 ${a.code} 无法转换；已舍弃`,
      );
      continue;
    }
    if (code !== a.code) unmapped(`${field}/code`, `stored as ${code}`, `以 ${code} 保存`);
    const prior = had.get(code);
    const attribute: IntakeAttribute = {
      code,
      datatype: a.datatype,
      required: a.required,
      description: text(a.description, prior?.description, lang),
    };
    if (a.values !== undefined) {
      const priorValues = new Map(prior?.values?.map((v) => [v.key, v.name]) ?? []);
      attribute.values = a.values.map((v) => ({
        key: v.key,
        name: text(v.name, priorValues.get(v.key), lang),
      }));
    }
    out.push(attribute);
  }
  return out;
}
