import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLianxin, LianxinError, loadDistrict, ManualClock, type Store } from "@lianxin/core";
import { storeFixtures, storeSuite } from "@lianxin/testkit/storage";
import fc from "fast-check";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS, migrate, postgresStore, SCHEMA_VERSION, TABLES } from "../src/index.js";

/**
 * These tests need a PostgreSQL database: CI sets LIANXIN_POSTGRES_URL
 * (postgres://postgres@127.0.0.1:5432/test). Without it they are skipped, with this reason.
 */
const url = process.env.LIANXIN_POSTGRES_URL;
const SKIP_REASON =
  "skipped: set LIANXIN_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run the PostgreSQL store tests";

// One schema per run of this file, so parallel runs and other files never share tables.
const base = `lianxin_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const schemas = new Set<string>();
const schemaFor = (suffix: string) => {
  const name = `${base}_${suffix}`;
  schemas.add(name);
  return name;
};

// Pools open lazily: a skipped describe still runs its body to collect the tests.
const pools: pg.Pool[] = [];
const pools2 = new Map<string, pg.Pool>();
/** The shared pool `name` (a second name means a second, independent set of connections: another process). */
function poolNamed(name: string): pg.Pool {
  let pool = pools2.get(name);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 6 });
    pools2.set(name, pool);
    pools.push(pool);
  }
  return pool;
}
afterAll(async () => {
  if (pools.length === 0) return;
  const admin = poolNamed("main");
  for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await Promise.all(pools.map((p) => p.end()));
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<LianxinError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(LianxinError.is(error), `expected a LianxinError ${code}, got ${String(error)}`).toBe(true);
  const e = error as LianxinError;
  expect(e.code).toBe(code);
  expect(e.adapter).toBe("postgres");
  return e;
}

describe.skipIf(!url)(`@lianxin/store-postgres${url ? "" : ` (${SKIP_REASON})`}`, () => {
  const main = schemaFor("suite");
  const f = storeFixtures("pg");

  storeSuite({
    name: "postgres",
    create: () => postgresStore({ pool: poolNamed("main"), schema: main }),
    reset: async () => {
      await poolNamed("main").query(
        `TRUNCATE ${TABLES.map((x) => `"${main}".${x}`).join(", ")} RESTART IDENTITY`,
      );
    },
    additionalTests(ctx) {
      it("migrates once, even when two processes start at once, and again finds nothing to do", async () => {
        const schema = schemaFor("migrate");
        const a = postgresStore({ pool: poolNamed("main"), schema });
        const b = postgresStore({ pool: poolNamed("other"), schema });
        await Promise.all([a.getNeed("x"), b.getNeed("x"), a.listOutbox({}), b.getLoads([])]);
        const { rows } = await poolNamed("main").query(
          `SELECT version, name FROM "${schema}".schema_migrations`,
        );
        expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
        expect(await migrate(poolNamed("other"), schema, "postgres")).toEqual([]);
        const tables = await poolNamed("main").query(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
          [schema],
        );
        expect(tables.rows.map((r) => r.table_name)).toEqual([...TABLES, "schema_migrations"].sort());
        await a.close();
        await b.close();
      });

      it("refuses a schema written by a newer version with store.schema_too_new", async () => {
        const schema = schemaFor("newer");
        await postgresStore({ pool: poolNamed("main"), schema }).getNeed("x");
        await poolNamed("main").query(
          `INSERT INTO "${schema}".schema_migrations (version, name) VALUES ($1, $2)`,
          [SCHEMA_VERSION + 1, "from the future"],
        );
        const store = postgresStore({ pool: poolNamed("other"), schema });
        const e = await expectCode(store.getNeed("x"), "store.schema_too_new");
        expect(e.message).toContain(String(SCHEMA_VERSION + 1));
        await expectCode(
          store.transaction(async () => 1),
          "store.schema_too_new",
        );
      });

      it("reports a row that no longer matches the schema as store.malformed_row with its table and id", async () => {
        const s = ctx.store;
        const wrong = f.need();
        const moved = f.need();
        const order = f.workOrder(wrong.id);
        await s.transaction(async (tx) => {
          await tx.insertNeed(wrong);
          await tx.insertNeed(moved);
          await tx.insertWorkOrder(order);
        });
        const db = poolNamed("main");
        await db.query(
          `UPDATE "${main}".needs SET body = jsonb_set(body, '{status}', '"lost"') WHERE id = $1`,
          [wrong.id],
        );
        await db.query(
          `UPDATE "${main}".needs SET body = jsonb_set(body, '{id}', '"elsewhere"') WHERE id = $1`,
          [moved.id],
        );
        await db.query(`UPDATE "${main}".work_orders SET body = body - 'dueAt' WHERE id = $1`, [order.id]);

        const e1 = await expectCode(s.getNeed(wrong.id), "store.malformed_row");
        expect(e1.message).toContain("needs");
        expect(e1.message).toContain(wrong.id);
        expect((await expectCode(s.getNeed(moved.id), "store.malformed_row")).message).toContain(moved.id);
        expect((await expectCode(s.listNeeds({}), "store.malformed_row")).message).toContain(wrong.id);
        const e2 = await expectCode(s.getWorkOrder(order.id), "store.malformed_row");
        expect(e2.message).toContain("work_orders");
        expect(e2.message).toContain(order.id);
      });

      it("rejects bad options and use after close, naming the adapter", async () => {
        for (const schema of ["Lianxin", "1abc", "a-b", 'x"; DROP TABLE y; --', "a".repeat(64), ""])
          await expectCode(
            (async () => postgresStore({ pool: poolNamed("main"), schema }))(),
            "store.invalid_options",
          );
        await expectCode(
          (async () => postgresStore({ pool: undefined as unknown as pg.Pool }))(),
          "store.invalid_options",
        );
        const store = postgresStore({ pool: poolNamed("main"), schema: main });
        expect(store.capabilities).toEqual({ transactions: true, multiProcess: true });
        await store.close();
        await expectCode(store.getNeed("x"), "store.closed");
        await expectCode(
          store.transaction(async () => 1),
          "store.closed",
        );
        // The pool is the caller's: closing the store leaves it usable.
        expect((await poolNamed("main").query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      });

      it("a store.conflict caught inside a transaction leaves the transaction usable", async () => {
        const s = ctx.store;
        const first = f.need();
        await s.transaction((tx) => tx.insertNeed(first));
        const other = f.need();
        await s.transaction(async (tx) => {
          await expectCode(
            tx.insertNeed({ ...f.need(), source: first.source, externalId: first.externalId! }),
            "store.conflict",
          );
          await tx.insertNeed(other);
        });
        expect(await s.getNeed(other.id)).toEqual(other);
      });

      it("two stores on two pools claiming one outbox at once never both get a message, one per ordering key", async () => {
        const a = ctx.store;
        const b = postgresStore({ pool: poolNamed("other"), schema: main });
        const keys = Array.from({ length: 12 }, () => f.id("key"));
        const messages = keys.flatMap((k, i) =>
          Array.from({ length: 1 + (i % 3) }, () =>
            f.outboxMessage(k, { availableAt: "2026-10-09T08:00:00+08:00" }),
          ),
        );
        await a.transaction((tx) => tx.enqueue(messages));
        const now = new Date("2026-10-09T09:00:00+08:00");
        const claims = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            (i % 2 === 0 ? a : b).claimOutbox(`w${i}`, 3, 60_000, now).then((ms) => ms.map((m) => m.id)),
          ),
        );
        const all = claims.flat();
        expect(new Set(all).size).toBe(all.length);
        const firsts = keys.map((k) => messages.find((m) => m.orderingKey === k)!.id);
        expect([...all].sort()).toEqual([...firsts].sort());
        // While the leases hold, nobody gets anything more.
        expect(await b.claimOutbox("late", 100, 60_000, new Date(now.getTime() + 30_000))).toEqual([]);
        await b.close();
      });

      it("reservations from two pools at once never exceed capacity (property)", async () => {
        const a = ctx.store;
        const b = postgresStore({ pool: poolNamed("other"), schema: main });
        await fc.assert(
          fc.asyncProperty(
            fc.integer({ min: 0, max: 12 }),
            fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 16 }),
            async (capacity, amounts) => {
              const resource = f.id("resource");
              const granted = await Promise.all(
                amounts.map((amount, i) =>
                  (i % 2 === 0 ? a : b).transaction(async (tx) => {
                    const [load] = await tx.getLoads([{ resource, period: "2026-W41" }]);
                    const ok = await tx.reserve(resource, "2026-W41", amount, capacity);
                    expect(ok).toBe(load! + amount <= capacity);
                    return ok ? amount : 0;
                  }),
                ),
              );
              const total = granted.reduce((x, y) => x + y, 0);
              expect(total).toBeLessThanOrEqual(capacity);
              expect(await b.getLoads([{ resource, period: "2026-W41" }])).toEqual([total]);
            },
          ),
          { numRuns: 25 },
        );
        await b.close();
      });

      it("runs the engine end to end on Tongchuan and reads the result back through another pool", async () => {
        const root = fileURLToPath(new URL("../../../examples/tongchuan/", import.meta.url));
        const district = await loadDistrict(root, { geometry: false });
        const ruleSets = readdirSync(join(root, "rules"))
          .filter((x) => x.endsWith(".json"))
          .sort()
          .map((x) => readFileSync(join(root, "rules", x), "utf8"));
        expect(ruleSets).toHaveLength(5);
        const at = "2026-10-09T09:30:00+08:00";
        const store: Store = ctx.store;
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

        const other = postgresStore({ pool: poolNamed("other"), schema: main });
        const back = await other.getNeed(r.need.id);
        expect(back?.status).toBe("resolved");
        expect(back?.subject).toBe("res-lingde-0001");
        const wo = await other.getWorkOrder(lead.id);
        expect(wo?.status).toBe("resolved");
        expect(wo?.result).toBe("已代购胃药并送达");
        const trail = (await other.listEvents({ need: r.need.id, limit: 1_000 })).items;
        expect(trail).toEqual(events);
        expect(trail.map((e) => e.type)).toEqual(
          expect.arrayContaining(["received", "dispatched", "accepted", "resolved"]),
        );
        expect((await other.listOutbox({})).items.length).toBeGreaterThan(0);
        expect((await other.listTimers({ need: r.need.id })).items.length).toBeGreaterThan(0);
        const again = createLianxin({ district, ruleSets, store: other, clock: new ManualClock(at) });
        expect((await again.getNeed(r.need.id))?.status).toBe("resolved");
        await other.close();
      });
    },
  });
});
