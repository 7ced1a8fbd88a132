import type * as z from "zod";
import type { AdminUnit } from "../model/admin-unit.js";
import type { LocalizedText } from "../model/common.js";
import type { NeedInputSchema, Urgency } from "../model/need.js";
import type { Resident } from "../model/resident.js";
import type { Facts, FiredEvent } from "../rules/rule-result.js";
import type { Placement } from "./need-facts.js";
import type { Candidate, MatchCriteria } from "./resource-matcher.js";
import type { Stage, StageOutcome } from "./rule-pipeline.js";

/** Who leads (主办) or assists (协办) on a need. */
export type Target =
  | { kind: "resources"; criteria: MatchCriteria; service: string }
  | { kind: "unit"; unit: string; role: string }
  | { kind: "department"; domain: string; unit: string };

/** Everything the engine decided about one need before it is written. */
export interface Decision {
  id: string;
  input: z.infer<typeof NeedInputSchema>;
  now: Date;
  resident: Resident | undefined;
  placement: Placement;
  /** The unit that owns the need for scoping and escalation. */
  unit: AdminUnit | undefined;
  scope: string;
  /** The facts after triage (category, urgency, services filled in). */
  facts: Facts;
  /** The facts triage saw. */
  triageFacts: Facts;
  stages: Partial<Record<Stage, StageOutcome>>;
  category?: string;
  urgency: Urgency;
  tags: string[];
  services: { code: string; score: number }[];
  ineligible: { service: string; reason: LocalizedText }[];
  outcome: "dispatch" | "duplicate" | "rejected" | "not-responsible";
  duplicateOf?: string;
  reason?: LocalizedText;
  lead?: Target | undefined;
  assists: Target[];
  /** Candidates for the resource targets, best first, and the moment they were matched for. */
  candidates: Candidate[];
  matchAt: Date;
  deadlinePolicy?: string;
  notifications: FiredEvent[];
  /** The duplicate check triage asked for (kept so a batch can check its own needs too). */
  dedupe?: { windowHours: number; match: ("subject" | "service" | "category" | "address")[] };
  /** Why the lead went up a level: no resource had capacity. */
  capacityShort?: boolean;
}
