import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    conditions: ["@lianxin/source"],
  },
  ssr: {
    resolve: {
      conditions: ["@lianxin/source"],
    },
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
