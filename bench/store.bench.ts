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
 * PostgreSQL (4 engines over one pool, each submitting a quarter) runs when @lianxin/store-postgres
 * exists and LIANXIN_POSTGRES_URL is set; otherwise it is skipped with a note.
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
  else
    note(BENCH, "postgres: skipped, the PostgreSQL run is not written yet (its store's API is not settled)");
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
