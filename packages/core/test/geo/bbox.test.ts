import { describe, expect, it } from "vitest";
import {
  bboxContains,
  bboxContainsPoint,
  bboxIntersection,
  bboxIntersects,
  boundaryBBox,
} from "../../src/geo/bbox.js";
import type { MultiPolygon } from "../../src/model/geo-json.js";
import { rect } from "./fixtures.js";

describe("bbox", () => {
  it("spans every part of a boundary", () => {
    const multi: MultiPolygon = {
      type: "MultiPolygon",
      coordinates: [rect(109, 35, 109.1, 35.1).coordinates, rect(108.9, 35.05, 109.05, 35.2).coordinates],
    };
    expect(boundaryBBox(rect(1, 2, 3, 4))).toEqual([1, 2, 3, 4]);
    expect(boundaryBBox(multi)).toEqual([108.9, 35, 109.1, 35.2]);
  });

  it("tells containment and intersection, touching included unless strict", () => {
    expect(bboxContainsPoint([0, 0, 2, 2], [2, 1])).toBe(true);
    expect(bboxContainsPoint([0, 0, 2, 2], [2.1, 1])).toBe(false);
    expect(bboxContains([0, 0, 2, 2], [0, 0, 1, 2])).toBe(true);
    expect(bboxContains([0, 0, 2, 2], [0, 0, 1, 2.5])).toBe(false);
    expect(bboxContains([0, 0, 2, 2], [0, 0, 1, 2.5], 0.5)).toBe(true);
    expect(bboxIntersects([0, 0, 2, 2], [2, 0, 3, 2])).toBe(true);
    expect(bboxIntersects([0, 0, 2, 2], [2, 0, 3, 2], true)).toBe(false);
    expect(bboxIntersects([0, 0, 2, 2], [1, 1, 3, 3], true)).toBe(true);
    expect(bboxIntersects([0, 0, 2, 2], [3, 0, 4, 2])).toBe(false);
    expect(bboxIntersection([0, 0, 2, 2], [1, -1, 3, 1])).toEqual([1, 0, 2, 1]);
    expect(bboxIntersection([0, 0, 2, 2], [3, 0, 4, 2])).toBeNull();
  });
});
