/**
 * Point → grid lookups: the spatial index (through UnitLocator.gridAt) against a linear scan over
 * the same polygons with the same exact test; `agree` also checks gridsAt and locate. Prints one
 * JSON line on stdout; notes go to stderr.
 *
 *   pnpm bench:geo [--hierarchy <hierarchy.json>] [--points <n>] [--runs <n>] [--seed <n>]
 *
 * Without --hierarchy it reads examples/tongchuan/hierarchy.json, or falls back to a synthetic
 * jittered 40 × 40 tiling when that file is missing.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { HierarchyFileSchema } from "../packages/core/src/district/bundle-files.js";
import { type BBox, bboxContainsPoint, boundaryBBox } from "../packages/core/src/geo/bbox.js";
import { GEO_EPSILON, pointInBoundary } from "../packages/core/src/geo/point-in-boundary.js";
import { UnitLocator } from "../packages/core/src/geo/unit-locator.js";
import type { AdminUnit } from "../packages/core/src/model/admin-unit.js";
import type { Polygon, Position } from "../packages/core/src/model/geo-json.js";
import { fail, median, note, positiveInteger, prng } from "./bench-kit.js";

const BENCH = "geo";
const defaultHierarchy = fileURLToPath(new URL("../examples/tongchuan/hierarchy.json", import.meta.url));

const { values } = parseArgs({
  options: {
    hierarchy: { type: "string" },
    points: { type: "string", default: "20000" },
    runs: { type: "string", default: "5" },
    seed: { type: "string", default: "20260915" },
  },
});
const pointCount = positiveInteger(BENCH, values.points, "--points");
const runs = Math.max(5, positiveInteger(BENCH, values.runs, "--runs"));
const seed = positiveInteger(BENCH, values.seed, "--seed");

function loadHierarchy(file: string): AdminUnit[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    fail(BENCH, `cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = HierarchyFileSchema.safeParse(json);
  if (!parsed.success)
    fail(BENCH, `${file} is not a valid hierarchy file: ${parsed.error.message.slice(0, 2000)}`);
  return parsed.data.units;
}

/**
 * A city with a 40 × 40 tiling of grids near Tongchuan: lattice vertices jittered, three shared
 * extra vertices per side, every 17th cell left out, and a margin around the tiling.
 */
function syntheticHierarchy(): AdminUnit[] {
  const columns = 40;
  const rows = 40;
  const cell = 0.01;
  const subdivide = 3;
  const [x0, y0] = [108.9, 34.85];
  const random = prng(seed ^ 0x5eed);
  const lattice = (i: number, j: number): Position => latticePoints[i * (rows + 1) + j]!;
  const latticePoints: Position[] = [];
  for (let i = 0; i <= columns; i++) {
    for (let j = 0; j <= rows; j++) {
      const dx = i === 0 || i === columns ? 0 : (random() * 2 - 1) * 0.2 * cell;
      const dy = j === 0 || j === rows ? 0 : (random() * 2 - 1) * 0.2 * cell;
      latticePoints.push([x0 + i * cell + dx, y0 + j * cell + dy]);
    }
  }
  const sides = new Map<string, Position[]>();
  const side = (i0: number, j0: number, i1: number, j1: number): Position[] => {
    const known = sides.get(`${i1},${j1},${i0},${j0}`);
    if (known !== undefined) return [...known].reverse();
    const a = lattice(i0, j0);
    const b = lattice(i1, j1);
    const border = (i0 === i1 && (i0 === 0 || i0 === columns)) || (j0 === j1 && (j0 === 0 || j0 === rows));
    const points: Position[] = [];
    for (let k = 1; k <= subdivide; k++) {
      const t = k / (subdivide + 1);
      const off = border ? 0 : (random() * 2 - 1) * 0.05 * cell;
      points.push([
        a[0] + (b[0] - a[0]) * t + (i0 === i1 ? off : 0),
        a[1] + (b[1] - a[1]) * t + (j0 === j1 ? off : 0),
      ]);
    }
    sides.set(`${i0},${j0},${i1},${j1}`, points);
    return points;
  };
  const margin = 0.1 * columns * cell;
  const city: AdminUnit = {
    code: "610200",
    level: "city",
    name: { zh: "合成市" },
    boundary: rectangle(x0 - margin, y0 - margin, x0 + columns * cell + margin, y0 + rows * cell + margin),
  };
  const units: AdminUnit[] = [city];
  for (let i = 0; i < columns; i++) {
    for (let j = 0; j < rows; j++) {
      const k = i * rows + j;
      if (k % 17 === 5) continue;
      const ring: Position[] = [
        lattice(i, j),
        ...side(i, j, i + 1, j),
        lattice(i + 1, j),
        ...side(i + 1, j, i + 1, j + 1),
        lattice(i + 1, j + 1),
        ...side(i + 1, j + 1, i, j + 1),
        lattice(i, j + 1),
        ...side(i, j + 1, i, j),
        lattice(i, j),
      ];
      units.push({
        code: `61020200${String(k).padStart(4, "0")}`,
        level: "grid",
        parent: city.code,
        name: { zh: `网格${k}` },
        boundary: { type: "Polygon", coordinates: [ring] },
      });
    }
  }
  return HierarchyFileSchema.parse({ units }).units;
}

