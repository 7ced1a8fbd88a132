import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundariesOverlap, boundaryWithin } from "../../src/geo/boundary-relations.js";
import type { MultiPolygon, Polygon, Position } from "../../src/model/geo-json.js";
import { jitteredTiling, rect, ring, shifted } from "./fixtures.js";

const X0 = 109;
const Y0 = 35;
const STEP = 0.001;

/** A rectangle on an integer lattice near Tongchuan; equal integers give identical coordinates. */
const latticeRect = fc
  .tuple(
    fc.integer({ min: 0, max: 9 }),
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 0, max: 9 }),
    fc.integer({ min: 1, max: 5 }),
  )
  .map(([x, w, y, h]) => ({ x0: x, y0: y, x1: x + w, y1: y + h }));

const toPolygon = (r: { x0: number; y0: number; x1: number; y1: number }): Polygon =>
  rect(X0 + r.x0 * STEP, Y0 + r.y0 * STEP, X0 + r.x1 * STEP, Y0 + r.y1 * STEP);

const withHole: Polygon = {
  type: "Polygon",
  coordinates: [rect(0, 0, 10, 10).coordinates[0]!, ring([3, 3], [7, 3], [7, 7], [3, 7])],
};

describe("boundariesOverlap", () => {
  it("matches the exact answer for rectangle pairs, touching ones not overlapping", () => {
    fc.assert(
      fc.property(latticeRect, latticeRect, (a, b) => {
        const expected =
          Math.min(a.x1, b.x1) > Math.max(a.x0, b.x0) && Math.min(a.y1, b.y1) > Math.max(a.y0, b.y0);
        expect(boundariesOverlap(toPolygon(a), toPolygon(b))).toBe(expected);
        expect(boundariesOverlap(toPolygon(b), toPolygon(a))).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("never finds overlap between cells of a jittered tiling, but does with a shifted copy", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 3 }),
        fc.double({ min: 0.05, max: 0.6, noNaN: true }),
        fc.boolean(),
        (seed, subdivide, shift, vertical) => {
          const cells = jitteredTiling({ columns: 3, rows: 3, seed, subdivide }).flat();
          for (let i = 0; i < cells.length; i++) {
            for (let j = 0; j < cells.length; j++) {
              expect(boundariesOverlap(cells[i]!, cells[j]!)).toBe(i === j);
            }
          }
          const cell = 0.01 * shift;
          for (const c of cells) {
            expect(boundariesOverlap(c, shifted(c, vertical ? 0 : cell, vertical ? cell : 0))).toBe(true);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it("handles identity, containment, crossings, holes and MultiPolygons", () => {
    const big = rect(0, 0, 10, 10);
    expect(boundariesOverlap(big, big)).toBe(true);
    expect(boundariesOverlap(big, rect(2, 2, 4, 4))).toBe(true);
    expect(boundariesOverlap(rect(2, 2, 4, 4), big)).toBe(true);
    // Sharing part of an edge from the inside.
    expect(boundariesOverlap(big, rect(0, 0, 4, 4))).toBe(true);
    // A diamond whose vertices touch the square's edges.
    const diamond: Polygon = { type: "Polygon", coordinates: [ring([5, 0], [10, 5], [5, 10], [0, 5])] };
    expect(boundariesOverlap(big, diamond)).toBe(true);
    // Two triangles splitting the square.
    const lower: Polygon = { type: "Polygon", coordinates: [ring([0, 0], [10, 0], [10, 10])] };
    const upper: Polygon = { type: "Polygon", coordinates: [ring([0, 0], [10, 10], [0, 10])] };
    expect(boundariesOverlap(lower, upper)).toBe(false);
    expect(boundariesOverlap(lower, big)).toBe(true);
    // Touching at one vertex only.
    expect(boundariesOverlap(big, rect(10, 10, 12, 12))).toBe(false);
    // Far apart.
    expect(boundariesOverlap(big, rect(20, 20, 30, 30))).toBe(false);
    // In the hole: touching the hole's edge, filling it exactly, or sticking out of it.
    expect(boundariesOverlap(withHole, rect(4, 4, 6, 6))).toBe(false);
    expect(boundariesOverlap(withHole, rect(3, 3, 6, 6))).toBe(false);
    expect(boundariesOverlap(withHole, rect(3, 3, 7, 7))).toBe(false);
    expect(boundariesOverlap(withHole, rect(4, 4, 8, 6))).toBe(true);
    expect(boundariesOverlap(withHole, rect(2, 2, 8, 8))).toBe(true);
    const multi: MultiPolygon = {
      type: "MultiPolygon",
      coordinates: [rect(20, 0, 30, 10).coordinates, rect(4, 4, 6, 6).coordinates],
    };
    expect(boundariesOverlap(withHole, multi)).toBe(false);
    expect(boundariesOverlap(big, multi)).toBe(true);
    expect(boundariesOverlap(multi, rect(25, 5, 26, 6))).toBe(true);
  });
});

describe("boundaryWithin", () => {
  const big = rect(0, 0, 10, 10);

  it("accepts shapes inside or touching the border", () => {
    expect(boundaryWithin(rect(2, 2, 4, 4), big)).toBe(true);
    expect(boundaryWithin(rect(0, 0, 4, 4), big)).toBe(true);
    expect(boundaryWithin(big, big)).toBe(true);
    const diamond: Polygon = { type: "Polygon", coordinates: [ring([5, 0], [10, 5], [5, 10], [0, 5])] };
    expect(boundaryWithin(diamond, big)).toBe(true);
    expect(boundaryWithin(rect(0, 0, 3, 10), withHole)).toBe(true);
    // Touching the hole from outside it.
    expect(boundaryWithin(rect(1, 3, 3, 7), withHole)).toBe(true);
  });

  it("rejects shapes that cross, stick out or cover a hole", () => {
    expect(boundaryWithin(big, rect(2, 2, 4, 4))).toBe(false);
    expect(boundaryWithin(rect(8, 8, 12, 12), big)).toBe(false);
    expect(boundaryWithin(rect(-2, 0, 0, 10), big)).toBe(false);
    expect(boundaryWithin(rect(2, 2, 8, 8), withHole)).toBe(false);
    expect(boundaryWithin(rect(4, 4, 6, 6), withHole)).toBe(false);
    expect(boundaryWithin(rect(3, 3, 7, 7), withHole)).toBe(false);
    expect(boundaryWithin(rect(2, 4, 4, 6), withHole)).toBe(false);
    expect(boundaryWithin(big, withHole)).toBe(false);
    // An L-shaped outer: the box fits but the shape does not.
    const l: Polygon = {
      type: "Polygon",
      coordinates: [ring([0, 0], [10, 0], [10, 5], [5, 5], [5, 10], [0, 10])],
    };
    expect(boundaryWithin(rect(1, 1, 9, 4), l)).toBe(true);
    expect(boundaryWithin(rect(6, 6, 9, 9), l)).toBe(false);
    expect(boundaryWithin(rect(4, 4, 6, 6), l)).toBe(false);
  });

  it("works with MultiPolygons on both sides", () => {
    const outer: MultiPolygon = {
      type: "MultiPolygon",
      coordinates: [rect(0, 0, 10, 10).coordinates, rect(20, 0, 30, 10).coordinates],
    };
    const inner: MultiPolygon = {
      type: "MultiPolygon",
      coordinates: [rect(1, 1, 2, 2).coordinates, rect(20, 0, 25, 10).coordinates],
    };
    expect(boundaryWithin(inner, outer)).toBe(true);
    expect(boundaryWithin(rect(5, 2, 25, 4), outer)).toBe(false);
    expect(boundaryWithin(outer, inner)).toBe(false);
  });

  it("finds every cell of a jittered tiling within the tiling's outline, and shifted cells not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 2 }), (seed, subdivide) => {
        const columns = jitteredTiling({ columns: 4, rows: 3, seed, subdivide });
        const outline: Position[] = [];
        const cells = columns.flat();
        // Walk the outline: along the bottom row, up the right column, back along the top, down the left.
        for (let i = 0; i < 4; i++) outline.push(...bottom(columns[i]![0]!));
        for (let j = 0; j < 3; j++) outline.push(...right(columns[3]![j]!));
        for (let i = 3; i >= 0; i--) outline.push(...top(columns[i]![2]!));
        for (let j = 2; j >= 0; j--) outline.push(...left(columns[0]![j]!));
        const area: Polygon = { type: "Polygon", coordinates: [[...outline, outline[0]!]] };
        for (const c of cells) expect(boundaryWithin(c, area)).toBe(true);
        expect(boundaryWithin(shifted(columns[0]![0]!, -0.002, 0), area)).toBe(false);
        expect(boundaryWithin(area, columns[1]![1]!)).toBe(false);
      }),
      { numRuns: 30 },
    );
  });
});

/** The sides of a tiling cell, each without its last vertex (cells run SW, SE, NE, NW). */
function cellSide(p: Polygon, k: number): Position[] {
  const r = p.coordinates[0]!;
  const perSide = (r.length - 1) / 4;
  return r.slice(k * perSide, (k + 1) * perSide);
}
const bottom = (p: Polygon) => cellSide(p, 0);
const right = (p: Polygon) => cellSide(p, 1);
const top = (p: Polygon) => cellSide(p, 2);
const left = (p: Polygon) => cellSide(p, 3);
