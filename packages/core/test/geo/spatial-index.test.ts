import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pointInBoundary } from "../../src/geo/point-in-boundary.js";
import { SpatialIndex } from "../../src/geo/spatial-index.js";
import type { Position } from "../../src/model/geo-json.js";
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
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
