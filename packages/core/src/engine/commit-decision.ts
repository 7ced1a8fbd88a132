import type { Event } from "../model/event.js";
import type { Need } from "../model/need.js";
import type { WorkOrder } from "../model/work-order.js";
import type { OutboxMessage } from "../ports/outbox-message.js";
import type { StoredNeed, StoredWorkOrder, StoreTransaction } from "../ports/store.js";
import type { Timer } from "../ports/timer.js";
import type { EventParams } from "../rules/event-types.js";
import { addDuration, dueDates } from "../time/due-date.js";
import type { Decision, Target } from "./decision.js";
import type { EngineContext } from "./engine-context.js";
import type { Candidate } from "./resource-matcher.js";
import { workOrderTimers } from "./work-timers.js";

/** What `submit` returns: the need, its work orders, and whether this call created it. */
export interface SubmitResult {
  need: Need;
  workOrders: WorkOrder[];
  /** False when the same (source, externalId) had been submitted before: nothing new was created. */
  created: boolean;
}

const RULES_ACTOR = { type: "rules", id: "engine" } as const;
const SYSTEM = { type: "system", id: "engine" } as const;

/**
 * Writes a decision in one transaction: the need, its work orders, the audit events and the
 * outbox messages, with capacity reserved for the chosen resources. A second submission of the
 * same (source, externalId) returns the first result. `preferred` (from a batch assignment)
 * lists resources to try first, in order.
 */
export async function commitDecision(
  ctx: EngineContext,
  d: Decision,
  preferred: readonly string[] = [],
): Promise<SubmitResult> {
  const t0 = performance.now();
  try {
    return await ctx.store.transaction(async (tx) => {
      if (d.input.externalId !== undefined) {
        const existing = await tx.findNeedByExternalId(d.input.source, d.input.externalId);
        if (existing) return { need: existing, workOrders: await ordersOf(tx, existing.id), created: false };
      }
      return write(ctx, tx, d, preferred);
    });
  } finally {
    ctx.timings.store += performance.now() - t0;
  }
}

async function ordersOf(tx: StoreTransaction, need: string): Promise<WorkOrder[]> {
  return (await tx.listWorkOrders({ need, limit: 1_000 })).items;
}

