import type { NeedStatus } from "./need.js";

/**
 * What each need state means to a resident, in zh-CN and en (lower case, to sit inside a
 * sentence): for notifications, Open311 `status_notes` and reports.
 */
export const NEED_STATUS_LABELS: Readonly<Record<NeedStatus, { zh: string; en: string }>> = Object.freeze({
  received: { zh: "已接收", en: "received" },
  triaged: { zh: "已分类", en: "triaged" },
  dispatched: { zh: "已派单", en: "dispatched to the handling unit" },
  accepted: { zh: "已接单", en: "accepted by the handling unit" },
  "in-progress": { zh: "办理中", en: "in progress" },
  "on-hold": { zh: "暂缓办理", en: "on hold" },
  resolved: { zh: "已办结，待回访", en: "resolved, awaiting follow-up" },
  "follow-up": { zh: "回访中", en: "follow-up in progress" },
  closed: { zh: "已办结", en: "closed" },
  rejected: { zh: "不予受理", en: "rejected" },
  duplicate: { zh: "重复诉求", en: "duplicate request" },
  "not-responsible": { zh: "非本级职责", en: "not our responsibility" },
  cancelled: { zh: "已撤销", en: "cancelled" },
  failed: { zh: "无法办理", en: "could not be done" },
});
