/**
 * The storage conformance suite for vitest: every {@link Store} adapter runs it.
 * @module @lianxin/testkit/storage
 */
export {
  at,
  contractTest,
  expectLianxinError,
  ids,
  listAll,
  pageSizes,
  type StoreTestContext,
  write,
} from "./context.js";
export { type CrashDeliveryResult, deliverThroughCrashingChannel } from "./crash-delivery.js";
export { eventsTests } from "./events.js";
export { FIXTURE_EPOCH, fixtureTime, type StoreFixtures, storeFixtures } from "./fixtures.js";
export { needsTests } from "./needs.js";
export { outboxTests } from "./outbox.js";
export { reservationsTests } from "./reservations.js";
export { STORE_GROUPS, type StoreGroup, type StoreSuiteOptions, storeSuite } from "./store-suite.js";
export { timersTests } from "./timers.js";
export { transactionsTests } from "./transactions.js";
export { workOrdersTests } from "./work-orders.js";
