import { ADMIN_LEVELS, type AdminLevel, type AdminUnit } from "../model/admin-unit.js";

/**
 * The city → district → street → community → grid tree, indexed by code. Built by
 * {@link buildHierarchy}, which also checks it; look-ups never throw and return `undefined`
 * for unknown codes.
 */
export class Hierarchy {
  readonly #units = new Map<string, AdminUnit>();
  readonly #children = new Map<string, string[]>();
  readonly #depth = new Map<string, number>();
  readonly roots: readonly AdminUnit[];

  /** Builds the tree from units that have already been checked to form one (see {@link buildHierarchy}). */
  constructor(units: readonly AdminUnit[]) {
    const roots: AdminUnit[] = [];
    for (const u of units) if (!this.#units.has(u.code)) this.#units.set(u.code, u);
    for (const u of this.#units.values()) {
      if (u.parent !== undefined && this.#units.has(u.parent)) {
        let list = this.#children.get(u.parent);
        if (!list) this.#children.set(u.parent, (list = []));
        list.push(u.code);
      } else roots.push(u);
    }
    this.roots = roots;
  }

  /** The number of units. */
  get size(): number {
    return this.#units.size;
  }

  /** The unit with this code. */
  unit(code: string): AdminUnit | undefined {
    return this.#units.get(code);
  }

  /** Every unit, in the order they were given. */
  units(): IterableIterator<AdminUnit> {
    return this.#units.values();
  }

  /** The units of one level. */
  atLevel(level: AdminLevel): AdminUnit[] {
    return [...this.#units.values()].filter((u) => u.level === level);
  }

  /** The direct children of a unit. */
  children(code: string): AdminUnit[] {
    return (this.#children.get(code) ?? []).map((c) => this.#units.get(c)!);
  }

  /** The parent of a unit, or undefined for a root or an unknown code. */
  parent(code: string): AdminUnit | undefined {
    const p = this.#units.get(code)?.parent;
    return p === undefined ? undefined : this.#units.get(p);
  }

  /** The ancestors of a unit, nearest first (a grid's community, street, district, city). */
  ancestors(code: string): AdminUnit[] {
    const out: AdminUnit[] = [];
    const seen = new Set<string>([code]);
    for (let p = this.parent(code); p && !seen.has(p.code); p = this.parent(p.code)) {
      seen.add(p.code);
      out.push(p);
    }
    return out;
  }

  /** The unit itself and its ancestors, top first: the routing path of a grid. */
  path(code: string): AdminUnit[] {
    const self = this.#units.get(code);
    return self ? [...this.ancestors(code).reverse(), self] : [];
  }

  /** The ancestor (or the unit itself) at a level, if there is one. */
  ancestorAt(code: string, level: AdminLevel): AdminUnit | undefined {
    const self = this.#units.get(code);
    if (self?.level === level) return self;
    return this.ancestors(code).find((u) => u.level === level);
  }

  /** The unit and everything below it, depth first. */
  subtree(code: string): AdminUnit[] {
    const root = this.#units.get(code);
    if (!root) return [];
    const out: AdminUnit[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const u = stack.pop()!;
      out.push(u);
      const kids = this.#children.get(u.code);
      if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(this.#units.get(kids[i]!)!);
    }
    return out;
  }

  /** True when `code` is `ancestor` or lies below it. */
  isWithin(code: string, ancestor: string): boolean {
    if (code === ancestor) return this.#units.has(code);
    return this.ancestors(code).some((u) => u.code === ancestor);
  }

  /** The depth of a unit below its root (root = 0). */
  depth(code: string): number {
    let d = this.#depth.get(code);
    if (d === undefined) {
      d = this.ancestors(code).length;
      this.#depth.set(code, d);
    }
    return d;
  }

  /** How many units there are at each level. */
  countByLevel(): Record<AdminLevel, number> {
    const out = Object.fromEntries(ADMIN_LEVELS.map((l) => [l, 0])) as Record<AdminLevel, number>;
    for (const u of this.#units.values()) out[u.level]++;
    return out;
  }
}
