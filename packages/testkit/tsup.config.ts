import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    "rules/index": "src/rules/index.ts",
    "storage/index": "src/storage/index.ts",
    "channels/index": "src/channels/index.ts",
  },
  format: ["esm"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  external: ["vitest", "@lianxin/core", "fast-check"],
});
