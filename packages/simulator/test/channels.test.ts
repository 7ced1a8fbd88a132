import { memoryChannel } from "@lianxin/core";
import { describe, expect, it } from "vitest";
import { simulate } from "../src/index.js";
import { tongchuan, tongchuanRules } from "./tongchuan.js";

describe("channels", () => {
  it("drains the outbox through the given channels every simulated hour, without changing the run", async () => {
    const options = {
      district: await tongchuan(),
      ruleSets: tongchuanRules().map((r) => r.text),
      seed: 9,
      days: 1,
      residents: 5_000,
      demand: { needsPerDay: 40 },
      kpiUnits: [],
    };
    const channel = memoryChannel({ name: "app" });
    const withChannels = await simulate({ ...options, channels: [channel] });
    const without = await simulate(options);
    expect(channel.sent.length).toBeGreaterThan(0);
    expect(withChannels.digest).toBe(without.digest);
  }, 60_000);
});
