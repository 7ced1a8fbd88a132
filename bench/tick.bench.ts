/**
 * The scheduler: one `engine.tick(now)` over many open work orders on Tongchuan, and how its time
 * grows with the number of open orders. Prints one JSON line on stdout; notes go to stderr. Exits
 * 1 when a tick fires another number of timers than were due, when a second tick at the same
 * moment fires anything, or when the fired timers wrote fewer events than they fired.
 *
 *   pnpm bench:tick [--sizes <n,n,...>] (default 10000,30000,100000) [--fixed-due <n>] (default 1000)
 *                   [--runs <n>] (default 7, at least 3) [--seed <n>]
 *
 * Submitting 100,000 needs through the engine would take minutes, so for each size the open work
 * orders (one lead order per dispatched need) are written straight into a fresh memory store in
 * the engine's shape: the need, the work order, and the timers `workOrderTimers` gives it — the
 * reminders its deadline policy asks for, the overdue mark, each step of its escalation ladder
 * (`urgent` for emergencies and urgent needs). An engine (`createLianxin`) over that store then
 * ticks, and the ticks read and update those rows and write events and outbox messages.
 *
 * Every timer is due at a random moment of the 30 days after the start (Monday 12 October 2026,
 * 09:00), independently of the others, so that any stretch of time holds the same mix of kinds
 * at every size. (The engine's own due dates would not: a working-day deadline ends at the close
 * of a working day, so a third of the timers fall on a few 17:30 instants, and a window of 1,000
 * timers would hold other kinds at 10,000 orders than at 100,000.) An order's due time is the
 * moment of its overdue timer.
 *
 * Each timed tick takes the next window of pending timers in due order: a tick at the moment the
 * k-th next timer is due fires exactly those k, and a second tick at that moment must fire none.
 * Per size: three untimed windows warm up, then `runs` pairs of windows, one with `--fixed-due`
 * timers (the same at every size) and one with 1 % of the size, in alternating order.
 */
import { readdirSync, readFileSync } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadDistrict } from "../packages/core/src/district/load-district.js";
import { createLianxin, type Lianxin } from "../packages/core/src/engine/create-lianxin.js";
import type { EngineContext } from "../packages/core/src/engine/engine-context.js";
import type { TickResult } from "../packages/core/src/engine/tick.js";
import { workOrderTimers } from "../packages/core/src/engine/work-timers.js";
import { memoryStore } from "../packages/core/src/memory/memory-store.js";
import type { NeedSource, Urgency } from "../packages/core/src/model/need.js";
import type { WorkOrder } from "../packages/core/src/model/work-order.js";
import type { Store, StoredNeed, StoredWorkOrder } from "../packages/core/src/ports/store.js";
import type { Timer } from "../packages/core/src/ports/timer.js";
import { ManualClock } from "../packages/core/src/time/clock.js";
import { WorkingCalendar } from "../packages/core/src/time/work-calendar.js";
import { fail, median, note, positiveInteger, prng, round } from "./bench-kit.js";

const BENCH = "tick";
const dir = fileURLToPath(new URL("../examples/tongchuan/", import.meta.url));
const START = "2026-10-12T09:00:00+08:00";
const DAY = 86_400_000;
/** Timers are due over this many days after the start. */
const SPREAD_DAYS = 30;
/** Orders were dispatched over this many days before the start. */
const DISPATCH_DAYS = 15;
/** The proportional tick fires this share of the open orders' count. */
const PROPORTIONAL = 0.01;
/** Untimed windows (of the fixed size) per store before the timed ones. */
const WARM_UP = 3;
/** Orders written per seeding transaction. */
const CHUNK = 2_000;

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,30000,100000" },
    "fixed-due": { type: "string", default: "1000" },
    runs: { type: "string", default: "7" },
    seed: { type: "string", default: "20260915" },
  },
});
const sizes = values.sizes.split(",").map((s) => positiveInteger(BENCH, s.trim(), "--sizes"));
if (sizes.some((n, i) => i > 0 && n <= sizes[i - 1]!)) fail(BENCH, "--sizes must be increasing");
const fixedDue = positiveInteger(BENCH, values["fixed-due"], "--fixed-due");
const runs = Math.max(3, positiveInteger(BENCH, values.runs, "--runs"));
const seed = positiveInteger(BENCH, values.seed, "--seed");

// ---------------------------------------------------------------------------------------------
// The district.

