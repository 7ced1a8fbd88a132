import type { Event, OutboxMessage, StoredNeed, StoredWorkOrder, Timer } from "@lianxin/core";

/** The moment fixtures start from: 2026-10-09 08:00 in Beijing. */
export const FIXTURE_EPOCH: string = "2026-10-09T08:00:00+08:00";

const EPOCH_MS = Date.parse(FIXTURE_EPOCH);

/**
 * A timestamp `ms` milliseconds after {@link FIXTURE_EPOCH}, written in +08:00 (as Lianxin writes
 * them), with whole seconds only so backends that store seconds still round-trip it.
 */
export function fixtureTime(ms: number): string {
  const d = new Date(EPOCH_MS + Math.floor(ms / 1_000) * 1_000 + 8 * 3_600_000);
  return `${d.toISOString().slice(0, 19)}+08:00`;
}

/** Deterministic builders of schema-valid stored records; every call gets a new id. */
export interface StoreFixtures {
  /** A need (`source: "app"`, status `received`, version 1), with `overrides` applied. */
  need(overrides?: Partial<StoredNeed>): StoredNeed;
  /** A work order of `need` (status `dispatched`, version 1), with `overrides` applied. */
  workOrder(need: string, overrides?: Partial<StoredWorkOrder>): StoredWorkOrder;
  /** An audit event of `need`, with `overrides` applied. */
  event(need: string, overrides?: Partial<Event>): Event;
  /** A pending outbox message ordered by `orderingKey`, with `overrides` applied. */
  outboxMessage(orderingKey: string, overrides?: Partial<OutboxMessage>): OutboxMessage;
  /** A pending `remind` timer of `need`, with `overrides` applied. */
  timer(need: string, overrides?: Partial<Timer>): Timer;
  /** A new id with this prefix (`scope-7`): for scopes, subjects and resources no other test uses. */
  id(prefix: string): string;
}

/**
 * Creates fixture builders. Ids are `<prefix>-<kind>-<n>` with a counter per builder set, and
 * timestamps advance one second per record from {@link FIXTURE_EPOCH}, so runs are reproducible.
 *
 * ```ts
 * const f = storeFixtures();
 * const need = f.need({ subject: "resident-1" });
 * await store.transaction((tx) => tx.insertNeed(need));
 * ```
 */
export function storeFixtures(prefix = "t"): StoreFixtures {
  let n = 0;
  const next = () => ++n;
  return {
    id: (kind) => `${prefix}-${kind}-${next()}`,
    need(overrides = {}) {
      const i = next();
      const at = fixtureTime(i * 1_000);
      return {
        id: `${prefix}-need-${i}`,
        source: "app",
        externalId: `${prefix}-ext-${i}`,
        description: `need ${i}: the stairwell light is broken`,
        attributes: { floor: 3, urgent: false, note: "楼道灯坏了" },
        tags: ["living-alone"],
        receivedAt: at,
        status: "received",
        unit: "610202001001",
        serviceCodes: [],
        createdAt: at,
        updatedAt: at,
        reopened: 0,
        scope: "61/6102/610202",
        version: 1,
        ...overrides,
      };
    },
    workOrder(need, overrides = {}) {
      const i = next();
      return {
        id: `${prefix}-wo-${i}`,
        need,
        assignee: { type: "grid", id: "610202001001-01" },
        role: "lead",
        unit: "610202001001",
        status: "dispatched",
        dispatchedAt: fixtureTime(i * 1_000),
        dueAt: fixtureTime(i * 1_000 + 86_400_000),
        returns: [],
        escalationLevel: 0,
        overdue: false,
        scope: "61/6102/610202",
        version: 1,
        ...overrides,
      };
    },
    event(need, overrides = {}) {
      const i = next();
      return {
        id: `${prefix}-ev-${i}`,
        need,
        type: "submitted",
        actor: { type: "system", id: "intake" },
        to: "received",
        visibility: "internal",
        at: fixtureTime(i * 1_000),
        ...overrides,
      };
    },
    outboxMessage(orderingKey, overrides = {}) {
      const i = next();
      const at = fixtureTime(i * 1_000);
      return {
        id: `${prefix}-msg-${i}`,
        topic: "need.dispatched",
        template: "need-dispatched",
        recipient: { role: "grid-worker" },
        orderingKey,
        scope: "61/6102/610202",
        payload: { need: orderingKey, n: i },
        createdAt: at,
        status: "pending",
        attempts: 0,
        availableAt: at,
        ...overrides,
      };
    },
    timer(need, overrides = {}) {
      const i = next();
      return {
        id: `${prefix}-timer-${i}`,
        kind: "remind",
        dueAt: fixtureTime(i * 1_000),
        need,
        scope: "61/6102/610202",
        status: "pending",
        ...overrides,
      };
    },
  };
}
