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
import type { Pool, PoolClient, QueryResultRow } from "pg";
import * as z from "zod";
import { isSchemaName, migrate, quoteSchema } from "./migrations.js";

const NAME = "postgres";

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /** A node-postgres pool you created; the store borrows clients from it and never ends it. */
  pool: Pool;
  /**
   * The schema holding the store's tables, created on first use. Lower-case letters, digits and
   * `_`, starting with a letter or `_`, at most 63 characters.
   * @default "lianxin"
   */
  schema?: string;
}

interface BodyRow {
  seq: string;
  id: string;
  body: unknown;
}

/** Anything that runs a query: the pool, or a client inside a transaction. */
interface Queryable {
  query<R extends QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

const limitOf = (req: PageRequest) => Math.trunc(Math.min(Math.max(req.limit ?? 100, 1), 1_000));
const afterOf = (req: PageRequest) => (req.cursor && /^\d{1,18}$/.test(req.cursor) ? req.cursor : "-1");
/** The moment of an ISO timestamp, or null when it does not parse (never matches a range). */
const dateOf = (iso: string) => {
  const n = Date.parse(iso);
  return Number.isFinite(n) ? new Date(n) : null;
};
const conflict = (message: string, cause?: unknown) =>
  new LianxinError("store.conflict", message, { adapter: NAME, cause });
const pgCode = (e: unknown) =>
  typeof e === "object" && e !== null ? String((e as { code?: unknown }).code) : undefined;

/** Builds a parameter list: `p(value)` appends a value and returns its placeholder. */
function parameters(): { values: unknown[]; p: (value: unknown) => string } {
  const values: unknown[] = [];
  return { values, p: (value) => `$${values.push(value)}` };
}

/**
 * A Lianxin store on PostgreSQL through node-postgres (`pg`): needs, work orders, the audit
 * trail, the outbox, timers and capacity reservations in one schema, safe to share between
 * processes. Migrations run on first use, under an advisory lock.
 *
 * - Reservations are one guarded upsert (`amount + n <= capacity`), never read-then-write, and
 *   transactions serialise per (resource, period) with an advisory lock, so reads of loads inside
 *   a transaction stay true until it commits.
 * - Idempotency keys are a UNIQUE constraint on (source, external_id); updates are optimistic on
 *   `version`. Both fail with `store.conflict`.
 * - Outbox and timer claims use `FOR UPDATE SKIP LOCKED` and leases (`claimed_by`, `lease_until`).
 */
export function postgresStore(options: PostgresStoreOptions): Store {
  const pool = options.pool;
  if (
    pool === null ||
    typeof pool !== "object" ||
    typeof (pool as { connect?: unknown }).connect !== "function"
  )
    throw new LianxinError("store.invalid_options", "pool must be a pg.Pool", { adapter: NAME });
  const schema = options.schema ?? "lianxin";
  if (typeof schema !== "string" || !isSchemaName(schema))
    throw new LianxinError(
      "store.invalid_options",
      `schema ${JSON.stringify(schema)} is not a valid name: use ^[a-z_][a-z0-9_]{0,62}$`,
      { adapter: NAME },
    );
  const q = quoteSchema(schema);
  const t = (table: string) => `${q}.${table}`;

  let closed = false;
  const check = () => {
    if (closed) throw new LianxinError("store.closed", "the postgres store is closed", { adapter: NAME });
  };
  let migrated: Promise<void> | undefined;
  /** Runs the migrations once; a failure is reported to this caller and retried by the next. */
  const ready = (): Promise<void> => {
    check();
    if (!migrated) {
      migrated = migrate(pool, schema, NAME).then(
        () => undefined,
        (e: unknown) => {
          migrated = undefined;
          if (LianxinError.is(e)) throw e;
          throw new LianxinError("store.open_failed", `could not migrate the schema ${schema}`, {
            adapter: NAME,
            cause: e,
          });
        },
      );
    }
    return migrated;
  };

  /** Runs a query; a driver error becomes a LianxinError naming the adapter. */
  async function run<R extends QueryResultRow>(
    db: Queryable,
    text: string,
    values: unknown[] = [],
  ): Promise<{ rows: R[]; rowCount: number }> {
    try {
      const r = await db.query<R>(text, values);
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    } catch (e) {
      throw translate(e);
    }
  }
  function translate(e: unknown): unknown {
    if (LianxinError.is(e)) return e;
    const code = pgCode(e);
    if (code === "23505") return conflict("a row with this key exists", e);
    if (code === "40001" || code === "40P01")
      return conflict(
        "the transaction collided with a concurrent one (serialization failure or deadlock): retry it",
        e,
      );
    return new LianxinError(
      "store.query_failed",
      `a query of the postgres store failed: ${String((e as Error)?.message ?? e)}`,
      {
        adapter: NAME,
        cause: e,
      },
    );
  }

  /** Checks a row's JSON; a broken row is an error naming its table and id, never data. */
  function decode<T>(table: string, row: { id: string; body: unknown }, schema: z.ZodType): T {
    const value = row.body;
    const checked = schema.safeParse(value);
    if (!checked.success) throw malformed(table, row.id, z.prettifyError(checked.error), checked.error);
    if ((value as { id?: unknown }).id !== row.id)
      throw malformed(table, row.id, "its id column and JSON differ");
    return value as T;
  }
  function malformed(table: string, id: string, why: string, cause?: unknown) {
    return new LianxinError(
      "store.malformed_row",
      `row ${JSON.stringify(id)} of table ${schema}.${table} is malformed: ${why}`,
      { adapter: NAME, cause },
    );
  }

  async function list<T>(
    db: Queryable,
    table: string,
    build: (p: (value: unknown) => string) => string[],
    req: PageRequest,
    schema: z.ZodType,
  ): Promise<Page<T>> {
    const limit = limitOf(req);
    const { values, p } = parameters();
    const clauses = [`seq > ${p(afterOf(req))}::bigint`, ...build(p)];
    const { rows } = await run<BodyRow>(
      db,
      `SELECT seq, id, body FROM ${t(table)} WHERE ${clauses.join(" AND ")} ORDER BY seq LIMIT ${p(limit + 1)}`,
      values,
    );
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    return {
      items: kept.map((r) => decode<T>(table, r, schema)),
      next: more ? String(kept[kept.length - 1]!.seq) : null,
    };
  }
  /** A filter on a materialized path: the unit itself and everything below it (`a/b`, `a/b/...`). */
  const scopeClause = (scope: string | undefined, where: string[], p: (v: unknown) => string) => {
    if (scope === undefined) return;
    // In the "C" collation every string starting with `a/b/` sorts in [`a/b/`, `a/b0`).
    where.push(`(scope = ${p(scope)} OR (scope >= ${p(`${scope}/`)} AND scope < ${p(`${scope}0`)}))`);
  };

  /** The reads, on the pool or on a transaction's client; `before` runs first (migrations, closed check). */
  function reader(db: Queryable, before: () => Promise<void>): StoreReader {
    return {
      async getNeed(id) {
        await before();
        const { rows } = await run<BodyRow>(db, `SELECT id, body FROM ${t("needs")} WHERE id = $1`, [id]);
        return rows[0] ? decode<StoredNeed>("needs", rows[0], StoredNeedSchema) : null;
      },
      async findNeedByExternalId(source, externalId) {
        await before();
        const { rows } = await run<BodyRow>(
          db,
          `SELECT id, body FROM ${t("needs")} WHERE source = $1 AND external_id = $2`,
          [source, externalId],
        );
        return rows[0] ? decode<StoredNeed>("needs", rows[0], StoredNeedSchema) : null;
      },
      async listNeeds(query) {
        await before();
        return list<StoredNeed>(
          db,
          "needs",
          (p) => {
            const where: string[] = [];
            if (query.status !== undefined) where.push(`status = ANY(${p(query.status)}::text[])`);
            scopeClause(query.scope, where, p);
            if (query.subject !== undefined) where.push(`subject = ${p(query.subject)}`);
            if (query.receivedFrom !== undefined)
              where.push(`received_at >= ${p(dateOf(query.receivedFrom))}::timestamptz`);
            return where;
          },
          query,
          StoredNeedSchema,
        );
      },
      async getWorkOrder(id) {
        await before();
        const { rows } = await run<BodyRow>(db, `SELECT id, body FROM ${t("work_orders")} WHERE id = $1`, [
          id,
        ]);
        return rows[0] ? decode<StoredWorkOrder>("work_orders", rows[0], StoredWorkOrderSchema) : null;
      },
      async listWorkOrders(query) {
        await before();
        return list<StoredWorkOrder>(
          db,
          "work_orders",
          (p) => {
            const where: string[] = [];
            if (query.need !== undefined) where.push(`need = ${p(query.need)}`);
            if (query.status !== undefined) where.push(`status = ANY(${p(query.status)}::text[])`);
            scopeClause(query.scope, where, p);
            if (query.assignee !== undefined)
              where.push(
                `assignee_type = ${p(query.assignee.type)} AND assignee_id = ${p(query.assignee.id)}`,
              );
            if (query.subject !== undefined) where.push(`subject = ${p(query.subject)}`);
            return where;
          },
          query,
          StoredWorkOrderSchema,
        );
      },
      async listEvents(query) {
        await before();
        return list<Event>(
          db,
          "events",
          (p) => {
            const where: string[] = [];
            if (query.need !== undefined) where.push(`need = ${p(query.need)}`);
            if (query.workOrder !== undefined) where.push(`work_order = ${p(query.workOrder)}`);
            return where;
          },
          query,
          EventSchema,
        );
      },
      async getLoads(keys) {
        await before();
        if (keys.length === 0) return [];
        const { rows } = await run<{ i: number; amount: number | null }>(
          db,
          `SELECT k.i, l.amount FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(resource, period, i)
           LEFT JOIN ${t("loads")} l ON l.resource = k.resource AND l.period = k.period ORDER BY k.i`,
          [keys.map((k) => k.resource), keys.map((k) => k.period)],
        );
        return rows.map((r) => r.amount ?? 0);
      },
    };
  }

  /** Takes the transaction-scoped lock of loads, in a fixed order so two transactions cannot deadlock on one call. */
  async function lockLoads(db: Queryable, keys: readonly { resource: string; period: string }[]) {
    const sorted = [...new Set(keys.map((k) => `${k.resource}\u001f${k.period}`))].sort();
    for (const key of sorted)
      await run(db, "SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))", [
        `lianxin.loads:${schema}`,
        key,
      ]);
  }

  const poolReader = reader(pool as unknown as Queryable, ready);

  function transactionHandle(client: Queryable): StoreTransaction {
    const base = reader(client, async () => check());
    return {
      ...base,
      async getLoads(keys) {
        // Serialise with the transactions reserving these keys: what is read stays true until commit.
        await lockLoads(client, keys);
        return base.getLoads(keys);
      },
      async insertNeed(need) {
        check();
        const { rowCount } = await run(
          client,
          `INSERT INTO ${t("needs")} (id, source, external_id, status, scope, subject, received_at, version, body)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
          [
            need.id,
            need.source,
            need.externalId ?? null,
            need.status,
            need.scope,
            need.subject ?? null,
            dateOf(need.receivedAt),
            need.version,
            JSON.stringify(need),
          ],
        );
        if (rowCount === 0)
          throw conflict(
            `need ${need.id} conflicts with a stored need (same id, or same source ${need.source} and external id)`,
          );
      },
      async updateNeed(need) {
        check();
        const { rowCount } = await run(
          client,
          `UPDATE ${t("needs")} SET source = $1, external_id = $2, status = $3, scope = $4, subject = $5,
             received_at = $6, version = $7, body = $8 WHERE id = $9 AND version = $10`,
          [
            need.source,
            need.externalId ?? null,
            need.status,
            need.scope,
            need.subject ?? null,
            dateOf(need.receivedAt),
            need.version,
            JSON.stringify(need),
            need.id,
            need.version - 1,
          ],
        );
        if (rowCount === 0) throw conflict(`need ${need.id} was changed meanwhile`);
      },
      async insertWorkOrder(order) {
        check();
        const { rowCount } = await run(
          client,
          `INSERT INTO ${t("work_orders")} (id, need, status, scope, assignee_type, assignee_id, subject, version, body)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
          [
            order.id,
            order.need,
            order.status,
            order.scope,
            order.assignee.type,
            order.assignee.id,
            order.subject ?? null,
            order.version,
            JSON.stringify(order),
          ],
        );
        if (rowCount === 0) throw conflict(`work order ${order.id} exists`);
      },
      async updateWorkOrder(order) {
        check();
        const { rowCount } = await run(
          client,
          `UPDATE ${t("work_orders")} SET need = $1, status = $2, scope = $3, assignee_type = $4, assignee_id = $5,
             subject = $6, version = $7, body = $8 WHERE id = $9 AND version = $10`,
          [
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
          ],
        );
        if (rowCount === 0) throw conflict(`work order ${order.id} was changed meanwhile`);
      },
      async appendEvents(events) {
        check();
        if (events.length === 0) return;
        await run(
          client,
          `INSERT INTO ${t("events")} (id, need, work_order, body)
           SELECT e.id, e.need, e.work_order, e.body
           FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS e(id, need, work_order, body, i)
           ORDER BY e.i`,
          [
            events.map((e) => e.id),
            events.map((e) => e.need ?? null),
            events.map((e) => e.workOrder ?? null),
            events.map((e) => JSON.stringify(e)),
          ],
        );
      },
      async enqueue(messages) {
        check();
        for (const m of messages) {
          const { rowCount } = await run(
            client,
            `INSERT INTO ${t("outbox")} (id, ordering_key, status, available_at, body)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
            [m.id, m.orderingKey, m.status, dateOf(m.availableAt) ?? new Date(0), JSON.stringify(m)],
          );
          if (rowCount === 0) throw conflict(`outbox message ${m.id} exists`);
        }
      },
      async reserve(resource, period, amount, capacity) {
        check();
        await lockLoads(client, [{ resource, period }]);
        // One guarded upsert: the first reservation inserts, later ones add only within capacity.
        const { rowCount } = await run(
          client,
          `INSERT INTO ${t("loads")} AS l (resource, period, amount)
           SELECT $1, $2, $3::double precision WHERE $3::double precision <= $4::double precision
           ON CONFLICT (resource, period) DO UPDATE SET amount = l.amount + EXCLUDED.amount
             WHERE l.amount + EXCLUDED.amount <= $4::double precision`,
          [resource, period, amount, capacity],
        );
        return rowCount === 1;
      },
      async release(resource, period, amount) {
        check();
        await lockLoads(client, [{ resource, period }]);
        await run(
          client,
          `UPDATE ${t("loads")} SET amount = GREATEST(0, amount - $3::double precision) WHERE resource = $1 AND period = $2`,
          [resource, period, amount],
        );
      },
      async addTimers(timers) {
        check();
        for (const timer of timers) {
          const due = dateOf(timer.dueAt) ?? "infinity";
          const { rowCount } = await run(
            client,
            `INSERT INTO ${t("timers")} (id, kind, due_at, ready_at, status, need, work_order, body)
             VALUES ($1, $2, $3, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
            [
              timer.id,
              timer.kind,
              due,
              timer.status,
              timer.need,
              timer.workOrder ?? null,
              JSON.stringify(timer),
            ],
          );
          if (rowCount === 0) throw conflict(`timer ${timer.id} exists`);
        }
      },
      async cancelTimers(filter) {
        check();
        if (filter.workOrder === undefined && filter.need === undefined) return 0;
        const { values, p } = parameters();
        const where = ["status = 'pending'"];
        if (filter.workOrder !== undefined) where.push(`work_order = ${p(filter.workOrder)}`);
        if (filter.need !== undefined) where.push(`need = ${p(filter.need)}`);
        if (filter.kinds !== undefined) where.push(`kind = ANY(${p(filter.kinds)}::text[])`);
        const { rowCount } = await run(
          client,
          `UPDATE ${t("timers")} SET status = 'cancelled', body = jsonb_set(body, '{status}', '"cancelled"')
           WHERE ${where.join(" AND ")}`,
          values,
        );
        return rowCount;
      },
      async completeTimer(id, worker) {
        check();
        const { rowCount } = await run(
          client,
          `UPDATE ${t("timers")} SET status = 'fired', claimed_by = NULL, lease_until = NULL,
             body = jsonb_set(body, '{status}', '"fired"') WHERE id = $1 AND status = 'pending' AND claimed_by = $2`,
          [id, worker],
        );
        return rowCount === 1;
      },
    };
  }

  /** Runs `fn` on one pooled client between BEGIN and COMMIT, or ROLLBACK when it throws. */
  async function inTransaction<T>(fn: (client: Queryable) => Promise<T>): Promise<T> {
    await ready();
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      throw new LianxinError(
        "store.connect_failed",
        "the postgres store could not get a client from the pool",
        {
          adapter: NAME,
          cause: e,
        },
      );
    }
    let broken: unknown;
    // The pool stops listening for a checked-out client's errors: a server that drops the
    // connection mid-transaction must fail this transaction, not crash the process.
    const onError = (e: unknown) => {
      broken = e instanceof Error ? e : new Error(String(e));
    };
    client.on("error", onError);
    try {
      await run(client, "BEGIN");
      let result: T;
      try {
        result = await fn(client);
      } catch (e) {
        await client.query("ROLLBACK").catch((rollback: unknown) => {
          broken = rollback;
        });
        throw e;
      }
      try {
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        // A deferred constraint or a serialization failure at commit is a conflict; anything else is not.
        throw ["40001", "40P01", "23505"].includes(pgCode(e) ?? "")
          ? translate(e)
          : new LianxinError("store.commit_failed", "the postgres store could not commit the transaction", {
              adapter: NAME,
              cause: e,
            });
      }
      return result;
    } finally {
      client.off("error", onError);
      // A client whose ROLLBACK failed (or whose connection broke) is in an unknown state:
      // destroy it rather than reuse it.
      client.release(broken instanceof Error ? broken : broken === undefined ? undefined : true);
    }
  }

  const store: Store = {
    name: NAME,
    capabilities: { transactions: true, multiProcess: true },
    ...poolReader,
    transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      return inTransaction((client) => fn(transactionHandle(client)));
    },
    claimOutbox(worker, limit, leaseMs, now) {
      return inTransaction(async (client) => {
        const n = Math.max(0, Math.trunc(limit));
        if (n === 0) return [];
        // The oldest pending message of each ordering key, when available and not leased to
        // another worker; rows another worker is claiming right now are skipped, not waited for.
        const { rows } = await run<BodyRow>(
          client,
          `SELECT o.seq, o.id, o.body FROM ${t("outbox")} o
           WHERE o.status = 'pending'
             AND o.seq = (SELECT MIN(p.seq) FROM ${t("outbox")} p WHERE p.status = 'pending' AND p.ordering_key = o.ordering_key)
             AND o.available_at <= $1
             AND (o.lease_until IS NULL OR o.lease_until <= $1 OR o.claimed_by = $2)
           ORDER BY o.seq LIMIT $3
           FOR UPDATE OF o SKIP LOCKED`,
          [now, worker, n],
        );
        if (rows.length === 0) return [];
        const claimed = rows.map((r) => {
          const m = decode<OutboxMessage>("outbox", r, OutboxMessageSchema);
          m.attempts++;
          return m;
        });
        await run(
          client,
          `UPDATE ${t("outbox")} o SET claimed_by = $1, lease_until = $2, body = v.body
           FROM unnest($3::text[], $4::jsonb[]) AS v(id, body) WHERE o.id = v.id`,
          [
            worker,
            new Date(now.getTime() + leaseMs),
            claimed.map((m) => m.id),
            claimed.map((m) => JSON.stringify(m)),
          ],
        );
        return claimed;
      });
    },
    async markDelivered(ids, worker, at) {
      await ready();
      if (ids.length === 0) return;
      await run(
        pool as unknown as Queryable,
        `UPDATE ${t("outbox")} SET status = 'delivered', claimed_by = NULL, lease_until = NULL,
           body = body || jsonb_build_object('status', 'delivered', 'deliveredAt', $1::text)
         WHERE id = ANY($2::text[]) AND claimed_by = $3`,
        [at.toISOString(), [...ids], worker],
      );
    },
    async markFailed(id, worker, error, retryAt) {
      await ready();
      const lastError = error.slice(0, 2_000);
      if (retryAt === null)
        await run(
          pool as unknown as Queryable,
          `UPDATE ${t("outbox")} SET status = 'dead', claimed_by = NULL, lease_until = NULL,
             body = body || jsonb_build_object('status', 'dead', 'lastError', $1::text)
           WHERE id = $2 AND claimed_by = $3`,
          [lastError, id, worker],
        );
      else
        await run(
          pool as unknown as Queryable,
          `UPDATE ${t("outbox")} SET available_at = $1, claimed_by = NULL, lease_until = NULL,
             body = body || jsonb_build_object('availableAt', $2::text, 'lastError', $3::text)
           WHERE id = $4 AND claimed_by = $5`,
          [retryAt, retryAt.toISOString(), lastError, id, worker],
        );
    },
    async listOutbox(query) {
      await ready();
      return list<OutboxMessage>(
        pool as unknown as Queryable,
        "outbox",
        (p) => (query.status !== undefined ? [`status = ${p(query.status)}`] : []),
        query,
        OutboxMessageSchema,
      );
    },
    async replayDead(ids, now) {
      await ready();
      if (ids.length === 0) return 0;
      const { rowCount } = await run(
        pool as unknown as Queryable,
        `UPDATE ${t("outbox")} SET status = 'pending', available_at = $1,
           body = body || jsonb_build_object('status', 'pending', 'availableAt', $2::text)
         WHERE id = ANY($3::text[]) AND status = 'dead'`,
        [now, now.toISOString(), [...ids]],
      );
      return rowCount;
    },
    claimDueTimers(worker, now, limit, leaseMs) {
      return inTransaction(async (client) => {
        const n = Math.max(0, Math.trunc(limit));
        if (n === 0) return [];
        // ready_at is the due time, or the end of the current lease: a dead worker's timers come back.
        const { rows } = await run<BodyRow>(
          client,
          `SELECT seq, id, body FROM ${t("timers")} WHERE status = 'pending' AND ready_at <= $1
           ORDER BY ready_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, n],
        );
        if (rows.length === 0) return [];
        const timers = rows.map((r) => decode<Timer>("timers", r, TimerSchema));
        const until = new Date(now.getTime() + leaseMs);
        await run(
          client,
          `UPDATE ${t("timers")} SET claimed_by = $1, lease_until = $2, ready_at = $2 WHERE id = ANY($3::text[])`,
          [worker, until, timers.map((x) => x.id)],
        );
        return timers;
      });
    },
    async listTimers(query) {
      await ready();
      return list<Timer>(
        pool as unknown as Queryable,
        "timers",
        (p) => {
          const where: string[] = [];
          if (query.need !== undefined) where.push(`need = ${p(query.need)}`);
          if (query.workOrder !== undefined) where.push(`work_order = ${p(query.workOrder)}`);
          if (query.status !== undefined) where.push(`status = ${p(query.status)}`);
          return where;
        },
        query,
        TimerSchema,
      );
    },
    async close() {
      // The pool belongs to the caller: the store only stops using it.
      closed = true;
    },
  };
  return store;
}
