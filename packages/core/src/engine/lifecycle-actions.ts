import { LianxinError } from "../errors/lianxin-error.js";
import {
  ACTIVE_NEED,
  ESCALATION_LEVEL,
  needStatusFor,
  OPEN_WORK_ORDER,
  WORK_ORDER_ACTIONS,
  type WorkOrderAction,
} from "../lifecycle/transitions.js";
import type { AdminLevel } from "../model/admin-unit.js";
import type { Actor, Event } from "../model/event.js";
import type { NeedStatus } from "../model/need.js";
import type { WorkOrder } from "../model/work-order.js";
import type { OutboxMessage } from "../ports/outbox-message.js";
import type { StoredNeed, StoredWorkOrder, StoreTransaction } from "../ports/store.js";
import type { Timer } from "../ports/timer.js";
import { followUpDate } from "../time/due-date.js";
import { computeDue } from "./commit-decision.js";
import type { EngineContext } from "./engine-context.js";
import { workOrderTimers } from "./work-timers.js";

/** The outcome of a lifecycle action: the need and work order as they are now. */
export interface ActionResult {
  need: StoredNeed;
  workOrder?: StoredWorkOrder;
  /** A work order created by the action (re-dispatch, reopen, escalation). */
  created?: StoredWorkOrder[];
}

/** What a follow-up visit or call (回访) found. */
export interface FollowUpInput {
  reached: boolean;
  resolved?: boolean;
  satisfaction?: "satisfied" | "basically-satisfied" | "unsatisfied";
  comment?: string;
}

/** Options of the lifecycle. */
export interface LifecycleOptions {
  /** Attempts at a follow-up before the need is closed as unreachable. @default 3 */
  followUpAttempts: number;
  /** Resolved needs wait for a follow-up before they close. @default true */
  followUpRequired: boolean;
}

const refuse = (code: string, message: string) => new LianxinError(code, message);

/** A new work order in place of `old`: its assignment kept, its progress (acceptance, result, extension) cleared. */
function freshOrder(old: StoredWorkOrder, patch: Partial<StoredWorkOrder>): StoredWorkOrder {
  const { acceptedAt: _a, resolvedAt: _r, result: _x, extension: _e, acceptDueAt: _d, ...kept } = old;
  return { ...kept, status: "dispatched", returns: [], version: 1, ...patch } as StoredWorkOrder;
}

/** The audit event each work-order action writes. */
const EVENT_OF: Record<WorkOrderAction, string> = {
  accept: "accepted",
  return: "returned",
  start: "started",
  hold: "held",
  resume: "resumed",
  resolve: "resolved",
};

/**
 * The actions that move needs and work orders through their states. Each runs in one store
 * transaction with its audit event and outbox messages; a refused action throws a typed
 * {@link LianxinError} (`lifecycle.not_found`, `lifecycle.illegal_transition`,
 * `lifecycle.forbidden`, `lifecycle.too_late`, `lifecycle.follow_up_pending`) and changes nothing.
 */
export class Lifecycle {
  constructor(
    private readonly ctx: EngineContext,
    private readonly options: LifecycleOptions,
  ) {}

