/**
 * Seeded pseudo-random numbers (sfc32), with named sub-streams so that one part of a simulation
 * (a scenario, say) can draw more or fewer numbers without reshuffling the draws of another.
 */

import { stableHash } from "@lianxin/core";

/** A 32-bit hash of text, mixed so that close inputs land far apart (core's `stableHash`). */
export const hash32: (text: string) => number = stableHash;

/** A float in [0, 1) fixed by `seed` and `parts`: the same inputs always give the same number. */
export function hashFloat(seed: number, ...parts: readonly (string | number)[]): number {
  return stableHash(`${seed}\u0000${parts.join("\u0000")}`) / 4_294_967_296;
}

/** A seeded generator: sfc32 seeded from a hash of the seed and the stream's name. */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spare: number | undefined;

  /** A generator for `stream` of `seed`: the same pair always gives the same sequence. */
  constructor(seed: number, stream: string) {
    this.#a = stableHash(`a:${seed}:${stream}`);
    this.#b = stableHash(`b:${seed}:${stream}`);
    this.#c = stableHash(`c:${seed}:${stream}`);
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The next float in [0, 1). */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  }

  /** A float in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }

  /** One value of `[[weight, value], ...]`, by weight. */
  weighted<T>(xs: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of xs) total += w;
    let r = this.next() * total;
    for (const [w, v] of xs) {
      r -= w;
      if (r < 0) return v;
    }
    return xs[xs.length - 1]![1];
  }

  /** A standard normal deviate (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (this.#spare !== undefined) {
      const s = this.#spare;
      this.#spare = undefined;
      return s;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal deviate with the given median and shape `sigma`. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A Poisson deviate with mean `lambda` (Knuth for small means, a rounded normal above 30). */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const l = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.next();
    } while (p > l);
    return k - 1;
  }
}
