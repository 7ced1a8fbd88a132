/**
 * The channel conformance suite for vitest: every `Channel` adapter runs it; and helpers for
 * broker-outage tests (fill an outbox, drain on a `ManualClock`, check what arrived).
 * @module @lianxin/testkit/channels
 */
export {
  type ChannelSuiteOptions,
  type ChannelTestContext,
  type ChannelUnderTest,
  channelSuite,
} from "./channel-suite.js";
export { type ChannelFixtures, channelFixtures } from "./fixtures.js";
export {
  addSummary,
  countingDrain,
  type Drain,
  type DrainUntilOptions,
  drainInBackground,
  drainSteps,
  drainUntil,
  emptySummary,
  expectConsistentDuplicates,
  fillOutbox,
  listenerPid,
  type OutboxFillOptions,
  outboxByStatus,
  outboxMessage,
  portOpen,
  waitFor,
} from "./outage.js";
