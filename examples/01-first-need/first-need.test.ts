import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const here = fileURLToPath(new URL(".", import.meta.url));

it("runs, dispatching the first need to the resident's grid worker", () => {
  const out = execFileSync("pnpm", ["--silent", "start"], { cwd: here, encoding: "utf8" });
  expect(out).toMatch(
    /^dispatched 610204001003-007 \[ 'DB-WJ-001' \] \{ type: 'resource', id: 'gw-610204001003-007-\d+' \} \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00\s*$/,
  );
});

it("is the code the embedding guide shows, in under 30 lines", () => {
  const code = readFileSync(`${here}first-need.ts`, "utf8");
  const guide = readFileSync(`${here}../../docs/embedding.md`, "utf8");
  expect(guide).toContain(code.trim());
  expect(code.trim().split("\n").length).toBeLessThan(30);
});
