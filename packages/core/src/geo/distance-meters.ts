import type { Position } from "../model/geo-json.js";

/** The mean radius of the Earth (IUGG), in metres. */
export const EARTH_RADIUS_METERS = 6_371_008.8;

const RADIANS = Math.PI / 180;

/** The great-circle distance between two `[lon, lat]` positions, in metres (haversine). */
export function distanceMeters(a: Position, b: Position): number {
  const lat1 = a[1] * RADIANS;
  const lat2 = b[1] * RADIANS;
  const sinLat = Math.sin((lat2 - lat1) / 2);
  const sinLon = Math.sin(((b[0] - a[0]) * RADIANS) / 2);
  const h = sinLat * sinLat + Math.cos(lat1) * Math.cos(lat2) * sinLon * sinLon;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}
