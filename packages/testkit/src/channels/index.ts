/**
 * The channel conformance suite for vitest: every `Channel` adapter runs it.
 * @module @lianxin/testkit/channels
 */
export {
  type ChannelSuiteOptions,
  type ChannelTestContext,
  type ChannelUnderTest,
  channelSuite,
} from "./channel-suite.js";
export { type ChannelFixtures, channelFixtures } from "./fixtures.js";
