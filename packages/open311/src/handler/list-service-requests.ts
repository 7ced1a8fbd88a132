import type { Lianxin, NeedQuery, NeedStatus, StoredNeed } from "@lianxin/core";
import { GEO_REPORT_STATUS } from "../labels.js";
import { GeoReportHttpError } from "./geo-report-http-error.js";

/** Paging and scan limits of `GET requests`. */
export const GEO_REPORT_PAGING = Object.freeze({
  /** `page_size` when none is given. */
  defaultPageSize: 50,
  /** The largest `page_size`. */
  maxPageSize: 1_000,
  /** The longest `start_date`–`end_date` span, and the default window before now (90 days, per spec). */
  maxSpanMs: 90 * 86_400_000,
  /** The most `service_request_id`s in one query. */
  maxIds: 1_000,
});

/** The filters of `GET requests`, checked. */
export interface ServiceRequestQuery {
  ids?: string[];
  serviceCodes?: Set<string>;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, inclusive. */
  to: number;
  statuses?: Set<"open" | "closed">;
  page: number;
  pageSize: number;
}

/** The needs of one page, and whether another follows. */
export interface ServiceRequestPage {
  needs: StoredNeed[];
  more: boolean;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const bad = (zh: string, en: string) => new GeoReportHttpError(400, zh, en);

/**
 * Reads the filters of `GET requests`: `service_request_id` (comma list, overrides the others),
 * `service_code` (comma list), `start_date` / `end_date` (ISO 8601 with an offset, at most 90
 * days apart; the last 90 days by default), `status` (`open`, `closed`, comma list), and the
 * `page` (from 1) / `page_size` (default 50, at most 1,000) extension.
 */
export function parseServiceRequestQuery(query: URLSearchParams, now: Date): ServiceRequestQuery {
  const one = (name: string): string | undefined => {
    const all = query.getAll(name);
    if (all.length > 1) throw bad(`参数 ${name} 出现了多次`, `parameter ${name} is given more than once`);
    const v = all[0]?.trim();
    return v === "" ? undefined : v;
  };
  const list = (name: string) =>
    one(name)
      ?.split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  const int = (name: string, fallback: number, max: number) => {
    const v = one(name);
    if (v === undefined) return fallback;
    if (!/^\d{1,9}$/.test(v) || Number(v) < 1 || Number(v) > max)
      throw bad(`${name} 须为 1 到 ${max} 之间的整数`, `${name} must be an integer from 1 to ${max}`);
    return Number(v);
  };
  const date = (name: string) => {
    const v = one(name);
    if (v === undefined) return undefined;
    const ms = TIMESTAMP.test(v) ? Date.parse(v) : Number.NaN;
    if (Number.isNaN(ms))
      throw bad(`${name} 须为带时区的 ISO 8601 时间`, `${name} must be an ISO 8601 date-time with an offset`);
    return ms;
  };

  const ids = list("service_request_id");
  if (ids !== undefined && ids.length > GEO_REPORT_PAGING.maxIds)
    throw bad(
      `service_request_id 最多 ${GEO_REPORT_PAGING.maxIds} 个`,
      `at most ${GEO_REPORT_PAGING.maxIds} service_request_ids`,
    );
  const codes = list("service_code");
  const statuses = list("status");
  for (const s of statuses ?? [])
    if (s !== "open" && s !== "closed")
      throw bad(
        `status 只能是 open 或 closed，而不是 ${s.slice(0, 20)}`,
        `status is open or closed, not ${s.slice(0, 20)}`,
      );
  const span = GEO_REPORT_PAGING.maxSpanMs;
  const start = date("start_date");
  const end = date("end_date");
  const from = start ?? (end === undefined ? now.getTime() - span : end - span);
  const to = end ?? (start === undefined ? now.getTime() : start + span);
  if (from > to) throw bad("start_date 晚于 end_date", "start_date is after end_date");
  if (to - from > span)
    throw bad(
      "start_date 与 end_date 相隔不能超过 90 天",
      "start_date and end_date may be at most 90 days apart",
    );

  const out: ServiceRequestQuery = {
    from,
    to,
    page: int("page", 1, 1_000_000),
    pageSize: int("page_size", GEO_REPORT_PAGING.defaultPageSize, GEO_REPORT_PAGING.maxPageSize),
  };
  if (ids !== undefined && ids.length > 0) out.ids = [...new Set(ids)];
  if (codes !== undefined && codes.length > 0) out.serviceCodes = new Set(codes);
  if (statuses !== undefined && statuses.length > 0)
    out.statuses = new Set(statuses as ("open" | "closed")[]);
  return out;
}

/** The need states behind GeoReport statuses, for the store's status filter. */
function needStatuses(statuses: Set<"open" | "closed">): NeedStatus[] {
  return (Object.keys(GEO_REPORT_STATUS) as NeedStatus[]).filter((s) => statuses.has(GEO_REPORT_STATUS[s]));
}

/** True when a materialized path (a stored need's `scope`) lies within `scope`, or no scope is set. */
export function inScope(path: string, scope: string | undefined): boolean {
  return scope === undefined || path === scope || path.startsWith(`${scope}/`);
}

/** Does a need pass the query's filters (the ones the store does not apply)? */
export function matchesServiceRequestQuery(need: StoredNeed, q: ServiceRequestQuery): boolean {
  const received = Date.parse(need.receivedAt);
  if (received < q.from || received > q.to) return false;
  if (q.statuses && !q.statuses.has(GEO_REPORT_STATUS[need.status])) return false;
  if (q.serviceCodes) {
    const code = need.serviceCode ?? need.serviceCodes[0];
    if (code === undefined || !q.serviceCodes.has(code)) return false;
  }
  return true;
}

/**
 * One page of needs, in the order the store keeps them (the order they were received in). The
 * store filters by the start of the window, the statuses and the scope; the end of the window
 * and the service codes are filtered here, reading the store a thousand needs at a time. At most
 * `maxScan` stored needs are read for one page: past that the query is refused (400) with a hint
 * to narrow it, never answered with a silently short page.
 */
export async function listServiceRequests(
  engine: Lianxin,
  q: ServiceRequestQuery,
  options: { scope: string | undefined; maxScan: number },
): Promise<ServiceRequestPage> {
  if (q.ids) {
    const needs: StoredNeed[] = [];
    for (const id of q.ids) {
      const need = await engine.store.getNeed(id);
      if (need && inScope(need.scope, options.scope)) needs.push(need);
    }
    const start = (q.page - 1) * q.pageSize;
    return { needs: needs.slice(start, start + q.pageSize), more: needs.length > start + q.pageSize };
  }
  const base: NeedQuery = {
    receivedFrom: new Date(q.from).toISOString(),
    limit: Math.max(1, Math.min(1_000, options.maxScan)),
  };
  if (q.statuses) base.status = needStatuses(q.statuses);
  if (options.scope !== undefined) base.scope = options.scope;
  const skip = (q.page - 1) * q.pageSize;
  const needs: StoredNeed[] = [];
  let matched = 0;
  let scanned = 0;
  let cursor: string | null = null;
  do {
    const page = await engine.store.listNeeds({ ...base, cursor });
    for (const need of page.items) {
      scanned++;
      if (!matchesServiceRequestQuery(need, q)) continue;
      matched++;
      if (matched <= skip) continue;
      if (needs.length === q.pageSize) return { needs, more: true };
      needs.push(need);
    }
    cursor = page.next;
    if (cursor !== null && scanned >= options.maxScan) {
      // A full page: whether another follows is unknown; say it may.
      if (needs.length === q.pageSize) return { needs, more: true };
      throw bad(
        `查询需要读取超过 ${options.maxScan} 条诉求，请缩小 start_date/end_date、service_code 或 status 的范围`,
        `the query reads more than ${options.maxScan} stored requests: narrow start_date/end_date, service_code or status`,
      );
    }
  } while (cursor !== null);
  return { needs, more: false };
}
