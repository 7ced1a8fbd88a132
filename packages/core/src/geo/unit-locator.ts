import { ADMIN_LEVELS, type AdminLevel, type AdminUnit } from "../model/admin-unit.js";
import type { Position } from "../model/geo-json.js";
import { SpatialIndex } from "./spatial-index.js";

/**
 * Where a point falls in the hierarchy.
 * - `in-grid`: inside exactly one grid (or on its outer border).
 * - `shared-grid-border`: in several grids, on a border they share (or where they overlap); the
 *   grid with the lowest code was chosen.
 * - `no-grid-here`: no grid holds the point; `unit` is the deepest unit that does.
 * - `outside-every-unit`: no unit with a boundary holds the point.
 */
export type UnitLocation =
  | { unit: AdminUnit; exact: true; reason: "in-grid" | "shared-grid-border" }
  | { unit: AdminUnit; exact: false; reason: "no-grid-here" }
  | { unit: null; exact: false; reason: "outside-every-unit" };

const FALLBACK_LEVELS: readonly AdminLevel[] = ADMIN_LEVELS.filter((level) => level !== "grid").reverse();

const byCode = (a: AdminUnit, b: AdminUnit): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Finds the unit a point belongs to: the grid holding it, or failing that the deepest unit
 * (community, street, district, city) that does. Only units with a boundary take part; one
 * spatial index per level, so finding the grid is a single index query.
 */
export class UnitLocator {
  readonly #indexes: ReadonlyMap<AdminLevel, SpatialIndex<AdminUnit>>;
  readonly #grids: SpatialIndex<AdminUnit>;
  readonly #fallbacks: readonly SpatialIndex<AdminUnit>[];
  /** Scratch for `locate`, so that it allocates only its answer. */
  readonly #found: AdminUnit[] = [];

  /** Indexes the units of `units` that have a boundary. */
  constructor(units: readonly AdminUnit[]) {
    const indexes = new Map<AdminLevel, SpatialIndex<AdminUnit>>();
    for (const level of ADMIN_LEVELS) {
      // Sorted by code, so every search returns the lowest code first.
      const entries = units
        .filter((u) => u.level === level && u.boundary !== undefined)
        .sort(byCode)
        .map((u) => ({ item: u, boundary: u.boundary! }));
      indexes.set(level, new SpatialIndex(entries));
    }
    this.#indexes = indexes;
    this.#grids = indexes.get("grid")!;
    this.#fallbacks = FALLBACK_LEVELS.map((level) => indexes.get(level)!);
  }

  /** How many units of `level` have a boundary and are indexed. */
  count(level: AdminLevel): number {
    return this.#indexes.get(level)!.size;
  }

  /**
   * The unit `p` belongs to. `exact` is true only for a grid; on a border several grids share,
   * the grid with the lowest code wins, so the answer never depends on input order.
   */
  locate(p: Position): UnitLocation {
    const grids = this.#grids.searchInto(p, this.#found);
    const grid = grids[0];
    const count = grids.length;
    grids.length = 0;
    if (grid !== undefined) {
      return { unit: grid, exact: true, reason: count === 1 ? "in-grid" : "shared-grid-border" };
    }
    for (const index of this.#fallbacks) {
      const unit = index.first(p);
      if (unit !== undefined) return { unit, exact: false, reason: "no-grid-here" };
    }
    return { unit: null, exact: false, reason: "outside-every-unit" };
  }

  /** Every grid whose boundary holds `p` (interior or border), by code. */
  gridsAt(p: Position): AdminUnit[] {
    return this.#grids.search(p);
  }

  /**
   * The grid with the lowest code among those whose boundary holds `p` (interior or border):
   * `gridsAt(p)[0]`, and the unit `locate(p)` gives when it is exact, without building a list.
   */
  gridAt(p: Position): AdminUnit | undefined {
    return this.#grids.first(p);
  }

  /** Every unit of `level` whose boundary holds `p` (interior or border), by code. */
  unitsAt(p: Position, level: AdminLevel): AdminUnit[] {
    return this.#indexes.get(level)!.search(p);
  }
}
