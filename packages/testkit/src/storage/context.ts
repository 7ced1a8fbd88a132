import { LianxinError, type Page, type Store, type StoreTransaction } from "@lianxin/core";
import fc from "fast-check";
import { expect, it } from "vitest";
import type { StoreFixtures } from "./fixtures.js";

/** What every group of the storage conformance suite gets. */
export interface StoreTestContext {
  /** The store under test: fresh (or reset) before each test. Read it inside tests, not at registration. */
  readonly store: Store;
  /** Fixture builders shared by the suite (ids never repeat within it). */
  readonly fixtures: StoreFixtures;
  /** Tests to skip, by name, each with the reason (a known bug, an unsupported detail). */
  readonly skipTests?: Readonly<Record<string, string>>;
}

/**
 * The `it` of a group: registers the test, or skips it with its reason in the name when
 * `ctx.skipTests` names it.
 */
export function contractTest(ctx: StoreTestContext): (name: string, fn: () => Promise<void>) => void {
  return (name, fn) => {
    const reason = ctx.skipTests?.[name];
    if (reason === undefined) it(name, fn);
    else it.skip(`${name} (skipped: ${reason})`, fn);
  };
}

/** Runs `fn` in a transaction of `store`. */
export function write<T>(store: Store, fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
  return store.transaction(fn);
}

/** Asserts that `promise` rejects with a {@link LianxinError} of `code` (`store.conflict`). */
export async function expectLianxinError(promise: Promise<unknown>, code: string): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  if (error === undefined) expect.fail(`expected a LianxinError ${code}, but nothing was thrown`);
  if (!LianxinError.is(error)) expect.fail(`expected a LianxinError ${code}, got ${String(error)}`);
  expect(error.code).toBe(code);
}

/**
 * Reads every page of a listing and returns the items, failing when the listing does not end
 * within `maxPages` or a page is larger than asked. `limit` is the page size, or the sizes of
 * successive pages (used in turn), so a cursor must not depend on the page size.
 */
export async function listAll<T>(
  list: (page: { limit: number; cursor: string | null }) => Promise<Page<T>>,
  limit: number | readonly number[],
  maxPages = 1_000,
): Promise<T[]> {
  const sizes = typeof limit === "number" ? [limit] : limit;
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const size = sizes[i % sizes.length]!;
    const page: Page<T> = await list({ limit: size, cursor });
    expect(page.items.length).toBeLessThanOrEqual(size);
    out.push(...page.items);
    if (page.next === null) return out;
    cursor = page.next;
  }
  return expect.fail(`listing did not end within ${maxPages} pages of ${sizes.join(", ")}`);
}

/** The ids of records, for order-sensitive comparisons. */
export const ids = (items: readonly { id: string }[]): string[] => items.map((x) => x.id);

/** A Date `ms` after an ISO timestamp. */
export const at = (iso: string, ms = 0): Date => new Date(Date.parse(iso) + ms);

/** Page sizes for pagination properties: one to four sizes of 1–12, used in turn. */
export const pageSizes: fc.Arbitrary<number[]> = fc.array(fc.integer({ min: 1, max: 12 }), {
  minLength: 1,
  maxLength: 4,
});