const wallStart = performance.now();
const district = await loadDistrict(dir, { geometry: false });
const ruleSets = readdirSync(`${dir}rules`)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => readFileSync(`${dir}rules/${f}`, "utf8"));
const calendars = new Map(district.policies.calendars.map((c) => [c.id, new WorkingCalendar(c)]));
const calendar = calendars.get(district.manifest.calendar) ?? [...calendars.values()][0]!;
const grids = [...district.grids.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
const services = [...district.services.keys()].sort();
const scopes = new Map(
  grids.map((g) => [
    g.code,
    district.hierarchy
      .path(g.code)
      .map((u) => u.code)
      .join("/"),
  ]),
);
/** Deadline policies with how many reminders each sets (undefined: the service item's promise, none). */
const policies: { id: string | undefined; reminders: number }[] = [
  ...district.policies.deadlines.map((p) => ({ id: p.id, reminders: p.remindBefore?.length ?? 0 })),
  { id: undefined, reminders: 0 },
];
const urgencyOf = (policy: string | undefined): Urgency =>
  policy?.startsWith("emergency") ? "emergency" : policy?.endsWith("-24h") ? "urgent" : "normal";
const SOURCES: NeedSource[] = ["home-visit", "hotline-12345", "app", "walk-in", "proactive"];
const start = new Date(START);

const local = (ms: number) => calendar.formatLocal(new Date(ms));
note(
  BENCH,
  `Tongchuan: ${grids.length} grids, ${services.length} service items, ${policies.length} deadline choices`,
);

// ---------------------------------------------------------------------------------------------
// The open work orders, in the engine's shape.

/**
 * The timers `workOrderTimers` gives an order of this urgency with this many reminders (ids, due
 * times and the order are filled in per order). workOrderTimers reads only the district, the
 * calendars and the ids of the engine's context.
 */
const templates = new Map<string, Timer[]>();
function template(urgency: Urgency, reminders: number): Timer[] {
  const key = `${urgency}:${reminders}`;
  let t = templates.get(key);
  if (t === undefined) {
    const shape = {
      district,
      calendar,
      calendarFor: (id: string) => calendars.get(id) ?? calendar,
      ids: () => "template",
    } as EngineContext;
    const order = { id: "template", need: "template", dueAt: START, scope: "" };
    t = workOrderTimers(
      shape,
      order,
      urgency,
      Array.from({ length: reminders }, () => start),
    );
    templates.set(key, t);
  }
  return t;
}

interface Row {
  need: StoredNeed;
  order: StoredWorkOrder;
  timers: Timer[];
}

/**
 * `count` open work orders with their needs and pending timers, drawn independently (the same
 * seed, so a smaller size gets the first orders of a larger one).
 */
function shapeRows(count: number): Row[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const dueMs = () => start.getTime() + 1 + Math.floor(random() * (SPREAD_DAYS * DAY - 1));
  let t = 0;
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const grid = pick(grids);
    const scope = scopes.get(grid.code)!;
    const service = pick(services);
    const policy = pick(policies);
    const urgency = urgencyOf(policy.id);
    const at = local(start.getTime() - 1 - Math.floor(random() * DISPATCH_DAYS * DAY));
    const staff = grid.staff.find((s) => s.role === "leader") ?? grid.staff[0];
    const assignee: WorkOrder["assignee"] = staff
      ? { type: "resource", id: staff.resource }
      : { type: "unit", id: grid.code };
    const needId = `n${i.toString(36)}`;
    const orderId = `o${i.toString(36)}`;
    const timers = template(urgency, policy.reminders).map(
      (x): Timer => ({
        ...x,
        id: `t${(++t).toString(36)}`,
        need: needId,
        workOrder: orderId,
        scope,
        dueAt: local(dueMs()),
      }),
    );
    const dueAt = timers.find((x) => x.kind === "overdue")!.dueAt;
    const need: StoredNeed = {
      id: needId,
      source: pick(SOURCES),
      externalId: `bench-tick-${i}`,
      description: "请帮忙处理",
      attributes: {},
      tags: [],
      receivedAt: at,
      status: "dispatched",
      urgency,
      unit: grid.code,
      serviceCodes: [service],
      dueAt,
      createdAt: at,
      updatedAt: at,
      reopened: 0,
      scope,
      version: 1,
    };
    const order: StoredWorkOrder = {
      id: orderId,
      need: needId,
      assignee,
      role: "lead",
      unit: grid.code,
      serviceCode: service,
      status: "dispatched",
      dispatchedAt: at,
      dueAt,
      returns: [],
      escalationLevel: 0,
      overdue: false,
      scope,
      version: 1,
    };
    rows.push({ need, order, timers });
  }
  return rows;
}

