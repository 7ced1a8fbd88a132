import type { NeedStatus } from "../model/need.js";
import type { WorkOrderStatus } from "../model/work-order.js";

/** The actions on a work order and the states each may start from. */
export const WORK_ORDER_ACTIONS = {
  accept: { from: ["dispatched"], to: "accepted" },
  return: { from: ["dispatched", "accepted"], to: "returned" },
  start: { from: ["accepted"], to: "in-progress" },
  hold: { from: ["in-progress"], to: "on-hold" },
  resume: { from: ["on-hold"], to: "in-progress" },
  resolve: { from: ["accepted", "in-progress"], to: "resolved" },
} as const satisfies Record<string, { from: readonly WorkOrderStatus[]; to: WorkOrderStatus }>;

/** A work-order action. */
export type WorkOrderAction = keyof typeof WORK_ORDER_ACTIONS;

/** Work orders still to be done. */
export const OPEN_WORK_ORDER: readonly WorkOrderStatus[] = [
  "dispatched",
  "accepted",
  "in-progress",
  "on-hold",
];

/** Needs that are over: nothing more happens to them. */
export const TERMINAL_NEED: readonly NeedStatus[] = [
  "closed",
  "rejected",
  "duplicate",
  "not-responsible",
  "cancelled",
  "failed",
];

/** Needs being worked on (dispatched up to resolution). */
export const ACTIVE_NEED: readonly NeedStatus[] = [
  "received",
  "triaged",
  "dispatched",
  "accepted",
  "in-progress",
  "on-hold",
];

/** The need's status that mirrors its lead work order's. */
export function needStatusFor(order: WorkOrderStatus): NeedStatus | undefined {
  switch (order) {
    case "dispatched":
      return "dispatched";
    case "accepted":
      return "accepted";
    case "in-progress":
      return "in-progress";
    case "on-hold":
      return "on-hold";
    case "resolved":
      return "resolved";
    default:
      return undefined;
  }
}

/** Escalation level of each admin level above the grid. */
export const ESCALATION_LEVEL = { grid: 0, community: 1, street: 2, district: 3, city: 4 } as const;
