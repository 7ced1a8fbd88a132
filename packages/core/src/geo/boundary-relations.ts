import type { Boundary, Position } from "../model/geo-json.js";
import { type BBox, bboxContains, bboxIntersection, bboxIntersects, boundaryBBox } from "./bbox.js";
import { geoTolerance, pointInBoundary } from "./point-in-boundary.js";

/**
 * True when the interiors of `a` and `b` share a positive area: they cross, one holds the other,
 * or they are the same shape. Boundaries that only touch (neighbouring grids sharing an edge or
 * a vertex) do not overlap, nor does a shape lying in the other's hole.
 */
export function boundariesOverlap(a: Boundary, b: Boundary): boolean {
  const boxA = boundaryBBox(a);
  const boxB = boundaryBBox(b);
  if (!bboxIntersects(boxA, boxB, true)) return false;
  const box = bboxIntersection(boxA, boxB)!;
  const eps = geoTolerance(bboxScale(box));
  const edgesA = edgesTouching(a, box, eps);
  const edgesB = edgesTouching(b, box, eps);
  const { crossing, splitsA, splitsB } = analyseEdges(edgesA, edgesB, eps);
  if (crossing) return true;
  // Without crossings, every piece of border between split points is wholly inside, on or outside
  // the other shape, so testing one point per piece decides the border; only equal parts remain.
  if (someSubSegmentMidpoint(edgesA, splitsA, (p) => pointInBoundary(p, b) === "inside")) return true;
  if (someSubSegmentMidpoint(edgesB, splitsB, (p) => pointInBoundary(p, a) === "inside")) return true;
  if (someInteriorPoint(a, (p) => pointInBoundary(p, b) === "inside")) return true;
  return someInteriorPoint(b, (p) => pointInBoundary(p, a) === "inside");
}

/**
 * True when every part of `inner` lies inside `outer` or on its border: the borders may touch
 * and share edges but never cross, and no part of `inner` covers a hole of `outer`.
 */
export function boundaryWithin(inner: Boundary, outer: Boundary): boolean {
  const boxInner = boundaryBBox(inner);
  const boxOuter = boundaryBBox(outer);
  const eps = geoTolerance(bboxScale(boxOuter));
  if (!bboxContains(boxOuter, boxInner, eps)) return false;
  const edgesInner = edgesTouching(inner, boxInner, eps);
  const edgesOuter = edgesTouching(outer, boxInner, eps);
  const { crossing, splitsA, splitsB } = analyseEdges(edgesInner, edgesOuter, eps);
  if (crossing) return false;
  if (someSubSegmentMidpoint(edgesInner, splitsA, (p) => pointInBoundary(p, outer) === "outside")) {
    return false;
  }
  if (someSubSegmentMidpoint(edgesOuter, splitsB, (p) => pointInBoundary(p, inner) === "inside")) {
    return false;
  }
  return !someInteriorPoint(inner, (p) => pointInBoundary(p, outer) === "outside");
}

function bboxScale(box: BBox): number {
  return Math.max(Math.abs(box[0]), Math.abs(box[1]), Math.abs(box[2]), Math.abs(box[3]));
}

function polygonsOf(b: Boundary): readonly (readonly (readonly Position[])[])[] {
  return b.type === "Polygon" ? [b.coordinates] : b.coordinates;
}

/** The non-degenerate edges of `b` touching `box`, as flat `[x0, y0, x1, y1, ...]`. */
function edgesTouching(b: Boundary, box: BBox, eps: number): number[] {
  const edges: number[] = [];
  for (const rings of polygonsOf(b)) {
    for (const ring of rings) {
      for (let i = 0; i < ring.length; i++) {
        const [x0, y0] = ring[i === 0 ? ring.length - 1 : i - 1]!;
        const [x1, y1] = ring[i]!;
        if (x0 === x1 && y0 === y1) continue;
        if (Math.max(x0, x1) < box[0] - eps || Math.min(x0, x1) > box[2] + eps) continue;
        if (Math.max(y0, y1) < box[1] - eps || Math.min(y0, y1) > box[3] + eps) continue;
        edges.push(x0, y0, x1, y1);
      }
    }
  }
  return edges;
}

interface EdgeAnalysis {
  /** Some edge of A crosses some edge of B in both their interiors. */
  crossing: boolean;
  /** Per edge of A, the positions (0..1) along it where a vertex of B lies. */
  splitsA: (number[] | undefined)[];
  /** Per edge of B, the positions along it where a vertex of A lies. */
  splitsB: (number[] | undefined)[];
}

