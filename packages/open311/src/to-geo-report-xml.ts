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

/** The keys of `T` whose values {@link el} can write. */
type ScalarKey<T> = {
  [K in keyof T]-?: T[K] extends string | number | boolean | undefined ? K : never;
}[keyof T] &
  string;

/** `<tag>` holding an element per key, in that order (absent values left out), then `rest`. */
function record<T>(tag: string, value: T, keys: readonly ScalarKey<T>[], rest = ""): string {
  return `<${tag}>${keys.map((k) => el(k, value[k] as string | number | boolean | undefined)).join("")}${rest}</${tag}>`;
}

function serviceXml(s: GeoReportService): string {
  return record("service", s, [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
  ]);
}

function attributeXml(a: GeoReportAttribute): string {
  const values =
    a.values === undefined
      ? ""
      : `<values>${a.values.map((v) => record("value", v, ["key", "name"])).join("")}</values>`;
  return record(
    "attribute",
    a,
    ["variable", "code", "datatype", "required", "datatype_description", "order", "description"],
    values,
  );
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
      : `<notes>${r.notes.map((n) => record("note", n, ["datetime", "type", "summary", "description"])).join("")}</notes>`;
  return record(
    "request",
    r,
    [
      "service_request_id",
      "status",
      "status_notes",
      "service_name",
      "service_code",
      "description",
      "agency_responsible",
      "service_notice",
      "requested_datetime",
      "updated_datetime",
      "expected_datetime",
      "address",
      "address_id",
      "zipcode",
      "lat",
      "long",
      "media_url",
    ],
    notes,
  );
}

function receiptXml(r: GeoReportRequestReceipt): string {
  return record("request", r, ["service_request_id", "token", "service_notice", "account_id"]);
}

function errorXml(e: GeoReportError): string {
  return record("error", e, ["code", "description"]);
}

function discoveryXml(d: GeoReportDiscovery): string {
  const endpoints = d.endpoints
    .map((e) =>
      record(
        "endpoint",
        e,
        ["specification", "url", "changeset", "type"],
        `<formats>${e.formats.map((f) => el("format", f)).join("")}</formats>`,
      ),
    )
    .join("");
  return record(
    "discovery",
    d,
    ["changeset", "contact", "key_service"],
    `<endpoints>${endpoints}</endpoints>`,
  );
}
