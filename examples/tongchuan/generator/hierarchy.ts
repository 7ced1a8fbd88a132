/**
 * The hierarchy: city → districts → streets → communities → grids, with codes, names, kinds,
 * boundaries and centres.
 */
import type { AdminUnit, Point } from "@lianxin/core";
import {
  aspect,
  cellCenter,
  cellPoint,
  cellPolygon,
  type Lattice,
  lattice,
  latticeBorder,
  point,
  type Rect,
  rectCenter,
  rectPolygon,
  splitRect,
} from "./geometry.js";
import { CITY, type CommunitySpec, DISTRICTS, type DistrictSpec, type StreetSpec } from "./places.js";
import { type Rng, rng } from "./rng.js";

/** A grid cell of a community lattice. */
export interface GridCell {
  code: string;
  /** 1-based number within the community. */
  n: number;
  i: number;
  j: number;
  community: Community;
  center: Point;
  /** A random point inside the grid. */
  pointIn(r: Rng): Point;
}

/** A community and its grids. */
export interface Community {
  code: string;
  zh: string;
  en: string;
  demonstration: boolean;
  street: Street;
  lattice: Lattice;
  grids: GridCell[];
  center: Point;
  /** The id of the community's 党群服务中心 venue. */
  office: string;
}

/** A street or town. */
export interface Street {
  code: string;
  spec: StreetSpec;
  district: District;
  rect: Rect;
  communities: Community[];
}

/** A district or county. */
export interface District {
  code: string;
  spec: DistrictSpec;
  streets: Street[];
}

/** The generated hierarchy. */
export interface Hierarchy {
  units: AdminUnit[];
  districts: District[];
  streets: Street[];
  communities: Community[];
  grids: GridCell[];
  /** Every grid cell by code. */
  gridByCode: Map<string, GridCell>;
}

/** How many grids (columns × rows) a community gets. */
function gridShape(r: Rng, rc: Rect, town: boolean): [number, number] {
  const target = town
    ? r.int(15, 22)
    : r.weighted<[number, number]>([
        [[15, 20], 2],
        [[20, 28], 5],
        [[28, 36], 3],
        [[36, 40], 1],
      ]);
  const n = typeof target === "number" ? target : r.int(target[0], target[1]);
  const a = aspect(rc);
  let best: [number, number] = [4, 4];
  let bestScore = Number.POSITIVE_INFINITY;
  for (let ny = 3; ny <= 8; ny++) {
    for (let nx = 3; nx <= 8; nx++) {
      const count = nx * ny;
      if (count < 15 || count > 40) continue;
      // Close to the wanted count, and cells close to square.
      const score = Math.abs(count - n) / n + Math.abs(Math.log(a / (nx / ny)));
      if (score < bestScore) {
        bestScore = score;
        best = [nx, ny];
      }
    }
  }
  return best;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function community(spec: CommunitySpec, code: string, street: Street, rc: Rect, r: Rng): Community {
  const [nx, ny] = gridShape(r, rc, street.spec.kind === "镇");
  const lat = lattice(rc, nx, ny, r);
  const c: Community = {
    code,
    zh: `${spec.zh}社区`,
    en: `${spec.en} Community`,
    demonstration: spec.demonstration === true,
    street,
    lattice: lat,
    grids: [],
    center: cellCenter(lat, Math.floor(nx / 2), Math.floor(ny / 2)),
    office: `venue-${code}-dqfw`,
  };
  // Grids are numbered row by row from the north-west corner.
  for (let j = ny - 1; j >= 0; j--) {
    for (let i = 0; i < nx; i++) {
      const n = (ny - 1 - j) * nx + i + 1;
      c.grids.push({
        code: `${code}-${pad(n, 3)}`,
        n,
        i,
        j,
        community: c,
        center: cellCenter(lat, i, j),
        pointIn: (rr) => cellPoint(lat, i, j, rr.next(), rr.next()),
      });
    }
  }
  return c;
}

/** Builds the hierarchy. */
export function buildHierarchy(): Hierarchy {
  const r = rng("hierarchy");
  const units: AdminUnit[] = [];
  const districts: District[] = [];
  const streets: Street[] = [];
  const communities: Community[] = [];
  const grids: GridCell[] = [];

  units.push({
    code: CITY.code,
    level: "city",
    name: { zh: CITY.zh, en: CITY.en },
    kind: CITY.kind,
    boundary: rectPolygon(CITY.rect),
    center: point(CITY.center[0], CITY.center[1]),
  });

  for (const ds of DISTRICTS) {
    const district: District = { code: ds.code, spec: ds, streets: [] };
    districts.push(district);
    units.push({
      code: ds.code,
      level: "district",
      parent: CITY.code,
      name: { zh: ds.zh, en: ds.en },
      kind: ds.kind,
      boundary: rectPolygon(ds.rect),
      center: rectCenter(ds.rect),
    });
    const streetRects = splitRect(ds.rect, ds.streets.length, r, 0.03);
    ds.streets.forEach((ss, si) => {
      const sr = streetRects[si]!;
      const street: Street = { code: ss.code, spec: ss, district, rect: sr, communities: [] };
      district.streets.push(street);
      streets.push(street);
      units.push({
        code: ss.code,
        level: "street",
        parent: ds.code,
        name: { zh: ss.zh, en: ss.en },
        kind: ss.kind,
        boundary: rectPolygon(sr),
        center: rectCenter(sr),
      });
      // Towns' communities are the built-up part of a larger rural area: leave a wider margin.
      const communityRects = splitRect(sr, ss.communities.length, r, ss.kind === "镇" ? 0.12 : 0.04);
      ss.communities.forEach((cs, ci) => {
        const code = ss.code.slice(0, 9) + pad(ci + 1, 3);
        const c = community(cs, code, street, communityRects[ci]!, r);
        street.communities.push(c);
        communities.push(c);
        const unit: AdminUnit = {
          code,
          level: "community",
          parent: ss.code,
          name: { zh: c.zh, en: c.en },
          kind: "社区",
          boundary: latticeBorder(c.lattice),
          center: c.center,
          office: c.office,
        };
        if (c.demonstration) unit.demonstration = true;
        units.push(unit);
        for (const g of c.grids) {
          grids.push(g);
          units.push({
            code: g.code,
            level: "grid",
            parent: code,
            name: { zh: `${c.zh}第${g.n}网格`, en: `${c.en} Grid ${g.n}` },
            kind: "网格",
            boundary: cellPolygon(c.lattice, g.i, g.j),
            center: g.center,
          });
        }
      });
    });
  }
  return {
    units,
    districts,
    streets,
    communities,
    grids,
    gridByCode: new Map(grids.map((g) => [g.code, g])),
  };
}
