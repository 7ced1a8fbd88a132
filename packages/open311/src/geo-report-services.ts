import type { District, LocalizedText, ServiceItem } from "@lianxin/core";
import type { GeoReportAttribute, GeoReportService, GeoReportServiceDefinition } from "./types.js";

/** The language of the names and descriptions written into GeoReport documents. */
export interface GeoReportLangOptions {
  /** @default "zh" */
  lang?: "zh" | "en";
}

/** A localized text in the chosen language (Chinese when there is no English). */
export function localized(text: LocalizedText, lang: "zh" | "en" = "zh"): string {
  return lang === "en" ? (text.en ?? text.zh) : text.zh;
}

/**
 * The district's services list as a GeoReport v2 service list: `service_code` = the item code,
 * `group` = the item's category, `keywords` comma-joined, `metadata` = the item has intake
 * attributes, `type` always `realtime` (the engine answers with an id at once). Suspended items
 * are left out: they take no requests.
 */
export function geoReportServices(
  district: District,
  options: GeoReportLangOptions = {},
): GeoReportService[] {
  const out: GeoReportService[] = [];
  for (const item of district.services.values()) {
    if (item.status === "suspended") continue;
    out.push(geoReportService(item, options));
  }
  return out;
}

/** One service item as a GeoReport v2 service list entry. */
export function geoReportService(item: ServiceItem, options: GeoReportLangOptions = {}): GeoReportService {
  const lang = options.lang ?? "zh";
  const service: GeoReportService = {
    service_code: item.code,
    service_name: localized(item.name, lang),
    metadata: item.attributes.length > 0,
    type: "realtime",
  };
  if (item.description !== undefined) service.description = item.description;
  if (item.keywords.length > 0) service.keywords = item.keywords.join(",");
  service.group = item.category;
  return service;
}

/**
 * A service item's intake attributes as a GeoReport v2 service definition: every attribute is
 * `variable` (asks for a value), `order` follows the item's order from 1, list datatypes carry
 * their `values`.
 */
export function geoReportServiceDefinition(
  item: ServiceItem,
  options: GeoReportLangOptions = {},
): GeoReportServiceDefinition {
  const lang = options.lang ?? "zh";
  return {
    service_code: item.code,
    attributes: item.attributes.map((a, i): GeoReportAttribute => {
      const attribute: GeoReportAttribute = {
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        order: i + 1,
        description: localized(a.description, lang),
      };
      if (a.values !== undefined)
        attribute.values = a.values.map((v) => ({ key: v.key, name: localized(v.name, lang) }));
      return attribute;
    }),
  };
}