/**
 * A fresh memory store with `size` open work orders, and the pending timers' due instants (epoch
 * ms), ascending. Only the store keeps the rows, so a size's ticks run on a heap of its own size.
 */
async function seedStore(
  size: number,
): Promise<{ store: Store; dues: Float64Array; shapeMs: number; insertMs: number }> {
  const s0 = performance.now();
  const rows = shapeRows(size);
  const shapeMs = performance.now() - s0;
  const dues = Float64Array.from(rows.flatMap((r) => r.timers.map((x) => Date.parse(x.dueAt)))).sort();
  const t0 = performance.now();
  const store = memoryStore();
  for (let from = 0; from < rows.length; from += CHUNK) {
    await store.transaction(async (tx) => {
      for (const r of rows.slice(from, from + CHUNK)) {
        await tx.insertNeed(r.need);
        await tx.insertWorkOrder(r.order);
        await tx.addTimers(r.timers);
      }
    });
  }
  return { store, dues, shapeMs, insertMs: performance.now() - t0 };
}

// ---------------------------------------------------------------------------------------------
// Ticks.

const failures: string[] = [];
type Kinds = TickResult["fired"];
const firedCount = (r: TickResult) => Object.values(r.fired).reduce((a, b) => a + b, 0);

interface Window {
  at: Date;
  due: number;
}

/** Walks the pending timers in due order, one window at a time. */
function windows(dues: Float64Array): (count: number) => Window {
  let used = 0;
  return (count) => {
    let last = used + count - 1;
    if (last >= dues.length) fail(BENCH, `only ${dues.length} pending timers, not enough windows`);
    while (last + 1 < dues.length && dues[last + 1] === dues[last]) last++; // timers on the same instant are due too
    const w = { at: new Date(dues[last]!), due: last + 1 - used };
    used = last + 1;
    return w;
  };
}

/** Garbage collections (start, duration), to tell how much of a tick's time they took. */
const collections: { start: number; ms: number }[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) collections.push({ start: e.startTime, ms: e.duration });
});
gcObserver.observe({ entryTypes: ["gc"] });
/** Milliseconds of garbage collection that started within [from, to]; call after the entries came in. */
const gcWithin = (from: number, to: number) =>
  collections.filter((c) => c.start >= from && c.start <= to).reduce((s, c) => s + c.ms, 0);

/** Ticks at the window's moment (timed), checks the count, ticks again (must fire nothing). */
async function timedTick(
  engine: Lianxin,
  clock: ManualClock,
  w: Window,
  label: string,
): Promise<{ ms: number; fired: Kinds; span: [number, number] }> {
  clock.set(w.at);
  const t0 = performance.now();
  const first = await engine.tick(w.at);
  const t1 = performance.now();
  const ms = t1 - t0;
  if (firedCount(first) !== w.due || first.skipped !== 0)
    failures.push(`${label}: fired ${firedCount(first)} (skipped ${first.skipped}) of ${w.due} due`);
  const again = await engine.tick(w.at);
  if (firedCount(again) !== 0 || again.skipped !== 0)
    failures.push(`${label}: a second tick at the same moment fired ${firedCount(again)}`);
  return { ms, fired: first.fired, span: [t0, t1] };
}

async function countAll(list: (cursor: string | null) => Promise<{ items: unknown[]; next: string | null }>) {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page = await list(cursor);
    n += page.items.length;
    cursor = page.next;
  } while (cursor);
  return n;
}

const msFixedDue: number[] = [];
const msProportionalDue: number[] = [];
const dueProportional: number[] = [];
const gcMsFixedDue: number[] = [];
const shapeMs: number[] = [];
const insertMs: number[] = [];
const pendingTimers: number[] = [];

