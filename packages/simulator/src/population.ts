import type { AdminUnit, Boundary, District, Position, Resident } from "@lianxin/core";
import { pointInBoundary, stableHash } from "@lianxin/core";
import { hashFloat, Random } from "./random.js";

/** Tag bits of a member of the population. */
export const TAG = {
  livingAlone: 1,
  aged80: 2,
  disabled: 4,
  lowIncome: 8,
  subsistence: 16,
  mobilityLimited: 32,
  chronicIllness: 64,
  pensioner: 128,
} as const;

const TAG_NAMES: readonly (readonly [number, string])[] = [
  [TAG.livingAlone, "living-alone"],
  [TAG.aged80, "aged-80-plus"],
  [TAG.disabled, "disabled"],
  [TAG.lowIncome, "low-income"],
  [TAG.subsistence, "subsistence-allowance"],
  [TAG.mobilityLimited, "mobility-limited"],
  [TAG.chronicIllness, "chronic-illness"],
  [TAG.pensioner, "pensioner"],
];

const SURNAMES =
  "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文";
const GIVEN =
  "秀英桂兰玉华建国志强海燕丽娟明军红梅永刚淑珍晓东春生雪芳德胜凤琴振华爱民金花小平宏伟秋菊文斌素云长安";

/**
 * The people of a simulated district: its known residents and synthetic ones, grouped by grid in
 * the hierarchy's depth-first order so that every unit's people form one contiguous range. Kept
 * in typed arrays (700,000 people fit in a few MiB); {@link Population.lookup} builds a
 * {@link Resident} on demand.
 */
export class Population {
  readonly size: number;
  /** The grids, in depth-first order. */
  readonly grids: readonly AdminUnit[];
  /** Per member: the index of their grid in {@link grids}. */
  readonly #grid: Uint32Array;
  readonly #age: Uint8Array;
  readonly #tags: Uint8Array;
  /** Per member: the index of the known resident (in {@link #known}) or -1 for a synthetic one. */
  readonly #ref: Int32Array;
  readonly #known: readonly Resident[];
  readonly #knownIndex = new Map<string, number>();
  /** Per grid index: its first member; one more entry at the end. */
  readonly #gridStart: Uint32Array;
  readonly #range = new Map<string, readonly [number, number]>();
  readonly #addresses: ReadonlyMap<string, readonly string[]>;
  readonly #seed: number;
  readonly #year: number;

