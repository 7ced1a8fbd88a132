import { type Issue, issue } from "../errors/issue.js";
import { LianxinError } from "../errors/lianxin-error.js";
import type { Event } from "../model/event.js";
import { type NeedStatus, NeedStatusSchema } from "../model/need.js";
import type { StoredNeed, StoredWorkOrder } from "../ports/store.js";

/** A half-open period `[from, to)` of ISO 8601 timestamps with offsets. */
export interface KpiPeriod {
  /** The first moment in the period (inclusive). */
  from: string;
  /** The first moment after the period (exclusive). */
  to: string;
}

/** What {@link computeKpis} reads. */
export interface KpiInput {
  /** Needs; those outside `scope` are ignored. */
  needs: readonly StoredNeed[];
  /** Work orders; those outside `scope` are not counted but are still used to look up a need's lead order. */
  workOrders: readonly StoredWorkOrder[];
  /** Audit events, in any order; events at or after `period.to` are ignored. */
  events: readonly Event[];
  period: KpiPeriod;
  /**
   * A unit's materialized path (`city/district/street/community/grid` codes joined by `/`): only
   * that unit and the units below it count. Absent or empty: everything in the input counts.
   */
  scope?: string;
}

/**
 * A ratio, always reported with its parts. `rate` is `numerator / denominator`, between 0 and 1, or
 * `null` when the denominator is 0 (never NaN). The numerator is always a subset of the denominator.
 */
export interface KpiRate {
  numerator: number;
  denominator: number;
  rate: number | null;
}

/** A summary of durations in minutes; every figure is `null` when `count` is 0. */
export interface KpiDurationStats {
  /** How many durations were summarised. */
  count: number;
  /** The middle value (the mean of the two middle values when `count` is even). */
  median: number | null;
  /** The 90th percentile by nearest rank: the smallest value with at least 90% of values at or below it. */
  p90: number | null;
  mean: number | null;
}

/** The workload of one resource (grid worker, volunteer, ...). */
export interface KpiWorkerLoad {
  /** The resource id (the work orders' `assignee.id`). */
  resource: string;
  /**
   * Its work orders open at `to`: dispatched before `to`, and not finished then (their last opening
   * before `to` — dispatch, acceptance, start, resumption, reopening — comes after their last
   * resolution, return, cancellation, failure or replacement by a re-dispatch, or the cancellation
   * or failure of their need).
   */
  open: number;
  /** Its work orders dispatched in the period. */
  dispatched: number;
}

/** Escalation counts by level: 1 community, 2 street (吹哨), 3 district, 4 city. */
export interface KpiEscalations {
  /** All counted `escalated` events: the sum of `byLevel`. */
  total: number;
  byLevel: Record<1 | 2 | 3 | 4, number>;
}

/**
 * Key performance indicators of a period and subtree, as computed by {@link computeKpis}.
 *
 * Conventions for every field:
 * - "in the period" means at a moment `t` with `from <= t < to`;
 * - need measures match a need (and its events) to the scope through the need's `scope`; work-order
 *   measures match an order (and its events) through the order's `scope`, or through the need's
 *   when an event names no work order. Events naming no need or work order present in the input
 *   are not counted, whatever the scope;
 * - nothing at or after `to` is seen, so a past period gives the same figures later on.
 */
