import { type Channel, ChannelError, type Notification } from "@lianxin/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type ChannelFixtures, channelFixtures } from "./fixtures.js";

/** What {@link ChannelSuiteOptions.create} returns: the channel and a way to see what arrived. */
export interface ChannelUnderTest {
  /** The channel under test. */
  channel: Channel;
  /**
   * Everything that arrived at the other end so far (the webhook server, the SMTP sink, a
   * subscriber on the broker), in arrival order, duplicates included.
   */
  received(): Promise<Notification[]> | Notification[];
  /** Stops the sink and anything else `create` started (called after each test). */
  cleanup?(): Promise<void> | void;
}

/** Options of {@link channelSuite}. */
export interface ChannelSuiteOptions {
  /** The channel's name, shown as `channel conformance: <name>`. */
  name: string;
  /** A fresh channel and sink, before each test. */
  create(): Promise<ChannelUnderTest> | ChannelUnderTest;
  /**
   * A channel with a bad configuration (a wrong password, an unknown host), to check that
   * `verify()` rejects with a `ChannelError`. Without it that test is skipped.
   */
  badConfig?(): Promise<Channel> | Channel;
  /** How long to wait for a notification to arrive. Default 5 s. */
  receiveTimeoutMs?: number;
  /** Single tests to skip, by name, each with the reason (shown in the test's name). */
  skipTests?: Readonly<Record<string, string>>;
  /** Registers the channel's own tests inside the suite, with the same lifecycle. */
  additionalTests?(ctx: ChannelTestContext): void;
}

/** What the suite's tests (and `additionalTests`) get. Read it inside a test. */
export interface ChannelTestContext {
  /** The channel of the current test. */
  readonly channel: Channel;
  /** What arrived so far in the current test. */
  received(): Promise<Notification[]>;
  /** Waits until every id in `ids` has arrived at least once; returns everything received. */
  waitFor(ids: readonly string[]): Promise<Notification[]>;
  /** Notification fixtures (new ids per call). */
  readonly fixtures: ChannelFixtures;
}

/** The fields of a notification that must arrive unchanged. */
function essentials(n: Notification): Pick<Notification, "id" | "topic" | "data"> {
  return { id: n.id, topic: n.topic, data: n.data };
}

/**
 * Registers the channel conformance suite for a {@link Channel} adapter: send → received with
 * the same id and data, each notification at least once (more than once only with its id),
 * `send` resolving `{ id, acceptedAt }`, `verify()`, `dispose()`, and subscribe / unsubscribe.
 * Optional members the channel lacks are skipped, with the reason in the test's name.
 *
 * ```ts
 * import { memoryChannel } from "@lianxin/core";
 * import { channelSuite } from "@lianxin/testkit/channels";
 * channelSuite({
 *   name: "memory",
 *   create: () => {
 *     const channel = memoryChannel();
 *     return { channel, received: () => [...channel.sent] };
 *   },
 * });
 * ```
 */
