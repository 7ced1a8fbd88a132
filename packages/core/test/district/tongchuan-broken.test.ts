import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkDistrict, districtFromFiles, type Issue, LianxinError, loadDistrict } from "@lianxin/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TONGCHUAN_DIR, tongchuanFiles } from "./tongchuan-bundle.js";

type Unit = { code: string; level: string; parent?: string; boundary?: any };

const problems = (files: Record<string, unknown>, geometry = false): [string, string | undefined, string][] =>
  districtFromFiles(files, { geometry }).issues.map((i: Issue) => [i.code, i.file, i.pointer]);

function find(units: Unit[], pred: (u: Unit) => boolean): [number, Unit] {
  const i = units.findIndex(pred);
  return [i, units[i]!];
}

describe("the Tongchuan bundle, broken by hand, fails with the right pointers", () => {
  it("is valid as shipped", () => {
    expect(problems(tongchuanFiles(), true)).toEqual([]);
  });

  it("a cycle in the parents", () => {
    const files = tongchuanFiles();
    const units: Unit[] = files["hierarchy.json"].units;
    const [si, street] = find(units, (u) => u.level === "street");
    const [, community] = find(units, (u) => u.parent === street.code && u.level === "community");
    street.parent = community.code; // street → community → street
    const found = problems(files);
    const cycle = found.filter(([c]) => c === "hierarchy.cycle");
    expect(cycle).toHaveLength(1);
    const ci = units.indexOf(community);
    expect(cycle[0]![2]).toBe(`/units/${Math.min(si, ci)}/parent`);
    expect(found).toContainEqual(["hierarchy.level_order", "hierarchy.json", `/units/${si}/level`]);
  });

  it("an unknown parent", () => {
    const files = tongchuanFiles();
    const units: Unit[] = files["hierarchy.json"].units;
    const [i, grid] = find(units, (u) => u.level === "grid");
    grid.parent = "610299999999";
    expect(problems(files)).toContainEqual([
      "hierarchy.unknown_parent",
      "hierarchy.json",
      `/units/${i}/parent`,
    ]);
  });

  it("a level out of order", () => {
    const files = tongchuanFiles();
    const units: Unit[] = files["hierarchy.json"].units;
    const [i, community] = find(units, (u) => u.level === "community");
    community.level = "street";
    expect(problems(files)).toContainEqual(["hierarchy.level_order", "hierarchy.json", `/units/${i}/level`]);
  });

  it("a duplicate code", () => {
    const files = tongchuanFiles();
    const units: Unit[] = files["hierarchy.json"].units;
    const grids = units.map((u, i) => [u, i] as const).filter(([u]) => u.level === "grid");
    const [a] = grids[0]!;
    const [b, bi] = grids[1]!;
    b.code = a.code;
    expect(problems(files)).toContainEqual([
      "hierarchy.duplicate_code",
      "hierarchy.json",
      `/units/${bi}/code`,
    ]);
  });

  it("a grid outside its community's boundary", () => {
    const files = tongchuanFiles();
    const units: Unit[] = files["hierarchy.json"].units;
    const [i, grid] = find(units, (u) => u.level === "grid");
    grid.boundary.coordinates = grid.boundary.coordinates.map((ring: number[][]) =>
      ring.map(([x, y]) => [x! + 0.5, y!]),
    );
    expect(problems(files, true)).toContainEqual([
      "geo.outside_parent",
      "hierarchy.json",
      `/units/${i}/boundary`,
    ]);
  });

  it("overlapping grid boundaries", () => {
    const files = tongchuanFiles();
    const units: Unit[] = files["hierarchy.json"].units;
    const [gi, grid] = find(units, (u) => u.level === "grid");
    const [oi, other] = find(units, (u) => u.level === "grid" && u.parent === grid.parent && u !== grid);
    other.boundary = structuredClone(grid.boundary);
    const found = problems(files, true);
    expect(found).toContainEqual(["geo.overlap", "hierarchy.json", `/units/${Math.max(gi, oi)}/boundary`]);
    expect(found.every(([c]) => c === "geo.overlap")).toBe(true);
  });

  it("a misspelt key, a wrong type and an unknown enum value", () => {
    const files = tongchuanFiles();
    files["resources.json"].resources[3].capacity.maks = 4;
    files["resources.json"].resources[4].capacity.max = "four";
    files["hierarchy.json"].units[1].level = "county";
    const found = problems(files);
    expect(found).toContainEqual(["schema.unrecognized_key", "resources.json", "/resources/3/capacity/maks"]);
    expect(found).toContainEqual(["schema.invalid_type", "resources.json", "/resources/4/capacity/max"]);
    expect(found).toContainEqual(["schema.invalid_value", "hierarchy.json", "/units/1/level"]);
  });

  it("references to things that do not exist", () => {
    const files = tongchuanFiles();
    files["resources.json"].resources[0].capabilities.push("teleportation");
    files["grids.json"].grids[0].merged[0].domain = "space-agency";
    files["grids.json"].grids[1].staff[0].resource = "res-nobody";
    files["services.json"].items[0].deadlinePolicy = "sla-never";
    files["district.json"].calendar = "cal-nowhere";
    const n = files["resources.json"].resources[0].capabilities.length - 1;
    const found = problems(files);
    expect(found).toEqual(
      expect.arrayContaining([
        ["resource.unknown_capability", "resources.json", `/resources/0/capabilities/${n}`],
        ["grid.unknown_domain", "grids.json", "/grids/0/merged/0/domain"],
        ["grid.unknown_resource", "grids.json", "/grids/1/staff/0/resource"],
        ["service.unknown_deadline_policy", "services.json", "/items/0/deadlinePolicy"],
        ["district.unknown_calendar", "district.json", "/calendar"],
      ]),
    );
  });

  it("a missing required file", () => {
    const files: Record<string, unknown> = tongchuanFiles();
    delete files["domains.json"];
    expect(problems(files)).toContainEqual(["io.missing_file", "domains.json", ""]);
  });
});