export interface Kpis {
  /** The period, as given. */
  period: KpiPeriod;
  /** The scope prefix used, or `null` for everything. */
  scope: string | null;
  /**
   * 受理量 (needs received): `received` = needs whose `receivedAt` is in the period; `byStatus` =
   * those same needs counted by their status at `to` (so `byStatus` sums to `received`). The status
   * at `to` is the stored status when the need has not changed since (`updatedAt < to`), else the
   * status set by its last need-level or lead-order event before `to`.
   */
  needs: { received: number; byStatus: Record<NeedStatus, number> };
  /**
   * 响应率 (response rate) = lead work orders dispatched in the period that were accepted (签收)
   * before `to` / lead work orders dispatched in the period. A returned order (退单) is not an
   * acceptance; its re-dispatched successor is counted on its own.
   */
  responseRate: KpiRate;
  /**
   * 及时接收率 (timely acceptance rate) = work orders (lead and assist) dispatched in the period with
   * an `acceptDueAt` that were accepted at or before `acceptDueAt` and before `to` / work orders
   * dispatched in the period with an `acceptDueAt`.
   */
  timelyAcceptanceRate: KpiRate;
  /**
   * 签收时长 (time to accept), in minutes from `dispatchedAt` to acceptance, over the work orders
   * (lead and assist) dispatched in the period and accepted before `to`.
   */
  acceptanceTime: KpiDurationStats;
  /**
   * 按时办结率 (on-time resolution rate) = needs resolved in the period whose resolution was on time
   * / needs resolved in the period. A need is resolved by a `resolved` event naming no work order or
   * naming its lead order; when it was resolved more than once in the period, its last resolution
   * counts. On time: the event's `data.onTime` when it is a boolean, else the resolution at or before
   * the lead order's `dueAt` (the need's `dueAt` when the lead order is not in the input; on time
   * when there is no due date at all).
   */
  onTimeResolutionRate: KpiRate;
  /**
   * 解决率 (resolution rate) = `followed-up` events in the period with `data.reached` and
   * `data.resolved` true / `followed-up` events in the period with `data.reached` true.
   */
  resolutionRate: KpiRate;
  /**
   * 回退率 (return rate) = work orders (lead and assist) dispatched in the period with at least one
   * `returned` event before `to` / work orders dispatched in the period.
   */
  returnRate: KpiRate;
  /** 退单数 (returns): `returned` events in the period, whenever their order was dispatched. */
  returns: number;
  /**
   * 重办率 (reopen rate) = needs resolved in the period that were reopened (a `reopened` event) after
   * their first resolution in the period and before `to` / needs resolved in the period.
   */
  reopenRate: KpiRate;
  /**
   * 满意率 (satisfaction rate) = `followed-up` events in the period with `data.satisfaction`
   * `satisfied` or `basically-satisfied` / `followed-up` events in the period with any of
   * `satisfied`, `basically-satisfied`, `unsatisfied`.
   */
  satisfactionRate: KpiRate;
  /**
   * 督办升级 (escalations): `escalated` events in the period, by `data.level` (1 community, 2 street,
   * 3 district, 4 city); events without a level from 1 to 4 are not counted.
   */
  escalations: KpiEscalations;
  /** 超期工单 (overdue): work orders with an `overdue` event in the period. */
  overdue: number;
  /**
   * 人均负荷 (load per worker), over work orders assigned to resources (`assignee.type` `resource`):
   * one entry per resource with open orders at `to` or orders dispatched in the period, sorted by
   * `open` descending, then `dispatched` descending, then id; `max` and `mean` are of `open` over
   * the listed resources (`null` when none is listed).
   */
  loadPerWorker: { workers: KpiWorkerLoad[]; max: number | null; mean: number | null };
}

const NEED_STATUSES = new Set<string>(NeedStatusSchema.options);

/** The need status an event implies when it carries no `to`. */
const NEED_STATUS_BY_EVENT: Readonly<Record<string, NeedStatus>> = {
  received: "received",
  dispatched: "dispatched",
  redispatched: "dispatched",
  accepted: "accepted",
  started: "in-progress",
  held: "on-hold",
  resumed: "in-progress",
  resolved: "resolved",
  "follow-up-attempt": "follow-up",
  closed: "closed",
  reopened: "dispatched",
  rejected: "rejected",
  duplicate: "duplicate",
  "not-responsible": "not-responsible",
  cancelled: "cancelled",
  failed: "failed",
};

const ORDER_CLOSING = new Set(["resolved", "returned", "cancelled", "failed"]);
const ORDER_OPENING = new Set([
  "dispatched",
  "redispatched",
  "accepted",
  "started",
  "held",
  "resumed",
  "reopened",
]);
const NEED_ENDING = new Set(["cancelled", "failed"]);
const ORDER_TERMINAL_STATUS = new Set(["resolved", "returned", "cancelled", "failed"]);
const SATISFIED = new Set(["satisfied", "basically-satisfied"]);
const SATISFACTION = new Set(["satisfied", "basically-satisfied", "unsatisfied"]);

interface Timed {
  e: Event;
  t: number;
}

/**
 * Computes the KPIs of a period for a subtree from needs, work orders and their audit events. Pure:
 * the result depends only on the input, and nothing at or after `period.to` is used. Every field's
 * definition is on {@link Kpis}; `docs/kpis.md` gives them for users.
 *
 * @throws LianxinError `kpis.invalid` when a period bound is not a timestamp or `to` is before `from`.
 */