export function channelSuite(options: ChannelSuiteOptions): void {
  describe(`channel conformance: ${options.name}`, () => {
    const timeout = options.receiveTimeoutMs ?? 5_000;
    let current: ChannelUnderTest | undefined;
    let disposed = false;
    const fixtures = channelFixtures();
    const target = (): ChannelUnderTest => {
      if (!current) throw new Error("the channel is only available inside a test");
      return current;
    };
    const received = async (): Promise<Notification[]> => [...(await target().received())];
    const ctx: ChannelTestContext = {
      get channel(): Channel {
        return target().channel;
      },
      received,
      async waitFor(ids) {
        return vi.waitFor(
          async () => {
            const got = await received();
            const seen = new Set(got.map((n) => n.id));
            const missing = ids.filter((id) => !seen.has(id));
            if (missing.length > 0) throw new Error(`not received: ${missing.join(", ")}`);
            return got;
          },
          { timeout, interval: 10 },
        );
      },
      fixtures,
    };
    /** Registers a test; `skip(reason)` inside it skips at run time (capabilities are known only then). */
    const test = (name: string, fn: (skip: (reason: string) => never) => Promise<void>): void => {
      const reason = options.skipTests?.[name];
      const run = async (context: { skip: (note?: string) => never }): Promise<void> =>
        fn((why) => context.skip(why));
      if (reason === undefined) it(name, run);
      else it.skip(`${name} (skipped: ${reason})`, run);
    };

    beforeEach(async () => {
      current = await options.create();
      disposed = false;
    });
    afterEach(async () => {
      const c = current;
      current = undefined;
      if (!c) return;
      try {
        if (!disposed) await c.channel.dispose?.();
      } finally {
        await c.cleanup?.();
      }
    });

    test("has a name and capabilities", async () => {
      expect(ctx.channel.name).toBeTypeOf("string");
      expect(ctx.channel.name.length).toBeGreaterThan(0);
      expect(ctx.channel.capabilities.dedupeById).toBeTypeOf("boolean");
      expect(ctx.channel.capabilities.ordered).toBeTypeOf("boolean");
    });

    test("send resolves { id, acceptedAt } and the notification arrives with the same id and data", async () => {
      const n = fixtures.notification();
      const result = await ctx.channel.send(n);
      expect(result.id).toBe(n.id);
      expect(Number.isFinite(Date.parse(result.acceptedAt))).toBe(true);
      const got = (await ctx.waitFor([n.id])).filter((x) => x.id === n.id);
      for (const x of got) expect(essentials(x)).toEqual(essentials(n));
    });

    test("several sends each arrive once, or more than once only with the same id", async () => {
      const sent = Array.from({ length: 5 }, () => fixtures.notification());
      for (const n of sent) await ctx.channel.send(n);
      const got = await ctx.waitFor(sent.map((n) => n.id));
      const byId = new Map(sent.map((n) => [n.id, n]));
      for (const x of got) {
        const original = byId.get(x.id);
        expect(original, `received an unknown id ${x.id}`).toBeDefined();
        expect(essentials(x)).toEqual(essentials(original!));
      }
      const counts = new Map<string, number>();
      for (const x of got) counts.set(x.id, (counts.get(x.id) ?? 0) + 1);
      expect([...counts.keys()].sort()).toEqual([...byId.keys()].sort());
    });

    test("notifications sent one after another arrive in order when the channel is ordered", async (skip) => {
      if (!ctx.channel.capabilities.ordered)
        skip("the channel does not keep order (capabilities.ordered false)");
      const sent = Array.from({ length: 5 }, () => fixtures.notification());
      for (const n of sent) await ctx.channel.send(n);
      const got = await ctx.waitFor(sent.map((n) => n.id));
      const firsts: string[] = [];
      for (const x of got) if (!firsts.includes(x.id)) firsts.push(x.id);
      expect(firsts).toEqual(sent.map((n) => n.id));
    });

    test("verify() resolves on a good configuration", async (skip) => {
      const verify = ctx.channel.verify;
      if (!verify) return skip("the channel has no verify()");
      await expect(verify.call(ctx.channel)).resolves.toBeUndefined();
    });

    test("verify() rejects with a ChannelError on a bad configuration", async (skip) => {
      if (!options.badConfig) return skip("no badConfig() given");
      const bad = await options.badConfig();
      try {
        if (!bad.verify) return skip("the channel has no verify()");
        const error = await bad.verify().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, "verify() resolved on a bad configuration").toBeInstanceOf(ChannelError);
        expect((error as ChannelError).channel).toBe(bad.name);
      } finally {
        await bad.dispose?.();
      }
    });

    test("subscribe() receives what is sent; after unsubscribe nothing more arrives", async (skip) => {
      const channel = ctx.channel;
      if (!channel.subscribe) return skip("the channel has no subscribe()");
      const heard: Notification[] = [];
      const stop = await channel.subscribe((n) => heard.push(n));
      const first = fixtures.notification();
      await channel.send(first);
      await vi.waitFor(() => expect(heard.map((n) => n.id)).toContain(first.id), { timeout, interval: 10 });
      for (const x of heard.filter((h) => h.id === first.id))
        expect(essentials(x)).toEqual(essentials(first));
      await stop();
      const before = heard.length;
      const second = fixtures.notification();
      await channel.send(second);
      await ctx.waitFor([second.id]);
      expect(heard.slice(before).map((n) => n.id)).not.toContain(second.id);
    });

    test("dispose() resolves", async (skip) => {
      const channel = ctx.channel;
      if (!channel.dispose) return skip("the channel has no dispose()");
      disposed = true;
      await expect(channel.dispose()).resolves.toBeUndefined();
    });

    if (options.additionalTests) {
      const more = options.additionalTests;
      describe(`${options.name}: own tests`, () => more(ctx));
    }
  });
}
