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
    // Tests that stop or restart shared services run on their own, one file at a time
    // (vitest.serial.config.ts), after the rest.
    exclude: ["**/node_modules/**", "**/dist/**", "**/*.serial.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