export function computeKpis(input: KpiInput): Kpis {
  const from = Date.parse(input.period.from);
  const to = Date.parse(input.period.to);
  const issues: Issue[] = [];
  if (Number.isNaN(from))
    issues.push(issue("kpis.period", "/period/from", "不是有效的时间戳", "not a timestamp"));
  if (Number.isNaN(to))
    issues.push(issue("kpis.period", "/period/to", "不是有效的时间戳", "not a timestamp"));
  if (issues.length === 0 && to < from)
    issues.push(issue("kpis.period", "/period/to", "结束时间早于开始时间", "`to` is before `from`"));
  if (issues.length > 0)
    throw new LianxinError("kpis.invalid", `computeKpis: ${issues.length} problem(s) in the period`, {
      issues,
    });

  const prefix = input.scope?.replace(/\/+$/, "") || undefined;
  const within = (path: string): boolean =>
    prefix === undefined || path === prefix || path.startsWith(`${prefix}/`);
  const inPeriod = (t: number): boolean => t >= from && t < to;

  const needById = new Map(input.needs.map((n) => [n.id, n]));
  const orderById = new Map(input.workOrders.map((o) => [o.id, o]));

  // Events before `to`, in time order (stable for equal times).
  const timed: Timed[] = input.events
    .map((e) => ({ e, t: Date.parse(e.at) }))
    .filter((x) => x.t < to)
    .sort((a, b) => a.t - b.t);
  const needOf = (e: Event): string | undefined =>
    e.need ?? (e.workOrder !== undefined ? orderById.get(e.workOrder)?.need : undefined);
  const byNeed = groupBy(timed, (x) => needOf(x.e));
  const byOrder = groupBy(timed, (x) => x.e.workOrder);
  // A re-dispatch closes the order it replaces.
  const closedByRedispatch = new Map<string, number>();
  for (const x of timed) {
    const previous = x.e.data?.previous;
    if (x.e.type === "redispatched" && typeof previous === "string" && !closedByRedispatch.has(previous))
      closedByRedispatch.set(previous, x.t);
  }

  const needInScope = (e: Event): boolean => {
    const id = needOf(e);
    const need = id === undefined ? undefined : needById.get(id);
    return need !== undefined && within(need.scope);
  };
  const orderInScope = (e: Event): boolean => {
    if (e.workOrder === undefined) return needInScope(e);
    const order = orderById.get(e.workOrder);
    return order !== undefined && within(order.scope);
  };
  const periodEvents = timed.filter((x) => x.t >= from);
  const ofType = (type: string, inScope: (e: Event) => boolean): Timed[] =>
    periodEvents.filter((x) => x.e.type === type && inScope(x.e));

  // Needs received, by status at `to`.
  const byStatus = Object.fromEntries(NeedStatusSchema.options.map((s) => [s, 0])) as Record<
    NeedStatus,
    number
  >;
  let received = 0;
  for (const need of input.needs) {
    if (!within(need.scope) || !inPeriod(Date.parse(need.receivedAt))) continue;
    received++;
    byStatus[statusAt(need)]++;
  }
  function statusAt(need: StoredNeed): NeedStatus {
    if (Date.parse(need.updatedAt) < to) return need.status;
    let status: NeedStatus = "received";
    for (const { e } of byNeed.get(need.id) ?? []) {
      if (e.workOrder !== undefined && orderById.get(e.workOrder)?.role !== "lead") continue;
      const next =
        e.to !== undefined && NEED_STATUSES.has(e.to) ? (e.to as NeedStatus) : NEED_STATUS_BY_EVENT[e.type];
      if (next !== undefined) status = next;
    }
    return status;
  }

  // Work orders dispatched in the period, and their acceptance.
  const acceptedAt = (o: StoredWorkOrder): number | undefined => {
    const t =
      o.acceptedAt !== undefined
        ? Date.parse(o.acceptedAt)
        : byOrder.get(o.id)?.find((x) => x.e.type === "accepted")?.t;
    return t !== undefined && t < to ? t : undefined;
  };
  const dispatched = input.workOrders.filter((o) => within(o.scope) && inPeriod(Date.parse(o.dispatchedAt)));
  const leads = dispatched.filter((o) => o.role === "lead");
  const withAcceptDue = dispatched.filter((o) => o.acceptDueAt !== undefined);
  const minutes: number[] = [];
  for (const o of dispatched) {
    const at = acceptedAt(o);
    if (at !== undefined) minutes.push((at - Date.parse(o.dispatchedAt)) / 60_000);
  }
  const returnedBefore = (o: StoredWorkOrder): boolean =>
    (byOrder.get(o.id) ?? []).some((x) => x.e.type === "returned");

  // Needs resolved in the period: their resolution events in the period, in time order.
  const resolutions = new Map<string, Timed[]>();
  for (const x of ofType("resolved", needInScope)) {
    const order = x.e.workOrder === undefined ? undefined : orderById.get(x.e.workOrder);
    if (x.e.workOrder !== undefined && order?.role !== "lead") continue;
    const id = needOf(x.e)!;
    const list = resolutions.get(id);
    if (list) list.push(x);
    else resolutions.set(id, [x]);
  }
  let onTime = 0;
  let reopened = 0;
  for (const [id, list] of resolutions) {
    const last = list[list.length - 1]!.t;
    const atLast = list.filter((x) => x.t === last);
    const flagged = atLast.findLast((x) => typeof x.e.data?.onTime === "boolean");
    if (flagged ? flagged.e.data?.onTime === true : resolvedOnTime(id, last, atLast)) onTime++;
    const first = list[0]!.t;
    if ((byNeed.get(id) ?? []).some((x) => x.e.type === "reopened" && x.t >= first)) reopened++;
  }
  function resolvedOnTime(needId: string, at: number, events: Timed[]): boolean {
    const named = events
      .map((x) => (x.e.workOrder === undefined ? undefined : orderById.get(x.e.workOrder)))
      .find((o) => o !== undefined);
    const lead = named ?? leadOrderOf(needId, at);
    const due = lead?.dueAt ?? needById.get(needId)?.dueAt;
    return due === undefined || at <= Date.parse(due);
  }
  function leadOrderOf(needId: string, at: number): StoredWorkOrder | undefined {
    let best: StoredWorkOrder | undefined;
    let bestKey = Number.NEGATIVE_INFINITY;
    for (const o of input.workOrders) {
      if (o.need !== needId || o.role !== "lead" || Date.parse(o.dispatchedAt) > at) continue;
      // Prefer the lead order that was resolved, then the latest dispatched.
      const key = (o.resolvedAt !== undefined ? 1e15 : 0) + Date.parse(o.dispatchedAt);
      if (key > bestKey) [best, bestKey] = [o, key];
    }
    return best;
  }

  // Follow-ups.
  const followUps = ofType("followed-up", needInScope);
  const reached = followUps.filter((x) => x.e.data?.reached === true);
  const rated = followUps.filter((x) => SATISFACTION.has(String(x.e.data?.satisfaction)));

  // Escalations and overdue marks.
  const byLevel: Record<1 | 2 | 3 | 4, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const x of ofType("escalated", orderInScope)) {
    const level = x.e.data?.level;
    if (level === 1 || level === 2 || level === 3 || level === 4) byLevel[level]++;
  }
  const overdue = new Set(ofType("overdue", orderInScope).map((x) => x.e.workOrder ?? x.e.id));

  // Load per worker.
  // An order is open at `to` when its last opening (dispatch, acceptance, start, reopening) before
  // `to` is later than its last closing (resolution, return, cancellation, failure, replacement by
  // a re-dispatch), taking closings from events and from the order's `resolvedAt` and `returns`.
  // Cancelling or failing a need (an event naming no work order) ends all of its orders.
  const closedAfterTo = new Set<string>();
  for (const e of input.events) {
    if (!(Date.parse(e.at) >= to)) continue;
    if (e.workOrder !== undefined && ORDER_CLOSING.has(e.type)) closedAfterTo.add(e.workOrder);
    if (e.workOrder === undefined && e.need !== undefined && NEED_ENDING.has(e.type))
      closedAfterTo.add(`need:${e.need}`);
  }
  const isOpenAtTo = (o: StoredWorkOrder): boolean => {
    const dispatchedAt = Date.parse(o.dispatchedAt);
    if (!(dispatchedAt < to)) return false;
    let lastOpen = dispatchedAt;
    let lastClose = Number.NEGATIVE_INFINITY;
    let closesLater = closedAfterTo.has(o.id) || closedAfterTo.has(`need:${o.need}`);
    const close = (t: number): void => {
      if (t < to) lastClose = Math.max(lastClose, t);
      else closesLater = true;
    };
    for (const x of byOrder.get(o.id) ?? []) {
      if (ORDER_CLOSING.has(x.e.type)) close(x.t);
      else if (ORDER_OPENING.has(x.e.type)) lastOpen = Math.max(lastOpen, x.t);
    }
    for (const x of byNeed.get(o.need) ?? [])
      if (x.e.workOrder === undefined && NEED_ENDING.has(x.e.type)) close(x.t);
    const replacedAt = closedByRedispatch.get(o.id);
    if (replacedAt !== undefined) close(replacedAt);
    if (o.resolvedAt !== undefined) close(Date.parse(o.resolvedAt));
    for (const r of o.returns) close(Date.parse(r.at));
    // A finished order with no known closing time before `to` is open only if it closed later.
    if (lastClose === Number.NEGATIVE_INFINITY) return !ORDER_TERMINAL_STATUS.has(o.status) || closesLater;
    return lastOpen > lastClose;
  };
  const loads = new Map<string, KpiWorkerLoad>();
  for (const o of input.workOrders) {
    if (o.assignee.type !== "resource" || !within(o.scope)) continue;
    const isOpen = isOpenAtTo(o);
    const isNew = inPeriod(Date.parse(o.dispatchedAt));
    if (!isOpen && !isNew) continue;
    let load = loads.get(o.assignee.id);
    if (!load) loads.set(o.assignee.id, (load = { resource: o.assignee.id, open: 0, dispatched: 0 }));
    if (isOpen) load.open++;
    if (isNew) load.dispatched++;
  }
  const workers = [...loads.values()].sort(
    (a, b) =>
      b.open - a.open ||
      b.dispatched - a.dispatched ||
      (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0),
  );
  const openCounts = workers.map((w) => w.open);

  return {
    period: { from: input.period.from, to: input.period.to },
    scope: prefix ?? null,
    needs: { received, byStatus },
    responseRate: rate(leads.filter((o) => acceptedAt(o) !== undefined).length, leads.length),
    timelyAcceptanceRate: rate(
      withAcceptDue.filter((o) => {
        const at = acceptedAt(o);
        return at !== undefined && at <= Date.parse(o.acceptDueAt!);
      }).length,
      withAcceptDue.length,
    ),
    acceptanceTime: durationStats(minutes),
    onTimeResolutionRate: rate(onTime, resolutions.size),
    resolutionRate: rate(reached.filter((x) => x.e.data?.resolved === true).length, reached.length),
    returnRate: rate(dispatched.filter(returnedBefore).length, dispatched.length),
    returns: ofType("returned", orderInScope).length,
    reopenRate: rate(reopened, resolutions.size),
    satisfactionRate: rate(
      rated.filter((x) => SATISFIED.has(String(x.e.data?.satisfaction))).length,
      rated.length,
    ),
    escalations: { total: byLevel[1] + byLevel[2] + byLevel[3] + byLevel[4], byLevel },
    overdue: overdue.size,
    loadPerWorker: {
      workers,
      max: openCounts.length === 0 ? null : Math.max(...openCounts),
      mean: openCounts.length === 0 ? null : openCounts.reduce((s, n) => s + n, 0) / openCounts.length,
    },
  };
}

function rate(numerator: number, denominator: number): KpiRate {
  return { numerator, denominator, rate: denominator === 0 ? null : numerator / denominator };
}

function durationStats(values: number[]): KpiDurationStats {
  const n = values.length;
  if (n === 0) return { count: 0, median: null, p90: null, mean: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(n / 2);
  return {
    count: n,
    median: n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
    p90: sorted[Math.ceil(0.9 * n) - 1]!,
    mean: sorted.reduce((s, v) => s + v, 0) / n,
  };
}

function groupBy(items: readonly Timed[], key: (x: Timed) => string | undefined): Map<string, Timed[]> {
  const out = new Map<string, Timed[]>();
  for (const x of items) {
    const k = key(x);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}
