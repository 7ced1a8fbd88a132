import type { WeeklySchedule } from "@lianxin/core";
import type { HsdsObject } from "./hsds-kind.js";
import { hsdsUuid } from "./hsds-uuid.js";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
type Day = (typeof DAYS)[number];
const RRULE_DAYS: Record<Day, string> = {
  mon: "MO",
  tue: "TU",
  wed: "WE",
  thu: "TH",
  fri: "FR",
  sat: "SA",
  sun: "SU",
};
const FROM_RRULE = new Map(Object.entries(RRULE_DAYS).map(([d, r]) => [r, d as Day]));

/** The UTC offset (`+08:00`) of a time zone on 1 January 2026: schedules are local times. */
export function zoneOffset(timeZone: string): string {
  const part = new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(new Date(Date.UTC(2026, 0, 1)))
    .find((p) => p.type === "timeZoneName")?.value;
  const m = /GMT([+-]\d{2}:\d{2})/.exec(part ?? "");
  return m ? m[1]! : "+00:00";
}

/**
 * A weekly schedule as HSDS schedules: one `WEEKLY` rule per distinct opening span, `byday`
 * listing the days it applies, `opens_at`/`closes_at` as `HH:MM` with the district's UTC offset.
 * The holidays flag has no RRULE form; it goes in the description (and in a service attribute).
 */
export function toHsdsSchedules(
  schedule: WeeklySchedule,
  owner: { key: string; serviceId: string },
  offset: string,
): HsdsObject[] {
  const groups = new Map<string, Day[]>();
  for (const day of DAYS) {
    for (const span of schedule[day] ?? []) {
      const key = `${span.from}-${span.to}`;
      const days = groups.get(key) ?? [];
      if (!days.includes(day)) days.push(day);
      groups.set(key, days);
    }
  }
  const holidays =
    schedule.holidays === "open"
      ? "法定节假日照常服务。Open on public holidays."
      : "法定节假日不服务。Closed on public holidays.";
  return [...groups].map(([key, days]) => {
    const [from, to] = key.split("-") as [string, string];
    return {
      id: hsdsUuid(`${owner.key}/schedule/${key}`),
      service_id: owner.serviceId,
      freq: "WEEKLY",
      wkst: "MO",
      byday: days.map((d) => RRULE_DAYS[d]).join(","),
      opens_at: `${from}${offset}`,
      closes_at: `${to}${offset}`,
      description: `${days.map((d) => RRULE_DAYS[d]).join(",")} ${from}–${to}. ${holidays}`,
    };
  });
}

/** What reading one HSDS schedule gave: the spans by day, or why it could not be read. */
export type ScheduleReading =
  | { ok: true; days: Day[]; from: string; to: string }
  | { ok: false; reason: string };

/** Parses `HH:MM`, `HH:MM:SS`, with an optional `Z` or `±HH:MM` offset. */
function parseTime(value: unknown, offset: string): { time: string } | { reason: string } {
  if (typeof value !== "string") return { reason: "missing" };
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return { reason: `"${value}" is not HH:MM` };
  const [, hh, mm, ss, zone] = m;
  if (Number(hh) > 24 || Number(mm) > 59 || (Number(hh) === 24 && mm !== "00"))
    return { reason: `"${value}" is not a time of day` };
  if (ss !== undefined && ss !== "00") return { reason: `seconds in "${value}" cannot be kept` };
  if (zone !== undefined) {
    const norm = zone === "Z" ? "+00:00" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    if (norm !== offset) return { reason: `"${value}" is in UTC${norm}, not the district's UTC${offset}` };
  }
  return { time: `${hh}:${mm}` };
}

/** Reads one HSDS schedule as a weekly span, when it is one. */
export function readHsdsSchedule(s: HsdsObject, offset: string): ScheduleReading {
  if (s.freq !== "WEEKLY")
    return {
      ok: false,
      reason: `freq ${JSON.stringify(s.freq ?? null)}: only WEEKLY rules are weekly schedules`,
    };
  if (s.interval !== undefined && s.interval !== 1)
    return { ok: false, reason: `interval ${String(s.interval)}: our schedules repeat every week` };
  if (typeof s.byday !== "string" || s.byday.trim() === "")
    return { ok: false, reason: "no byday: the days are unknown" };
  const days: Day[] = [];
  for (const part of s.byday.split(",")) {
    const day = FROM_RRULE.get(part.trim().toUpperCase());
    if (!day) return { ok: false, reason: `byday "${part}" is not a plain weekday` };
    if (!days.includes(day)) days.push(day);
  }
  const from = parseTime(s.opens_at, offset);
  const to = parseTime(s.closes_at, offset);
  if ("reason" in from) return { ok: false, reason: `opens_at: ${from.reason}` };
  if ("reason" in to) return { ok: false, reason: `closes_at: ${to.reason}` };
  if (from.time >= to.time)
    return {
      ok: false,
      reason: `${from.time}–${to.time} ends before it starts (overnight spans are not modelled)`,
    };
  return { ok: true, days, from: from.time, to: to.time };
}

/** Adds a span to a weekly schedule, keeping each day's spans sorted and distinct. */
export function addSpan(schedule: WeeklySchedule, days: readonly Day[], from: string, to: string): void {
  for (const day of days) {
    const spans = schedule[day] ?? [];
    if (!spans.some((s) => s.from === from && s.to === to)) spans.push({ from, to });
    spans.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : 1));
    schedule[day] = spans;
  }
}

/** A schedule in canonical form (days in order, spans sorted), to compare. */
export function canonicalSchedule(schedule: WeeklySchedule): WeeklySchedule {
  const out: WeeklySchedule = { holidays: schedule.holidays };
  for (const day of DAYS) {
    const spans = schedule[day];
    if (spans && spans.length > 0) addSpan(out, [day], spans[0]!.from, spans[0]!.to);
    for (const s of spans ?? []) addSpan(out, [day], s.from, s.to);
  }
  return out;
}
