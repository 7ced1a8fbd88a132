import {
  type Event,
  EventSchema,
  LianxinError,
  type OutboxMessage,
  OutboxMessageSchema,
  type Page,
  type PageRequest,
  type Store,
  type StoredNeed,
  StoredNeedSchema,
  type StoredWorkOrder,
  StoredWorkOrderSchema,
  type StoreReader,
  type StoreTransaction,
  type Timer,
  TimerSchema,
} from "@lianxin/core";
import BetterSqlite3, { type Database, type Statement } from "better-sqlite3";
import * as z from "zod";
import { migrate } from "./migrations.js";

const NAME = "sqlite";

/** How hard SQLite syncs to disk: `FULL` survives power loss, `NORMAL` only application crashes. */
export type SqliteSynchronous = "FULL" | "NORMAL";

/** Options shared by both ways of opening a {@link sqliteStore}. */
export interface SqliteStoreCommonOptions {
  /**
   * `PRAGMA synchronous`. With WAL, `NORMAL` may lose the last transactions on power loss (never
   * on a crash of the process); `FULL` does not.
   * @default "FULL"
   */
  synchronous?: SqliteSynchronous;
  /** How long a writer waits for another process's lock before failing, in milliseconds. @default 5000 */
  busyTimeoutMs?: number;
}

/** Options of {@link sqliteStore}: a database you opened, or a file for the store to open. */
export type SqliteStoreOptions =
  | (SqliteStoreCommonOptions & {
      /** A better-sqlite3 database you opened; the store sets its pragmas and never closes it. */
      database: Database;
      filename?: never;
    })
  | (SqliteStoreCommonOptions & {
      /** A path, or `":memory:"` for a private in-memory database; the store closes it on `close()`. */
      filename: string;
      database?: never;
    });

interface BodyRow {
  seq: number;
  id: string;
  body: string;
}

const limitOf = (req: PageRequest) => Math.trunc(Math.min(Math.max(req.limit ?? 100, 1), 1_000));
const afterOf = (req: PageRequest) => {
  const n = req.cursor ? Number.parseInt(req.cursor, 36) : -1;
  return Number.isFinite(n) ? n : -1;
};
/** Milliseconds of an ISO timestamp, or null when it does not parse (never matches a range). */
const msOf = (iso: string) => {
  const n = Date.parse(iso);
  return Number.isFinite(n) ? n : null;
};
const conflict = (message: string, cause?: unknown) =>
  new LianxinError("store.conflict", message, { adapter: NAME, cause });
const isConstraint = (e: unknown) =>
  typeof e === "object" &&
  e !== null &&
  String((e as { code?: unknown }).code).startsWith("SQLITE_CONSTRAINT");

/** A filter on a materialized path: the unit itself and everything below it (`a/b`, `a/b/...`). */
function scopeClause(scope: string | undefined, where: string[], params: unknown[]) {
  if (scope === undefined) return;
  // Every string starting with `a/b/` sorts in [`a/b/`, `a/b0`): '0' follows '/' in ASCII.
  where.push("(scope = ? OR (scope >= ? AND scope < ?))");
  params.push(scope, `${scope}/`, `${scope}0`);
}

/**
 * A Lianxin store on SQLite through better-sqlite3: the state of every need, work order, audit
 * event, outbox message and timer in one database, committed atomically and durably
 * (`journal_mode=WAL`, `synchronous=FULL` by default). Migrations run on open. Transactions
 * run one at a time (`BEGIN IMMEDIATE`), so reservations and idempotency keys are serializable,
 * also across processes sharing the file.
 */
