import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type Clock,
  type Lianxin,
  LianxinError,
  type Logger,
  type NeedSource,
  type StoredNeed,
  silentLogger,
  WorkingCalendar,
} from "@lianxin/core";
import { geoReportRequest } from "../geo-report-request.js";
import { geoReportServiceDefinition, geoReportServices } from "../geo-report-services.js";
import { type GeoReportXmlKind, toGeoReportXml } from "../to-geo-report-xml.js";
import type { GeoReportDiscovery, GeoReportFormat, GeoReportRequestReceipt } from "../types.js";
import { GeoReportHttpError } from "./geo-report-http-error.js";
import { inScope, listServiceRequests, parseServiceRequestQuery } from "./list-service-requests.js";
import { type GeoReportRequester, parseServiceRequest } from "./parse-service-request.js";
import { readFormBody } from "./read-form-body.js";

/** A GeoReport v2 request listener: a `node:http` listener and, with `next`, Express-style middleware. */
export type GeoReportHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (err?: unknown) => void,
) => Promise<void>;

/** What `GET discovery` tells clients. */
export interface GeoReportDiscoveryOptions {
  /** Who to contact about the endpoint (a name, an email, a URL). */
  contact: string;
  /** Where to ask for an `api_key`. */
  key_service: string;
  /** When the endpoint last changed (ISO 8601). @default the time the handler was created */
  changeset?: string;
  /** The public URL of the endpoint (`https://example.org/open311/v2`). @default from the request's Host header and the base path */
  url?: string;
  /** @default "production" */
  type?: "production" | "test";
}

/** Options of {@link createGeoReportHandler}. */
export interface GeoReportHandlerOptions {
  /** The engine: `createLianxin(...)`. */
  engine: Lianxin;
  /** Where the endpoint lives. @default "/open311/v2" */
  basePath?: string;
  /** The `jurisdiction_id` served; a request naming another gets a 404. @default the district's id */
  jurisdiction?: string;
  /**
   * The unit whose subtree this endpoint serves (a tenant): requests elsewhere are not listed
   * nor found, and `POST requests` at a point or address outside it get a 400. @default the whole district
   */
  unit?: string;
  /**
   * Valid API keys, or a check. When given, `POST requests` needs a valid `api_key` (403
   * otherwise). When left out, anyone may post: only for closed networks.
   */
  apiKeys?: readonly string[] | ((key: string) => boolean | Promise<boolean>);
  /** The language of names, notices and error descriptions. @default "zh" */
  lang?: "zh" | "en";
  /** What `GET discovery` says. @default no discovery endpoint (404) */
  discovery?: GeoReportDiscoveryOptions;
  /** The largest `POST` body, in bytes (413 above). @default 65536 */
  maxBodyBytes?: number;
  /** The source of submitted needs. @default "app" */
  source?: NeedSource;
  /** The clock stamping `receivedAt` and the default `GET requests` window. @default the engine's clock */
  clock?: Clock;
  /** Logs one line per request (method, route, status, duration, need id); never a body, a query value or a personal field. @default silentLogger */
  logger?: Logger;
  /** Origins allowed to call from a browser (`["https://app.example.org"]`, or `["*"]`). @default none: no CORS headers */
  cors?: readonly string[];
  /** The most stored needs one `GET requests` may read before it is refused as too broad. @default 20000 */
  maxScan?: number;
  /**
   * Maps the requester's personal fields (email, phone, names, account and device ids) to a
   * resident id of the district, kept as the need's `subject` (or `requester`). The fields
   * themselves are never stored, echoed or logged. @default none: they are dropped
   */
  identify?: (
    person: GeoReportRequester,
  ) =>
    | { subject?: string; requester?: string }
    | undefined
    | Promise<{ subject?: string; requester?: string } | undefined>;
}

type Route =
  | { name: "discovery" }
  | { name: "services" }
  | { name: "service"; code: string }
  | { name: "requests" }
  | { name: "request"; id: string };

