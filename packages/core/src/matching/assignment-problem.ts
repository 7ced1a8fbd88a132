import { type Issue, issue } from "../errors/issue.js";
import { LianxinError } from "../errors/lianxin-error.js";

/** A need to serve in a batch: how many slots it asks for and what leaving one empty costs. */
export interface AssignmentTask {
  /** The caller's identifier; the solvers only carry it along. */
  id: string;
  /** How many slots the task needs, a whole number ≥ 0 (usually 1); each slot goes to a different agent. */
  demand: number;
  /**
   * What leaving one slot of this task unfilled costs, any finite number. When absent the cost is
   * larger than any path, so filling this task's slots comes before any cost saving: the solvers
   * first fill as many such slots as they can, then minimise the cost.
   */
  unassignedCost?: number;
}

/** A resource (grid worker, volunteer, enterprise) that can take tasks. */
export interface AssignmentAgent {
  /** The caller's identifier; the solvers only carry it along. */
  id: string;
  /** How many more slots the agent can take, a whole number ≥ 0. */
  capacity: number;
}

/** An allowed pairing of a task with an agent. */
export interface AssignmentEdge {
  /** Index of the task in {@link AssignmentProblem.tasks}. */
  task: number;
  /** Index of the agent in {@link AssignmentProblem.agents}. */
  agent: number;
  /** Cost of giving one slot of the task to the agent (a negated score), any finite number. */
  cost: number;
}

/**
 * A batch assignment problem: give task slots to agents along the allowed edges, never more slots to
 * an agent than its capacity nor to a task than its demand, and each (task, agent) pair at most once.
 *
 * The objective is the sum of the costs of the edges used plus, for every unfilled slot, the task's
 * `unassignedCost`; slots of tasks without one are filled first (lexicographically), as if their
 * `unassignedCost` were infinite. When the same (task, agent) pair is listed more than once, the
 * cheapest of those edges counts (the first of equally cheap ones) and the others are ignored.
 */
export interface AssignmentProblem {
  tasks: readonly AssignmentTask[];
  agents: readonly AssignmentAgent[];
  /** The allowed pairs; pairs not listed cannot be assigned. */
  edges: readonly AssignmentEdge[];
}

/** One slot of a task given to an agent. */
export interface Assignment {
  /** Index of the task in the problem. */
  task: number;
  /** Index of the agent in the problem. */
  agent: number;
  /** The cost of the edge used. */
  cost: number;
}

/** How a batch was assigned. */
export interface AssignmentResult {
  /** The slots given out, ordered by task index, then by the order of the edges in the problem. */
  assignments: Assignment[];
  /** Indexes of tasks with unfilled slots, ascending, a task repeated once per unfilled slot. */
  unassigned: number[];
  /**
   * The sum of the costs of {@link assignments}. The `unassignedCost` of unfilled slots is not
   * included; {@link assignmentObjective} adds it.
   */
  totalCost: number;
}

/**
 * The objective of a result: the number of unfilled slots of tasks without an `unassignedCost`
 * (minimised first), then the total cost including the `unassignedCost` of unfilled slots of the
 * other tasks (minimised second). Compare two results by `unfilledRequired`, then by `cost`.
 */
export function assignmentObjective(
  problem: AssignmentProblem,
  result: AssignmentResult,
): { unfilledRequired: number; cost: number } {
  let unfilledRequired = 0;
  let cost = result.totalCost;
  for (const t of result.unassigned) {
    const penalty = problem.tasks[t]?.unassignedCost;
    if (penalty === undefined) unfilledRequired++;
    else cost += penalty;
  }
  return { unfilledRequired, cost };
}

/** At most this many issues are listed when a problem is rejected. */
const MAX_ISSUES = 50;

/** The problems in an assignment problem's input, empty when it is valid. */
export function validateAssignmentProblem(problem: AssignmentProblem): Issue[] {
  const issues: Issue[] = [];
  const add = (pointer: string, zh: string, en: string): boolean => {
    issues.push(issue("matching.invalid", pointer, zh, en));
    return issues.length >= MAX_ISSUES;
  };
  const { tasks, agents, edges } = problem;
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i]!;
    if (!Number.isSafeInteger(task.demand) || task.demand < 0) {
      if (add(`/tasks/${i}/demand`, "需求数必须是非负整数", "demand must be a whole number ≥ 0"))
        return issues;
    }
    if (task.unassignedCost !== undefined && !Number.isFinite(task.unassignedCost)) {
      if (
        add(`/tasks/${i}/unassignedCost`, "未分配代价必须是有限数", "unassignedCost must be a finite number")
      )
        return issues;
    }
  }
  for (let i = 0; i < agents.length; i++) {
    const capacity = agents[i]!.capacity;
    if (!Number.isSafeInteger(capacity) || capacity < 0) {
      if (add(`/agents/${i}/capacity`, "容量必须是非负整数", "capacity must be a whole number ≥ 0"))
        return issues;
    }
  }
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i]!;
    if (!Number.isInteger(edge.task) || edge.task < 0 || edge.task >= tasks.length) {
      if (add(`/edges/${i}/task`, "任务下标越界", "task is not the index of a task")) return issues;
    }
    if (!Number.isInteger(edge.agent) || edge.agent < 0 || edge.agent >= agents.length) {
      if (add(`/edges/${i}/agent`, "资源下标越界", "agent is not the index of an agent")) return issues;
    }
    if (!Number.isFinite(edge.cost)) {
      if (add(`/edges/${i}/cost`, "代价必须是有限数", "cost must be a finite number")) return issues;
    }
  }
  return issues;
}

