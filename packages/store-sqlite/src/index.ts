/**
 * A Lianxin store on SQLite (better-sqlite3): durable needs, work orders, audit trail, outbox
 * and timers in one database file.
 *
 * ```ts
 * import { sqliteStore } from "@lianxin/store-sqlite";
 * const store = sqliteStore({ filename: "lianxin.db" });
 * ```
 * @module @lianxin/store-sqlite
 */

export { MIGRATIONS, type Migration, migrate, SCHEMA_VERSION } from "./migrations.js";
export {
  type SqliteStoreCommonOptions,
  type SqliteStoreOptions,
  type SqliteSynchronous,
  sqliteStore,
} from "./sqlite-store.js";
