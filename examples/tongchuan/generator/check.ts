/**
 * Cross-reference and geometry checks over the generated files: what the bundle validator will
 * check, run before anything is written. Returns a list of problems (empty when all is well).
 */
import type { AdminUnit, Point, Polygon, Position } from "@lianxin/core";
import { levelDepth } from "@lianxin/core";
import { bbox, inRing, type Rect, ringArea } from "./geometry.js";
import type { BundleData } from "./types.js";

function dupes(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out = new Set<string>();
  for (const v of values) (seen.has(v) ? out : seen).add(v);
  return [...out];
}

function outer(u: AdminUnit): Position[] {
  return (u.boundary as Polygon).coordinates[0]!;
}

/** Runs every check. */
export function checkBundle(f: BundleData): string[] {
  const p: string[] = [];
  const problem = (msg: string) => {
    if (p.length < 50) p.push(msg);
  };
  const units = f.hierarchy.units;
  const byCode = new Map(units.map((u) => [u.code, u]));
  const resources = new Map(f.resources.resources.map((r) => [r.id, r]));
  const addresses = new Map(f.addresses.addresses.map((a) => [a.code, a]));
  const domains = new Set(f.domains.domains.map((d) => d.code));
  const caps = new Set(f.services.capabilities.map((c) => c.code));
  const calendars = new Set(f.policies.calendars.map((c) => c.id));
  const deadlines = new Set(f.policies.deadlines.map((d) => d.id));

  // Unique keys.
  const uniques: [string, string[]][] = [
    ["unit code", units.map((u) => u.code)],
    ["grids.json code", f.grids.grids.map((g) => g.code)],
    ["resource id", f.resources.resources.map((r) => r.id)],
    ["resident id", f.residents.residents.map((r) => r.id)],
    ["address code", f.addresses.addresses.map((a) => a.code)],
    ["domain code", f.domains.domains.map((d) => d.code)],
    ["capability code", f.services.capabilities.map((c) => c.code)],
    ["service item code", f.services.items.map((i) => i.code)],
    ["calendar id", f.policies.calendars.map((c) => c.id)],
    ["deadline policy id", f.policies.deadlines.map((d) => d.id)],
    ["ladder id", f.policies.ladders.map((l) => l.id)],
    ["visit plan id", (f.policies.visitPlans ?? []).map((v) => v.id)],
  ];
  for (const [what, values] of uniques) for (const d of dupes(values)) problem(`duplicate ${what}: ${d}`);

  // District manifest.
  if (byCode.get(f.manifest.root)?.level !== "city")
    problem(`district.json root ${f.manifest.root} is not a city unit`);
  if (!calendars.has(f.manifest.calendar))
    problem(`district.json calendar ${f.manifest.calendar} does not exist`);

  // Hierarchy: parents, levels, geometry.
  const children = new Map<string, AdminUnit[]>();
  for (const u of units) {
    if (u.parent === undefined) {
      if (u.code !== f.manifest.root) problem(`unit ${u.code} has no parent and is not the root`);
    } else {
      const parent = byCode.get(u.parent);
      if (!parent) problem(`unit ${u.code}: parent ${u.parent} does not exist`);
      else if (levelDepth(parent.level) !== levelDepth(u.level) - 1)
        problem(`unit ${u.code}: parent ${u.parent} is not one level up`);
      const list = children.get(u.parent) ?? [];
      list.push(u);
      children.set(u.parent, list);
    }
    if (u.boundary?.type !== "Polygon") {
      problem(`unit ${u.code}: boundary must be a Polygon`);
      continue;
    }
    const ring = outer(u);
    if (ringArea(ring) <= 0) problem(`unit ${u.code}: outer ring is not counter-clockwise`);
    if (!u.center || !inRing(u.center.coordinates, ring))
      problem(`unit ${u.code}: center is not inside the boundary`);
    if (u.office && !resources.has(u.office)) problem(`unit ${u.code}: office ${u.office} does not exist`);
  }
  const within = (pos: Position, r: Rect) => pos[0] >= r.w && pos[0] <= r.e && pos[1] >= r.s && pos[1] <= r.n;
  for (const [parentCode, kids] of children) {
    const parent = byCode.get(parentCode);
    if (!parent?.boundary) continue;
    const pr = bbox(parent.boundary as Polygon);
    // Parents are axis-aligned rectangles (possibly with extra vertices on their sides).
    for (const v of outer(parent))
      if (v[0] !== pr.w && v[0] !== pr.e && v[1] !== pr.s && v[1] !== pr.n)
        problem(`unit ${parentCode}: not a rectangle`);
    for (const k of kids)
      for (const v of outer(k)) if (!within(v, pr)) problem(`unit ${k.code} sticks out of ${parentCode}`);
    if (kids[0]?.level === "grid") {
      // Grids tile their community: areas add up, shared vertices are identical.
      const total = kids.reduce((s, k) => s + ringArea(outer(k)), 0);
      const area = ringArea(outer(parent));
      if (Math.abs(total - area) > area * 1e-9)
        problem(`grids of ${parentCode} do not tile it (${total} vs ${area})`);
      const border = new Set(outer(parent).map((v) => `${v[0]},${v[1]}`));
      for (const k of kids)
        for (const v of outer(k))
          if (
            (v[0] === pr.w || v[0] === pr.e || v[1] === pr.s || v[1] === pr.n) &&
            !border.has(`${v[0]},${v[1]}`)
          )
            problem(`grid ${k.code}: border vertex ${v} is not on the community's ring`);
    } else {
      const rects = kids.map((k) => bbox(k.boundary as Polygon));
      for (let a = 0; a < rects.length; a++)
        for (let b = a + 1; b < rects.length; b++) {
          const x = rects[a]!;
          const y = rects[b]!;
          if (x.w < y.e && y.w < x.e && x.s < y.n && y.s < x.n)
            problem(`units ${kids[a]!.code} and ${kids[b]!.code} overlap`);
        }
    }
  }

  const inside = (pt: Point | undefined, code: string) => {
    const u = byCode.get(code);
    return pt === undefined || (u?.boundary !== undefined && inRing(pt.coordinates, outer(u)));
  };

  // Grids.
  const gridUnits = units.filter((u) => u.level === "grid").map((u) => u.code);
  const gridEntries = new Set(f.grids.grids.map((g) => g.code));
  for (const code of gridUnits)
    if (!gridEntries.has(code)) problem(`grid unit ${code} has no grids.json entry`);
  const deptCodes = new Map<string, string[]>();
  for (const g of f.grids.grids) {
    if (byCode.get(g.code)?.level !== "grid") problem(`grids.json ${g.code} is not a grid unit`);
    for (const d of dupes(g.merged.map((m) => m.domain))) problem(`grid ${g.code}: domain ${d} merged twice`);
    for (const m of g.merged) {
      if (!domains.has(m.domain)) problem(`grid ${g.code}: unknown domain ${m.domain}`);
      const list = deptCodes.get(m.domain) ?? [];
      list.push(m.code);
      deptCodes.set(m.domain, list);
    }
    for (const s of g.staff)
      if (!resources.has(s.resource)) problem(`grid ${g.code}: staff ${s.resource} does not exist`);
    if (!g.staff.some((s) => s.role === "leader")) problem(`grid ${g.code}: no leader`);
    if (!g.staff.some((s) => s.role === "full-time")) problem(`grid ${g.code}: no full-time worker`);
    for (const n of g.neighbours ?? [])
      if (byCode.get(n)?.level !== "grid") problem(`grid ${g.code}: neighbour ${n} is not a grid`);
  }
  for (const [d, codes] of deptCodes)
    for (const c of dupes(codes)) problem(`domain ${d}: departmental code ${c} used twice`);

  // Services.
  for (const i of f.services.items) {
    if (!domains.has(i.domain)) problem(`item ${i.code}: unknown domain ${i.domain}`);
    for (const c of i.capabilities) if (!caps.has(c)) problem(`item ${i.code}: unknown capability ${c}`);
    if (i.deadlinePolicy && !deadlines.has(i.deadlinePolicy))
      problem(`item ${i.code}: unknown deadline policy ${i.deadlinePolicy}`);
  }

  // Resources.
  const offered = new Set<string>();
  for (const r of f.resources.resources) {
    for (const c of r.capabilities) {
      if (!caps.has(c)) problem(`resource ${r.id}: unknown capability ${c}`);
      offered.add(c);
    }
    if (!byCode.has(r.home)) problem(`resource ${r.id}: home ${r.home} does not exist`);
    for (const u of r.area.units ?? [])
      if (!byCode.has(u)) problem(`resource ${r.id}: area unit ${u} does not exist`);
    if (!inside(r.location, r.home)) problem(`resource ${r.id}: location is not inside ${r.home}`);
  }
  for (const i of f.services.items)
    for (const c of i.capabilities) if (!offered.has(c)) problem(`item ${i.code}: no resource offers ${c}`);

  // Addresses and residents.
  for (const a of f.addresses.addresses) {
    if (byCode.get(a.grid)?.level !== "grid") problem(`address ${a.code}: grid ${a.grid} does not exist`);
    if (!inside(a.location, a.grid)) problem(`address ${a.code}: location is not inside ${a.grid}`);
  }
  for (const r of f.residents.residents) {
    if (!r.grid || byCode.get(r.grid)?.level !== "grid")
      problem(`resident ${r.id}: grid ${r.grid} does not exist`);
    const building = r.addressCode?.split("-").slice(0, -1).join("-");
    const a = building ? addresses.get(building) : undefined;
    if (!a) problem(`resident ${r.id}: address ${r.addressCode} is not under a known address`);
    else if (a.grid !== r.grid)
      problem(`resident ${r.id}: address ${a.code} is in grid ${a.grid}, not ${r.grid}`);
    if (r.grid && !inside(r.location, r.grid)) problem(`resident ${r.id}: location is not inside ${r.grid}`);
  }

  // Policies.
  for (const x of [...f.policies.deadlines, ...f.policies.ladders, ...(f.policies.visitPlans ?? [])])
    if (!calendars.has(x.calendar)) problem(`policy ${x.id}: unknown calendar ${x.calendar}`);

  return p;
}