describe("checkDistrict and loadDistrict on a folder", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lianxin-broken-"));
    await cp(TONGCHUAN_DIR, dir, { recursive: true, filter: (src) => !src.includes("node_modules") });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reports invalid JSON with its line and column", async () => {
    const text = await readFile(join(dir, "domains.json"), "utf8");
    const lines = text.split("\n");
    lines.splice(3, 0, "  oops");
    await writeFile(join(dir, "domains.json"), lines.join("\n"));
    const { district, issues } = await checkDistrict(dir);
    expect(district).toBeUndefined();
    const syntax = issues.find((i) => i.code === "json.syntax")!;
    expect(syntax.file).toBe("domains.json");
    expect(syntax.line).toBe(4);
    expect(syntax.column).toBe(3);
    await writeFile(join(dir, "domains.json"), text);
  });

  it("gives pointer issues a line and column in the file", async () => {
    const path = join(dir, "hierarchy.json");
    const text = await readFile(path, "utf8");
    await writeFile(path, text.replace('"level":"grid"', '"level":"gird"'));
    const { issues } = await checkDistrict(dir, { geometry: false });
    const bad = issues.find((i) => i.code === "schema.invalid_value")!;
    expect(bad.pointer).toMatch(/^\/units\/\d+\/level$/);
    const lineText = (await readFile(path, "utf8")).split("\n")[bad.line! - 1]!;
    expect(lineText.slice(bad.column! - 1)).toMatch(/^"gird"/);
    await writeFile(path, text);
  });

  it("loadDistrict throws a LianxinError with every issue", async () => {
    const err = await loadDistrict(join(dir, "nope")).catch((e: unknown) => e);
    expect(LianxinError.is(err)).toBe(true);
    expect((err as LianxinError).code).toBe("district.invalid");
    expect((err as LianxinError).issues.map((i) => i.code)).toEqual(["io.not_a_folder"]);
  });
});