export function sqliteStore(options: SqliteStoreOptions): Store {
  const owned = options.database === undefined;
  const synchronous = options.synchronous ?? "FULL";
  if (synchronous !== "FULL" && synchronous !== "NORMAL")
    throw new LianxinError("store.invalid_options", `synchronous must be "FULL" or "NORMAL"`, {
      adapter: NAME,
    });
  const busy = options.busyTimeoutMs ?? 5_000;
  if (!Number.isInteger(busy) || busy < 0)
    throw new LianxinError("store.invalid_options", "busyTimeoutMs must be a non-negative integer", {
      adapter: NAME,
    });
  let db: Database;
  try {
    db = options.database ?? new BetterSqlite3(options.filename);
  } catch (e) {
    throw new LianxinError("store.open_failed", `could not open the SQLite database ${options.filename}`, {
      adapter: NAME,
      cause: e,
    });
  }
  try {
    if (!db.memory) db.pragma("journal_mode = WAL");
    db.pragma(synchronous === "FULL" ? "synchronous = FULL" : "synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    db.pragma(`busy_timeout = ${busy}`);
    migrate(db, NAME);
  } catch (e) {
    if (owned) db.close();
    if (LianxinError.is(e)) throw e;
    throw new LianxinError("store.open_failed", "could not prepare the SQLite database", {
      adapter: NAME,
      cause: e,
    });
  }

  const statements = new Map<string, Statement>();
  const sql = (text: string): Statement => {
    let s = statements.get(text);
    if (!s) {
      s = db.prepare(text);
      statements.set(text, s);
    }
    return s;
  };
  let closed = false;
  const check = () => {
    if (closed) throw new LianxinError("store.closed", "the sqlite store is closed", { adapter: NAME });
  };

  /** Parses and checks a row's JSON; a broken row is an error naming its table and id, never data. */
  function decode<T>(table: string, row: { id: string; body: string }, schema: z.ZodType): T {
    let value: unknown;
    try {
      value = JSON.parse(row.body);
    } catch (e) {
      throw malformed(table, row.id, "its JSON does not parse", e);
    }
    const checked = schema.safeParse(value);
    if (!checked.success) throw malformed(table, row.id, z.prettifyError(checked.error), checked.error);
    if ((value as { id?: unknown }).id !== row.id)
      throw malformed(table, row.id, "its id column and JSON differ");
    return value as T;
  }
  function malformed(table: string, id: string, why: string, cause?: unknown) {
    return new LianxinError(
      "store.malformed_row",
      `row ${JSON.stringify(id)} of table ${table} is malformed: ${why}`,
      { adapter: NAME, cause },
    );
  }

  function list<T>(
    table: string,
    where: string[],
    params: unknown[],
    req: PageRequest,
    schema: z.ZodType,
  ): Page<T> {
    const limit = limitOf(req);
    const clauses = ["seq > ?", ...where];
    const rows = sql(
      `SELECT seq, id, body FROM ${table} WHERE ${clauses.join(" AND ")} ORDER BY seq LIMIT ?`,
    ).all(afterOf(req), ...params, limit + 1) as BodyRow[];
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    return {
      items: kept.map((r) => decode<T>(table, r, schema)),
      next: more ? kept[kept.length - 1]!.seq.toString(36) : null,
    };
  }
  /** Adds `column = ?` when the filter is set. */
  const equals = (where: string[], params: unknown[], column: string, value: unknown) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  const statusIn = (where: string[], params: unknown[], status: readonly string[] | undefined) => {
    if (status === undefined) return;
    where.push("status IN (SELECT value FROM json_each(?))");
    params.push(JSON.stringify(status));
  };

  const reader: StoreReader = {
    async getNeed(id) {
      check();
      const row = sql("SELECT id, body FROM needs WHERE id = ?").get(id) as BodyRow | undefined;
      return row ? decode<StoredNeed>("needs", row, StoredNeedSchema) : null;
    },
    async findNeedByExternalId(source, externalId) {
      check();
      const row = sql("SELECT id, body FROM needs WHERE source = ? AND external_id = ?").get(
        source,
        externalId,
      ) as BodyRow | undefined;
      return row ? decode<StoredNeed>("needs", row, StoredNeedSchema) : null;
    },
    async listNeeds(q) {
      check();
      const where: string[] = [];
      const params: unknown[] = [];
      statusIn(where, params, q.status);
      scopeClause(q.scope, where, params);
      equals(where, params, "subject", q.subject);
      if (q.receivedFrom !== undefined) {
        where.push("received_at >= ?");
        params.push(msOf(q.receivedFrom));
      }
      return list<StoredNeed>("needs", where, params, q, StoredNeedSchema);
    },
    async getWorkOrder(id) {
      check();
      const row = sql("SELECT id, body FROM work_orders WHERE id = ?").get(id) as BodyRow | undefined;
      return row ? decode<StoredWorkOrder>("work_orders", row, StoredWorkOrderSchema) : null;
    },
    async listWorkOrders(q) {
      check();
      const where: string[] = [];
      const params: unknown[] = [];
      equals(where, params, "need", q.need);
      statusIn(where, params, q.status);
      scopeClause(q.scope, where, params);
      if (q.assignee !== undefined) {
        where.push("assignee_type = ? AND assignee_id = ?");
        params.push(q.assignee.type, q.assignee.id);
      }
      equals(where, params, "subject", q.subject);
      return list<StoredWorkOrder>("work_orders", where, params, q, StoredWorkOrderSchema);
    },
    async listEvents(q) {
      check();
      const where: string[] = [];
      const params: unknown[] = [];
      equals(where, params, "need", q.need);
      equals(where, params, "work_order", q.workOrder);
      return list<Event>("events", where, params, q, EventSchema);
    },
    async getLoads(keys) {
      check();
      const get = sql("SELECT amount FROM loads WHERE resource = ? AND period = ?");
      return keys.map((k) => (get.get(k.resource, k.period) as { amount: number } | undefined)?.amount ?? 0);
    },
  };

  const loadOf = (resource: string, period: string) =>
    (
      sql("SELECT amount FROM loads WHERE resource = ? AND period = ?").get(resource, period) as
        | { amount: number }
        | undefined
    )?.amount ?? 0;
  const setLoad = (resource: string, period: string, amount: number) =>
    sql(
      "INSERT INTO loads (resource, period, amount) VALUES (?, ?, ?) ON CONFLICT (resource, period) DO UPDATE SET amount = excluded.amount",
    ).run(resource, period, amount);

  const tx: StoreTransaction = {
    ...reader,
    async insertNeed(need) {
      check();
      if (sql("SELECT 1 FROM needs WHERE id = ?").get(need.id)) throw conflict(`need ${need.id} exists`);
      if (
        need.externalId !== undefined &&
        sql("SELECT 1 FROM needs WHERE source = ? AND external_id = ?").get(need.source, need.externalId)
      )
        throw conflict(`a need from ${need.source} with this external id exists`);
      try {
        sql(
          `INSERT INTO needs (id, seq, source, external_id, status, scope, subject, received_at, version, body)
           VALUES (?, (SELECT IFNULL(MAX(seq), 0) + 1 FROM needs), ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          need.id,
          need.source,
          need.externalId ?? null,
          need.status,
          need.scope,
          need.subject ?? null,
          msOf(need.receivedAt),
          need.version,
          JSON.stringify(need),
        );
      } catch (e) {
        if (isConstraint(e)) throw conflict(`need ${need.id} conflicts with a stored need`, e);
        throw e;
      }
    },
    async updateNeed(need) {
      check();
      let changes: number;
      try {
        changes = sql(
          `UPDATE needs SET source = ?, external_id = ?, status = ?, scope = ?, subject = ?, received_at = ?,
             version = ?, body = ? WHERE id = ? AND version = ?`,
        ).run(
          need.source,
          need.externalId ?? null,
          need.status,
          need.scope,
          need.subject ?? null,
          msOf(need.receivedAt),
          need.version,
          JSON.stringify(need),
          need.id,
          need.version - 1,
        ).changes;
      } catch (e) {
        if (isConstraint(e)) throw conflict(`need ${need.id} conflicts with a stored need`, e);
        throw e;
      }
      if (changes === 0) throw conflict(`need ${need.id} was changed meanwhile`);
    },
    async insertWorkOrder(order) {
      check();
      if (sql("SELECT 1 FROM work_orders WHERE id = ?").get(order.id))
        throw conflict(`work order ${order.id} exists`);
      sql(
        `INSERT INTO work_orders (id, seq, need, status, scope, assignee_type, assignee_id, subject, version, body)
         VALUES (?, (SELECT IFNULL(MAX(seq), 0) + 1 FROM work_orders), ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        order.id,
        order.need,
        order.status,
        order.scope,
        order.assignee.type,
        order.assignee.id,
        order.subject ?? null,
        order.version,
        JSON.stringify(order),
      );
    },
    async updateWorkOrder(order) {
      check();
      const { changes } = sql(
        `UPDATE work_orders SET need = ?, status = ?, scope = ?, assignee_type = ?, assignee_id = ?, subject = ?,
           version = ?, body = ? WHERE id = ? AND version = ?`,
      ).run(
        order.need,
        order.status,
        order.scope,
        order.assignee.type,
        order.assignee.id,
        order.subject ?? null,
        order.version,
        JSON.stringify(order),
        order.id,
        order.version - 1,
      );
      if (changes === 0) throw conflict(`work order ${order.id} was changed meanwhile`);
    },
    async appendEvents(events) {
      check();
      const insert = sql("INSERT INTO events (id, need, work_order, body) VALUES (?, ?, ?, ?)");
      for (const e of events) insert.run(e.id, e.need ?? null, e.workOrder ?? null, JSON.stringify(e));
    },
    async enqueue(messages) {
      check();
      const exists = sql("SELECT 1 FROM outbox WHERE id = ?");
      const insert = sql(
        `INSERT INTO outbox (id, seq, ordering_key, status, available_at, body)
         VALUES (?, (SELECT IFNULL(MAX(seq), 0) + 1 FROM outbox), ?, ?, ?, ?)`,
      );
      for (const m of messages) {
        if (exists.get(m.id)) throw conflict(`outbox message ${m.id} exists`);
        insert.run(m.id, m.orderingKey, m.status, msOf(m.availableAt) ?? 0, JSON.stringify(m));
      }
    },
    async reserve(resource, period, amount, capacity) {
      check();
      const now = loadOf(resource, period);
      if (now + amount > capacity) return false;
      setLoad(resource, period, now + amount);
      return true;
    },
    async release(resource, period, amount) {
      check();
      setLoad(resource, period, Math.max(0, loadOf(resource, period) - amount));
    },
    async addTimers(timers) {
      check();
      const exists = sql("SELECT 1 FROM timers WHERE id = ?");
      const insert = sql(
        `INSERT INTO timers (id, seq, kind, due_ms, ready_ms, status, need, work_order, body)
         VALUES (?, (SELECT IFNULL(MAX(seq), 0) + 1 FROM timers), ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const t of timers) {
        if (exists.get(t.id)) throw conflict(`timer ${t.id} exists`);
        const due = msOf(t.dueAt) ?? Number.MAX_SAFE_INTEGER;
        insert.run(t.id, t.kind, due, due, t.status, t.need, t.workOrder ?? null, JSON.stringify(t));
      }
    },
    async cancelTimers(filter) {
      check();
      const where = ["status = 'pending'"];
      const params: unknown[] = [];
      if (filter.workOrder !== undefined) {
        where.push("work_order = ?");
        params.push(filter.workOrder);
        if (filter.need !== undefined) {
          where.push("need = ?");
          params.push(filter.need);
        }
      } else if (filter.need !== undefined) {
        where.push("need = ?");
        params.push(filter.need);
      } else return 0;
      if (filter.kinds !== undefined) {
        where.push("kind IN (SELECT value FROM json_each(?))");
        params.push(JSON.stringify(filter.kinds));
      }
      return sql(
        `UPDATE timers SET status = 'cancelled', body = json_set(body, '$.status', 'cancelled') WHERE ${where.join(" AND ")}`,
      ).run(...params).changes;
    },
    async completeTimer(id, worker) {
      check();
      return (
        sql(
          `UPDATE timers SET status = 'fired', claimed_by = NULL, lease_until = NULL,
             body = json_set(body, '$.status', 'fired') WHERE id = ? AND status = 'pending' AND claimed_by = ?`,
        ).run(id, worker).changes === 1
      );
    },
  };

  // Transactions and the store's own writes take turns on the one connection.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };
  /** Runs a synchronous write as one immediate transaction, after any running transaction. */
  const write = <T>(fn: () => T): Promise<T> =>
    exclusive(async () => {
      check();
      return db.transaction(fn).immediate();
    });

  const store: Store = {
    name: NAME,
    capabilities: { transactions: true, multiProcess: !db.memory },
    ...reader,
    transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      return exclusive(async () => {
        check();
        sql("BEGIN IMMEDIATE").run();
        let result: T;
        try {
          result = await fn(tx);
        } catch (e) {
          if (db.inTransaction) sql("ROLLBACK").run();
          throw e;
        }
        try {
          sql("COMMIT").run();
        } catch (e) {
          if (db.inTransaction) sql("ROLLBACK").run();
          throw new LianxinError("store.commit_failed", "the sqlite store could not commit the transaction", {
            adapter: NAME,
            cause: e,
          });
        }
        return result;
      });
    },
    claimOutbox(worker, limit, leaseMs, now) {
      return write(() => {
        const t = now.getTime();
        // The oldest pending message of each ordering key, when available and not leased to another worker.
        const rows = sql(
          `SELECT o.seq, o.id, o.body FROM outbox o
           WHERE o.status = 'pending'
             AND o.seq = (SELECT MIN(p.seq) FROM outbox p WHERE p.status = 'pending' AND p.ordering_key = o.ordering_key)
             AND o.available_at <= ?
             AND (o.lease_until IS NULL OR o.lease_until <= ? OR o.claimed_by = ?)
           ORDER BY o.seq LIMIT ?`,
        ).all(t, t, worker, Math.max(0, Math.trunc(limit))) as BodyRow[];
        const claim = sql("UPDATE outbox SET claimed_by = ?, lease_until = ?, body = ? WHERE id = ?");
        return rows.map((r) => {
          const m = decode<OutboxMessage>("outbox", r, OutboxMessageSchema);
          m.attempts++;
          claim.run(worker, t + leaseMs, JSON.stringify(m), m.id);
          return m;
        });
      });
    },
    markDelivered(ids, worker, at) {
      return write(() => {
        const update = sql(
          `UPDATE outbox SET status = 'delivered', claimed_by = NULL, lease_until = NULL,
             body = json_set(body, '$.status', 'delivered', '$.deliveredAt', ?) WHERE id = ? AND claimed_by = ?`,
        );
        for (const id of ids) update.run(at.toISOString(), id, worker);
      });
    },
    markFailed(id, worker, error, retryAt) {
      return write(() => {
        const lastError = error.slice(0, 2_000);
        if (retryAt === null)
          sql(
            `UPDATE outbox SET status = 'dead', claimed_by = NULL, lease_until = NULL,
               body = json_set(body, '$.status', 'dead', '$.lastError', ?) WHERE id = ? AND claimed_by = ?`,
          ).run(lastError, id, worker);
        else
          sql(
            `UPDATE outbox SET available_at = ?, claimed_by = NULL, lease_until = NULL,
               body = json_set(body, '$.availableAt', ?, '$.lastError', ?) WHERE id = ? AND claimed_by = ?`,
          ).run(retryAt.getTime(), retryAt.toISOString(), lastError, id, worker);
      });
    },
    async listOutbox(q) {
      check();
      const where: string[] = [];
      const params: unknown[] = [];
      equals(where, params, "status", q.status);
      return list<OutboxMessage>("outbox", where, params, q, OutboxMessageSchema);
    },
    replayDead(ids, now) {
      return write(() => {
        const update = sql(
          `UPDATE outbox SET status = 'pending', available_at = ?,
             body = json_set(body, '$.status', 'pending', '$.availableAt', ?) WHERE id = ? AND status = 'dead'`,
        );
        let n = 0;
        for (const id of ids) n += update.run(now.getTime(), now.toISOString(), id).changes;
        return n;
      });
    },
    claimDueTimers(worker, now, limit, leaseMs) {
      return write(() => {
        const t = now.getTime();
        // ready_ms is the due time, or the end of the current lease: a dead worker's timers come back.
        const rows = sql(
          `SELECT seq, id, body FROM timers WHERE status = 'pending' AND ready_ms <= ? ORDER BY ready_ms, seq LIMIT ?`,
        ).all(t, Math.max(0, Math.trunc(limit))) as BodyRow[];
        const claim = sql("UPDATE timers SET claimed_by = ?, lease_until = ?, ready_ms = ? WHERE id = ?");
        return rows.map((r) => {
          const timer = decode<Timer>("timers", r, TimerSchema);
          claim.run(worker, t + leaseMs, t + leaseMs, timer.id);
          return timer;
        });
      });
    },
    async listTimers(q) {
      check();
      const where: string[] = [];
      const params: unknown[] = [];
      equals(where, params, "need", q.need);
      equals(where, params, "work_order", q.workOrder);
      equals(where, params, "status", q.status);
      return list<Timer>("timers", where, params, q, TimerSchema);
    },
    close() {
      return exclusive(async () => {
        if (closed) return;
        closed = true;
        statements.clear();
        if (owned) db.close();
      });
    },
  };
  return store;
}
