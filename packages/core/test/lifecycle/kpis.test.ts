import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LianxinError } from "../../src/errors/lianxin-error.js";
import { computeKpis, type KpiInput, type KpiRate, type Kpis } from "../../src/lifecycle/kpis.js";
import type { Event } from "../../src/model/event.js";
import { type NeedStatus, NeedStatusSchema } from "../../src/model/need.js";
import type { WorkOrder } from "../../src/model/work-order.js";
import type { StoredNeed, StoredWorkOrder } from "../../src/ports/store.js";

// A street with two communities, a grid in each, and a street elsewhere in the district.
const STREET = "6102/610204";
const COMM_A = `${STREET}/610204001`;
const GRID_A1 = `${COMM_A}/610204001-001`;
const COMM_B = `${STREET}/610204002`;
const GRID_B1 = `${COMM_B}/610204002-001`;
const OTHER_STREET = "6102/610205/610205001";

const OCTOBER = { from: "2026-10-01T00:00:00+08:00", to: "2026-11-01T00:00:00+08:00" };

const oct = (day: number, time: string): string => `2026-10-${String(day).padStart(2, "0")}T${time}:00+08:00`;
const sep = (day: number, time: string): string => `2026-09-${day}T${time}:00+08:00`;
const nov = (day: number, time: string): string => `2026-11-0${day}T${time}:00+08:00`;

function need(id: string, scope: string, receivedAt: string, extra: Partial<StoredNeed> = {}): StoredNeed {
  return {
    id,
    source: "home-visit",
    description: "need",
    attributes: {},
    tags: [],
    receivedAt,
    status: "received",
    serviceCodes: [],
    createdAt: receivedAt,
    updatedAt: receivedAt,
    reopened: 0,
    scope,
    version: 1,
    ...extra,
  };
}

function order(
  id: string,
  needId: string,
  scope: string,
  role: "lead" | "assist",
  assignee: WorkOrder["assignee"],
  dispatchedAt: string,
  dueAt: string,
  extra: Partial<StoredWorkOrder> = {},
): StoredWorkOrder {
  return {
    id,
    need: needId,
    assignee,
    role,
    unit: scope.split("/").at(-1)!,
    status: "dispatched",
    dispatchedAt,
    dueAt,
    returns: [],
    escalationLevel: 0,
    overdue: false,
    scope,
    version: 1,
    ...extra,
  };
}

let seq = 0;
function ev(
  type: string,
  at: string,
  refs: { need?: string; workOrder?: string; from?: string; to?: string },
  data?: Record<string, unknown>,
): Event {
  return {
    id: `e${++seq}`,
    type,
    actor: { type: "system", id: "engine" },
    visibility: "internal",
    at,
    ...refs,
    ...(data !== undefined ? { data } : {}),
  };
}

const gw = (id: string): WorkOrder["assignee"] => ({ type: "resource", id });