/**
 * The edges of a problem in compressed form, duplicates of a (task, agent) pair dropped.
 * @internal Shared by the solvers.
 */
export interface CompiledAssignmentProblem {
  taskCount: number;
  agentCount: number;
  /** The edges of task `t` are `taskStart[t] … taskStart[t + 1] - 1`, in the order of the problem. */
  taskStart: Int32Array;
  edgeTask: Int32Array;
  edgeAgent: Int32Array;
  edgeCost: Float64Array;
  /** The edges of agent `a` are `agentEdges[agentStart[a] … agentStart[a + 1] - 1]`, ascending. */
  agentStart: Int32Array;
  agentEdges: Int32Array;
  demand: Int32Array;
  capacity: Int32Array;
}

/**
 * Validates a problem and builds its compressed form.
 * @throws {LianxinError} `matching.invalid`, with the issues, when the problem is not valid.
 * @internal Shared by the solvers.
 */
export function compileAssignmentProblem(problem: AssignmentProblem): CompiledAssignmentProblem {
  const issues = validateAssignmentProblem(problem);
  if (issues.length > 0) {
    throw new LianxinError("matching.invalid", `assignment problem has ${issues.length} problem(s)`, {
      issues,
    });
  }
  const taskCount = problem.tasks.length;
  const agentCount = problem.agents.length;
  const edges = problem.edges;
  const demand = new Int32Array(taskCount);
  for (let t = 0; t < taskCount; t++) demand[t] = problem.tasks[t]!.demand;
  const capacity = new Int32Array(agentCount);
  for (let a = 0; a < agentCount; a++) capacity[a] = problem.agents[a]!.capacity;

  // Bucket the edges by task, keeping their order.
  const rawStart = new Int32Array(taskCount + 1);
  for (const edge of edges) rawStart[edge.task + 1]!++;
  for (let t = 0; t < taskCount; t++) rawStart[t + 1]! += rawStart[t]!;
  const fill = rawStart.slice(0, taskCount);
  const byTask = new Int32Array(edges.length);
  for (let i = 0; i < edges.length; i++) byTask[fill[edges[i]!.task]!++] = i;

  // Drop duplicate pairs, keeping the cheapest (the first of equally cheap ones) in the place of the first.
  const taskStart = new Int32Array(taskCount + 1);
  const edgeTask = new Int32Array(edges.length);
  const edgeAgent = new Int32Array(edges.length);
  const edgeCost = new Float64Array(edges.length);
  const seenBy = new Int32Array(agentCount).fill(-1);
  const seenAt = new Int32Array(agentCount);
  let count = 0;
  for (let t = 0; t < taskCount; t++) {
    taskStart[t] = count;
    for (let k = rawStart[t]!; k < rawStart[t + 1]!; k++) {
      const edge = edges[byTask[k]!]!;
      const a = edge.agent;
      if (seenBy[a] === t) {
        const at = seenAt[a]!;
        if (edge.cost < edgeCost[at]!) edgeCost[at] = edge.cost;
        continue;
      }
      seenBy[a] = t;
      seenAt[a] = count;
      edgeTask[count] = t;
      edgeAgent[count] = a;
      edgeCost[count] = edge.cost;
      count++;
    }
  }
  taskStart[taskCount] = count;

  const agentStart = new Int32Array(agentCount + 1);
  for (let e = 0; e < count; e++) agentStart[edgeAgent[e]! + 1]!++;
  for (let a = 0; a < agentCount; a++) agentStart[a + 1]! += agentStart[a]!;
  const agentFill = agentStart.slice(0, agentCount);
  const agentEdges = new Int32Array(count);
  for (let e = 0; e < count; e++) agentEdges[agentFill[edgeAgent[e]!]!++] = e;

  return {
    taskCount,
    agentCount,
    taskStart,
    edgeTask: edgeTask.subarray(0, count),
    edgeAgent: edgeAgent.subarray(0, count),
    edgeCost: edgeCost.subarray(0, count),
    agentStart,
    agentEdges,
    demand,
    capacity,
  };
}

/**
 * Builds the result from the edges used.
 * @internal Shared by the solvers.
 */
export function assignmentResult(
  compiled: CompiledAssignmentProblem,
  used: Uint8Array,
  filled: Int32Array,
): AssignmentResult {
  const assignments: Assignment[] = [];
  let totalCost = 0;
  for (let e = 0; e < used.length; e++) {
    if (used[e] === 0) continue;
    const cost = compiled.edgeCost[e]!;
    assignments.push({ task: compiled.edgeTask[e]!, agent: compiled.edgeAgent[e]!, cost });
    totalCost += cost;
  }
  const unassigned: number[] = [];
  for (let t = 0; t < compiled.taskCount; t++) {
    for (let k = filled[t]!; k < compiled.demand[t]!; k++) unassigned.push(t);
  }
  return { assignments, unassigned, totalCost };
}
