import {
  type Actor,
  createLianxin,
  createNotifier,
  type Event,
  type Lianxin,
  LianxinError,
  ManualClock,
  memoryStore,
  type Notifier,
  type Page,
  type StoredNeed,
  type StoredWorkOrder,
  TERMINAL_NEED,
  type Urgency,
  WorkingCalendar,
} from "@lianxin/core";
import { ActionQueue } from "./action-queue.js";
import { DayTable } from "./day-table.js";
import { type Arrival, DemandGenerator } from "./demand.js";
import { DEMAND_CATEGORIES } from "./demand-categories.js";
import { compareEvents, EventDigest } from "./event-digest.js";
import { defaultKpiUnits, kpiRows } from "./kpi-rows.js";
import { observedStore } from "./observed-store.js";
import { Population } from "./population.js";
import { hashFloat, Random } from "./random.js";
import type {
  BehaviourModel,
  DayStats,
  DemandModel,
  Scenario,
  SimulateOptions,
  SimulationResult,
  UnitKpis,
} from "./types.js";
import { validateOptions } from "./validate-options.js";
import { WorkServers } from "./work-servers.js";

/** The defaults of {@link DemandModel}. */
export const DEFAULT_DEMAND: DemandModel = { needsPerDay: 100, burstChancePerDay: 0.04 };
/** The defaults of {@link BehaviourModel}. */
export const DEFAULT_BEHAVIOUR: BehaviourModel = {
  acceptMedianMinutes: 45,
  returnChance: 0.04,
  dailyCapacity: 6,
  sickChance: 0.03,
  reachChance: 0.9,
  satisfiedOnTime: 0.85,
  satisfiedLate: 0.45,
};
/** The first day when none is given. */
export const DEFAULT_START = "2026-12-07";

const TICK_MS = 30 * 60_000;
const HOUR_MS = 3_600_000;
const MINUTE = 60_000;
const TERMINAL = new Set<string>(TERMINAL_NEED);

type Action =
  | { kind: "day"; day: number }
  | { kind: "tick" }
  | { kind: "drain" }
  | { kind: "arrive"; arrival: Arrival }
  | { kind: "decide"; order: string }
  | { kind: "resolve"; order: string }
  | { kind: "reassign"; order: string }
  | { kind: "follow-up"; need: string };

interface OrderState {
  need: string;
  assignee: StoredWorkOrder["assignee"];
  role: "lead" | "assist";
  phase: "dispatched" | "accepted";
}

interface NeedState {
  status: string;
  urgency: Urgency | undefined;
  unit: string | undefined;
  onTime: boolean;
}

const RETURN_REASONS = [
  "不在本网格服务范围 / not in my grid's area",
  "缺少所需资质 / lacks the skills needed",
  "当前任务已满 / already fully booked",
  "联系不上居民，信息有误 / resident details wrong, cannot reach",
] as const;
const RESULTS = [
  "已上门办理完毕 / done on a home visit",
  "已代办并送达 / done and delivered",
  "已协调相关单位解决 / solved with the departments concerned",
  "已电话答复并办结 / answered by phone and closed",
] as const;

/**
 * Simulates a district for `days` days through the public engine API: residents, needs arriving
 * with daily, weekly and seasonal rhythms and bursts, workers who accept, return and resolve
 * within their capacity, follow-up calls, scenarios. Deterministic: the same options give the
 * same result, byte for byte, except `wallMs`.
 *
 * @throws LianxinError `simulation.invalid_options` (with the fields) for bad options, and
 * `rules.invalid` for rule sets that do not validate against the district.
 */
