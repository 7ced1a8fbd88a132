import { LianxinError } from "../errors/lianxin-error.js";
import type { Page, Store, StoreReader, StoreTransaction } from "./store.js";

const within = (scope: string, root: string) => scope === root || scope.startsWith(`${root}/`);

/** The narrower of a query's scope and the handle's, or null when they do not overlap. */
function narrow(root: string, asked: string | undefined): string | null {
  if (asked === undefined || within(root, asked)) return root;
  return within(asked, root) ? asked : null;
}

const empty = <T>(): Page<T> => ({ items: [], next: null });

function outside(what: string): LianxinError {
  return new LianxinError("store.out_of_scope", `${what} is outside this handle's part of the hierarchy`);
}

/**
 * A handle on a store that sees and changes only one subtree of the hierarchy (`scope` is the
 * unit's materialized path, such as `610200000000/610204000000/610204001000/610204001003` for a
 * community): reads outside it come back as missing or empty, writes outside it fail with
 * `store.out_of_scope` and change nothing. Outbox and timer claims are refused: workers use
 * the whole store. Works over any adapter.
 */
export function scopedStore(store: Store, scope: string): Store {
  const reads = (r: StoreReader): StoreReader => ({
    async getNeed(id) {
      const n = await r.getNeed(id);
      return n && within(n.scope, scope) ? n : null;
    },
    async findNeedByExternalId(source, externalId) {
      const n = await r.findNeedByExternalId(source, externalId);
      return n && within(n.scope, scope) ? n : null;
    },
    async listNeeds(q) {
      const s = narrow(scope, q.scope);
      return s === null ? empty() : r.listNeeds({ ...q, scope: s });
    },
    async getWorkOrder(id) {
      const o = await r.getWorkOrder(id);
      return o && within(o.scope, scope) ? o : null;
    },
    async listWorkOrders(q) {
      const s = narrow(scope, q.scope);
      return s === null ? empty() : r.listWorkOrders({ ...q, scope: s });
    },
    async listEvents(q) {
      // Events belong to a need or a work order; only those of visible ones are listed.
      if (q.need !== undefined && !(await reads(r).getNeed(q.need))) return empty();
      if (q.workOrder !== undefined && !(await reads(r).getWorkOrder(q.workOrder))) return empty();
      if (q.need === undefined && q.workOrder === undefined) throw outside("an unfiltered event listing");
      return r.listEvents(q);
    },
    getLoads: (keys) => r.getLoads(keys),
  });
  const refuse = async (): Promise<never> => {
    throw new LianxinError("store.out_of_scope", "claims and outbox administration need the whole store");
  };
  return {
    name: `${store.name}@${scope}`,
    capabilities: store.capabilities,
    ...reads(store),
    transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      return store.transaction(async (tx) => {
        const visible = reads(tx);
        const mine: StoreTransaction = {
          ...tx,
          ...visible,
          async insertNeed(n) {
            if (!within(n.scope, scope)) throw outside(`need ${n.id}`);
            await tx.insertNeed(n);
          },
          async updateNeed(n) {
            if (!within(n.scope, scope) || !(await visible.getNeed(n.id))) throw outside(`need ${n.id}`);
            await tx.updateNeed(n);
          },
          async insertWorkOrder(o) {
            if (!within(o.scope, scope)) throw outside(`work order ${o.id}`);
            await tx.insertWorkOrder(o);
          },
          async updateWorkOrder(o) {
            if (!within(o.scope, scope) || !(await visible.getWorkOrder(o.id)))
              throw outside(`work order ${o.id}`);
            await tx.updateWorkOrder(o);
          },
          async appendEvents(events) {
            for (const e of events) {
              const ok =
                (e.need !== undefined && (await visible.getNeed(e.need))) ||
                (e.workOrder !== undefined && (await visible.getWorkOrder(e.workOrder)));
              if (!ok) throw outside(`event ${e.id}`);
            }
            await tx.appendEvents(events);
          },
          async enqueue(messages) {
            for (const m of messages) if (!within(m.scope, scope)) throw outside(`outbox message ${m.id}`);
            await tx.enqueue(messages);
          },
          async addTimers(timers) {
            for (const t of timers) if (!within(t.scope, scope)) throw outside(`timer ${t.id}`);
            await tx.addTimers(timers);
          },
          async cancelTimers(filter) {
            if (filter.workOrder !== undefined) {
              if (!(await visible.getWorkOrder(filter.workOrder)))
                throw outside(`work order ${filter.workOrder}`);
              if (filter.need !== undefined && !(await visible.getNeed(filter.need)))
                throw outside(`need ${filter.need}`);
              return tx.cancelTimers(filter);
            }
            if (filter.need === undefined) return 0;
            if (!(await visible.getNeed(filter.need))) throw outside(`need ${filter.need}`);
            // A need's orders may sit outside the handle (a department elsewhere): cancel only the
            // need's own timers and those of the orders this handle can see.
            const kinds = filter.kinds;
            let n = 0;
            if (!kinds || kinds.includes("follow-up"))
              n += await tx.cancelTimers({ need: filter.need, kinds: ["follow-up"] });
            const orders = await visible.listWorkOrders({ need: filter.need, limit: 1_000 });
            for (const o of orders.items)
              n += await tx.cancelTimers({ workOrder: o.id, ...(kinds ? { kinds } : {}) });
            return n;
          },
        };
        return fn(mine);
      });
    },
    claimOutbox: refuse,
    markDelivered: refuse,
    markFailed: refuse,
    listOutbox: refuse,
    replayDead: refuse,
    claimDueTimers: refuse,
    listTimers: refuse,
    close: () => store.close(),
  };
}
