import { defineConfig } from "vitest/config";

/**
 * Tests that stop, restart or kill shared services (PostgreSQL, the brokers) run here, one file
 * at a time, after the other tests: `pnpm test` runs both.
 */
export default defineConfig({
  resolve: { conditions: ["@lianxin/source"] },
  ssr: { resolve: { conditions: ["@lianxin/source"] } },
  test: {
    include: ["packages/*/test/**/*.serial.test.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
