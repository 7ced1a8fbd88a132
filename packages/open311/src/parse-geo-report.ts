import { type Issue, issue, LianxinError, lineColumn, locatePointers, parseJsonSource } from "@lianxin/core";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type {
  GeoReportAttribute,
  GeoReportDatatype,
  GeoReportFormat,
  GeoReportNote,
  GeoReportService,
  GeoReportServiceDefinition,
  GeoReportServiceRequest,
} from "./types.js";

/** The documents the parsers read. */
export type GeoReportDocumentKind = "services" | "service_definition" | "service_requests";

/** Limits on what a document may hold: 20 MB of text and 100,000 records. */
export const GEO_REPORT_LIMITS = { bytes: 20 * 1024 * 1024, records: 100_000 } as const;

/** Options of the GeoReport v2 parsers. */
export interface ParseGeoReportOptions {
  format: GeoReportFormat;
  /** The file the text came from, for the issues. */
  file?: string;
  /**
   * Leave out records with problems and list them in `rejected` instead of failing the whole
   * document (only {@link parseGeoReport}; document-level problems always fail).
   */
  skipInvalid?: boolean;
  /** Tighter (or looser) limits than {@link GEO_REPORT_LIMITS}. */
  limits?: { bytes?: number; records?: number };
}

/** A record left out, with every problem found in it. */
export interface RejectedRecord {
  index: number;
  pointer: string;
  issues: Issue[];
}

/** What {@link parseGeoReport} found: the valid records, and those left out with `skipInvalid`. */
export interface ParsedGeoReport<T> {
  records: T[];
  rejected: RejectedRecord[];
}

type Records = {
  services: GeoReportService;
  service_definition: GeoReportServiceDefinition;
  service_requests: GeoReportServiceRequest;
};

/**
 * Parses a GeoReport v2 service list (`services`), service definition (`service_definition`,
 * one record) or request list (`service_requests`), in JSON or XML, as real servers send them:
 * numeric or zero-padded codes are kept as strings (`"001"`), keywords may be comma- or
 * space-separated (normalised to a comma list), `group` or `groups`, optional fields may be
 * missing or empty, XML lists may have a single element, booleans and numbers may be strings.
 * Malformed text, a wrong root, wrong types or missing required fields raise a LianxinError
 * `open311.invalid` listing every problem with its pointer (and line, where known); a document
 * over the limits raises `open311.too_large`.
 */
export function parseGeoReport<K extends GeoReportDocumentKind>(
  kind: K,
  text: string,
  options: ParseGeoReportOptions,
): ParsedGeoReport<Records[K]> {
  const file = options.file;
  const maxBytes = options.limits?.bytes ?? GEO_REPORT_LIMITS.bytes;
  const maxRecords = options.limits?.records ?? GEO_REPORT_LIMITS.records;
  if (text.length > maxBytes || Buffer.byteLength(text, "utf8") > maxBytes)
    throw new LianxinError("open311.too_large", `the document is larger than ${maxBytes} bytes`, {
      issues: [
        issue(
          "open311.too_large",
          "",
          `文档超过 ${maxBytes} 字节的上限`,
          `the document exceeds ${maxBytes} bytes`,
          file,
        ),
      ],
    });
  const root = options.format === "xml" ? readXml(text, file) : readJson(text, file);
  const { list, base } = recordList(kind, root, options.format, file);
  if (list.length > maxRecords)
    throw new LianxinError("open311.too_large", `the document holds more than ${maxRecords} records`, {
      issues: [
        issue(
          "open311.too_large",
          base,
          `文档含 ${list.length} 条记录，超过 ${maxRecords} 条的上限`,
          `the document holds ${list.length} records, more than ${maxRecords}`,
          file,
        ),
      ],
    });
  const records: Records[K][] = [];
  const rejected: RejectedRecord[] = [];
  list.forEach((raw, index) => {
    const pointer = `${base}/${index}`;
    const r = new RecordReader(pointer, file);
    const record = READERS[kind](r, raw);
    if (r.issues.length === 0) records.push(record as Records[K]);
    else rejected.push({ index, pointer, issues: r.issues });
  });
  if (rejected.length > 0) addPositions(rejected, text, options.format, kind, base);
  if (rejected.length > 0 && options.skipInvalid !== true) {
    const issues = rejected.flatMap((x) => x.issues);
    throw new LianxinError("open311.invalid", `${issues.length} problem(s) in ${rejected.length} record(s)`, {
      issues,
    });
  }
  return { records, rejected };
}

