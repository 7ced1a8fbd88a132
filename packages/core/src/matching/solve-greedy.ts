import {
  type AssignmentProblem,
  type AssignmentResult,
  assignmentResult,
  compileAssignmentProblem,
} from "./assignment-problem.js";

/**
 * The one-at-a-time baseline: what submitting needs one by one does. Tasks are taken in input order
 * and each slot goes to the cheapest allowed agent that still has capacity and does not already
 * hold a slot of the task (the lower agent index on equal costs), never revisiting earlier choices.
 * A task with an `unassignedCost` leaves the slot unfilled rather than take an agent costing more
 * than that.
 *
 * Runs in O(E log E) for E edges. The result is feasible but can be far from
 * {@link solveAssignment}'s optimum, in cost and in the number of slots filled.
 * @throws {LianxinError} `matching.invalid` when the problem is not valid.
 */
export function solveGreedy(problem: AssignmentProblem): AssignmentResult {
  const compiled = compileAssignmentProblem(problem);
  const { taskCount, taskStart, edgeAgent, edgeCost, demand } = compiled;
  const remaining = compiled.capacity.slice();
  const used = new Uint8Array(edgeCost.length);
  const filled = new Int32Array(taskCount);
  const order: number[] = [];
  const byCostThenAgent = (x: number, y: number): number =>
    edgeCost[x]! - edgeCost[y]! || edgeAgent[x]! - edgeAgent[y]!;
  for (let t = 0; t < taskCount; t++) {
    const need = demand[t]!;
    if (need === 0) continue;
    const limit = problem.tasks[t]!.unassignedCost ?? Number.POSITIVE_INFINITY;
    order.length = 0;
    for (let e = taskStart[t]!; e < taskStart[t + 1]!; e++) order.push(e);
    order.sort(byCostThenAgent);
    // Each slot takes the first agent in cost order still free: the agents this task took are
    // distinct, and only they lost capacity meanwhile, so one pass serves all its slots.
    for (const e of order) {
      if (filled[t]! >= need || edgeCost[e]! > limit) break;
      const a = edgeAgent[e]!;
      if (remaining[a]! <= 0) continue;
      remaining[a]!--;
      used[e] = 1;
      filled[t]!++;
    }
  }
  return assignmentResult(compiled, used, filled);
}