/** A month of hand-built history; the expected figures are worked out in the tests. */
function october(): KpiInput {
  const needs = [
    need("N1", GRID_A1, oct(2, "09:00"), { status: "closed", updatedAt: oct(5, "10:00") }),
    need("N2", GRID_A1, oct(10, "08:00"), { status: "in-progress", updatedAt: oct(15, "11:00") }),
    need("N3", COMM_A, oct(20, "10:00"), { status: "dispatched", updatedAt: oct(20, "10:00") }),
    // Stored as accepted, but accepted only after the period ends.
    need("N4", GRID_A1, oct(31, "23:30"), { status: "accepted", updatedAt: nov(1, "00:30") }),
    need("N5", GRID_A1, nov(1, "00:00"), { status: "dispatched" }),
    need("N6", GRID_A1, sep(30, "23:59"), {
      status: "closed",
      updatedAt: oct(4, "10:00"),
      dueAt: oct(4, "18:00"),
    }),
    need("N7", GRID_B1, oct(8, "09:00"), { status: "closed", updatedAt: oct(12, "09:00") }),
    need("N8", COMM_B, oct(1, "00:00"), { status: "rejected", closedAt: oct(1, "00:00") }),
    need("N9", GRID_A1, sep(25, "09:00"), { status: "in-progress", updatedAt: sep(26, "09:00") }),
    need("N10", OTHER_STREET, oct(3, "09:00")),
  ];
  const workOrders = [
    order("W1", "N1", GRID_A1, "lead", gw("gw1"), oct(2, "09:00"), oct(5, "18:00"), {
      acceptDueAt: oct(2, "11:00"),
      acceptedAt: oct(2, "10:00"),
      status: "resolved",
      resolvedAt: oct(4, "12:00"),
    }),
    order("W1b", "N1", GRID_A1, "assist", gw("gw2"), oct(2, "09:00"), oct(5, "18:00"), {
      acceptDueAt: oct(2, "11:00"),
      acceptedAt: oct(2, "12:00"),
      status: "resolved",
      resolvedAt: oct(3, "10:00"),
    }),
    order("W2", "N2", GRID_A1, "lead", gw("gw1"), oct(10, "08:00"), oct(12, "18:00"), {
      acceptDueAt: oct(10, "10:00"),
      status: "returned",
      returns: [{ at: oct(10, "09:00"), reason: "not my grid", by: "gw1" }],
    }),
    // No acceptedAt stored: the `accepted` event gives the time.
    order("W3", "N2", GRID_A1, "lead", gw("gw2"), oct(10, "09:30"), oct(12, "18:00"), {
      acceptDueAt: oct(10, "11:30"),
      status: "in-progress",
      resolvedAt: oct(14, "09:00"),
    }),
    order("W4", "N3", COMM_A, "lead", { type: "unit", id: "610204001" }, oct(20, "10:00"), oct(27, "18:00")),
    order(
      "W4b",
      "N3",
      COMM_A,
      "assist",
      { type: "department", id: "civil-affairs@610204001" },
      oct(20, "10:00"),
      oct(27, "18:00"),
      { status: "resolved", resolvedAt: oct(21, "10:00") },
    ),
    order("W5", "N4", GRID_A1, "lead", gw("gw1"), oct(31, "23:30"), nov(3, "18:00"), {
      acceptDueAt: nov(1, "01:30"),
      acceptedAt: nov(1, "00:30"),
      status: "accepted",
    }),
    order("W6", "N5", GRID_A1, "lead", gw("gw1"), nov(1, "00:00"), nov(3, "18:00")),
    order("W7", "N6", GRID_A1, "lead", gw("gw1"), sep(30, "23:59"), oct(4, "18:00"), {
      acceptDueAt: oct(1, "01:59"),
      acceptedAt: oct(1, "00:10"),
      status: "resolved",
      resolvedAt: oct(3, "15:00"),
    }),
    order("W8", "N6", GRID_A1, "assist", gw("gw2"), sep(30, "23:59"), oct(4, "18:00"), {
      status: "returned",
      returns: [{ at: oct(1, "00:00"), reason: "no capacity", by: "gw2" }],
    }),
    order("W9", "N7", GRID_B1, "lead", gw("gw3"), oct(8, "09:00"), oct(9, "12:00"), {
      acceptDueAt: oct(8, "10:00"),
      acceptedAt: oct(8, "09:30"),
      status: "resolved",
      resolvedAt: oct(9, "18:00"),
    }),
    order("W10", "N9", GRID_A1, "lead", gw("gw2"), sep(25, "09:00"), oct(2, "18:00"), {
      acceptedAt: sep(25, "10:00"),
      status: "in-progress",
    }),
  ];
  const events = [
    // N1: accepted on time by the lead, late by the assist; resolved on time; satisfied.
    ev("received", oct(2, "09:00"), { need: "N1", to: "received" }),
    ev("dispatched", oct(2, "09:00"), { need: "N1", workOrder: "W1", to: "dispatched" }),
    ev("dispatched", oct(2, "09:00"), { need: "N1", workOrder: "W1b", to: "dispatched" }),
    ev("accepted", oct(2, "10:00"), { need: "N1", workOrder: "W1", to: "accepted" }),
    ev("accepted", oct(2, "12:00"), { need: "N1", workOrder: "W1b", to: "accepted" }),
    ev("resolved", oct(3, "10:00"), { need: "N1", workOrder: "W1b", to: "resolved" }, { onTime: false }),
    ev("resolved", oct(4, "12:00"), { need: "N1", workOrder: "W1", to: "resolved" }, { onTime: true }),
    ev("resolved", oct(4, "12:00"), { need: "N1", to: "resolved" }, { result: "done", onTime: true }),
    ev(
      "followed-up",
      oct(5, "09:00"),
      { need: "N1" },
      { reached: true, resolved: true, satisfaction: "satisfied" },
    ),
    ev("closed", oct(5, "10:00"), { need: "N1", to: "closed" }, { reason: "satisfied" }),
    // N2: returned, re-dispatched, overdue, escalated twice, resolved late, unsatisfied, reopened.
    ev("received", oct(10, "08:00"), { need: "N2" }),
    ev("dispatched", oct(10, "08:00"), { need: "N2", workOrder: "W2" }),
    ev("returned", oct(10, "09:00"), { need: "N2", workOrder: "W2" }, { reason: "not my grid" }),
    ev("redispatched", oct(10, "09:30"), { need: "N2", workOrder: "W3" }, { previous: "W2" }),
    ev("accepted", oct(10, "10:30"), { need: "N2", workOrder: "W3" }),
    ev("started", oct(10, "11:00"), { need: "N2", workOrder: "W3" }),
    ev("overdue", oct(13, "09:00"), { need: "N2", workOrder: "W3" }),
    ev("escalated", oct(13, "09:00"), { need: "N2", workOrder: "W3" }, { level: 1, actions: ["notify"] }),
    ev("resolved", oct(14, "09:00"), { need: "N2", workOrder: "W3" }, { result: "fixed" }),
    ev("resolved", oct(14, "09:00"), { need: "N2" }, { result: "fixed" }),
    ev(
      "followed-up",
      oct(15, "09:00"),
      { need: "N2" },
      { reached: true, resolved: false, satisfaction: "unsatisfied" },
    ),
    ev("reopened", oct(15, "10:00"), { need: "N2" }),
    ev("started", oct(15, "11:00"), { need: "N2", workOrder: "W3" }),
    ev("escalated", oct(20, "09:00"), { need: "N2", workOrder: "W3" }, { level: 2, actions: ["whistle"] }),
    // N3: led by the community, never accepted; the assist's resolution does not resolve the need.
    ev("received", oct(20, "10:00"), { need: "N3" }),
    ev("dispatched", oct(20, "10:00"), { need: "N3", workOrder: "W4" }),
    ev("dispatched", oct(20, "10:00"), { need: "N3", workOrder: "W4b" }),
    ev("resolved", oct(21, "10:00"), { need: "N3", workOrder: "W4b" }, { onTime: true }),
    // N4: dispatched just before the end, accepted just after.
    ev("received", oct(31, "23:30"), { need: "N4", to: "received" }),
    ev("dispatched", oct(31, "23:30"), { need: "N4", workOrder: "W5", to: "dispatched" }),
    ev("accepted", nov(1, "00:30"), { need: "N4", workOrder: "W5", to: "accepted" }),
    // N5: received exactly at the end: next period.
    ev("received", nov(1, "00:00"), { need: "N5" }),
    ev("dispatched", nov(1, "00:00"), { need: "N5", workOrder: "W6" }),
    ev("escalated", nov(1, "00:00"), { need: "N5", workOrder: "W6" }, { level: 4 }),
    // N6: received in September, assist returned exactly at the start, resolved in October.
    ev("received", sep(30, "23:59"), { need: "N6" }),
    ev("dispatched", sep(30, "23:59"), { need: "N6", workOrder: "W7" }),
    ev("dispatched", sep(30, "23:59"), { need: "N6", workOrder: "W8" }),
    ev("returned", oct(1, "00:00"), { need: "N6", workOrder: "W8" }, { reason: "no capacity" }),
    ev("accepted", oct(1, "00:10"), { need: "N6", workOrder: "W7" }),
    ev("resolved", oct(3, "15:00"), { need: "N6" }, { result: "done" }),
    ev(
      "followed-up",
      oct(4, "09:00"),
      { need: "N6" },
      { reached: true, resolved: true, satisfaction: "basically-satisfied" },
    ),
    ev("closed", oct(4, "10:00"), { need: "N6" }, { reason: "satisfied" }),
    // N7 (community B): escalated to the district, resolved late, resident unreachable.
    ev("received", oct(8, "09:00"), { need: "N7" }),
    ev("dispatched", oct(8, "09:00"), { need: "N7", workOrder: "W9" }),
    ev("accepted", oct(8, "09:30"), { need: "N7", workOrder: "W9" }),
    ev("escalated", oct(9, "13:00"), { need: "N7", workOrder: "W9" }, { level: 3 }),
    ev("resolved", oct(9, "18:00"), { need: "N7", workOrder: "W9" }, { result: "done", onTime: false }),
    ev("follow-up-attempt", oct(10, "09:00"), { need: "N7" }, { attempt: 1, reached: false }),
    ev("followed-up", oct(11, "09:00"), { need: "N7" }, { reached: false, resolved: false }),
    ev("closed", oct(12, "09:00"), { need: "N7" }, { reason: "unreachable" }),
    // N8 (community B): rejected at the very start of the period.
    ev("received", oct(1, "00:00"), { need: "N8" }),
    ev("rejected", oct(1, "00:00"), { need: "N8", to: "rejected" }),
    // N9: a September order still in progress.
    ev("received", sep(25, "09:00"), { need: "N9" }),
    ev("dispatched", sep(25, "09:00"), { need: "N9", workOrder: "W10" }),
    ev("accepted", sep(25, "10:00"), { need: "N9", workOrder: "W10" }),
    ev("started", sep(26, "09:00"), { need: "N9", workOrder: "W10" }),
    ev("received", oct(3, "09:00"), { need: "N10" }),
    // Events about things not in the input never count.
    ev("escalated", oct(5, "09:00"), { workOrder: "ghost" }, { level: 4 }),
    ev(
      "followed-up",
      oct(5, "09:00"),
      { need: "ghost" },
      { reached: true, resolved: true, satisfaction: "satisfied" },
    ),
    ev("returned", oct(5, "09:00"), { workOrder: "ghost" }),
  ];
  return { needs, workOrders, events, period: OCTOBER };
}

