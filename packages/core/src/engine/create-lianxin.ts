import { randomUUID } from "node:crypto";
import * as z from "zod";
import { District } from "../district/district.js";
import { type Issue, issue } from "../errors/issue.js";
import { LianxinError } from "../errors/lianxin-error.js";
import { computeKpis, type Kpis } from "../lifecycle/kpis.js";
import { memoryStore } from "../memory/memory-store.js";
import type { AdminLevel } from "../model/admin-unit.js";
import type { Actor, Event } from "../model/event.js";
import { type Need, type NeedInput, NeedInputSchema, type NeedStatus } from "../model/need.js";
import type { Resident } from "../model/resident.js";
import type { WorkOrder, WorkOrderStatus } from "../model/work-order.js";
import { type Logger, silentLogger } from "../ports/logger.js";
import type { Page, PageRequest, Store } from "../ports/store.js";
import type { RuleSet } from "../rules/rule-set.js";
import { validateRuleSet } from "../rules/validate-rule-set.js";
import { type Clock, systemClock } from "../time/clock.js";
import { WorkingCalendar } from "../time/work-calendar.js";
import { fromZodIssues } from "../validation/zod-issues.js";
import { commitDecision, type SubmitResult } from "./commit-decision.js";
import { decideNeed } from "./decide-need.js";
import type { EngineContext, StageTimings } from "./engine-context.js";
import { explainNeed, type NeedExplanation } from "./explain-need.js";
import { type ActionResult, type FollowUpInput, Lifecycle } from "./lifecycle-actions.js";
import { type PlanVisitsResult, planVisits } from "./plan-visits.js";
import { ResourceMatcher } from "./resource-matcher.js";
import { RulePipeline } from "./rule-pipeline.js";
import { type BatchResult, submitBatch } from "./submit-batch.js";
import { type TickOptions, type TickResult, tick } from "./tick.js";

/** Options of {@link createLianxin}. */
export interface LianxinOptions {
  /** The district: `await loadDistrict(dir)`. */
  district: District;
  /** Rule sets, as parsed JSON or text; each is validated against the district. */
  ruleSets?: readonly unknown[];
  /** Where needs, work orders, events and outbox messages live. @default memoryStore() */
  store?: Store;
  /** Notification channels, used by the notifier (see the notification packages). */
  channels?: readonly unknown[];
  /** @default systemClock */
  clock?: Clock;
  /** @default silentLogger */
  logger?: Logger;
  /** New ids. @default crypto.randomUUID */
  ids?: () => string;
  /** Residents the engine can look up by id. @default the district's residents.json */
  residents?: (id: string) => Resident | undefined;
  /** Follow-up (回访) after resolution: required before a need closes (default true), attempts before "unreachable" (default 3). */
  followUp?: { required?: boolean; attempts?: number };
}

const OptionsSchema = z.object({
  district: z.instanceof(District, { error: "district: pass the result of loadDistrict(dir)" }),
  ruleSets: z.array(z.unknown()).optional(),
  store: z.custom<Store>((s) => typeof (s as Store)?.transaction === "function", "store: a Store").optional(),
  channels: z.array(z.unknown()).optional(),
  clock: z.custom<Clock>((c) => typeof (c as Clock)?.now === "function", "clock: { now(): Date }").optional(),
  logger: z.custom<Logger>((l) => typeof (l as Logger)?.info === "function", "logger: a Logger").optional(),
  ids: z.function().optional(),
  residents: z.function().optional(),
  followUp: z
    .object({ required: z.boolean().optional(), attempts: z.number().int().min(1).max(10).optional() })
    .optional(),
});

/** Filters of {@link Lianxin.listNeeds}: `unit` means that unit and everything below it. */
export interface NeedFilter extends PageRequest {
  status?: NeedStatus[];
  unit?: string;
  subject?: string;
}

/** Filters of {@link Lianxin.listWorkOrders}. */
export interface WorkOrderFilter extends PageRequest {
  need?: string;
  status?: WorkOrderStatus[];
  unit?: string;
  assignee?: { type: string; id: string };
}