export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const wall0 = performance.now();
  validateOptions(options);
  const { district } = options;
  const seed = options.seed ?? 1;
  const days = options.days;
  const start = options.start ?? DEFAULT_START;
  const demand: DemandModel = { ...DEFAULT_DEMAND, ...options.demand };
  const behaviour: BehaviourModel = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };
  const period = options.period ?? "week";
  const kpiUnits = options.kpiUnits ?? defaultKpiUnits(district);
  const keepLog = options.eventLog ?? true;
  const collect = kpiUnits.length > 0;
  const calendarSpec =
    district.policies.calendars.find((c) => c.id === district.manifest.calendar) ??
    district.policies.calendars[0];
  if (!calendarSpec)
    throw new LianxinError("simulation.invalid_options", "simulate: the district has no working calendar");
  const calendar = new WorkingCalendar(calendarSpec);
  const table = new DayTable(calendar, start);
  const startMs = table.start(0);
  const endMs = table.start(days);
  const scenarios = resolveScenarios(options.scenarios ?? [], days);

  const population = new Population(district, options.residents ?? 40 * district.grids.size, seed, start);
  const generator = new DemandGenerator(population, calendar, demand, seed);
  const servers = new WorkServers(district, table, behaviour, seed);
  const clock = new ManualClock(startMs);
  let idCounter = 0;
  const ids = () => `s${seed}-${(idCounter++).toString(36).padStart(7, "0")}`;

  // Streams: each part draws from its own, so scenarios do not reshuffle unrelated draws.
  const behaviourRnd = new Random(seed, "behaviour");
  const followRnd = new Random(seed, "follow-up");

  // What the run observes from the store.
  const queue = new ActionQueue<Action>();
  const orders = new Map<string, OrderState>();
  const needs = new Map<string, NeedState>();
  const byStatus: Record<string, number> = {};
  const actions: Record<string, number> = {};
  const timers: Record<string, number> = { remind: 0, overdue: 0, escalate: 0, "follow-up": 0 };
  const daily: DayStats[] = [];
  let needCount = 0;
  let orderCount = 0;
  const kpiNeeds = new Map<string, StoredNeed>();
  const kpiOrders = new Map<string, StoredWorkOrder>();
  const kpiEvents: Event[] = [];
  const digest = new EventDigest();
  const now = () => clock.now().getTime();
  const dayStatsAt = (t: number): DayStats | undefined => daily[table.dayOf(t)];

  const onFlush = (sorted: readonly Event[]) => {
    if (collect) for (const e of sorted) kpiEvents.push(e);
  };
  const observer = {
    needInserted(n: StoredNeed) {
      needCount++;
      byStatus[n.status] = (byStatus[n.status] ?? 0) + 1;
      if (!TERMINAL.has(n.status))
        needs.set(n.id, { status: n.status, urgency: n.urgency, unit: n.unit, onTime: true });
      if (collect) kpiNeeds.set(n.id, n);
    },
    needUpdated(n: StoredNeed) {
      const st = needs.get(n.id);
      if (st) {
        byStatus[st.status] = (byStatus[st.status] ?? 1) - 1;
        byStatus[n.status] = (byStatus[n.status] ?? 0) + 1;
        st.status = n.status;
        if (TERMINAL.has(n.status)) needs.delete(n.id);
      }
      if (collect) kpiNeeds.set(n.id, n);
    },
    orderInserted(o: StoredWorkOrder) {
      orderCount++;
      if (collect) kpiOrders.set(o.id, o);
      if (o.status !== "dispatched") return;
      orders.set(o.id, { need: o.need, assignee: o.assignee, role: o.role, phase: "dispatched" });
      scheduleDecide(o.id, now());
    },
    orderUpdated(o: StoredWorkOrder) {
      if (collect) kpiOrders.set(o.id, o);
      if (
        o.status === "cancelled" ||
        o.status === "failed" ||
        o.status === "resolved" ||
        o.status === "returned"
      )
        orders.delete(o.id);
    },
    eventsAppended(events: readonly Event[]) {
      digest.add(events, onFlush);
      for (const e of events) {
        if (e.type === "escalated") {
          const level = e.data?.level;
          const stats = dayStatsAt(Date.parse(e.at));
          if (stats && (level === 1 || level === 2 || level === 3 || level === 4)) stats.escalations[level]++;
          const st = e.workOrder !== undefined ? orders.get(e.workOrder) : undefined;
          // The community notices an assignee who is gone and hands the order on.
          if (st && servers.isGone(servers.get(st.assignee), table.dayOf(now())))
            queue.push(now() + 30 * MINUTE, { kind: "reassign", order: e.workOrder! });
        } else if (e.type === "follow-up-due" && e.need !== undefined) scheduleFollowUp(e.need);
        else if (e.type === "resolved" && e.workOrder === undefined && e.need !== undefined) {
          const st = needs.get(e.need);
          if (st) st.onTime = e.data?.onTime !== false;
        }
      }
    },
  };

  const baseStore = options.store ?? memoryStore();
  const store = observedStore(baseStore, observer);
  const makeEngine = (ruleSets: readonly unknown[]): Lianxin =>
    createLianxin({ district, ruleSets, store, clock, ids, residents: population.lookup });
  let engine = makeEngine(options.ruleSets);
  const switches = new Map<number, Lianxin>();
  for (const s of scenarios) if (s.kind === "rule-switch") switches.set(s.startDay!, makeEngine(s.ruleSets));
  const notifier: Notifier | undefined =
    options.channels && options.channels.length > 0
      ? createNotifier({ store: baseStore, channels: options.channels, clock, services: district.services })
      : undefined;

  // Staff loss: a share of a street's grid workers gone from the scenario's first day.
  for (const s of scenarios) {
    if (s.kind !== "staff-loss") continue;
    const street = s.street ?? busiestStreet(district, population);
    if (street === undefined) continue;
    const workers = [...district.resources.values()]
      .filter((r) => r.kind === "grid-worker" && district.hierarchy.isWithin(r.home, street))
      .sort(
        (a, b) =>
          hashFloat(seed, "staff-loss", a.id) - hashFloat(seed, "staff-loss", b.id) || (a.id < b.id ? -1 : 1),
      );
    const n = Math.round(workers.length * (s.fraction ?? 1 / 3));
    for (const r of workers.slice(0, n))
      servers.gone.set(r.id, Math.min(servers.gone.get(r.id) ?? Infinity, s.startDay!));
  }
  for (const s of scenarios)
    if (s.kind === "holiday")
      for (let d = s.startDay!; d < s.startDay! + (s.days ?? 7); d++) servers.holidays.add(d);

  const count = (name: string) => {
    actions[name] = (actions[name] ?? 0) + 1;
  };
  /** Runs an engine call; a refusal (the state moved on meanwhile) is counted and skipped. */
  const act = async (name: string, call: () => Promise<unknown>): Promise<boolean> => {
    try {
      await call();
      count(name);
      return true;
    } catch (e) {
      if (!(e instanceof LianxinError)) throw e;
      count(`${name}.refused`);
      return false;
    }
  };
  const actorOf = (a: StoredWorkOrder["assignee"]): Actor =>
    a.type === "resource" ? { type: "resource", id: a.id } : { type: "unit", id: a.id };
  const isEmergency = (st: OrderState) => needs.get(st.need)?.urgency === "emergency";

  function scheduleDecide(orderId: string, t: number): void {
    const st = orders.get(orderId)!;
    const server = servers.get(st.assignee);
    if (isEmergency(st)) {
      if (!servers.isGone(server, table.dayOf(t)))
        queue.push(t + Math.round(behaviourRnd.lognormal(8, 0.5) * MINUTE), {
          kind: "decide",
          order: orderId,
        });
      return;
    }
    const delay = behaviourRnd.lognormal(behaviour.acceptMedianMinutes, 0.8) * MINUTE;
    const at = servers.addWorking(server, t, Math.round(delay));
    if (at !== undefined) queue.push(at, { kind: "decide", order: orderId });
  }

  function scheduleFollowUp(needId: string): void {
    const st = needs.get(needId);
    const unit = st?.unit;
    const community = unit ? (district.hierarchy.ancestorAt(unit, "community")?.code ?? unit) : undefined;
    const server = servers.get({
      type: "unit",
      id: community ?? district.hierarchy.roots[0]?.code ?? "root",
    });
    const at = servers.addWorking(server, now(), Math.round(followRnd.lognormal(90, 0.7) * MINUTE));
    if (at !== undefined) queue.push(at, { kind: "follow-up", need: needId });
  }

  async function decide(orderId: string): Promise<void> {
    const st = orders.get(orderId);
    if (st?.phase !== "dispatched") return;
    const server = servers.get(st.assignee);
    const d = table.dayOf(now());
    const emergency = isEmergency(st);
    if (servers.isGone(server, d)) return;
    if (!emergency && !servers.present(server, d)) {
      const at = servers.addWorking(server, now(), Math.round(behaviourRnd.lognormal(30, 0.6) * MINUTE));
      if (at !== undefined) queue.push(at, { kind: "decide", order: orderId });
      return;
    }
    const actor = actorOf(st.assignee);
    if (server.resource && !emergency && behaviourRnd.bernoulli(behaviour.returnChance)) {
      const reason = behaviourRnd.pick(RETURN_REASONS);
      await act("return", () => engine.returnWorkOrder(orderId, actor, reason));
      return;
    }
    if (!(await act("accept", () => engine.accept(orderId, actor)))) return;
    const current = orders.get(orderId);
    if (!current) return;
    current.phase = "accepted";
    const done = emergency
      ? now() + Math.round(behaviourRnd.lognormal(70, 0.45) * MINUTE)
      : servers.book(server, now());
    if (done !== undefined) queue.push(done, { kind: "resolve", order: orderId });
  }

  async function resolve(orderId: string): Promise<void> {
    const st = orders.get(orderId);
    if (st?.phase !== "accepted") return;
    const result = behaviourRnd.pick(RESULTS);
    await act("resolve", () => engine.resolve(orderId, actorOf(st.assignee), result));
  }

  async function reassign(orderId: string): Promise<void> {
    if (!orders.has(orderId)) return;
    await act("reassign", () =>
      engine.returnWorkOrder(
        orderId,
        { type: "system", id: "supervisor" },
        "承办人已离岗，由社区改派 / the assignee has left: reassigned by the community",
      ),
    );
  }

  async function followUp(needId: string): Promise<void> {
    const st = needs.get(needId);
    if (!st || (st.status !== "resolved" && st.status !== "follow-up")) return;
    const community = st.unit
      ? (district.hierarchy.ancestorAt(st.unit, "community")?.code ?? st.unit)
      : undefined;
    const actor: Actor = community ? { type: "unit", id: community } : { type: "system", id: "follow-up" };
    const reached = followRnd.bernoulli(behaviour.reachChance);
    if (!reached) {
      await act("followUp", () => engine.followUp(needId, actor, { reached: false }));
      return;
    }
    const p = st.onTime ? behaviour.satisfiedOnTime : behaviour.satisfiedLate;
    const r = followRnd.next();
    const rest = 1 - p;
    const satisfaction = r < p ? "satisfied" : r < p + rest * 0.6 ? "basically-satisfied" : "unsatisfied";
    await act("followUp", () =>
      engine.followUp(needId, actor, {
        reached: true,
        resolved: satisfaction !== "unsatisfied",
        satisfaction,
      }),
    );
  }

  async function startDay(d: number): Promise<void> {
    const date = table.date(d);
    const next = switches.get(d);
    if (next) engine = next;
    const stats: DayStats = {
      date,
      byCategory: Object.fromEntries(DEMAND_CATEGORIES.map((c) => [c.id, 0])),
      escalations: { 1: 0, 2: 0, 3: 0, 4: 0 },
      workersAbsent: 0,
    };
    daily[d] = stats;
    const working = table.window(d) !== null;
    for (const r of district.resources.values()) {
      if (
        r.kind !== "grid-worker" &&
        r.kind !== "cadre" &&
        r.kind !== "party-member" &&
        r.kind !== "volunteer"
      )
        continue;
      const s = servers.get({ type: "resource", id: r.id });
      if (servers.isGone(s, d) || (working && !servers.present(s, d))) stats.workersAbsent++;
    }
    let surge: { categories: ReadonlySet<string>; multiplier: number; unit?: string } | undefined;
    let holiday = false;
    let surgeRnd: Random | undefined;
    scenarios.forEach((s, i) => {
      if (s.kind === "cold-wave" && d >= s.startDay! && d < s.startDay! + (s.days ?? 7)) {
        surge = {
          categories: new Set(s.categories ?? ["heating", "medicine"]),
          multiplier: s.multiplier ?? 3,
          ...(s.unit !== undefined ? { unit: s.unit } : {}),
        };
        surgeRnd = new Random(seed, `scenario-${i}-${s.kind}-day-${d}`);
      }
      if (s.kind === "holiday" && d >= s.startDay! && d < s.startDay! + (s.days ?? 7)) holiday = true;
    });
    // Each day draws from streams of its own; the categories a cold wave strikes from the wave's.
    const arrivals = generator.day(
      date,
      table.start(d),
      { ...(surge ? { surge } : {}), holiday },
      new Random(seed, `demand-day-${d}`),
      surgeRnd ?? new Random(seed, `demand-day-${d}`),
      new Random(seed, `bursts-day-${d}`),
    );
    for (const a of arrivals) {
      stats.byCategory[a.category] = (stats.byCategory[a.category] ?? 0) + 1;
      queue.push(a.at, { kind: "arrive", arrival: a });
    }
  }

  for (let d = 0; d < days; d++) queue.push(table.start(d), { kind: "day", day: d });
  for (let t = startMs; t < endMs; t += TICK_MS) queue.push(t, { kind: "tick" });
  if (notifier) for (let t = startMs + HOUR_MS; t <= endMs; t += HOUR_MS) queue.push(t, { kind: "drain" });

  let lastDay = -1;
  for (;;) {
    const next = queue.peekAt();
    if (next === undefined || next >= endMs) break;
    const item = queue.pop()!;
    if (item.at > now()) clock.set(item.at);
    const a = item.value;
    switch (a.kind) {
      case "day":
        if (lastDay >= 0) options.onProgress?.({ day: lastDay + 1, days, needs: needCount });
        lastDay = a.day;
        await startDay(a.day);
        break;
      case "tick": {
        const r = await engine.tick(clock.now());
        for (const [k, v] of Object.entries(r.fired)) timers[k] = (timers[k] ?? 0) + v;
        break;
      }
      case "drain":
        await notifier!.drain(clock.now());
        break;
      case "arrive":
        await act("submit", () => engine.submit(a.arrival.input));
        break;
      case "decide":
        await decide(a.order);
        break;
      case "resolve":
        await resolve(a.order);
        break;
      case "reassign":
        await reassign(a.order);
        break;
      case "follow-up":
        await followUp(a.need);
        break;
    }
  }
  if (now() < endMs - 1) clock.set(endMs - 1);
  options.onProgress?.({ day: days, days, needs: needCount });
  digest.flush(onFlush);

  const rows: UnitKpis[] = collect
    ? kpiRows({
        district,
        calendar,
        units: kpiUnits,
        start,
        days,
        period,
        needs: [...kpiNeeds.values()],
        workOrders: [...kpiOrders.values()],
        events: kpiEvents,
      })
    : [];
  const eventLog = keepLog ? await readEventLog(baseStore) : [];
  for (const k of Object.keys(byStatus)) if (byStatus[k] === 0) delete byStatus[k];
  return {
    seed,
    start,
    days,
    end: calendar.formatLocal(new Date(endMs)),
    district: { id: district.manifest.id, name: district.manifest.name },
    scenarios,
    categories: DEMAND_CATEGORIES.map((c) => ({ id: c.id, name: c.name })),
    counts: {
      needs: needCount,
      byStatus: sortKeys(byStatus),
      workOrders: orderCount,
      actions: sortKeys(actions),
      timers: sortKeys(timers),
      events: digest.count,
    },
    daily,
    kpis: rows,
    eventLog,
    digest: digest.finish(rows),
    wallMs: performance.now() - wall0,
  };
}

/** The scenarios with their defaults filled in (start day, duration). */
function resolveScenarios(scenarios: readonly Scenario[], days: number): Scenario[] {
  return scenarios.map((s) => ({ ...s, startDay: s.startDay ?? Math.floor(days / 3) }));
}

/** The street with the most residents (so, needs) per grid worker. */
function busiestStreet(district: SimulateOptions["district"], population: Population): string | undefined {
  let best: string | undefined;
  let bestLoad = -1;
  for (const street of district.hierarchy.atLevel("street")) {
    const [lo, hi] = population.range(street.code);
    const workers = [...district.resources.values()].filter(
      (r) => r.kind === "grid-worker" && district.hierarchy.isWithin(r.home, street.code),
    ).length;
    if (workers === 0) continue;
    const load = (hi - lo) / workers;
    if (load > bestLoad) [best, bestLoad] = [street.code, load];
  }
  return best;
}

/** The whole audit trail, read from the store a page at a time, ordered by time then id. */
async function readEventLog(store: SimulateOptions["store"] & object): Promise<Event[]> {
  const out: Event[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Event> = await store.listEvents({ limit: 1_000, cursor });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out.sort(compareEvents);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]!]),
  );
}
