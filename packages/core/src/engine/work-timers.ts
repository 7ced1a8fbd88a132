import type { Urgency } from "../model/need.js";
import type { Timer } from "../ports/timer.js";
import { addDuration } from "../time/due-date.js";
import type { EngineContext } from "./engine-context.js";

/**
 * The timers a work order needs: reminders (催办) before its due time, the overdue mark at it,
 * and each step of the escalation ladder after it (the `urgent` ladder for emergencies and urgent
 * needs when the district has one, else the first ladder).
 */
export function workOrderTimers(
  ctx: EngineContext,
  order: { id: string; need: string; dueAt: string; scope: string },
  urgency: Urgency | undefined,
  remindAt: readonly Date[],
): Timer[] {
  const ladders = ctx.district.policies.ladders;
  const ladder =
    (urgency === "emergency" || urgency === "urgent" ? ladders.find((l) => l.id === "urgent") : undefined) ??
    ladders.find((l) => l.id === "standard") ??
    ladders[0];
  const due = new Date(order.dueAt);
  const base = { need: order.need, workOrder: order.id, scope: order.scope, status: "pending" as const };
  const out: Timer[] = remindAt.map((at, i) => ({
    ...base,
    id: ctx.ids(),
    kind: "remind" as const,
    dueAt: ctx.calendar.formatLocal(at),
    data: { reminder: i + 1 },
  }));
  out.push({ ...base, id: ctx.ids(), kind: "overdue", dueAt: order.dueAt });
  for (const [i, step] of (ladder?.steps ?? []).entries()) {
    const at = addDuration(ctx.calendarFor(ladder!.calendar), due, step.after);
    out.push({
      ...base,
      id: ctx.ids(),
      kind: "escalate",
      dueAt: ctx.calendar.formatLocal(at),
      data: { ladder: ladder!.id, step: i + 1, level: step.level, actions: step.actions },
    });
  }
  return out;
}