async function write(
  ctx: EngineContext,
  tx: StoreTransaction,
  d: Decision,
  preferred: readonly string[],
): Promise<SubmitResult> {
  const { district } = ctx;
  const at = ctx.calendar.formatLocal(d.now);
  const status =
    d.outcome === "dispatch"
      ? "dispatched"
      : d.outcome === "duplicate"
        ? "duplicate"
        : d.outcome === "rejected"
          ? "rejected"
          : "not-responsible";
  const need: StoredNeed = {
    ...d.input,
    id: d.id,
    status,
    urgency: d.urgency,
    ...(d.category !== undefined ? { category: d.category } : {}),
    tags: d.tags,
    ...(d.unit ? { unit: d.unit.code } : {}),
    serviceCodes: d.services.map((s) => s.code),
    ...(d.duplicateOf !== undefined ? { duplicateOf: d.duplicateOf } : {}),
    createdAt: at,
    updatedAt: at,
    reopened: 0,
    scope: d.scope,
    version: 1,
    ...(d.outcome === "dispatch" ? {} : { closedAt: at }),
  };
  const events: Event[] = [
    { id: ctx.ids(), need: d.id, type: "received", actor: SYSTEM, to: "received", visibility: "public", at },
    {
      id: ctx.ids(),
      need: d.id,
      type: "decided",
      actor: RULES_ACTOR,
      visibility: "internal",
      at,
      data: decisionRecord(ctx, d),
    },
  ];
  const orders: StoredWorkOrder[] = [];
  let due: ReturnType<typeof computeDue> | undefined;
  if (d.outcome === "dispatch") {
    due = computeDue(ctx, d.deadlinePolicy, d.services[0]?.code, d.now);
    need.dueAt = due.resolveBy;
    const chosen = d.lead ? await assign(tx, d, d.lead, "lead", preferred) : [];
    if (chosen.length === 0 && d.unit) {
      // No lead found (no unit, or no resource with capacity): the community (or the unit) leads.
      const up = district.hierarchy.ancestorAt(d.unit.code, "community") ?? d.unit;
      chosen.push({ assignee: { type: "unit", id: up.code }, role: "lead", unit: up.code });
      if (d.lead?.kind === "resources") {
        d.capacityShort = true;
        const count = (status: string) => d.candidates.filter((c) => c.status === status).length;
        const why =
          d.candidates.length === 0
            ? "no resource serves this area with the capabilities needed"
            : count("closed") > 0 && d.urgency === "emergency"
              ? "no resource with capacity is on duty for an emergency"
              : "every resource that could serve is at capacity";
        events.push({
          id: ctx.ids(),
          need: d.id,
          type: "capacity-short",
          actor: SYSTEM,
          reason: `${why}: ${d.lead.service} in ${d.unit.code}; routed up to ${up.code}`,
          data: {
            service: d.lead.service,
            unit: d.unit.code,
            routedTo: up.code,
            candidates: d.candidates.length,
            full: count("full") + count("taken-meanwhile"),
            offDuty: count("closed"),
          },
          visibility: "internal",
          at,
        });
      }
    }
    for (const t of d.assists) chosen.push(...(await assign(tx, d, t, "assist", [])));
    const seen = new Set<string>();
    for (const c of chosen) {
      const key = `${c.assignee.type}:${c.assignee.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const order: StoredWorkOrder = {
        id: ctx.ids(),
        need: d.id,
        assignee: c.assignee,
        role: seen.size === 1 ? "lead" : c.role === "lead" ? "assist" : c.role,
        unit: c.unit,
        ...(d.services[0] ? { serviceCode: d.services[0].code } : {}),
        status: "dispatched",
        dispatchedAt: at,
        ...(due.acceptBy ? { acceptDueAt: due.acceptBy } : {}),
        dueAt: due.resolveBy,
        returns: [],
        escalationLevel: 0,
        overdue: false,
        scope:
          district.hierarchy
            .path(c.unit)
            .map((u) => u.code)
            .join("/") || d.scope,
        ...(d.input.subject !== undefined ? { subject: d.input.subject } : {}),
        version: 1,
      };
      orders.push(order);
      events.push({
        id: ctx.ids(),
        need: d.id,
        workOrder: order.id,
        type: "dispatched",
        actor: RULES_ACTOR,
        to: "dispatched",
        data: { assignee: order.assignee, role: order.role, dueAt: order.dueAt, policy: due.policy },
        visibility: "internal",
        at,
      });
    }
  } else {
    events.push({
      id: ctx.ids(),
      need: d.id,
      type: status,
      actor: RULES_ACTOR,
      from: "received",
      to: status,
      ...(d.reason ? { reason: d.reason.en ?? d.reason.zh } : {}),
      data: {
        ...(d.duplicateOf !== undefined ? { duplicateOf: d.duplicateOf } : {}),
        ...(d.reason ? { reason: d.reason } : {}),
      },
      visibility: "public",
      at,
    });
  }
  const messages = notifications(ctx, d, need, orders, at);
  const timers: Timer[] = [];
  if (d.outcome === "dispatch") {
    for (const o of orders)
      timers.push(...workOrderTimers(ctx, o, d.urgency, o.role === "lead" ? (due?.remindAt ?? []) : []));
  }
  await tx.insertNeed(need);
  for (const o of orders) await tx.insertWorkOrder(o);
  await tx.addTimers(timers);
  await tx.appendEvents(events);
  await tx.enqueue(messages);
  return { need, workOrders: orders, created: true };
}

interface Chosen {
  assignee: WorkOrder["assignee"];
  role: "lead" | "assist";
  unit: string;
}

async function assign(
  tx: StoreTransaction,
  d: Decision,
  target: Target,
  role: "lead" | "assist",
  preferred: readonly string[],
): Promise<Chosen[]> {
  if (target.kind === "unit")
    return [{ assignee: { type: "unit", id: target.unit }, role, unit: target.unit }];
  if (target.kind === "department")
    return [
      { assignee: { type: "department", id: `${target.domain}@${target.unit}` }, role, unit: target.unit },
    ];
  const unit = d.unit!.code;
  // On duty now first; then those who come on duty later (not for emergencies).
  const open = d.candidates.filter((c) => c.status === "lower-score");
  const later = d.urgency === "emergency" ? [] : d.candidates.filter((c) => c.status === "closed");
  const usable = [...open, ...later];
  const order = [
    ...preferred
      .map((id) => usable.find((c) => c.resource === id))
      .filter((c): c is Candidate => c !== undefined),
    ...usable.filter((c) => !preferred.includes(c.resource)),
  ];
  const out: Chosen[] = [];
  for (const c of order) {
    if (out.length >= target.criteria.count) break;
    if (await tx.reserve(c.resource, c.period, 1, c.capacity)) {
      c.status = "chosen";
      out.push({
        assignee: { type: "resource", id: c.resource },
        role: out.length === 0 ? role : "assist",
        unit,
      });
    } else c.status = "taken-meanwhile";
  }
  return out;
}

/** Due dates of a need dispatched at `now`: from its deadline policy, else its service item's promise. */
export function computeDue(
  ctx: EngineContext,
  policyId: string | undefined,
  service: string | undefined,
  now: Date,
): { resolveBy: string; acceptBy?: string; remindAt: Date[]; policy: string } {
  const policy = policyId ? ctx.district.policies.deadlines.find((p) => p.id === policyId) : undefined;
  if (policy) {
    const due = dueDates(ctx.calendarFor(policy.calendar), now, policy);
    return {
      resolveBy: ctx.calendar.formatLocal(due.resolveBy),
      ...(due.acceptBy ? { acceptBy: ctx.calendar.formatLocal(due.acceptBy) } : {}),
      remindAt: due.remindAt,
      policy: policy.id,
    };
  }
  const item = service ? ctx.district.services.get(service) : undefined;
  const promised = item?.promised ?? { amount: 7, unit: "working-days" as const };
  return {
    resolveBy: ctx.calendar.formatLocal(addDuration(ctx.calendar, now, promised)),
    remindAt: [],
    policy: item ? `promised:${item.code}` : "default",
  };
}

/** The internal record of a decision, kept in the audit trail so `explain` can show it later. */
function decisionRecord(ctx: EngineContext, d: Decision): Record<string, unknown> {
  return {
    facts: d.facts,
    triageFacts: d.triageFacts,
    placement: {
      unit: d.placement.unit?.code ?? null,
      exact: d.placement.exact,
      via: d.placement.via,
      reason: d.placement.reason,
    },
    stages: Object.fromEntries(Object.entries(d.stages).map(([k, v]) => [k, v.ruleSets])),
    services: d.services,
    ineligible: d.ineligible,
    outcome: d.outcome,
    lead: d.lead ? describeTarget(d.lead) : null,
    assists: d.assists.map(describeTarget),
    matchAt: ctx.calendar.formatLocal(d.matchAt),
    candidates: d.candidates.slice(0, 25),
    candidateCount: d.candidates.length,
    deadlinePolicy: d.deadlinePolicy ?? null,
  };
}

function describeTarget(t: Target): Record<string, unknown> {
  if (t.kind === "resources") return { kind: t.kind, service: t.service, criteria: t.criteria };
  return { ...t };
}

function notifications(
  ctx: EngineContext,
  d: Decision,
  need: StoredNeed,
  orders: StoredWorkOrder[],
  at: string,
): OutboxMessage[] {
  if (d.outcome !== "dispatch") return [];
  const lead = orders.find((o) => o.role === "lead");
  const events: EventParams["notify"][] =
    d.notifications.length > 0
      ? d.notifications.map((e) => e.params as EventParams["notify"])
      : [{ template: "need-dispatched", recipients: ["lead-unit"] }];
  const h = ctx.district.hierarchy;
  const out: OutboxMessage[] = [];
  const seen = new Set<string>();
  for (const n of events) {
    for (const role of n.recipients) {
      let id: string | undefined;
      let channel: string | undefined = n.channels?.[0];
      if (role === "grid-worker" || role === "lead-unit") id = lead?.assignee.id;
      else if (role === "assist-units") {
        for (const o of orders.filter((x) => x.role === "assist"))
          add(`${n.template}:${role}:${o.assignee.id}`, role, o.assignee.id, n.template, channel, o);
        continue;
      } else if (role === "grid-leader")
        id = ctx.district.grids.get(need.unit ?? "")?.staff.find((s) => s.role === "leader")?.resource;
      else if (role === "community-office" || role === "supervisor")
        id = need.unit ? h.ancestorAt(need.unit, "community")?.code : undefined;
      else if (role === "street-office") id = need.unit ? h.ancestorAt(need.unit, "street")?.code : undefined;
      else if (role === "district-department")
        id = need.unit ? h.ancestorAt(need.unit, "district")?.code : undefined;
      else if (role === "resident") {
        const r = d.resident;
        // "Do not contact" and missing consent mean nothing is sent.
        if (!r || r.doNotContact === true || r.consent?.contact !== true) continue;
        id = r.id;
        channel ??= r.preferredChannel;
      }
      if (id === undefined) continue;
      add(`${n.template}:${role}:${id}`, role, id, n.template, channel, lead);
    }
  }
  return out;

  function add(
    key: string,
    role: string,
    id: string,
    template: string,
    channel: string | undefined,
    order: StoredWorkOrder | undefined,
  ) {
    if (seen.has(key)) return;
    seen.add(key);
    out.push({
      id: ctx.ids(),
      topic: "need.dispatched",
      template,
      recipient: { role, id },
      ...(channel !== undefined ? { channel } : {}),
      orderingKey: need.id,
      scope: need.scope,
      payload: {
        need: need.id,
        status: need.status,
        urgency: need.urgency,
        ...(need.serviceCodes[0] ? { service: need.serviceCodes[0] } : {}),
        ...(need.unit ? { unit: need.unit } : {}),
        ...(order ? { workOrder: order.id, dueAt: order.dueAt, role: order.role } : {}),
      },
      createdAt: at,
      status: "pending",
      attempts: 0,
      availableAt: at,
    });
  }
}
