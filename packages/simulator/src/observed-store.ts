import type { Event, Store, StoredNeed, StoredWorkOrder, StoreTransaction } from "@lianxin/core";

/** What a committed transaction wrote, as the simulator follows it. */
export interface StoreObserver {
  needInserted(need: StoredNeed): void;
  needUpdated(need: StoredNeed): void;
  orderInserted(order: StoredWorkOrder): void;
  orderUpdated(order: StoredWorkOrder): void;
  eventsAppended(events: readonly Event[]): void;
}

type Write =
  | { kind: "need+"; need: StoredNeed }
  | { kind: "need~"; need: StoredNeed }
  | { kind: "order+"; order: StoredWorkOrder }
  | { kind: "order~"; order: StoredWorkOrder }
  | { kind: "events"; events: readonly Event[] };

/**
 * Wraps a store so that the simulator sees every need, work order and event the engine writes,
 * once its transaction has committed (a rolled-back transaction reports nothing). Everything else
 * goes straight to the store.
 */
export function observedStore(store: Store, observer: StoreObserver): Store {
  const wrapTx = (tx: StoreTransaction, writes: Write[]): StoreTransaction =>
    new Proxy(tx, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== "function") return value;
        switch (prop) {
          case "insertNeed":
            return (need: StoredNeed) =>
              target.insertNeed(need).then(() => void writes.push({ kind: "need+", need }));
          case "updateNeed":
            return (need: StoredNeed) =>
              target.updateNeed(need).then(() => void writes.push({ kind: "need~", need }));
          case "insertWorkOrder":
            return (order: StoredWorkOrder) =>
              target.insertWorkOrder(order).then(() => void writes.push({ kind: "order+", order }));
          case "updateWorkOrder":
            return (order: StoredWorkOrder) =>
              target.updateWorkOrder(order).then(() => void writes.push({ kind: "order~", order }));
          case "appendEvents":
            return (events: readonly Event[]) =>
              target
                .appendEvents(events)
                .then(() => void (events.length > 0 && writes.push({ kind: "events", events })));
          default:
            return (value as (...a: unknown[]) => unknown).bind(target);
        }
      },
    });
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === "transaction")
        return async <T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> => {
          let writes: Write[] = [];
          const result = await target.transaction((tx) => {
            writes = [];
            return fn(wrapTx(tx, writes));
          });
          for (const w of writes) {
            if (w.kind === "need+") observer.needInserted(w.need);
            else if (w.kind === "need~") observer.needUpdated(w.need);
            else if (w.kind === "order+") observer.orderInserted(w.order);
            else if (w.kind === "order~") observer.orderUpdated(w.order);
            else observer.eventsAppended(w.events);
          }
          return result;
        };
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
