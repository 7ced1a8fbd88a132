/**
 * Crash safety of the SQLite store under the whole engine: crash-child.mjs submits Tongchuan needs
 * to a database file and is killed with SIGKILL at random moments (50–400 ms after it starts
 * submitting), then restarted on the same file, again and again. After every kill:
 *
 * - every need the child was told was stored (`STORED <externalId>` printed after `submit`
 *   resolved) is there exactly once, with its `received` and `decided` events, and when it was
 *   dispatched with its work orders and outbox messages (crash window W1: a need is never kept
 *   without its outbox rows);
 * - nothing is half-written anywhere in the file: every need has its `received` and `decided`
 *   events, every dispatched need ≥ 1 work order and ≥ 1 outbox message, and every work order,
 *   event, outbox message and timer belongs to a stored need.
 *
 * At the end a memory "channel" drains the outbox (claimOutbox + markDelivered), sometimes
 * "crashing" after sending and before markDelivered (window W2): every message is delivered, more
 * than once only under its same id, in order per need.
 *
 * Children start ahead of time and wait for a line on stdin. With the packages built (`pnpm build`,
 * as CI does before the tests) and the dist files newer than the sources, crash-child.mjs runs under
 * plain `node` on the dist files (~0.7 s to start, mostly loading the district) and the default is
 * 50 kills; otherwise it runs under tsx on the sources (~1–1.5 s) and the default is 15 kills, to
 * keep this file near a minute on a slow 2-core machine. For a longer run by hand:
 *
 *   LIANXIN_CRASH_KILLS=500 pnpm vitest run packages/store-sqlite/test/crash-safety.test.ts
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Store } from "@lianxin/core";
import { deliverThroughCrashingChannel } from "@lianxin/testkit/storage";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { sqliteStore } from "../src/index.js";

const childPath = fileURLToPath(new URL("./crash-child.mjs", import.meta.url));
const root = fileURLToPath(new URL("../../../", import.meta.url));

/** Whether packages/<name>/dist/index.js exists and is newer than every file in its src. */
function built(name: string): boolean {
  const newest = (path: string): number =>
    readdirSync(path, { withFileTypes: true }).reduce(
      (m, e) =>
        Math.max(m, e.isDirectory() ? newest(join(path, e.name)) : statSync(join(path, e.name)).mtimeMs),
      0,
    );
  try {
    const pkg = join(root, "packages", name);
    return statSync(join(pkg, "dist", "index.js")).mtimeMs >= newest(join(pkg, "src"));
  } catch {
    return false;
  }
}
/** Children run on the built packages with plain node (fast), or on the sources under tsx;
 * LIANXIN_CRASH_CHILD=dist or tsx chooses. */
const FAST =
  process.env.LIANXIN_CRASH_CHILD === "dist" ||
  (process.env.LIANXIN_CRASH_CHILD !== "tsx" && built("core") && built("store-sqlite"));
const KILLS = Number(process.env.LIANXIN_CRASH_KILLS ?? (FAST ? 50 : 15));
/** Children started ahead of time, waiting to be told to go. */
const STANDBY = Number(process.env.LIANXIN_CRASH_STANDBY ?? 2);

const dir = mkdtempSync(join(tmpdir(), "lianxin-crash-"));
const file = join(dir, "lianxin.db");
const children = new Set<ChildProcessWithoutNullStreams>();
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

// mulberry32, seeded so a failing run can be repeated with LIANXIN_CRASH_SEED.
const seed = Number(process.env.LIANXIN_CRASH_SEED ?? Date.now() % 1_000_000);
let state = seed >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

interface Child {
  process: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  exited: Promise<void>;
  stored: string[];
  stderr: string;
}

function start(run: number): Child {
  const args = FAST
    ? [childPath, "--dist", "sqlite", file, `${run}`]
    : ["--import", "tsx", "--conditions=@lianxin/source", childPath, "sqlite", file, `${run}`];
  const p = spawn(process.execPath, args, { cwd: root, stdio: "pipe" });
  children.add(p);
  const child: Child = {
    process: p,
    ready: Promise.resolve(),
    exited: Promise.resolve(),
    stored: [],
    stderr: "",
  };
  let buffer = "";
  child.ready = new Promise((resolve, reject) => {
    p.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const lines = buffer.split("\n");
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === "READY") resolve();
        else if (line.startsWith("STORED ")) child.stored.push(line.slice(7));
      }
    });
    p.once("exit", (code, signal) =>
      reject(new Error(`child ${run} exited early (${code ?? signal}): ${child.stderr}`)),
    );
  });
  child.ready.catch(() => undefined);
  p.stderr.on("data", (chunk: Buffer) => {
    child.stderr += chunk.toString("utf8");
  });
  child.exited = new Promise((resolve) =>
    p.once("exit", () => {
      children.delete(p);
      resolve();
    }),
  );
  return child;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nothing half-written anywhere in the file: each query counts the rows breaking a rule. */
