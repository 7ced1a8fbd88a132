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
  // packedPolygonPlacement below repeats this test on packed coordinates: keep the two in step.
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

/**
 * Boundaries flattened into typed arrays, for fast repeated point tests with
 * {@link pointInPackedBoundary}: the same vertices as the GeoJSON, without the nested arrays.
 * Boundary `i` has the polygons `boundaryStart[i] … boundaryStart[i + 1] - 1`, polygon `k` the
 * rings `polygonStart[k] … polygonStart[k + 1] - 1`, and ring `r` the vertices
 * `ringStart[r] … ringStart[r + 1] - 1`, vertex `v` being at `coords[2v]`, `coords[2v + 1]`.
 */
export interface PackedBoundaries {
  readonly coords: Float64Array;
  readonly ringStart: Uint32Array;
  readonly polygonStart: Uint32Array;
  readonly boundaryStart: Uint32Array;
}

/** Packs `boundaries`, in order, for {@link pointInPackedBoundary}. */
export function packBoundaries(boundaries: readonly Boundary[]): PackedBoundaries {
  let polygonCount = 0;
  let ringCount = 0;
  let vertexCount = 0;
  for (const b of boundaries) {
    const polygons = b.type === "Polygon" ? [b.coordinates] : b.coordinates;
    polygonCount += polygons.length;
    for (const rings of polygons) {
      ringCount += rings.length;
      for (const ring of rings) vertexCount += ring.length;
    }
  }
  const coords = new Float64Array(vertexCount * 2);
  const ringStart = new Uint32Array(ringCount + 1);
  const polygonStart = new Uint32Array(polygonCount + 1);
  const boundaryStart = new Uint32Array(boundaries.length + 1);
  let v = 0;
  let r = 0;
  let k = 0;
  for (let i = 0; i < boundaries.length; i++) {
    const b = boundaries[i]!;
    const polygons = b.type === "Polygon" ? [b.coordinates] : b.coordinates;
    for (const rings of polygons) {
      for (const ring of rings) {
        for (const position of ring) {
          coords[2 * v] = position[0];
          coords[2 * v + 1] = position[1];
          v++;
        }
        ringStart[++r] = v;
      }
      polygonStart[++k] = r;
    }
    boundaryStart[i + 1] = k;
  }
  return { coords, ringStart, polygonStart, boundaryStart };
}

/**
 * {@link pointInBoundary} for `[x, y]` and boundary `index` of `packed`, with the very same
 * arithmetic, hence the same answers, only faster. Allocates nothing.
 */
export function pointInPackedBoundary(
  x: number,
  y: number,
  packed: PackedBoundaries,
  index: number,
): PointPlacement {
  const eps = GEO_EPSILON * Math.max(1, Math.abs(x), Math.abs(y));
  const { polygonStart, boundaryStart } = packed;
  const first = boundaryStart[index]!;
  const end = boundaryStart[index + 1]!;
  let onBorder = false;
  for (let k = first; k < end; k++) {
    const placement = packedPolygonPlacement(x, y, packed, polygonStart[k]!, polygonStart[k + 1]!, eps);
    if (placement === "inside") return "inside";
    if (placement === "boundary") onBorder = true;
  }
  return onBorder ? "boundary" : "outside";
}

/** polygonPlacement over rings `firstRing … endRing - 1` of `packed`; keep the two in step. */
function packedPolygonPlacement(
  x: number,
  y: number,
  packed: PackedBoundaries,
  firstRing: number,
  endRing: number,
  eps: number,
): PointPlacement {
  const { coords, ringStart } = packed;
  const below = y - eps;
  const above = y + eps;
  const left = x - eps;
  const right = x + eps;
  let inside = false;
  for (let r = firstRing; r < endRing; r++) {
    const start = 2 * ringStart[r]!;
    const end = 2 * ringStart[r + 1]!;
    if (start === end) continue;
    let x0 = coords[end - 2]!;
    let y0 = coords[end - 1]!;
    for (let i = start; i < end; i += 2) {
      const x1 = coords[i]!;
      const y1 = coords[i + 1]!;
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
