import type { Lang } from "../errors/issue.js";
import type { LocalizedText } from "../model/common.js";
import { type Explanation, explainRuleSet, formatExplanation } from "../rules/explain-rule-set.js";
import type { Facts } from "../rules/rule-result.js";
import type { EngineContext } from "./engine-context.js";
import { serviceFacts } from "./need-facts.js";
import type { Candidate } from "./resource-matcher.js";
import type { Stage } from "./rule-pipeline.js";

/** Why a need went where it went. */
export interface NeedExplanation {
  need: string;
  status: string;
  /** How the need was placed: the unit found, whether it is a grid, how and why. */
  placement: { unit: string | null; exact: boolean; via: string; reason: string };
  /** Every rule set that ran, stage by stage, with every rule and condition explained. */
  stages: { stage: Stage; service?: string; explanation: Explanation }[];
  services: { code: string; score: number }[];
  ineligible: { service: string; reason: LocalizedText }[];
  outcome: string;
  lead: unknown;
  assists: unknown[];
  /** Resources considered for the lead, best first: chosen, or why each lost. */
  candidates: Candidate[];
  candidateCount: number;
  deadlinePolicy: string | null;
  /** Work orders as dispatched. */
  dispatched: { workOrder: string; assignee: unknown; role: string; dueAt: string }[];
}

/** The decision as `commitDecision` keeps it in the `decided` event. */
interface DecisionRecord {
  facts: Facts;
  triageFacts: Facts;
  placement: NeedExplanation["placement"];
  stages: Record<Stage, { id: string; version: string; service?: string }[]>;
  services: NeedExplanation["services"];
  ineligible: NeedExplanation["ineligible"];
  outcome: string;
  lead: unknown;
  assists: unknown[];
  candidates: Candidate[];
  candidateCount: number;
  deadlinePolicy: string | null;
}

/** Rebuilds the explanation of a need from the decision kept in its audit trail. */
export async function explainNeed(ctx: EngineContext, needId: string): Promise<NeedExplanation | null> {
  const need = await ctx.store.getNeed(needId);
  if (!need) return null;
  const events = (await ctx.store.listEvents({ need: needId, limit: 1_000 })).items;
  const decided = events.find((e) => e.type === "decided");
  if (!decided?.data) return null;
  const data = decided.data as unknown as DecisionRecord;
  const facts = data.facts as Facts;
  const stages: NeedExplanation["stages"] = [];
  const primary = data.services[0]?.code;
  const withService = (code: string | undefined): Facts => {
    const item = code ? ctx.district.services.get(code) : undefined;
    return item ? { ...facts, service: serviceFacts(item) } : facts;
  };
  const now = Date.parse(need.createdAt);
  for (const [stage, ruleSets] of Object.entries(data.stages)) {
    for (const rs of ruleSets) {
      const ruleSet = ctx.pipeline.find(rs.id, rs.version);
      if (!ruleSet) continue;
      const f = stage === "triage" ? data.triageFacts : withService(rs.service ?? primary);
      stages.push({
        stage: stage as Stage,
        ...(rs.service !== undefined ? { service: rs.service } : {}),
        explanation: explainRuleSet(ruleSet, f, { now }),
      });
    }
  }
  return {
    need: needId,
    status: need.status,
    placement: data.placement,
    stages,
    services: data.services,
    ineligible: data.ineligible,
    outcome: data.outcome,
    lead: data.lead,
    assists: data.assists,
    candidates: data.candidates,
    candidateCount: data.candidateCount,
    deadlinePolicy: data.deadlinePolicy,
    dispatched: events
      .filter((e) => e.type === "dispatched" && e.workOrder !== undefined)
      .map((e) => ({
        workOrder: e.workOrder!,
        assignee: (e.data as Record<string, unknown>).assignee,
        role: String((e.data as Record<string, unknown>).role),
        dueAt: String((e.data as Record<string, unknown>).dueAt),
      })),
  };
}

/** Formats a need's explanation for a person. */
export function formatNeedExplanation(e: NeedExplanation, lang: Lang = "en"): string {
  const zh = lang === "zh-CN";
  const lines = [
    zh ? `需求 ${e.need}：${e.status}（${e.outcome}）` : `need ${e.need}: ${e.status} (${e.outcome})`,
    zh
      ? `定位：${e.placement.unit ?? "无"}，${e.placement.exact ? "在网格内" : "不在任何网格内"}（${e.placement.via}，${e.placement.reason}）`
      : `placed: ${e.placement.unit ?? "nowhere"}, ${e.placement.exact ? "in a grid" : "in no grid"} (${e.placement.via}, ${e.placement.reason})`,
    `${zh ? "服务事项" : "services"}: ${e.services.map((s) => `${s.code} (${s.score})`).join(", ") || "-"}`,
  ];
  for (const x of e.ineligible)
    lines.push(`  ✗ ${x.service}: ${zh ? x.reason.zh : (x.reason.en ?? x.reason.zh)}`);
  for (const s of e.stages) {
    lines.push(`— ${s.stage}${s.service ? ` (${s.service})` : ""}`);
    lines.push(
      ...formatExplanation(s.explanation, lang)
        .split("\n")
        .map((l) => `  ${l}`),
    );
  }
  if (e.candidates.length > 0) {
    lines.push(
      zh
        ? `候选资源（共 ${e.candidateCount} 个，列出前 ${e.candidates.length} 个）：`
        : `candidates (${e.candidateCount}, top ${e.candidates.length}):`,
    );
    for (const c of e.candidates)
      lines.push(
        `  ${c.status === "chosen" ? "●" : "○"} ${c.resource} ${c.kind} score ${c.score} — ${c.status} (remaining ${c.remaining}/${c.capacity}${c.distanceMeters !== undefined ? `, ${c.distanceMeters} m` : ""})`,
      );
  }
  for (const d of e.dispatched) lines.push(`→ ${d.role} ${JSON.stringify(d.assignee)} due ${d.dueAt}`);
  return lines.join("\n");
}
