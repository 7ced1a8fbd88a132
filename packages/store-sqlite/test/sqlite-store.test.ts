import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createLianxin,
  LianxinError,
  loadDistrict,
  ManualClock,
  type StoredNeed,
  type StoredWorkOrder,
} from "@lianxin/core";
import { storeSuite } from "@lianxin/testkit/storage";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { MIGRATIONS, SCHEMA_VERSION, sqliteStore } from "../src/index.js";

const dirs: string[] = [];
/** A fresh temporary directory, removed after the file's tests. */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "lianxin-sqlite-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const need = (id: string, overrides: Partial<StoredNeed> = {}): StoredNeed => ({
  id,
  source: "app",
  externalId: `ext-${id}`,
  description: "楼道灯坏了",
  attributes: {},
  tags: [],
  receivedAt: "2026-10-09T08:00:00+08:00",
  status: "received",
  serviceCodes: [],
  createdAt: "2026-10-09T08:00:00+08:00",
  updatedAt: "2026-10-09T08:00:00+08:00",
  reopened: 0,
  scope: "61/6102/610202",
  version: 1,
  ...overrides,
});
const order = (id: string, needId: string, overrides: Partial<StoredWorkOrder> = {}): StoredWorkOrder => ({
  id,
  need: needId,
  assignee: { type: "grid", id: "g-1" },
  role: "lead",
  unit: "610202001001",
  status: "dispatched",
  dispatchedAt: "2026-10-09T08:00:00+08:00",
  dueAt: "2026-10-10T08:00:00+08:00",
  returns: [],
  escalationLevel: 0,
  overdue: false,
  scope: "61/6102/610202",
  version: 1,
  ...overrides,
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<LianxinError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(LianxinError.is(error), `expected a LianxinError ${code}`).toBe(true);
  const e = error as LianxinError;
  expect(e.code).toBe(code);
  expect(e.adapter).toBe("sqlite");
  return e;
}

/** Empties every table of the store's database, keeping the schema. */
function emptyTables(db: Database.Database): void {
  for (const table of ["needs", "work_orders", "events", "outbox", "timers", "loads"])
    db.prepare(`DELETE FROM ${table}`).run();
}

storeSuite({
  name: "sqlite (:memory:)",
  create: () => sqliteStore({ filename: ":memory:" }),
  additionalTests() {
    it("runs the migrations on open and not again on reopen; data survives close and reopen", async () => {
      const file = join(tempDir(), "lianxin.db");
      const store = sqliteStore({ filename: file });
      await store.transaction(async (tx) => {
        await tx.insertNeed(need("n-1"));
        await tx.insertWorkOrder(order("wo-1", "n-1"));
        expect(await tx.reserve("r-1", "open", 2, 3)).toBe(true);
      });
      await store.close();
      const raw = new Database(file);
      expect(raw.prepare("SELECT version FROM schema_migrations ORDER BY version").all()).toEqual(
        MIGRATIONS.map((m) => ({ version: m.version })),
      );
      const tables = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all();
      expect(tables).toEqual(
        expect.arrayContaining([
          "events",
          "loads",
          "needs",
          "outbox",
          "schema_migrations",
          "timers",
          "work_orders",
        ]),
      );
      raw.close();

      const again = sqliteStore({ filename: file });
      expect(await again.getNeed("n-1")).toEqual(need("n-1"));
      expect(await again.findNeedByExternalId("app", "ext-n-1")).toEqual(need("n-1"));
      expect((await again.listWorkOrders({ need: "n-1" })).items).toEqual([order("wo-1", "n-1")]);
      expect(await again.getLoads([{ resource: "r-1", period: "open" }])).toEqual([2]);
      await again.close();
      const check = new Database(file, { readonly: true });
      expect(check.prepare("SELECT COUNT(*) FROM schema_migrations").pluck().get()).toBe(MIGRATIONS.length);
      check.close();
    });

    it("refuses a database written by a newer schema with store.schema_too_new", async () => {
      const file = join(tempDir(), "newer.db");
      await sqliteStore({ filename: file }).close();
      const raw = new Database(file);
      raw
        .prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
        .run(SCHEMA_VERSION + 1, "from the future", new Date().toISOString());
      raw.close();
      const e = await expectCode((async () => sqliteStore({ filename: file }))(), "store.schema_too_new");
      expect(e.message).toContain(String(SCHEMA_VERSION + 1));
    });

    it("reports a row whose JSON no longer parses or matches the schema as store.malformed_row with its id", async () => {
      const db = new Database(":memory:");
      const store = sqliteStore({ database: db });
      await store.transaction(async (tx) => {
        await tx.insertNeed(need("n-broken"));
        await tx.insertNeed(need("n-wrong"));
        await tx.insertWorkOrder(order("wo-wrong", "n-wrong"));
      });
      db.prepare("UPDATE needs SET body = ? WHERE id = ?").run('{"id": "n-broken", ', "n-broken");
      db.prepare("UPDATE needs SET body = json_set(body, '$.status', 'lost') WHERE id = ?").run("n-wrong");
      db.prepare("UPDATE work_orders SET body = json_remove(body, '$.dueAt') WHERE id = ?").run("wo-wrong");

      const broken = await expectCode(store.getNeed("n-broken"), "store.malformed_row");
      expect(broken.message).toContain("needs");
      expect(broken.message).toContain("n-broken");
      const wrong = await expectCode(store.listNeeds({}), "store.malformed_row");
      expect(wrong.message).toContain("n-broken");
      expect((await expectCode(store.getNeed("n-wrong"), "store.malformed_row")).message).toContain(
        "n-wrong",
      );
      const wo = await expectCode(store.getWorkOrder("wo-wrong"), "store.malformed_row");
      expect(wo.message).toContain("work_orders");
      expect(wo.message).toContain("wo-wrong");
      await store.close();
      // A database passed in stays open: the caller owns it.
      expect(db.open).toBe(true);
      db.close();
    });

    it("sets WAL, synchronous=FULL, foreign keys and a busy timeout; NORMAL on request", async () => {
      const dir = tempDir();
      const db = new Database(join(dir, "a.db"));
      const store = sqliteStore({ database: db });
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("synchronous", { simple: true })).toBe(2); // FULL
      expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(db.pragma("busy_timeout", { simple: true })).toBe(5_000);
      expect(store.capabilities).toEqual({ transactions: true, multiProcess: true });
      await store.close();
      db.close();

      const other = new Database(join(dir, "b.db"));
      await sqliteStore({ database: other, synchronous: "NORMAL", busyTimeoutMs: 250 }).close();
      expect(other.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
      expect(other.pragma("busy_timeout", { simple: true })).toBe(250);
      other.close();
      expect(sqliteStore({ filename: ":memory:" }).capabilities.multiProcess).toBe(false);
    });

    it("rejects bad options and use after close, naming the adapter", async () => {
      await expectCode(
        (async () => sqliteStore({ filename: ":memory:", synchronous: "OFF" as "FULL" }))(),
        "store.invalid_options",
      );
      await expectCode(
        (async () => sqliteStore({ filename: join(tempDir(), "missing", "dir", "x.db") }))(),
        "store.open_failed",
      );
      const store = sqliteStore({ filename: ":memory:" });
      await store.close();
      await expectCode(
        store.transaction(async () => 1),
        "store.closed",
      );
      await expectCode(store.getNeed("x"), "store.closed");
    });

    it("rolls back everything a failed transaction wrote, and commits what a later one writes", async () => {
      const store = sqliteStore({ filename: ":memory:" });
      await expect(
        store.transaction(async (tx) => {
          await tx.insertNeed(need("n-1"));
          expect(await tx.getNeed("n-1")).not.toBeNull(); // reads see the transaction's own writes
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await store.getNeed("n-1")).toBeNull();
      await store.transaction((tx) => tx.insertNeed(need("n-1")));
      await expectCode(
        store.transaction((tx) => tx.insertNeed(need("n-2", { externalId: "ext-n-1" }))),
        "store.conflict",
      );
      expect((await store.listNeeds({})).items.map((n) => n.id)).toEqual(["n-1"]);
      await store.close();
    });

    it("runs the engine end to end on a file and reads the result back after reopening", async () => {
      const root = fileURLToPath(new URL("../../../examples/tongchuan/", import.meta.url));
      const district = await loadDistrict(root, { geometry: false });
      const ruleSets = readdirSync(join(root, "rules"))
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => readFileSync(join(root, "rules", f), "utf8"));
      expect(ruleSets).toHaveLength(5);
      const file = join(tempDir(), "engine.db");
      const at = "2026-10-09T09:30:00+08:00";
      const store = sqliteStore({ filename: file });
      const engine = createLianxin({ district, ruleSets, store, clock: new ManualClock(at) });
      const r = await engine.submit({
        source: "home-visit",
        description: "帮忙买胃药送上门",
        subject: "res-lingde-0001",
        receivedAt: at,
      });
      expect(r.created).toBe(true);
      const lead = r.workOrders.find((o) => o.role === "lead")!;
      expect(lead).toBeDefined();
      const worker = {
        type: lead.assignee.type === "resource" ? "resource" : "unit",
        id: lead.assignee.id,
      } as const;
      await engine.accept(lead.id, worker);
      const done = await engine.resolve(lead.id, worker, "已代购胃药并送达");
      expect(done.need.status).toBe("resolved");
      const events = await engine.events(r.need.id);
      await store.close();

      const reopened = sqliteStore({ filename: file });
      const back = await reopened.getNeed(r.need.id);
      expect(back?.status).toBe("resolved");
      expect(back?.subject).toBe("res-lingde-0001");
      const wo = await reopened.getWorkOrder(lead.id);
      expect(wo?.status).toBe("resolved");
      expect(wo?.result).toBe("已代购胃药并送达");
      const trail = (await reopened.listEvents({ need: r.need.id, limit: 1_000 })).items;
      expect(trail).toEqual(events);
      expect(trail.map((e) => e.type)).toEqual(
        expect.arrayContaining(["received", "dispatched", "accepted", "resolved"]),
      );
      expect((await reopened.listOutbox({})).items.length).toBeGreaterThan(0);
      expect((await reopened.listTimers({ need: r.need.id })).items.length).toBeGreaterThan(0);
      const again = createLianxin({ district, ruleSets, store: reopened, clock: new ManualClock(at) });
      expect((await again.getNeed(r.need.id))?.status).toBe("resolved");
      await reopened.close();
    });
  },
});

let fileDb: Database.Database | undefined;
storeSuite({
  name: "sqlite (file)",
  create: () => {
    fileDb = new Database(join(tempDir(), "conformance.db"));
    return sqliteStore({ database: fileDb });
  },
  reset: async () => emptyTables(fileDb!),
});
afterAll(() => fileDb?.close());
