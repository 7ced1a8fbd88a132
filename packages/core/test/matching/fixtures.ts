import fc from "fast-check";
import type {
  AssignmentEdge,
  AssignmentProblem,
  AssignmentResult,
  AssignmentTask,
} from "../../src/matching/assignment-problem.js";
import { prng } from "../fixtures/prng.js";

/** Re-exported from ../fixtures/prng.ts for the tests that take it from here. */
export { prng };

/** Builds a problem from demands, capacities and `[task, agent, cost]` triples. */
export function problemOf(
  demands: readonly (number | { demand: number; unassignedCost: number })[],
  capacities: readonly number[],
  edges: readonly [number, number, number][],
): AssignmentProblem {
  return {
    tasks: demands.map((d, i) =>
      typeof d === "number"
        ? { id: `t${i}`, demand: d }
        : { id: `t${i}`, demand: d.demand, unassignedCost: d.unassignedCost },
    ),
    agents: capacities.map((capacity, i) => ({ id: `a${i}`, capacity })),
    edges: edges.map(([task, agent, cost]) => ({ task, agent, cost })),
  };
}

/** The ways a result breaks the rules of its problem; empty when it is feasible and consistent. */
export function feasibilityErrors(problem: AssignmentProblem, result: AssignmentResult): string[] {
  const errors: string[] = [];
  const allowed = new Map<string, number>();
  for (const edge of problem.edges) {
    const key = `${edge.task}:${edge.agent}`;
    allowed.set(key, Math.min(allowed.get(key) ?? Number.POSITIVE_INFINITY, edge.cost));
  }
  const load = new Array<number>(problem.agents.length).fill(0);
  const filled = new Array<number>(problem.tasks.length).fill(0);
  const pairs = new Set<string>();
  let total = 0;
  for (const { task, agent, cost } of result.assignments) {
    const key = `${task}:${agent}`;
    if (!allowed.has(key)) errors.push(`${key} is not an allowed edge`);
    else if (allowed.get(key) !== cost) errors.push(`${key} costs ${cost}, not ${allowed.get(key)}`);
    if (pairs.has(key)) errors.push(`${key} assigned twice`);
    pairs.add(key);
    load[agent]!++;
    filled[task]!++;
    total += cost;
  }
  problem.agents.forEach((a, i) => {
    if (load[i]! > a.capacity) errors.push(`agent ${i} holds ${load[i]} > capacity ${a.capacity}`);
  });
  const expectedUnassigned: number[] = [];
  problem.tasks.forEach((t, i) => {
    if (filled[i]! > t.demand) errors.push(`task ${i} holds ${filled[i]} > demand ${t.demand}`);
    for (let k = filled[i]!; k < t.demand; k++) expectedUnassigned.push(i);
  });
  if (JSON.stringify(expectedUnassigned) !== JSON.stringify(result.unassigned)) {
    errors.push(
      `unassigned ${JSON.stringify(result.unassigned)}, expected ${JSON.stringify(expectedUnassigned)}`,
    );
  }
  if (Math.abs(total - result.totalCost) > 1e-9 * (1 + Math.abs(total))) {
    errors.push(`totalCost ${result.totalCost}, sum of assignments ${total}`);
  }
  return errors;
}

