import { randomBytes } from "node:crypto";
import { mkdir, rm, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { LianxinError, memoryStore, type Store } from "@lianxin/core";
import { isSchemaName, postgresStore } from "@lianxin/store-postgres";
import { sqliteStore } from "@lianxin/store-sqlite";
import pg from "pg";
import { UsageError } from "./usage-error.js";

/** Where a simulation writes, as `--store` names it. */
export type StoreSpec =
  | { kind: "memory" }
  | { kind: "sqlite"; path: string }
  /** `url` without the `schema` parameter; `schema` is undefined when the URL names none. */
  | { kind: "postgres"; url: string; schema: string | undefined };

/** An open store, what to call it in output (never with a password), and how to let it go. */
export interface OpenedStore {
  store: Store;
  /** `memory`, `sqlite:<absolute path>` or `postgres:<host>/<database>#<schema>`. */
  label: string;
  /** The PostgreSQL schema the run writes to, when the store is PostgreSQL. */
  schema?: string;
  /** Closes the store, and the pool for PostgreSQL. */
  close(): Promise<void>;
}

const STORE_USAGE =
  "--store must be memory, sqlite:<path> or postgres://user@host:port/database[?schema=name]";

/**
 * Parses `--store`: `memory`, `sqlite:<path>` (relative to the working directory) or a
 * `postgres://` / `postgresql://` URL whose optional `schema` parameter names the schema to
 * write to. Throws a UsageError for anything else.
 */
export function parseStoreOption(value: string): StoreSpec {
  if (value === "memory") return { kind: "memory" };
  if (value.startsWith("sqlite:")) {
    const path = value.slice("sqlite:".length);
    if (path === "" || path === ":memory:")
      throw new UsageError(`${STORE_USAGE} (sqlite: needs a file path)`);
    return { kind: "sqlite", path };
  }
  if (value.startsWith("postgres://") || value.startsWith("postgresql://")) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`${STORE_USAGE} (the URL does not parse)`);
    }
    const schema = url.searchParams.get("schema") ?? undefined;
    if (schema !== undefined && !isSchemaName(schema))
      throw new UsageError(`--store: schema ${JSON.stringify(schema)} must match ^[a-z_][a-z0-9_]{0,62}$`);
    url.searchParams.delete("schema");
    return { kind: "postgres", url: url.toString(), schema };
  }
  throw new UsageError(STORE_USAGE);
}

/**
 * What to do with a store that already holds data: `refuse` it (a simulation's default), `reuse`
 * it (an import adds to it; a missing SQLite file is created) or `require` it (an export reads
 * it; a missing SQLite file is an error, `io.not_found`).
 */
export type ExistingStore = "refuse" | "reuse" | "require";

/**
 * Opens the store a run writes to. With `existing: "refuse"` (the default), a store that already
 * holds needs, events, timers or outbox messages is refused with `simulate.store_not_empty`
 * unless `overwrite` is set: then the SQLite file (with its `-wal` and `-shm`) is deleted, or the
 * PostgreSQL schema dropped, first. SQLite files get their parent folders created. A PostgreSQL
 * URL without a schema gets a fresh schema named after `now`.
 */
export async function openSimulationStore(
  spec: StoreSpec,
  options: { overwrite: boolean; now: Date; existing?: ExistingStore },
): Promise<OpenedStore> {
  const existing = options.existing ?? "refuse";
  if (spec.kind === "memory") {
    const store = memoryStore();
    return { store, label: "memory", close: () => store.close() };
  }
  if (spec.kind === "sqlite") return openSqlite(resolve(spec.path), options.overwrite, existing);
  return openPostgres(spec, { ...options, existing });
}

async function openSqlite(path: string, overwrite: boolean, existing: ExistingStore): Promise<OpenedStore> {
  const label = `sqlite:${path}`;
  if (existing === "require") {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new LianxinError("io.not_found", `${label}: no such store file`);
  }
  if (overwrite) for (const f of [path, `${path}-wal`, `${path}-shm`]) await rm(f, { force: true });
  else if (existing === "refuse") {
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory()) throw notEmpty(label, `${path} is a folder`);
    if (info && info.size > 0) {
      // Opened only to look: an existing store is refused when it holds anything.
      const empty = await withReason(label, async () => {
        const probe = sqliteStore({ filename: path });
        return isEmpty(probe).finally(() => probe.close());
      });
      if (!empty) throw notEmpty(label, `${path} already holds a Lianxin store`);
    }
  }
  await mkdir(dirname(path), { recursive: true });
  const store = await withReason(label, async () => sqliteStore({ filename: path, synchronous: "NORMAL" }));
  return { store, label, close: () => store.close() };
}

async function openPostgres(
  spec: Extract<StoreSpec, { kind: "postgres" }>,
  options: { overwrite: boolean; now: Date; existing: ExistingStore },
): Promise<OpenedStore> {
  const schema = spec.schema ?? freshSchemaName(options.now);
  const url = new URL(spec.url);
  const label = `postgres:${url.host}${url.pathname}#${schema}`;
  const pool = new pg.Pool({ connectionString: spec.url, max: 4 });
  try {
    if (options.overwrite) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    const store = postgresStore({ pool, schema });
    if (!options.overwrite && options.existing === "refuse" && !(await isEmpty(store)))
      throw notEmpty(label, `schema ${schema} already holds a Lianxin store`);
    return {
      store,
      label,
      schema,
      close: async () => {
        await store.close();
        await pool.end();
      },
    };
  } catch (e) {
    await pool.end();
    if (LianxinError.is(e) && e.code === "simulate.store_not_empty") throw e;
    throw withLabel(label, e);
  }
}

/** Runs `open`, rethrowing its failure with the store's label and the underlying reason. */
async function withReason<T>(label: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (e) {
    throw withLabel(label, e);
  }
}

/**
 * The error of a store that would not open, saying which store and why (a refused connection, a
 * bad password, a file that is not a database): adapters keep the reason in `cause`.
 */
function withLabel(label: string, e: unknown): LianxinError {
  const cause = LianxinError.is(e) && e.cause instanceof Error ? e.cause : e;
  const why = cause instanceof Error ? cause.message : String(cause);
  return new LianxinError(
    LianxinError.is(e) ? e.code : "store.open_failed",
    `could not open ${label}: ${why}`,
    {
      ...(LianxinError.is(e) && e.adapter !== undefined ? { adapter: e.adapter } : {}),
      cause: e,
    },
  );
}

/** True when the store holds no need, event, timer or outbox message. */
async function isEmpty(store: Store): Promise<boolean> {
  const [needs, events, timers, outbox] = await Promise.all([
    store.listNeeds({ limit: 1 }),
    store.listEvents({ limit: 1 }),
    store.listTimers({ limit: 1 }),
    store.listOutbox({ limit: 1 }),
  ]);
  return needs.items.length + events.items.length + timers.items.length + outbox.items.length === 0;
}

function notEmpty(label: string, detail: string): LianxinError {
  return new LianxinError(
    "simulate.store_not_empty",
    `${detail}: a simulation needs an empty store; pass --overwrite to replace it (${label})`,
  );
}

/** `lianxin_sim_20261207t093015_3fa9`: sortable by when the run started, unique across runs. */
function freshSchemaName(now: Date): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, "").toLowerCase();
  return `lianxin_sim_${stamp}_${randomBytes(2).toString("hex")}`;
}
