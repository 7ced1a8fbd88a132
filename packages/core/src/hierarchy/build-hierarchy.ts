import Flatbush from "flatbush";
import { type Issue, issue } from "../errors/issue.js";
import { boundaryBBox } from "../geo/bbox.js";
import { boundariesOverlap, boundaryWithin } from "../geo/boundary-relations.js";
import { type AdminUnit, levelDepth } from "../model/admin-unit.js";
import { Hierarchy } from "./hierarchy.js";

/** Options of {@link buildHierarchy}. */
export interface BuildHierarchyOptions {
  /** The file the units came from, copied into each issue. */
  file?: string;
  /** The JSON pointer of the units array in that file. @default "/units" */
  pointer?: string;
  /** Check boundaries: children within parents, no overlapping siblings or grids. @default true */
  geometry?: boolean;
}

/** The result of {@link buildHierarchy}: the tree (built as far as the data allows) and every problem. */
export interface BuildHierarchyResult {
  hierarchy: Hierarchy;
  issues: Issue[];
}

/**
 * Builds the hierarchy from units and checks it, reporting every problem at once: duplicate
 * codes, unknown parents, cycles, a level out of order, more than one root, a child whose
 * boundary leaves its parent's, and overlapping boundaries of siblings or of any two grids.
 */
export function buildHierarchy(
  units: readonly AdminUnit[],
  options: BuildHierarchyOptions = {},
): BuildHierarchyResult {
  const base = options.pointer ?? "/units";
  const file = options.file;
  const issues: Issue[] = [];
  const at = (i: number, ...path: string[]) => [base, String(i), ...path].join("/");
  const index = new Map<string, number>();

  units.forEach((u, i) => {
    const first = index.get(u.code);
    if (first !== undefined) {
      issues.push(
        issue(
          "hierarchy.duplicate_code",
          at(i, "code"),
          `代码 ${u.code} 重复，已在 ${at(first)} 使用`,
          `duplicate code ${u.code}, already used at ${at(first)}`,
          file,
        ),
      );
    } else index.set(u.code, i);
  });

  const roots: number[] = [];
  units.forEach((u, i) => {
    if (index.get(u.code) !== i) return;
    if (u.parent === undefined) {
      roots.push(i);
      return;
    }
    const pi = index.get(u.parent);
    if (pi === undefined) {
      issues.push(
        issue(
          "hierarchy.unknown_parent",
          at(i, "parent"),
          `上级单元 ${u.parent} 不存在`,
          `parent ${u.parent} does not exist`,
          file,
        ),
      );
      return;
    }
    const parent = units[pi]!;
    if (levelDepth(parent.level) !== levelDepth(u.level) - 1) {
      issues.push(
        issue(
          "hierarchy.level_order",
          at(i, "level"),
          `层级错误：${u.level} 的上级应为其上一级，但 ${parent.code} 是 ${parent.level}`,
          `level out of order: a ${u.level} must sit directly below the level above it, but parent ${parent.code} is a ${parent.level}`,
          file,
        ),
      );
    }
  });

  for (const i of findCycles(units, index)) {
    const cycle = cycleFrom(units, index, i);
    issues.push(
      issue(
        "hierarchy.cycle",
        at(i, "parent"),
        `上级关系形成环：${cycle.join(" → ")}`,
        `parents form a cycle: ${cycle.join(" → ")}`,
        file,
      ),
    );
  }

  if (roots.length > 1) {
    for (const i of roots.slice(1)) {
      issues.push(
        issue(
          "hierarchy.multiple_roots",
          at(i),
          `只能有一个顶层单元，${units[i]!.code} 没有上级（顶层为 ${units[roots[0]!]!.code}）`,
          `there must be one root, but ${units[i]!.code} has no parent too (root is ${units[roots[0]!]!.code})`,
          file,
        ),
      );
    }
  } else if (roots.length === 0 && units.length > 0) {
    issues.push(
      issue(
        "hierarchy.no_root",
        base,
        "没有顶层单元（所有单元都有上级）",
        "no root: every unit has a parent",
        file,
      ),
    );
  }

  if (options.geometry !== false) issues.push(...checkGeometry(units, index, at, file));
  return { hierarchy: new Hierarchy(units), issues };
}

