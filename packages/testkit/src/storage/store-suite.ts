import type { Store } from "@lianxin/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe } from "vitest";
import type { StoreTestContext } from "./context.js";
import { eventsTests } from "./events.js";
import { storeFixtures } from "./fixtures.js";
import { needsTests } from "./needs.js";
import { outboxTests } from "./outbox.js";
import { reservationsTests } from "./reservations.js";
import { timersTests } from "./timers.js";
import { transactionsTests } from "./transactions.js";
import { workOrdersTests } from "./work-orders.js";

/** The groups of the storage conformance suite, one per concern, in the order they run. */
export const STORE_GROUPS: {
  readonly needs: (ctx: StoreTestContext) => void;
  readonly workOrders: (ctx: StoreTestContext) => void;
  readonly events: (ctx: StoreTestContext) => void;
  readonly transactions: (ctx: StoreTestContext) => void;
  readonly reservations: (ctx: StoreTestContext) => void;
  readonly outbox: (ctx: StoreTestContext) => void;
  readonly timers: (ctx: StoreTestContext) => void;
} = {
  needs: needsTests,
  workOrders: workOrdersTests,
  events: eventsTests,
  transactions: transactionsTests,
  reservations: reservationsTests,
  outbox: outboxTests,
  timers: timersTests,
};

/** The name of a group of the storage conformance suite. */
export type StoreGroup = keyof typeof STORE_GROUPS;

/** Options of {@link storeSuite}. */
export interface StoreSuiteOptions {
  /** The adapter's name, shown as `store conformance: <name>`. */
  name: string;
  /**
   * Creates the store. Without `reset`, called before every test (and the store closed after
   * it); with `reset`, called once for the whole suite.
   */
  create(): Promise<Store> | Store;
  /** Empties the store after each test, so one store (one database) serves the whole suite. */
  reset?(store: Store): Promise<void>;
  /** Registers the adapter's own tests inside the suite, with the same store lifecycle. */
  additionalTests?(ctx: StoreTestContext): void;
  /**
   * Groups the adapter does not support, each with the reason, shown in the skipped group's
   * name: `{ outbox: "notifications go through the queue adapter" }`.
   */
  skip?: Partial<Record<StoreGroup, string>>;
  /**
   * Single tests to skip, by their name (without the group), each with the reason: for a known
   * bug being fixed, or a detail the backend cannot meet. Prefer fixing to skipping.
   */
  skipTests?: Readonly<Record<string, string>>;
}

/**
 * Registers the storage conformance suite for a {@link Store} adapter: one `describe` per group
 * (needs, work orders, events, transactions, reservations, outbox, timers). Every test starts
 * with an empty store: a new one from `create`, or the same one emptied by `reset`.
 *
 * ```ts
 * import { memoryStore } from "@lianxin/core";
 * import { storeSuite } from "@lianxin/testkit/storage";
 * storeSuite({ name: "memory", create: () => memoryStore() });
 * ```
 */
export function storeSuite(options: StoreSuiteOptions): void {
  describe(`store conformance: ${options.name}`, () => {
    let current: Store | undefined;
    const fixtures = storeFixtures();
    const ctx: StoreTestContext = {
      get store(): Store {
        if (!current) throw new Error("the store is only available inside a test");
        return current;
      },
      fixtures,
      ...(options.skipTests ? { skipTests: options.skipTests } : {}),
    };
    const { reset } = options;
    // With `reset`, one store for the suite, emptied after each test; otherwise one per test.
    beforeAll(async () => {
      if (reset) current = await options.create();
    });
    beforeEach(async () => {
      if (!reset) current = await options.create();
    });
    afterEach(async () => {
      if (!current) return;
      if (reset) await reset(current);
      else {
        await current.close();
        current = undefined;
      }
    });
    afterAll(async () => {
      await current?.close();
      current = undefined;
    });
    for (const [group, register] of Object.entries(STORE_GROUPS) as [
      StoreGroup,
      (c: StoreTestContext) => void,
    ][]) {
      const reason = options.skip?.[group];
      if (reason === undefined) describe(group, () => register(ctx));
      else describe.skip(`${group} (skipped: ${reason})`, () => register(ctx));
    }
    if (options.additionalTests) {
      const more = options.additionalTests;
      describe(`${options.name}: own tests`, () => more(ctx));
    }
  });
}
