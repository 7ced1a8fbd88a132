import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createLianxin,
  type Lianxin,
  loadDistrict,
  ManualClock,
  memoryStore,
  type Need,
} from "@lianxin/core";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createGeoReportHandler } from "../src/handler/index.js";
import { GEO_REPORT_STATUS } from "../src/labels.js";

/**
 * `GET requests` against a plain filter over every need: whatever the filters and the page, the
 * handler answers exactly the needs a straightforward in-memory filter keeps, in the order they
 * were received.
 */

const root = fileURLToPath(new URL("../../../", import.meta.url));
const dir = join(root, "examples/tongchuan");
const CODES = ["DB-WJ-001", "DB-MZ-001", "DB-CG-002", "DB-ZJ-007"] as const;
const DAY = 86_400_000;
const FIRST = Date.parse("2026-06-01T08:00:00+08:00");

let engine: Lianxin;
let clock: ManualClock;
let server: Server;
let base: string;
let needs: Need[];

beforeAll(async () => {
  const district = await loadDistrict(dir, { geometry: false });
  const ruleSets = readdirSync(join(dir, "rules"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => readFileSync(join(dir, "rules", f), "utf8"));
  clock = new ManualClock(FIRST);
  let n = 0;
  engine = createLianxin({ district, ruleSets, store: memoryStore(), clock, ids: () => `p${++n}` });
  const residents = [...district.residents.values()].filter((r) => r.location !== undefined).slice(0, 40);
  // 40 needs over 130 days, four services, some cancelled (closed), some rejected by the rules.
  for (let i = 0; i < residents.length; i++) {
    clock.set(FIRST + Math.floor((i * 130 * DAY) / residents.length) + (i % 7) * 3_600_000);
    const r = residents[i]!;
    const { need } = await engine.submit({
      source: "app",
      serviceCode: CODES[i % CODES.length]!,
      description: "请帮忙处理",
      location: r.location!,
      ...(i % 3 === 0 ? {} : { subject: r.id }),
      receivedAt: clock.now().toISOString(),
    });
    if (i % 5 === 0 && !["rejected", "not-responsible", "duplicate"].includes(need.status))
      await engine.cancel(need.id, { type: "system", id: "test" }, "居民撤回");
  }
  needs = [];
  let cursor: string | null = null;
  do {
    const page = await engine.listNeeds({ limit: 1_000, cursor });
    needs.push(...page.items);
    cursor = page.next;
  } while (cursor);
  clock.set(FIRST + 130 * DAY);
  const handler = createGeoReportHandler({ engine, clock, lang: "en" });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open311/v2`;
}, 60_000);

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("the needs cover both statuses, every service and dates outside the default window", () => {
  expect(new Set(needs.map((n) => GEO_REPORT_STATUS[n.status]))).toEqual(new Set(["open", "closed"]));
  expect(new Set(needs.map((n) => n.serviceCode))).toEqual(new Set(CODES));
  expect(needs.some((n) => Date.parse(n.receivedAt) < FIRST + 40 * DAY)).toBe(true);
});

test("GET requests answers what a plain filter keeps, page by page", async () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  await fc.assert(
    fc.asyncProperty(
      fc.record(
        {
          codes: fc.subarray([...CODES], { minLength: 1 }),
          statuses: fc.subarray(["open", "closed"] as const, { minLength: 1 }),
          start: fc.integer({ min: -5, max: 135 }),
          span: fc.integer({ min: 0, max: 90 }),
          pageSize: fc.integer({ min: 1, max: 12 }),
          page: fc.integer({ min: 1, max: 5 }),
        },
        { requiredKeys: ["pageSize", "page"] },
      ),
      async (q) => {
        const params = new URLSearchParams({ page_size: String(q.pageSize), page: String(q.page) });
        if (q.codes) params.set("service_code", q.codes.join(","));
        if (q.statuses) params.set("status", q.statuses.join(","));
        let from = FIRST + 40 * DAY;
        let to = FIRST + 130 * DAY;
        if (q.start !== undefined) {
          from = FIRST + q.start * DAY;
          to = from + (q.span ?? 90) * DAY;
          params.set("start_date", iso(from));
          params.set("end_date", iso(to));
        }
        const expected = needs
          .filter((n) => {
            const t = Date.parse(n.receivedAt);
            return (
              t >= from &&
              t <= to &&
              (!q.codes || q.codes.includes(n.serviceCode as (typeof CODES)[number])) &&
              (!q.statuses || q.statuses.includes(GEO_REPORT_STATUS[n.status]))
            );
          })
          .map((n) => n.id);
        const res = await fetch(`${base}/requests.json?${params}`);
        expect(res.status).toBe(200);
        const got = ((await res.json()) as { service_request_id: string }[]).map((r) => r.service_request_id);
        const start = (q.page - 1) * q.pageSize;
        expect(got).toEqual(expected.slice(start, start + q.pageSize));
        expect(res.headers.get("link") !== null).toBe(expected.length > start + q.pageSize);
      },
    ),
    { numRuns: 80 },
  );
});