/** Parses a GeoReport v2 service list; any problem fails the whole document (see {@link parseGeoReport}). */
export function parseGeoReportServices(
  text: string,
  options: { format: GeoReportFormat; file?: string },
): GeoReportService[] {
  return parseGeoReport("services", text, { ...options, skipInvalid: false }).records;
}

/** Parses a GeoReport v2 service definition (see {@link parseGeoReport}). */
export function parseGeoReportServiceDefinition(
  text: string,
  options: { format: GeoReportFormat; file?: string },
): GeoReportServiceDefinition {
  return parseGeoReport("service_definition", text, { ...options, skipInvalid: false }).records[0]!;
}

/** Parses a GeoReport v2 request list; any problem fails the whole document (see {@link parseGeoReport}). */
export function parseGeoReportRequests(
  text: string,
  options: { format: GeoReportFormat; file?: string },
): GeoReportServiceRequest[] {
  return parseGeoReport("service_requests", text, { ...options, skipInvalid: false }).records;
}

function invalid(issues: Issue[]): LianxinError {
  return new LianxinError("open311.invalid", `${issues.length} problem(s) in the GeoReport document`, {
    issues,
  });
}

function readJson(text: string, file: string | undefined): unknown {
  const parsed = parseJsonSource(text);
  if (parsed.ok) return parsed.value;
  const { line, column, zh, en } = parsed.problem;
  throw invalid([{ ...issue("open311.syntax", "", zh, en, file), line, column }]);
}

const XML_LISTS = new Set([
  "services.service",
  "services.service.groups.group",
  "service_definition.attributes.attribute",
  "service_definition.attributes.attribute.values.value",
  "service_requests.request",
  "service_requests.request.notes.note",
]);

function readXml(text: string, file: string | undefined): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const doctype = /<!DOCTYPE/i.exec(body);
  if (doctype) {
    const { line, column } = lineColumn(body, doctype.index);
    throw invalid([
      {
        ...issue(
          "open311.syntax",
          "",
          "不接受含 DOCTYPE 的 XML（实体展开有安全风险）",
          "XML with a DOCTYPE is not accepted (entity expansion is unsafe)",
          file,
        ),
        line,
        column,
      },
    ]);
  }
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw invalid([
      {
        ...issue("open311.syntax", "", `XML 格式错误：${msg}`, `Invalid XML: ${msg}`, file),
        line,
        column: col,
      },
    ]);
  }
  const parser = new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    parseTagValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (_name, jpath) => XML_LISTS.has(String(jpath)),
  });
  return parser.parse(body);
}

/** The records of a document and the pointer of their list. */
function recordList(
  kind: GeoReportDocumentKind,
  root: unknown,
  format: GeoReportFormat,
  file: string | undefined,
): { list: unknown[]; base: string } {
  const bad = (zh: string, en: string) => invalid([issue("open311.invalid_root", "", zh, en, file)]);
  if (format === "xml") {
    const top = isObject(root) ? root : {};
    if (kind === "service_definition") {
      if (!isObject(top.service_definition))
        throw bad("根元素应为 <service_definition>", "the root element must be <service_definition>");
      return { list: [top.service_definition], base: "/service_definition" };
    }
    const [rootName, item] = kind === "services" ? ["services", "service"] : ["service_requests", "request"];
    if (!(rootName in top)) throw bad(`根元素应为 <${rootName}>`, `the root element must be <${rootName}>`);
    const container = top[rootName];
    const list = isObject(container) ? container[item] : undefined;
    return { list: Array.isArray(list) ? list : [], base: `/${rootName}/${item}` };
  }
  if (kind === "service_definition") {
    if (Array.isArray(root) && root.length === 1 && isObject(root[0])) return { list: root, base: "" };
    if (!isObject(root)) throw bad("服务定义应为 JSON 对象", "a service definition must be a JSON object");
    return { list: [root], base: "" };
  }
  if (Array.isArray(root)) return { list: root, base: "" };
  const keys = kind === "services" ? ["services", "service"] : ["service_requests", "requests", "request"];
  if (isObject(root))
    for (const k of keys) if (Array.isArray(root[k])) return { list: root[k] as unknown[], base: `/${k}` };
  throw bad(
    kind === "services" ? "服务列表应为 JSON 数组" : "请求列表应为 JSON 数组",
    kind === "services" ? "a service list must be a JSON array" : "a request list must be a JSON array",
  );
}

