import { LianxinError } from "@lianxin/core";
import type { Pool } from "pg";

/** One step of the schema: applied once, in order, inside the migration transaction. */
export interface Migration {
  /** 1, 2, 3, ... with no gaps. */
  version: number;
  /** What the step does, recorded in `schema_migrations`. */
  name: string;
  /** The DDL to run, with the store's schema first on the `search_path`. */
  sql: string;
}

/**
 * The schema of the PostgreSQL store. Every table keeps the full object as `jsonb` in `body`
 * and copies the fields the engine queries into indexed columns. `seq` (an identity column)
 * orders listings; `scope` uses the "C" collation so a unit's subtree is a byte-wise range scan.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "needs, work orders, events, outbox, timers, loads",
    sql: `
CREATE TABLE needs (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  source text NOT NULL,
  external_id text,
  status text NOT NULL,
  scope text COLLATE "C" NOT NULL,
  subject text,
  received_at timestamptz,
  version integer NOT NULL,
  body jsonb NOT NULL,
  CONSTRAINT needs_idempotency UNIQUE (source, external_id)
);
CREATE INDEX needs_scope ON needs (scope);
CREATE INDEX needs_status ON needs (status, seq);
CREATE INDEX needs_subject ON needs (subject, seq) WHERE subject IS NOT NULL;

CREATE TABLE work_orders (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  need text NOT NULL,
  status text NOT NULL,
  scope text COLLATE "C" NOT NULL,
  assignee_type text NOT NULL,
  assignee_id text NOT NULL,
  subject text,
  version integer NOT NULL,
  body jsonb NOT NULL
);
CREATE INDEX work_orders_need ON work_orders (need, seq);
CREATE INDEX work_orders_scope ON work_orders (scope);
CREATE INDEX work_orders_status ON work_orders (status, seq);
CREATE INDEX work_orders_assignee ON work_orders (assignee_type, assignee_id, seq);
CREATE INDEX work_orders_subject ON work_orders (subject, seq) WHERE subject IS NOT NULL;

CREATE TABLE events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL,
  need text,
  work_order text,
  body jsonb NOT NULL
);
CREATE INDEX events_need ON events (need, seq) WHERE need IS NOT NULL;
CREATE INDEX events_work_order ON events (work_order, seq) WHERE work_order IS NOT NULL;

CREATE TABLE outbox (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  ordering_key text NOT NULL,
  status text NOT NULL,
  available_at timestamptz NOT NULL,
  lease_until timestamptz,
  claimed_by text,
  body jsonb NOT NULL
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE status = 'pending';
CREATE INDEX outbox_pending_key ON outbox (ordering_key, seq) WHERE status = 'pending';
CREATE INDEX outbox_status ON outbox (status, seq);

CREATE TABLE timers (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  kind text NOT NULL,
  due_at timestamptz NOT NULL,
  ready_at timestamptz NOT NULL,
  status text NOT NULL,
  need text NOT NULL,
  work_order text,
  claimed_by text,
  lease_until timestamptz,
  body jsonb NOT NULL
);
CREATE INDEX timers_ready ON timers (ready_at, seq) WHERE status = 'pending';
CREATE INDEX timers_need ON timers (need, seq);
CREATE INDEX timers_work_order ON timers (work_order, seq) WHERE work_order IS NOT NULL;

CREATE TABLE loads (
  resource text NOT NULL,
  period text NOT NULL,
  amount double precision NOT NULL,
  PRIMARY KEY (resource, period)
);
`,
  },
  {
    version: 2,
    name: "needs by subject and received time, for the duplicate check",
    // The engine's duplicate check lists a resident's open needs received since the start of the
    // window (subject = $1 AND received_at >= $2); with only (subject, seq) it read every need the
    // resident ever had. Continuity (work orders by subject) is served by work_orders_subject.
    sql: `
CREATE INDEX needs_subject_received ON needs (subject, received_at) WHERE subject IS NOT NULL;
`,
  },
];

/** The newest schema version this build knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The tables of the store, in an order that is safe to truncate or drop. */
export const TABLES = ["needs", "work_orders", "events", "outbox", "timers", "loads"] as const;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** True when `name` is a schema name the store accepts: lower-case letters, digits and `_`, at most 63. */
export function isSchemaName(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** The schema name quoted for SQL; only ever called on a name {@link isSchemaName} accepted. */
export const quoteSchema = (name: string): string => `"${name}"`;

/**
 * Brings `schema` to {@link SCHEMA_VERSION} in one transaction that first takes a
 * transaction-scoped advisory lock on the schema's name, so two processes migrating at once run
 * one after the other and the second finds nothing to do. Creates the schema when missing.
 * Refuses a schema written by a newer version with `store.schema_too_new`. Returns the versions
 * it applied.
 */
export async function migrate(pool: Pool, schema: string, adapter: string): Promise<number[]> {
  if (!isSchemaName(schema))
    throw new LianxinError("store.invalid_options", `schema ${JSON.stringify(schema)} is not a valid name`, {
      adapter,
    });
  const q = quoteSchema(schema);
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    try {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('lianxin.migrate'), hashtext($1))", [schema]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${q}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ v: number | null }>(
        `SELECT MAX(version) AS v FROM ${q}.schema_migrations`,
      );
      const current = rows[0]?.v ?? 0;
      if (current > SCHEMA_VERSION)
        throw new LianxinError(
          "store.schema_too_new",
          `schema ${schema} has version ${current}, newer than ${SCHEMA_VERSION} which this @lianxin/store-postgres knows: upgrade @lianxin/store-postgres`,
          { adapter },
        );
      const applied: number[] = [];
      await client.query(`SET LOCAL search_path TO ${q}`);
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        await client.query(m.sql);
        await client.query(`INSERT INTO ${q}.schema_migrations (version, name) VALUES ($1, $2)`, [
          m.version,
          m.name,
        ]);
        applied.push(m.version);
      }
      await client.query("COMMIT");
      return applied;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw e;
    }
  } finally {
    client.release();
  }
}
