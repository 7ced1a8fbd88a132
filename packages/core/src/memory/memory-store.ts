import { LianxinError } from "../errors/lianxin-error.js";
import type { Event } from "../model/event.js";
import type { OutboxMessage } from "../ports/outbox-message.js";
import type {
  EventQuery,
  NeedQuery,
  Page,
  PageRequest,
  Store,
  StoredNeed,
  StoredWorkOrder,
  StoreReader,
  StoreTransaction,
  WorkOrderQuery,
} from "../ports/store.js";
import type { Timer } from "../ports/timer.js";
import { MinHeap } from "./min-heap.js";

const NAME = "memory";

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Copy objects going in and out, so callers cannot change stored state by accident. @default true */
  copy?: boolean;
}

interface Row<T> {
  seq: number;
  value: T;
}

interface State {
  needs: Map<string, Row<StoredNeed>>;
  external: Map<string, string>;
  bySubject: Map<string, Set<string>>;
  orders: Map<string, Row<StoredWorkOrder>>;
  ordersByNeed: Map<string, Set<string>>;
  ordersBySubject: Map<string, Set<string>>;
  events: Event[];
  /** Positions in `events` of each need's events. */
  eventsByNeed: Map<string, number[]>;
  outbox: Map<string, Row<OutboxMessage & { claimedBy?: string; leaseUntil?: number }>>;
  loads: Map<string, number>;
  timers: Map<string, Row<TimerRow>>;
  /** Pending timers by the moment they can next be claimed (due, or lease end). Lazy deletion. */
  due: MinHeap<string>;
  timersByOrder: Map<string, Set<string>>;
  timersByNeed: Map<string, Set<string>>;
  seq: number;
}

type TimerRow = Timer & { claimedBy?: string; leaseUntil?: number };

const inScope = (scope: string, within: string | undefined) =>
  within === undefined || scope === within || scope.startsWith(`${within}/`);

function page<T>(
  rows: Iterable<Row<T>>,
  req: PageRequest,
  keep: (t: T) => boolean,
  copy: (t: T) => T,
): Page<T> {
  const limit = Math.min(Math.max(req.limit ?? 100, 1), 1_000);
  const after = req.cursor ? Number.parseInt(req.cursor, 36) : -1;
  const items: T[] = [];
  let last = -1;
  let more = false;
  for (const r of rows) {
    if (r.seq <= after || !keep(r.value)) continue;
    if (items.length === limit) {
      more = true;
      break;
    }
    items.push(copy(r.value));
    last = r.seq;
  }
  return { items, next: more ? last.toString(36) : null };
}

/** A deep copy of JSON-like data (plain objects, arrays, primitives): much cheaper than structuredClone. */
function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const k in value)
    if (Object.hasOwn(value, k)) out[k] = cloneJson((value as Record<string, unknown>)[k]);
  return out as T;
}