for (const size of sizes) {
  const seeded = await seedStore(size);
  const { store, dues } = seeded;
  shapeMs.push(seeded.shapeMs);
  insertMs.push(seeded.insertMs);
  pendingTimers.push(dues.length);
  note(
    BENCH,
    `${size} open work orders, ${dues.length} pending timers, shaped in ${round(seeded.shapeMs)} ms, written in ${round(seeded.insertMs)} ms ` +
      `(heap ${round(process.memoryUsage().heapUsed / 2 ** 20)} MiB)`,
  );
  const clock = new ManualClock(start);
  let n = 0;
  const engine = createLianxin({ district, ruleSets, store, clock, ids: () => `x${(++n).toString(36)}` });
  const next = windows(dues);
  const proportional = Math.max(1, Math.round(size * PROPORTIONAL));
  let firedTotal = 0;
  const kinds: Kinds = { remind: 0, overdue: 0, escalate: 0, "follow-up": 0 };
  const count = (fired: Kinds) => {
    for (const k of Object.keys(kinds) as (keyof Kinds)[]) kinds[k] += fired[k];
    firedTotal += firedCount({ fired, skipped: 0 });
  };
  for (let w = 0; w < WARM_UP; w++)
    count((await timedTick(engine, clock, next(fixedDue), `${size} warm-up`)).fired);
  const fixed: number[] = [];
  const fixedSpans: [number, number][] = [];
  const prop: number[] = [];
  const propDue: number[] = [];
  for (let r = 0; r < runs; r++) {
    // Alternate which tick comes first, so neither always runs on the later window.
    const order = r % 2 === 0 ? (["fixed", "proportional"] as const) : (["proportional", "fixed"] as const);
    for (const which of order) {
      const w = next(which === "fixed" ? fixedDue : proportional);
      const { ms, fired, span } = await timedTick(engine, clock, w, `${size} ${which} run ${r + 1}`);
      count(fired);
      if (which === "fixed") {
        fixed.push(ms);
        fixedSpans.push(span);
      } else {
        prop.push(ms);
        propDue.push(w.due);
      }
    }
  }
  // The ticks acted on the stored rows: every fired timer (all on open orders) wrote an event.
  const events = await countAll((cursor) => store.listEvents({ limit: 1_000, cursor }));
  const messages = await countAll((cursor) => store.listOutbox({ limit: 1_000, cursor }));
  if (events < firedTotal) failures.push(`${size}: ${firedTotal} timers fired but only ${events} events`);
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the gc entries come in
  const gcFixed = median(fixedSpans.map(([a, b]) => gcWithin(a, b)));
  gcMsFixedDue.push(gcFixed);
  note(
    BENCH,
    `${size}: tick with ${fixedDue} due ${fixed.map((x) => round(x, 1)).join(" / ")} ms (median ${round(gcFixed, 1)} ms of it garbage collection), ` +
      `with ${proportional} due ${prop.map((x) => round(x, 1)).join(" / ")} ms; ` +
      `fired ${firedTotal} (${Object.entries(kinds)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}), ${events} events, ${messages} outbox messages`,
  );
  msFixedDue.push(median(fixed));
  msProportionalDue.push(median(prop));
  dueProportional.push(median(propDue));
  await store.close();
}

const first = 0;
const last = sizes.length - 1;
const at100k = sizes.indexOf(100_000);
const growthFixedDue = msFixedDue[last]! / msFixedDue[first]!;
const growthProportional = msProportionalDue[last]! / msProportionalDue[first]!;
if (sizes.length > 1 && growthFixedDue > 3)
  note(
    BENCH,
    `a tick with ${fixedDue} due took ${round(growthFixedDue, 2)}× as long at ${sizes[last]} open orders as at ${sizes[first]}: it does not follow the number due`,
  );

process.stdout.write(
  `${JSON.stringify({
    bench: "tick",
    sizes,
    fixedDue,
    msFixedDue: msFixedDue.map((x) => round(x, 2)),
    msProportionalDue: msProportionalDue.map((x) => round(x, 2)),
    due: dueProportional,
    tick100kMs: at100k >= 0 ? round(msFixedDue[at100k]!, 2) : null,
    growthFixedDue: round(growthFixedDue, 2),
    growthProportional: round(growthProportional, 2),
    sizeGrowth: round(sizes[last]! / sizes[first]!, 2),
    usPerTimerFixedDue: msFixedDue.map((x) => round((x / fixedDue) * 1000, 1)),
    gcMsFixedDue: gcMsFixedDue.map((x) => round(x, 1)),
    pendingTimers,
    shapeMs: shapeMs.map((x) => round(x)),
    insertMs: insertMs.map((x) => round(x)),
    runs,
    seed,
    wallMs: round(performance.now() - wallStart),
  })}\n`,
);
gcObserver.disconnect();
if (failures.length > 0) {
  for (const f of failures) note(BENCH, f);
  process.exit(1);
}
