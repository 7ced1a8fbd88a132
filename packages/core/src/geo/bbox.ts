import type { Boundary, Position } from "../model/geo-json.js";

/** A bounding box: `[minLon, minLat, maxLon, maxLat]`. */
export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/** The smallest box holding every ring of a boundary, holes included. */
export function boundaryBBox(b: Boundary): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  if (b.type === "Polygon") extendWithPolygon(box, b.coordinates);
  else for (const polygon of b.coordinates) extendWithPolygon(box, polygon);
  return box;
}

function extendWithPolygon(box: BBox, rings: readonly (readonly Position[])[]): void {
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  }
}

/** True when `p` lies in `box` or on its border, allowing `tolerance` degrees of slack. */
export function bboxContainsPoint(box: BBox, p: Position, tolerance = 0): boolean {
  return (
    p[0] >= box[0] - tolerance &&
    p[0] <= box[2] + tolerance &&
    p[1] >= box[1] - tolerance &&
    p[1] <= box[3] + tolerance
  );
}

/** True when `inner` lies in `outer`, borders included, allowing `tolerance` degrees of slack. */
export function bboxContains(outer: BBox, inner: BBox, tolerance = 0): boolean {
  return (
    inner[0] >= outer[0] - tolerance &&
    inner[1] >= outer[1] - tolerance &&
    inner[2] <= outer[2] + tolerance &&
    inner[3] <= outer[3] + tolerance
  );
}

/**
 * True when the boxes share at least a point (touching counts), or, with `strict`, when they
 * overlap with positive area (touching does not count).
 */
export function bboxIntersects(a: BBox, b: BBox, strict = false): boolean {
  if (strict) return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** The overlap of two boxes, or `null` when they do not touch. */
export function bboxIntersection(a: BBox, b: BBox): BBox | null {
  if (!bboxIntersects(a, b)) return null;
  return [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
}
