import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distanceMeters, EARTH_RADIUS_METERS } from "../../src/geo/distance-meters.js";
import type { Position } from "../../src/model/geo-json.js";

const position = fc.tuple(
  fc.double({ min: -180, max: 180, noNaN: true }),
  fc.double({ min: -90, max: 90, noNaN: true }),
);

describe("distanceMeters", () => {
  it("measures known distances", () => {
    expect(distanceMeters([109, 35], [109, 35])).toBe(0);
    // One degree of latitude on the mean sphere.
    expect(distanceMeters([109, 35], [109, 36])).toBeCloseTo((EARTH_RADIUS_METERS * Math.PI) / 180, 6);
    // Half the equator.
    expect(distanceMeters([0, 0], [180, 0])).toBeCloseTo(EARTH_RADIUS_METERS * Math.PI, 3);
    // Tongchuan to Xi'an (Bell Tower), about 71 km.
    const d = distanceMeters([108.945, 34.897], [108.9473, 34.2612]);
    expect(d).toBeGreaterThan(70_000);
    expect(d).toBeLessThan(71_000);
  });

  it("is symmetric, non-negative and obeys the triangle inequality", () => {
    fc.assert(
      fc.property(position, position, position, (a: Position, b: Position, c: Position) => {
        const ab = distanceMeters(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(EARTH_RADIUS_METERS * Math.PI + 1e-6);
        expect(Math.abs(ab - distanceMeters(b, a))).toBeLessThan(1e-6);
        // Haversine loses up to ~0.1 m near antipodal points (asin close to 1).
        expect(distanceMeters(a, c)).toBeLessThanOrEqual(ab + distanceMeters(b, c) + 1);
      }),
    );
  });

  it("is precise at city scale", () => {
    const local = fc.tuple(
      fc.double({ min: 108.5, max: 109.5, noNaN: true }),
      fc.double({ min: 34.5, max: 35.5, noNaN: true }),
    );
    fc.assert(
      fc.property(local, local, local, (a: Position, b: Position, c: Position) => {
        expect(distanceMeters(a, c)).toBeLessThanOrEqual(distanceMeters(a, b) + distanceMeters(b, c) + 1e-6);
        // Close to the equirectangular approximation over such short distances.
        const k = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
        const flat = (Math.hypot((b[0] - a[0]) * k, b[1] - a[1]) * Math.PI * EARTH_RADIUS_METERS) / 180;
        expect(Math.abs(distanceMeters(a, b) - flat)).toBeLessThan(1e-3 * flat + 1e-6);
      }),
    );
  });
});
