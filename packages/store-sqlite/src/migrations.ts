import { LianxinError } from "@lianxin/core";
import type { Database } from "better-sqlite3";

/** One step of the schema: applied once, in order, inside a transaction. */
export interface Migration {
  /** 1, 2, 3, ... with no gaps. */
  version: number;
  /** What the step does, recorded in `schema_migrations`. */
  name: string;
  /** The DDL to run. */
  sql: string;
}

/**
 * The schema of the SQLite store. Every table keeps the full object as JSON in `body` and
 * copies the fields the engine queries into indexed columns. `seq` orders listings (cursor
 * pagination in insertion order); times the store compares are integer milliseconds.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "needs, work orders, events, outbox, timers, loads",
    sql: `
CREATE TABLE needs (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  source TEXT NOT NULL,
  external_id TEXT,
  status TEXT NOT NULL,
  scope TEXT NOT NULL,
  subject TEXT,
  received_at INTEGER,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (source, external_id)
);
CREATE INDEX needs_scope ON needs (scope);
CREATE INDEX needs_status ON needs (status, seq);
CREATE INDEX needs_subject ON needs (subject, seq) WHERE subject IS NOT NULL;

CREATE TABLE work_orders (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  need TEXT NOT NULL,
  status TEXT NOT NULL,
  scope TEXT NOT NULL,
  assignee_type TEXT NOT NULL,
  assignee_id TEXT NOT NULL,
  subject TEXT,
  version INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX work_orders_need ON work_orders (need, seq);
CREATE INDEX work_orders_scope ON work_orders (scope);
CREATE INDEX work_orders_status ON work_orders (status, seq);
CREATE INDEX work_orders_assignee ON work_orders (assignee_type, assignee_id, seq);
CREATE INDEX work_orders_subject ON work_orders (subject, seq) WHERE subject IS NOT NULL;

CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  need TEXT,
  work_order TEXT,
  body TEXT NOT NULL
);
CREATE INDEX events_need ON events (need, seq) WHERE need IS NOT NULL;
CREATE INDEX events_work_order ON events (work_order, seq) WHERE work_order IS NOT NULL;

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  ordering_key TEXT NOT NULL,
  status TEXT NOT NULL,
  available_at INTEGER NOT NULL,
  lease_until INTEGER,
  claimed_by TEXT,
  body TEXT NOT NULL
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE status = 'pending';
CREATE INDEX outbox_pending_key ON outbox (ordering_key, seq) WHERE status = 'pending';
CREATE INDEX outbox_status ON outbox (status, seq);

CREATE TABLE timers (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  due_ms INTEGER NOT NULL,
  ready_ms INTEGER NOT NULL,
  status TEXT NOT NULL,
  need TEXT NOT NULL,
  work_order TEXT,
  claimed_by TEXT,
  lease_until INTEGER,
  body TEXT NOT NULL
);
CREATE INDEX timers_ready ON timers (ready_ms, seq) WHERE status = 'pending';
CREATE INDEX timers_need ON timers (need, seq);
CREATE INDEX timers_work_order ON timers (work_order, seq) WHERE work_order IS NOT NULL;

CREATE TABLE loads (
  resource TEXT NOT NULL,
  period TEXT NOT NULL,
  amount REAL NOT NULL,
  PRIMARY KEY (resource, period)
) WITHOUT ROWID;
`,
  },
  {
    version: 2,
    name: "needs by subject and received time, for the duplicate check",
    // The engine's duplicate check lists a resident's open needs received since the start of the
    // window (subject = ? AND received_at >= ?); with only (subject, seq) it read every need the
    // resident ever had. Continuity (work orders by subject) is served by work_orders_subject.
    sql: `
CREATE INDEX needs_subject_received ON needs (subject, received_at) WHERE subject IS NOT NULL;
`,
  },
];

/** The newest schema version this build knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings the database to {@link SCHEMA_VERSION} in one `BEGIN IMMEDIATE` transaction, so two
 * processes opening the same file at once cannot both migrate. Refuses a database written by a
 * newer schema with `store.schema_too_new`. Returns the versions it applied.
 */
export function migrate(db: Database, adapter: string): number[] {
  const run = db.transaction((): number[] => {
    db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    );
    const row = db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > SCHEMA_VERSION)
      throw new LianxinError(
        "store.schema_too_new",
        `the database has schema version ${current}, newer than ${SCHEMA_VERSION} which this @lianxin/store-sqlite knows: upgrade @lianxin/store-sqlite`,
        { adapter },
      );
    const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, new Date().toISOString());
      applied.push(m.version);
    }
    return applied;
  });
  return run.immediate();
}