const BROKEN: Record<string, string> = {
  "needs without their received and decided events": `SELECT COUNT(*) AS n FROM needs WHERE
     (SELECT COUNT(DISTINCT json_extract(e.body, '$.type')) FROM events e WHERE e.need = needs.id
        AND json_extract(e.body, '$.type') IN ('received', 'decided')) < 2`,
  "dispatched needs without a work order": `SELECT COUNT(*) AS n FROM needs WHERE status NOT IN ('rejected', 'duplicate', 'not-responsible')
     AND NOT EXISTS (SELECT 1 FROM work_orders w WHERE w.need = needs.id)`,
  "dispatched needs without an outbox message": `SELECT COUNT(*) AS n FROM needs WHERE status NOT IN ('rejected', 'duplicate', 'not-responsible')
     AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.ordering_key = needs.id)`,
  "work orders without their need": `SELECT COUNT(*) AS n FROM work_orders w WHERE NOT EXISTS (SELECT 1 FROM needs WHERE id = w.need)`,
  "events without their need": `SELECT COUNT(*) AS n FROM events e WHERE e.need IS NOT NULL AND NOT EXISTS (SELECT 1 FROM needs WHERE id = e.need)`,
  "outbox messages without their need": `SELECT COUNT(*) AS n FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM needs WHERE id = o.ordering_key)`,
  "timers without their need": `SELECT COUNT(*) AS n FROM timers t WHERE NOT EXISTS (SELECT 1 FROM needs WHERE id = t.need)`,
  "external ids stored twice": `SELECT COUNT(*) AS n FROM (SELECT 1 FROM needs WHERE external_id IS NOT NULL
     GROUP BY source, external_id HAVING COUNT(*) > 1)`,
};

async function verify(store: Store, raw: Database.Database, stored: readonly string[]): Promise<void> {
  for (const [what, query] of Object.entries(BROKEN))
    expect((raw.prepare(query).get() as { n: number }).n, what).toBe(0);
  const outboxOf = raw.prepare("SELECT COUNT(*) AS n FROM outbox WHERE ordering_key = ?");
  for (const externalId of stored) {
    const need = await store.findNeedByExternalId("app", externalId);
    expect(need, `${externalId} was reported stored`).not.toBeNull();
    const types = (await store.listEvents({ need: need!.id, limit: 1_000 })).items.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["received", "decided"]));
    if (!["rejected", "duplicate", "not-responsible"].includes(need!.status)) {
      expect((await store.listWorkOrders({ need: need!.id })).items.length).toBeGreaterThan(0);
      expect((outboxOf.get(need!.id) as { n: number }).n).toBeGreaterThan(0);
    }
  }
}

it(
  `needs reported stored survive ${KILLS} SIGKILLs, whole and exactly once; the outbox drains exactly once per id`,
  async () => {
    const t0 = performance.now();
    // The first child creates the file (migrations) before any other opens it.
    let run = 0;
    const standby: Child[] = [start(run++)];
    await standby[0]!.ready;
    const store = sqliteStore({ filename: file });
    const raw = new Database(file, { readonly: true });
    const told: string[] = [];
    let kills = 0;
    try {
      while (kills < KILLS) {
        while (standby.length < Math.min(STANDBY, KILLS - kills)) standby.push(start(run++));
        const child = standby.shift()!;
        await child.ready;
        child.process.stdin.write("GO\n");
        await sleep(50 + random() * 350);
        child.process.kill("SIGKILL");
        await child.exited;
        kills++;
        told.push(...child.stored);
        await verify(store, raw, child.stored);
      }
      expect(told.length).toBeGreaterThan(KILLS);
      // Everything ever reported is still there after all the later crashes.
      await verify(store, raw, told);
      const killMs = performance.now() - t0;
      const needs = (raw.prepare("SELECT COUNT(*) AS n FROM needs").get() as { n: number }).n;

      // W2: a channel that sometimes dies after sending and before markDelivered.
      const { messages, crashes, duplicates } = await deliverThroughCrashingChannel(store, random);
      console.log(
        `crash-safety (sqlite, ${FAST ? "dist" : "tsx"} children): seed ${seed}, ${kills} kills, ${told.length} needs reported stored (${needs} in the file), ` +
          `${messages} outbox messages, ${crashes} channel crashes, ${duplicates} re-sent under the same id, ` +
          `${Math.round(killMs)} ms killing, ${Math.round(performance.now() - t0)} ms in all`,
      );
    } finally {
      for (const c of standby) c.process.kill("SIGKILL");
      await Promise.all(standby.map((c) => c.exited));
      raw.close();
      await store.close();
    }
  },
  60_000 + KILLS * 3_000,
);
