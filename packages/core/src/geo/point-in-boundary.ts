import type { Boundary, Position } from "../model/geo-json.js";

/** Where a point is relative to a boundary. */
export type PointPlacement = "inside" | "boundary" | "outside";

/**
 * The tolerance of the geometry functions, relative to the size of the coordinates: a point is
 * on an edge when it is within `GEO_EPSILON × max(1, |lon|, |lat|)` degrees of it (about 0.01 mm
 * at 109° E), which absorbs the rounding of midpoints and interpolated points.
 */
export const GEO_EPSILON = 1e-12;

/** The absolute tolerance, in degrees, for coordinates of magnitude up to `scale`. */
export function geoTolerance(scale: number): number {
  return GEO_EPSILON * Math.max(1, Math.abs(scale));
}

/**
 * Where `p` lies relative to `b`: `"inside"` its interior, on an edge or a vertex of any ring
 * (`"boundary"`), or `"outside"` (which includes the holes). A MultiPolygon counts a point as
 * inside when any of its polygons does. Allocates nothing.
 */
export function pointInBoundary(p: Position, b: Boundary): PointPlacement {
  const x = p[0];
  const y = p[1];
  const eps = GEO_EPSILON * Math.max(1, Math.abs(x), Math.abs(y));
  if (b.type === "Polygon") return polygonPlacement(x, y, b.coordinates, eps);
  let onBorder = false;
  const polygons = b.coordinates;
  for (let i = 0; i < polygons.length; i++) {
    const placement = polygonPlacement(x, y, polygons[i]!, eps);
    if (placement === "inside") return "inside";
    if (placement === "boundary") onBorder = true;
  }
  return onBorder ? "boundary" : "outside";
}

function polygonPlacement(
  x: number,
  y: number,
  rings: readonly (readonly Position[])[],
  eps: number,
): PointPlacement {
  const below = y - eps;
  const above = y + eps;
  const left = x - eps;
  const right = x + eps;
  // Even-odd over every ring, so holes flip the parity back.
  let inside = false;
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r]!;
    const n = ring.length;
    if (n === 0) continue;
    const last = ring[n - 1]!;
    let x0 = last[0];
    let y0 = last[1];
    for (let i = 0; i < n; i++) {
      const cur = ring[i]!;
      const x1 = cur[0];
      const y1 = cur[1];
      // Only edges reaching the point's row (within eps) can cross its ray or pass through it.
      if (!((y0 < below && y1 < below) || (y0 > above && y1 > above))) {
        if (!((x0 < left && x1 < left) || (x0 > right && x1 > right))) {
          const dx = x1 - x0;
          const dy = y1 - y0;
          const cross = dx * (y - y0) - dy * (x - x0);
          if (cross * cross <= eps * eps * (dx * dx + dy * dy)) return "boundary";
        }
        if (y0 > y !== y1 > y && x < x0 + ((y - y0) * (x1 - x0)) / (y1 - y0)) inside = !inside;
      }
      x0 = x1;
      y0 = y1;
    }
  }
  return inside ? "inside" : "outside";
}