const ALLOW: Record<Route["name"], string> = {
  discovery: "GET, HEAD, OPTIONS",
  services: "GET, HEAD, OPTIONS",
  service: "GET, HEAD, OPTIONS",
  requests: "GET, HEAD, POST, OPTIONS",
  request: "GET, HEAD, OPTIONS",
};
const CONTENT_TYPE: Record<GeoReportFormat, string> = {
  json: "application/json; charset=utf-8",
  xml: "application/xml; charset=utf-8",
};
const SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
/** Need states that mean the engine did not take the request on. */
const NOT_TAKEN = new Set(["rejected", "duplicate", "not-responsible", "cancelled", "failed"]);

/**
 * A framework-free GeoReport v2 endpoint over an engine: `GET discovery`, `GET services`,
 * `GET services/{code}`, `POST requests` (form-encoded, API keys), `GET requests` (filters and
 * `page` / `page_size`), `GET requests/{id}`; `.json` or `.xml` (JSON without an extension).
 * Errors are answered in the spec's format with the HTTP status as their code. Paths outside the
 * base path go to `next()` when there is one (Express), else get a 404.
 *
 * @example
 * const handler = createGeoReportHandler({ engine, apiKeys: ["k1"] });
 * http.createServer(handler).listen(8080);       // node:http
 * app.use(handler);                              // Express
 * fastify.register(geoReportFastify(handler));   // Fastify
 */
