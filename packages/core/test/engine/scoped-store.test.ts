/**
 * A scoped handle for one community, driven by a property test with random queries and writes,
 * never returns or changes anything outside its subtree.
 *
 * The fixture: real needs submitted through the Tongchuan engine in several communities and
 * streets, plus rows written directly that cross the boundary (a work order of an inside need
 * assigned outside, with its timers). The same fixture is copied into a SQLite store (in memory)
 * and the same property runs over both adapters.
 */
import {
  type Event,
  LianxinError,
  memoryStore,
  NeedStatusSchema,
  type OutboxMessage,
  type Page,
  type Store,
  type StoredNeed,
  type StoredWorkOrder,
  scopedStore,
  type Timer,
  WorkOrderStatusSchema,
} from "@lianxin/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
// The SQLite adapter lives in its own package; core does not depend on it, so it is imported by path.
import { sqliteStore } from "../../../store-sqlite/src/index.js";
import { tongchuan, tongchuanEngine } from "./tongchuan-engine.js";

/**
 * Known bug (reported): `cancelTimers({ need })` through a handle cancels every pending timer of
 * the need, also those of its work orders outside the handle's subtree (a department's assist
 * order). The property leaves that one case out while this is true; flip it when fixed.
 */
const CANCEL_BY_NEED_LEAKS = false;

const within = (scope: string, root: string) => scope === root || scope.startsWith(`${root}/`);

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

interface Snapshot {
  needs: StoredNeed[];
  orders: StoredWorkOrder[];
  events: Event[];
  outbox: OutboxMessage[];
  timers: Timer[];
}

/** Everything in the (unscoped) store. */
async function snapshot(store: Store): Promise<Snapshot> {
  return {
    needs: await all((cursor) => store.listNeeds({ limit: 1_000, cursor })),
    orders: await all((cursor) => store.listWorkOrders({ limit: 1_000, cursor })),
    events: await all((cursor) => store.listEvents({ limit: 1_000, cursor })),
    outbox: await all((cursor) => store.listOutbox({ limit: 1_000, cursor })),
    timers: await all((cursor) => store.listTimers({ limit: 1_000, cursor })),
  };
}

/** The part of a snapshot outside `root`: what a handle on `root` must never change. */
function outsideOf(s: Snapshot, root: string) {
  const needsIn = new Set(s.needs.filter((n) => within(n.scope, root)).map((n) => n.id));
  const ordersIn = new Set(s.orders.filter((o) => within(o.scope, root)).map((o) => o.id));
  return {
    needs: s.needs.filter((n) => !within(n.scope, root)),
    orders: s.orders.filter((o) => !within(o.scope, root)),
    events: s.events.filter(
      (e) =>
        !(e.need !== undefined && needsIn.has(e.need)) &&
        !(e.workOrder !== undefined && ordersIn.has(e.workOrder)),
    ),
    outbox: s.outbox.filter((m) => !within(m.scope, root)),
    timers: s.timers.filter((t) => !within(t.scope, root)),
  };
}

interface Fixture {
  /** The community the handle is on. */
  root: string;
  /** An inside need with a work order outside, and that order. */
  cross: { need: string; order: string };
  /** Scopes to ask for and write to: inside, above, beside and unrelated. */
  scopes: { inside: string[]; outside: string[]; queries: (string | undefined)[] };
  snapshot: Snapshot;
}

