import { type Channel, ChannelError, memoryChannel } from "@lianxin/core";
import { channelSuite } from "@lianxin/testkit/channels";
import { expect, it } from "vitest";

// The reference channel runs the whole channel conformance suite.
channelSuite({
  name: "memory",
  create: () => {
    const channel = memoryChannel();
    return { channel, received: () => [...channel.sent] };
  },
  additionalTests(ctx) {
    it("records each send in `sent`, copies, not the caller's objects", async () => {
      const n = ctx.fixtures.notification();
      await ctx.channel.send(n);
      const [got] = await ctx.received();
      expect(got).toEqual(n);
      expect(got).not.toBe(n);
    });
  },
});

// A channel with only the required members: the optional tests skip, each with its reason.
channelSuite({
  name: "memory, send only",
  create: () => {
    const inner = memoryChannel({ name: "send-only" });
    const channel: Channel = {
      name: inner.name,
      capabilities: { dedupeById: false, ordered: false },
      send: (n) => inner.send(n),
    };
    return { channel, received: () => [...inner.sent] };
  },
  badConfig: () => {
    const inner = memoryChannel({ name: "bad" });
    return {
      ...inner,
      verify: async () => {
        throw new ChannelError("bad", "config.missing", "Missing required option `url`.", {
          retryable: false,
        });
      },
    };
  },
});
