/**
 * Model-based test of the lifecycle on the Tongchuan district, with fast-check's commands API.
 *
 * Each run builds an engine (real rule sets, a manual clock at Fri 2026-10-09 09:30, follow-up
 * required or not, 1–3 attempts), submits one to three needs, then runs up to 30 commands:
 * submissions (medicine, daily supplies, 临时救助) for four residents in two grids of 邻德社区;
 * accept / return / start / hold / resume / resolve on a work order by its assignee, the system
 * or a wrong actor, with or without a reason; `progress` (the next step of one of the oldest
 * live needs, follow-up included, so that needs get all the way through); extension requests
 * (before or after the deadline, earlier or later) and decisions (by the unit above, higher up,
 * the order's own unit, the assignee, another community); escalation (by the street, the
 * district, the system, the community, another street, the assignee, to a level or one step up);
 * follow-ups (unreached, satisfied, unsatisfied, not resolved, invalid) by the grid, the
 * community, the street, a worker, another community; cancel / fail / close by the resident, the
 * grid, its supervisors, the system or a wrong actor; the clock moved by hours or days and a
 * tick; a tick twice at one moment.
 *
 * The model (`model-based-model.ts`) says which actions are legal. An accepted illegal action, a
 * refused legal one, a refusal that is not a `lifecycle.*` LianxinError with a code the model
 * allows, or a refusal that changed anything fails. After every command the engine and the model
 * must agree exactly: each need's status, version and reopen count; its audit trail (batch by
 * batch: every accepted action and tick effect as an event of the right type on the right order);
 * its work orders (status, version, due date, overdue, escalation level, extension, assignment);
 * its pending timers; the fired counts of every tick (a second tick at one moment fires nothing);
 * grid workers' concurrent loads; and the KPIs of `engine.kpis` (received and by status, response,
 * return, on-time resolution, reopen, resolution and satisfaction rates, returns, escalations by
 * level, overdue orders). Invariants: no need lost (`listNeeds`), every active need has exactly
 * one open lead order mirroring its status, every resolved need has a follow-up due, every open
 * order a pending overdue timer unless overdue, no terminal need keeps open orders or timers, no
 * ended order keeps timers, no need has two open orders for one assignee, re-dispatch never goes
 * back to whoever returned the need.
 *
 * Engine bugs found are listed in `RELAX` (model-based-model.ts) with what the model tolerates
 * for each; `LIANXIN_MODEL_STRICT=1` (or a list of their names) turns them off again.
 *
 * Deterministic: a fixed seed. `LIANXIN_MODEL_SEED`, `LIANXIN_MODEL_RUNS` (default 40) for
 * longer soaks, `LIANXIN_MODEL_STATS=1` prints how often each action ran and how it ended.
 */
import type { Actor, AdminLevel, FollowUpInput } from "@lianxin/core";
import fc from "fast-check";
import { describe, it } from "vitest";
import { tongchuanEngine } from "../engine/tongchuan-engine.js";
import {
  ACTIVE_NEED,
  assigneeActor,
  attempt,
  COMMUNITY,
  checkResult,
  compareAll,
  DISTRICT,
  dropTimers,
  ENGINE,
  ev,
  eventKey,
  fail,
  isAssignee,
  isOpen,
  isSupervisor,
  KINDS,
  learnAssists,
  learnFollowUpTimer,
  learnOrder,
  learnOrderTimers,
  local,
  type MNeed,
  type MOrder,
  type Model,
  modelTick,
  type NeedKind,
  needOf,
  newEventBatch,
  newModel,
  ORDER_ACTIONS,
  type OrderAction,
  OTHER_COMMUNITY,
  OTHER_STREET,
  ordersOf,
  RELAX,
  RESIDENTS,
  type Real,
  START,
  STREET,
  TERMINAL_NEED,
} from "./model-based-model.js";

const HOUR = 3_600_000;
const SEED = Number(process.env.LIANXIN_MODEL_SEED ?? 20261009);
const RUNS = Number(process.env.LIANXIN_MODEL_RUNS ?? 40);
const SYSTEM: Actor = { type: "system", id: "model-test" };

/** A command: runs on the engine and the model, then compares the two. */
abstract class Cmd implements fc.AsyncCommand<Model, Real> {
  abstract check(m: Readonly<Model>): boolean;
  protected abstract exec(m: Model, r: Real): Promise<void>;
  abstract toString(): string;
  async run(m: Model, r: Real): Promise<void> {
    const n0 = m.trace.length;
    await this.exec(m, r);
    if (process.env.LIANXIN_MODEL_STATS) {
      const g = globalThis as unknown as { stats?: Map<string, number> };
      g.stats ??= new Map();
      for (const line of m.trace.slice(n0)) {
        const k = line
          .replace(/^(\S+) .*?(→ .*)?$/, "$1 $2")
          .replace(/ at 20.*?:/, ":")
          .slice(0, 90);
        g.stats.set(k, (g.stats.get(k) ?? 0) + 1);
      }
    }
    await compareAll(m, r, this.toString());
  }
}

const pickFrom = <T>(items: readonly T[], pick: number): T => items[pick % items.length]!;

