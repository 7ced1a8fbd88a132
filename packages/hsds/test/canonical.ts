import type { Resource } from "@lianxin/core";
import { canonicalSchedule } from "../src/schedule-mapping.js";

/** A resource with its schedule's spans sorted and its area keys in one order, to compare. */
export function canonicalResource(r: Resource): Resource {
  const area = {
    ...(r.area.units ? { units: r.area.units } : {}),
    ...(r.area.center ? { center: r.area.center, radiusMeters: r.area.radiusMeters } : {}),
  };
  return { ...r, area, schedule: canonicalSchedule(r.schedule) } as Resource;
}
