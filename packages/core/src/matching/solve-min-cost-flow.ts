import {
  type AssignmentProblem,
  type AssignmentResult,
  assignmentResult,
  compileAssignmentProblem,
} from "./assignment-problem.js";

/** Predecessor kinds of the terminal node besides an edge index. */
const FROM_AGENT = -1;
const FROM_TASK = -2;

/**
 * Solves a batch assignment problem exactly: fills as many slots of tasks without an
 * `unassignedCost` as possible, then minimises the sum of the edge costs plus the `unassignedCost`
 * of the slots left unfilled. Among equally good answers it fills more slots.
 *
 * The network is source → task (capacity = demand, cost = − the reward for filling a slot) →
 * agent (capacity 1 per edge, the edge's cost) → sink (capacity = the agent's capacity), the reward
 * of a task without `unassignedCost` being an infinite unit (costs are pairs compared
 * lexicographically, `(count of infinite units, real cost)`, so nothing is rounded), the reward of
 * the others their `unassignedCost`. The sink and the source are one node, so the flow is a
 * circulation and a min-cost flow is one without negative cycles.
 *
 * Slots are added one at a time, tasks in input order: each new unit of source → task capacity
 * is followed by the cheapest cycle through it, found by Dijkstra from the task on reduced costs
 * (potentials kept non-negative as in successive shortest paths; typed arrays, compressed
 * adjacency and a binary heap), and that cycle is applied when it costs less than nothing —
 * fill the slot along an augmenting path, possibly moving other tasks to other agents, or take
 * the agent of a task whose slot is worth less, leaving that one unfilled. This keeps the flow a
 * min-cost circulation after every slot, so the end result is optimal, whatever the order.
 * Dijkstra stops as soon as the sink is settled, so each slot explores only the part of the
 * network cheaper than its answer.
 *
 * Deterministic: the heap breaks ties by node index (tasks, then agents, then the sink) and a
 * label only changes on strict improvement, so the same problem gives the same answer. With
 * fractional costs the sums are rounded as floating-point numbers, so answers whose costs differ
 * by a rounding error count as equal.
 * @throws {LianxinError} `matching.invalid` when the problem is not valid.
 */
export function solveAssignment(problem: AssignmentProblem): AssignmentResult {
  const compiled = compileAssignmentProblem(problem);
  const { taskCount, agentCount, taskStart, edgeTask, edgeAgent, edgeCost, agentStart, agentEdges, demand } =
    compiled;
  const capacity = compiled.capacity;
  const edgeCount = edgeCost.length;

  // Nodes: tasks 0 … T-1, agents T … T+A-1, the sink (= the source) T+A.
  const sink = taskCount + agentCount;
  const nodeCount = sink + 1;

  // The reward for filling a slot: one infinite unit for tasks without an unassignedCost.
  const required = new Uint8Array(taskCount);
  const reward = new Float64Array(taskCount);
  for (let t = 0; t < taskCount; t++) {
    const penalty = problem.tasks[t]!.unassignedCost;
    if (penalty === undefined) required[t] = 1;
    else reward[t] = penalty;
  }

  const used = new Uint8Array(edgeCount);
  const load = new Int32Array(agentCount);
  const filled = new Int32Array(taskCount);

  // Potentials, pairs (infinite units, real). Every residual edge but those leaving the sink keeps
  // a non-negative reduced cost. At the start the residual edges are task → agent and agent → sink.
  const potM = new Float64Array(nodeCount);
  const potR = new Float64Array(nodeCount);
  let minCost = 0;
  for (let e = 0; e < edgeCount; e++) if (edgeCost[e]! < minCost) minCost = edgeCost[e]!;
  potR.fill(minCost, taskCount);

  const distM = new Float64Array(nodeCount);
  const distR = new Float64Array(nodeCount);
  const labelled = new Int32Array(nodeCount);
  const settled = new Int32Array(nodeCount);
  const predNode = new Int32Array(nodeCount);
  const predEdge = new Int32Array(nodeCount);
  const settledList = new Int32Array(nodeCount);
  const heap = new PairHeap(Math.max(16, nodeCount));
  let round = 0;

  // Relaxes the residual edge u → w of cost (costM, costR); `via` is its index or FROM_AGENT / FROM_TASK.
  const relax = (u: number, w: number, costM: number, costR: number, via: number): void => {
    if (settled[w] === round) return;
    const rcM = costM + potM[u]! - potM[w]!;
    let rcR = costR + potR[u]! - potR[w]!;
    // Reduced costs are ≥ 0 but for rounding.
    if (rcM === 0 && rcR < 0) rcR = 0;
    const dM = distM[u]! + rcM;
    const dR = distR[u]! + rcR;
    if (labelled[w] === round) {
      const oM = distM[w]!;
      const oR = distR[w]!;
      if (dM > oM || (dM === oM && dR > oR)) return;
      if (dM === oM && dR === oR && !(w === sink && via === FROM_AGENT && predEdge[w] === FROM_TASK)) return;
    }
    labelled[w] = round;
    distM[w] = dM;
    distR[w] = dR;
    predNode[w] = u;
    predEdge[w] = via;
    heap.push(dM, dR, w);
  };

  for (let start = 0; start < taskCount; start++) {
    for (let slot = 0; slot < demand[start]!; slot++) {
      round++;
      heap.clear();
      labelled[start] = round;
      distM[start] = 0;
      distR[start] = 0;
      predNode[start] = -1;
      heap.push(0, 0, start);
      let settledCount = 0;
      let reached = false;
      while (heap.size > 0) {
        const v = heap.popNode();
        if (settled[v] === round) continue;
        settled[v] = round;
        settledList[settledCount++] = v;
        if (v === sink) {
          reached = true;
          break;
        }
        if (v < taskCount) {
          for (let e = taskStart[v]!; e < taskStart[v + 1]!; e++) {
            if (used[e] === 0) relax(v, taskCount + edgeAgent[e]!, 0, edgeCost[e]!, e);
          }
          // Giving up one of v's slots: worth its reward.
          if (filled[v]! > 0) {
            if (required[v] === 1) relax(v, sink, 1, 0, FROM_TASK);
            else relax(v, sink, 0, reward[v]!, FROM_TASK);
          }
        } else {
          const a = v - taskCount;
          if (load[a]! < capacity[a]!) relax(v, sink, 0, 0, FROM_AGENT);
          for (let k = agentStart[a]!; k < agentStart[a + 1]!; k++) {
            const e = agentEdges[k]!;
            if (used[e] === 1) relax(v, edgeTask[e]!, 0, -edgeCost[e]!, e);
          }
        }
      }

      // Potentials: π(v) += min(d(v), D) for all v, less D everywhere (which changes no reduced cost).
      const last = settledList[settledCount - 1]!;
      const capM = distM[last]!;
      const capR = distR[last]!;
      for (let i = 0; i < settledCount; i++) {
        const v = settledList[i]!;
        potM[v]! += distM[v]! - capM;
        potR[v]! += distR[v]! - capR;
      }
      if (!reached) continue;

      // The cycle source → start ⇝ sink, in exact terms: does it pay?
      const lastKind = predEdge[sink]!;
      const beforeSink = predNode[sink]!;
      if (lastKind === FROM_TASK && beforeSink === start) continue; // giving up its own slot: no change
      let cycleM = -required[start]!;
      let cycleR = required[start] === 1 ? 0 : -reward[start]!;
      if (lastKind === FROM_TASK) {
        if (required[beforeSink] === 1) cycleM += 1;
        else cycleR += reward[beforeSink]!;
      }
      for (let w = beforeSink; w !== start; w = predNode[w]!) {
        const e = predEdge[w]!;
        cycleR += w < taskCount ? -edgeCost[e]! : edgeCost[e]!;
      }
      const pays = cycleM < 0 || (cycleM === 0 && (cycleR < 0 || (cycleR === 0 && lastKind === FROM_AGENT)));
      if (!pays) continue;

      if (lastKind === FROM_AGENT) load[beforeSink - taskCount]!++;
      else filled[beforeSink]!--;
      for (let w = beforeSink; w !== start; w = predNode[w]!) {
        used[predEdge[w]!] = w < taskCount ? 0 : 1;
      }
      filled[start]!++;
    }
  }
  return assignmentResult(compiled, used, filled);
}