/** An order: an open one when asked and there is one, else any. */
function pickOrder(
  m: Model,
  pick: number,
  open: boolean,
  where: (o: MOrder) => boolean = () => true,
): MOrder {
  const preferred = m.orders.filter((o) => (open ? isOpen(o) : true) && where(o));
  return pickFrom(preferred.length ? preferred : m.orders, pick);
}

function pickNeed(m: Model, pick: number, where: (n: MNeed) => boolean): MNeed {
  const preferred = m.needs.filter(where);
  return pickFrom(preferred.length ? preferred : m.needs, pick);
}

const describeOrder = (o: MOrder) => `${o.id} (${o.role} ${o.status}, ${o.assignee.type}:${o.assignee.id})`;
const describeActor = (a: Actor) => `${a.type}:${a.id}`;
const blank = (s: string) => s.trim() === "";

// ---------------------------------------------------------------------------------------------
// Submit
// ---------------------------------------------------------------------------------------------

class Submit extends Cmd {
  constructor(
    readonly who: number,
    readonly kind: NeedKind,
  ) {
    super();
  }
  check() {
    return true;
  }
  toString() {
    return `Submit(${RESIDENTS[this.who]!.id}, ${this.kind})`;
  }
  async exec(m: Model, r: Real) {
    const resident = RESIDENTS[this.who]!;
    const kind = KINDS[this.kind];
    // Same resident, same service, still open, received in the last 72 h: a duplicate.
    const same = m.needs.find(
      (n) =>
        n.subject === resident.id &&
        n.service === kind.service &&
        ACTIVE_NEED.includes(n.status) &&
        n.receivedAt >= m.now - 72 * HOUR,
    );
    const expected = same
      ? "duplicate"
      : this.kind === "relief" && !resident.relief
        ? "rejected"
        : "dispatched";
    const label = this.toString();
    m.trace.push(`${label} → ${expected}${same ? ` of ${same.id}` : ""}`);
    const out = await r.engine.submit({
      source: "home-visit",
      subject: resident.id,
      description: kind.description,
      ...(kind.serviceCode ? { serviceCode: kind.serviceCode } : {}),
      receivedAt: local(m.now),
    });
    const { need } = out;
    if (!out.created) fail(m, `${label}: nothing was created`);
    if (need.status !== expected)
      fail(m, `${label}: the need is ${need.status}, the model expects ${expected}`);
    if (same && need.duplicateOf !== same.id)
      fail(m, `${label}: a duplicate of ${need.duplicateOf}, not ${same.id}`);
    if (need.unit !== resident.grid) fail(m, `${label}: routed to ${need.unit}, not the resident's grid`);
    if (expected === "dispatched" && need.serviceCodes[0] !== kind.service)
      fail(m, `${label}: service ${need.serviceCodes[0]}, expected ${kind.service}`);
    const n: MNeed = {
      id: need.id,
      subject: resident.id,
      kind: this.kind,
      service: kind.service,
      status: need.status,
      unit: resident.grid,
      urgency: need.urgency ?? "normal",
      receivedAt: m.now,
      version: 1,
      reopened: 0,
      cycleAttempts: 0,
      totalAttempts: 0,
      followUpCalled: false,
      returnedBy: new Set(),
      returnActors: new Set(),
      events: [],
    };
    m.needs.push(n);
    // The audit trail of a submission: received, decided, then the outcome.
    const events = await r.engine.events(need.id);
    const types = events.map((e) => e.type);
    const dispatched = events.filter((e) => e.type === "dispatched").map((e) => e.workOrder);
    const orderIds = out.workOrders.map((o) => o.id);
    const shapeOk =
      types[0] === "received" &&
      types[1] === "decided" &&
      (expected === "dispatched"
        ? types.slice(2).every((t) => t === "dispatched" || t === "capacity-short") &&
          JSON.stringify([...dispatched].sort()) === JSON.stringify([...orderIds].sort())
        : types.length === 3 && types[2] === expected);
    if (!shapeOk) fail(m, `${label}: unexpected audit trail ${JSON.stringify(types)}`);
    n.events.push(events.map(eventKey));
    if (expected !== "dispatched") {
      if (out.workOrders.length) fail(m, `${label}: a ${expected} need got work orders`);
      return;
    }
    const leads = out.workOrders.filter((o) => o.role === "lead");
    if (leads.length !== 1) fail(m, `${label}: ${leads.length} lead orders`);
    const due = Date.parse(need.dueAt!);
    for (const o of out.workOrders)
      await learnOrder(
        m,
        r,
        { ...o, need: need.id },
        { role: o.role, dueAt: due, overdue: false, escalationLevel: 0, reminders: o.role === "lead" },
        label,
      );
    const lead = leads[0]!;
    if (this.kind === "relief") {
      // 临时救助: the community leads, the grid's civil-affairs department assists.
      const assists = out.workOrders
        .filter((o) => o.role === "assist")
        .map((o) => `${o.assignee.type}:${o.assignee.id}`);
      if (
        lead.assignee.id !== COMMUNITY ||
        JSON.stringify(assists) !== `["department:civil-affairs@${resident.grid}"]`
      )
        fail(m, `${label}: routed to ${lead.assignee.id} with assists ${JSON.stringify(assists)}`);
    } else if (
      !(lead.assignee.type === "resource" && lead.unit === resident.grid) &&
      !(lead.assignee.type === "unit" && lead.assignee.id === COMMUNITY)
    )
      fail(m, `${label}: lead ${lead.assignee.type}:${lead.assignee.id} in ${lead.unit}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Work-order actions: accept, return, start, hold, resume, resolve.
// ---------------------------------------------------------------------------------------------

type OrderActorKind = "assignee" | "system" | "other-assignee" | "unit-above" | "resident" | "wrong-type";

function orderActor(m: Model, r: Real, kind: OrderActorKind, o: MOrder): Actor {
  switch (kind) {
    case "assignee":
      return assigneeActor(o);
    case "system":
      return SYSTEM;
    case "other-assignee": {
      const other = m.orders.find((x) => x.assignee.id !== o.assignee.id);
      return other ? assigneeActor(other) : { type: "resource", id: "gw-610204001003-009-1" };
    }
    case "unit-above":
      return { type: "unit", id: r.engine.district.hierarchy.parent(o.unit)?.code ?? COMMUNITY };
    case "resident":
      return { type: "resident", id: needOf(m, o.need).subject };
    case "wrong-type":
      return { type: o.assignee.type === "resource" ? "unit" : "resource", id: o.assignee.id };
  }
}

/** The step that moves an order on (for `progress`): the happy path, a return or a hold now and then. */
function nextAction(o: MOrder, variant: number): OrderAction {
  switch (o.status) {
    case "dispatched":
      return variant % 7 === 0 ? "return" : "accept";
    case "accepted":
      return variant % 7 === 0 ? "return" : variant % 2 === 0 ? "start" : "resolve";
    case "in-progress":
      return variant % 4 === 0 ? "hold" : "resolve";
    case "on-hold":
      return "resume";
    default:
      return (["accept", "start", "resolve", "resume"] as const)[variant % 4]!;
  }
}

class OrderCmd extends Cmd {
  constructor(
    readonly requested: OrderAction,
    readonly pick: number,
    readonly open: boolean,
    readonly actor: OrderActorKind,
    readonly text: string,
  ) {
    super();
  }
  check(m: Readonly<Model>) {
    return m.orders.length > 0;
  }
  toString() {
    return `${this.requested}(order #${this.pick}${this.open ? " open" : ""}, by ${this.actor}, ${JSON.stringify(this.text)})`;
  }
  async exec(m: Model, r: Real) {
    const o = pickOrder(m, this.pick, this.open);
    await actOnOrder(m, r, o, this.requested, this.actor, this.text);
  }
}

/** A work-order action on `o`: legal or not by the model, run on the engine, its effects applied. */
async function actOnOrder(
  m: Model,
  r: Real,
  o: MOrder,
  action: OrderAction,
  actorKind: OrderActorKind,
  text: string,
) {
  const n = needOf(m, o.need);
  const actor = orderActor(m, r, actorKind, o);
  const rule = ORDER_ACTIONS[action];
  const codes: string[] = [];
  if (!rule.from.includes(o.status)) codes.push("lifecycle.illegal_transition");
  if (!isAssignee(actor, o)) codes.push("lifecycle.forbidden");
  if (["return", "hold", "resolve"].includes(action) && blank(text)) codes.push("lifecycle.reason_required");
  const label = `${action} ${describeOrder(o)} by ${describeActor(actor)}`;
  const { engine } = r;
  const res = await attempt(m, r, label, codes, { need: n.id, order: o.id }, () => {
    switch (action) {
      case "accept":
        return engine.accept(o.id, actor);
      case "return":
        return engine.returnWorkOrder(o.id, actor, text);
      case "start":
        return engine.start(o.id, actor);
      case "hold":
        return engine.hold(o.id, actor, text);
      case "resume":
        return engine.resume(o.id, actor);
      case "resolve":
        return engine.resolve(o.id, actor, text);
    }
  });
  if (codes.length) return;
  o.status = rule.to;
  o.version++;
  n.version++;
  const events = newEventBatch(m, n.id);
  events.push(ev(rule.event, o.id, actor));
  if (action === "return" || action === "resolve") dropTimers(m, { workOrder: o.id });
  if (action === "accept") o.accepted = true;
  if (action === "return") {
    m.kpi.returns++;
    n.returnedBy.add(o.assignee.id);
    n.returnActors.add(actor.id);
  }
  const created = res?.created ?? [];
  if (o.role === "lead") {
    if (action === "return") n.status = "dispatched";
    else if (action === "resolve") n.status = m.followUpRequired ? "resolved" : "closed";
    else n.status = rule.to as MNeed["status"];
  }
  checkResult(m, label, res, n, o);
  if (o.role !== "lead") {
    if (created.length) fail(m, `${label}: an assist's ${action} created work orders`);
    return;
  }
  if (action === "return") {
    // 改派: a new lead order at once, never to someone who returned this need.
    if (created.length !== 1) fail(m, `${label}: ${created.length} orders re-dispatched, expected 1`);
    const next = created[0]!;
    // RELAX.redispatchForgetsProxyReturns: the engine remembers who *did* each return, so an
    // assignee whose order the system returned on its behalf can get the need back.
    const returned = RELAX.redispatchForgetsProxyReturns
      ? new Set([...n.returnActors, o.assignee.id])
      : n.returnedBy;
    // RELAX.redispatchAtTopLoops: returned at the top of the hierarchy (the city), the order goes
    // back to the unit that has just returned it.
    const top = !r.engine.district.hierarchy.parent(o.unit) && next.assignee.id === o.assignee.id;
    if (returned.has(next.assignee.id) && !(RELAX.redispatchAtTopLoops && top))
      fail(m, `${label}: re-dispatched to ${next.assignee.id}, who already returned this need`);
    const order = await learnOrder(
      m,
      r,
      next,
      {
        role: "lead",
        dueAt: o.dueAt,
        overdue: o.dueAt < m.now,
        escalationLevel: o.escalationLevel,
        reminders: false,
        chain: o.chain,
      },
      label,
    );
    events.push(ev("redispatched", order.id, ENGINE));
    m.trace.push(`  re-dispatched as ${describeOrder(order)}`);
  } else if (action === "resolve") {
    events.push(ev("resolved", undefined, actor));
    // RELAX.kpiOnTimeTieTakesFirst: of several resolutions at the same second, the KPI takes
    // the first as "the last resolution".
    if (!(RELAX.kpiOnTimeTieTakesFirst && n.lastResolvedAt === m.now)) n.lastOnTime = m.now <= o.dueAt;
    n.lastResolvedAt = m.now;
    if (m.followUpRequired) {
      n.cycleAttempts = 0;
      n.followUpCalled = false;
      await learnFollowUpTimer(m, r, n, label);
    } else events.push(ev("closed", undefined, actor));
  } else if (created.length) fail(m, `${label}: created work orders`);
}

// ---------------------------------------------------------------------------------------------
// Extensions
// ---------------------------------------------------------------------------------------------

class RequestExtension extends Cmd {
  constructor(
    readonly pick: number,
    readonly open: boolean,
    readonly actor: OrderActorKind,
    readonly hours: number,
    readonly reason: string,
  ) {
    super();
  }
  check(m: Readonly<Model>) {
    return m.orders.length > 0;
  }
  toString() {
    return `requestExtension(order #${this.pick}${this.open ? " open" : ""}, by ${this.actor}, due ${this.hours >= 0 ? "+" : ""}${this.hours}h, ${JSON.stringify(this.reason)})`;
  }
  async exec(m: Model, r: Real) {
    const o = pickOrder(m, this.pick, this.open);
    const actor = orderActor(m, r, this.actor, o);
    const newDueAt = o.dueAt + this.hours * HOUR;
    const codes: string[] = [];
    if (!isOpen(o)) codes.push("lifecycle.illegal_transition");
    if (!isAssignee(actor, o)) codes.push("lifecycle.forbidden");
    if (blank(this.reason)) codes.push("lifecycle.reason_required");
    if (m.now >= o.dueAt) codes.push("lifecycle.too_late");
    if (newDueAt <= o.dueAt) codes.push("lifecycle.invalid");
    if (o.extension?.decision === "pending") codes.push("lifecycle.illegal_transition");
    const label = `requestExtension ${describeOrder(o)} to ${local(newDueAt)} by ${describeActor(actor)}`;
    const res = await attempt(m, r, label, codes, { need: o.need, order: o.id }, () =>
      r.engine.requestExtension(o.id, actor, { newDueAt: local(newDueAt), reason: this.reason }),
    );
    if (codes.length) return;
    o.extension = { decision: "pending", newDueAt };
    o.version++;
    checkResult(m, label, res, needOf(m, o.need), o);
    newEventBatch(m, o.need).push(ev("extension-requested", o.id, actor));
  }
}

type SupervisorKind = "parent" | "grandparent" | "system" | "own-unit" | "assignee" | "other-community";

function supervisorActor(r: Real, kind: SupervisorKind, o: MOrder): Actor {
  const h = r.engine.district.hierarchy;
  switch (kind) {
    case "parent":
      return { type: "unit", id: h.parent(o.unit)?.code ?? STREET };
    case "grandparent": {
      const p = h.parent(o.unit)?.code;
      return { type: "unit", id: (p && h.parent(p)?.code) ?? DISTRICT };
    }
    case "system":
      return SYSTEM;
    case "own-unit":
      return { type: "unit", id: o.unit };
    case "assignee":
      return assigneeActor(o);
    case "other-community":
      return { type: "unit", id: OTHER_COMMUNITY };
  }
}

class DecideExtension extends Cmd {
  constructor(
    readonly pick: number,
    readonly pending: boolean,
    readonly actor: SupervisorKind,
    readonly approve: boolean,
  ) {
    super();
  }
  check(m: Readonly<Model>) {
    return m.orders.length > 0;
  }
  toString() {
    return `decideExtension(order #${this.pick}${this.pending ? " pending" : ""}, by ${this.actor}, ${this.approve ? "approve" : "refuse"})`;
  }
  async exec(m: Model, r: Real) {
    const o = this.pending
      ? pickOrder(m, this.pick, false, (x) => x.extension?.decision === "pending")
      : pickOrder(m, this.pick, false);
    const actor = supervisorActor(r, this.actor, o);
    const codes: string[] = [];
    if (o.extension?.decision !== "pending") codes.push("lifecycle.illegal_transition");
    if (!isOpen(o) && !RELAX.decideExtensionOnClosedOrder) codes.push("lifecycle.illegal_transition");
    if (!isSupervisor(r, actor, o.unit)) codes.push("lifecycle.forbidden");
    const label = `decideExtension ${describeOrder(o)} by ${describeActor(actor)}: ${this.approve ? "approve" : "refuse"}`;
    const res = await attempt(m, r, label, codes, { need: o.need, order: o.id }, () =>
      r.engine.decideExtension(o.id, actor, this.approve),
    );
    if (codes.length) return;
    const ext = o.extension!;
    ext.decision = this.approve ? "approved" : "refused";
    o.version++;
    checkResult(m, label, res, needOf(m, o.need), o);
    newEventBatch(m, o.need).push(ev(this.approve ? "extension-approved" : "extension-refused", o.id, actor));
    if (this.approve) {
      o.dueAt = ext.newDueAt;
      o.overdue = ext.newDueAt < m.now;
      dropTimers(m, { workOrder: o.id });
      if (!isOpen(o)) o.zombieTimers = true; // RELAX.decideExtensionOnClosedOrder
      await learnOrderTimers(m, r, o, false, label);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Escalation (督办)
// ---------------------------------------------------------------------------------------------

type EscalatorKind = "street" | "district" | "system" | "community" | "other-street" | "assignee";

class Escalate extends Cmd {
  constructor(
    readonly pick: number,
    readonly open: boolean,
    readonly actor: EscalatorKind,
    readonly level: AdminLevel | undefined,
  ) {
    super();
  }
  check(m: Readonly<Model>) {
    return m.orders.length > 0;
  }
  toString() {
    return `escalate(order #${this.pick}${this.open ? " open" : ""}, by ${this.actor}${this.level ? ` to ${this.level}` : ""})`;
  }
  async exec(m: Model, r: Real) {
    const o = pickOrder(m, this.pick, this.open);
    const actor: Actor =
      this.actor === "street"
        ? { type: "unit", id: STREET }
        : this.actor === "district"
          ? { type: "unit", id: DISTRICT }
          : this.actor === "community"
            ? { type: "unit", id: COMMUNITY }
            : this.actor === "other-street"
              ? { type: "unit", id: OTHER_STREET }
              : this.actor === "assignee"
                ? assigneeActor(o)
                : SYSTEM;
    const codes: string[] = [];
    if (!isOpen(o)) codes.push("lifecycle.illegal_transition");
    if (!isSupervisor(r, actor, o.unit, "street")) codes.push("lifecycle.forbidden");
    const label = `escalate ${describeOrder(o)} by ${describeActor(actor)}${this.level ? ` to ${this.level}` : ""}`;
    const res = await attempt(m, r, label, codes, { need: o.need, order: o.id }, () =>
      r.engine.escalate(o.id, actor, {
        reason: "逾期未办，督办",
        ...(this.level ? { level: this.level } : {}),
      }),
    );
    if (codes.length) return;
    const target =
      this.level ?? (["community", "street", "district", "city"] as const)[Math.min(o.escalationLevel, 3)]!;
    const depth = { grid: 0, community: 1, street: 2, district: 3, city: 4 }[target];
    o.escalationLevel = Math.max(o.escalationLevel, depth);
    o.version++;
    checkResult(m, label, res, needOf(m, o.need), o);
    m.kpi.escalations[depth]!++;
    newEventBatch(m, o.need).push(ev("escalated", o.id, actor, depth));
  }
}

// ---------------------------------------------------------------------------------------------
// Follow-up (回访)
// ---------------------------------------------------------------------------------------------

type NeedActorKind =
  | "subject"
  | "other-resident"
  | "grid"
  | "community"
  | "street"
  | "system"
  | "worker"
  | "other-community"
  /** Not a unit, but with the grid's code as its id. */
  | "grid-id-as-resource";

function needActor(m: Model, kind: NeedActorKind, n: MNeed): Actor {
  switch (kind) {
    case "subject":
      return { type: "resident", id: n.subject };
    case "other-resident":
      return { type: "resident", id: RESIDENTS.find((x) => x.id !== n.subject)!.id };
    case "grid":
      return { type: "unit", id: n.unit };
    case "community":
      return { type: "unit", id: COMMUNITY };
    case "street":
      return { type: "unit", id: STREET };
    case "system":
      return SYSTEM;
    case "worker": {
      const lead = ordersOf(m, n.id).find((o) => o.role === "lead" && o.assignee.type === "resource");
      return { type: "resource", id: lead?.assignee.id ?? "gw-610204001003-007-1" };
    }
    case "other-community":
      return { type: "unit", id: OTHER_COMMUNITY };
    case "grid-id-as-resource":
      return { type: "resource", id: n.unit };
  }
}

const FOLLOW_UPS: Record<string, FollowUpInput> = {
  unreached: { reached: false },
  satisfied: { reached: true, resolved: true, satisfaction: "satisfied" },
  "basically-satisfied": { reached: true, satisfaction: "basically-satisfied" },
  unsatisfied: { reached: true, resolved: false, satisfaction: "unsatisfied" },
  "not-resolved": { reached: true, resolved: false },
  "says-nothing": { reached: true },
};

class FollowUp extends Cmd {
  constructor(
    readonly pick: number,
    readonly waiting: boolean,
    readonly actor: NeedActorKind,
    readonly outcome: keyof typeof FOLLOW_UPS,
  ) {
    super();
  }
  check(m: Readonly<Model>) {
    return m.needs.length > 0;
  }
  toString() {
    return `followUp(need #${this.pick}${this.waiting ? " waiting" : ""}, by ${this.actor}, ${this.outcome})`;
  }
  async exec(m: Model, r: Real) {
    const n = pickNeed(
      m,
      this.pick,
      (x) => !this.waiting || x.status === "resolved" || x.status === "follow-up",
    );
    await followUpOn(m, r, n, this.actor, this.outcome);
  }
}

/** A follow-up (回访) of `n`: legal or not by the model, run on the engine, its effects applied. */
async function followUpOn(
  m: Model,
  r: Real,
  n: MNeed,
  actorKind: NeedActorKind,
  outcome: keyof typeof FOLLOW_UPS,
) {
  const actor = needActor(m, actorKind, n);
  const found = FOLLOW_UPS[outcome]!;
  const codes: string[] = [];
  if (n.status !== "resolved" && n.status !== "follow-up") codes.push("lifecycle.illegal_transition");
  if (
    !(
      actor.type === "system" ||
      // RELAX.followUpActorTypeIgnored: the engine lets any actor whose id is the grid's code follow up.
      ((actor.type === "unit" || RELAX.followUpActorTypeIgnored) && actor.id === n.unit) ||
      isSupervisor(r, actor, n.unit)
    )
  )
    codes.push("lifecycle.forbidden");
  if (found.reached && found.satisfaction === undefined && found.resolved === undefined)
    codes.push("lifecycle.invalid");
  const label = `followUp ${n.id} (${n.status}) by ${describeActor(actor)}: ${outcome}`;
  const res = await attempt(m, r, label, codes, { need: n.id }, () => r.engine.followUp(n.id, actor, found));
  if (codes.length) return;
  n.totalAttempts++;
  n.cycleAttempts++;
  const attemptNo = RELAX.followUpAttemptsAcrossReopens ? n.totalAttempts : n.cycleAttempts;
  n.version++;
  n.followUpCalled = false;
  const events = newEventBatch(m, n.id);
  events.push(ev("follow-up-attempt", undefined, actor));
  if (!found.reached) {
    if (attemptNo >= m.followUpAttempts) {
      n.status = "closed";
      checkResult(m, label, res, n);
      events.push(ev("closed", undefined, actor));
      dropTimers(m, { need: n.id, kind: "follow-up" });
    } else {
      n.status = "follow-up";
      checkResult(m, label, res, n);
      if (!RELAX.followUpTimersPileUp) dropTimers(m, { need: n.id, kind: "follow-up" });
      await learnFollowUpTimer(m, r, n, label);
    }
    return;
  }
  dropTimers(m, { need: n.id, kind: "follow-up" });
  events.push(ev("followed-up", undefined, actor));
  const happy = found.satisfaction !== "unsatisfied" && found.resolved !== false;
  m.kpi.reached++;
  if (found.resolved ?? happy) m.kpi.reachedResolved++;
  if (found.satisfaction !== undefined) m.kpi.rated++;
  if (found.satisfaction === "satisfied" || found.satisfaction === "basically-satisfied") m.kpi.satisfied++;
  if (happy) {
    n.status = "closed";
    checkResult(m, label, res, n);
    events.push(ev("closed", undefined, actor));
    return;
  }
  // Unsatisfied: reopened to the same lead, as a new order.
  const lead = [...ordersOf(m, n.id)].reverse().find((o) => o.role === "lead" && o.status === "resolved")!;
  const created = res?.created ?? [];
  if (created.length !== 1) fail(m, `${label}: ${created.length} orders on reopening, expected 1`);
  const next = created[0]!;
  if (next.assignee.id !== lead.assignee.id || next.unit !== lead.unit)
    fail(m, `${label}: reopened to ${next.assignee.id} in ${next.unit}, not to the lead ${lead.assignee.id}`);
  const order = await learnOrder(
    m,
    r,
    next,
    { role: "lead", overdue: false, escalationLevel: 0, reminders: true },
    label,
  );
  events.push(ev("dispatched", order.id, actor), ev("reopened", undefined, actor));
  n.status = "dispatched";
  n.reopened++;
  checkResult(m, label, res, n);
  m.trace.push(`  reopened as ${describeOrder(order)}`);
}

// ---------------------------------------------------------------------------------------------
// Progress: the next step of one of the oldest live needs, so that needs get all the way through.
// ---------------------------------------------------------------------------------------------

const PROGRESS_FOLLOW_UPS: (keyof typeof FOLLOW_UPS)[] = [
  "unreached",
  "satisfied",
  "unsatisfied",
  "unreached",
  "basically-satisfied",
  "not-resolved",
];

class Progress extends Cmd {
  constructor(
    readonly pick: number,
    readonly actor: OrderActorKind,
    readonly text: string,
  ) {
    super();
  }
  check(m: Readonly<Model>) {
    return m.needs.some((n) => !TERMINAL_NEED.includes(n.status));
  }
  toString() {
    return `progress(#${this.pick}, by ${this.actor}, ${JSON.stringify(this.text)})`;
  }
  async exec(m: Model, r: Real) {
    const live = m.needs.filter((n) => !TERMINAL_NEED.includes(n.status));
    const n = pickFrom(live.slice(0, this.pick < 35 ? 2 : live.length), this.pick);
    if (n.status === "resolved" || n.status === "follow-up") {
      const by = this.actor === "assignee" ? (this.pick % 3 === 0 ? "grid" : "community") : "worker";
      await followUpOn(m, r, n, by, PROGRESS_FOLLOW_UPS[this.pick % PROGRESS_FOLLOW_UPS.length]!);
      return;
    }
    const open = ordersOf(m, n.id).filter(isOpen);
    const assists = open.filter((o) => o.role === "assist");
    const lead = open.find((o) => o.role === "lead");
    const o = (this.pick % 4 === 3 && assists.length ? assists[0] : lead) ?? open[0] ?? ordersOf(m, n.id)[0];
    if (!o) return; // no work order at all: nothing to move on
    await actOnOrder(m, r, o, nextAction(o, this.pick), this.actor, this.text);
  }
}

// ---------------------------------------------------------------------------------------------
// Cancel, fail, close
// ---------------------------------------------------------------------------------------------

class End extends Cmd {
  constructor(
    readonly to: "cancelled" | "failed" | "closed",
    readonly pick: number,
    readonly actor: NeedActorKind,
    readonly reason: string,
  ) {
    super();
  }
  check(m: Readonly<Model>) {
    return m.needs.length > 0;
  }
  toString() {
    return `${this.to === "cancelled" ? "cancel" : this.to === "failed" ? "fail" : "close"}(need #${this.pick}, by ${this.actor}, ${JSON.stringify(this.reason)})`;
  }
  async exec(m: Model, r: Real) {
    const n = pickNeed(m, this.pick, () => true);
    const actor = needActor(m, this.actor, n);
    const codes: string[] = [];
    if (blank(this.reason)) codes.push("lifecycle.reason_required");
    if (this.to === "closed") {
      if (n.status === "resolved" || n.status === "follow-up") {
        if (m.followUpRequired) codes.push("lifecycle.follow_up_pending");
      } else codes.push("lifecycle.illegal_transition");
    } else if (!ACTIVE_NEED.includes(n.status)) codes.push("lifecycle.illegal_transition");
    const allowed =
      actor.type === "system" ||
      (this.to === "cancelled" && actor.type === "resident" && actor.id === n.subject) ||
      isSupervisor(r, actor, n.unit) ||
      (actor.type === "unit" && actor.id === n.unit);
    if (!allowed) codes.push("lifecycle.forbidden");
    const label = `${this.to} ${n.id} (${n.status}) by ${describeActor(actor)}`;
    const { engine } = r;
    const res = await attempt(m, r, label, codes, { need: n.id }, () =>
      this.to === "cancelled"
        ? engine.cancel(n.id, actor, this.reason)
        : this.to === "failed"
          ? engine.fail(n.id, actor, this.reason)
          : engine.close(n.id, actor, this.reason),
    );
    if (codes.length) return;
    for (const o of ordersOf(m, n.id).filter(isOpen)) {
      o.status = this.to === "failed" ? "failed" : "cancelled";
      o.version++;
    }
    dropTimers(m, { need: n.id });
    n.status = this.to;
    n.version++;
    checkResult(m, label, res, n);
    newEventBatch(m, n.id).push(ev(this.to, undefined, actor));
  }
}

// ---------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------

async function tickAndCompare(m: Model, r: Real, label: string) {
  const plan = modelTick(m, r);
  const got = await r.engine.tick();
  const fired = (f: Record<string, number>) =>
    `remind ${f.remind}, overdue ${f.overdue}, escalate ${f.escalate}, follow-up ${f["follow-up"]}`;
  m.trace.push(`  tick at ${local(m.now)}: ${fired(plan.fired)}`);
  if (fired(got.fired) !== fired(plan.fired) || got.skipped !== 0)
    fail(
      m,
      `${label}: tick fired ${fired(got.fired)} (skipped ${got.skipped}), the model ${fired(plan.fired)}`,
    );
  await learnAssists(m, r, plan.assists, label);
}

class Advance extends Cmd {
  constructor(readonly by: { hours: number } | { days: number }) {
    super();
  }
  check() {
    return true;
  }
  toString() {
    return `advance(${"hours" in this.by ? `${this.by.hours}h` : `${this.by.days}d`}) + tick`;
  }
  async exec(m: Model, r: Real) {
    m.trace.push(this.toString());
    const ms = "hours" in this.by ? this.by.hours * HOUR : this.by.days * 24 * HOUR;
    m.now += ms;
    r.clock.advance(this.by);
    await tickAndCompare(m, r, this.toString());
  }
}

class TickTwice extends Cmd {
  check() {
    return true;
  }
  toString() {
    return "tick twice (same moment)";
  }
  async exec(m: Model, r: Real) {
    m.trace.push(this.toString());
    await tickAndCompare(m, r, "tick");
    await compareAll(m, r, "tick");
    const again = await r.engine.tick();
    const total = Object.values(again.fired).reduce((s, x) => s + x, 0);
    if (total !== 0 || again.skipped !== 0)
      fail(
        m,
        `a second tick at ${local(m.now)} fired ${JSON.stringify(again.fired)} (skipped ${again.skipped})`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------

const text = fc.oneof(
  { weight: 7, arbitrary: fc.constantFrom("不在本网格，请改派", "药店缺货，等到货", "已代购并送达") },
  { weight: 1, arbitrary: fc.constant("   ") },
);
const orderActorKind = fc.oneof(
  { weight: 6, arbitrary: fc.constant<OrderActorKind>("assignee") },
  {
    weight: 4,
    arbitrary: fc.constantFrom<OrderActorKind>(
      "system",
      "other-assignee",
      "unit-above",
      "resident",
      "wrong-type",
    ),
  },
);
const pick = fc.nat({ max: 50 });
const mostlyOpen = fc.oneof(
  { weight: 4, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(false) },
);

const submission = fc
  .tuple(fc.nat({ max: RESIDENTS.length - 1 }), fc.constantFrom<NeedKind>("medicine", "supplies", "relief"))
  .map(([who, kind]) => new Submit(who, kind));

const command: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 4, arbitrary: submission },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom<OrderAction>("accept", "start", "resolve", "return", "hold", "resume"),
        pick,
        mostlyOpen,
        orderActorKind,
        text,
      )
      .map(([action, p, open, actor, t]) => new OrderCmd(action, p, open, actor, t)),
  },
  {
    weight: 14,
    arbitrary: fc
      .tuple(
        pick,
        fc.oneof(
          { weight: 8, arbitrary: fc.constant<OrderActorKind>("assignee") },
          { weight: 1, arbitrary: fc.constantFrom<OrderActorKind>("system", "other-assignee", "wrong-type") },
        ),
        text,
      )
      .map(([p, actor, t]) => new Progress(p, actor, t)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(pick, mostlyOpen, orderActorKind, fc.constantFrom(-2, 4, 24, 24, 72), text)
      .map(([p, open, actor, hours, reason]) => new RequestExtension(p, open, actor, hours, reason)),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        pick,
        mostlyOpen,
        fc.constantFrom<SupervisorKind>(
          "parent",
          "parent",
          "grandparent",
          "system",
          "own-unit",
          "assignee",
          "other-community",
        ),
        fc.boolean(),
      )
      .map(([p, pending, actor, approve]) => new DecideExtension(p, pending, actor, approve)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        pick,
        mostlyOpen,
        fc.constantFrom<EscalatorKind>(
          "street",
          "street",
          "district",
          "system",
          "community",
          "other-street",
          "assignee",
        ),
        fc.constantFrom<AdminLevel | undefined>(undefined, undefined, "street", "district"),
      )
      .map(([p, open, actor, level]) => new Escalate(p, open, actor, level)),
  },
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        pick,
        mostlyOpen,
        fc.constantFrom<NeedActorKind>(
          "grid",
          "community",
          "community",
          "system",
          "street",
          "worker",
          "other-community",
          "grid-id-as-resource",
        ),
        fc.constantFrom(...(Object.keys(FOLLOW_UPS) as (keyof typeof FOLLOW_UPS)[])),
      )
      .map(([p, waiting, actor, outcome]) => new FollowUp(p, waiting, actor, outcome)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom<"cancelled" | "failed" | "closed">("cancelled", "cancelled", "failed", "closed"),
        pick,
        fc.constantFrom<NeedActorKind>(
          "subject",
          "other-resident",
          "grid",
          "community",
          "street",
          "system",
          "worker",
          "other-community",
          "grid-id-as-resource",
        ),
        text,
      )
      .map(([to, p, actor, reason]) => new End(to, p, actor, reason)),
  },
  {
    weight: 6,
    arbitrary: fc
      .oneof(
        fc.constantFrom(1, 2, 4, 8).map((hours) => ({ hours })),
        fc.constantFrom(1, 2, 3, 7).map((days) => ({ days })),
      )
      .map((by) => new Advance(by)),
  },
  { weight: 1, arbitrary: fc.constant(null).map(() => new TickTwice()) },
);

describe("the lifecycle against a model", () => {
  it(
    "accepts exactly the legal actions, records each, loses nothing and leaves nothing stuck",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            followUpRequired: fc.oneof(
              { weight: 4, arbitrary: fc.constant(true) },
              { weight: 1, arbitrary: fc.constant(false) },
            ),
            followUpAttempts: fc.integer({ min: 1, max: 3 }),
            // Needs already submitted when the commands start, so that they act on work orders at once.
            initial: fc.array(submission, { minLength: 1, maxLength: 3 }),
          }),
          fc.commands([command], { maxCommands: 30, size: "max" }),
          async (config, cmds) => {
            const { engine, clock } = await tongchuanEngine(START, {
              followUp: { required: config.followUpRequired, attempts: config.followUpAttempts },
            });
            await fc.asyncModelRun(async () => {
              const model = newModel(config.followUpRequired, config.followUpAttempts);
              const real = { engine, clock };
              for (const s of config.initial) await s.run(model, real);
              return { model, real };
            }, cmds);
          },
        ),
        { numRuns: RUNS, seed: SEED },
      );
      const g = globalThis as unknown as { stats?: Map<string, number> };
      if (g.stats)
        console.log(
          [...g.stats]
            .sort()
            .map(([k, v]) => `${v}\t${k}`)
            .join("\n"),
        );
    },
    Math.max(60_000, RUNS * 1_500),
  );
});
