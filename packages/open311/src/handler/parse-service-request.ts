import type { District, IntakeAttribute, Lang, NeedInput, NeedSource, ServiceItem } from "@lianxin/core";
import { GeoReportHttpError } from "./geo-report-http-error.js";

/** The personal fields of `POST requests`: read by nobody but the `identify` hook, never stored, echoed or logged. */
export interface GeoReportRequester {
  email?: string;
  device_id?: string;
  account_id?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
}

/** The form fields of `POST requests` this handler knows; any other field is refused. */
const KNOWN = new Set([
  "service_code",
  "jurisdiction_id",
  "api_key",
  "lat",
  "long",
  "address_string",
  "address_id",
  "description",
  "media_url",
  "email",
  "device_id",
  "account_id",
  "first_name",
  "last_name",
  "phone",
]);
const PERSONAL = ["email", "device_id", "account_id", "first_name", "last_name", "phone"] as const;
/** `attribute[code]` or `attribute[code][]`. */
const ATTRIBUTE_KEY = /^attribute\[([^\]]{1,64})\](\[\])?$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Attribute keys the handler itself writes into a need's attributes. */
export const ADDRESS_STRING_ATTRIBUTE = "address_string";
export const MEDIA_URL_ATTRIBUTE = "media_url";

/** What `POST requests` asks for, checked: the need to submit and the personal fields apart. */
export interface ParsedServiceRequest {
  item: ServiceItem;
  input: NeedInput;
  requester: GeoReportRequester;
}

const bad = (zh: string, en: string) => new GeoReportHttpError(400, zh, en);

/**
 * Checks the fields of `POST requests` against the district and the service item's definition
 * and builds the need to submit. Every problem is a 400 naming the field or attribute. Attribute
 * values are collected into a prototype-less map and only the definition's codes are kept.
 */
export function parseServiceRequest(
  form: URLSearchParams,
  district: District,
  context: { source: NeedSource; receivedAt: string; lang: Lang },
): ParsedServiceRequest {
  const one = (name: string): string | undefined => {
    const all = form.getAll(name);
    if (all.length > 1) throw bad(`字段 ${name} 出现了多次`, `field ${name} is given more than once`);
    const v = all[0]?.trim();
    return v === "" ? undefined : v;
  };
  const raw = new Map<string, string[]>();
  for (const [key, value] of form) {
    const m = ATTRIBUTE_KEY.exec(key);
    if (m) {
      const code = m[1]!;
      const list = raw.get(code) ?? [];
      list.push(value);
      raw.set(code, list);
    } else if (!KNOWN.has(key)) throw bad(`未知字段 ${truncate(key)}`, `unknown field ${truncate(key)}`);
  }

  const code = one("service_code");
  if (code === undefined) throw bad("缺少 service_code", "service_code is required");
  const item = district.services.get(code);
  if (!item)
    throw bad(
      `服务代码 ${truncate(code)} 不存在`,
      `service_code ${truncate(code)} is not a service of this jurisdiction`,
    );
  if (item.status !== "active")
    throw bad(`服务 ${code} 已暂停受理`, `service ${code} is suspended and takes no requests`);

  const lat = one("lat");
  const long = one("long");
  const addressString = one("address_string");
  const addressId = one("address_id");
  let location: NeedInput["location"];
  if (lat !== undefined || long !== undefined) {
    if (lat === undefined || long === undefined)
      throw bad("lat 和 long 须同时提供", "lat and long must be given together");
    const y = NUMBER.test(lat) ? Number(lat) : Number.NaN;
    const x = NUMBER.test(long) ? Number(long) : Number.NaN;
    if (!(y >= -90 && y <= 90))
      throw bad("lat 须为 -90 到 90 之间的数", "lat must be a number from -90 to 90");
    if (!(x >= -180 && x <= 180))
      throw bad("long 须为 -180 到 180 之间的数", "long must be a number from -180 to 180");
    location = { type: "Point", coordinates: [x, y] };
  }
  if (location === undefined && addressString === undefined && addressId === undefined)
    throw bad(
      "须提供位置：lat 与 long、address_string 或 address_id",
      "a location is required: lat and long, address_string or address_id",
    );
  if (addressId !== undefined && addressId.length > 64)
    throw bad("address_id 不能超过 64 个字符", "address_id must be at most 64 characters");
  if (addressString !== undefined && addressString.length > 2_000)
    throw bad("address_string 不能超过 2000 个字符", "address_string must be at most 2,000 characters");

  const description = one("description");
  if (description !== undefined && description.length > 4_000)
    throw bad("description 不能超过 4000 个字符", "description must be at most 4,000 characters");
  const mediaUrl = one("media_url");
  if (mediaUrl !== undefined && !isHttpUrl(mediaUrl))
    throw bad(
      "media_url 须为 http(s) 地址，不超过 2000 个字符",
      "media_url must be an http(s) URL of at most 2,000 characters",
    );

  const attributes: Record<string, string | number> = Object.create(null);
  const definition = new Map(item.attributes.map((a) => [a.code, a]));
  for (const c of raw.keys())
    if (!definition.has(c))
      throw bad(`服务 ${code} 没有属性 ${truncate(c)}`, `service ${code} has no attribute ${truncate(c)}`);
  for (const attribute of item.attributes) {
    const value = attributeValue(attribute, raw.get(attribute.code) ?? []);
    if (value !== undefined) attributes[attribute.code] = value;
  }
  if (addressString !== undefined) attributes[ADDRESS_STRING_ATTRIBUTE] = addressString;
  if (mediaUrl !== undefined) attributes[MEDIA_URL_ATTRIBUTE] = mediaUrl;

  const requester: GeoReportRequester = {};
  for (const p of PERSONAL) {
    const v = one(p);
    if (v !== undefined) requester[p] = v;
  }

  const input: NeedInput = {
    source: context.source,
    serviceCode: item.code,
    description: description ?? (context.lang === "en" ? (item.name.en ?? item.name.zh) : item.name.zh),
    attributes: { ...attributes },
    receivedAt: context.receivedAt,
    ...(location ? { location } : {}),
    ...(addressId !== undefined ? { addressCode: addressId } : {}),
  };
  return { item, input, requester };
}