function analyseEdges(edgesA: readonly number[], edgesB: readonly number[], eps: number): EdgeAnalysis {
  const splitsA: (number[] | undefined)[] = new Array(edgesA.length / 4);
  const splitsB: (number[] | undefined)[] = new Array(edgesB.length / 4);
  for (let i = 0; i < edgesA.length; i += 4) {
    const ax0 = edgesA[i]!;
    const ay0 = edgesA[i + 1]!;
    const ax1 = edgesA[i + 2]!;
    const ay1 = edgesA[i + 3]!;
    const adx = ax1 - ax0;
    const ady = ay1 - ay0;
    const aLength = Math.hypot(adx, ady);
    const aTolerance = eps * aLength;
    const aMinX = Math.min(ax0, ax1) - eps;
    const aMaxX = Math.max(ax0, ax1) + eps;
    const aMinY = Math.min(ay0, ay1) - eps;
    const aMaxY = Math.max(ay0, ay1) + eps;
    for (let j = 0; j < edgesB.length; j += 4) {
      const bx0 = edgesB[j]!;
      const by0 = edgesB[j + 1]!;
      const bx1 = edgesB[j + 2]!;
      const by1 = edgesB[j + 3]!;
      if (Math.max(bx0, bx1) < aMinX || Math.min(bx0, bx1) > aMaxX) continue;
      if (Math.max(by0, by1) < aMinY || Math.min(by0, by1) > aMaxY) continue;
      const bdx = bx1 - bx0;
      const bdy = by1 - by0;
      const bLength = Math.hypot(bdx, bdy);
      const bTolerance = eps * bLength;
      const s1 = side(adx * (by0 - ay0) - ady * (bx0 - ax0), aTolerance);
      const s2 = side(adx * (by1 - ay0) - ady * (bx1 - ax0), aTolerance);
      const s3 = side(bdx * (ay0 - by0) - bdy * (ax0 - bx0), bTolerance);
      const s4 = side(bdx * (ay1 - by0) - bdy * (ax1 - bx0), bTolerance);
      if (s1 * s2 < 0 && s3 * s4 < 0) return { crossing: true, splitsA, splitsB };
      // Each vertex starts one edge, so looking at start points finds every vertex on an edge.
      if (s1 === 0)
        addSplit(
          splitsA,
          i / 4,
          ((bx0 - ax0) * adx + (by0 - ay0) * ady) / (aLength * aLength),
          eps / aLength,
        );
      if (s3 === 0)
        addSplit(
          splitsB,
          j / 4,
          ((ax0 - bx0) * bdx + (ay0 - by0) * bdy) / (bLength * bLength),
          eps / bLength,
        );
    }
  }
  return { crossing: false, splitsA, splitsB };
}

function side(cross: number, tolerance: number): number {
  return cross > tolerance ? 1 : cross < -tolerance ? -1 : 0;
}

function addSplit(splits: (number[] | undefined)[], edge: number, t: number, tolerance: number): void {
  if (t <= tolerance || t >= 1 - tolerance) return;
  const list = splits[edge];
  if (list === undefined) splits[edge] = [t];
  else list.push(t);
}

/** Calls `test` on the midpoint of every piece of every edge between its split points. */
function someSubSegmentMidpoint(
  edges: readonly number[],
  splits: readonly (number[] | undefined)[],
  test: (p: Position) => boolean,
): boolean {
  for (let i = 0; i < edges.length; i += 4) {
    const x0 = edges[i]!;
    const y0 = edges[i + 1]!;
    const dx = edges[i + 2]! - x0;
    const dy = edges[i + 3]! - y0;
    const list = splits[i / 4];
    if (list === undefined) {
      if (test([x0 + dx / 2, y0 + dy / 2])) return true;
      continue;
    }
    list.sort((u, v) => u - v);
    let from = 0;
    for (let k = 0; k <= list.length; k++) {
      const to = k < list.length ? list[k]! : 1;
      if (to > from) {
        const t = (from + to) / 2;
        if (test([x0 + dx * t, y0 + dy * t])) return true;
      }
      from = to;
    }
  }
  return false;
}

/** Calls `test` on a point well inside each polygon of `b`. */
function someInteriorPoint(b: Boundary, test: (p: Position) => boolean): boolean {
  for (const rings of polygonsOf(b)) {
    const p = interiorPoint(rings);
    if (p !== null && test(p)) return true;
  }
  return false;
}

/**
 * A point inside a polygon (holes respected): the middle of the widest span of the horizontal
 * line halfway across the largest vertical gap between vertices, so the line meets no vertex.
 */
function interiorPoint(rings: readonly (readonly Position[])[]): Position | null {
  const ys: number[] = [];
  for (const ring of rings) for (const position of ring) ys.push(position[1]);
  ys.sort((u, v) => u - v);
  let gap = 0;
  let y = Number.NaN;
  for (let k = 1; k < ys.length; k++) {
    const d = ys[k]! - ys[k - 1]!;
    if (d > gap) {
      gap = d;
      y = (ys[k]! + ys[k - 1]!) / 2;
    }
  }
  if (Number.isNaN(y)) return null;
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) {
      const [x0, y0] = ring[i === 0 ? ring.length - 1 : i - 1]!;
      const [x1, y1] = ring[i]!;
      if (y0 > y !== y1 > y) xs.push(x0 + ((y - y0) * (x1 - x0)) / (y1 - y0));
    }
  }
  xs.sort((u, v) => u - v);
  let best: Position | null = null;
  let width = 0;
  for (let k = 0; k + 1 < xs.length; k += 2) {
    const w = xs[k + 1]! - xs[k]!;
    if (w > width) {
      width = w;
      best = [(xs[k]! + xs[k + 1]!) / 2, y];
    }
  }
  return best;
}
