/**
 * The cost of the engine's full path over a durable store, against the store's floor: Tongchuan
 * needs submitted one by one through `submit` (validation, triage, routing, matching, dispatch, and
 * one store transaction each) into a SQLite file, then the very rows that run wrote (needs, work
 * orders, events, outbox messages, timers, resource loads) inserted into a fresh database of the
 * same schema and pragmas with plain prepared INSERT statements, one transaction per need, as the
 * engine commits them. Prints one JSON line per adapter on stdout: needs per second both ways and
 * their ratio (the aim: the full path at ≥ 25 % of raw inserts on SQLite). Notes go to stderr.
 *
 *   pnpm bench:store [--needs <n>] (default 2000) [--seed <n>]
 *
 * PostgreSQL runs when @lianxin/store-postgres exists and LIANXIN_POSTGRES_URL is set (otherwise it
 * is skipped with a note): 4 engines over one store on one pool (8 connections), each submitting a
 * quarter of the needs at once, against the same rows inserted raw into a fresh schema by 4
 * concurrent inserters (plain INSERTs, one transaction per need). Its line reports needs per second
 * both ways, their ratio, the round trips per need, and whether the aim of ≥ 2,000 needs/s is met.
 * Both schemas are unique to the run and dropped at the end.
 *
 * The needs: random Tongchuan residents (their location), asking to buy stomach medicine, daily
 * supplies, pay social insurance or do the pension certification, received a few minutes apart
 * on a manual clock over the working week of 12 October 2026.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadDistrict } from "../packages/core/src/district/load-district.js";
import { createLianxin } from "../packages/core/src/engine/create-lianxin.js";
import type { NeedInput } from "../packages/core/src/model/need.js";
import { ManualClock } from "../packages/core/src/time/clock.js";
import { sqliteStore } from "../packages/store-sqlite/src/index.js";
import { fail, note, positiveInteger, prng, round } from "./bench-kit.js";

const BENCH = "store";
const dir = fileURLToPath(new URL("../examples/tongchuan/", import.meta.url));

/** The little of better-sqlite3 this benchmark uses (it is a dependency of store-sqlite, not of the root). */
interface Statement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): Record<string, unknown>[];
}
interface Db {
  prepare(sql: string): Statement;
  pragma(sql: string): unknown;
  transaction<T>(fn: () => T): () => T;
  close(): void;
}
const BetterSqlite3 = createRequire(new URL("../packages/store-sqlite/package.json", import.meta.url))(
  "better-sqlite3",
) as new (
  file: string,
) => Db;

const { values } = parseArgs({
  options: {
    needs: { type: "string", default: "2000" },
    seed: { type: "string", default: "20261012" },
  },
});
const needCount = positiveInteger(BENCH, values.needs, "--needs");
const seed = positiveInteger(BENCH, values.seed, "--seed");

const district = await loadDistrict(dir, { geometry: false });
const ruleSets = readdirSync(`${dir}rules`)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => readFileSync(`${dir}rules/${f}`, "utf8"));

const random = prng(seed);
const residents = [...district.residents.values()];
const DESCRIPTIONS = ["帮忙买胃药", "代买生活物资", "社保缴费", "养老认证"];
const START = Date.parse("2026-10-12T08:30:00+08:00");
let at = START;
const inputs: NeedInput[] = Array.from({ length: needCount }, (_, i) => {
  at += 60_000 + Math.floor(random() * 240_000);
  const resident = residents[Math.floor(random() * residents.length)]!;
  return {
    source: "app",
    externalId: `bench-store-${seed}-${i}`,
    description: DESCRIPTIONS[Math.floor(random() * DESCRIPTIONS.length)]!,
    subject: resident.id,
    ...(resident.location ? { location: resident.location } : {}),
    receivedAt: new Date(at).toISOString(),
  };
});

