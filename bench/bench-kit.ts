/**
 * Helpers the benchmarks share: reporting to stderr, option parsing, a seeded PRNG and summary
 * statistics. A benchmark prints its one JSON line on stdout itself; everything here writes to
 * stderr only.
 */

/**
 * Prints `bench:<bench>: <message>` on stderr and exits with status 1.
 *
 * @param bench - The benchmark's name, as in its `pnpm bench:<name>` script (`"geo"`, `"rules"`, …).
 * @param message - What went wrong.
 */
export function fail(bench: string, message: string): never {
  process.stderr.write(`bench:${bench}: ${message}\n`);
  process.exit(1);
}

/**
 * Prints `bench:<bench>: <message>` on stderr (progress and findings; stdout carries only the
 * result line).
 *
 * @param bench - The benchmark's name, as in its `pnpm bench:<name>` script.
 * @param message - The note.
 */
export function note(bench: string, message: string): void {
  process.stderr.write(`bench:${bench}: ${message}\n`);
}

/**
 * Parses an option's text as a positive integer, or {@link fail}s with
 * `<flag> must be a positive integer, not <text>`.
 *
 * @param bench - The benchmark's name, for the failure message.
 * @param text - The option's value as given on the command line.
 * @param flag - The option's name as the user typed it (`"--runs"`), for the failure message.
 * @returns The integer, at least 1.
 */
export function positiveInteger(bench: string, text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) fail(bench, `${flag} must be a positive integer, not ${text}`);
  return n;
}

/**
 * A seeded PRNG (mulberry32): the same seed gives the same sequence on every run and platform.
 *
 * @param state - The seed; only its low 32 bits count.
 * @returns A function returning the next float in [0, 1).
 */
export function prng(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The median of the numbers (the mean of the two middle ones for an even count); `xs` is not
 * reordered. NaN for an empty list.
 *
 * @param xs - The samples, in any order.
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Rounds to a number of decimal places, for the result line.
 *
 * @param x - The number.
 * @param digits - Decimal places to keep (default 0).
 */
export function round(x: number, digits = 0): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}
