import type { Duration, NeedStatus } from "@lianxin/core";

/**
 * GeoReport v2 knows only `open` (reported) and `closed` (resolved). A need is `closed` once it
 * is over (every terminal state: closed, rejected, duplicate, not-responsible, cancelled, failed);
 * `resolved` and `follow-up` stay `open` because the resident's follow-up (回访) may still reopen
 * it.
 */
export const GEO_REPORT_STATUS: Readonly<Record<NeedStatus, "open" | "closed">> = {
  received: "open",
  triaged: "open",
  dispatched: "open",
  accepted: "open",
  "in-progress": "open",
  "on-hold": "open",
  resolved: "open",
  "follow-up": "open",
  closed: "closed",
  rejected: "closed",
  duplicate: "closed",
  "not-responsible": "closed",
  cancelled: "closed",
  failed: "closed",
};

/** The GeoReport v2 status of a need's state. */
export function geoReportStatus(status: NeedStatus): "open" | "closed" {
  return GEO_REPORT_STATUS[status];
}

const UNITS: Record<Duration["unit"], { zh: string; en: string }> = {
  minutes: { zh: "分钟", en: "minutes" },
  hours: { zh: "小时", en: "hours" },
  "working-hours": { zh: "个工作小时", en: "working hours" },
  "working-days": { zh: "个工作日", en: "working days" },
  "calendar-days": { zh: "天", en: "calendar days" },
};

/** A service item's promise (承诺时限) as `service_notice`: `承诺 24 小时内办结` / `Promised within 24 hours`. */
export function promiseNotice(promised: Duration, lang: "zh" | "en" = "zh"): string {
  const unit = UNITS[promised.unit];
  return lang === "zh"
    ? `承诺 ${promised.amount} ${unit.zh}内办结`
    : `Promised within ${promised.amount} ${unit.en}`;
}
