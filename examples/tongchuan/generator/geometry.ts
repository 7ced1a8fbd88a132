/**
 * Synthetic geometry: axis-aligned rectangles for the city, districts, streets and communities,
 * and inside each community a lattice of grid cells whose inner vertices are jittered. Every
 * coordinate is rounded to 6 decimals once, when it is made, and then shared, so neighbouring
 * grids and their community have identical coordinates on shared vertices.
 */
import type { Point, Polygon, Position } from "@lianxin/core";
import type { Rng } from "./rng.js";

/** Rounds to 6 decimals (about 0.1 m). */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** An axis-aligned rectangle in degrees: west, south, east, north. */
export interface Rect {
  w: number;
  s: number;
  e: number;
  n: number;
}

/** A rectangle with its corners rounded to 6 decimals. */
export function rect(w: number, s: number, e: number, n: number): Rect {
  return { w: round6(w), s: round6(s), e: round6(e), n: round6(n) };
}

/** A GeoJSON point. */
export function point(lon: number, lat: number): Point {
  return { type: "Point", coordinates: [round6(lon), round6(lat)] };
}

/** The counter-clockwise ring of a rectangle as a GeoJSON polygon. */
export function rectPolygon(r: Rect): Polygon {
  return {
    type: "Polygon",
    coordinates: [
      [
        [r.w, r.s],
        [r.e, r.s],
        [r.e, r.n],
        [r.w, r.n],
        [r.w, r.s],
      ],
    ],
  };
}

/** A point well inside a rectangle: `u`, `v` in [0, 1] across and up. */
export function rectPoint(r: Rect, u: number, v: number): Point {
  return point(r.w + (r.e - r.w) * u, r.s + (r.n - r.s) * v);
}

/** The centre of a rectangle. */
export function rectCenter(r: Rect): Point {
  return rectPoint(r, 0.5, 0.5);
}

/** Width / height of a rectangle in metres (roughly), for choosing splits. */
export function aspect(r: Rect): number {
  const lat = ((r.s + r.n) / 2) * (Math.PI / 180);
  return ((r.e - r.w) * Math.cos(lat)) / (r.n - r.s);
}

/**
 * Splits a rectangle into `k` child rectangles: rows of cells, with jittered cut lines and a gap of
 * `gap` (a fraction of the cell size) on every side of each child, so siblings never touch.
 */
export function splitRect(parent: Rect, k: number, r: Rng, gap = 0.04): Rect[] {
  const a = aspect(parent);
  const rows = Math.max(1, Math.min(k, Math.round(Math.sqrt(k / a))));
  const perRow: number[] = [];
  for (let i = 0; i < rows; i++) perRow.push(Math.floor(k / rows) + (i < k % rows ? 1 : 0));
  const cuts = (count: number, lo: number, hi: number): number[] => {
    const out = [lo];
    for (let i = 1; i < count; i++) out.push(lo + ((hi - lo) * (i + r.range(-0.18, 0.18))) / count);
    out.push(hi);
    return out;
  };
  const ys = cuts(rows, parent.s, parent.n);
  const out: Rect[] = [];
  // Rows from the north down, cells from the west, so codes read like a page.
  for (let row = rows - 1; row >= 0; row--) {
    const s = ys[row]!;
    const n = ys[row + 1]!;
    const xs = cuts(perRow[rows - 1 - row]!, parent.w, parent.e);
    for (let c = 0; c + 1 < xs.length; c++) {
      const w = xs[c]!;
      const e = xs[c + 1]!;
      const gx = (e - w) * gap;
      const gy = (n - s) * gap;
      out.push(rect(w + gx, s + gy, e - gx, n - gy));
    }
  }
  return out;
}

/** A lattice of `nx` × `ny` grid cells covering a rectangle. `pts[i][j]` is vertex (i, j). */
export interface Lattice {
  rect: Rect;
  nx: number;
  ny: number;
  pts: Position[][];
}

/** The largest jitter of a lattice vertex, in cell widths. Cells stay simple below 0.5. */
export const JITTER = 0.24;

/**
 * Builds a lattice over a rectangle. Inner vertices move in both axes, border vertices slide along
 * their border, corners stay put, so the community's border stays straight.
 */