const r = (numerator: number, denominator: number): KpiRate => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

function statuses(counts: Partial<Record<NeedStatus, number>>): Record<NeedStatus, number> {
  return { ...Object.fromEntries(NeedStatusSchema.options.map((s) => [s, 0])), ...counts } as Record<
    NeedStatus,
    number
  >;
}

describe("computeKpis on a hand-built month", () => {
  it("computes every KPI of a community", () => {
    const k = computeKpis({ ...october(), scope: COMM_A });
    expect(k).toEqual<Kpis>({
      period: OCTOBER,
      scope: COMM_A,
      // N1 closed, N2 in progress again, N3 dispatched, N4 dispatched at the end (accepted later).
      needs: { received: 4, byStatus: statuses({ closed: 1, "in-progress": 1, dispatched: 2 }) },
      // Leads W1, W2, W3, W4, W5: W1 and W3 accepted; W2 returned, W4 never, W5 after the end.
      responseRate: r(2, 5),
      // W1, W1b, W2, W3, W5 have an acceptance deadline; W1 and W3 met it, W1b was late.
      timelyAcceptanceRate: r(2, 5),
      // W1 60 min, W1b 180 min, W3 60 min.
      acceptanceTime: { count: 3, median: 60, p90: 180, mean: 100 },
      // N1 (flagged on time), N2 (late against W3's due), N6 (on time against W7's due).
      onTimeResolutionRate: r(2, 3),
      // Follow-ups of N1, N2, N6 all reached; N2 not resolved.
      resolutionRate: r(2, 3),
      // Seven orders dispatched in October (W1, W1b, W2, W3, W4, W4b, W5); W2 returned.
      returnRate: r(1, 7),
      // W2's return and W8's at the very start of the period.
      returns: 2,
      // N2 was reopened after its resolution.
      reopenRate: r(1, 3),
      satisfactionRate: r(2, 3),
      escalations: { total: 2, byLevel: { 1: 1, 2: 1, 3: 0, 4: 0 } },
      overdue: 1,
      // gw2: W3 (reopened) and W10 (September) open, W1b and W3 new; gw1: W5 open, W1, W2, W5 new.
      loadPerWorker: {
        workers: [
          { resource: "gw2", open: 2, dispatched: 2 },
          { resource: "gw1", open: 1, dispatched: 3 },
        ],
        max: 2,
        mean: 1.5,
      },
    });
  });

  it("adds the sibling community when scoped to the street", () => {
    const k = computeKpis({ ...october(), scope: STREET });
    expect(k.needs).toEqual({
      received: 6,
      byStatus: statuses({ closed: 2, "in-progress": 1, dispatched: 2, rejected: 1 }),
    });
    expect(k.responseRate).toEqual(r(3, 6));
    expect(k.timelyAcceptanceRate).toEqual(r(3, 6));
    expect(k.acceptanceTime).toEqual({ count: 4, median: 60, p90: 180, mean: 82.5 });
    expect(k.onTimeResolutionRate).toEqual(r(2, 4));
    // N7's follow-up did not reach the resident and has no satisfaction.
    expect(k.resolutionRate).toEqual(r(2, 3));
    expect(k.satisfactionRate).toEqual(r(2, 3));
    expect(k.returnRate).toEqual(r(1, 8));
    expect(k.returns).toBe(2);
    expect(k.reopenRate).toEqual(r(1, 4));
    expect(k.escalations).toEqual({ total: 3, byLevel: { 1: 1, 2: 1, 3: 1, 4: 0 } });
    expect(k.overdue).toBe(1);
    expect(k.loadPerWorker).toEqual({
      workers: [
        { resource: "gw2", open: 2, dispatched: 2 },
        { resource: "gw1", open: 1, dispatched: 3 },
        { resource: "gw3", open: 0, dispatched: 1 },
      ],
      max: 2,
      mean: 1,
    });
  });

  it("counts only its own subtree for the sibling community", () => {
    const k = computeKpis({ ...october(), scope: COMM_B });
    expect(k.needs).toEqual({ received: 2, byStatus: statuses({ closed: 1, rejected: 1 }) });
    expect(k.responseRate).toEqual(r(1, 1));
    expect(k.timelyAcceptanceRate).toEqual(r(1, 1));
    expect(k.acceptanceTime).toEqual({ count: 1, median: 30, p90: 30, mean: 30 });
    expect(k.onTimeResolutionRate).toEqual(r(0, 1));
    expect(k.resolutionRate).toEqual(r(0, 0));
    expect(k.satisfactionRate).toEqual(r(0, 0));
    expect(k.returnRate).toEqual(r(0, 1));
    expect(k.returns).toBe(0);
    expect(k.reopenRate).toEqual(r(0, 1));
    expect(k.escalations).toEqual({ total: 1, byLevel: { 1: 0, 2: 0, 3: 1, 4: 0 } });
    expect(k.overdue).toBe(0);
    expect(k.loadPerWorker).toEqual({
      workers: [{ resource: "gw3", open: 0, dispatched: 1 }],
      max: 0,
      mean: 0,
    });
  });

  it("counts everything known without a scope, and never events about unknown needs or orders", () => {
    const all = computeKpis(october());
    const street = computeKpis({ ...october(), scope: STREET });
    expect(all.scope).toBeNull();
    expect(all.needs).toEqual({
      received: 7,
      byStatus: statuses({ closed: 2, "in-progress": 1, dispatched: 2, rejected: 1, received: 1 }),
    });
    expect({ ...all, needs: street.needs, scope: STREET }).toEqual(street);
    expect(computeKpis({ ...october(), scope: "" }).scope).toBeNull();
  });

  it("matches whole path segments and ignores a trailing slash", () => {
    const sibling = computeKpis({ ...october(), scope: "6102/61020" });
    expect(sibling.needs.received).toBe(0);
    expect(sibling.returnRate).toEqual(r(0, 0));
    expect(sibling.loadPerWorker).toEqual({ workers: [], max: null, mean: null });
    expect(computeKpis({ ...october(), scope: `${STREET}/` })).toEqual(
      computeKpis({ ...october(), scope: STREET }),
    );
  });

  it("treats the period as half-open and compares instants, not strings", () => {
    const input = { ...october(), scope: COMM_A };
    // The same instants written in UTC.
    const utc = computeKpis({
      ...input,
      period: { from: "2026-09-30T16:00:00Z", to: "2026-10-31T16:00:00Z" },
    });
    expect({ ...utc, period: OCTOBER }).toEqual(computeKpis(input));

    // N5 and W6 (exactly at November's start) and W6's escalation belong to November.
    const november = computeKpis({ ...input, period: { from: OCTOBER.to, to: "2026-12-01T00:00:00+08:00" } });
    expect(november.needs).toEqual({ received: 1, byStatus: statuses({ dispatched: 1 }) });
    expect(november.responseRate).toEqual(r(0, 1));
    expect(november.escalations.byLevel[4]).toBe(1);
    // W5 was accepted just after October ended: a period that runs past that moment counts it.
    expect(
      computeKpis({ ...input, period: { from: oct(31, "00:00"), to: nov(2, "00:00") } }).responseRate,
    ).toEqual(r(1, 2));

    // W8's return at exactly October's start is October's, not September's.
    const september = computeKpis({
      ...input,
      period: { from: "2026-09-01T00:00:00+08:00", to: OCTOBER.from },
    });
    expect(september.returns).toBe(0);
    expect(september.needs.received).toBe(2);
    // W8 was dispatched in September but only returned after it ended.
    expect(september.returnRate).toEqual(r(0, 3));
    // gw2 has W8 and W10 open at the end of September; gw1 has W7.
    expect(september.loadPerWorker.workers).toEqual([
      { resource: "gw2", open: 2, dispatched: 2 },
      { resource: "gw1", open: 1, dispatched: 1 },
    ]);

    // The status of a need at the end of an earlier period comes from its events.
    const early = computeKpis({ ...input, period: { from: OCTOBER.from, to: oct(15, "09:30") } });
    expect(early.needs.byStatus.resolved).toBe(1); // N2: resolved, not yet reopened
    expect(early.needs.byStatus.closed).toBe(1); // N1
    expect(early.reopenRate).toEqual(r(0, 3));
  });

  it("gives null rates and no NaN when there is nothing to count", () => {
    const k = computeKpis({ needs: [], workOrders: [], events: [], period: OCTOBER });
    for (const value of Object.values(k)) {
      if (isRate(value)) expect(value).toEqual(r(0, 0));
    }
    expect(k.acceptanceTime).toEqual({ count: 0, median: null, p90: null, mean: null });
    expect(k.needs.received).toBe(0);
    expect(k.escalations.total).toBe(0);
    expect(k.loadPerWorker).toEqual({ workers: [], max: null, mean: null });
    const empty = computeKpis({ ...october(), period: { from: OCTOBER.from, to: OCTOBER.from } });
    expect(empty.needs.received).toBe(0);
    expect(empty.returnRate.rate).toBeNull();
    expect(JSON.stringify(empty)).not.toContain("NaN");
  });

  it("uses the stored acceptance time, else the first `accepted` event", () => {
    const input = october();
    const k = computeKpis({
      ...input,
      scope: COMM_A,
      workOrders: input.workOrders.map((o) => (o.id === "W1" ? { ...o, acceptedAt: oct(2, "09:30") } : o)),
    });
    expect(k.acceptanceTime).toEqual({ count: 3, median: 60, p90: 180, mean: 90 });
  });

  it("ends a need's orders when the need is cancelled", () => {
    const input: KpiInput = {
      needs: [need("C1", GRID_A1, oct(2, "09:00"), { status: "cancelled", updatedAt: oct(20, "09:00") })],
      workOrders: [
        order("CW", "C1", GRID_A1, "lead", gw("gw9"), oct(2, "09:00"), oct(9, "18:00"), {
          status: "cancelled",
        }),
      ],
      events: [
        ev("received", oct(2, "09:00"), { need: "C1", to: "received" }),
        ev("dispatched", oct(2, "09:00"), { need: "C1", workOrder: "CW", to: "dispatched" }),
        ev("cancelled", oct(20, "09:00"), { need: "C1", from: "dispatched", to: "cancelled" }),
      ],
      period: OCTOBER,
    };
    expect(computeKpis(input).loadPerWorker.workers).toEqual([{ resource: "gw9", open: 0, dispatched: 1 }]);
    const early = computeKpis({ ...input, period: { from: OCTOBER.from, to: oct(10, "00:00") } });
    expect(early.loadPerWorker.workers).toEqual([{ resource: "gw9", open: 1, dispatched: 1 }]);
    expect(early.needs.byStatus.dispatched).toBe(1);
  });

  it("rejects a bad period", () => {
    const bad = (period: { from: string; to: string }) => () => computeKpis({ ...october(), period });
    expect(bad({ from: "yesterday", to: OCTOBER.to })).toThrow(LianxinError);
    try {
      bad({ from: OCTOBER.to, to: OCTOBER.from })();
      expect.unreachable();
    } catch (error) {
      expect(LianxinError.is(error) && error.code).toBe("kpis.invalid");
      expect(LianxinError.is(error) && error.issues.map((i) => i.pointer)).toEqual(["/period/to"]);
    }
  });
});

