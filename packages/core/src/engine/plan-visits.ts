import { scheduleVisits, visitKey } from "../lifecycle/visit-schedule.js";
import type { Event } from "../model/event.js";
import type { StoredNeed, StoredWorkOrder } from "../ports/store.js";
import type { EngineContext } from "./engine-context.js";
import { workOrderTimers } from "./work-timers.js";

/** What `planVisits` did. */
export interface PlanVisitsResult {
  /** Visits created as proactive needs with a work order for the grid worker. */
  created: number;
  /** Visits that already existed (the period was planned before). */
  existing: number;
  /** Visits with no grid or no grid worker to give them to. */
  unassigned: number;
}

/**
 * 未诉先办, 大走访: turns the district's visit plans into work for grid workers over a period
 * (`from` inclusive, `to` exclusive, `YYYY-MM-DD`). Each visit becomes a proactive need
 * (`source: "proactive"`, externalId = the visit key, so planning a period twice creates nothing
 * twice) with a lead work order for the resident's grid worker, due at the end of working hours
 * on the visit day. Findings of a visit are submitted as needs with `source: "proactive"` and
 * `attributes.visit` = the visit need's id.
 */
export async function planVisits(ctx: EngineContext, from: string, to: string): Promise<PlanVisitsResult> {
  const { district } = ctx;
  const visits = scheduleVisits({
    plans: district.policies.visitPlans,
    residents: district.residents.values(),
    calendars: (id) => ctx.calendarFor(id),
    from,
    to,
  });
  const result: PlanVisitsResult = { created: 0, existing: 0, unassigned: 0 };
  const plans = new Map(district.policies.visitPlans.map((p) => [p.id, p]));
  for (const v of visits) {
    const key = visitKey(v);
    if (await ctx.store.findNeedByExternalId("proactive", key)) {
      result.existing++;
      continue;
    }
    const grid = v.grid ? district.grids.get(v.grid) : undefined;
    const worker =
      grid?.staff.find((s) => s.role === "full-time") ?? grid?.staff.find((s) => s.role === "leader");
    if (!grid || !worker) {
      result.unassigned++;
      continue;
    }
    const plan = plans.get(v.plan)!;
    const cal = ctx.calendarFor(plan.calendar);
    const window = cal.workingWindow(v.date);
    const dueAt = ctx.calendar.formatLocal(window?.end ?? cal.toInstant(v.date, "23:59"));
    const at = ctx.calendar.formatLocal(ctx.clock.now());
    const scope = district.hierarchy
      .path(grid.code)
      .map((u) => u.code)
      .join("/");
    const id = ctx.ids();
    const need: StoredNeed = {
      id,
      source: "proactive",
      externalId: key,
      description: `走访：${plan.name.zh}`,
      attributes: { plan: plan.id, visitDate: v.date },
      subject: v.resident,
      tags: ["proactive-visit"],
      receivedAt: at,
      status: "dispatched",
      urgency: "normal",
      category: "visit",
      unit: grid.code,
      serviceCodes: [],
      dueAt,
      createdAt: at,
      updatedAt: at,
      reopened: 0,
      scope,
      version: 1,
    };
    const order: StoredWorkOrder = {
      id: ctx.ids(),
      need: id,
      assignee: { type: "resource", id: worker.resource },
      role: "lead",
      unit: grid.code,
      status: "dispatched",
      dispatchedAt: at,
      dueAt,
      returns: [],
      escalationLevel: 0,
      overdue: false,
      scope,
      subject: v.resident,
      version: 1,
    };
    const events: Event[] = [
      {
        id: ctx.ids(),
        need: id,
        type: "received",
        actor: { type: "system", id: "visits" },
        to: "received",
        visibility: "internal",
        at,
        data: { plan: plan.id, visit: v.date, moved: v.moved },
      },
      {
        id: ctx.ids(),
        need: id,
        workOrder: order.id,
        type: "dispatched",
        actor: { type: "system", id: "visits" },
        to: "dispatched",
        visibility: "internal",
        at,
        data: { assignee: order.assignee, role: "lead", dueAt },
      },
    ];
    const created = await ctx.store.transaction(async (tx) => {
      if (await tx.findNeedByExternalId("proactive", key)) return false;
      await tx.insertNeed(need);
      await tx.insertWorkOrder(order);
      await tx.appendEvents(events);
      await tx.addTimers(workOrderTimers(ctx, order, "normal", []));
      return true;
    });
    if (created) result.created++;
    else result.existing++;
  }
  return result;
}
