import type { Event } from "../model/event.js";
import type { Need, NeedStatus } from "../model/need.js";
import type { WorkOrder, WorkOrderStatus } from "../model/work-order.js";
import type { OutboxMessage } from "./outbox-message.js";
import type { Timer } from "./timer.js";

/** A need as stored: with the materialized path of its unit, for subtree scoping. */
export type StoredNeed = Need & { scope: string; version: number };

/** A work order as stored. */
export type StoredWorkOrder = WorkOrder & { scope: string; subject?: string; version: number };

/** One page of a listing; `next` is the cursor of the following page, or null at the end. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Paging of a listing. `limit` defaults to 100 and is at most 1,000. */
export interface PageRequest {
  limit?: number;
  cursor?: string | null;
}

/** A query over needs. `scope` is a unit's materialized path: the unit and everything below it. */
export interface NeedQuery extends PageRequest {
  status?: NeedStatus[];
  scope?: string;
  subject?: string;
  /** Needs received at or after this moment (ISO 8601). */
  receivedFrom?: string;
}

/** A query over work orders. */
export interface WorkOrderQuery extends PageRequest {
  need?: string;
  status?: WorkOrderStatus[];
  scope?: string;
  assignee?: { type: string; id: string };
  subject?: string;
}

/** A query over the audit trail. */
export interface EventQuery extends PageRequest {
  need?: string;
  workOrder?: string;
}

/** What a store can do, for the conformance suite and for callers. */
export interface StoreCapabilities {
  /** Transactions are serializable with respect to reservations and idempotency keys. */
  transactions: true;
  /** Outbox claims are safe across processes (leases), not only within one. */
  multiProcess: boolean;
}

/** Reads, available inside and outside transactions. Missing is `null`, never an exception. */
export interface StoreReader {
  getNeed(id: string): Promise<StoredNeed | null>;
  /** The need with this idempotency key, or null. */
  findNeedByExternalId(source: string, externalId: string): Promise<StoredNeed | null>;
  listNeeds(query: NeedQuery): Promise<Page<StoredNeed>>;
  getWorkOrder(id: string): Promise<StoredWorkOrder | null>;
  listWorkOrders(query: WorkOrderQuery): Promise<Page<StoredWorkOrder>>;
  listEvents(query: EventQuery): Promise<Page<Event>>;
  /** Reserved capacity of resources per period key (`open`, `2026-10-09`, `2026-W41`); 0 when none. */
  getLoads(keys: readonly { resource: string; period: string }[]): Promise<number[]>;
}

/** Writes inside a transaction: all commit together or not at all. */
export interface StoreTransaction extends StoreReader {
  /** Inserts a need; a second need with the same (source, externalId) fails with `store.conflict`. */
  insertNeed(need: StoredNeed): Promise<void>;
  /** Replaces a need whose stored version is `need.version - 1`; otherwise fails with `store.conflict`. */
  updateNeed(need: StoredNeed): Promise<void>;
  insertWorkOrder(order: StoredWorkOrder): Promise<void>;
  /** Replaces a work order whose stored version is `order.version - 1`; otherwise `store.conflict`. */
  updateWorkOrder(order: StoredWorkOrder): Promise<void>;
  appendEvents(events: readonly Event[]): Promise<void>;
  enqueue(messages: readonly OutboxMessage[]): Promise<void>;
  /**
   * Reserves `amount` of a resource's capacity for a period, only if the reserved total stays
   * within `capacity`. Returns false, changing nothing, when it would not.
   */
  reserve(resource: string, period: string, amount: number, capacity: number): Promise<boolean>;
  /** Gives back reserved capacity (never below zero). */
  release(resource: string, period: string, amount: number): Promise<void>;
  /** Schedules timers. */
  addTimers(timers: readonly Timer[]): Promise<void>;
  /** Cancels the pending timers of a work order or a need (optionally only some kinds); returns how many. */
  cancelTimers(filter: {
    workOrder?: string;
    need?: string;
    kinds?: readonly Timer["kind"][];
  }): Promise<number>;
  /**
   * Marks a timer claimed by `worker` fired. Returns false, changing nothing, when it is no longer
   * pending or another worker holds it: then the caller must not act on it.
   */
  completeTimer(id: string, worker: string): Promise<boolean>;
}

/**
 * The storage port. Adapters (memory, SQLite, PostgreSQL) implement it and pass the
 * conformance suite in `@lianxin/testkit`.
 */
export interface Store extends StoreReader {
  /** The adapter's name, for errors and logs. */
  readonly name: string;
  readonly capabilities: StoreCapabilities;
  /**
   * Runs `fn` in one transaction. When `fn` throws, nothing it wrote is kept. Transactions that
   * reserve capacity or insert needs behave as if run one at a time.
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /**
   * Claims up to `limit` pending outbox messages available at `now` for `worker`, for `leaseMs`:
   * no other worker gets them until the lease ends. Oldest first; of the pending messages of one
   * ordering key only the oldest is handed out, so each need's messages go out in order (a dead
   * message does not block the ones after it). Each claim counts as an attempt.
   */
  claimOutbox(worker: string, limit: number, leaseMs: number, now: Date): Promise<OutboxMessage[]>;
  /** Marks claimed messages delivered. */
  markDelivered(ids: readonly string[], worker: string, at: Date): Promise<void>;
  /** Records a failed attempt: retry at `retryAt`, or dead when `retryAt` is null. */
  markFailed(id: string, worker: string, error: string, retryAt: Date | null): Promise<void>;
  /** Lists outbox messages by status (dead letters for replay, pending for inspection). */
  listOutbox(query: PageRequest & { status?: OutboxMessage["status"] }): Promise<Page<OutboxMessage>>;
  /**
   * Claims up to `limit` pending timers due at `now` for `worker` for `leaseMs`, earliest first.
   * While the lease holds no other worker gets them; a dead worker's timers come back after it.
   * The cost grows with the number of timers due, not with the number scheduled.
   */
  claimDueTimers(worker: string, now: Date, limit: number, leaseMs: number): Promise<Timer[]>;
  /** Lists timers (for inspection and tests). */
  listTimers(
    query: PageRequest & { need?: string; workOrder?: string; status?: Timer["status"] },
  ): Promise<Page<Timer>>;
  /** Makes dead messages pending again. */
  replayDead(ids: readonly string[], now: Date): Promise<number>;
  close(): Promise<void>;
}