/** Indexes of units on a parent cycle, one per cycle (the lowest index). */
function findCycles(units: readonly AdminUnit[], index: Map<string, number>): number[] {
  const state = new Uint8Array(units.length); // 0 new, 1 on the current walk, 2 done
  const out: number[] = [];
  for (let start = 0; start < units.length; start++) {
    if (state[start] !== 0 || index.get(units[start]!.code) !== start) continue;
    const walk: number[] = [];
    let i: number | undefined = start;
    while (i !== undefined && state[i] === 0) {
      state[i] = 1;
      walk.push(i);
      const p: string | undefined = units[i]!.parent;
      i = p === undefined ? undefined : index.get(p);
    }
    if (i !== undefined && state[i] === 1) {
      const cycle = walk.slice(walk.indexOf(i));
      out.push(Math.min(...cycle));
    }
    for (const w of walk) state[w] = 2;
  }
  return out;
}

function cycleFrom(units: readonly AdminUnit[], index: Map<string, number>, start: number): string[] {
  const out = [units[start]!.code];
  let i = index.get(units[start]!.parent!);
  while (i !== undefined && i !== start && out.length <= units.length) {
    out.push(units[i]!.code);
    i = index.get(units[i]!.parent!);
  }
  out.push(units[start]!.code);
  return out;
}

function checkGeometry(
  units: readonly AdminUnit[],
  index: Map<string, number>,
  at: (i: number, ...path: string[]) => string,
  file: string | undefined,
): Issue[] {
  const issues: Issue[] = [];
  const siblings = new Map<string, number[]>();
  units.forEach((u, i) => {
    if (!u.boundary || index.get(u.code) !== i) return;
    const pi = u.parent === undefined ? undefined : index.get(u.parent);
    const parent = pi === undefined ? undefined : units[pi];
    if (parent?.boundary && !boundaryWithin(u.boundary, parent.boundary)) {
      issues.push(
        issue(
          "geo.outside_parent",
          at(i, "boundary"),
          `${u.code} 的边界超出上级 ${parent.code} 的边界`,
          `the boundary of ${u.code} leaves the boundary of its parent ${parent.code}`,
          file,
        ),
      );
    }
    // Grids are checked against every other grid below; other levels against their siblings.
    if (u.level === "grid") return;
    const key = u.parent ?? "";
    let list = siblings.get(key);
    if (!list) siblings.set(key, (list = []));
    list.push(i);
  });
  const grids = units.flatMap((u, i) =>
    u.level === "grid" && u.boundary && index.get(u.code) === i ? [i] : [],
  );
  for (const group of [...siblings.values(), grids]) issues.push(...overlaps(units, group, at, file));
  return issues;
}

function overlaps(
  units: readonly AdminUnit[],
  group: number[],
  at: (i: number, ...path: string[]) => string,
  file: string | undefined,
): Issue[] {
  if (group.length < 2) return [];
  const tree = new Flatbush(group.length);
  const boxes = group.map((i) => boundaryBBox(units[i]!.boundary!));
  for (const b of boxes) tree.add(b[0], b[1], b[2], b[3]);
  tree.finish();
  const issues: Issue[] = [];
  group.forEach((i, k) => {
    const b = boxes[k]!;
    for (const m of tree.search(b[0], b[1], b[2], b[3])) {
      if (m <= k) continue;
      const j = group[m]!;
      const a = units[i]!;
      const c = units[j]!;
      if (boundariesOverlap(a.boundary!, c.boundary!)) {
        issues.push(
          issue(
            "geo.overlap",
            at(j, "boundary"),
            `${c.code} 的边界与 ${a.code}（${at(i)}）重叠`,
            `the boundary of ${c.code} overlaps ${a.code} (${at(i)})`,
            file,
          ),
        );
      }
    }
  });
  return issues;
}