const READERS: { [K in GeoReportDocumentKind]: (r: RecordReader, raw: unknown) => Records[K] } = {
  services: readService,
  service_definition: readDefinition,
  service_requests: readRequest,
};

const SERVICE_TYPES = ["realtime", "batch", "blackbox"] as const;
const DATATYPES: readonly GeoReportDatatype[] = [
  "string",
  "number",
  "datetime",
  "text",
  "singlevaluelist",
  "multivaluelist",
];
const OPEN_WORDS = new Set([
  "open",
  "opened",
  "new",
  "acknowledged",
  "in_progress",
  "in progress",
  "investigating",
  "action_scheduled",
  "reopen",
  "reopened",
  "for_triage",
  "submitted",
]);
const CLOSED_WORDS = new Set([
  "closed",
  "fixed",
  "resolved",
  "archived",
  "completed",
  "duplicate",
  "cancelled",
  "canceled",
  "not_councils_responsibility",
  "no_further_action",
  "internal_referral",
]);
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function readService(r: RecordReader, raw: unknown): GeoReportService {
  const o = r.object(raw, "");
  const service: GeoReportService = {
    service_code: r.string(o.service_code, "service_code", true) ?? "",
    service_name: r.string(o.service_name, "service_name", true) ?? "",
    metadata: r.boolean(o.metadata, "metadata") ?? false,
    type: r.oneOf(o.type, "type", SERVICE_TYPES) ?? "realtime",
  };
  const description = r.string(o.description, "description");
  if (description !== undefined) service.description = description;
  const keywords = r.keywords(o.keywords, "keywords");
  if (keywords !== undefined) service.keywords = keywords;
  const groups: string[] = [];
  const group = r.string(o.group, "group");
  if (group !== undefined) groups.push(group);
  const many = isObject(o.groups) ? o.groups.group : o.groups;
  if (many !== undefined && many !== "") {
    const list = Array.isArray(many) ? many : [many];
    list.forEach((g, i) => {
      const value = r.string(g, isObject(o.groups) ? `groups/group/${i}` : `groups/${i}`);
      if (value !== undefined && !groups.includes(value)) groups.push(value);
    });
  }
  if (groups.length > 0) service.group = groups[0]!;
  if (groups.length > 1) service.groups = groups;
  return service;
}

function readDefinition(r: RecordReader, raw: unknown): GeoReportServiceDefinition {
  const o = r.object(raw, "");
  const container = isObject(o.attributes) ? o.attributes.attribute : o.attributes;
  const prefix = isObject(o.attributes) ? "attributes/attribute" : "attributes";
  const list =
    container === undefined || container === "" ? [] : Array.isArray(container) ? container : [container];
  if (container !== undefined && container !== "" && !Array.isArray(container) && !isObject(container))
    r.problem("attributes", "属性应为列表", "attributes must be a list");
  const attributes = list.map((a, i): GeoReportAttribute => {
    const at = `${prefix}/${i}`;
    const x = r.object(a, at);
    const attribute: GeoReportAttribute = {
      variable: r.boolean(x.variable, `${at}/variable`) ?? true,
      code: r.string(x.code, `${at}/code`, true) ?? "",
      datatype: r.oneOf(x.datatype, `${at}/datatype`, DATATYPES, true) ?? "string",
      required: r.boolean(x.required, `${at}/required`) ?? false,
      order: r.integer(x.order, `${at}/order`) ?? i + 1,
      description: r.string(x.description, `${at}/description`, true) ?? "",
    };
    const help = r.string(x.datatype_description, `${at}/datatype_description`);
    if (help !== undefined) attribute.datatype_description = help;
    const valuesRaw = isObject(x.values) ? x.values.value : x.values;
    const vPrefix = isObject(x.values) ? `${at}/values/value` : `${at}/values`;
    if (valuesRaw !== undefined && valuesRaw !== "") {
      const values = Array.isArray(valuesRaw) ? valuesRaw : [valuesRaw];
      attribute.values = values.map((v, k) => {
        const y = r.object(v, `${vPrefix}/${k}`);
        const key = r.string(y.key, `${vPrefix}/${k}/key`, true) ?? "";
        return { key, name: r.string(y.name, `${vPrefix}/${k}/name`) ?? key };
      });
    }
    return attribute;
  });
  return { service_code: r.string(o.service_code, "service_code", true) ?? "", attributes };
}

