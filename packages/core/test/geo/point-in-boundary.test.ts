import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packBoundaries, pointInBoundary, pointInPackedBoundary } from "../../src/geo/point-in-boundary.js";
import type { Boundary, MultiPolygon, Polygon, Position } from "../../src/model/geo-json.js";
import { rect, ring } from "./fixtures.js";

/** Winding number of a closed ring around `p` (a different algorithm from the one under test). */
function winding(p: Position, r: readonly Position[]): number {
  let w = 0;
  for (let i = 0; i + 1 < r.length; i++) {
    const [x0, y0] = r[i]!;
    const [x1, y1] = r[i + 1]!;
    const isLeft = (x1 - x0) * (p[1] - y0) - (p[0] - x0) * (y1 - y0);
    if (y0 <= p[1]) {
      if (y1 > p[1] && isLeft > 0) w++;
    } else if (y1 <= p[1] && isLeft < 0) w--;
  }
  return w;
}

function distanceToRing(p: Position, r: readonly Position[]): number {
  let best = Infinity;
  for (let i = 0; i + 1 < r.length; i++) {
    const [x0, y0] = r[i]!;
    const [x1, y1] = r[i + 1]!;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const t = Math.max(0, Math.min(1, ((p[0] - x0) * dx + (p[1] - y0) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(p[0] - x0 - t * dx, p[1] - y0 - t * dy));
  }
  return best;
}

/**
 * A ring around Tongchuan that is star-shaped from its centre (so simple, usually concave), or
 * convex with `convex`. Each vertex keeps to its own sector, so no gap reaches 180°.
 */
const starRing = (convex: boolean) =>
  fc
    .record({
      cx: fc.double({ min: 108.5, max: 109.5, noNaN: true }),
      cy: fc.double({ min: 34.5, max: 35.5, noNaN: true }),
      n: fc.integer({ min: 4, max: 24 }),
      shifts: fc.array(fc.double({ min: 0, max: 0.9, noNaN: true }), { minLength: 24, maxLength: 24 }),
      radii: fc.array(fc.double({ min: 0.001, max: 0.05, noNaN: true }), { minLength: 24, maxLength: 24 }),
    })
    .map(({ cx, cy, n, shifts, radii }) => {
      const corners = Array.from({ length: n }, (_, k): Position => {
        const angle = ((k + shifts[k]!) * 2 * Math.PI) / n;
        const r = convex ? 0.03 : radii[k]!;
        return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
      });
      return ring(...corners);
    });

const nearby = (r: readonly Position[]) => {
  const xs = r.map((p) => p[0]);
  const ys = r.map((p) => p[1]);
  return fc.tuple(
    fc.double({ min: Math.min(...xs) - 0.01, max: Math.max(...xs) + 0.01, noNaN: true }),
    fc.double({ min: Math.min(...ys) - 0.01, max: Math.max(...ys) + 0.01, noNaN: true }),
  );
};

describe("pointInBoundary", () => {
  const square = rect(0, 0, 10, 10);
  const withHole: Polygon = {
    type: "Polygon",
    coordinates: [square.coordinates[0]!, ring([3, 3], [3, 7], [7, 7], [7, 3])],
  };

  it("classifies the inside, the outside, edges and vertices", () => {
    expect(pointInBoundary([5, 5], square)).toBe("inside");
    expect(pointInBoundary([11, 5], square)).toBe("outside");
    expect(pointInBoundary([-1e-9, 5], square)).toBe("outside");
    expect(pointInBoundary([5, 0], square)).toBe("boundary");
    expect(pointInBoundary([10, 3], square)).toBe("boundary");
    expect(pointInBoundary([0, 0], square)).toBe("boundary");
    expect(pointInBoundary([10, 10], square)).toBe("boundary");
    // On the line of an edge but beyond its end.
    expect(pointInBoundary([12, 0], square)).toBe("outside");
    expect(pointInBoundary([-3, 10], square)).toBe("outside");
  });

  it("treats holes as outside and their edges as boundary", () => {
    expect(pointInBoundary([5, 5], withHole)).toBe("outside");
    expect(pointInBoundary([2, 5], withHole)).toBe("inside");
    expect(pointInBoundary([3, 5], withHole)).toBe("boundary");
    expect(pointInBoundary([7, 7], withHole)).toBe("boundary");
  });

  it("handles MultiPolygons, holes and islands in holes included", () => {
    const multi: MultiPolygon = {
      type: "MultiPolygon",
      coordinates: [withHole.coordinates, rect(4, 4, 6, 6).coordinates, rect(20, 0, 30, 10).coordinates],
    };
    expect(pointInBoundary([5, 5], multi)).toBe("inside");
    expect(pointInBoundary([3.5, 5], multi)).toBe("outside");
    expect(pointInBoundary([25, 5], multi)).toBe("inside");
    expect(pointInBoundary([15, 5], multi)).toBe("outside");
    expect(pointInBoundary([20, 5], multi)).toBe("boundary");
    expect(pointInBoundary([4, 5], multi)).toBe("boundary");
  });

  it("accepts the rounding of points computed on edges at real coordinates", () => {
    const tilted: Polygon = {
      type: "Polygon",
      coordinates: [ring([108.9312, 34.8954], [108.9471, 34.9012], [108.9398, 34.9133], [108.9255, 34.9071])],
    };
    const r = tilted.coordinates[0]!;
    for (let i = 0; i + 1 < r.length; i++) {
      for (const t of [0.1, 1 / 3, 0.5, 0.77]) {
        const p: Position = [
          r[i]![0] + (r[i + 1]![0] - r[i]![0]) * t,
          r[i]![1] + (r[i + 1]![1] - r[i]![1]) * t,
        ];
        expect(pointInBoundary(p, tilted)).toBe("boundary");
      }
    }
    // A millimetre (1e-8°) off an edge is no longer on it.
    expect(pointInBoundary([108.9312 + 1e-8, 34.8954 + 1e-8], tilted)).toBe("inside");
  });

  for (const convex of [true, false]) {
    it(`agrees with the winding number on random ${convex ? "convex" : "star-shaped"} polygons`, () => {
      fc.assert(
        fc.property(
          starRing(convex).chain((r) => fc.tuple(fc.constant(r), fc.array(nearby(r), { maxLength: 30 }))),
          ([r, points]) => {
            const polygon: Polygon = { type: "Polygon", coordinates: [r] };
            for (const p of points) {
              if (distanceToRing(p, r) < 1e-9) continue;
              const expected = winding(p, r) !== 0 ? "inside" : "outside";
              expect(pointInBoundary(p, polygon)).toBe(expected);
            }
          },
        ),
      );
    });
  }

  it("reports every vertex and every point along an edge as boundary", () => {
    fc.assert(
      fc.property(starRing(false), fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(), (r, t, k) => {
        const polygon: Polygon = { type: "Polygon", coordinates: [r] };
        const i = k % (r.length - 1);
        const [x0, y0] = r[i]!;
        const [x1, y1] = r[i + 1]!;
        expect(pointInBoundary([x0, y0], polygon)).toBe("boundary");
        expect(pointInBoundary([x0 + (x1 - x0) * t, y0 + (y1 - y0) * t], polygon)).toBe("boundary");
      }),
    );
  });

  it("gives the same answer for both orientations and with holes by even-odd", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 11, noNaN: true }),
        fc.double({ min: -1, max: 11, noNaN: true }),
        (x, y) => {
          const reversed: Polygon = {
            type: "Polygon",
            coordinates: withHole.coordinates.map((r) => [...r].reverse()),
          };
          const got = pointInBoundary([x, y], withHole);
          expect(pointInBoundary([x, y], reversed)).toBe(got);
          const nearLine = (v: number) => [0, 3, 7, 10].some((line) => Math.abs(v - line) < 1e-9);
          if (nearLine(x) || nearLine(y)) return;
          const inside = x > 0 && x < 10 && y > 0 && y < 10 && !(x > 3 && x < 7 && y > 3 && y < 7);
          expect(got).toBe(inside ? "inside" : "outside");
        },
      ),
    );
  });

  it("gives the same answers on packed boundaries", () => {
    // Polygons, with holes or not, and MultiPolygons around Tongchuan, packed together; points in
    // and around their boxes, their vertices and points along their edges.
    const shape = fc
      .tuple(starRing(true), starRing(false), fc.integer({ min: 0, max: 2 }))
      .map(([outer, inner, kind]): Boundary => {
        if (kind === 0) return { type: "Polygon", coordinates: [outer] };
        // A shrunken copy of the other ring, moved to the outer ring's centre, as a hole; then
        // that polygon, an island in its hole and the other ring itself.
        const centre = (r: readonly Position[]): Position => [
          r.reduce((sum, p) => sum + p[0], 0) / r.length,
          r.reduce((sum, p) => sum + p[1], 0) / r.length,
        ];
        const [cx, cy] = centre(outer);
        const [ix, iy] = centre(inner);
        const hole = inner.map(([x, y]): Position => [cx + (x - ix) * 0.3, cy + (y - iy) * 0.3]).reverse();
        const polygon = [outer, hole];
        if (kind === 1) return { type: "Polygon", coordinates: polygon };
        const island = hole.map(([x, y]): Position => [cx + (x - cx) * 0.5, cy + (y - cy) * 0.5]);
        return { type: "MultiPolygon", coordinates: [polygon, [island], [inner]] };
      });
    fc.assert(
      fc.property(
        fc.array(shape, { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.tuple(
            fc.double({ min: -0.1, max: 1.1, noNaN: true }),
            fc.double({ min: -0.1, max: 1.1, noNaN: true }),
          ),
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (boundaries, unitPoints, t) => {
          const packed = packBoundaries(boundaries);
          boundaries.forEach((b, index) => {
            const rings = b.type === "Polygon" ? b.coordinates : b.coordinates.flat();
            const xs = rings.flat().map((p) => p[0]);
            const ys = rings.flat().map((p) => p[1]);
            const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
            const points: Position[] = unitPoints.map(([u, v]) => [x0 + u * (x1 - x0), y0 + v * (y1 - y0)]);
            for (const r of rings) {
              for (let i = 0; i + 1 < r.length; i++) {
                const [ax, ay] = r[i]!;
                const [bx, by] = r[i + 1]!;
                points.push([ax, ay], [ax + (bx - ax) * t, ay + (by - ay) * t]);
              }
            }
            for (const p of points) {
              expect(pointInPackedBoundary(p[0], p[1], packed, index)).toBe(pointInBoundary(p, b));
            }
          });
        },
      ),
      { numRuns: 60 },
    );
  });
});