const tmp = mkdtempSync(join(tmpdir(), "lianxin-bench-store-"));
try {
  // ------------------------------------------------------------------------------------------
  // SQLite: the full path.
  const engineFile = join(tmp, "engine.db");
  const store = sqliteStore({ filename: engineFile });
  const clock = new ManualClock(START);
  const engine = createLianxin({ district, ruleSets, store, clock });
  const statuses: Record<string, number> = {};
  const t0 = performance.now();
  for (const input of inputs) {
    clock.set(input.receivedAt);
    const r = await engine.submit(input);
    if (!r.created) fail(BENCH, `${input.externalId} was not created`);
    statuses[r.need.status] = (statuses[r.need.status] ?? 0) + 1;
  }
  const fullMs = performance.now() - t0;
  const timings = engine.timings();
  await store.close();
  note(
    BENCH,
    `sqlite: ${needCount} needs through submit in ${round(fullMs)} ms: ${JSON.stringify(statuses)}`,
  );

  // ------------------------------------------------------------------------------------------
  // SQLite: the same rows, inserted raw into a fresh database of the same schema and pragmas.
  const rawFile = join(tmp, "raw.db");
  await sqliteStore({ filename: rawFile }).close(); // schema and WAL, as the store sets them
  const source = new BetterSqlite3(engineFile);
  const target = new BetterSqlite3(rawFile);
  target.pragma("journal_mode = WAL");
  target.pragma("synchronous = FULL");
  const TABLES = [
    ["needs", "id"],
    ["work_orders", "need"],
    ["timers", "need"],
    ["events", "need"],
    ["outbox", "ordering_key"],
  ] as const;
  const rowsByNeed = new Map<string, Record<string, unknown>[][]>();
  const counts: Record<string, number> = {};
  const inserts = TABLES.map(([table, key]) => {
    const rows = source.prepare(`SELECT * FROM ${table} ORDER BY seq`).all();
    counts[table] = rows.length;
    const columns = Object.keys(rows[0] ?? {});
    for (const row of rows) {
      const need = row[key] as string;
      let groups = rowsByNeed.get(need);
      if (!groups) {
        groups = TABLES.map(() => []);
        rowsByNeed.set(need, groups);
      }
      groups[TABLES.findIndex(([t]) => t === table)]!.push(row);
    }
    return columns.length === 0
      ? null
      : target.prepare(
          `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`,
        );
  });
  // The engine also reserves capacity in `loads`, one upsert per chosen resource.
  const loadRows = source.prepare("SELECT * FROM loads").all();
  const upsertLoad = target.prepare(
    "INSERT INTO loads (resource, period, amount) VALUES (?, ?, 1) ON CONFLICT (resource, period) DO UPDATE SET amount = amount + 1",
  );
  const loadsByNeed = new Map<string, { resource: string; period: string }[]>();
  {
    // Which need reserved what is not stored; hand each load's units to needs with a resource lead in turn.
    const units = loadRows.flatMap((r) =>
      Array.from({ length: Math.round(r.amount as number) }, () => ({
        resource: r.resource as string,
        period: r.period as string,
      })),
    );
    const withResource = [...rowsByNeed.entries()].filter(([, g]) =>
      g[1]!.some((o) => o.assignee_type === "resource"),
    );
    units.forEach((u, i) => {
      const need = withResource[i % Math.max(1, withResource.length)]?.[0];
      if (need === undefined) return;
      loadsByNeed.set(need, [...(loadsByNeed.get(need) ?? []), u]);
    });
  }
  source.close();
  const groups = [...rowsByNeed.entries()];
  if (groups.length !== needCount) fail(BENCH, `found rows of ${groups.length} needs, expected ${needCount}`);
  const t1 = performance.now();
  for (const [need, tables] of groups) {
    target.transaction(() => {
      tables.forEach((rows, i) => {
        for (const row of rows) inserts[i]!.run(row);
      });
      for (const l of loadsByNeed.get(need) ?? []) upsertLoad.run(l.resource, l.period);
    })();
  }
  const rawMs = performance.now() - t1;
  target.close();

  const full = needCount / (fullMs / 1_000);
  const raw = needCount / (rawMs / 1_000);
  const rows = Object.values(counts).reduce((s, n) => s + n, 0);
  process.stdout.write(
    `${JSON.stringify({
      bench: BENCH,
      adapter: "sqlite",
      synchronous: "FULL",
      needs: needCount,
      rowsPerNeed: round(rows / needCount, 2),
      rows: { ...counts, loads: loadRows.length },
      fullPathNeedsPerSec: round(full),
      rawInsertNeedsPerSec: round(raw),
      ratio: round(full / raw, 3),
      aim: 0.25,
      meetsAim: full / raw >= 0.25,
      fullPathMs: round(fullMs),
      rawInsertMs: round(rawMs),
      stageMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)])),
    })}\n`,
  );

  // ------------------------------------------------------------------------------------------
  // PostgreSQL.
  const postgres = fileURLToPath(new URL("../packages/store-postgres/src/index.ts", import.meta.url));
  if (!existsSync(postgres))
    note(BENCH, "postgres: skipped, packages/store-postgres has no src/index.ts yet");
  else if (!process.env.LIANXIN_POSTGRES_URL)
    note(BENCH, "postgres: skipped, LIANXIN_POSTGRES_URL is not set");
  else await benchPostgres(process.env.LIANXIN_POSTGRES_URL);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

// ------------------------------------------------------------------------------------------
// PostgreSQL: 4 engines over one store on one pool, each submitting a quarter of the needs at
// once; then the rows they wrote, inserted raw into a fresh schema by 4 concurrent inserters.

/** The little of node-postgres this benchmark uses (a dependency of store-postgres, not of the root). */
interface PgResult {
  rows: Record<string, unknown>[];
}
interface PgClient {
  query(text: string, values?: unknown[]): Promise<PgResult>;
  release(): void;
}
interface PgPool {
  query(text: string, values?: unknown[]): Promise<PgResult>;
  connect(): Promise<PgClient>;
  end(): Promise<void>;
}
interface PgModule {
  Pool: new (config: { connectionString: string; max: number }) => PgPool;
  Client: { prototype: { query: (...args: unknown[]) => unknown } };
}

async function benchPostgres(url: string): Promise<void> {
  const ENGINES = 4;
  const POOL_MAX = 8;
  const AIM = 2_000;
  const pg = createRequire(new URL("../packages/store-postgres/package.json", import.meta.url))(
    "pg",
  ) as PgModule;
  const { postgresStore, migrate } = await import("../packages/store-postgres/src/index.js");
  type StorePool = Parameters<typeof postgresStore>[0]["pool"];

  // Counts every query any pooled client sends (one round trip each), by statement kind.
  const queries = new Map<string, number>();
  let counting = false;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    if (counting) {
      const first = args[0];
      const text = typeof first === "string" ? first : String((first as { text?: unknown })?.text ?? "");
      const kind = text
        .replace(/\s+/g, " ")
        .replace(/"[a-z0-9_]+"\./g, "")
        .trim()
        .slice(0, 48);
      queries.set(kind, (queries.get(kind) ?? 0) + 1);
    }
    return original.apply(this, args);
  };

  const pool = new pg.Pool({ connectionString: url, max: POOL_MAX });
  const schema = `lianxin_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const rawSchema = `${schema}_raw`;
  try {
    const store = postgresStore({ pool: pool as unknown as StorePool, schema });
    await store.getNeed("warm-up"); // migrations run here, outside the timed run
    const engines = Array.from({ length: ENGINES }, () => {
      const clock = new ManualClock(START);
      return { clock, engine: createLianxin({ district, ruleSets, store, clock }) };
    });
    // Needs are dealt round-robin so each engine's quarter spans the same week.
    const quarters = engines.map((_, e) => inputs.filter((_, i) => i % ENGINES === e));
    const statuses: Record<string, number> = {};
    counting = true;
    const t0 = performance.now();
    await Promise.all(
      engines.map(async ({ clock, engine }, e) => {
        for (const input of quarters[e]!) {
          clock.set(input.receivedAt);
          const r = await engine.submit(input);
          if (!r.created) fail(BENCH, `postgres: ${input.externalId} was not created`);
          statuses[r.need.status] = (statuses[r.need.status] ?? 0) + 1;
        }
      }),
    );
    const fullMs = performance.now() - t0;
    counting = false;
    const submitQueries = [...queries.values()].reduce((s, n) => s + n, 0);
    const stageMs: Record<string, number> = {};
    for (const { engine } of engines)
      for (const [k, v] of Object.entries(engine.timings())) stageMs[k] = (stageMs[k] ?? 0) + v;
    await store.close();
    note(
      BENCH,
      `postgres: ${needCount} needs through submit by ${ENGINES} engines in ${round(fullMs)} ms: ${JSON.stringify(statuses)}`,
    );
    note(
      BENCH,
      `postgres: ${submitQueries} queries (${round(submitQueries / needCount, 2)} round trips per need); by kind, per need: ${[
        ...queries.entries(),
      ]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `\n  ${round(n / needCount, 2)}  ${k}`)
        .join("")}`,
    );

    // The same rows, inserted raw into a fresh schema of the same DDL.
    await migrate(pool as unknown as StorePool, rawSchema, "bench");
    const TABLES = [
      ["needs", "id"],
      ["work_orders", "need"],
      ["timers", "need"],
      ["events", "need"],
      ["outbox", "ordering_key"],
    ] as const;
    const rowsByNeed = new Map<string, { table: string; row: Record<string, unknown> }[]>();
    const counts: Record<string, number> = {};
    for (const [table, key] of TABLES) {
      const { rows } = await pool.query(`SELECT * FROM "${schema}".${table} ORDER BY seq`);
      counts[table] = rows.length;
      for (const row of rows) {
        const need = row[key] as string;
        const group = rowsByNeed.get(need) ?? [];
        group.push({ table, row });
        rowsByNeed.set(need, group);
      }
    }
    // Which need reserved what is not stored; hand each load's units to needs with a resource lead in turn.
    const loadRows = (await pool.query(`SELECT * FROM "${schema}".loads`)).rows;
    const withResource = [...rowsByNeed.entries()]
      .filter(([, g]) => g.some((r) => r.table === "work_orders" && r.row.assignee_type === "resource"))
      .map(([need]) => need);
    const loadsByNeed = new Map<string, { resource: string; period: string }[]>();
    let unit = 0;
    for (const l of loadRows)
      for (let k = 0; k < Math.round(l.amount as number); k++, unit++) {
        const need = withResource[unit % Math.max(1, withResource.length)];
        if (need === undefined) continue;
        loadsByNeed.set(need, [
          ...(loadsByNeed.get(need) ?? []),
          { resource: l.resource as string, period: l.period as string },
        ]);
      }
    const groups = [...rowsByNeed.entries()];
    if (groups.length !== needCount)
      fail(BENCH, `postgres: found rows of ${groups.length} needs, expected ${needCount}`);
    const insertOf = (table: string, row: Record<string, unknown>) => {
      const columns = Object.keys(row).filter((c) => c !== "seq"); // identity, as the store lets it
      return {
        text: `INSERT INTO "${rawSchema}".${table} (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
        values: columns.map((c) => (c === "body" ? JSON.stringify(row[c]) : row[c])),
      };
    };
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: ENGINES }, async (_, e) => {
        const client = await pool.connect();
        try {
          for (const [need, rows] of groups.filter((_, i) => i % ENGINES === e)) {
            await client.query("BEGIN");
            for (const { table, row } of rows) {
              const { text, values } = insertOf(table, row);
              await client.query(text, values);
            }
            for (const l of loadsByNeed.get(need) ?? [])
              await client.query(
                `INSERT INTO "${rawSchema}".loads (resource, period, amount) VALUES ($1, $2, 1)
                 ON CONFLICT (resource, period) DO UPDATE SET amount = loads.amount + 1`,
                [l.resource, l.period],
              );
            await client.query("COMMIT");
          }
        } finally {
          client.release();
        }
      }),
    );
    const rawMs = performance.now() - t1;

    const full = needCount / (fullMs / 1_000);
    const raw = needCount / (rawMs / 1_000);
    const rows = Object.values(counts).reduce((s, n) => s + n, 0);
    process.stdout.write(
      `${JSON.stringify({
        bench: BENCH,
        adapter: "postgres",
        engines: ENGINES,
        poolMax: POOL_MAX,
        needs: needCount,
        rowsPerNeed: round(rows / needCount, 2),
        rows: { ...counts, loads: loadRows.length },
        queriesPerNeed: round(submitQueries / needCount, 2),
        fullPathNeedsPerSec: round(full),
        rawInsertNeedsPerSec: round(raw),
        ratio: round(full / raw, 3),
        aim: AIM,
        meetsAim: full >= AIM,
        fullPathMs: round(fullMs),
        rawInsertMs: round(rawMs),
        stageMsSummedOverEngines: Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, round(v)])),
      })}\n`,
    );
  } finally {
    pg.Client.prototype.query = original;
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS "${rawSchema}" CASCADE`).catch(() => undefined);
    await pool.end();
  }
}
