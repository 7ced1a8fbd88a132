import type {
  GeoReportAttribute,
  GeoReportDiscovery,
  GeoReportError,
  GeoReportRequestReceipt,
  GeoReportService,
  GeoReportServiceDefinition,
  GeoReportServiceRequest,
} from "./types.js";

/** The GeoReport v2 documents {@link toGeoReportXml} writes. */
export type GeoReportXmlKind =
  | "services"
  | "service_definition"
  | "service_requests"
  | "request_receipts"
  | "errors"
  | "discovery";

const HEADER = '<?xml version="1.0" encoding="utf-8"?>';

/**
 * A GeoReport v2 document in the spec's XML: `services` (a {@link GeoReportService} list) →
 * `<services><service>`, `service_definition` → `<service_definition>` with
 * `<attributes><attribute>` and `<values><value>`, `service_requests` → `<service_requests><request>`
 * with `<notes><note>`, `request_receipts` (the answer to `POST requests`) →
 * `<service_requests><request>`, `errors` → `<errors><error>`, `discovery` → `<discovery>` with
 * `<endpoints><endpoint>` and `<formats><format>`. Text is escaped; characters XML 1.0 forbids
 * are dropped; absent optional fields are left out.
 */
export function toGeoReportXml(kind: GeoReportXmlKind, data: unknown): string {
  const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : [value as T]);
  switch (kind) {
    case "services":
      return document("services", list<GeoReportService>(data).map(serviceXml).join(""));
    case "service_definition":
      return HEADER + definitionXml(data as GeoReportServiceDefinition);
    case "service_requests":
      return document("service_requests", list<GeoReportServiceRequest>(data).map(requestXml).join(""));
    case "request_receipts":
      return document("service_requests", list<GeoReportRequestReceipt>(data).map(receiptXml).join(""));
    case "errors":
      return document("errors", list<GeoReportError>(data).map(errorXml).join(""));
    case "discovery":
      return HEADER + discoveryXml(data as GeoReportDiscovery);
  }
}

function document(root: string, body: string): string {
  return `${HEADER}<${root}>${body}</${root}>`;
}

/** Escapes text for element content and drops characters XML 1.0 does not allow. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function el(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return "";
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function serviceXml(s: GeoReportService): string {
  return `<service>${
    el("service_code", s.service_code) +
    el("service_name", s.service_name) +
    el("description", s.description) +
    el("metadata", s.metadata) +
    el("type", s.type) +
    el("keywords", s.keywords) +
    el("group", s.group)
  }</service>`;
}

function attributeXml(a: GeoReportAttribute): string {
  const values =
    a.values === undefined
      ? ""
      : `<values>${a.values.map((v) => `<value>${el("key", v.key)}${el("name", v.name)}</value>`).join("")}</values>`;
  return `<attribute>${
    el("variable", a.variable) +
    el("code", a.code) +
    el("datatype", a.datatype) +
    el("required", a.required) +
    el("datatype_description", a.datatype_description) +
    el("order", a.order) +
    el("description", a.description) +
    values
  }</attribute>`;
}

function definitionXml(d: GeoReportServiceDefinition): string {
  return `<service_definition>${el("service_code", d.service_code)}<attributes>${d.attributes
    .map(attributeXml)
    .join("")}</attributes></service_definition>`;
}

function requestXml(r: GeoReportServiceRequest): string {
  const notes =
    r.notes === undefined
      ? ""
      : `<notes>${r.notes
          .map(
            (n) =>
              `<note>${el("datetime", n.datetime)}${el("type", n.type)}${el("summary", n.summary)}${el(
                "description",
                n.description,
              )}</note>`,
          )
          .join("")}</notes>`;
  return `<request>${
    el("service_request_id", r.service_request_id) +
    el("status", r.status) +
    el("status_notes", r.status_notes) +
    el("service_name", r.service_name) +
    el("service_code", r.service_code) +
    el("description", r.description) +
    el("agency_responsible", r.agency_responsible) +
    el("service_notice", r.service_notice) +
    el("requested_datetime", r.requested_datetime) +
    el("updated_datetime", r.updated_datetime) +
    el("expected_datetime", r.expected_datetime) +
    el("address", r.address) +
    el("address_id", r.address_id) +
    el("zipcode", r.zipcode) +
    el("lat", r.lat) +
    el("long", r.long) +
    el("media_url", r.media_url) +
    notes
  }</request>`;
}

function receiptXml(r: GeoReportRequestReceipt): string {
  return `<request>${
    el("service_request_id", r.service_request_id) +
    el("token", r.token) +
    el("service_notice", r.service_notice) +
    el("account_id", r.account_id)
  }</request>`;
}

function errorXml(e: GeoReportError): string {
  return `<error>${el("code", e.code)}${el("description", e.description)}</error>`;
}

function discoveryXml(d: GeoReportDiscovery): string {
  const endpoints = d.endpoints
    .map(
      (e) =>
        `<endpoint>${
          el("specification", e.specification) +
          el("url", e.url) +
          el("changeset", e.changeset) +
          el("type", e.type)
        }<formats>${e.formats.map((f) => el("format", f)).join("")}</formats></endpoint>`,
    )
    .join("");
  return `<discovery>${
    el("changeset", d.changeset) + el("contact", d.contact) + el("key_service", d.key_service)
  }<endpoints>${endpoints}</endpoints></discovery>`;
}
