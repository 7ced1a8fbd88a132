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

/** What each need state means, for `status_notes` and `notes[]`. */
export const NEED_STATUS_LABELS: Readonly<Record<NeedStatus, { zh: string; en: string }>> = {
  received: { zh: "已接收", en: "Received" },
  triaged: { zh: "已分类", en: "Triaged" },
  dispatched: { zh: "已派单", en: "Dispatched to the handling unit" },
  accepted: { zh: "已接单", en: "Accepted by the handling unit" },
  "in-progress": { zh: "办理中", en: "In progress" },
  "on-hold": { zh: "暂缓办理", en: "On hold" },
  resolved: { zh: "已办结，待回访", en: "Resolved, awaiting follow-up" },
  "follow-up": { zh: "回访中", en: "Follow-up in progress" },
  closed: { zh: "已办结", en: "Closed" },
  rejected: { zh: "不予受理", en: "Rejected" },
  duplicate: { zh: "重复诉求", en: "Duplicate request" },
  "not-responsible": { zh: "非本级职责", en: "Not our responsibility" },
  cancelled: { zh: "已撤销", en: "Cancelled" },
  failed: { zh: "无法办理", en: "Could not be done" },
};

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