/** Needs in several communities through the engine, plus rows crossing the community's boundary. */
async function buildFixture(): Promise<Fixture> {
  const district = await tongchuan();
  const store = memoryStore();
  const { engine, clock } = await tongchuanEngine("2026-10-09T09:30:00+08:00", { store });
  const residents = [...district.residents.values()];
  const descriptions = ["帮忙买胃药", "代买生活物资", "社保缴费", "养老认证", "楼道灯坏了需要维修"];
  for (let i = 0; i < 48; i++) {
    await engine.submit({
      source: "app",
      externalId: `scoped-${i}`,
      description: descriptions[i % descriptions.length]!,
      // Half close together in the resident list (so in few communities), half spread out.
      subject: residents[i < 24 ? i * 2 : (i * 97) % residents.length]!.id,
      receivedAt: clock.now().toISOString(),
    });
    clock.advance({ minutes: 7 });
  }
  const s = await snapshot(store);
  // The community with the most needs.
  const counts = new Map<string, number>();
  for (const n of s.needs) {
    const community = n.scope.split("/").slice(0, 4).join("/");
    counts.set(community, (counts.get(community) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  const root = ranked[0]!;
  const other = ranked.find((c) => c.split("/")[2] !== root.split("/")[2]) ?? ranked[1]!;
  expect(ranked.length).toBeGreaterThan(2);
  const street = root.split("/").slice(0, 3).join("/");
  const districtPath = root.split("/").slice(0, 2).join("/");
  const gridsInside = [...new Set(s.needs.map((n) => n.scope).filter((x) => within(x, root)))];
  const sibling = ranked.find((c) => c !== root && within(c, street));
  const inside = [root, ...gridsInside.slice(0, 3)];
  // `${root}0` and `${root}-x` share the root's text but are not below it.
  const outside = [
    other,
    street,
    districtPath,
    `${root}0`,
    `${root}-x`,
    ...(sibling ? [sibling] : []),
    "610300000000",
  ];

  // Crossing rows: an inside need with a work order (and timers) outside, and an outside need
  // with a work order inside.
  const inNeed = s.needs.find((n) => within(n.scope, root))!;
  const outNeed = s.needs.find((n) => within(n.scope, other))!;
  const at = "2026-10-09T12:00:00+08:00";
  const order = (id: string, need: string, scope: string): StoredWorkOrder => ({
    id,
    need,
    assignee: { type: "department", id: `civil-affairs@${scope.split("/").pop()}` },
    role: "assist",
    unit: scope.split("/").pop()!,
    status: "dispatched",
    dispatchedAt: at,
    dueAt: "2026-10-12T12:00:00+08:00",
    returns: [],
    escalationLevel: 0,
    overdue: false,
    scope,
    version: 1,
  });
  const crossOut = order("cross-out", inNeed.id, other);
  const crossIn = order("cross-in", outNeed.id, root);
  const timer = (id: string, o: StoredWorkOrder): Timer => ({
    id,
    kind: "overdue",
    dueAt: o.dueAt,
    need: o.need,
    workOrder: o.id,
    scope: o.scope,
    status: "pending",
  });
  await store.transaction(async (tx) => {
    await tx.insertWorkOrder(crossOut);
    await tx.insertWorkOrder(crossIn);
    await tx.addTimers([timer("cross-out-t", crossOut), timer("cross-in-t", crossIn)]);
  });
  return {
    root,
    cross: { need: inNeed.id, order: crossOut.id },
    scopes: {
      inside,
      outside,
      queries: [undefined, ...inside, ...outside],
    },
    snapshot: await snapshot(store),
  };
}

/** A store holding exactly the fixture's rows. */
async function load(store: Store, s: Snapshot): Promise<Store> {
  await store.transaction(async (tx) => {
    for (const n of s.needs) await tx.insertNeed(n);
    for (const o of s.orders) await tx.insertWorkOrder(o);
    await tx.addTimers(s.timers);
    await tx.appendEvents(s.events);
    await tx.enqueue(s.outbox);
  });
  return store;
}

type Command =
  | { kind: "getNeed"; pick: number }
  | { kind: "findNeedByExternalId"; pick: number }
  | { kind: "getWorkOrder"; pick: number }
  | { kind: "listNeeds"; scope: number; status: string[] | undefined; limit: number }
  | {
      kind: "listWorkOrders";
      scope: number;
      need: number | undefined;
      status: string[] | undefined;
      limit: number;
    }
  | { kind: "listEvents"; by: "need" | "workOrder"; pick: number; limit: number }
  | { kind: "updateNeed"; pick: number; move: number | undefined; rethrow: boolean }
  | { kind: "updateWorkOrder"; pick: number; move: number | undefined; rethrow: boolean }
  | { kind: "insertNeed"; scope: number; rethrow: boolean }
  | { kind: "insertWorkOrder"; need: number; scope: number; rethrow: boolean }
  | { kind: "appendEvents"; by: "need" | "workOrder"; picks: number[]; rethrow: boolean }
  | { kind: "enqueue"; scopes: number[]; rethrow: boolean }
  | { kind: "addTimers"; order: number; scope: number; rethrow: boolean }
  | { kind: "cancelTimers"; by: "need" | "workOrder"; pick: number; rethrow: boolean };

const index = fc.nat({ max: 10_000 });
const statuses = (values: readonly string[]) =>
  fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant("getNeed" as const), pick: index }),
  fc.record({ kind: fc.constant("findNeedByExternalId" as const), pick: index }),
  fc.record({ kind: fc.constant("getWorkOrder" as const), pick: index }),
  fc.record({
    kind: fc.constant("listNeeds" as const),
    scope: index,
    status: statuses(NeedStatusSchema.options),
    limit: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant("listWorkOrders" as const),
    scope: index,
    need: fc.option(index, { nil: undefined }),
    status: statuses(WorkOrderStatusSchema.options),
    limit: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant("listEvents" as const),
    by: fc.constantFrom("need" as const, "workOrder" as const),
    pick: index,
    limit: fc.integer({ min: 1, max: 10 }),
  }),
  fc.record({
    kind: fc.constant("updateNeed" as const),
    pick: index,
    move: fc.option(index, { nil: undefined }),
    rethrow: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("updateWorkOrder" as const),
    pick: index,
    move: fc.option(index, { nil: undefined }),
    rethrow: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("insertNeed" as const), scope: index, rethrow: fc.boolean() }),
  fc.record({
    kind: fc.constant("insertWorkOrder" as const),
    need: index,
    scope: index,
    rethrow: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("appendEvents" as const),
    by: fc.constantFrom("need" as const, "workOrder" as const),
    picks: fc.array(index, { minLength: 1, maxLength: 3 }),
    rethrow: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("enqueue" as const),
    scopes: fc.array(index, { minLength: 1, maxLength: 3 }),
    rethrow: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("addTimers" as const), order: index, scope: index, rethrow: fc.boolean() }),
  fc.record({
    kind: fc.constant("cancelTimers" as const),
    by: fc.constantFrom("need" as const, "workOrder" as const),
    pick: index,
    rethrow: fc.boolean(),
  }),
);

