import type { District } from "../district/district.js";
import type { UnitLocation } from "../geo/unit-locator.js";
import type { AdminUnit } from "../model/admin-unit.js";
import type { NeedInput } from "../model/need.js";
import type { Resident } from "../model/resident.js";
import type { ServiceItem } from "../model/service-item.js";
import type { WorkingCalendar } from "../time/work-calendar.js";

/** Where a need was placed in the hierarchy, and how. */
export interface Placement {
  unit: AdminUnit | null;
  exact: boolean;
  /** How the unit was found. */
  via: "location" | "address" | "resident-grid" | "none";
  /** Why, in words a log or an explanation can show. */
  reason: string;
}

/**
 * Places a need: by its location through the spatial index; else by its address code; else by
 * the resident's registered grid; else nowhere. A location outside every grid that still falls
 * in a community or street keeps that unit, unless the address or the resident gives a grid.
 */
export function placeNeed(
  district: District,
  need: Pick<NeedInput, "location" | "addressCode">,
  resident?: Resident,
): Placement {
  let fallback: UnitLocation | undefined;
  if (need.location) {
    const found = district.locate(need.location.coordinates);
    if (found.exact) return { unit: found.unit, exact: true, via: "location", reason: found.reason };
    fallback = found;
  }
  if (need.addressCode !== undefined) {
    const grid = district.gridForAddress(need.addressCode);
    if (grid) return { unit: grid, exact: true, via: "address", reason: "address-code" };
  }
  if (resident?.grid !== undefined) {
    const grid = district.hierarchy.unit(resident.grid);
    if (grid) return { unit: grid, exact: true, via: "resident-grid", reason: "resident-registered-grid" };
  }
  if (fallback?.unit) return { unit: fallback.unit, exact: false, via: "location", reason: fallback.reason };
  return {
    unit: null,
    exact: false,
    via: "none",
    reason: need.location ? "outside-every-unit" : "no-location-address-or-resident",
  };
}

/** Age in whole years on a date (YYYY-MM-DD). */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The `grid` fact: the unit found and its ancestors. */
export function gridFacts(district: District, placement: Placement): Record<string, unknown> | undefined {
  const unit = placement.unit;
  if (!unit) return undefined;
  const path = district.hierarchy.path(unit.code);
  const at = (level: string) => path.find((u) => u.level === level)?.code;
  const grid = district.grids.get(unit.code);
  const community = path.find((u) => u.level === "community");
  return {
    code: unit.code,
    level: unit.level,
    exact: placement.exact,
    path: path.map((u) => u.code),
    ...(at("community") ? { community: at("community") } : {}),
    ...(at("street") ? { street: at("street") } : {}),
    ...(at("district") ? { district: at("district") } : {}),
    demonstration: community?.demonstration === true,
    domains: grid?.merged.map((m) => m.domain) ?? [],
    ...(grid?.households !== undefined ? { households: grid.households } : {}),
  };
}

/** The `resident` fact: what rules may know of the resident (no name, phone or address). */
export function residentFacts(resident: Resident | undefined, date: string): Record<string, unknown> {
  if (!resident) return { known: false, tags: [] };
  return {
    id: resident.id,
    known: true,
    ...(resident.birthDate ? { age: ageOn(resident.birthDate, date) } : {}),
    ...(resident.gender ? { gender: resident.gender } : {}),
    tags: resident.tags,
    ...(resident.grid !== undefined ? { grid: resident.grid } : {}),
    ...(resident.household !== undefined ? { household: resident.household } : {}),
    contactConsent: resident.consent?.contact === true,
    doNotContact: resident.doNotContact === true,
    ...(resident.preferredChannel ? { preferredChannel: resident.preferredChannel } : {}),
  };
}

/** The `time` fact, in the calendar's time zone. */
export function timeFacts(calendar: WorkingCalendar, at: Date): Record<string, unknown> {
  const p = calendar.localParts(at);
  return {
    now: calendar.formatLocal(at),
    date: p.date,
    hour: p.hour,
    weekday: p.weekday,
    month: p.month,
    isWorkingDay: calendar.isWorkingDay(p.date),
    isHoliday: calendar.isHoliday(p.date),
  };
}

/** The `service` fact. */
export function serviceFacts(item: ServiceItem): Record<string, unknown> {
  return {
    code: item.code,
    domain: item.domain,
    category: item.category,
    proxy: item.proxy,
    handler: item.handler,
  };
}