export function createGeoReportHandler(options: GeoReportHandlerOptions): GeoReportHandler {
  const { engine } = options;
  if (typeof engine?.submit !== "function" || typeof engine.store?.listNeeds !== "function")
    throw new LianxinError("options.invalid", "createGeoReportHandler: engine must be a Lianxin engine");
  const district = engine.district;
  const basePath = (options.basePath ?? "/open311/v2").replace(/\/+$/, "");
  if (basePath !== "" && !basePath.startsWith("/"))
    throw new LianxinError(
      "options.invalid",
      `createGeoReportHandler: basePath must start with "/": ${basePath}`,
    );
  const jurisdiction = options.jurisdiction ?? district.manifest.id;
  const lang = options.lang ?? "zh";
  const errLang = lang === "zh" ? "zh-CN" : "en";
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const maxScan = options.maxScan ?? 20_000;
  const clock = options.clock ?? engine.clock;
  const logger = options.logger ?? silentLogger;
  const source = options.source ?? "app";
  const cors = options.cors ? new Set(options.cors) : undefined;
  const changeset = options.discovery?.changeset ?? new Date(clock.now()).toISOString();
  let scope: string | undefined;
  if (options.unit !== undefined) {
    const path = district.hierarchy.path(options.unit);
    if (path.length === 0)
      throw new LianxinError(
        "options.invalid",
        `createGeoReportHandler: unit ${options.unit} is not in the district`,
      );
    scope = path.map((u) => u.code).join("/");
  }
  const calendars = district.policies.calendars;
  const calendar = new WorkingCalendar(
    calendars.find((c) => c.id === district.manifest.calendar) ?? calendars[0]!,
  );
  const checkKey = apiKeyCheck(options.apiKeys);

  /** Is the unit (the grid a point or address falls in) inside the endpoint's subtree? */
  const unitInScope = (code: string | undefined) =>
    scope === undefined ||
    (code !== undefined &&
      inScope(
        district.hierarchy
          .path(code)
          .map((u) => u.code)
          .join("/"),
        scope,
      ));
  if (!checkKey) logger.warn("georeport: no apiKeys given, anyone may POST requests");

  async function present(need: StoredNeed) {
    const workOrders = (await engine.listWorkOrders({ need: need.id, limit: 1_000 })).items;
    const events = await engine.events(need.id);
    return geoReportRequest(need, { district, workOrders, events, lang });
  }

  async function serve(
    route: Route,
    method: string,
    format: GeoReportFormat,
    query: URLSearchParams,
    req: IncomingMessage,
    reply: Reply,
    seen: { need?: string },
  ): Promise<undefined> {
    const named = query.get("jurisdiction_id");
    if (named !== null && named !== "" && named !== jurisdiction) throw unknownJurisdiction(named);
    switch (route.name) {
      case "discovery": {
        if (!options.discovery)
          throw new GeoReportHttpError(
            404,
            "本端点未提供服务发现",
            "this endpoint has no discovery document",
          );
        const d = options.discovery;
        const doc: GeoReportDiscovery = {
          changeset,
          contact: d.contact,
          key_service: d.key_service,
          endpoints: [
            {
              specification: SPECIFICATION,
              url: d.url ?? `${hostUrl(req)}${basePath}`,
              changeset,
              type: d.type ?? "production",
              formats: ["text/xml", "application/json"],
            },
          ],
        };
        return reply(200, "discovery", doc);
      }
      case "services":
        return reply(200, "services", geoReportServices(district, { lang }));
      case "service": {
        const item = district.services.get(route.code);
        if (!item || item.status === "suspended")
          throw new GeoReportHttpError(
            404,
            `服务代码 ${short(route.code)} 不存在`,
            `service_code ${short(route.code)} not found`,
          );
        return reply(200, "service_definition", geoReportServiceDefinition(item, { lang }));
      }
      case "request": {
        const need = await engine.store.getNeed(route.id);
        if (!need || !inScope(need.scope, scope))
          throw new GeoReportHttpError(
            404,
            `诉求 ${short(route.id)} 不存在`,
            `service request ${short(route.id)} not found`,
          );
        return reply(200, "service_requests", [await present(need)]);
      }
      case "requests": {
        if (method === "POST") return post(format, req, reply, seen);
        const q = parseServiceRequestQuery(query, clock.now());
        const page = await listServiceRequests(engine, q, { scope, maxScan });
        const out = [];
        for (const need of page.needs) out.push(await present(need));
        const headers: Record<string, string> = {};
        if (page.more) {
          const nextQuery = new URLSearchParams(query);
          nextQuery.set("page", String(q.page + 1));
          nextQuery.set("page_size", String(q.pageSize));
          headers.Link = `<${basePath}/requests.${format}?${nextQuery}>; rel="next"`;
        }
        return reply(200, "service_requests", out, headers);
      }
    }
  }

  async function post(format: GeoReportFormat, req: IncomingMessage, reply: Reply, seen: { need?: string }) {
    const form = await readFormBody(req, maxBodyBytes);
    const named = form.get("jurisdiction_id");
    if (named !== null && named !== "" && named !== jurisdiction) throw unknownJurisdiction(named);
    if (checkKey) {
      const key = form.get("api_key") ?? "";
      if (key === "" || !(await checkKey(key)))
        throw new GeoReportHttpError(403, "api_key 缺失或无效", "api_key is missing or not valid");
    }
    const parsed = parseServiceRequest(form, district, {
      source,
      receivedAt: calendar.formatLocal(clock.now()),
      lang: errLang,
    });
    const { input } = parsed;
    if (scope !== undefined) {
      const unit = input.location
        ? district.locate(input.location.coordinates).unit?.code
        : input.addressCode !== undefined
          ? district.gridForAddress(input.addressCode)?.code
          : undefined;
      if ((input.location || input.addressCode !== undefined) && !unitInScope(unit))
        throw new GeoReportHttpError(400, "该位置不在本辖区内", "the location is outside this jurisdiction");
    }
    if (options.identify && Object.keys(parsed.requester).length > 0) {
      const who = await options.identify(parsed.requester);
      if (who?.subject !== undefined) input.subject = who.subject;
      if (who?.requester !== undefined) input.requester = who.requester;
    }
    let result: Awaited<ReturnType<Lianxin["submit"]>>;
    try {
      result = await engine.submit(input);
    } catch (e) {
      if (LianxinError.is(e) && e.code === "need.invalid") {
        const first = e.issues[0];
        throw new GeoReportHttpError(
          400,
          `诉求无效：${first ? `${first.pointer} ${first.message["zh-CN"]}` : e.message}`,
          `the request is not valid: ${first ? `${first.pointer} ${first.message.en}` : e.message}`,
        );
      }
      throw e;
    }
    const { need } = result;
    const request = geoReportRequest(need, {
      district,
      workOrders: result.workOrders,
      events: [],
      lang,
    });
    const receipt: GeoReportRequestReceipt = { service_request_id: need.id };
    const notice = NOT_TAKEN.has(need.status)
      ? `${lang === "zh" ? "未受理" : "Not taken on"}: ${request.status_notes ?? need.status}${await reason(need.id)}`
      : request.service_notice;
    if (notice !== undefined) receipt.service_notice = notice;
    seen.need = need.id;
    return reply(201, "request_receipts", [receipt], {
      Location: `${basePath}/requests/${encodeURIComponent(need.id)}.${format}`,
    });
  }

  /** The public reason the engine gave for not taking a need on. */
  async function reason(needId: string): Promise<string> {
    const events = await engine.events(needId);
    const last = events.filter((e) => e.visibility === "public" && e.reason).at(-1);
    return last?.reason ? ` (${last.reason})` : "";
  }

  return async function geoReportHandler(req, res, next) {
    const started = performance.now();
    const method = (req.method ?? "GET").toUpperCase();
    const rawUrl = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? "/";
    let url: URL;
    try {
      url = new URL(rawUrl, "http://localhost");
    } catch {
      url = new URL("http://localhost/");
    }
    const path = url.pathname;
    const outside = path !== basePath && !path.startsWith(`${basePath}/`);
    if (outside && next) return next();
    let format: GeoReportFormat = "json";
    let routeName = "unknown";
    let status = 500;
    const seen: { need?: string } = {};
    const reply: Reply = (code, kind, data, headers = {}) => {
      status = code;
      const body = format === "xml" ? toGeoReportXml(kind, data) : JSON.stringify(data);
      send(res, method, code, CONTENT_TYPE[format], body, headers);
      return undefined;
    };
    try {
      applyCors(req, res, cors);
      const parsed = outside ? {} : parseRoute(path, basePath);
      format = parsed.format ?? "json";
      if (!parsed.route || parsed.unknownFormat)
        throw new GeoReportHttpError(
          404,
          parsed.unknownFormat
            ? `不支持的格式 ${short(parsed.unknownFormat)}（可用 json、xml）`
            : "未知的资源",
          parsed.unknownFormat
            ? `unknown format ${short(parsed.unknownFormat)} (json or xml)`
            : "unknown resource",
        );
      const route = parsed.route;
      routeName = route.name;
      const allow = ALLOW[route.name];
      if (method === "OPTIONS") {
        status = 204;
        res.statusCode = 204;
        res.setHeader("Allow", allow);
        if (cors && res.hasHeader("Access-Control-Allow-Origin")) {
          res.setHeader("Access-Control-Allow-Methods", allow);
          res.setHeader("Access-Control-Allow-Headers", "Content-Type");
          res.setHeader("Access-Control-Max-Age", "600");
        }
        res.end();
        return;
      }
      if (!allow.split(", ").includes(method))
        throw new GeoReportHttpError(
          405,
          `${route.name} 不接受 ${method} 方法`,
          `${method} is not allowed here`,
          {
            Allow: allow,
          },
        );
      await serve(route, method, format, url.searchParams, req, reply, seen);
    } catch (e) {
      if (e instanceof GeoReportHttpError) {
        status = e.status;
        const errors = [{ code: e.status, description: e.describe(errLang) }];
        if (!res.headersSent) {
          const body = format === "xml" ? toGeoReportXml("errors", errors) : JSON.stringify(errors);
          send(res, method, e.status, CONTENT_TYPE[format], body, e.headers);
        }
      } else {
        status = 500;
        logger.error("georeport: internal error", {
          route: routeName,
          error: LianxinError.is(e) ? e.code : (e as Error)?.name,
        });
        if (!res.headersSent) {
          const errors = [{ code: 500, description: errLang === "en" ? "internal error" : "服务器内部错误" }];
          const body = format === "xml" ? toGeoReportXml("errors", errors) : JSON.stringify(errors);
          send(res, method, 500, CONTENT_TYPE[format], body, {});
        } else res.destroy();
      }
    } finally {
      logger.info("georeport request", {
        method,
        route: routeName,
        format,
        status,
        ms: Math.round(performance.now() - started),
        ...(seen.need !== undefined ? { need: seen.need } : {}),
      });
    }
  };
}

