/**
 * The process the crash-safety tests kill (packages/store-sqlite/test/crash-safety.test.ts and
 * packages/store-postgres/test/crash-safety.serial.test.ts): the Tongchuan engine on a SQLite file
 * or a PostgreSQL schema, submitting needs for ever. Prints `READY` once the engine is built and
 * the store answers, waits for a line on stdin, then prints `STORED <externalId>` on stdout after
 * each `submit` has resolved (the caller was told the need is stored). Now and then it accepts and
 * resolves a need's lead work order, and ticks.
 *
 * Plain JavaScript so that it starts fast: with the packages built (`pnpm build`) it runs under
 * plain `node` on the dist files (`--dist`); without, under tsx on the sources.
 *
 *   node crash-child.mjs --dist sqlite <db file> <run number>
 *   node --import tsx --conditions=@lianxin/source crash-child.mjs sqlite <db file> <run number>
 *   node crash-child.mjs --dist postgres <url> <schema> <run number>
 *
 * On PostgreSQL a submit that fails because the server went away (restart, connection refused) is
 * retried with the same externalId until it succeeds: idempotency makes that safe, and `STORED`
 * is printed only after a success. Other steps (accept, resolve, tick) that fail that way are
 * skipped.
 *
 * Ids are random UUIDs, so restarts on the same store never reuse one; external ids carry the run
 * number. The manual clock starts a day later per run and moves a few minutes per need.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const dist = args[0] === "--dist";
if (dist) args.shift();
const kind = args[0];
const usage = () => {
  process.stderr.write(
    "usage: crash-child.mjs [--dist] sqlite <db file> <run> | [--dist] postgres <url> <schema> <run>\n",
  );
  process.exit(2);
};
if (kind !== "sqlite" && kind !== "postgres") usage();
if (args.length !== (kind === "sqlite" ? 3 : 4)) usage();
const run = Number(args.at(-1));
const packages = new URL("../../", import.meta.url);
const entry = (pkg) => new URL(dist ? `${pkg}/dist/index.js` : `${pkg}/src/index.ts`, packages).href;

/** @type {typeof import("@lianxin/core")} */
const { createLianxin, LianxinError, loadDistrict, ManualClock } = await import(entry("core"));

let store;
/** Whether an error means "the database is not there right now", worth a retry. */
let transient = () => false;
if (kind === "sqlite") {
  /** @type {typeof import("@lianxin/store-sqlite")} */
  const { sqliteStore } = await import(entry("store-sqlite"));
  store = sqliteStore({ filename: args[1] });
} else {
  /** @type {typeof import("@lianxin/store-postgres")} */
  const { postgresStore } = await import(entry("store-postgres"));
  /** @type {typeof import("pg")} */
  const pg = createRequire(new URL("store-postgres/package.json", packages))("pg");
  const pool = new pg.Pool({ connectionString: args[1], max: 4, connectionTimeoutMillis: 2_000 });
  // An idle client whose server went away emits "error" on the pool: not a reason to die.
  pool.on("error", () => undefined);
  // Nor is a client the store holds (checked out, between two queries of a transaction) when the
  // server goes away: pg-pool removes its own listener on checkout and the store adds none, so
  // without this an immediate restart kills the process with an unhandled 'error' event.
  pool.on("connect", (client) => client.on("error", () => undefined));
  store = postgresStore({ pool, schema: args[2] });
  const codes = new Set([
    "ECONNREFUSED",
    "ECONNRESET",
    "EPIPE",
    "ETIMEDOUT",
    "ENOTCONN",
    "57P01",
    "57P02",
    "57P03",
  ]);
  transient = (e) => {
    for (let x = e, depth = 0; x && depth < 5; x = x.cause, depth++) {
      if (codes.has(x.code) || /^08/.test(String(x.code ?? ""))) return true;
      const m = String(x.message ?? "");
      if (
        /Connection terminated|connection timeout|terminating connection|starting up|shutting down/i.test(m)
      )
        return true;
      if (LianxinError.is(x) && ["store.connect_failed", "store.commit_failed"].includes(x.code)) return true;
    }
    return false;
  };
}

const dir = fileURLToPath(new URL("../examples/tongchuan/", packages));
const district = await loadDistrict(dir, { geometry: false });
const ruleSets = readdirSync(`${dir}rules`)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => readFileSync(`${dir}rules/${f}`, "utf8"));
const clock = new ManualClock(Date.parse("2026-10-12T08:30:00+08:00") + run * 86_400_000);
const engine = createLianxin({ district, ruleSets, store, clock });

// A small seeded PRNG (mulberry32), different per run.
let state = (run * 0x9e3779b1) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const residents = [...district.residents.values()];
const descriptions = ["帮忙买胃药", "代买生活物资", "社保缴费", "养老认证"];
const say = (line) => process.stdout.write(`${line}\n`);

/** Runs `step` until it succeeds, retrying while the database is away (PostgreSQL restarts). */
async function retrying(step) {
  for (;;) {
    try {
      return await step();
    } catch (e) {
      if (!transient(e)) throw e;
      say(`RETRY ${String(e?.code ?? e?.message ?? e).slice(0, 60)}`);
      await sleep(100);
    }
  }
}

// Migrations run here, before the parent is told the store is ready.
await retrying(() => store.getNeed("crash-child-warm-up"));
say("READY");
await new Promise((resolve) => process.stdin.once("data", () => resolve()));
for (let i = 0; ; i++) {
  clock.advance({ minutes: 1 + Math.floor(random() * 20) });
  const externalId = `crash-${run}-${i}`;
  const input = {
    source: "app",
    externalId,
    description: descriptions[Math.floor(random() * descriptions.length)],
    subject: residents[Math.floor(random() * residents.length)].id,
    receivedAt: clock.now().toISOString(),
  };
  // The same input, the same externalId, until it is stored once.
  const r = await retrying(() => engine.submit(input));
  say(`STORED ${externalId}`);
  const lead = r.workOrders.find((o) => o.role === "lead");
  const roll = random();
  const half = random();
  if (lead && roll < 0.3) {
    const actor = { type: lead.assignee.type === "resource" ? "resource" : "unit", id: lead.assignee.id };
    try {
      await engine.accept(lead.id, actor);
      if (half < 0.5) await engine.resolve(lead.id, actor, "已办结");
    } catch (e) {
      // A refusal (not the assignee, too late) is the engine's answer, not a crash; a database
      // that went away is skipped here (the need is stored, the next submit waits for it).
      if (!LianxinError.is(e) && !transient(e)) throw e;
    }
  }
  if (i % 10 === 9) {
    try {
      await engine.tick();
    } catch (e) {
      if (!transient(e)) throw e;
    }
  }
}
