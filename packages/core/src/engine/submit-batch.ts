import type * as z from "zod";
import type { AssignmentProblem } from "../matching/assignment-problem.js";
import { solveGreedy } from "../matching/solve-greedy.js";
import { solveAssignment } from "../matching/solve-min-cost-flow.js";
import type { NeedInputSchema } from "../model/need.js";
import { commitDecision, type SubmitResult } from "./commit-decision.js";
import { decideNeed } from "./decide-need.js";
import type { Decision } from "./decision.js";
import type { EngineContext } from "./engine-context.js";

/** How the batch assignment compared with assigning the same needs one by one. */
export interface AssignmentQuality {
  /** Resource slots the batch asked for. */
  slots: number;
  filled: { optimal: number; greedy: number };
  /** Sum of the scores of the chosen resources. */
  score: { optimal: number; greedy: number };
  /** Relative score gained over greedy (0.05 = 5 % better). */
  gain: number;
}

/** What `submitMany` returns. */
export interface BatchResult {
  results: SubmitResult[];
  assignment: AssignmentQuality;
}

/**
 * Submits a batch: decides every need, then assigns resources to all of them together by
 * min-cost flow (most slots filled, then the highest total score), compares that with greedy
 * one-by-one assignment of the same batch, and commits each need in its own transaction, trying
 * its assigned resources first. Capacity is reserved at commit, so a concurrent `submit` can
 * never push a resource over capacity.
 */
export async function submitBatch(
  ctx: EngineContext,
  inputs: readonly z.infer<typeof NeedInputSchema>[],
): Promise<BatchResult> {
  const now = ctx.clock.now();
  const decisions: Decision[] = [];
  const firstOfKey = new Map<string, string>();
  for (const input of inputs) {
    if (input.externalId !== undefined) {
      const key = `${input.source}\u0000${input.externalId}`;
      if (firstOfKey.has(key)) continue;
      firstOfKey.set(key, "");
    }
    decisions.push(await decideNeed(ctx, input, ctx.ids(), now));
  }
  // Duplicates within the batch: a later need merges into an earlier one the same way as in the store.
  for (const [i, d] of decisions.entries()) {
    if (!d.dedupe || d.outcome !== "dispatch" || d.input.subject === undefined) continue;
    const earlier = decisions
      .slice(0, i)
      .find(
        (e) =>
          e.outcome === "dispatch" &&
          e.input.subject === d.input.subject &&
          Math.abs(e.now.getTime() - d.now.getTime()) <= d.dedupe!.windowHours * 3_600_000 &&
          d.dedupe!.match.every((m) =>
            m === "subject"
              ? true
              : m === "service"
                ? d.services[0] !== undefined && e.services[0]?.code === d.services[0].code
                : m === "category"
                  ? d.category !== undefined && e.category === d.category
                  : d.input.addressCode !== undefined && e.input.addressCode === d.input.addressCode,
          ),
      );
    if (earlier) {
      d.outcome = "duplicate";
      d.duplicateOf = earlier.id;
    }
  }
  const tasks: { decision: Decision; demand: number }[] = [];
  const agentIndex = new Map<string, number>();
  const agents: { id: string; capacity: number }[] = [];
  const edges: { task: number; agent: number; cost: number }[] = [];
  for (const d of decisions) {
    if (d.outcome !== "dispatch" || d.lead?.kind !== "resources") continue;
    const task = tasks.length;
    tasks.push({ decision: d, demand: d.lead.criteria.count });
    for (const c of d.candidates) {
      const later = c.status === "closed" && d.urgency !== "emergency";
      if (c.status !== "lower-score" && !later) continue;
      let agent = agentIndex.get(c.resource);
      if (agent === undefined) {
        agent = agents.length;
        agentIndex.set(c.resource, agent);
        agents.push({ id: c.resource, capacity: c.remaining });
      }
      // Someone on duty now is worth a little more than someone who comes on duty later.
      edges.push({ task, agent, cost: -c.score + (later ? 0.5 : 0) });
    }
  }
  const problem: AssignmentProblem = {
    tasks: tasks.map((t, i) => ({ id: String(i), demand: t.demand })),
    agents,
    edges,
  };
  const optimal = solveAssignment(problem);
  const greedy = solveGreedy(problem);
  const preferred = new Map<Decision, string[]>();
  for (const a of optimal.assignments) {
    const d = tasks[a.task]!.decision;
    const list = preferred.get(d) ?? [];
    list.push(agents[a.agent]!.id);
    preferred.set(d, list);
  }
  const results: SubmitResult[] = [];
  for (const d of decisions) {
    // A need the optimum left without a resource must not take one greedily from another.
    const mine = preferred.get(d);
    if (d.lead?.kind === "resources" && !mine)
      d.candidates = d.candidates.map((c) => ({ ...c, status: "full" as const }));
    else if (mine)
      d.candidates = d.candidates.filter((c) => c.status !== "lower-score" || mine.includes(c.resource));
    results.push(await commitDecision(ctx, d, mine ?? []));
  }
  const filled = (r: typeof optimal) => r.assignments.length;
  const scoreOf = (r: typeof optimal) => round(-r.assignments.reduce((s: number, a) => s + a.cost, 0));
  const so = scoreOf(optimal);
  const sg = scoreOf(greedy);
  return {
    results,
    assignment: {
      slots: tasks.reduce((s, t) => s + t.demand, 0),
      filled: { optimal: filled(optimal), greedy: filled(greedy) },
      score: { optimal: so, greedy: sg },
      gain: sg === 0 ? 0 : round((so - sg) / Math.abs(sg)),
    },
  };
}

function round(x: number): number {
  return Math.round(x * 1_000) / 1_000;
}