/**
 * The reference store: everything in memory, transactions that run one at a time and roll back
 * completely on error. For tests, simulations and single-process embedding without persistence.
 */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  const copy = options.copy === false ? <T>(v: T) => v : cloneJson;
  const state: State = {
    needs: new Map(),
    external: new Map(),
    bySubject: new Map(),
    orders: new Map(),
    ordersByNeed: new Map(),
    ordersBySubject: new Map(),
    events: [],
    eventsByNeed: new Map(),
    outbox: new Map(),
    loads: new Map(),
    timers: new Map(),
    due: new MinHeap(),
    timersByOrder: new Map(),
    timersByNeed: new Map(),
    seq: 0,
  };
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  const check = () => {
    if (closed) throw new LianxinError("store.closed", "the memory store is closed", { adapter: NAME });
  };

  const reader: StoreReader = {
    async getNeed(id) {
      const r = state.needs.get(id);
      return r ? copy(r.value) : null;
    },
    async findNeedByExternalId(source, externalId) {
      const id = state.external.get(`${source}\u0000${externalId}`);
      const r = id === undefined ? undefined : state.needs.get(id);
      return r ? copy(r.value) : null;
    },
    async listNeeds(q: NeedQuery) {
      const rows =
        q.subject !== undefined
          ? [...(state.bySubject.get(q.subject) ?? [])]
              .map((id) => state.needs.get(id)!)
              .sort((a, b) => a.seq - b.seq)
          : state.needs.values();
      return page(
        rows,
        q,
        (n) =>
          (q.status === undefined || q.status.includes(n.status)) &&
          inScope(n.scope, q.scope) &&
          (q.receivedFrom === undefined || Date.parse(n.receivedAt) >= Date.parse(q.receivedFrom)),
        copy,
      );
    },
    async getWorkOrder(id) {
      const r = state.orders.get(id);
      return r ? copy(r.value) : null;
    },
    async listWorkOrders(q: WorkOrderQuery) {
      const index =
        q.need !== undefined
          ? (state.ordersByNeed.get(q.need) ?? new Set<string>())
          : q.subject !== undefined
            ? (state.ordersBySubject.get(q.subject) ?? new Set<string>())
            : undefined;
      const rows = index
        ? [...index].map((id) => state.orders.get(id)!).sort((a, b) => a.seq - b.seq)
        : state.orders.values();
      return page(
        rows,
        q,
        (o) =>
          (q.status === undefined || q.status.includes(o.status)) &&
          inScope(o.scope, q.scope) &&
          (q.assignee === undefined ||
            (o.assignee.type === q.assignee.type && o.assignee.id === q.assignee.id)) &&
          (q.subject === undefined || o.subject === q.subject),
        copy,
      );
    },
    async listEvents(q: EventQuery) {
      const at = q.need !== undefined ? (state.eventsByNeed.get(q.need) ?? []) : undefined;
      const rows = at
        ? at.map((seq) => ({ seq, value: state.events[seq]! }))
        : state.events.map((value, seq) => ({ seq, value }));
      return page(
        rows,
        q,
        (e) =>
          (q.need === undefined || e.need === q.need) &&
          (q.workOrder === undefined || e.workOrder === q.workOrder),
        copy,
      );
    },
    async getLoads(keys) {
      return keys.map((k) => state.loads.get(`${k.resource}\u0000${k.period}`) ?? 0);
    },
  };

  function transactionHandle(undo: (() => void)[]): StoreTransaction {
    const setMap = <K, V>(map: Map<K, V>, key: K, value: V) => {
      const had = map.has(key);
      const before = map.get(key);
      map.set(key, value);
      undo.push(() => (had ? map.set(key, before as V) : map.delete(key)));
    };
    const addToSet = (map: Map<string, Set<string>>, key: string, id: string) => {
      let set = map.get(key);
      if (!set) {
        set = new Set();
        setMap(map, key, set);
      }
      if (!set.has(id)) {
        set.add(id);
        const s = set;
        undo.push(() => s.delete(id));
      }
    };
    return {
      ...reader,
      async insertNeed(need) {
        if (state.needs.has(need.id))
          throw new LianxinError("store.conflict", `need ${need.id} exists`, { adapter: NAME });
        if (need.externalId !== undefined) {
          const key = `${need.source}\u0000${need.externalId}`;
          if (state.external.has(key))
            throw new LianxinError(
              "store.conflict",
              `a need from ${need.source} with this external id exists`,
              {
                adapter: NAME,
              },
            );
          setMap(state.external, key, need.id);
        }
        setMap(state.needs, need.id, { seq: state.seq++, value: copy(need) });
        if (need.subject !== undefined) addToSet(state.bySubject, need.subject, need.id);
      },
      async updateNeed(need) {
        const row = state.needs.get(need.id);
        if (!row || row.value.version !== need.version - 1)
          throw new LianxinError("store.conflict", `need ${need.id} was changed meanwhile`, {
            adapter: NAME,
          });
        const before = row.value.subject;
        if (before !== undefined && before !== need.subject) {
          const set = state.bySubject.get(before);
          if (set?.delete(need.id)) undo.push(() => set.add(need.id));
        }
        setMap(state.needs, need.id, { seq: row.seq, value: copy(need) });
        if (need.subject !== undefined) addToSet(state.bySubject, need.subject, need.id);
      },
      async insertWorkOrder(order) {
        if (state.orders.has(order.id))
          throw new LianxinError("store.conflict", `work order ${order.id} exists`, { adapter: NAME });
        setMap(state.orders, order.id, { seq: state.seq++, value: copy(order) });
        addToSet(state.ordersByNeed, order.need, order.id);
        if (order.subject !== undefined) addToSet(state.ordersBySubject, order.subject, order.id);
      },
      async updateWorkOrder(order) {
        const row = state.orders.get(order.id);
        if (!row || row.value.version !== order.version - 1)
          throw new LianxinError("store.conflict", `work order ${order.id} was changed meanwhile`, {
            adapter: NAME,
          });
        const before = row.value.subject;
        if (before !== undefined && before !== order.subject) {
          const set = state.ordersBySubject.get(before);
          if (set?.delete(order.id)) undo.push(() => set.add(order.id));
        }
        setMap(state.orders, order.id, { seq: row.seq, value: copy(order) });
        if (order.subject !== undefined) addToSet(state.ordersBySubject, order.subject, order.id);
      },
      async appendEvents(events) {
        const n = state.events.length;
        for (const e of events) {
          if (e.need === undefined) continue;
          const list = state.eventsByNeed.get(e.need);
          const seq = state.events.length + events.indexOf(e);
          if (list) list.push(seq);
          else state.eventsByNeed.set(e.need, [seq]);
          undo.push(() => {
            const l = state.eventsByNeed.get(e.need!);
            if (l?.at(-1) === seq) l.pop();
          });
        }
        state.events.push(...events.map(copy));
        undo.push(() => {
          state.events.length = n;
        });
      },
      async enqueue(messages) {
        for (const m of messages) {
          if (state.outbox.has(m.id))
            throw new LianxinError("store.conflict", `outbox message ${m.id} exists`, { adapter: NAME });
          setMap(state.outbox, m.id, { seq: state.seq++, value: copy(m) });
        }
      },
      async reserve(resource, period, amount, capacity) {
        const key = `${resource}\u0000${period}`;
        const now = state.loads.get(key) ?? 0;
        if (now + amount > capacity) return false;
        setMap(state.loads, key, now + amount);
        return true;
      },
      async release(resource, period, amount) {
        const key = `${resource}\u0000${period}`;
        setMap(state.loads, key, Math.max(0, (state.loads.get(key) ?? 0) - amount));
      },
      async addTimers(timers) {
        for (const t of timers) {
          if (state.timers.has(t.id))
            throw new LianxinError("store.conflict", `timer ${t.id} exists`, { adapter: NAME });
          setMap(state.timers, t.id, { seq: state.seq++, value: copy(t) });
          if (t.workOrder !== undefined) addToSet(state.timersByOrder, t.workOrder, t.id);
          addToSet(state.timersByNeed, t.need, t.id);
          // The heap only gains entries; a rolled-back timer is skipped when it surfaces.
          state.due.push(Date.parse(t.dueAt), t.id);
        }
      },
      async cancelTimers(filter) {
        const ids =
          filter.workOrder !== undefined
            ? (state.timersByOrder.get(filter.workOrder) ?? new Set<string>())
            : filter.need !== undefined
              ? (state.timersByNeed.get(filter.need) ?? new Set<string>())
              : new Set<string>();
        let n = 0;
        for (const id of ids) {
          const row = state.timers.get(id);
          if (row?.value.status !== "pending") continue;
          if (filter.kinds && !filter.kinds.includes(row.value.kind)) continue;
          if (filter.need !== undefined && row.value.need !== filter.need) continue;
          setMap(state.timers, id, { seq: row.seq, value: { ...row.value, status: "cancelled" } });
          n++;
        }
        return n;
      },
      async completeTimer(id, worker) {
        const row = state.timers.get(id);
        if (row?.value.status !== "pending" || row.value.claimedBy !== worker) return false;
        const { claimedBy: _c, leaseUntil: _l, ...rest } = row.value;
        setMap(state.timers, id, { seq: row.seq, value: { ...rest, status: "fired" } });
        return true;
      },
    };
  }

  const store: Store = {
    name: NAME,
    capabilities: { transactions: true, multiProcess: false },
    ...reader,
    transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      check();
      const run = queue.then(async () => {
        const undo: (() => void)[] = [];
        try {
          return await fn(transactionHandle(undo));
        } catch (e) {
          for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
          throw e;
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async claimDueTimers(worker, now, limit, leaseMs) {
      check();
      const t = now.getTime();
      const out: Timer[] = [];
      while (out.length < limit && (state.due.peekKey() ?? Number.POSITIVE_INFINITY) <= t) {
        const id = state.due.pop()!;
        const row = state.timers.get(id);
        if (row?.value.status !== "pending") continue;
        const v = row.value;
        if (v.leaseUntil !== undefined && v.leaseUntil > t) continue; // re-queued at its lease end
        v.claimedBy = worker;
        v.leaseUntil = t + leaseMs;
        state.due.push(v.leaseUntil, id);
        const { claimedBy: _c, leaseUntil: _l, ...plain } = v;
        out.push(copy(plain));
      }
      return out;
    },
    async listTimers(q) {
      return page(
        state.timers.values(),
        q,
        (x) =>
          (q.need === undefined || x.need === q.need) &&
          (q.workOrder === undefined || x.workOrder === q.workOrder) &&
          (q.status === undefined || x.status === q.status),
        (x) => {
          const { claimedBy: _c, leaseUntil: _l, ...plain } = x;
          return copy(plain);
        },
      );
    },
    async claimOutbox(worker, limit, leaseMs, now) {
      check();
      const t = now.getTime();
      const blocked = new Set<string>();
      const out: OutboxMessage[] = [];
      for (const row of state.outbox.values()) {
        const m = row.value;
        if (m.status !== "pending") continue;
        // Messages of one ordering key go out one at a time, in order.
        if (blocked.has(m.orderingKey)) continue;
        blocked.add(m.orderingKey);
        const leased = m.leaseUntil !== undefined && m.leaseUntil > t && m.claimedBy !== worker;
        if (leased || Date.parse(m.availableAt) > t || out.length >= limit) continue;
        m.claimedBy = worker;
        m.leaseUntil = t + leaseMs;
        m.attempts++;
        const { claimedBy: _c, leaseUntil: _l, ...plain } = m;
        out.push(copy(plain));
      }
      return out;
    },
    async markDelivered(ids, worker, at) {
      for (const id of ids) {
        const m = state.outbox.get(id)?.value;
        if (!m || m.claimedBy !== worker) continue;
        m.status = "delivered";
        m.deliveredAt = at.toISOString();
        delete m.claimedBy;
        delete m.leaseUntil;
      }
    },
    async markFailed(id, worker, error, retryAt) {
      const m = state.outbox.get(id)?.value;
      if (!m || m.claimedBy !== worker) return;
      m.lastError = error.slice(0, 2_000);
      if (retryAt === null) m.status = "dead";
      else m.availableAt = retryAt.toISOString();
      delete m.claimedBy;
      delete m.leaseUntil;
    },
    async listOutbox(q) {
      return page(
        state.outbox.values(),
        q,
        (m) => q.status === undefined || m.status === q.status,
        (m) => {
          const { claimedBy: _c, leaseUntil: _l, ...plain } = m;
          return copy(plain);
        },
      );
    },
    async replayDead(ids, now) {
      let n = 0;
      for (const id of ids) {
        const m = state.outbox.get(id)?.value;
        if (m?.status !== "dead") continue;
        m.status = "pending";
        m.availableAt = now.toISOString();
        n++;
      }
      return n;
    },
    async close() {
      closed = true;
    },
  };
  return store;
}