  constructor(
    private readonly district: District,
    synthetic: number,
    seed: number,
    start: string,
  ) {
    this.#seed = seed;
    this.#year = Number(start.slice(0, 4));
    const h = district.hierarchy;
    const grids: AdminUnit[] = [];
    const visit = (u: AdminUnit) => {
      if (u.level === "grid") grids.push(u);
      for (const c of h.children(u.code)) visit(c);
    };
    for (const root of h.roots) visit(root);
    this.grids = grids;
    const gridIndex = new Map(grids.map((g, i) => [g.code, i]));
    const addresses = new Map<string, string[]>();
    for (const a of district.addresses.values()) {
      const list = addresses.get(a.grid);
      if (list) list.push(a.code);
      else addresses.set(a.grid, [a.code]);
    }
    this.#addresses = addresses;

    // Known residents by grid; those without a grid are not part of the sampled population.
    const knownByGrid: number[][] = grids.map(() => []);
    const known = [...district.residents.values()].filter(
      (r) => r.grid !== undefined && gridIndex.has(r.grid),
    );
    known.forEach((r, i) => {
      knownByGrid[gridIndex.get(r.grid!)!]!.push(i);
    });
    this.#known = known;

    // Synthetic residents spread over grids with varying density (log-normal weights).
    const rnd = new Random(seed, "population");
    const weights = grids.map(() => rnd.lognormal(1, 0.45));
    const total = weights.reduce((s, w) => s + w, 0);
    const counts = weights.map((w) => Math.floor((synthetic * w) / total));
    let left = synthetic - counts.reduce((s, n) => s + n, 0);
    const order = weights
      .map((w, i) => [(synthetic * w) / total - counts[i]!, i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let k = 0; left > 0 && grids.length > 0; k = (k + 1) % order.length, left--) counts[order[k]![1]]!++;

    const size = known.length + synthetic;
    this.size = size;
    this.#grid = new Uint32Array(size);
    this.#age = new Uint8Array(size);
    this.#tags = new Uint8Array(size);
    this.#ref = new Int32Array(size);
    this.#gridStart = new Uint32Array(grids.length + 1);
    let i = 0;
    for (let g = 0; g < grids.length; g++) {
      this.#gridStart[g] = i;
      for (const k of knownByGrid[g]!) {
        const r = known[k]!;
        this.#knownIndex.set(r.id, i);
        this.#grid[i] = g;
        this.#ref[i] = k;
        const age = r.birthDate ? this.#year - Number(r.birthDate.slice(0, 4)) : 70;
        this.#age[i] = Math.max(0, Math.min(110, age));
        let bits = 0;
        for (const [bit, name] of TAG_NAMES) if (r.tags.includes(name)) bits |= bit;
        this.#tags[i] = bits;
        i++;
      }
      for (let n = 0; n < counts[g]!; n++) {
        this.#grid[i] = g;
        this.#ref[i] = -1;
        const age = drawAge(rnd);
        this.#age[i] = age;
        this.#tags[i] = drawTags(rnd, age);
        i++;
      }
    }
    this.#gridStart[grids.length] = i;

    // Every unit's range: from its first grid's first member to its last grid's end.
    const rangeOf = (u: AdminUnit): [number, number] | undefined => {
      if (u.level === "grid") {
        const g = gridIndex.get(u.code)!;
        return [this.#gridStart[g]!, this.#gridStart[g + 1]!];
      }
      let lo: number | undefined;
      let hi: number | undefined;
      for (const c of h.children(u.code)) {
        const r = rangeOf(c);
        if (!r) continue;
        lo ??= r[0];
        hi = r[1];
      }
      if (lo !== undefined && hi !== undefined) this.#range.set(u.code, [lo, hi]);
      return lo !== undefined && hi !== undefined ? [lo, hi] : undefined;
    };
    for (const g of grids) {
      const gi = gridIndex.get(g.code)!;
      this.#range.set(g.code, [this.#gridStart[gi]!, this.#gridStart[gi + 1]!]);
    }
    for (const root of h.roots) rangeOf(root);
  }

  /** The members `[from, to)` of a unit (empty when it has no grids). */
  range(unit: string): readonly [number, number] {
    return this.#range.get(unit) ?? [0, 0];
  }

  age(i: number): number {
    return this.#age[i]!;
  }

  tags(i: number): number {
    return this.#tags[i]!;
  }

  grid(i: number): AdminUnit {
    return this.grids[this.#grid[i]!]!;
  }

  /** How much more often than others member `i` asks for personal services (1 for the young and well). */
  vulnerability(i: number): number {
    const age = this.#age[i]!;
    const t = this.#tags[i]!;
    let w = age < 18 ? 0.05 : age < 60 ? 0.6 : age < 80 ? 1.6 : 2.6;
    if (t & TAG.livingAlone) w += 1.2;
    if (t & TAG.disabled) w += 1.2;
    if (t & TAG.mobilityLimited) w += 0.8;
    if (t & (TAG.lowIncome | TAG.subsistence)) w += 0.6;
    if (t & TAG.chronicIllness) w += 0.5;
    return w;
  }

  /** The id of member `i`. */
  id(i: number): string {
    const k = this.#ref[i]!;
    return k >= 0 ? this.#known[k]!.id : `sim.${i.toString(36)}`;
  }

  /** The index of a resident id, or -1. */
  indexOf(id: string): number {
    if (id.startsWith("sim.")) {
      const i = Number.parseInt(id.slice(4), 36);
      return Number.isInteger(i) && i >= 0 && i < this.size && this.#ref[i] === -1 ? i : -1;
    }
    return this.#knownIndex.get(id) ?? -1;
  }

  /** Where member `i` lives: a point inside their grid, fixed for the run. */
  location(i: number): Position | undefined {
    const k = this.#ref[i]!;
    if (k >= 0) return this.#known[k]!.location?.coordinates;
    return pointIn(this.grid(i), this.#seed, i);
  }

  /** The address code of member `i`, when their grid has addresses. */
  addressCode(i: number): string | undefined {
    const k = this.#ref[i]!;
    if (k >= 0) return this.#known[k]!.addressCode;
    const list = this.#addresses.get(this.grid(i).code);
    return list && list.length > 0 ? list[stableHash(`${this.#seed}:addr:${i}`) % list.length] : undefined;
  }

  /** The resident for the engine's `residents` option: known ones as filed, synthetic ones built now. */
  readonly lookup = (id: string): Resident | undefined => {
    if (!id.startsWith("sim.")) return this.district.residents.get(id);
    const i = this.indexOf(id);
    if (i < 0) return undefined;
    return this.resident(i);
  };

  /** Member `i` as a {@link Resident}. */
  resident(i: number): Resident {
    const k = this.#ref[i]!;
    if (k >= 0) return this.#known[k]!;
    const h = stableHash(`${this.#seed}:r:${i}`);
    const age = this.#age[i]!;
    const bits = this.#tags[i]!;
    const month = (h % 12) + 1;
    const day = ((h >>> 4) % 28) + 1;
    const tags = TAG_NAMES.filter(([bit]) => bits & bit).map(([, name]) => name);
    const location = this.location(i);
    const address = this.addressCode(i);
    const consent = hashFloat(this.#seed, "consent", i) < 0.85;
    return {
      id: `sim.${i.toString(36)}`,
      name:
        SURNAMES[h % SURNAMES.length]! + GIVEN[(h >>> 8) % GIVEN.length]! + GIVEN[(h >>> 16) % GIVEN.length]!,
      gender: (h >>> 24) % 2 === 0 ? "female" : "male",
      birthDate: `${this.#year - age}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      tags,
      grid: this.grid(i).code,
      ...(address !== undefined ? { addressCode: address } : {}),
      ...(location ? { location: { type: "Point", coordinates: [...location] } } : {}),
      consent: { contact: consent, channels: consent ? ["sms", "phone"] : [] },
      preferredChannel: age >= 80 ? "visit" : "phone",
    };
  }
}

/** Ages of an old industrial city in Shaanxi: about 22 % aged 60 or more, 5 % 80 or more. */
function drawAge(rnd: Random): number {
  const r = rnd.next();
  if (r < 0.13) return rnd.int(0, 14);
  if (r < 0.78) return rnd.int(15, 59);
  if (r < 0.95) return rnd.int(60, 79);
  return rnd.int(80, 99);
}

function drawTags(rnd: Random, age: number): number {
  let t = 0;
  const old = age >= 60;
  const veryOld = age >= 80;
  if (veryOld) t |= TAG.aged80;
  if (old && rnd.bernoulli(0.8)) t |= TAG.pensioner;
  if (old && rnd.bernoulli(veryOld ? 0.3 : 0.18)) t |= TAG.livingAlone;
  if (rnd.bernoulli(veryOld ? 0.2 : old ? 0.1 : 0.035)) t |= TAG.disabled;
  if (age >= 18 && rnd.bernoulli(0.08)) t |= TAG.lowIncome;
  if (age >= 18 && rnd.bernoulli(t & TAG.lowIncome ? 0.35 : 0.005)) t |= TAG.subsistence;
  if (rnd.bernoulli(veryOld ? 0.35 : old ? 0.08 : t & TAG.disabled ? 0.5 : 0.01)) t |= TAG.mobilityLimited;
  if (t & TAG.disabled && rnd.bernoulli(0.5)) t |= TAG.mobilityLimited;
  if (rnd.bernoulli(old ? 0.4 : 0.05)) t |= TAG.chronicIllness;
  return t;
}

/** A point inside a grid near its center, fixed by (seed, member); the center when none lands inside. */
function pointIn(grid: AdminUnit, seed: number, i: number): Position | undefined {
  const center = grid.center?.coordinates;
  if (!center) return undefined;
  const boundary = grid.boundary as Boundary | undefined;
  if (!boundary) return [center[0]!, center[1]!];
  for (let k = 0; k < 4; k++) {
    const dx = (hashFloat(seed, "x", i, k) * 2 - 1) * 0.001;
    const dy = (hashFloat(seed, "y", i, k) * 2 - 1) * 0.001;
    const p: Position = [round6(center[0]! + dx), round6(center[1]! + dy)];
    if (pointInBoundary(p, boundary) === "inside") return p;
  }
  return [center[0]!, center[1]!];
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