function rectangle(minX: number, minY: number, maxX: number, maxY: number): Polygon {
  const corners: Position[] = [
    [minX, minY],
    [maxX, minY],
    [maxX, maxY],
    [minX, maxY],
    [minX, minY],
  ];
  return { type: "Polygon", coordinates: [corners] };
}

let source: string;
let units: AdminUnit[];
if (values.hierarchy !== undefined) {
  units = loadHierarchy(values.hierarchy);
  source = resolve(values.hierarchy) === defaultHierarchy ? "examples/tongchuan" : values.hierarchy;
} else if (existsSync(defaultHierarchy)) {
  units = loadHierarchy(defaultHierarchy);
  source = "examples/tongchuan";
} else {
  note(BENCH, "examples/tongchuan/hierarchy.json not found, using a synthetic tiling");
  units = syntheticHierarchy();
  source = "synthetic";
}

const byCode = (a: AdminUnit, b: AdminUnit): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const grids = units.filter((u) => u.level === "grid" && u.boundary !== undefined).sort(byCode);
if (grids.length === 0) fail(BENCH, "the hierarchy has no grid with a boundary");
const gridBoxes = grids.map((g) => boundaryBBox(g.boundary!));

// The area to sample: the city's box, else the grids' box with a 10% margin.
const city = units.find((u) => u.level === "city" && u.boundary !== undefined);
let area: BBox;
if (city !== undefined) {
  area = boundaryBBox(city.boundary!);
} else {
  area = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of gridBoxes) {
    area = [
      Math.min(area[0], b[0]),
      Math.min(area[1], b[1]),
      Math.max(area[2], b[2]),
      Math.max(area[3], b[3]),
    ];
  }
  const mx = (area[2] - area[0]) * 0.1;
  const my = (area[3] - area[1]) * 0.1;
  area = [area[0] - mx, area[1] - my, area[2] + mx, area[3] + my];
}

// Needs come from where people live: 80% of the points fall in the box of a random grid,
// 20% anywhere in the city's box (many of those in no grid).
const random = prng(seed);
const points: Position[] = Array.from({ length: pointCount }, () => {
  const box = random() < 0.8 ? gridBoxes[Math.floor(random() * gridBoxes.length)]! : area;
  return [box[0] + random() * (box[2] - box[0]), box[1] + random() * (box[3] - box[1])];
});

const locator = new UnitLocator(units);

function indexRound(out: (AdminUnit | undefined)[]): number {
  const start = performance.now();
  for (let i = 0; i < points.length; i++) out[i] = locator.gridAt(points[i]!);
  return performance.now() - start;
}

function scanRound(out: (AdminUnit | undefined)[]): number {
  const start = performance.now();
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    // The same tolerance as pointInBoundary, as the index uses.
    const eps = GEO_EPSILON * Math.max(1, Math.abs(p[0]), Math.abs(p[1]));
    let found: AdminUnit | undefined;
    for (let g = 0; g < grids.length; g++) {
      if (bboxContainsPoint(gridBoxes[g]!, p, eps) && pointInBoundary(p, grids[g]!.boundary!) !== "outside") {
        found = grids[g];
        break;
      }
    }
    out[i] = found;
  }
  return performance.now() - start;
}

const viaIndex: (AdminUnit | undefined)[] = new Array(points.length);
const viaScan: (AdminUnit | undefined)[] = new Array(points.length);
// Warm up both paths once.
indexRound(viaIndex);
scanRound(viaScan);
const indexTimes: number[] = [];
const scanTimes: number[] = [];
for (let r = 0; r < runs; r++) {
  if (r % 2 === 0) {
    indexTimes.push(indexRound(viaIndex));
    scanTimes.push(scanRound(viaScan));
  } else {
    scanTimes.push(scanRound(viaScan));
    indexTimes.push(indexRound(viaIndex));
  }
}

let agreeing = 0;
let inGrid = 0;
for (let i = 0; i < points.length; i++) {
  const located = locator.locate(points[i]!);
  const fromLocate = located.exact ? located.unit : undefined;
  const fromList = locator.gridsAt(points[i]!)[0];
  if (viaIndex[i] === viaScan[i] && fromLocate === viaIndex[i] && fromList === viaIndex[i]) agreeing++;
  if (viaScan[i] !== undefined) inGrid++;
}

const indexPerSec = points.length / (median(indexTimes) / 1000);
const scanPerSec = points.length / (median(scanTimes) / 1000);
const agree = agreeing / points.length;

process.stdout.write(
  `${JSON.stringify({
    bench: "geo",
    source,
    grids: grids.length,
    points: points.length,
    inGrid: Math.round((inGrid / points.length) * 1000) / 1000,
    indexLookupsPerSec: Math.round(indexPerSec),
    scanLookupsPerSec: Math.round(scanPerSec),
    ratio: Math.round((indexPerSec / scanPerSec) * 10) / 10,
    agree,
    runs,
  })}\n`,
);
if (agree !== 1) {
  note(BENCH, `the index and the scan disagree on ${points.length - agreeing} points`);
  process.exitCode = 1;
}