export function lattice(r: Rect, nx: number, ny: number, rand: Rng): Lattice {
  const pts: Position[][] = [];
  const dx = (r.e - r.w) / nx;
  const dy = (r.n - r.s) / ny;
  for (let i = 0; i <= nx; i++) {
    const col: Position[] = [];
    for (let j = 0; j <= ny; j++) {
      // Border vertices keep the coordinate that puts them on the border; the other one moves.
      const x = i === 0 ? r.w : i === nx ? r.e : round6(r.w + (i + rand.range(-JITTER, JITTER)) * dx);
      const y = j === 0 ? r.s : j === ny ? r.n : round6(r.s + (j + rand.range(-JITTER, JITTER)) * dy);
      col.push([x, y]);
    }
    pts.push(col);
  }
  return { rect: r, nx, ny, pts };
}

/** The counter-clockwise ring of cell (i, j) of a lattice. */
export function cellPolygon(l: Lattice, i: number, j: number): Polygon {
  const p = (a: number, b: number): Position => l.pts[a]![b]!;
  return { type: "Polygon", coordinates: [[p(i, j), p(i + 1, j), p(i + 1, j + 1), p(i, j + 1), p(i, j)]] };
}

/** The counter-clockwise ring around a whole lattice, through every border vertex. */
export function latticeBorder(l: Lattice): Polygon {
  const ring: Position[] = [];
  for (let i = 0; i < l.nx; i++) ring.push(l.pts[i]![0]!);
  for (let j = 0; j < l.ny; j++) ring.push(l.pts[l.nx]![j]!);
  for (let i = l.nx; i > 0; i--) ring.push(l.pts[i]![l.ny]!);
  for (let j = l.ny; j > 0; j--) ring.push(l.pts[0]![j]!);
  ring.push(ring[0]!);
  return { type: "Polygon", coordinates: [ring] };
}

/**
 * A point strictly inside cell (i, j): `u`, `v` must lie in [JITTER, 1 − JITTER]. The square
 * [JITTER, 1 − JITTER]² of every cell lies inside its jittered quadrilateral.
 */
export function cellPoint(l: Lattice, i: number, j: number, u: number, v: number): Point {
  const lo = JITTER + 0.03;
  const cu = Math.min(1 - lo, Math.max(lo, u));
  const cv = Math.min(1 - lo, Math.max(lo, v));
  const dx = (l.rect.e - l.rect.w) / l.nx;
  const dy = (l.rect.n - l.rect.s) / l.ny;
  return point(l.rect.w + (i + cu) * dx, l.rect.s + (j + cv) * dy);
}

/** The centre of cell (i, j): the mean of its corners, inside the cell's inner square. */
export function cellCenter(l: Lattice, i: number, j: number): Point {
  const c = [l.pts[i]![j]!, l.pts[i + 1]![j]!, l.pts[i + 1]![j + 1]!, l.pts[i]![j + 1]!];
  return point(c.reduce((s, p) => s + p[0], 0) / 4, c.reduce((s, p) => s + p[1], 0) / 4);
}

/** Signed area of a ring (positive when counter-clockwise), in square degrees. */
export function ringArea(ring: readonly Position[]): number {
  let a = 0;
  for (let k = 0; k + 1 < ring.length; k++) {
    const p = ring[k]!;
    const q = ring[k + 1]!;
    a += p[0] * q[1] - q[0] * p[1];
  }
  return a / 2;
}

/** Is a position strictly inside a ring (ray casting; points on the border may go either way)? */
export function inRing(pos: Position, ring: readonly Position[]): boolean {
  const [x, y] = pos;
  let inside = false;
  for (let k = 0, m = ring.length - 1; k < ring.length; m = k++) {
    const [xi, yi] = ring[k]!;
    const [xj, yj] = ring[m]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The bounding box of a polygon's outer ring. */
export function bbox(poly: Polygon): Rect {
  const ring = poly.coordinates[0]!;
  return {
    w: Math.min(...ring.map((p) => p[0])),
    s: Math.min(...ring.map((p) => p[1])),
    e: Math.max(...ring.map((p) => p[0])),
    n: Math.max(...ring.map((p) => p[1])),
  };
}
