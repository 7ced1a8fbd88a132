import type { AdminLevel, AdminUnit } from "../../src/model/admin-unit.js";
import type { Polygon, Position } from "../../src/model/geo-json.js";
import { prng } from "../fixtures/prng.js";

/** Re-exported from ../fixtures/prng.ts for the tests that take it from here. */
export { prng };

/** A closed ring from its corners. */
export function ring(...corners: Position[]): Position[] {
  return [...corners, corners[0]!];
}

/** An axis-aligned rectangle polygon, counter-clockwise. */
export function rect(x0: number, y0: number, x1: number, y1: number): Polygon {
  return { type: "Polygon", coordinates: [ring([x0, y0], [x1, y0], [x1, y1], [x0, y1])] };
}

/** Options of {@link jitteredTiling}. */
export interface TilingOptions {
  columns: number;
  rows: number;
  seed: number;
  /** South-west corner. */
  origin?: Position;
  /** Cell size in degrees. */
  cell?: number;
  /** How far lattice vertices move, as a share of the cell (below 0.25 keeps cells simple). */
  jitter?: number;
  /** Extra vertices on each side, shared by the two cells on either side of it. */
  subdivide?: number;
}

/** A tiling of quads over a jittered lattice; neighbours share exactly the same vertices. */
export function jitteredTiling(options: TilingOptions): Polygon[][] {
  const { columns, rows, seed, origin = [109, 35], cell = 0.01, jitter = 0.2, subdivide = 0 } = options;
  const random = prng(seed);
  const wobble = () => (random() * 2 - 1) * jitter * cell;
  const lattice: Position[][] = [];
  for (let i = 0; i <= columns; i++) {
    const column: Position[] = [];
    for (let j = 0; j <= rows; j++) {
      const x = origin[0] + i * cell + (i === 0 || i === columns ? 0 : wobble());
      const y = origin[1] + j * cell + (j === 0 || j === rows ? 0 : wobble());
      column.push([x, y]);
    }
    lattice.push(column);
  }
  const at = (i: number, j: number): Position => lattice[i]![j]!;
  // Intermediate points of each side, keyed by its start and end lattice vertex.
  const sides = new Map<string, Position[]>();
  const side = (i0: number, j0: number, i1: number, j1: number): Position[] => {
    const key = `${i0},${j0},${i1},${j1}`;
    const reverse = `${i1},${j1},${i0},${j0}`;
    const known = sides.get(reverse);
    if (known !== undefined) return [...known].reverse();
    let points = sides.get(key);
    if (points === undefined) {
      const a = at(i0, j0);
      const b = at(i1, j1);
      const border = (i0 === i1 && (i0 === 0 || i0 === columns)) || (j0 === j1 && (j0 === 0 || j0 === rows));
      points = [];
      for (let k = 1; k <= subdivide; k++) {
        const t = k / (subdivide + 1);
        const off = border ? 0 : (random() * 2 - 1) * 0.05 * cell;
        // Offset across the side (sides run roughly along an axis).
        const dx = i0 === i1 ? off : 0;
        const dy = j0 === j1 ? off : 0;
        points.push([a[0] + (b[0] - a[0]) * t + dx, a[1] + (b[1] - a[1]) * t + dy]);
      }
      sides.set(key, points);
    }
    return points;
  };
  const cells: Polygon[][] = [];
  for (let i = 0; i < columns; i++) {
    const column: Polygon[] = [];
    for (let j = 0; j < rows; j++) {
      const outer: Position[] = [
        at(i, j),
        ...side(i, j, i + 1, j),
        at(i + 1, j),
        ...side(i + 1, j, i + 1, j + 1),
        at(i + 1, j + 1),
        ...side(i + 1, j + 1, i, j + 1),
        at(i, j + 1),
        ...side(i, j + 1, i, j),
        at(i, j),
      ];
      column.push({ type: "Polygon", coordinates: [outer] });
    }
    cells.push(column);
  }
  return cells;
}

/** Moves every vertex of a polygon by `[dx, dy]`. */
export function shifted(p: Polygon, dx: number, dy: number): Polygon {
  return { type: "Polygon", coordinates: p.coordinates.map((r) => r.map(([x, y]) => [x + dx, y + dy])) };
}

/** An admin unit for tests. */
export function unit(code: string, level: AdminLevel, boundary?: Polygon, parent?: string): AdminUnit {
  return {
    code,
    level,
    name: { zh: `单元${code}` },
    ...(parent === undefined ? {} : { parent }),
    ...(boundary === undefined ? {} : { boundary }),
  };
}