function readRequest(r: RecordReader, raw: unknown): GeoReportServiceRequest {
  const o = r.object(raw, "");
  const request: GeoReportServiceRequest = {
    service_request_id: r.string(o.service_request_id, "service_request_id", true) ?? "",
    status: readStatus(r, o.status),
    requested_datetime: r.datetime(o.requested_datetime, "requested_datetime", true) ?? "",
  };
  const strings = [
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "address",
    "address_id",
    "zipcode",
    "media_url",
  ] as const;
  for (const k of strings) {
    const v = r.string(o[k], k);
    if (v !== undefined) request[k] = v;
  }
  for (const k of ["updated_datetime", "expected_datetime"] as const) {
    const v = r.datetime(o[k], k);
    if (v !== undefined) request[k] = v;
  }
  const lat = r.number(o.lat, "lat", -90, 90);
  const long = r.number(o.long ?? o.lon ?? o.lng, "long", -180, 180);
  if (lat !== undefined && long !== undefined) {
    request.lat = lat;
    request.long = long;
  } else if ((lat === undefined) !== (long === undefined))
    r.problem(
      lat === undefined ? "lat" : "long",
      "lat 与 long 须同时给出",
      "lat and long must come together",
    );
  const container = isObject(o.notes) ? o.notes.note : o.notes;
  const prefix = isObject(o.notes) ? "notes/note" : "notes";
  if (container !== undefined && container !== "") {
    const list = Array.isArray(container) ? container : [container];
    request.notes = list.map((n, i): GeoReportNote => {
      const x = r.object(n, `${prefix}/${i}`);
      const description = r.string(x.description, `${prefix}/${i}/description`);
      const note: GeoReportNote = {
        datetime: r.datetime(x.datetime, `${prefix}/${i}/datetime`, true) ?? "",
        type: r.string(x.type, `${prefix}/${i}/type`) ?? "comment",
        summary: r.string(x.summary, `${prefix}/${i}/summary`) ?? description ?? "",
      };
      if (description !== undefined) note.description = description;
      return note;
    });
  }
  return request;
}