type Reply = (
  status: number,
  kind: GeoReportXmlKind,
  data: unknown,
  headers?: Record<string, string>,
) => undefined;

/** The route and format of a path under the base path. */
function parseRoute(
  path: string,
  basePath: string,
): { route?: Route; format?: GeoReportFormat; unknownFormat?: string } {
  let rest = path.slice(basePath.length);
  let format: GeoReportFormat | undefined;
  const dot = rest.lastIndexOf(".");
  if (dot > rest.lastIndexOf("/")) {
    const ext = rest.slice(dot + 1).toLowerCase();
    rest = rest.slice(0, dot);
    if (ext === "json" || ext === "xml") format = ext;
    else return { unknownFormat: ext };
  }
  const parts = rest.split("/").slice(1);
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    return format ? { format } : {};
  }
  const [head, id, ...more] = decoded;
  const base = format ? { format } : {};
  if (more.length > 0 || head === undefined) return base;
  if (id === undefined) {
    if (head === "discovery") return { ...base, route: { name: "discovery" } };
    if (head === "services") return { ...base, route: { name: "services" } };
    if (head === "requests") return { ...base, route: { name: "requests" } };
    return base;
  }
  if (id === "") return base;
  if (head === "services") return { ...base, route: { name: "service", code: id } };
  if (head === "requests") return { ...base, route: { name: "request", id } };
  return base;
}

