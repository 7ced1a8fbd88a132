import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pointInBoundary } from "../../src/geo/point-in-boundary.js";
import { SpatialIndex } from "../../src/geo/spatial-index.js";
import type { Boundary, Position } from "../../src/model/geo-json.js";
import { jitteredTiling, rect } from "./fixtures.js";

describe("SpatialIndex", () => {
  it("finds nothing when empty", () => {
    const index = new SpatialIndex<string>([]);
    expect(index.size).toBe(0);
    expect(index.search([109, 35])).toEqual([]);
    expect(index.nearest([109, 35], 3)).toEqual([]);
  });

  it("tests the exact shape after the box", () => {
    const triangle = {
      type: "Polygon" as const,
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [0, 10],
          [0, 0],
        ] as Position[],
      ],
    };
    const index = new SpatialIndex([
      { item: "triangle", boundary: triangle },
      { item: "square", boundary: rect(10, 0, 20, 10) },
    ]);
    expect(index.size).toBe(2);
    expect(index.search([2, 2])).toEqual(["triangle"]);
    // In the triangle's box but not in the triangle.
    expect(index.search([8, 8])).toEqual([]);
    // On the shared corner, in the order given.
    expect(index.search([10, 0])).toEqual(["triangle", "square"]);
    expect(index.search([15, 5])).toEqual(["square"]);
    expect(index.nearest([25, 5], 1)).toEqual(["square"]);
    expect(index.nearest([-5, 5], 2)).toEqual(["triangle", "square"]);
  });

  it("agrees with a linear scan on random tilings and points", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(
          fc.tuple(
            fc.double({ min: -0.2, max: 1.2, noNaN: true }),
            fc.double({ min: -0.2, max: 1.2, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        (seed, columns, rows, subdivide, unitPoints) => {
          const grid = jitteredTiling({ columns, rows, seed, subdivide });
          const entries = grid.flat().map((boundary, item) => ({ item, boundary }));
          // Leave some cells out so that some points fall in gaps.
          const kept = entries.filter((e) => (e.item * 7 + seed) % 5 !== 0);
          const index = new SpatialIndex(kept);
          const scratch: number[] = [-1, -2];
          const points: Position[] = unitPoints.map(([u, v]) => [
            109 + u * columns * 0.01,
            35 + v * rows * 0.01,
          ]);
          // Lattice vertices and cell vertices, shared by up to four cells.
          for (const e of kept.slice(0, 5)) points.push(...e.boundary.coordinates[0]!);
          for (const p of points) {
            const expected = kept
              .filter((e) => pointInBoundary(p, e.boundary) !== "outside")
              .map((e) => e.item);
            expect(index.search(p)).toEqual(expected);
            expect(index.first(p)).toBe(expected[0]);
            expect(index.searchInto(p, scratch)).toBe(scratch);
            expect(scratch).toEqual(expected);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("agrees with a linear scan on overlapping items of very different sizes", () => {
    const item = fc
      .record({
        x: fc.double({ min: 108.9, max: 109.3, noNaN: true }),
        y: fc.double({ min: 34.8, max: 35.2, noNaN: true }),
        // From flat (a segment or a point) to a good part of the area.
        w: fc.oneof(fc.constant(0), fc.double({ min: 1e-7, max: 0.3, noNaN: true })),
        h: fc.oneof(fc.constant(0), fc.double({ min: 1e-7, max: 0.3, noNaN: true })),
        multi: fc.boolean(),
      })
      .map(({ x, y, w, h, multi }): Boundary => {
        const box = rect(x, y, x + w, y + h);
        if (!multi) return box;
        // The box with a hole, and a second box to its east.
        const hole = rect(x + w / 4, y + h / 4, x + (3 * w) / 4, y + (3 * h) / 4).coordinates[0]!;
        return {
          type: "MultiPolygon",
          coordinates: [[box.coordinates[0]!, hole], rect(x + 2 * w, y, x + 3 * w, y + h).coordinates],
        };
      });
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 30 }),
        fc.array(
          fc.tuple(
            fc.double({ min: 108.8, max: 109.5, noNaN: true }),
            fc.double({ min: 34.7, max: 35.4, noNaN: true }),
          ),
          { maxLength: 30 },
        ),
        (boundaries, randomPoints) => {
          const entries = boundaries.map((boundary, item) => ({ item, boundary }));
          const index = new SpatialIndex(entries);
          const points: Position[] = [...randomPoints];
          // Every vertex, and points just off it: within the tolerance and beyond it.
          for (const b of boundaries) {
            const rings = b.type === "Polygon" ? b.coordinates : b.coordinates.flat();
            for (const [x, y] of rings.flat()) {
              for (const d of [0, 1e-14, 1e-10, 1e-9]) {
                points.push([x - d, y - d], [x + d, y + d], [x - d, y + d], [x + d, y]);
              }
            }
          }
          const scratch: number[] = [];
          const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
          for (const p of points) {
            const expected = entries
              .filter((e) => pointInBoundary(p, e.boundary) !== "outside")
              .map((e) => e.item);
            // One expect per failing point only: thousands of them would slow shrinking down.
            const got = index.search(p);
            const first = index.first(p);
            index.searchInto(p, scratch);
            if (!same(got, expected) || first !== expected[0] || !same(scratch, expected)) {
              expect({ p, got, first, scratch }).toEqual({
                p,
                got: expected,
                first: expected[0],
                scratch: expected,
              });
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps its grid small when items are tiny and far apart", () => {
    const tiny = (x: number, y: number) => rect(x, y, x + 1e-9, y + 1e-9);
    const entries = [
      { item: "west", boundary: tiny(-170, -80) },
      { item: "east", boundary: tiny(170, 80) },
      { item: "middle", boundary: tiny(109, 35) },
    ];
    const start = performance.now();
    const index = new SpatialIndex(entries);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(index.search([-170 + 5e-10, -80])).toEqual(["west"]);
    expect(index.search([170 + 1e-9, 80 + 1e-9])).toEqual(["east"]);
    expect(index.first([109, 35 + 1e-9])).toBe("middle");
    expect(index.search([109, 34.9])).toEqual([]);
    // An extent too wide for a double: one cell for all.
    const huge = new SpatialIndex([
      { item: "west", boundary: rect(-1e308, 0, -9e307, 1) },
      { item: "unit", boundary: rect(0, 0, 1, 1) },
      { item: "east", boundary: rect(9e307, 0, 1e308, 1) },
    ]);
    expect(huge.search([0.5, 0.5])).toEqual(["unit"]);
    expect(huge.first([1e308, 1])).toBe("east");
    expect(huge.search([-1e308, 0.5])).toEqual(["west"]);
  });

  it("finds no item for non-finite points, and never an empty boundary", () => {
    const empty: Boundary = { type: "Polygon", coordinates: [] };
    const index = new SpatialIndex([
      { item: "empty", boundary: empty },
      { item: "square", boundary: rect(0, 0, 1, 1) },
    ]);
    expect(index.search([0.5, 0.5])).toEqual(["square"]);
    expect(index.search([0, 0])).toEqual(["square"]);
    for (const p of [
      [Number.NaN, 0.5],
      [0.5, Number.NaN],
      [Number.POSITIVE_INFINITY, 0.5],
      [0.5, Number.NEGATIVE_INFINITY],
    ] as Position[]) {
      expect(index.search(p)).toEqual([]);
      expect(index.first(p)).toBeUndefined();
    }
    expect(new SpatialIndex([{ item: "empty", boundary: empty }]).search([0, 0])).toEqual([]);
    expect(index.nearest([2, 0.5], 1)).toEqual(["square"]);
  });
});
