import { LianxinError } from "@lianxin/core";
import { storeFixtures } from "@lianxin/testkit/storage";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate, postgresStore, SCHEMA_VERSION } from "../src/index.js";

/** Needs LIANXIN_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/test); skipped without it. */
const url = process.env.LIANXIN_POSTGRES_URL;

const base = `lianxin_upgrade_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const schemas: string[] = [];
const schemaFor = (suffix: string) => {
  const name = `${base}_${suffix}`;
  schemas.push(name);
  return name;
};
let pool: pg.Pool | undefined;
const db = () => {
  pool ??= new pg.Pool({ connectionString: url, max: 4 });
  return pool;
};
afterAll(async () => {
  if (!pool) return;
  for (const s of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await pool.end();
});

/**
 * Writes, by hand, a schema as a build that knew only version `upTo` left it: the DDL of
 * migrations 1..upTo and their rows in `schema_migrations`, nothing later.
 */
async function oldSchema(schema: string, upTo: number): Promise<void> {
  const client = await db().connect();
  try {
    await client.query("BEGIN");
    await client.query(`CREATE SCHEMA "${schema}"`);
    await client.query(
      `CREATE TABLE "${schema}".schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    for (const m of MIGRATIONS.slice(0, upTo)) {
      await client.query(m.sql);
      await client.query(`INSERT INTO "${schema}".schema_migrations (version, name) VALUES ($1, $2)`, [
        m.version,
        m.name,
      ]);
    }
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK");
    throw e;
  } finally {
    client.release();
  }
}

describe.skipIf(!url)("@lianxin/store-postgres upgrades", () => {
  it("knows more than one schema version, numbered 1, 2, ... with no gaps", () => {
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it("opens a version-1 schema with rows, migrates it to the current version and keeps every row readable", async () => {
    const f = storeFixtures("pgup1");
    const schema = schemaFor("v1");
    await oldSchema(schema, 1);
    const s = `"${schema}"`;
    const subject = "resident-42";
    const older = f.need({ subject, status: "dispatched" });
    const recent = f.need({ subject, status: "dispatched", receivedAt: "2026-10-10T09:00:00+08:00" });
    const other = f.need({ subject: "resident-7" });
    const order = f.workOrder(older.id, { subject, assignee: { type: "resource", id: "volunteer-1" } });
    const event = f.event(older.id);
    const message = f.outboxMessage(older.id);
    const timer = f.timer(older.id);
    // The rows as a version-1 build wrote them: the columns of migration 1, the object as jsonb.
    for (const n of [older, recent, other])
      await db().query(
        `INSERT INTO ${s}.needs (id, source, external_id, status, scope, subject, received_at, version, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          n.id,
          n.source,
          n.externalId ?? null,
          n.status,
          n.scope,
          n.subject ?? null,
          new Date(n.receivedAt),
          n.version,
          JSON.stringify(n),
        ],
      );
    await db().query(
      `INSERT INTO ${s}.work_orders (id, need, status, scope, assignee_type, assignee_id, subject, version, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        order.id,
        order.need,
        order.status,
        order.scope,
        order.assignee.type,
        order.assignee.id,
        order.subject ?? null,
        order.version,
        JSON.stringify(order),
      ],
    );
    await db().query(`INSERT INTO ${s}.events (id, need, work_order, body) VALUES ($1, $2, NULL, $3)`, [
      event.id,
      event.need ?? null,
      JSON.stringify(event),
    ]);
    await db().query(
      `INSERT INTO ${s}.outbox (id, ordering_key, status, available_at, body) VALUES ($1, $2, $3, $4, $5)`,
      [
        message.id,
        message.orderingKey,
        message.status,
        new Date(message.availableAt),
        JSON.stringify(message),
      ],
    );
    await db().query(
      `INSERT INTO ${s}.timers (id, kind, due_at, ready_at, status, need, work_order, body)
       VALUES ($1, $2, $3, $3, $4, $5, NULL, $6)`,
      [timer.id, timer.kind, new Date(timer.dueAt), timer.status, timer.need, JSON.stringify(timer)],
    );
    await db().query(`INSERT INTO ${s}.loads (resource, period, amount) VALUES ($1, $2, $3)`, [
      "volunteer-1",
      "2026-10-09",
      1,
    ]);

    const store = postgresStore({ pool: db(), schema });
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
      // ... and the upgraded schema takes new rows after the old ones.
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

    const { rows } = await db().query<{ version: number; name: string }>(
      `SELECT version, name FROM ${s}.schema_migrations ORDER BY version`,
    );
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(rows[rows.length - 1]!.version).toBe(SCHEMA_VERSION);
    const index = await db().query(
      "SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname = $2",
      [schema, "needs_subject_received"],
    );
    expect(index.rowCount).toBe(1);
    // Nothing is left to apply.
    expect(await migrate(db(), schema, "postgres")).toEqual([]);
  });

  it("refuses a schema claiming a version newer than this build with store.schema_too_new, and leaves it alone", async () => {
    const schema = schemaFor("future");
    await oldSchema(schema, SCHEMA_VERSION);
    await db().query(`INSERT INTO "${schema}".schema_migrations (version, name) VALUES ($1, $2)`, [
      SCHEMA_VERSION + 1,
      "from the future",
    ]);
    const store = postgresStore({ pool: db(), schema });
    const error = await store.getNeed("x").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(LianxinError.is(error)).toBe(true);
    expect((error as LianxinError).code).toBe("store.schema_too_new");
    expect((error as LianxinError).adapter).toBe("postgres");
    expect((error as LianxinError).message).toContain(String(SCHEMA_VERSION + 1));
    const { rows } = await db().query(`SELECT MAX(version) AS v FROM "${schema}".schema_migrations`);
    expect(rows[0].v).toBe(SCHEMA_VERSION + 1);
  });
});
