/**
 * A city-year at scale: Tongchuan's hierarchy and lists grown to city size (1,643 grids, its
 * 6,566 resources plus synthetic volunteers and party members to ≥ 10,000, ≈ 700,000 synthetic
 * residents) and one simulated year of needs (≈ 1,000,000 at the default rate) through the full
 * engine — triage, routing, matching, dispatch, acceptance, returns, resolution, deadlines,
 * escalation and follow-up, every step a store transaction — first on SQLite (a temporary file,
 * WAL, `synchronous = NORMAL`), then the same year on the memory store, in the same run. Each store
 * runs in a child process of its own so that its peak memory (max RSS) is its own.
 * Prints one JSON line on stdout: per store wall time, needs per second, peak memory and the
 * simulation's digest (and, for runs shorter than a year, `yearS` — the year at the same rate — and
 * for the memory store `yearPeakMiB`, its peak above the built city scaled the same way); the ratio
 * SQLite / memory; whether both stores produced the same digest.
 * Notes and progress go to stderr. Exits 1 when a child fails or the digests differ.
 *
 *   pnpm bench:city [--days <n>] (default 365) [--needs-per-day <n>] (default 2740)
 *                   [--residents <n>] (default 700000) [--resources <n>] (default 10000)
 *                   [--seed <n>] (default 2026) [--stores sqlite,memory]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type DistrictFileName, districtFromFiles, type Resource } from "../packages/core/src/index.js";
import { memoryStore } from "../packages/core/src/memory/memory-store.js";
import { simulate } from "../packages/simulator/src/index.js";
import { sqliteStore } from "../packages/store-sqlite/src/index.js";
import { fail, note, positiveInteger, prng, round } from "./bench-kit.js";

const BENCH = "city";
const dir = fileURLToPath(new URL("../examples/tongchuan/", import.meta.url));

const { values } = parseArgs({
  options: {
    days: { type: "string", default: "365" },
    "needs-per-day": { type: "string", default: "2740" },
    residents: { type: "string", default: "700000" },
    resources: { type: "string", default: "10000" },
    seed: { type: "string", default: "2026" },
    stores: { type: "string", default: "sqlite,memory" },
    child: { type: "string" },
  },
});
const days = positiveInteger(BENCH, values.days, "--days");
const needsPerDay = positiveInteger(BENCH, values["needs-per-day"], "--needs-per-day");
const residents = positiveInteger(BENCH, values.residents, "--residents");
const resourceTarget = positiveInteger(BENCH, values.resources, "--resources");
const seed = positiveInteger(BENCH, values.seed, "--seed");

/** What one child prints: its store's figures. */
interface StoreRun {
  store: string;
  wallS: number;
  needs: number;
  needsPerS: number;
  peakMiB: number;
  /** Building the city and loading the rules, before the first simulated day. */
  setupS: number;
  /** Resident memory once the city is built. */
  setupMiB: number;
  events: number;
  digest: string;
  grids: number;
  resources: number;
  residents: number;
}

if (values.child !== undefined) await runChild(values.child);
else runParent();

function runParent(): void {
  const stores = values.stores.split(",").filter(Boolean);
  for (const s of stores)
    if (s !== "sqlite" && s !== "memory") fail(BENCH, `--stores: sqlite or memory, not ${s}`);
  const wall0 = performance.now();
  const runs: StoreRun[] = [];
  for (const store of stores) {
    note(BENCH, `${store}: ${days} days, ${needsPerDay} needs/day on average, ${residents} residents`);
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2), "--child", store],
      { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
    );
    if (child.status !== 0) fail(BENCH, `the ${store} run failed (exit ${child.status ?? child.signal})`);
    const line = child.stdout.trim().split("\n").pop() ?? "";
    runs.push(JSON.parse(line) as StoreRun);
  }
  const by = Object.fromEntries(runs.map((r) => [r.store, r]));
  const sqlite = by.sqlite as StoreRun | undefined;
  const memory = by.memory as StoreRun | undefined;
  const first = runs[0]!;
  const identical = runs.every((r) => r.digest === first.digest);
  // Shorter runs also say what a year (365 days at the same rate) would take: the simulated part
  // of the time scales with the days on both stores; so does what the memory store holds (its
  // peak above the built city), while SQLite's peak does not grow with the data.
  const perYear = (r: StoreRun) =>
    days >= 365
      ? {}
      : {
          yearS: round(r.setupS + ((r.wallS - r.setupS) * 365) / days),
          ...(r.store === "memory"
            ? { yearPeakMiB: round(r.setupMiB + ((r.peakMiB - r.setupMiB) * 365) / days) }
            : {}),
        };
  const strip = (r: StoreRun) => {
    const { store: _s, grids: _g, resources: _r, residents: _p, ...rest } = r;
    return { ...rest, ...perYear(r) };
  };
  process.stdout.write(
    `${JSON.stringify({
      bench: BENCH,
      grids: first.grids,
      resources: first.resources,
      residents: first.residents,
      days,
      needs: first.needs,
      ...(sqlite ? { sqlite: strip(sqlite) } : {}),
      ...(memory ? { memory: strip(memory) } : {}),
      ...(sqlite && memory ? { ratio: round(sqlite.needsPerS / memory.needsPerS, 3) } : {}),
      identical: identical ? 1 : 0,
      aim: { wallS: 600, peakMiB: 4096 },
      totalWallS: round((performance.now() - wall0) / 1000, 1),
    })}\n`,
  );
  if (!identical) fail(BENCH, "the stores produced different simulations (digests differ)");
}