function isRate(value: unknown): value is KpiRate {
  return typeof value === "object" && value !== null && "numerator" in value && "denominator" in value;
}

// Random histories: a few needs under a street, orders and events at random minutes around a period.
const BASE = Date.parse("2026-10-01T00:00:00+08:00");
const DAY = 86_400_000;
const SCOPES = [STREET, COMM_A, GRID_A1, COMM_B, GRID_B1, OTHER_STREET];
const EVENT_TYPES = [
  "received",
  "dispatched",
  "accepted",
  "returned",
  "redispatched",
  "started",
  "held",
  "resumed",
  "resolved",
  "follow-up-attempt",
  "followed-up",
  "closed",
  "reopened",
  "cancelled",
  "overdue",
  "escalated",
];
const iso = (ms: number): string => new Date(ms).toISOString();
const moment = fc.integer({ min: -5 * 24 * 60, max: 25 * 24 * 60 }).map((m) => BASE + m * 60_000);

const needArb = fc.record({
  scope: fc.constantFrom(...SCOPES),
  receivedAt: moment,
  status: fc.constantFrom(...NeedStatusSchema.options),
  updatedAfter: fc.nat({ max: 30 * 24 * 60 }),
  orders: fc.array(
    fc.record({
      assignee: fc.constantFrom("r1", "r2", "r3", "unit"),
      after: fc.nat({ max: 3 * 24 * 60 }),
      acceptDue: fc.option(fc.nat({ max: 24 * 60 }), { nil: undefined }),
      acceptAfter: fc.option(fc.nat({ max: 48 * 60 }), { nil: undefined }),
      due: fc.nat({ max: 10 * 24 * 60 }),
      status: fc.constantFrom("dispatched", "accepted", "returned", "in-progress", "resolved", "cancelled"),
      resolvedAfter: fc.option(fc.nat({ max: 10 * 24 * 60 }), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
});
const eventArb = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  at: moment,
  needIndex: fc.nat(),
  orderIndex: fc.option(fc.nat(), { nil: undefined }),
  level: fc.integer({ min: 0, max: 5 }),
  reached: fc.boolean(),
  resolved: fc.boolean(),
  satisfaction: fc.constantFrom("satisfied", "basically-satisfied", "unsatisfied", undefined),
  onTime: fc.constantFrom(true, false, undefined),
});
const historyArb = fc
  .record({ needs: fc.array(needArb, { maxLength: 12 }), events: fc.array(eventArb, { maxLength: 60 }) })
  .map(({ needs: specs, events: evSpecs }): Omit<KpiInput, "period"> => {
    const needs: StoredNeed[] = [];
    const workOrders: StoredWorkOrder[] = [];
    specs.forEach((s, i) => {
      needs.push(
        need(`N${i}`, s.scope, iso(s.receivedAt), {
          status: s.status,
          updatedAt: iso(s.receivedAt + s.updatedAfter * 60_000),
        }),
      );
      s.orders.forEach((o, j) => {
        const dispatchedAt = s.receivedAt + o.after * 60_000;
        const assignee: WorkOrder["assignee"] =
          o.assignee === "unit" ? { type: "unit", id: "610204001" } : { type: "resource", id: o.assignee };
        workOrders.push(
          order(
            `W${i}.${j}`,
            `N${i}`,
            s.scope,
            j === 0 ? "lead" : "assist",
            assignee,
            iso(dispatchedAt),
            iso(dispatchedAt + o.due * 60_000),
            {
              status: o.status,
              ...(o.acceptDue !== undefined ? { acceptDueAt: iso(dispatchedAt + o.acceptDue * 60_000) } : {}),
              ...(o.acceptAfter !== undefined
                ? { acceptedAt: iso(dispatchedAt + o.acceptAfter * 60_000) }
                : {}),
              ...(o.resolvedAfter !== undefined
                ? { resolvedAt: iso(dispatchedAt + o.resolvedAfter * 60_000) }
                : {}),
            },
          ),
        );
      });
    });
    const events = evSpecs.map((e, i): Event => {
      const n = needs.length === 0 ? "nobody" : needs[e.needIndex % needs.length]!.id;
      const mine = workOrders.filter((o) => o.need === n);
      const wo =
        e.orderIndex !== undefined && mine.length > 0 ? mine[e.orderIndex % mine.length]!.id : undefined;
      const data: Record<string, unknown> = { level: e.level, reached: e.reached, resolved: e.resolved };
      if (e.satisfaction !== undefined) data.satisfaction = e.satisfaction;
      if (e.onTime !== undefined) data.onTime = e.onTime;
      if (e.type === "redispatched" && workOrders.length > 0)
        data.previous = workOrders[i % workOrders.length]!.id;
      return {
        id: `e${i}`,
        type: e.type,
        actor: { type: "system", id: "engine" },
        visibility: "internal",
        at: iso(e.at),
        need: n,
        ...(wo !== undefined ? { workOrder: wo } : {}),
        data,
      };
    });
    return { needs, workOrders, events };
  });

const RATE_KEYS = [
  "responseRate",
  "timelyAcceptanceRate",
  "onTimeResolutionRate",
  "resolutionRate",
  "returnRate",
  "reopenRate",
  "satisfactionRate",
] as const;

describe("computeKpis properties", () => {
  const FROM = iso(BASE);
  const MID = iso(BASE + 10 * DAY);
  const TO = iso(BASE + 20 * DAY);

  it("keeps rates in [0, 1] or null, numerators within denominators, and counts consistent", () => {
    fc.assert(
      fc.property(historyArb, fc.constantFrom(undefined, STREET, COMM_A, GRID_B1), (history, scope) => {
        const k = computeKpis({ ...history, period: { from: FROM, to: TO }, ...(scope ? { scope } : {}) });
        for (const key of RATE_KEYS) {
          const { numerator, denominator, rate } = k[key];
          expect(Number.isInteger(numerator) && numerator >= 0).toBe(true);
          expect(numerator).toBeLessThanOrEqual(denominator);
          if (denominator === 0) expect(rate).toBeNull();
          else {
            expect(rate).toBe(numerator / denominator);
            expect(rate).toBeGreaterThanOrEqual(0);
            expect(rate).toBeLessThanOrEqual(1);
          }
        }
        expect(Object.values(k.needs.byStatus).reduce((a, b) => a + b, 0)).toBe(k.needs.received);
        expect(k.escalations.total).toBe(Object.values(k.escalations.byLevel).reduce((a, b) => a + b, 0));
        const t = k.acceptanceTime;
        if (t.count > 0) expect(t.median!).toBeLessThanOrEqual(t.p90!);
        else expect(t).toEqual({ count: 0, median: null, p90: null, mean: null });
        expect(JSON.stringify(k)).not.toContain("NaN");
      }),
      { numRuns: 300 },
    );
  });

  it("adds up the counts of two halves of a period", () => {
    fc.assert(
      fc.property(historyArb, fc.constantFrom(undefined, STREET, COMM_A), (history, scope) => {
        const run = (from: string, to: string) =>
          computeKpis({ ...history, period: { from, to }, ...(scope ? { scope } : {}) });
        const [whole, first, second] = [run(FROM, TO), run(FROM, MID), run(MID, TO)];
        expect(first.needs.received + second.needs.received).toBe(whole.needs.received);
        expect(first.returns + second.returns).toBe(whole.returns);
        expect(first.returnRate.denominator + second.returnRate.denominator).toBe(
          whole.returnRate.denominator,
        );
        expect(first.responseRate.denominator + second.responseRate.denominator).toBe(
          whole.responseRate.denominator,
        );
        expect(first.escalations.total + second.escalations.total).toBe(whole.escalations.total);
        for (const level of [1, 2, 3, 4] as const)
          expect(first.escalations.byLevel[level] + second.escalations.byLevel[level]).toBe(
            whole.escalations.byLevel[level],
          );
      }),
      { numRuns: 300 },
    );
  });

  it("never counts more in a community than in its street", () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        const period = { from: FROM, to: TO };
        const street = computeKpis({ ...history, period, scope: STREET });
        const a = computeKpis({ ...history, period, scope: COMM_A });
        const b = computeKpis({ ...history, period, scope: COMM_B });
        expect(a.needs.received + b.needs.received).toBeLessThanOrEqual(street.needs.received);
        expect(a.returns + b.returns).toBeLessThanOrEqual(street.returns);
        expect(a.escalations.total + b.escalations.total).toBeLessThanOrEqual(street.escalations.total);
      }),
      { numRuns: 200 },
    );
  });
});
