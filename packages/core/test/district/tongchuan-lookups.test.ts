import { type District, loadDistrict, type Position, pointInBoundary } from "@lianxin/core";
import { beforeAll, describe, expect, it } from "vitest";
import { TONGCHUAN_DIR } from "./tongchuan-bundle.js";

let district: District;
beforeAll(async () => {
  district = await loadDistrict(TONGCHUAN_DIR, { geometry: false });
});

describe("look-ups on the Tongchuan district", () => {
  it("finds the grid of the article's resident from her home's location", () => {
    const resident = district.residents.get("res-lingde-0001")!;
    const where = district.locate(resident.location!.coordinates);
    expect(where).toMatchObject({ exact: true, unit: { code: resident.grid, level: "grid" } });
    const path = district.hierarchy.path(resident.grid!).map((u) => u.name.zh);
    expect(path).toEqual(["铜川市", "耀州区", "永安路街道", "邻德社区", expect.stringContaining("邻德社区")]);
  });

  it("locates every grid's own center in that grid", () => {
    for (const grid of district.hierarchy.atLevel("grid")) {
      const where = district.locate(grid.center!.coordinates);
      expect(where.unit?.code).toBe(grid.code);
    }
  });

  it("falls back to the nearest enclosing unit when no grid holds the point, and says so", () => {
    // A point inside a street but outside all of its communities, if the data leaves such gaps.
    const street = district.hierarchy.atLevel("street")[0]!;
    const ring = (street.boundary as { coordinates: Position[][] }).coordinates[0]!;
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    let gap: Position | undefined;
    for (let i = 1; i < 200 && !gap; i++) {
      for (let j = 1; j < 200 && !gap; j++) {
        const p: Position = [
          Math.min(...xs) + ((Math.max(...xs) - Math.min(...xs)) * i) / 200,
          Math.min(...ys) + ((Math.max(...ys) - Math.min(...ys)) * j) / 200,
        ];
        if (pointInBoundary(p, street.boundary!) === "inside" && district.locate(p).exact === false) gap = p;
      }
    }
    expect(gap, "the Tongchuan streets leave room between communities").toBeDefined();
    const where = district.locate(gap!);
    expect(where.exact).toBe(false);
    expect(where.reason).toBe("no-grid-here");
    expect(where.unit?.level).toMatch(/street|community/);
  });

  it("says when a point is outside every unit", () => {
    expect(district.locate([116.39, 39.9])).toEqual({
      unit: null,
      exact: false,
      reason: "outside-every-unit",
    });
  });

  it("maps a room's address code to its building's grid", () => {
    expect(district.gridForAddress("610204001003-007-B01-0302")?.code).toBe("610204001003-007");
    expect(district.gridForAddress("610204001003-007-B01")?.code).toBe("610204001003-007");
    expect(district.gridForAddress("999999-B01")).toBeUndefined();
  });

  it("maps a departmental grid to the comprehensive grid that absorbed it", () => {
    const grid = district.grids.get("610202001001-001")!;
    for (const m of grid.merged) expect(district.gridForDepartmental(m.domain, m.code)?.code).toBe(grid.code);
    expect(grid.merged).toHaveLength(12);
    expect(district.gridForDepartmental("civil-affairs", "ZF-0001")).toBeUndefined();
  });

  it("answers subtree and ancestor queries", () => {
    const community = district.hierarchy.atLevel("community").find((u) => u.name.zh === "邻德社区")!;
    const subtree = district.hierarchy.subtree(community.code);
    expect(subtree[0]).toBe(community);
    expect(subtree.slice(1).every((u) => u.level === "grid" && u.parent === community.code)).toBe(true);
    expect(district.hierarchy.ancestorAt(subtree[1]!.code, "district")?.name.zh).toBe("耀州区");
  });
});
