import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LianxinError } from "@lianxin/core";
import { storeFixtures } from "@lianxin/testkit/storage";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS, SCHEMA_VERSION, sqliteStore } from "../src/index.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempFile = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), "lianxin-sqlite-upgrade-"));
  dirs.push(dir);
  return join(dir, name);
};

const ms = (iso: string) => Date.parse(iso);

/**
 * Writes, by hand, a database as a build that knew only schema version `upTo` left it: the DDL of
 * migrations 1..upTo and their rows in `schema_migrations`, nothing later.
 */
function oldDatabase(file: string, upTo: number): Database.Database {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec(
    "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
  );
  for (const m of MIGRATIONS.slice(0, upTo)) {
    db.exec(m.sql);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
      m.version,
      m.name,
      "2026-01-01T00:00:00.000Z",
    );
  }
  return db;
}

describe("@lianxin/store-sqlite upgrades", () => {
  it("knows more than one schema version, numbered 1, 2, ... with no gaps", () => {
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it("opens a version-1 database with rows, migrates it to the current version and keeps every row readable", async () => {
    const f = storeFixtures("up1");
    const file = tempFile("v1.db");
    const db = oldDatabase(file, 1);
    const subject = "resident-42";
    const older = f.need({ subject, status: "dispatched" });
    const recent = f.need({ subject, status: "dispatched", receivedAt: "2026-10-10T09:00:00+08:00" });
    const other = f.need({ subject: "resident-7" });
    const order = f.workOrder(older.id, { subject, assignee: { type: "resource", id: "volunteer-1" } });
    const event = f.event(older.id);
    const message = f.outboxMessage(older.id);
    const timer = f.timer(older.id);
    // The rows as a version-1 build wrote them: the columns of migration 1, the object as JSON.
    const insertNeed = db.prepare(
      `INSERT INTO needs (id, seq, source, external_id, status, scope, subject, received_at, version, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const [i, n] of [older, recent, other].entries())
      insertNeed.run(
        n.id,
        i + 1,
        n.source,
        n.externalId ?? null,
        n.status,
        n.scope,
        n.subject ?? null,
        ms(n.receivedAt),
        n.version,
        JSON.stringify(n),
      );
    db.prepare(
      `INSERT INTO work_orders (id, seq, need, status, scope, assignee_type, assignee_id, subject, version, body)
       VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      order.id,
      order.need,
      order.status,
      order.scope,
      order.assignee.type,
      order.assignee.id,
      order.subject ?? null,
      order.version,
      JSON.stringify(order),
    );
    db.prepare("INSERT INTO events (seq, id, need, work_order, body) VALUES (1, ?, ?, NULL, ?)").run(
      event.id,
      event.need ?? null,
      JSON.stringify(event),
    );
    db.prepare(
      `INSERT INTO outbox (id, seq, ordering_key, status, available_at, body) VALUES (?, 1, ?, ?, ?, ?)`,
    ).run(message.id, message.orderingKey, message.status, ms(message.availableAt), JSON.stringify(message));
    db.prepare(
      `INSERT INTO timers (id, seq, kind, due_ms, ready_ms, status, need, work_order, body)
       VALUES (?, 1, ?, ?, ?, ?, ?, NULL, ?)`,
    ).run(
      timer.id,
      timer.kind,
      ms(timer.dueAt),
      ms(timer.dueAt),
      timer.status,
      timer.need,
      JSON.stringify(timer),
    );
    db.prepare("INSERT INTO loads (resource, period, amount) VALUES (?, ?, ?)").run(
      "volunteer-1",
      "2026-10-09",
      1,
    );
    db.close();

    const store = sqliteStore({ filename: file });
    try {
      // Every row reads back as it was written, through the queries the engine makes.
      expect(await store.getNeed(older.id)).toEqual(older);
      expect(await store.findNeedByExternalId("app", other.externalId!)).toEqual(other);
      expect((await store.listNeeds({ subject })).items).toEqual([older, recent]);
      expect(
        (
          await store.listNeeds({
            subject,
            status: ["dispatched"],
            receivedFrom: "2026-10-10T00:00:00+08:00",
            limit: 50,
          })
        ).items,
      ).toEqual([recent]);
      expect((await store.listWorkOrders({ subject, limit: 500 })).items).toEqual([order]);
      expect((await store.listWorkOrders({ need: older.id })).items).toEqual([order]);
      expect((await store.listEvents({ need: older.id })).items).toEqual([event]);
      expect((await store.listOutbox({ status: "pending" })).items).toEqual([message]);
      expect((await store.listTimers({ need: older.id })).items).toEqual([timer]);
      expect(await store.getLoads([{ resource: "volunteer-1", period: "2026-10-09" }])).toEqual([1]);
      // ... and the upgraded database takes new rows after the old ones.
      const added = f.need({ subject });
      await store.transaction((tx) => tx.insertNeed(added));
      expect((await store.listNeeds({ subject })).items.map((n) => n.id)).toEqual([
        older.id,
        recent.id,
        added.id,
      ]);
    } finally {
      await store.close();
    }

    const check = new Database(file, { readonly: true });
    try {
      expect(check.prepare("SELECT version FROM schema_migrations ORDER BY version").pluck().all()).toEqual(
        MIGRATIONS.map((m) => m.version),
      );
      expect(check.prepare("SELECT MAX(version) FROM schema_migrations").pluck().get()).toBe(SCHEMA_VERSION);
      expect(
        check
          .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = ?")
          .pluck()
          .get("needs_subject_received"),
      ).toBe("needs_subject_received");
      // The duplicate check's query finds its rows through the new index.
      const plan = check
        .prepare(
          "EXPLAIN QUERY PLAN SELECT seq, id, body FROM needs WHERE subject = ? AND received_at >= ? ORDER BY received_at",
        )
        .all(subject, 0) as { detail: string }[];
      expect(plan.map((p) => p.detail).join("\n")).toContain("needs_subject_received");
    } finally {
      check.close();
    }
  });

  it("migrates an old database once: reopening applies nothing more", async () => {
    const file = tempFile("v1-twice.db");
    oldDatabase(file, 1).close();
    await sqliteStore({ filename: file }).close();
    await sqliteStore({ filename: file }).close();
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT COUNT(*) FROM schema_migrations").pluck().get()).toBe(MIGRATIONS.length);
    check.close();
  });

  it("refuses a database claiming a version newer than this build with store.schema_too_new, and leaves it alone", async () => {
    const file = tempFile("future.db");
    const db = oldDatabase(file, SCHEMA_VERSION);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
      SCHEMA_VERSION + 1,
      "from the future",
      new Date().toISOString(),
    );
    db.close();
    const error = (() => {
      try {
        sqliteStore({ filename: file });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(LianxinError.is(error)).toBe(true);
    expect((error as LianxinError).code).toBe("store.schema_too_new");
    expect((error as LianxinError).adapter).toBe("sqlite");
    expect((error as LianxinError).message).toContain(String(SCHEMA_VERSION + 1));
    const check = new Database(file, { readonly: true });
    expect(check.prepare("SELECT MAX(version) FROM schema_migrations").pluck().get()).toBe(
      SCHEMA_VERSION + 1,
    );
    check.close();
  });
});