function readStatus(r: RecordReader, value: unknown): "open" | "closed" {
  const text = r.string(value, "status");
  if (text === undefined) return "open";
  const word = text.trim().toLowerCase();
  if (OPEN_WORDS.has(word)) return "open";
  if (CLOSED_WORDS.has(word)) return "closed";
  r.problem(
    "status",
    `未知的状态 ${JSON.stringify(text)}（应为 open 或 closed）`,
    `unknown status ${JSON.stringify(text)} (open or closed)`,
  );
  return "open";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads one record's fields, coercing what real servers send and collecting every problem. */
class RecordReader {
  readonly issues: Issue[] = [];

  constructor(
    private readonly pointer: string,
    private readonly file: string | undefined,
  ) {}

  problem(field: string, zh: string, en: string): void {
    const pointer = field === "" ? this.pointer : `${this.pointer}/${field}`;
    this.issues.push(issue("open311.invalid", pointer, zh, en, this.file));
  }

  object(v: unknown, field: string): Record<string, unknown> {
    if (isObject(v)) return v;
    this.problem(field, "应为对象", "must be an object");
    return {};
  }

  string(v: unknown, field: string, required = false): string | undefined {
    if (typeof v === "string" && v.trim() !== "") return v.trim();
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    if (v === undefined || v === null || v === "") {
      if (required) this.problem(field, `缺少必填字段 ${field}`, `missing required field ${field}`);
      return undefined;
    }
    if (typeof v === "string") {
      if (required) this.problem(field, `${field} 不能为空`, `${field} must not be empty`);
      return undefined;
    }
    this.problem(
      field,
      `${field} 应为字符串，实为 ${typeName(v)}`,
      `${field} must be a string, not ${typeName(v)}`,
    );
    return undefined;
  }

  boolean(v: unknown, field: string): boolean | undefined {
    if (typeof v === "boolean") return v;
    if (v === undefined || v === null || v === "") return undefined;
    if (typeof v === "string") {
      const w = v.trim().toLowerCase();
      if (w === "true" || w === "1" || w === "yes") return true;
      if (w === "false" || w === "0" || w === "no") return false;
    }
    if (v === 1 || v === 0) return v === 1;
    this.problem(
      field,
      `${field} 应为 true 或 false，实为 ${JSON.stringify(v)}`,
      `${field} must be true or false, not ${JSON.stringify(v)}`,
    );
    return undefined;
  }

  number(v: unknown, field: string, min: number, max: number): number | undefined {
    if (v === undefined || v === null || v === "") return undefined;
    const n =
      typeof v === "number"
        ? v
        : typeof v === "string" && /^\s*[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*$/.test(v)
          ? Number(v)
          : Number.NaN;
    if (!Number.isFinite(n)) {
      this.problem(
        field,
        `${field} 应为数字，实为 ${JSON.stringify(v)}`,
        `${field} must be a number, not ${JSON.stringify(v)}`,
      );
      return undefined;
    }
    if (n < min || n > max) {
      this.problem(
        field,
        `${field} 应在 ${min} 与 ${max} 之间`,
        `${field} must be between ${min} and ${max}`,
      );
      return undefined;
    }
    return n;
  }

  integer(v: unknown, field: string): number | undefined {
    const n = this.number(v, field, 0, 1_000_000);
    if (n !== undefined && !Number.isInteger(n)) {
      this.problem(field, `${field} 应为整数`, `${field} must be an integer`);
      return undefined;
    }
    return n;
  }

  oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[], required = false): T | undefined {
    const text = this.string(v, field, required);
    if (text === undefined) return undefined;
    const word = text.toLowerCase() as T;
    if (allowed.includes(word)) return word;
    this.problem(
      field,
      `${field} 应为 ${allowed.join("、")} 之一，实为 ${JSON.stringify(text)}`,
      `${field} must be one of ${allowed.join(", ")}, not ${JSON.stringify(text)}`,
    );
    return undefined;
  }

  datetime(v: unknown, field: string, required = false): string | undefined {
    const text = this.string(v, field, required);
    if (text === undefined) return undefined;
    if (ISO_WITH_OFFSET.test(text) && !Number.isNaN(Date.parse(text)))
      return text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
    this.problem(
      field,
      `${field} 应为带时区的 ISO 8601 时间，实为 ${JSON.stringify(text)}`,
      `${field} must be an ISO 8601 time with an offset, not ${JSON.stringify(text)}`,
    );
    return undefined;
  }

  /** Comma-separated (also `，`, `、`, `;`) keywords, else space-separated; normalised to `a,b,c`. */
  keywords(v: unknown, field: string): string | undefined {
    const parts: string[] = [];
    if (Array.isArray(v))
      v.forEach((k, i) => {
        const s = this.string(k, `${field}/${i}`);
        if (s !== undefined) parts.push(s);
      });
    else {
      const s = this.string(v, field);
      if (s === undefined) return undefined;
      parts.push(...(/[,，、;；]/.test(s) ? s.split(/[,，、;；]/) : s.split(/\s+/)));
    }
    const words = [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ""))];
    return words.length === 0 ? undefined : words.join(",");
  }
}

function typeName(v: unknown): string {
  return Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
}

/** Adds line and column: JSON at the nearest existing value, XML at the record's opening tag. */
function addPositions(
  rejected: RejectedRecord[],
  text: string,
  format: GeoReportFormat,
  kind: GeoReportDocumentKind,
  base: string,
): void {
  if (format === "json") {
    const wanted = new Set<string>();
    for (const x of rejected)
      for (const i of x.issues)
        for (let p = i.pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
          wanted.add(p);
          if (p === "" || p === base) break;
        }
    const found = locatePointers(text, wanted);
    for (const x of rejected)
      for (const i of x.issues)
        for (let p = i.pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
          const at = found.get(p);
          if (at) {
            i.line = at.line;
            i.column = at.column;
            break;
          }
          if (p === "" || p === base) break;
        }
    return;
  }
  const tag =
    kind === "services" ? "service" : kind === "service_requests" ? "request" : "service_definition";
  const starts: number[] = [];
  const re = new RegExp(`<${tag}[\\s>/]`, "g");
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index);
  for (const x of rejected) {
    const offset = starts[x.index];
    if (offset === undefined) continue;
    const { line, column } = lineColumn(text, offset);
    for (const i of x.issues) {
      i.line = line;
      i.column = column;
    }
  }
}
