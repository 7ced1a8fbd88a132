/**
 * A Lianxin store on PostgreSQL (node-postgres): needs, work orders, audit trail, outbox and
 * timers in one schema, safe to share between processes.
 *
 * ```ts
 * import pg from "pg";
 * import { postgresStore } from "@lianxin/store-postgres";
 * const store = postgresStore({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) });
 * ```
 * @module @lianxin/store-postgres
 */

export { isSchemaName, MIGRATIONS, type Migration, migrate, SCHEMA_VERSION, TABLES } from "./migrations.js";
export { type PostgresStoreOptions, postgresStore } from "./postgres-store.js";
