import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LianxinError } from "../../src/errors/lianxin-error.js";
import {
  type AssignmentProblem,
  assignmentObjective,
  validateAssignmentProblem,
} from "../../src/matching/assignment-problem.js";
import { solveGreedy } from "../../src/matching/solve-greedy.js";
import { solveAssignment } from "../../src/matching/solve-min-cost-flow.js";
import {
  bruteForceOptimum,
  feasibilityErrors,
  negativeCycle,
  problemOf,
  randomProblem,
  smallProblem,
} from "./fixtures.js";

/** True when objective `a` is at least as good as `b`, allowing rounding in the cost. */
function noWorse(
  a: { unfilledRequired: number; cost: number },
  b: { unfilledRequired: number; cost: number },
) {
  return (
    a.unfilledRequired < b.unfilledRequired ||
    (a.unfilledRequired === b.unfilledRequired && a.cost <= b.cost + 1e-9 * (1 + Math.abs(b.cost)))
  );
}

function pairs(problem: AssignmentProblem) {
  return solveAssignment(problem).assignments.map(({ task, agent }) => [task, agent]);
}

describe("solveAssignment", () => {
  it("beats one-at-a-time greedy on cost", () => {
    // Greedy gives t0 its favourite a0 and leaves t1 with the poor a1.
    const problem = problemOf(
      [1, 1],
      [1, 1],
      [
        [0, 0, -10],
        [0, 1, -9],
        [1, 0, -10],
        [1, 1, -1],
      ],
    );
    const greedy = solveGreedy(problem);
    expect(greedy.totalCost).toBe(-11);
    const optimal = solveAssignment(problem);
    expect(optimal.assignments).toEqual([
      { task: 0, agent: 1, cost: -9 },
      { task: 1, agent: 0, cost: -10 },
    ]);
    expect(optimal.totalCost).toBe(-19);
    expect(optimal.unassigned).toEqual([]);
  });

  it("beats one-at-a-time greedy on the number of slots filled", () => {
    // t1 can only use a0, which greedy gives to t0.
    const problem = problemOf(
      [1, 1],
      [1, 1],
      [
        [0, 0, -10],
        [0, 1, -1],
        [1, 0, -5],
      ],
    );
    expect(solveGreedy(problem).unassigned).toEqual([1]);
    const optimal = solveAssignment(problem);
    expect(optimal.unassigned).toEqual([]);
    expect(optimal.totalCost).toBe(-6);
  });

  it("fills the most slots before saving cost", () => {
    // Taking the -100 edge would leave t1 without an agent.
    const problem = problemOf(
      [1, 1],
      [1, 1],
      [
        [0, 0, -100],
        [0, 1, 0],
        [1, 0, 50],
      ],
    );
    expect(pairs(problem)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it("reports a capacity shortage as unassigned, never exceeding a capacity", () => {
    const problem = problemOf(
      [1, 1, 1, 1],
      [1, 2],
      [
        [0, 0, -5],
        [0, 1, -1],
        [1, 0, -4],
        [1, 1, -3],
        [2, 0, -9],
        [2, 1, -2],
        [3, 1, -6],
      ],
    );
    const result = solveAssignment(problem);
    expect(feasibilityErrors(problem, result)).toEqual([]);
    expect(result.assignments).toHaveLength(3);
    // Best: t2→a0 (-9), t3→a1 (-6), t1→a1 (-3), leaving t0 (whose a1 edge is the worst).
    expect(result.unassigned).toEqual([0]);
    expect(result.totalCost).toBe(-18);
    expect(bruteForceOptimum(problem)).toEqual([1, -18]);
  });

  it("gives a task of demand 2 two different agents", () => {
    const problem = problemOf(
      [2],
      [5, 5, 5],
      [
        [0, 0, -10],
        [0, 0, -10],
        [0, 1, -1],
        [0, 2, -3],
      ],
    );
    expect(pairs(problem)).toEqual([
      [0, 0],
      [0, 2],
    ]);
    // One agent, listed twice, still gives only one slot.
    const single = problemOf(
      [2],
      [5],
      [
        [0, 0, -10],
        [0, 0, -12],
      ],
    );
    const result = solveAssignment(single);
    expect(result.assignments).toEqual([{ task: 0, agent: 0, cost: -12 }]);
    expect(result.unassigned).toEqual([0]);
  });

  it("handles no edges, no tasks and no agents", () => {
    expect(solveAssignment(problemOf([1, 2], [3], []))).toEqual({
      assignments: [],
      unassigned: [0, 1, 1],
      totalCost: 0,
    });
    expect(solveAssignment(problemOf([], [], []))).toEqual({ assignments: [], unassigned: [], totalCost: 0 });
    expect(solveAssignment(problemOf([1], [], [])).unassigned).toEqual([0]);
  });

  it("never uses agents without capacity, and skips tasks without demand", () => {
    const problem = problemOf(
      [1, 0, 1],
      [0, 0, 1],
      [
        [0, 0, -100],
        [0, 1, -100],
        [1, 2, -100],
        [2, 0, -100],
        [2, 2, -1],
      ],
    );
    const result = solveAssignment(problem);
    expect(result.assignments).toEqual([{ task: 2, agent: 2, cost: -1 }]);
    expect(result.unassigned).toEqual([0]);
  });

  it("leaves a slot unfilled when that costs less than filling it", () => {
    const withEdge = (cost: number) => problemOf([{ demand: 1, unassignedCost: 5 }], [1], [[0, 0, cost]]);
    expect(solveAssignment(withEdge(7)).unassigned).toEqual([0]);
    // Equal: filling is preferred.
    expect(solveAssignment(withEdge(5)).unassigned).toEqual([]);
    expect(solveAssignment(withEdge(3)).unassigned).toEqual([]);
  });

  it("moves an agent to the task whose slot is worth more, whatever the input order", () => {
    // t0 only gains 1 by its slot, t1 gains 10: t1 takes a0 although t0 came first.
    const problem = problemOf(
      [
        { demand: 1, unassignedCost: 0 },
        { demand: 1, unassignedCost: 0 },
      ],
      [1],
      [
        [0, 0, -1],
        [1, 0, -10],
      ],
    );
    expect(pairs(problem)).toEqual([[1, 0]]);
    // A task without unassignedCost is filled before any other, however costly.
    const required = problemOf(
      [{ demand: 1, unassignedCost: 1000 }, 1],
      [1],
      [
        [0, 0, -50],
        [1, 0, 50],
      ],
    );
    const result = solveAssignment(required);
    expect(result.assignments).toEqual([{ task: 1, agent: 0, cost: 50 }]);
    expect(assignmentObjective(required, result)).toEqual({ unfilledRequired: 0, cost: 1050 });
  });

  it("breaks ties the same way every time, towards lower indexes", () => {
    const problem = problemOf(
      [1, 1],
      [1, 1, 1],
      [
        [0, 2, -1],
        [0, 1, -1],
        [0, 0, -1],
        [1, 2, -1],
        [1, 1, -1],
        [1, 0, -1],
      ],
    );
    const first = solveAssignment(problem);
    expect(first.assignments.map((a) => a.agent)).toEqual([0, 1]);
    expect(solveAssignment(structuredClone(problem))).toEqual(first);
  });

  it("rejects invalid problems with the issues", () => {
    const problem = problemOf(
      [1.5, -1],
      [-2],
      [
        [0, 3, 1],
        [2, 0, Number.NaN],
      ],
    );
    expect(validateAssignmentProblem(problem).map((i) => i.pointer)).toEqual([
      "/tasks/0/demand",
      "/tasks/1/demand",
      "/agents/0/capacity",
      "/edges/0/agent",
      "/edges/1/task",
      "/edges/1/cost",
    ]);
    expect(() => solveAssignment(problem)).toThrow(LianxinError);
    try {
      solveGreedy(problem);
      expect.unreachable();
    } catch (error) {
      expect(LianxinError.is(error) && error.code).toBe("matching.invalid");
    }
    expect(
      validateAssignmentProblem({
        tasks: [{ id: "t", demand: 1, unassignedCost: Number.POSITIVE_INFINITY }],
        agents: [],
        edges: [],
      }),
    ).toHaveLength(1);
  });

  it("is feasible and matches a brute-force optimum on small problems", () => {
    fc.assert(
      fc.property(smallProblem(), (problem) => {
        const result = solveAssignment(problem);
        expect(feasibilityErrors(problem, result)).toEqual([]);
        const objective = assignmentObjective(problem, result);
        const [unfilled, cost] = bruteForceOptimum(problem);
        expect(objective.unfilledRequired).toBe(unfilled);
        expect(objective.cost).toBe(cost);
      }),
      { numRuns: 400 },
    );
  });

  it("matches a brute-force optimum with unassigned costs and fractional costs", () => {
    fc.assert(
      fc.property(smallProblem({ withUnassignedCost: true, fractional: true }), (problem) => {
        const result = solveAssignment(problem);
        expect(feasibilityErrors(problem, result)).toEqual([]);
        const objective = assignmentObjective(problem, result);
        const [unfilled, cost] = bruteForceOptimum(problem);
        expect(objective.unfilledRequired).toBe(unfilled);
        expect(objective.cost).toBeCloseTo(cost, 9);
      }),
      { numRuns: 400 },
    );
  });

  it("is never worse than greedy", () => {
    fc.assert(
      fc.property(smallProblem({ withUnassignedCost: true }), fc.boolean(), (problem, allRequired) => {
        const p: AssignmentProblem = allRequired
          ? { ...problem, tasks: problem.tasks.map(({ id, demand }) => ({ id, demand })) }
          : problem;
        const optimal = solveAssignment(p);
        const greedy = solveGreedy(p);
        expect(feasibilityErrors(p, greedy)).toEqual([]);
        expect(noWorse(assignmentObjective(p, optimal), assignmentObjective(p, greedy))).toBe(true);
        if (allRequired) {
          expect(optimal.assignments.length).toBeGreaterThanOrEqual(greedy.assignments.length);
          if (optimal.assignments.length === greedy.assignments.length) {
            expect(optimal.totalCost).toBeLessThanOrEqual(greedy.totalCost);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(smallProblem({ withUnassignedCost: true, maxEdges: 20 }), (problem) => {
        expect(solveAssignment(structuredClone(problem))).toEqual(solveAssignment(problem));
      }),
      { numRuns: 200 },
    );
  });

  it("leaves no negative cycle on medium problems", () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          tasks: fc.integer({ min: 1, max: 40 }),
          agents: fc.integer({ min: 1, max: 30 }),
          edges: fc.integer({ min: 0, max: 200 }),
          maxCapacity: fc.integer({ min: 0, max: 4 }),
          optionalShare: fc.constantFrom(0, 0.5, 1),
          integer: fc.boolean(),
        }),
        (options) => {
          const problem = randomProblem({ ...options, pairShare: 0.3 });
          const result = solveAssignment(problem);
          expect(feasibilityErrors(problem, result)).toEqual([]);
          expect(negativeCycle(problem, result)).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });

  it("solves 2,000 tasks × 6,000 agents × 50,000 edges feasibly and optimally", () => {
    const problem = randomProblem({ tasks: 2000, agents: 6000, edges: 50_000, seed: 20260915 });
    const result = solveAssignment(problem);
    expect(feasibilityErrors(problem, result)).toEqual([]);
    expect(result.unassigned).toEqual([]);
    expect(negativeCycle(problem, result)).toBeUndefined();
    const greedy = solveGreedy(problem);
    expect(noWorse(assignmentObjective(problem, result), assignmentObjective(problem, greedy))).toBe(true);
  });

  it("solves a large problem short of capacity feasibly and optimally", () => {
    const problem = randomProblem({
      tasks: 2000,
      agents: 1500,
      edges: 50_000,
      seed: 7,
      maxCapacity: 2,
      optionalShare: 0.3,
    });
    const result = solveAssignment(problem);
    expect(feasibilityErrors(problem, result)).toEqual([]);
    expect(result.unassigned.length).toBeGreaterThan(0);
    expect(negativeCycle(problem, result)).toBeUndefined();
  });
});
