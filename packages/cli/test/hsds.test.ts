import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadDistrict } from "@lianxin/core";
import { validateHsds } from "@lianxin/hsds";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../src/cli-io.js";
import { exportHsds } from "../src/commands/export-hsds.js";
import { importHsds } from "../src/commands/import-hsds.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const tongchuan = join(root, "examples/tongchuan");
const examples = join(root, "packages/hsds/test/fixtures/hsds-3.0/examples");

async function run(cmd: (a: string[], io: CliIo) => Promise<number>, args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), env: {} };
  const code = await cmd(args, io);
  return { code, out, err };
}

let tmp: string;
let bundle: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "lianxin-hsds-"));
  bundle = join(tmp, "tongchuan");
  await cp(tongchuan, bundle, { recursive: true, filter: (src) => !src.includes("node_modules") });
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("lianxin export hsds / import hsds", () => {
  it("exports Tongchuan as valid HSDS files and re-imports them unchanged", async () => {
    const out = join(tmp, "hsds");
    const exp = await run(exportHsds, ["--district", bundle, "--out", out, "--json"]);
    expect(exp.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      "locations.json",
      "organizations.json",
      "services.json",
      "taxonomies.json",
      "taxonomy_terms.json",
    ]);
    const services = JSON.parse(await readFile(join(out, "services.json"), "utf8"));
    expect(validateHsds("service", services[0])).toEqual([]);
    const before = await readFile(join(bundle, "resources.json"), "utf8");
    const imp = await run(importHsds, [out, "--district", bundle, "--json"]);
    expect(imp.err).toBe("");
    expect(imp.code).toBe(0);
    const { summary } = JSON.parse(imp.out);
    expect(summary).toMatchObject({ imported: 0, updated: 0, rejected: 0, unmapped: {} });
    expect(summary.unchanged).toBe(6566 + 135);
    // nothing changed: the bundle is not rewritten
    expect(await readFile(join(bundle, "resources.json"), "utf8")).toBe(before);
  }, 120_000);

  it("imports the official examples into a copy of Tongchuan and keeps it valid", async () => {
    const map = join(tmp, "map.json");
    await writeFile(map, JSON.stringify({ "taxonomy:code": "psychological-counselling" }));
    const dry = await run(importHsds, [examples, "--district", bundle, "--taxonomy-map", map, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("imported 1");
    expect(dry.out).toContain("service.phones:");
    const imp = await run(importHsds, [examples, "--district", bundle, "--taxonomy-map", map]);
    expect(imp.code).toBe(0);
    const d = await loadDistrict(bundle, { geometry: false });
    expect(d.resources.get("hsds-ac148810-d857-441c-9679-408f346de14b")?.capabilities).toEqual([
      "psychological-counselling",
    ]);
  }, 120_000);

  it("rejects a bad document with every issue and writes nothing; --skip-invalid lists the rejected record", async () => {
    const bad = join(tmp, "services.json");
    const page = JSON.parse(await readFile(join(examples, "service_list.json"), "utf8"));
    page.contents.push({ id: "nope", name: "x", status: "open" });
    await writeFile(bad, JSON.stringify(page, null, 2));
    const before = await readFile(join(bundle, "resources.json"), "utf8");
    const r = await run(importHsds, [bad, "--district", bundle]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("[hsds.invalid]");
    expect(r.err).toContain("/contents/1/id");
    expect(await readFile(join(bundle, "resources.json"), "utf8")).toBe(before);
    const s = await run(importHsds, [bad, "--district", bundle, "--skip-invalid", "--dry-run"]);
    expect(s.code).toBe(0);
    expect(s.out).toContain("rejected services.json#/contents/1");
  }, 120_000);

  it("reports malformed JSON with its line and column", async () => {
    const bad = join(tmp, "broken.json");
    await writeFile(bad, '[\n  {"id": }\n]');
    const r = await run(importHsds, [bad, "--district", bundle]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/broken\.json#\s?\(2:\d+\) \[json\.syntax\]/);
  }, 60_000);
});