/** The engine a city or community embeds. */
export interface Lianxin {
  readonly district: District;
  readonly store: Store;
  /** The clock the engine stamps everything with (`options.clock`, else the system clock). */
  readonly clock: Clock;
  /**
   * Takes a need through triage, routing, matching and dispatch in one transaction. Idempotent
   * on (source, externalId): the same need twice returns the first result and creates nothing.
   * Invalid input throws a {@link LianxinError} `need.invalid` with field-level issues, storing nothing.
   */
  submit(input: NeedInput): Promise<SubmitResult>;
  /**
   * Submits a batch, assigning resources to all of it together (min-cost flow) instead of one
   * by one, and reports how much better that did than greedy one-by-one assignment.
   */
  submitMany(inputs: readonly NeedInput[]): Promise<BatchResult>;
  /** Why a need went where it went: rules, grid look-up, candidates. Null for an unknown id. */
  explain(needId: string): Promise<NeedExplanation | null>;
  getNeed(id: string): Promise<Need | null>;
  listNeeds(filter?: NeedFilter): Promise<Page<Need>>;
  getWorkOrder(id: string): Promise<WorkOrder | null>;
  listWorkOrders(filter?: WorkOrderFilter): Promise<Page<WorkOrder>>;
  /** The audit trail of a need. */
  events(needId: string): Promise<Event[]>;
  /** Time spent per stage since the engine was created (for benchmarks). */
  timings(): StageTimings;

  /** 签收: the assignee accepts a work order. */
  accept(workOrderId: string, actor: Actor): Promise<ActionResult>;
  /** 退单: the assignee returns a work order with a reason; it is re-dispatched (改派) at once. */
  returnWorkOrder(workOrderId: string, actor: Actor, reason: string): Promise<ActionResult>;
  start(workOrderId: string, actor: Actor): Promise<ActionResult>;
  hold(workOrderId: string, actor: Actor, reason: string): Promise<ActionResult>;
  resume(workOrderId: string, actor: Actor): Promise<ActionResult>;
  /** 办结: the assignee resolves a work order with its result; the lead's resolution resolves the need. */
  resolve(workOrderId: string, actor: Actor, result: string): Promise<ActionResult>;
  /** Asks the level above for more time, before the deadline. */
  requestExtension(
    workOrderId: string,
    actor: Actor,
    request: { newDueAt: string; reason: string },
  ): Promise<ActionResult>;
  decideExtension(workOrderId: string, actor: Actor, approve: boolean): Promise<ActionResult>;
  /** A street (or above) escalates a work order. */
  escalate(
    workOrderId: string,
    actor: Actor,
    details: { reason: string; level?: AdminLevel },
  ): Promise<ActionResult>;
  /** 回访: reached or not, resolved or not, satisfaction; unsatisfied reopens the need. */
  followUp(needId: string, actor: Actor, found: FollowUpInput): Promise<ActionResult>;
  cancel(needId: string, actor: Actor, reason: string): Promise<ActionResult>;
  fail(needId: string, actor: Actor, reason: string): Promise<ActionResult>;
  /** Closes a resolved need when no follow-up is required; refused while one is pending. */
  close(needId: string, actor: Actor, reason: string): Promise<ActionResult>;
  /** Does what is due at `now` (default: the clock's now): reminders, overdue marks, escalations, follow-ups. */
  tick(now?: Date, options?: TickOptions): Promise<TickResult>;
  /**
   * The KPIs of a unit's subtree over a period (`from` inclusive, `to` exclusive, ISO 8601):
   * 响应率, 及时接收率, 签收时长, 按时办结率, 解决率, 回退率, 重办率, 满意率, escalations, load per
   * worker. Definitions: docs/kpis.md.
   */
  kpis(query: { unit?: string; from: string; to: string }): Promise<Kpis>;
  /** 未诉先办: creates the visits of the district's visit plans for a period (`from` inclusive, `to` exclusive). */
  planVisits(from: string, to: string): Promise<PlanVisitsResult>;
  /** Calls `tick` every `intervalMs` until the returned function is called. */
  startScheduler(intervalMs?: number, options?: TickOptions): () => void;
}