/** A binary min-heap of nodes keyed by pairs compared lexicographically, then by node index. */
class PairHeap {
  #keyM: Float64Array;
  #keyR: Float64Array;
  #node: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.#keyM = new Float64Array(capacity);
    this.#keyR = new Float64Array(capacity);
    this.#node = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  push(m: number, r: number, node: number): void {
    if (this.size === this.#node.length) this.#grow();
    const keyM = this.#keyM;
    const keyR = this.#keyR;
    const nodes = this.#node;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pm = keyM[p]!;
      const pr = keyR[p]!;
      if (pm < m || (pm === m && (pr < r || (pr === r && nodes[p]! < node)))) break;
      keyM[i] = pm;
      keyR[i] = pr;
      nodes[i] = nodes[p]!;
      i = p;
    }
    keyM[i] = m;
    keyR[i] = r;
    nodes[i] = node;
  }

  /** Removes the least entry and returns its node; the heap must not be empty. */
  popNode(): number {
    const keyM = this.#keyM;
    const keyR = this.#keyR;
    const nodes = this.#node;
    const top = nodes[0]!;
    const n = --this.size;
    if (n === 0) return top;
    const m = keyM[n]!;
    const r = keyR[n]!;
    const node = nodes[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const d = c + 1;
      if (d < n) {
        const cm = keyM[c]!;
        const dm = keyM[d]!;
        if (dm < cm || (dm === cm && (keyR[d]! < keyR[c]! || (keyR[d] === keyR[c] && nodes[d]! < nodes[c]!))))
          c = d;
      }
      const cm = keyM[c]!;
      const cr = keyR[c]!;
      if (m < cm || (m === cm && (r < cr || (r === cr && node < nodes[c]!)))) break;
      keyM[i] = cm;
      keyR[i] = cr;
      nodes[i] = nodes[c]!;
      i = c;
    }
    keyM[i] = m;
    keyR[i] = r;
    nodes[i] = node;
    return top;
  }

  #grow(): void {
    const size = this.#node.length * 2;
    const keyM = new Float64Array(size);
    const keyR = new Float64Array(size);
    const node = new Int32Array(size);
    keyM.set(this.#keyM);
    keyR.set(this.#keyR);
    node.set(this.#node);
    this.#keyM = keyM;
    this.#keyR = keyR;
    this.#node = node;
  }
}