function send(
  res: ServerResponse,
  method: string,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string>,
) {
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader("Content-Type", contentType);
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cache-Control", "no-store");
  res.end(method === "HEAD" ? undefined : body);
}

function applyCors(req: IncomingMessage, res: ServerResponse, cors: Set<string> | undefined) {
  if (!cors) return;
  const origin = req.headers.origin;
  if (origin === undefined) return;
  res.setHeader("Vary", "Origin");
  if (cors.has("*")) res.setHeader("Access-Control-Allow-Origin", "*");
  else if (cors.has(origin)) res.setHeader("Access-Control-Allow-Origin", origin);
}

/** The API key check: a constant-time comparison against a list, or the caller's function. */
function apiKeyCheck(
  keys: GeoReportHandlerOptions["apiKeys"],
): ((key: string) => boolean | Promise<boolean>) | undefined {
  if (keys === undefined) return undefined;
  if (typeof keys === "function") return keys;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  const digests = keys.map(digest);
  return (key) => {
    const d = digest(key);
    let ok = false;
    for (const k of digests) ok = timingSafeEqual(k, d) || ok;
    return ok;
  };
}

function unknownJurisdiction(named: string): GeoReportHttpError {
  return new GeoReportHttpError(
    404,
    `本端点不服务辖区 ${short(named)}`,
    `jurisdiction_id ${short(named)} is not served by this endpoint`,
  );
}

function hostUrl(req: IncomingMessage): string {
  const host = req.headers.host ?? "localhost";
  const tls = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${tls ? "https" : "http"}://${host}`;
}

function short(s: string): string {
  return s.length > 64 ? `${s.slice(0, 61)}...` : s;
}
