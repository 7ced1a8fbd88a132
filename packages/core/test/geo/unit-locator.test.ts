import { describe, expect, it } from "vitest";
import { UnitLocator } from "../../src/geo/unit-locator.js";
import { jitteredTiling, rect, unit } from "./fixtures.js";

// City 0..10 × 0..10 (scaled by 0.01° near Tongchuan); one district; a street on the west half;
// a community in its south-west quarter; 2 × 2 grids covering the community's south-west 0.02°.
const at = (x: number, y: number): [number, number] => [109 + x * 0.01, 35 + y * 0.01];
const box = (x0: number, y0: number, x1: number, y1: number) => rect(...at(x0, y0), ...at(x1, y1));
const cells = jitteredTiling({ columns: 2, rows: 2, seed: 7, origin: at(0, 0) }).flat();
const units = [
  unit("610200", "city", box(0, 0, 10, 10)),
  unit("610202", "district", box(0, 0, 10, 10), "610200"),
  unit("610202001", "street", box(0, 0, 5, 10), "610202"),
  unit("610202001001", "community", box(0, 0, 5, 5), "610202001"),
  unit("610202001001-4", "grid", cells[3], "610202001001"),
  unit("610202001001-2", "grid", cells[1], "610202001001"),
  unit("610202001001-1", "grid", cells[0], "610202001001"),
  unit("610202001001-3", "grid", cells[2], "610202001001"),
  // No boundary: not indexed.
  unit("610202001002", "community", undefined, "610202001"),
];

describe("UnitLocator", () => {
  const locator = new UnitLocator(units);

  it("indexes only units with a boundary", () => {
    expect(locator.count("grid")).toBe(4);
    expect(locator.count("community")).toBe(1);
  });

  it("finds the grid holding a point", () => {
    const cellCentre = (k: number) => {
      const r = cells[k]!.coordinates[0]!;
      return [(r[0]![0] + r[2]![0]) / 2, (r[0]![1] + r[2]![1]) / 2] as [number, number];
    };
    for (const [k, code] of [
      "610202001001-1",
      "610202001001-2",
      "610202001001-3",
      "610202001001-4",
    ].entries()) {
      const found = locator.locate(cellCentre(k));
      expect(found).toMatchObject({ exact: true, reason: "in-grid" });
      expect(found.unit?.code).toBe(code);
      expect(locator.gridAt(cellCentre(k))?.code).toBe(code);
    }
  });

  it("picks the lowest code on a shared edge or vertex, whatever the input order", () => {
    const centre = cells[0]!.coordinates[0]![2]!;
    const reversed = new UnitLocator([...units].reverse());
    for (const l of [locator, reversed]) {
      const found = l.locate(centre);
      expect(found).toMatchObject({ exact: true, reason: "shared-grid-border" });
      expect(found.unit?.code).toBe("610202001001-1");
      expect(l.gridAt(centre)?.code).toBe("610202001001-1");
      expect(l.gridsAt(centre).map((u) => u.code)).toEqual([
        "610202001001-1",
        "610202001001-2",
        "610202001001-3",
        "610202001001-4",
      ]);
    }
    // On the outer border of a single grid.
    expect(locator.locate(at(0, 0.5))).toMatchObject({ exact: true, reason: "in-grid" });
  });

  it("falls back to the deepest enclosing unit when no grid holds the point", () => {
    expect(locator.locate(at(4, 4))).toMatchObject({
      unit: { code: "610202001001" },
      exact: false,
      reason: "no-grid-here",
    });
    expect(locator.locate(at(4, 8))).toMatchObject({ unit: { code: "610202001" }, reason: "no-grid-here" });
    expect(locator.locate(at(8, 8))).toMatchObject({ unit: { code: "610202" }, reason: "no-grid-here" });
    expect(locator.gridsAt(at(8, 8))).toEqual([]);
    expect(locator.gridAt(at(8, 8))).toBeUndefined();
    expect(locator.unitsAt(at(8, 8), "city").map((u) => u.code)).toEqual(["610200"]);
  });

  it("says when the point is outside every unit", () => {
    expect(locator.locate(at(11, 5))).toEqual({ unit: null, exact: false, reason: "outside-every-unit" });
    expect(new UnitLocator([]).locate(at(1, 1))).toEqual({
      unit: null,
      exact: false,
      reason: "outside-every-unit",
    });
  });
});
