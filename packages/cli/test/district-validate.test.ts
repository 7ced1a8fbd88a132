import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const tongchuan = join(root, "examples/tongchuan");

describe("lianxin district validate", () => {
  it("passes the Tongchuan district with the counts the README promises", async () => {
    const { code, out } = await runCli(["district", "validate", tongchuan, "--json"]);
    expect(code).toBe(0);
    const { ok, summary } = JSON.parse(out);
    expect(ok).toBe(true);
    expect(summary.units.city).toBe(1);
    expect(summary.units.district).toBeGreaterThanOrEqual(4);
    expect(summary.units.community).toBeGreaterThanOrEqual(60);
    expect(summary.units.grid).toBeGreaterThanOrEqual(1500);
    expect(summary.demonstrationCommunities).toHaveLength(15);
    expect(summary.demonstrationCommunities).toEqual(
      expect.arrayContaining(["南苑社区", "锦园社区", "东风社区", "邻德社区", "红旗社区"]),
    );
    expect(summary.domains).toBe(12);
    expect(summary.services).toBeGreaterThanOrEqual(100);
    expect(summary.resources).toBeGreaterThanOrEqual(5000);
  });

  it("prints a readable summary in Chinese with --lang zh", async () => {
    const { code, out } = await runCli(["district", "validate", tongchuan, "--lang", "zh"]);
    expect(code).toBe(0);
    expect(out).toContain("铜川市");
    expect(out).toContain("示范社区 15 个");
  });

  it("exits 1 with a clear error, not a stack trace, for a missing folder", async () => {
    const { code, err } = await runCli(["district", "validate", "/no/such/place"]);
    expect(code).toBe(1);
    expect(err).toContain("[io.not_a_folder]");
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("exits 1 and lists every problem as JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lianxin-cli-"));
    try {
      const { code, out } = await runCli(["district", "validate", dir, "--json"]);
      expect(code).toBe(1);
      const { ok, issues } = JSON.parse(out);
      expect(ok).toBe(false);
      expect(issues.map((i: { file: string }) => i.file)).toEqual(
        expect.arrayContaining(["district.json", "hierarchy.json", "grids.json", "policies.json"]),
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("exits 2 on usage errors", async () => {
    expect((await runCli(["district", "validate"])).code).toBe(2);
    expect((await runCli(["district", "validate", tongchuan, "--lang", "fr"])).code).toBe(2);
    expect((await runCli(["district", "validate", tongchuan, "--bogus"])).code).toBe(2);
    expect((await runCli(["frobnicate"])).code).toBe(2);
  });

  it("writes a JSON Schema for every bundle file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lianxin-schema-"));
    try {
      const { code } = await runCli(["district", "schema", "--out", dir]);
      expect(code).toBe(0);
      const schema = JSON.parse(await readFile(join(dir, "hierarchy.schema.json"), "utf8"));
      expect(schema.$schema).toContain("json-schema.org");
      expect(JSON.stringify(schema)).toContain('"grid"');
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("runs as `pnpm lianxin` from the workspace", () => {
    const r = spawnSync("pnpm", ["--silent", "lianxin", "district", "validate", "/no/such/place"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("io.not_a_folder");
  });
});
