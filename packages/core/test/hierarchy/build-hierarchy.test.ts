import { buildHierarchy } from "@lianxin/core";
import { describe, expect, it } from "vitest";
import { miniUnits, rect, unit } from "../fixtures/rect.js";

const codes = (units = miniUnits()) => buildHierarchy(units).issues.map((i) => [i.code, i.pointer]);

describe("buildHierarchy", () => {
  it("accepts a well-formed hierarchy and answers look-ups", () => {
    const { hierarchy, issues } = buildHierarchy(miniUnits());
    expect(issues).toEqual([]);
    expect(hierarchy.size).toBe(10);
    expect(hierarchy.ancestors("610204001001-003").map((u) => u.level)).toEqual([
      "community",
      "street",
      "district",
      "city",
    ]);
    expect(hierarchy.path("610204001001-003").map((u) => u.code)).toEqual([
      "610200000000",
      "610204000000",
      "610204001000",
      "610204001001",
      "610204001001-003",
    ]);
    expect(hierarchy.subtree("610204001001").map((u) => u.code)).toEqual([
      "610204001001",
      "610204001001-001",
      "610204001001-002",
      "610204001001-003",
      "610204001001-004",
    ]);
    expect(hierarchy.ancestorAt("610204001002-001", "street")?.code).toBe("610204001000");
    expect(hierarchy.isWithin("610204001002-001", "610204000000")).toBe(true);
    expect(hierarchy.isWithin("610204001002-001", "610204001001")).toBe(false);
    expect(hierarchy.unit("nope")).toBeUndefined();
    expect(hierarchy.subtree("nope")).toEqual([]);
    expect(hierarchy.countByLevel()).toEqual({ city: 1, district: 1, street: 1, community: 2, grid: 5 });
  });

  it("reports a duplicate code at the second occurrence", () => {
    const units = miniUnits();
    units[5] = { ...units[5]!, code: "610204001001-001" };
    expect(codes(units)).toContainEqual(["hierarchy.duplicate_code", "/units/5/code"]);
  });

  it("reports an unknown parent", () => {
    const units = miniUnits();
    units[9] = { ...units[9]!, parent: "610204001099" };
    expect(codes(units)).toContainEqual(["hierarchy.unknown_parent", "/units/9/parent"]);
  });

  it("reports a level out of order", () => {
    const units = miniUnits();
    units[4] = { ...units[4]!, parent: "610204001000" }; // a grid directly under a street
    expect(codes(units)).toContainEqual(["hierarchy.level_order", "/units/4/level"]);
  });

  it("reports a cycle once, naming its members, without hanging", () => {
    const units = miniUnits();
    units[0] = { ...units[0]!, parent: "610204001000" }; // city → street → district → city
    const found = buildHierarchy(units).issues.filter((i) => i.code === "hierarchy.cycle");
    expect(found).toHaveLength(1);
    expect(found[0]!.pointer).toBe("/units/0/parent");
    expect(found[0]!.message.en).toContain("610204001000");
    expect(found[0]!.message["zh-CN"]).toContain("环");
  });

  it("reports a second root", () => {
    const units = [...miniUnits(), unit("610300000000", "city", undefined, [120, 30, 121, 31])];
    expect(codes(units)).toContainEqual(["hierarchy.multiple_roots", "/units/10"]);
  });

  it("reports a grid outside its community's boundary", () => {
    const units = miniUnits();
    units[9] = { ...units[9]!, boundary: rect(109.0, 34.9, 109.2, 35.0) };
    expect(codes(units)).toContainEqual(["geo.outside_parent", "/units/9/boundary"]);
  });

  it("reports overlapping grids, but not grids that only share an edge", () => {
    const units = miniUnits();
    units[5] = { ...units[5]!, boundary: rect(108.94, 34.9, 109.0, 34.95) };
    expect(codes(units)).toEqual([["geo.overlap", "/units/5/boundary"]]);
  });

  it("reports overlapping grids in different communities", () => {
    const units = miniUnits();
    // The grid leaves its community and overlaps the neighbouring community's grid.
    units[7] = { ...units[7]!, boundary: rect(108.95, 34.95, 109.02, 35.0) };
    expect(codes(units)).toEqual(
      expect.arrayContaining([
        ["geo.outside_parent", "/units/7/boundary"],
        ["geo.overlap", "/units/9/boundary"],
      ]),
    );
  });

  it("reports every problem at once", () => {
    const units = miniUnits();
    units[5] = { ...units[5]!, code: "610204001001-001" };
    units[9] = { ...units[9]!, parent: "610204001099" };
    units[2] = { ...units[2]!, level: "community" };
    expect(codes(units).map(([c]) => c)).toEqual(
      expect.arrayContaining([
        "hierarchy.duplicate_code",
        "hierarchy.unknown_parent",
        "hierarchy.level_order",
      ]),
    );
  });

  it("messages come in zh-CN and en", () => {
    const units = miniUnits();
    units[9] = { ...units[9]!, parent: "610204001099" };
    const [found] = buildHierarchy(units).issues;
    expect(found!.message["zh-CN"]).toMatch(/上级单元 610204001099 不存在/);
    expect(found!.message.en).toMatch(/parent 610204001099 does not exist/);
  });
});