const at = "2026-10-10T10:00:00+08:00";
const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id);

/** Runs the commands through a handle on `fx.root` over a fresh store, checking each one. */
async function check(fresh: () => Promise<Store>, fx: Fixture, commands: readonly Command[]): Promise<void> {
  const store = await fresh();
  const scoped = scopedStore(store, fx.root);
  const { root } = fx;
  const allScopes = [...fx.scopes.inside, ...fx.scopes.outside];
  let serial = 0;
  const fresh_ = (prefix: string) => `${prefix}-${++serial}`;
  const pickOf = <T>(xs: readonly T[], i: number): T | undefined =>
    xs.length === 0 ? undefined : xs[i % xs.length];
  const expectOutOfScope = (e: unknown) => {
    expect(LianxinError.is(e) ? e.code : e).toBe("store.out_of_scope");
  };
  try {
    for (const c of commands) {
      const before = await snapshot(store);
      const needIn = (id: string) => before.needs.some((n) => n.id === id && within(n.scope, root));
      const orderIn = (id: string) => before.orders.some((o) => o.id === id && within(o.scope, root));
      // Some ids that do not exist, so missing rows are asked for too.
      const needIds = [...ids(before.needs), "no-such-need"];
      const orderIds = [...ids(before.orders), "no-such-order"];

      /** A write through the handle: refused with nothing changed, or done. */
      const write = async (
        inside: boolean,
        rethrow: boolean,
        op: (tx: Parameters<Parameters<Store["transaction"]>[0]>[0]) => Promise<unknown>,
      ) => {
        let caught: unknown;
        if (rethrow) {
          // The refusal propagates and rolls the transaction back.
          await scoped.transaction(op).catch((e: unknown) => {
            caught = e;
          });
        } else {
          // The caller swallows the refusal and commits: the refused write must have written nothing.
          await scoped.transaction(async (tx) => {
            await op(tx).catch((e: unknown) => {
              caught = e;
            });
          });
        }
        const after = await snapshot(store);
        if (inside) expect(caught).toBeUndefined();
        else {
          expectOutOfScope(caught);
          expect(after).toEqual(before);
        }
        // Whatever happened, nothing outside the subtree changed.
        if (!skipOutsideCheck) expect(outsideOf(after, root)).toEqual(outsideOf(before, root));
        return after;
      };

      let skipOutsideCheck = false;
      switch (c.kind) {
        case "getNeed": {
          const id = pickOf(needIds, c.pick)!;
          const got = await scoped.getNeed(id);
          if (needIn(id)) expect(got?.id).toBe(id);
          else expect(got).toBeNull();
          break;
        }
        case "findNeedByExternalId": {
          const n = pickOf(before.needs, c.pick)!;
          const got = await scoped.findNeedByExternalId(n.source, n.externalId ?? "none");
          if (n.externalId !== undefined && within(n.scope, root)) expect(got?.id).toBe(n.id);
          else expect(got).toBeNull();
          break;
        }
        case "getWorkOrder": {
          const id = pickOf(orderIds, c.pick)!;
          const got = await scoped.getWorkOrder(id);
          if (orderIn(id)) expect(got?.id).toBe(id);
          else expect(got).toBeNull();
          break;
        }
        case "listNeeds": {
          const scope = pickOf(fx.scopes.queries, c.scope);
          const q = {
            ...(scope !== undefined ? { scope } : {}),
            ...(c.status ? { status: c.status as StoredNeed["status"][] } : {}),
          };
          const got = await all((cursor) => scoped.listNeeds({ ...q, limit: c.limit, cursor }));
          for (const n of got) expect(within(n.scope, root), n.scope).toBe(true);
          const expected = before.needs.filter(
            (n) =>
              within(n.scope, root) &&
              (scope === undefined || within(n.scope, scope)) &&
              (c.status === undefined || c.status.includes(n.status)),
          );
          expect(ids(got)).toEqual(ids(expected));
          break;
        }
        case "listWorkOrders": {
          const scope = pickOf(fx.scopes.queries, c.scope);
          const need = c.need === undefined ? undefined : pickOf(needIds, c.need);
          const q = {
            ...(scope !== undefined ? { scope } : {}),
            ...(need !== undefined ? { need } : {}),
            ...(c.status ? { status: c.status as StoredWorkOrder["status"][] } : {}),
          };
          const got = await all((cursor) => scoped.listWorkOrders({ ...q, limit: c.limit, cursor }));
          for (const o of got) expect(within(o.scope, root), o.scope).toBe(true);
          const expected = before.orders.filter(
            (o) =>
              within(o.scope, root) &&
              (scope === undefined || within(o.scope, scope)) &&
              (need === undefined || o.need === need) &&
              (c.status === undefined || c.status.includes(o.status)),
          );
          expect(ids(got)).toEqual(ids(expected));
          break;
        }
        case "listEvents": {
          const id = pickOf(c.by === "need" ? needIds : orderIds, c.pick)!;
          const got = await all((cursor) => scoped.listEvents({ [c.by]: id, limit: c.limit, cursor }));
          const visible = c.by === "need" ? needIn(id) : orderIn(id);
          // An event is inside when its need or its work order is.
          for (const e of got)
            expect(
              (e.need !== undefined && needIn(e.need)) || (e.workOrder !== undefined && orderIn(e.workOrder)),
            ).toBe(true);
          expect(ids(got)).toEqual(visible ? ids(before.events.filter((e) => e[c.by] === id)) : []);
          break;
        }
        case "updateNeed": {
          const n = pickOf(before.needs, c.pick)!;
          const scope = c.move === undefined ? n.scope : pickOf(allScopes, c.move)!;
          const next = { ...n, scope, description: `${n.description}·`, version: n.version + 1 };
          const after = await write(within(n.scope, root) && within(scope, root), c.rethrow, (tx) =>
            tx.updateNeed(next),
          );
          if (within(n.scope, root) && within(scope, root))
            expect(after.needs.find((x) => x.id === n.id)).toEqual(next);
          break;
        }
        case "updateWorkOrder": {
          const o = pickOf(before.orders, c.pick)!;
          const scope = c.move === undefined ? o.scope : pickOf(allScopes, c.move)!;
          const next = { ...o, scope, overdue: !o.overdue, version: o.version + 1 };
          const after = await write(within(o.scope, root) && within(scope, root), c.rethrow, (tx) =>
            tx.updateWorkOrder(next),
          );
          if (within(o.scope, root) && within(scope, root))
            expect(after.orders.find((x) => x.id === o.id)).toEqual(next);
          break;
        }
        case "insertNeed": {
          const scope = pickOf(allScopes, c.scope)!;
          const id = fresh_("need");
          const n: StoredNeed = {
            id,
            source: "app",
            externalId: `ext-${id}`,
            description: "楼道灯坏了",
            attributes: {},
            tags: [],
            receivedAt: at,
            status: "received",
            serviceCodes: [],
            createdAt: at,
            updatedAt: at,
            reopened: 0,
            scope,
            version: 1,
          };
          const after = await write(within(scope, root), c.rethrow, (tx) => tx.insertNeed(n));
          if (within(scope, root)) expect(after.needs.find((x) => x.id === id)).toEqual(n);
          break;
        }
        case "insertWorkOrder": {
          // Work orders of visible needs only: whether a handle may attach an order to a need it
          // cannot see is not decided here.
          const need = pickOf(
            before.needs.filter((n) => within(n.scope, root)),
            c.need,
          )!;
          const scope = pickOf(allScopes, c.scope)!;
          const id = fresh_("order");
          const o: StoredWorkOrder = {
            id,
            need: need.id,
            assignee: { type: "unit", id: scope.split("/").pop()! },
            role: "assist",
            unit: scope.split("/").pop()!,
            status: "dispatched",
            dispatchedAt: at,
            dueAt: "2026-10-12T10:00:00+08:00",
            returns: [],
            escalationLevel: 0,
            overdue: false,
            scope,
            version: 1,
          };
          const after = await write(within(scope, root), c.rethrow, (tx) => tx.insertWorkOrder(o));
          if (within(scope, root)) expect(after.orders.find((x) => x.id === id)).toEqual(o);
          break;
        }
        case "appendEvents": {
          const events: Event[] = c.picks.map((p) => ({
            id: fresh_("event"),
            ...(c.by === "need" ? { need: pickOf(needIds, p)! } : { workOrder: pickOf(orderIds, p)! }),
            type: "noted",
            actor: { type: "unit", id: root.split("/").pop()! },
            visibility: "internal",
            at,
          }));
          const inside = events.every((e) => (e.need !== undefined ? needIn(e.need) : orderIn(e.workOrder!)));
          const after = await write(inside, c.rethrow, (tx) => tx.appendEvents(events));
          if (inside) expect(after.events.slice(-events.length)).toEqual(events);
          break;
        }
        case "enqueue": {
          const messages: OutboxMessage[] = c.scopes.map((s) => {
            const id = fresh_("message");
            return {
              id,
              topic: "need.noted",
              template: "need-noted",
              recipient: { role: "community-office", id: root.split("/").pop()! },
              orderingKey: id,
              scope: pickOf(allScopes, s)!,
              payload: {},
              createdAt: at,
              status: "pending",
              attempts: 0,
              availableAt: at,
            };
          });
          const inside = messages.every((m) => within(m.scope, root));
          const after = await write(inside, c.rethrow, (tx) => tx.enqueue(messages));
          if (inside) expect(after.outbox.slice(-messages.length)).toEqual(messages);
          break;
        }
        case "addTimers": {
          const o = pickOf(
            before.orders.filter((x) => within(x.scope, root)),
            c.order,
          )!;
          const scope = pickOf(allScopes, c.scope)!;
          const t: Timer = {
            id: fresh_("timer"),
            kind: "remind",
            dueAt: "2026-10-11T10:00:00+08:00",
            need: o.need,
            workOrder: o.id,
            scope,
            status: "pending",
          };
          const after = await write(within(scope, root), c.rethrow, (tx) => tx.addTimers([t]));
          if (within(scope, root)) expect(after.timers.find((x) => x.id === t.id)).toEqual(t);
          break;
        }
        case "cancelTimers": {
          const id = pickOf(c.by === "need" ? needIds : orderIds, c.pick)!;
          const inside = c.by === "need" ? needIn(id) : orderIn(id);
          skipOutsideCheck =
            CANCEL_BY_NEED_LEAKS &&
            c.by === "need" &&
            inside &&
            before.timers.some((t) => t.need === id && t.status === "pending" && !within(t.scope, root));
          await write(inside, c.rethrow, (tx) => tx.cancelTimers({ [c.by]: id }));
          break;
        }
      }
    }
    // Claims and outbox administration are refused outright.
    await expect(scoped.claimOutbox("w", 10, 1_000, new Date())).rejects.toMatchObject({
      code: "store.out_of_scope",
    });
    await expect(scoped.listEvents({})).rejects.toMatchObject({ code: "store.out_of_scope" });
  } finally {
    await store.close();
  }
}

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
});

