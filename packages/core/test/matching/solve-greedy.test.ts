import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { solveGreedy } from "../../src/matching/solve-greedy.js";
import { feasibilityErrors, problemOf, smallProblem } from "./fixtures.js";

describe("solveGreedy", () => {
  it("serves tasks in input order, each taking the cheapest agent left", () => {
    const problem = problemOf(
      [1, 1, 1],
      [1, 1],
      [
        [0, 0, -10],
        [0, 1, -9],
        [1, 0, -10],
        [1, 1, -1],
        [2, 1, -8],
      ],
    );
    const result = solveGreedy(problem);
    expect(result.assignments).toEqual([
      { task: 0, agent: 0, cost: -10 },
      { task: 1, agent: 1, cost: -1 },
    ]);
    expect(result.unassigned).toEqual([2]);
    expect(result.totalCost).toBe(-11);
  });

  it("gives a task of demand 2 its two cheapest distinct agents", () => {
    const problem = problemOf(
      [2, 1],
      [1, 1, 1],
      [
        [0, 2, -3],
        [0, 0, -1],
        [0, 1, -5],
        [0, 1, -4],
        [1, 1, -100],
      ],
    );
    const result = solveGreedy(problem);
    expect(result.assignments).toEqual([
      { task: 0, agent: 2, cost: -3 },
      { task: 0, agent: 1, cost: -5 },
    ]);
    expect(result.unassigned).toEqual([1]);
  });

  it("breaks cost ties towards the lower agent index", () => {
    const problem = problemOf(
      [1],
      [1, 1, 1],
      [
        [0, 2, -1],
        [0, 1, -1],
      ],
    );
    expect(solveGreedy(problem).assignments).toEqual([{ task: 0, agent: 1, cost: -1 }]);
  });

  it("skips agents without capacity and leaves a slot when it costs more than unassignedCost", () => {
    const problem = problemOf(
      [1, { demand: 2, unassignedCost: 4 }],
      [0, 3, 3],
      [
        [0, 0, -10],
        [0, 1, 2],
        [1, 1, 4],
        [1, 2, 5],
      ],
    );
    const result = solveGreedy(problem);
    expect(result.assignments).toEqual([
      { task: 0, agent: 1, cost: 2 },
      { task: 1, agent: 1, cost: 4 },
    ]);
    expect(result.unassigned).toEqual([1]);
  });

  it("is always feasible and deterministic", () => {
    fc.assert(
      fc.property(smallProblem({ withUnassignedCost: true, maxEdges: 20 }), (problem) => {
        const result = solveGreedy(problem);
        expect(feasibilityErrors(problem, result)).toEqual([]);
        expect(solveGreedy(structuredClone(problem))).toEqual(result);
      }),
      { numRuns: 300 },
    );
  });
});