/** One attribute's value, checked against its datatype, list values and `required`. */
function attributeValue(a: IntakeAttribute, values: string[]): string | number | undefined {
  const given = values.map((v) => v.trim()).filter((v) => v !== "");
  const name = `attribute[${a.code}]`;
  if (given.length === 0) {
    if (a.required)
      throw bad(
        `缺少必填属性 ${name}（${a.description.zh}）`,
        `${name} is required (${a.description.en ?? a.description.zh})`,
      );
    return undefined;
  }
  if (a.datatype !== "multivaluelist" && given.length > 1)
    throw bad(`属性 ${name} 只能有一个值`, `${name} takes one value`);
  const v = given[0]!;
  switch (a.datatype) {
    case "number": {
      if (!NUMBER.test(v) || !Number.isFinite(Number(v)))
        throw bad(`属性 ${name} 须为数字`, `${name} must be a number`);
      return Number(v);
    }
    case "datetime":
      if (!ISO_DATETIME.test(v) || Number.isNaN(Date.parse(v)))
        throw bad(
          `属性 ${name} 须为带时区的 ISO 8601 时间`,
          `${name} must be an ISO 8601 date-time with an offset`,
        );
      return v;
    case "singlevaluelist":
    case "multivaluelist": {
      const keys = new Set((a.values ?? []).map((x) => x.key));
      for (const g of given)
        if (!keys.has(g))
          throw bad(
            `属性 ${name} 的值 ${truncate(g)} 不在可选值中（${[...keys].join("、")}）`,
            `${name}: ${truncate(g)} is not one of ${[...keys].join(", ")}`,
          );
      return [...new Set(given)].join(",");
    }
    default:
      if (v.length > 2_000)
        throw bad(`属性 ${name} 不能超过 2000 个字符`, `${name} must be at most 2,000 characters`);
      return v;
  }
}

function isHttpUrl(s: string): boolean {
  if (s.length > 2_000) return false;
  try {
    const u = new URL(s);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

/** Input echoed in an error message, kept short. */
function truncate(s: string): string {
  return s.length > 64 ? `${s.slice(0, 61)}...` : s;
}