async function runChild(kind: string): Promise<void> {
  const wall0 = performance.now();
  const district = cityDistrict();
  const ruleSets = readdirSync(join(dir, "rules"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => readFileSync(join(dir, "rules", f), "utf8"));
  const setupS = (performance.now() - wall0) / 1000;
  const setupMiB = process.memoryUsage().rss / 2 ** 20;
  note(BENCH, `${kind}: city built in ${round(setupS, 1)} s`);
  const tmp = mkdtempSync(join(tmpdir(), "lianxin-city-"));
  const store =
    kind === "sqlite"
      ? sqliteStore({ filename: join(tmp, "city.sqlite"), synchronous: "NORMAL" })
      : memoryStore();
  let lastNote = 0;
  try {
    const result = await simulate({
      district,
      ruleSets,
      store,
      seed,
      days,
      residents,
      demand: { needsPerDay },
      eventLog: false,
      kpiUnits: [],
      onProgress: ({ day, needs }) => {
        if (performance.now() - lastNote < 15_000 && day !== days) return;
        lastNote = performance.now();
        const s = (performance.now() - wall0) / 1000;
        const rss = process.memoryUsage().rss / 2 ** 20;
        note(BENCH, `${kind}: day ${day}/${days}, ${needs} needs, ${round(s)} s, rss ${round(rss)} MiB`);
      },
    });
    const wallS = (performance.now() - wall0) / 1000;
    const run: StoreRun = {
      store: kind,
      wallS: round(wallS, 1),
      needs: result.counts.needs,
      needsPerS: round(result.counts.needs / wallS),
      peakMiB: round(process.resourceUsage().maxRSS / 1024),
      setupS: round(setupS, 1),
      setupMiB: round(setupMiB),
      events: result.counts.events,
      digest: result.digest,
      grids: district.grids.size,
      resources: district.resources.size,
      residents: district.residents.size + residents,
    };
    process.stdout.write(`${JSON.stringify(run)}\n`);
  } finally {
    await store.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Tongchuan's bundle with synthetic volunteers and party members added, grid by grid, until the
 * resources list reaches `--resources`: each new one copies the capabilities, schedule and
 * capacity of an existing one of the same kind and serves its own grid and the grid's neighbours
 * in the same community.
 */
function cityDistrict() {
  const raw: Partial<Record<DistrictFileName, unknown>> = {};
  for (const f of readdirSync(dir))
    if (f.endsWith(".json") && f !== "package.json" && f !== "notifications.json")
      raw[f as DistrictFileName] = JSON.parse(readFileSync(join(dir, f), "utf8"));
  const resources = (raw["resources.json"] as { resources: Resource[] }).resources;
  const grids = (raw["grids.json"] as { grids: { code: string; community?: string }[] }).grids;
  const random = prng(seed);
  const templates = resources.filter((r) => r.kind === "volunteer" || r.kind === "party-member");
  const byCommunity = new Map<string, string[]>();
  for (const g of grids) {
    const community = g.code.slice(0, 12);
    let list = byCommunity.get(community);
    if (!list) byCommunity.set(community, (list = []));
    list.push(g.code);
  }
  let n = 0;
  while (resources.length < resourceTarget) {
    const grid = grids[n % grids.length]!.code;
    const template = templates[Math.floor(random() * templates.length)]!;
    const neighbours = byCommunity.get(grid.slice(0, 12)) ?? [grid];
    const area = [grid, ...neighbours.filter((g) => g !== grid).slice(0, 3)];
    const { location: _l, ...rest } = template;
    const volunteer = template.kind === "volunteer";
    const id = String(++n).padStart(5, "0");
    resources.push({
      ...rest,
      id: `city-${volunteer ? "vol" : "pm"}-${id}`,
      name: volunteer
        ? { zh: `志愿者${id}`, en: `Volunteer ${id}` }
        : { zh: `党员${id}`, en: `Party member ${id}` },
      home: grid,
      area: { units: area },
    });
  }
  const { district, issues } = districtFromFiles(raw, { geometry: false });
  if (!district) fail(BENCH, `the city does not validate: ${JSON.stringify(issues.slice(0, 3))}`);
  return district;
}