/**
 * Creates the engine from a district, its rule sets, a store and a clock. Everything it is given
 * is checked; bad rule sets throw a {@link LianxinError} `rules.invalid` listing every issue.
 */
export function createLianxin(options: LianxinOptions): Lianxin {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success)
    throw new LianxinError("options.invalid", "createLianxin: invalid options", {
      issues: fromZodIssues(parsed.error.issues),
    });
  const { district } = options;
  const ruleSets: RuleSet[] = [];
  const issues: Issue[] = [];
  (options.ruleSets ?? []).forEach((raw, i) => {
    const r = validateRuleSet(raw, { district, file: `ruleSets[${i}]` });
    if (r.ok) ruleSets.push(r.ruleSet);
    else issues.push(...r.issues);
  });
  if (issues.length > 0)
    throw new LianxinError("rules.invalid", `${issues.length} problem(s) in the rule sets`, { issues });
  const calendars = new Map(district.policies.calendars.map((c) => [c.id, new WorkingCalendar(c)]));
  const calendar = calendars.get(district.manifest.calendar) ?? [...calendars.values()][0]!;
  const store = options.store ?? memoryStore();
  const timings: StageTimings = { validation: 0, geo: 0, rules: 0, matching: 0, store: 0 };
  const ctx: EngineContext = {
    district,
    pipeline: new RulePipeline(ruleSets),
    matcher: new ResourceMatcher(district, calendar),
    calendar,
    calendarFor: (id) => calendars.get(id) ?? calendar,
    store,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLogger,
    ids: options.ids ?? randomUUID,
    resident: options.residents ?? ((id) => district.residents.get(id)),
    timings,
  };

  const lifecycle = new Lifecycle(ctx, {
    followUpRequired: options.followUp?.required ?? true,
    followUpAttempts: options.followUp?.attempts ?? 3,
  });
  const validate = (input: NeedInput) => {
    const t0 = performance.now();
    const r = NeedInputSchema.safeParse(input, { reportInput: true });
    timings.validation += performance.now() - t0;
    if (!r.success)
      throw new LianxinError("need.invalid", "the need is invalid", {
        issues: fromZodIssues(r.error.issues),
      });
    const need = r.data;
    if (need.serviceCode !== undefined && !district.services.has(need.serviceCode))
      throw new LianxinError("need.invalid", "the need names an unknown service item", {
        issues: [
          issue(
            "need.unknown_service",
            "/serviceCode",
            `服务事项 ${need.serviceCode} 不在服务清单中`,
            `service item ${need.serviceCode} is not in the services list`,
          ),
        ],
      });
    return need;
  };
  const scopeOf = (unit: string | undefined) =>
    unit === undefined
      ? undefined
      : district.hierarchy
          .path(unit)
          .map((u) => u.code)
          .join("/") || `unknown:${unit}`;

  return {
    district,
    store,
    clock: ctx.clock,
    async submit(input) {
      const need = validate(input);
      if (need.externalId !== undefined) {
        const existing = await store.findNeedByExternalId(need.source, need.externalId);
        if (existing)
          return {
            need: existing,
            workOrders: (await store.listWorkOrders({ need: existing.id, limit: 1_000 })).items,
            created: false,
          };
      }
      const decision = await decideNeed(ctx, need, ctx.ids(), ctx.clock.now());
      const result = await commitDecision(ctx, decision);
      ctx.logger.info("need submitted", {
        need: result.need.id,
        status: result.need.status,
        unit: result.need.unit,
        created: result.created,
      });
      return result;
    },
    submitMany(inputs) {
      return submitBatch(ctx, inputs.map(validate));
    },
    explain(needId) {
      return explainNeed(ctx, needId);
    },
    getNeed: (id) => store.getNeed(id),
    listNeeds: (f = {}) =>
      store.listNeeds({
        ...pageOf(f),
        ...(f.status ? { status: f.status } : {}),
        ...(f.subject !== undefined ? { subject: f.subject } : {}),
        ...(f.unit !== undefined ? { scope: scopeOf(f.unit)! } : {}),
      }),
    getWorkOrder: (id) => store.getWorkOrder(id),
    listWorkOrders: (f = {}) =>
      store.listWorkOrders({
        ...pageOf(f),
        ...(f.need !== undefined ? { need: f.need } : {}),
        ...(f.status ? { status: f.status } : {}),
        ...(f.assignee ? { assignee: f.assignee } : {}),
        ...(f.unit !== undefined ? { scope: scopeOf(f.unit)! } : {}),
      }),
    events: (needId) => all((cursor) => store.listEvents({ need: needId, limit: 1_000, cursor })),
    timings: () => ({ ...timings }),
    accept: (id, actor) => lifecycle.workOrder("accept", id, actor),
    returnWorkOrder: (id, actor, reason) => lifecycle.workOrder("return", id, actor, { reason }),
    start: (id, actor) => lifecycle.workOrder("start", id, actor),
    hold: (id, actor, reason) => lifecycle.workOrder("hold", id, actor, { reason }),
    resume: (id, actor) => lifecycle.workOrder("resume", id, actor),
    resolve: (id, actor, result) => lifecycle.workOrder("resolve", id, actor, { result }),
    requestExtension: (id, actor, request) => lifecycle.requestExtension(id, actor, request),
    decideExtension: (id, actor, approve) => lifecycle.decideExtension(id, actor, approve),
    escalate: (id, actor, details) => lifecycle.escalate(id, actor, details),
    followUp: (id, actor, found) => lifecycle.followUp(id, actor, found),
    cancel: (id, actor, reason) => lifecycle.end(id, actor, "cancelled", reason),
    fail: (id, actor, reason) => lifecycle.end(id, actor, "failed", reason),
    close: (id, actor, reason) => lifecycle.end(id, actor, "closed", reason),
    tick: (now, o) => tick(ctx, lifecycle, now ?? ctx.clock.now(), o),
    planVisits: (from, to) => planVisits(ctx, from, to),
    async kpis(q) {
      const scope = q.unit === undefined ? undefined : scopeOf(q.unit);
      const needs = await all((cursor) =>
        store.listNeeds({ ...(scope ? { scope } : {}), limit: 1_000, cursor }),
      );
      const inScope = await all((cursor) =>
        store.listWorkOrders({ ...(scope ? { scope } : {}), limit: 1_000, cursor }),
      );
      const orders = new Map(inScope.map((o) => [o.id, o]));
      const events: Event[] = [];
      for (const n of needs) {
        // The lead orders of the subtree's needs count even when they sit outside it (a department).
        for (const o of await all((cursor) => store.listWorkOrders({ need: n.id, limit: 1_000, cursor })))
          orders.set(o.id, o);
        events.push(...(await all((cursor) => store.listEvents({ need: n.id, limit: 1_000, cursor }))));
      }
      return computeKpis({
        needs,
        workOrders: [...orders.values()],
        events,
        period: { from: q.from, to: q.to },
        ...(scope ? { scope } : {}),
      });
    },
    startScheduler(intervalMs = 60_000, o) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        tick(ctx, lifecycle, ctx.clock.now(), o)
          .catch((e: unknown) => ctx.logger.error("tick failed", { error: (e as Error).message }))
          .finally(() => {
            running = false;
          });
      }, intervalMs);
      timer.unref?.();
      return () => clearInterval(timer);
    },
  };
}

/** Every item of a paged listing. */
async function all<T>(list: (cursor: string | null) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await list(cursor);
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

function pageOf(f: PageRequest): PageRequest {
  return {
    ...(f.limit !== undefined ? { limit: f.limit } : {}),
    ...(f.cursor !== undefined ? { cursor: f.cursor } : {}),
  };
}
