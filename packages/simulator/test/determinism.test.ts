import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sqliteStore } from "@lianxin/store-sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { type SimulateOptions, simulate } from "../src/index.js";
import { tongchuan, tongchuanRules } from "./tongchuan.js";

const tmp = mkdtempSync(join(tmpdir(), "lianxin-sim-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function options(seed: number): Promise<SimulateOptions> {
  return {
    district: await tongchuan(),
    ruleSets: tongchuanRules().map((r) => r.text),
    seed,
    days: 3,
    residents: 20_000,
    demand: { needsPerDay: 60, burstChancePerDay: 0.5 },
    kpiUnits: ["610200000000", "610202000000"],
    period: "day",
  };
}

describe("determinism", () => {
  it("gives the same digest, event log and KPIs for the same seed, and another digest for another seed", async () => {
    const a = await simulate(await options(11));
    const b = await simulate(await options(11));
    const c = await simulate(await options(12));
    expect(a.counts.needs).toBeGreaterThan(100);
    expect(a.eventLog.length).toBe(a.counts.events);
    expect(b.digest).toBe(a.digest);
    expect(b.eventLog).toEqual(a.eventLog);
    expect(b.kpis).toEqual(a.kpis);
    expect(b.daily).toEqual(a.daily);
    expect(b.counts).toEqual(a.counts);
    expect(c.digest).not.toBe(a.digest);
    const { wallMs: _a, ...ra } = a;
    const { wallMs: _b, ...rb } = b;
    expect(JSON.stringify(rb)).toBe(JSON.stringify(ra));
  }, 60_000);

  it("gives the same digest on the memory store and on SQLite", async () => {
    const memory = await simulate(await options(5));
    const store = sqliteStore({ filename: join(tmp, "sim.sqlite"), synchronous: "NORMAL" });
    try {
      const sqlite = await simulate({ ...(await options(5)), store });
      expect(sqlite.counts).toEqual(memory.counts);
      expect(sqlite.eventLog).toEqual(memory.eventLog);
      expect(sqlite.digest).toBe(memory.digest);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("receives needs stamped in the district's zone with unique external ids", async () => {
    const r = await simulate(await options(3));
    const received = r.eventLog.filter((e) => e.type === "received");
    expect(received.length).toBe(r.counts.needs);
    for (const e of r.eventLog) expect(e.at).toMatch(/\+08:00$/);
    expect(Object.values(r.daily[0]!.byCategory).reduce((s, n) => s + n, 0)).toBeGreaterThan(0);
  }, 60_000);
});