/** The optimum by enumerating every subset of the edges: `[unfilled required slots, cost]`. */
export function bruteForceOptimum(problem: AssignmentProblem): [number, number] {
  const { tasks, agents, edges } = problem;
  if (edges.length > 16) throw new Error("too many edges to enumerate");
  let best: [number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  const load = new Array<number>(agents.length);
  const filled = new Array<number>(tasks.length);
  for (let mask = 0; mask < 1 << edges.length; mask++) {
    load.fill(0);
    filled.fill(0);
    const pairs = new Set<string>();
    let ok = true;
    let cost = 0;
    for (let i = 0; i < edges.length && ok; i++) {
      if ((mask & (1 << i)) === 0) continue;
      const { task, agent } = edges[i]!;
      const key = `${task}:${agent}`;
      if (pairs.has(key)) ok = false;
      pairs.add(key);
      if (++load[agent]! > agents[agent]!.capacity) ok = false;
      if (++filled[task]! > tasks[task]!.demand) ok = false;
      cost += edges[i]!.cost;
    }
    if (!ok) continue;
    let unfilledRequired = 0;
    tasks.forEach((t, i) => {
      const missing = t.demand - filled[i]!;
      if (t.unassignedCost === undefined) unfilledRequired += missing;
      else cost += missing * t.unassignedCost;
    });
    if (unfilledRequired < best[0] || (unfilledRequired === best[0] && cost < best[1]))
      best = [unfilledRequired, cost];
  }
  return best;
}

/**
 * A negative cycle in the residual circulation of a result, found by Bellman-Ford on lexicographic
 * `(infinite units, real)` costs, as a list of nodes; undefined when there is none, which proves
 * the result optimal. Nodes: tasks, then agents, then the merged source and sink.
 */
export function negativeCycle(
  problem: AssignmentProblem,
  result: AssignmentResult,
  eps = 1e-7,
): number[] | undefined {
  const T = problem.tasks.length;
  const A = problem.agents.length;
  const Z = T + A;
  const n = Z + 1;
  const from: number[] = [];
  const to: number[] = [];
  const costM: number[] = [];
  const costR: number[] = [];
  const add = (u: number, v: number, m: number, r: number) => {
    from.push(u);
    to.push(v);
    costM.push(m);
    costR.push(r);
  };
  const used = new Set(result.assignments.map((x) => `${x.task}:${x.agent}`));
  const cheapest = new Map<string, AssignmentEdge>();
  for (const edge of problem.edges) {
    const key = `${edge.task}:${edge.agent}`;
    const seen = cheapest.get(key);
    if (seen === undefined || edge.cost < seen.cost) cheapest.set(key, edge);
  }
  for (const [key, edge] of cheapest) {
    if (used.has(key)) add(T + edge.agent, edge.task, 0, -edge.cost);
    else add(edge.task, T + edge.agent, 0, edge.cost);
  }
  const filled = new Array<number>(T).fill(0);
  const load = new Array<number>(A).fill(0);
  for (const x of result.assignments) {
    filled[x.task]!++;
    load[x.agent]!++;
  }
  problem.tasks.forEach((t: AssignmentTask, i) => {
    const [m, r] = t.unassignedCost === undefined ? [1, 0] : [0, t.unassignedCost];
    if (filled[i]! < t.demand) add(Z, i, -m, -r);
    if (filled[i]! > 0) add(i, Z, m, r);
  });
  problem.agents.forEach((a, i) => {
    if (load[i]! < a.capacity) add(T + i, Z, 0, 0);
    if (load[i]! > 0) add(Z, T + i, 0, 0);
  });
  const dM = new Float64Array(n);
  const dR = new Float64Array(n);
  const pred = new Int32Array(n).fill(-1);
  let changed = -1;
  for (let pass = 0; pass < n; pass++) {
    changed = -1;
    for (let e = 0; e < from.length; e++) {
      const u = from[e]!;
      const v = to[e]!;
      const m = dM[u]! + costM[e]!;
      const r = dR[u]! + costR[e]!;
      if (m < dM[v]! || (m === dM[v]! && r < dR[v]! - eps)) {
        dM[v] = m;
        dR[v] = r;
        pred[v] = u;
        changed = v;
      }
    }
    if (changed < 0) return undefined;
  }
  // Walk back n steps to land on the cycle, then collect it.
  let v = changed;
  for (let i = 0; i < n; i++) v = pred[v]!;
  const cycle = [v];
  for (let u = pred[v]!; u !== v; u = pred[u]!) cycle.push(u);
  return cycle.reverse();
}

/** Options of {@link smallProblem}. */
export interface SmallProblemOptions {
  maxTasks?: number;
  maxAgents?: number;
  maxEdges?: number;
  /** Give some tasks an `unassignedCost`. */
  withUnassignedCost?: boolean;
  /** Fractional costs instead of whole ones. */
  fractional?: boolean;
}

/**
 * Random small problems: up to 7 tasks with demand 1–2, up to 5 agents with capacity 0–3 and up to
 * 12 edges (the same pair may come twice) with random costs.
 */
export function smallProblem(options: SmallProblemOptions = {}): fc.Arbitrary<AssignmentProblem> {
  const {
    maxTasks = 7,
    maxAgents = 5,
    maxEdges = 12,
    withUnassignedCost = false,
    fractional = false,
  } = options;
  const cost = fractional
    ? fc.double({ min: -50, max: 50, noNaN: true, noDefaultInfinity: true })
    : fc.integer({ min: -20, max: 20 });
  const task = fc.record(
    {
      demand: fc.integer({ min: 1, max: 2 }),
      unassignedCost: withUnassignedCost ? fc.option(cost, { nil: undefined }) : fc.constant(undefined),
    },
    { requiredKeys: ["demand"] },
  );
  return fc
    .tuple(
      fc.array(task, { minLength: 1, maxLength: maxTasks }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: maxAgents }),
    )
    .chain(([tasks, capacities]) =>
      fc
        .array(
          fc.record({
            task: fc.integer({ min: 0, max: tasks.length - 1 }),
            agent: fc.integer({ min: 0, max: capacities.length - 1 }),
            cost,
          }),
          { maxLength: maxEdges },
        )
        .map(
          (edges): AssignmentProblem => ({
            tasks: tasks.map((t, i) =>
              t.unassignedCost === undefined
                ? { id: `t${i}`, demand: t.demand }
                : { id: `t${i}`, demand: t.demand, unassignedCost: t.unassignedCost },
            ),
            agents: capacities.map((capacity, i) => ({ id: `a${i}`, capacity })),
            edges,
          }),
        ),
    );
}

/** Options of {@link randomProblem}. */
export interface RandomProblemOptions {
  tasks: number;
  agents: number;
  edges: number;
  seed: number;
  /** Capacities are drawn from 0 … maxCapacity. */
  maxCapacity?: number;
  /** Share of tasks with demand 2 (the others have 1). */
  pairShare?: number;
  /** Share of tasks with an `unassignedCost`. */
  optionalShare?: number;
  /** Whole costs. */
  integer?: boolean;
}

/** A seeded random problem with uniformly random edges and costs in −100 … 0 (negated scores). */
export function randomProblem(options: RandomProblemOptions): AssignmentProblem {
  const { maxCapacity = 3, pairShare = 0.1, optionalShare = 0, integer = false } = options;
  const random = prng(options.seed);
  const draw = () => (integer ? -Math.floor(random() * 101) : -random() * 100);
  const tasks: AssignmentTask[] = [];
  for (let i = 0; i < options.tasks; i++) {
    const demand = random() < pairShare ? 2 : 1;
    tasks.push(
      random() < optionalShare ? { id: `t${i}`, demand, unassignedCost: draw() } : { id: `t${i}`, demand },
    );
  }
  const agents = [];
  for (let i = 0; i < options.agents; i++) {
    agents.push({ id: `a${i}`, capacity: Math.floor(random() * (maxCapacity + 1)) });
  }
  const edges: AssignmentEdge[] = [];
  for (let i = 0; i < options.edges; i++) {
    edges.push({
      task: Math.floor(random() * options.tasks),
      agent: Math.floor(random() * options.agents),
      cost: draw(),
    });
  }
  return { tasks, agents, edges };
}