describe("scopedStore on a community of Tongchuan", () => {
  it("the fixture has rows inside and outside the community, and crossing it", () => {
    const inside = fx.snapshot.needs.filter((n) => within(n.scope, fx.root));
    expect(inside.length).toBeGreaterThanOrEqual(3);
    expect(fx.snapshot.needs.length - inside.length).toBeGreaterThanOrEqual(10);
    expect(fx.snapshot.orders.some((o) => !within(o.scope, fx.root))).toBe(true);
    expect(fx.snapshot.timers.length).toBeGreaterThan(0);
    expect(fx.snapshot.outbox.length).toBeGreaterThan(0);
  });

  for (const adapter of ["memory", "sqlite"] as const) {
    it(`random reads and writes through the handle stay inside the community (${adapter})`, async () => {
      const fresh = () =>
        load(adapter === "memory" ? memoryStore() : sqliteStore({ filename: ":memory:" }), fx.snapshot);
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), (commands) =>
          check(fresh, fx, commands),
        ),
        { numRuns: Number(process.env.LIANXIN_SCOPED_RUNS ?? (adapter === "memory" ? 60 : 40)) },
      );
    });
  }
});

describe("scopedStore across the community's boundary", () => {
  (CANCEL_BY_NEED_LEAKS ? it.fails : it)(
    "cancelling an inside need's timers leaves the timers of its work orders outside alone",
    async () => {
      const store = await load(memoryStore(), fx.snapshot);
      const scoped = scopedStore(store, fx.root);
      await scoped.transaction((tx) => tx.cancelTimers({ need: fx.cross.need }));
      const timers = (await store.listTimers({ workOrder: fx.cross.order })).items;
      expect(timers.map((t) => t.status)).toEqual(["pending"]);
    },
  );
});