  #at(): { now: Date; at: string } {
    const now = this.ctx.clock.now();
    return { now, at: this.ctx.calendar.formatLocal(now) };
  }

  #event(need: string, type: string, actor: Actor, at: string, extra: Partial<Event> = {}): Event {
    return { id: this.ctx.ids(), need, type, actor, visibility: "internal", at, ...extra };
  }

  #message(
    need: StoredNeed,
    topic: string,
    role: string,
    id: string | undefined,
    at: string,
    payload: Record<string, unknown>,
  ): OutboxMessage[] {
    if (id === undefined) return [];
    return [
      {
        id: this.ctx.ids(),
        topic,
        template: topic,
        recipient: { role, id },
        orderingKey: need.id,
        scope: need.scope,
        payload: { need: need.id, status: need.status, ...payload },
        createdAt: at,
        status: "pending",
        attempts: 0,
        availableAt: at,
      },
    ];
  }

  /** The follow-up (回访) due the next working day. */
  #followUpTimer(need: StoredNeed, now: Date, attempt: number): Timer {
    return {
      id: this.ctx.ids(),
      kind: "follow-up",
      need: need.id,
      scope: need.scope,
      dueAt: this.ctx.calendar.formatLocal(followUpDate(this.ctx.calendar, now)),
      status: "pending",
      data: { attempt },
    };
  }

  async #load(
    tx: StoreTransaction,
    workOrderId: string,
  ): Promise<{ order: StoredWorkOrder; need: StoredNeed }> {
    const order = await tx.getWorkOrder(workOrderId);
    if (!order) throw refuse("lifecycle.not_found", `no work order ${workOrderId}`);
    const need = await tx.getNeed(order.need);
    if (!need) throw refuse("lifecycle.not_found", `no need ${order.need}`);
    return { order, need };
  }

  /** The actor is the work order's assignee (or the system). */
  #isAssignee(actor: Actor, order: WorkOrder): boolean {
    if (actor.type === "system") return true;
    if (actor.id !== order.assignee.id) return false;
    return (
      actor.type === order.assignee.type || (actor.type === "unit" && order.assignee.type !== "resource")
    );
  }

  /** The actor is a unit above `unit` (at or above `level` when given), or the system. */
  #isSupervisor(actor: Actor, unit: string, level?: AdminLevel): boolean {
    if (actor.type === "system") return true;
    if (actor.type !== "unit" || actor.id === unit) return false;
    const h = this.ctx.district.hierarchy;
    const sup = h.unit(actor.id);
    if (!sup || !h.isWithin(unit, actor.id)) return false;
    return level === undefined || ESCALATION_LEVEL[sup.level] >= ESCALATION_LEVEL[level];
  }

  /** Runs a work-order action: accept, return, start, hold, resume, resolve. */
  async workOrder(
    action: WorkOrderAction,
    workOrderId: string,
    actor: Actor,
    details: { reason?: string; result?: string } = {},
  ): Promise<ActionResult> {
    return this.ctx.store.transaction(async (tx) => {
      const { order, need } = await this.#load(tx, workOrderId);
      const rule = WORK_ORDER_ACTIONS[action];
      if (!(rule.from as readonly string[]).includes(order.status))
        throw refuse("lifecycle.illegal_transition", `cannot ${action} a work order that is ${order.status}`);
      if (!this.#isAssignee(actor, order))
        throw refuse("lifecycle.forbidden", `${actor.type} ${actor.id} is not the assignee of ${order.id}`);
      if ((action === "return" || action === "hold") && !details.reason?.trim())
        throw refuse("lifecycle.reason_required", `${action} needs a reason`);
      if (action === "resolve" && !details.result?.trim())
        throw refuse("lifecycle.reason_required", "resolve needs a result");
      const { now, at } = this.#at();
      const events: Event[] = [];
      const messages: OutboxMessage[] = [];
      const timers: Timer[] = [];
      const created: StoredWorkOrder[] = [];
      const next: StoredWorkOrder = { ...order, status: rule.to, version: order.version + 1 };
      let nextNeed: StoredNeed = { ...need };
      const base = { workOrder: order.id, from: order.status, to: rule.to };
      if (action === "accept") next.acceptedAt = at;
      if (action === "resolve") {
        next.resolvedAt = at;
        next.result = details.result!;
      }
      if (action === "return")
        next.returns = [...order.returns, { at, reason: details.reason!, by: actor.id }];
      const onTime = Date.parse(at) <= Date.parse(order.dueAt);
      events.push(
        this.#event(need.id, EVENT_OF[action], actor, at, {
          ...base,
          ...(details.reason ? { reason: details.reason } : {}),
          data:
            action === "resolve"
              ? { result: details.result, onTime }
              : details.reason
                ? { reason: details.reason }
                : {},
        }),
      );
      if (action === "return" || action === "resolve") {
        await this.#release(tx, next);
        await tx.cancelTimers({ workOrder: order.id });
      }
      if (order.role === "lead") {
        if (action === "return") {
          const redispatched = await this.#redispatch(tx, need, order, now, at);
          created.push(redispatched.order);
          events.push(...redispatched.events);
          timers.push(...redispatched.timers);
          messages.push(...redispatched.messages);
          nextNeed = { ...nextNeed, status: "dispatched" };
        } else {
          const status = needStatusFor(rule.to);
          if (status) nextNeed = { ...nextNeed, status };
          if (action === "resolve") {
            events.push(
              this.#event(need.id, "resolved", actor, at, {
                from: need.status,
                to: "resolved",
                data: { result: details.result, onTime },
                visibility: "public",
              }),
            );
            if (this.options.followUpRequired) timers.push(this.#followUpTimer(need, now, 1));
            else {
              nextNeed = { ...nextNeed, status: "closed", closedAt: at };
              events.push(
                this.#event(need.id, "closed", actor, at, {
                  from: "resolved",
                  to: "closed",
                  data: { reason: "resolved-no-follow-up" },
                  visibility: "public",
                }),
              );
            }
          }
        }
      }
      nextNeed = { ...nextNeed, updatedAt: at, version: need.version + 1 };
      await tx.updateWorkOrder(next);
      for (const c of created) await tx.insertWorkOrder(c);
      await tx.updateNeed(nextNeed);
      await tx.appendEvents(events);
      await tx.enqueue(messages);
      await tx.addTimers(timers);
      return { need: nextNeed, workOrder: next, ...(created.length ? { created } : {}) };
    });
  }

  /** Gives back a resource's slot when its order ends (only concurrent capacity is given back). */
  async #release(tx: StoreTransaction, order: WorkOrder): Promise<void> {
    if (order.assignee.type !== "resource") return;
    const r = this.ctx.district.resources.get(order.assignee.id);
    if (r?.capacity.per === "concurrent") await tx.release(r.id, "open", 1);
  }

  /** 改派: the next candidate that has not returned this need, else the unit above. */
  async #redispatch(tx: StoreTransaction, need: StoredNeed, old: StoredWorkOrder, now: Date, at: string) {
    const events = (await tx.listEvents({ need: need.id, limit: 1_000 })).items;
    // Nobody whose order of this need was returned gets it again, whoever did the returning.
    const orders = (await tx.listWorkOrders({ need: need.id, limit: 1_000 })).items;
    const returned = new Set(orders.filter((o) => o.status === "returned").map((o) => o.assignee.id));
    for (const e of events) if (e.type === "returned") returned.add(e.actor.id);
    returned.add(old.assignee.id);
    const decided = events.find((e) => e.type === "decided")?.data as
      | { candidates?: { resource: string; period: string; capacity: number; status: string }[] }
      | undefined;
    let assignee: WorkOrder["assignee"] | undefined;
    let unit = old.unit;
    for (const c of decided?.candidates ?? []) {
      if (returned.has(c.resource) || c.status === "full") continue;
      if (await tx.reserve(c.resource, c.period, 1, c.capacity)) {
        assignee = { type: "resource", id: c.resource };
        break;
      }
    }
    if (!assignee) {
      const h = this.ctx.district.hierarchy;
      const here = h.unit(old.unit);
      const up = here?.level === "grid" ? h.ancestorAt(old.unit, "community") : h.parent(old.unit);
      let target = up;
      while (target && returned.has(target.code)) target = h.parent(target.code);
      if (!target)
        throw refuse(
          "lifecycle.nobody_left",
          "nobody above has not returned this need: resolve it or mark it failed instead",
        );
      unit = target.code;
      assignee = { type: "unit", id: unit };
    }
    const order = freshOrder(old, {
      id: this.ctx.ids(),
      assignee,
      unit,
      dispatchedAt: at,
      overdue: Date.parse(old.dueAt) < now.getTime(),
      scope:
        this.ctx.district.hierarchy
          .path(unit)
          .map((u) => u.code)
          .join("/") || old.scope,
    });
    const ev = this.#event(need.id, "redispatched", { type: "system", id: "engine" }, at, {
      workOrder: order.id,
      to: "dispatched",
      data: { previous: old.id, assignee, role: "lead", dueAt: order.dueAt },
    });
    return {
      order,
      events: [ev],
      timers: workOrderTimers(this.ctx, order, need.urgency, []),
      messages: this.#message(need, "work-order.dispatched", "lead-unit", assignee.id, at, {
        workOrder: order.id,
        dueAt: order.dueAt,
      }),
    };
  }

  /** Asks for more time, before the deadline, with a reason; the level above decides. */
  async requestExtension(
    workOrderId: string,
    actor: Actor,
    request: { newDueAt: string; reason: string },
  ): Promise<ActionResult> {
    return this.ctx.store.transaction(async (tx) => {
      const { order, need } = await this.#load(tx, workOrderId);
      if (!OPEN_WORK_ORDER.includes(order.status))
        throw refuse("lifecycle.illegal_transition", `the work order is ${order.status}`);
      if (!this.#isAssignee(actor, order))
        throw refuse("lifecycle.forbidden", `${actor.id} is not the assignee`);
      if (!request.reason.trim()) throw refuse("lifecycle.reason_required", "an extension needs a reason");
      const { now, at } = this.#at();
      if (now.getTime() >= Date.parse(order.dueAt))
        throw refuse("lifecycle.too_late", "an extension must be asked for before the deadline");
      if (Date.parse(request.newDueAt) <= Date.parse(order.dueAt))
        throw refuse("lifecycle.invalid", "the new due date must be later");
      if (order.extension?.decision === "pending")
        throw refuse("lifecycle.illegal_transition", "an extension is already pending");
      const next: StoredWorkOrder = {
        ...order,
        extension: {
          requestedAt: at,
          newDueAt: request.newDueAt,
          reason: request.reason,
          decision: "pending",
        },
        version: order.version + 1,
      };
      await tx.updateWorkOrder(next);
      await tx.appendEvents([
        this.#event(need.id, "extension-requested", actor, at, {
          workOrder: order.id,
          reason: request.reason,
          data: { newDueAt: request.newDueAt },
        }),
      ]);
      const h = this.ctx.district.hierarchy;
      await tx.enqueue(
        this.#message(need, "work-order.extension-requested", "supervisor", h.parent(order.unit)?.code, at, {
          workOrder: order.id,
          newDueAt: request.newDueAt,
        }),
      );
      return { need, workOrder: next };
    });
  }

  /** The level above approves or refuses a pending extension. */
  async decideExtension(workOrderId: string, actor: Actor, approve: boolean): Promise<ActionResult> {
    return this.ctx.store.transaction(async (tx) => {
      const { order, need } = await this.#load(tx, workOrderId);
      if (!OPEN_WORK_ORDER.includes(order.status))
        throw refuse("lifecycle.illegal_transition", `the work order is ${order.status}`);
      if (order.extension?.decision !== "pending")
        throw refuse("lifecycle.illegal_transition", "no extension is pending");
      if (!this.#isSupervisor(actor, order.unit))
        throw refuse("lifecycle.forbidden", `${actor.id} is not above ${order.unit}`);
      const { now, at } = this.#at();
      const ext = {
        ...order.extension,
        decision: approve ? ("approved" as const) : ("refused" as const),
        approvedBy: actor.id,
      };
      const next: StoredWorkOrder = {
        ...order,
        extension: ext,
        ...(approve ? { dueAt: ext.newDueAt, overdue: Date.parse(ext.newDueAt) < now.getTime() } : {}),
        version: order.version + 1,
      };
      await tx.updateWorkOrder(next);
      if (approve) {
        await tx.cancelTimers({ workOrder: order.id });
        await tx.addTimers(workOrderTimers(this.ctx, next, need.urgency, []));
      }
      await tx.appendEvents([
        this.#event(need.id, approve ? "extension-approved" : "extension-refused", actor, at, {
          workOrder: order.id,
          data: { newDueAt: ext.newDueAt },
        }),
      ]);
      await tx.enqueue(
        this.#message(
          need,
          approve ? "work-order.extension-approved" : "work-order.extension-refused",
          "lead-unit",
          order.assignee.id,
          at,
          { workOrder: order.id, dueAt: next.dueAt },
        ),
      );
      return { need, workOrder: next };
    });
  }

  /** A supervisor (a street or above) escalates a work order one level, or to `level`. */
  async escalate(
    workOrderId: string,
    actor: Actor,
    details: { reason: string; level?: AdminLevel },
  ): Promise<ActionResult> {
    return this.ctx.store.transaction(async (tx) => {
      const { order, need } = await this.#load(tx, workOrderId);
      if (!OPEN_WORK_ORDER.includes(order.status))
        throw refuse("lifecycle.illegal_transition", `the work order is ${order.status}`);
      if (!this.#isSupervisor(actor, order.unit, "street"))
        throw refuse("lifecycle.forbidden", "only a street or a level above may escalate");
      const levels = ["community", "street", "district", "city"] as const;
      const target = details.level ?? levels[Math.min(order.escalationLevel, 3)]!;
      const { at } = this.#at();
      const out = await this.#climb(
        tx,
        need,
        order,
        target,
        ["supervise", "notify-supervisor"],
        actor,
        at,
        details.reason,
      );
      return { need, workOrder: out.order, ...(out.created.length ? { created: out.created } : {}) };
    });
  }

  /** Climbs to `level`: marks the order, tells the unit there, and for reassign / whistle adds it as an assist. */
  async #climb(
    tx: StoreTransaction,
    need: StoredNeed,
    order: StoredWorkOrder,
    level: AdminLevel,
    actions: readonly string[],
    actor: Actor,
    at: string,
    reason?: string,
  ): Promise<{ order: StoredWorkOrder; created: StoredWorkOrder[] }> {
    const h = this.ctx.district.hierarchy;
    const unit = h.ancestorAt(order.unit, level) ?? h.unit(order.unit);
    const depth = ESCALATION_LEVEL[level];
    const next: StoredWorkOrder = {
      ...order,
      escalationLevel: Math.max(order.escalationLevel, depth),
      version: order.version + 1,
    };
    await tx.updateWorkOrder(next);
    const created: StoredWorkOrder[] = [];
    const messages: OutboxMessage[] = [];
    const events: Event[] = [
      this.#event(need.id, "escalated", actor, at, {
        workOrder: order.id,
        ...(reason ? { reason } : {}),
        data: { level: depth, unit: unit?.code, actions },
      }),
    ];
    for (const action of actions) {
      messages.push(
        ...this.#message(
          need,
          `work-order.${action}`,
          action === "report" ? "city-office" : "supervisor",
          unit?.code,
          at,
          { workOrder: order.id, level: depth },
        ),
      );
      if ((action === "reassign" || action === "whistle") && unit) {
        const domain = need.serviceCodes[0]
          ? this.ctx.district.services.get(need.serviceCodes[0])?.domain
          : undefined;
        const assignee: WorkOrder["assignee"] =
          action === "whistle" && domain
            ? { type: "department", id: `${domain}@${unit.code}` }
            : { type: "unit", id: unit.code };
        const o: StoredWorkOrder = {
          id: this.ctx.ids(),
          need: need.id,
          assignee,
          role: "assist",
          unit: unit.code,
          ...(order.serviceCode ? { serviceCode: order.serviceCode } : {}),
          status: "dispatched",
          dispatchedAt: at,
          dueAt: order.dueAt,
          returns: [],
          escalationLevel: depth,
          overdue: order.overdue,
          scope: h
            .path(unit.code)
            .map((u) => u.code)
            .join("/"),
          ...(order.subject !== undefined ? { subject: order.subject } : {}),
          version: 1,
        };
        created.push(o);
        await tx.insertWorkOrder(o);
        events.push(
          this.#event(need.id, "dispatched", actor, at, {
            workOrder: o.id,
            to: "dispatched",
            data: { assignee, role: "assist", dueAt: o.dueAt, via: action },
          }),
        );
      }
    }
    await tx.appendEvents(events);
    await tx.enqueue(messages);
    return { order: next, created };
  }

  /** 回访: records an attempt or its findings; unsatisfied reopens the need to the same lead. */
  async followUp(needId: string, actor: Actor, found: FollowUpInput): Promise<ActionResult> {
    return this.ctx.store.transaction(async (tx) => {
      const need = await tx.getNeed(needId);
      if (!need) throw refuse("lifecycle.not_found", `no need ${needId}`);
      if (need.status !== "resolved" && need.status !== "follow-up")
        throw refuse("lifecycle.illegal_transition", `a follow-up needs a resolved need, not ${need.status}`);
      if (
        !(
          actor.type === "system" ||
          (actor.type === "unit" &&
            need.unit !== undefined &&
            (actor.id === need.unit || this.#isSupervisor(actor, need.unit)))
        )
      )
        throw refuse("lifecycle.forbidden", `${actor.id} cannot follow up this need`);
      if (found.reached && found.satisfaction === undefined && found.resolved === undefined)
        throw refuse("lifecycle.invalid", "a reached follow-up records resolved or satisfaction");
      const { now, at } = this.#at();
      const events = (await tx.listEvents({ need: needId, limit: 1_000 })).items;
      // Attempts count from the latest resolution: a reopened need starts again.
      const lastResolved = events.reduce(
        (i, e, k) => (e.type === "resolved" && e.workOrder === undefined ? k : i),
        -1,
      );
      const attempt = events.slice(lastResolved + 1).filter((e) => e.type === "follow-up-attempt").length + 1;
      const out: Event[] = [
        this.#event(need.id, "follow-up-attempt", actor, at, { data: { attempt, reached: found.reached } }),
      ];
      let next: StoredNeed = { ...need, updatedAt: at, version: need.version + 1 };
      const created: StoredWorkOrder[] = [];
      const timers: Timer[] = [];
      if (!found.reached) {
        if (attempt >= this.options.followUpAttempts) {
          next = { ...next, status: "closed", closedAt: at };
          out.push(
            this.#event(need.id, "closed", actor, at, {
              from: need.status,
              to: "closed",
              data: { reason: "unreachable", attempts: attempt },
              visibility: "public",
            }),
          );
          await tx.cancelTimers({ need: need.id, kinds: ["follow-up"] });
        } else {
          next = { ...next, status: "follow-up" };
          await tx.cancelTimers({ need: need.id, kinds: ["follow-up"] });
          timers.push(this.#followUpTimer(need, now, attempt + 1));
        }
      } else {
        await tx.cancelTimers({ need: need.id, kinds: ["follow-up"] });
        const unhappy = found.satisfaction === "unsatisfied" || found.resolved === false;
        out.push(
          this.#event(need.id, "followed-up", actor, at, {
            data: {
              reached: true,
              resolved: found.resolved ?? !unhappy,
              satisfaction: found.satisfaction ?? null,
            },
            ...(found.comment ? { reason: found.comment } : {}),
          }),
        );
        if (unhappy) {
          const orders = (await tx.listWorkOrders({ need: need.id, limit: 1_000 })).items;
          const lead = [...orders].reverse().find((o) => o.role === "lead" && o.status === "resolved");
          const decided = events.find((e) => e.type === "decided")?.data as
            | { deadlinePolicy?: string | null }
            | undefined;
          const due = computeDue(this.ctx, decided?.deadlinePolicy ?? undefined, need.serviceCodes[0], now);
          if (lead) {
            const order = freshOrder(lead, {
              id: this.ctx.ids(),
              dispatchedAt: at,
              dueAt: due.resolveBy,
              escalationLevel: 0,
              overdue: false,
            });
            if (lead.assignee.type === "resource") {
              const r = this.ctx.district.resources.get(lead.assignee.id);
              if (r?.capacity.per === "concurrent")
                await tx.reserve(r.id, "open", 1, Number.MAX_SAFE_INTEGER);
            }
            created.push(order);
            await tx.insertWorkOrder(order);
            timers.push(...workOrderTimers(this.ctx, order, need.urgency, due.remindAt));
            out.push(
              this.#event(need.id, "dispatched", actor, at, {
                workOrder: order.id,
                to: "dispatched",
                data: { assignee: order.assignee, role: "lead", dueAt: order.dueAt, reopen: true },
              }),
            );
          }
          next = { ...next, status: "dispatched", reopened: need.reopened + 1, dueAt: due.resolveBy };
          out.push(
            this.#event(need.id, "reopened", actor, at, {
              from: need.status,
              to: "dispatched",
              visibility: "public",
            }),
          );
        } else {
          next = { ...next, status: "closed", closedAt: at };
          out.push(
            this.#event(need.id, "closed", actor, at, {
              from: need.status,
              to: "closed",
              data: { reason: "followed-up", satisfaction: found.satisfaction ?? null },
              visibility: "public",
            }),
          );
        }
      }
      await tx.updateNeed(next);
      await tx.appendEvents(out);
      await tx.addTimers(timers);
      return { need: next, ...(created.length ? { created } : {}) };
    });
  }

  /** Ends a need: cancelled (by the resident or a supervisor), failed, or closed (only without a pending follow-up). */
  async end(
    needId: string,
    actor: Actor,
    to: "cancelled" | "failed" | "closed",
    reason: string,
  ): Promise<ActionResult> {
    return this.ctx.store.transaction(async (tx) => {
      const need = await tx.getNeed(needId);
      if (!need) throw refuse("lifecycle.not_found", `no need ${needId}`);
      if (!reason.trim()) throw refuse("lifecycle.reason_required", `${to} needs a reason`);
      if (to === "closed") {
        if (need.status === "resolved" || need.status === "follow-up") {
          if (this.options.followUpRequired)
            throw refuse("lifecycle.follow_up_pending", "the need waits for its follow-up (回访)");
        } else throw refuse("lifecycle.illegal_transition", `cannot close a need that is ${need.status}`);
      } else if (!(ACTIVE_NEED as readonly NeedStatus[]).includes(need.status))
        throw refuse("lifecycle.illegal_transition", `cannot set a ${need.status} need to ${to}`);
      const allowed =
        actor.type === "system" ||
        (to === "cancelled" && actor.type === "resident" && actor.id === need.subject) ||
        (need.unit !== undefined && this.#isSupervisor(actor, need.unit)) ||
        (need.unit !== undefined && actor.type === "unit" && actor.id === need.unit);
      if (!allowed) throw refuse("lifecycle.forbidden", `${actor.type} ${actor.id} cannot ${to} this need`);
      const { at } = this.#at();
      const orders = (await tx.listWorkOrders({ need: need.id, limit: 1_000 })).items.filter((o) =>
        OPEN_WORK_ORDER.includes(o.status),
      );
      for (const o of orders) {
        await tx.updateWorkOrder({
          ...o,
          status: to === "failed" ? "failed" : "cancelled",
          version: o.version + 1,
        });
        await this.#release(tx, o);
      }
      await tx.cancelTimers({ need: need.id });
      const next: StoredNeed = {
        ...need,
        status: to,
        closedAt: at,
        updatedAt: at,
        version: need.version + 1,
      };
      await tx.updateNeed(next);
      await tx.appendEvents([
        this.#event(need.id, to, actor, at, { from: need.status, to, reason, visibility: "public" }),
      ]);
      return { need: next };
    });
  }

  /** Fires one claimed timer in its own transaction, stamped `now`; false when another worker already did. */
  async fire(timer: Timer, worker: string, now: Date): Promise<boolean> {
    return this.ctx.store.transaction(async (tx) => {
      if (!(await tx.completeTimer(timer.id, worker))) return false;
      const need = await tx.getNeed(timer.need);
      if (!need) return true;
      const at = this.ctx.calendar.formatLocal(now);
      const system: Actor = { type: "system", id: "tick" };
      if (timer.kind === "follow-up") {
        if (need.status !== "resolved" && need.status !== "follow-up") return true;
        await tx.appendEvents([this.#event(need.id, "follow-up-due", system, at)]);
        const community = need.unit
          ? this.ctx.district.hierarchy.ancestorAt(need.unit, "community")?.code
          : undefined;
        await tx.enqueue(this.#message(need, "need.follow-up-due", "community-office", community, at, {}));
        return true;
      }
      const order = timer.workOrder ? await tx.getWorkOrder(timer.workOrder) : null;
      if (!order || !OPEN_WORK_ORDER.includes(order.status)) return true;
      if (timer.kind === "remind") {
        await tx.appendEvents([
          this.#event(need.id, "reminded", system, at, { workOrder: order.id, data: timer.data ?? {} }),
        ]);
        await tx.enqueue(
          this.#message(need, "work-order.reminder", "lead-unit", order.assignee.id, at, {
            workOrder: order.id,
            dueAt: order.dueAt,
          }),
        );
      } else if (timer.kind === "overdue") {
        await tx.updateWorkOrder({ ...order, overdue: true, version: order.version + 1 });
        await tx.appendEvents([
          this.#event(need.id, "overdue", system, at, { workOrder: order.id, data: { dueAt: order.dueAt } }),
        ]);
        await tx.enqueue(
          this.#message(need, "work-order.overdue", "lead-unit", order.assignee.id, at, {
            workOrder: order.id,
            dueAt: order.dueAt,
          }),
        );
      } else {
        const data = timer.data as { level: AdminLevel; actions: string[] };
        await this.#climb(tx, need, order, data.level, data.actions, system, at);
      }
      return true;
    });
  }
}
