/**
 * A moment at which `tick` must do something for a work order or a need: remind (催办), mark
 * overdue, climb a step of the escalation ladder (督办), or call for the follow-up (回访).
 * Written in the same transaction as the state that needs it; fired at most once.
 */
export interface Timer {
  id: string;
  kind: "remind" | "overdue" | "escalate" | "follow-up";
  /** When it is due (ISO 8601 with offset). */
  dueAt: string;
  need: string;
  workOrder?: string;
  /** The unit's materialized path, for scoping. */
  scope: string;
  /** Kind-specific data: the escalation step, the reminder's place. */
  data?: Record<string, unknown>;
  status: "pending" | "fired" | "cancelled";
}
