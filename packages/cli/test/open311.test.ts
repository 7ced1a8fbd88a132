import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../src/cli-io.js";
import { exportOpen311 } from "../src/commands/export-open311.js";
import { importOpen311 } from "../src/commands/import-open311.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const tongchuan = join(root, "examples/tongchuan");
const fixtures = join(root, "packages/open311/test/fixtures");

async function run(command: typeof exportOpen311, args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), env: {} };
  const code = await command(args, io);
  return { code, out, err };
}

/** `lianxin import open311 <file> --district <bundle> --what requests --store <store> ...extra`. */
function importRequests(file: string, store: string, ...extra: string[]) {
  return run(importOpen311, [file, "--district", bundle, "--what", "requests", "--store", store, ...extra]);
}

/** `lianxin export open311 --district <bundle> --what requests --store <store> ...extra`. */
function exportRequests(store: string, ...extra: string[]) {
  return run(exportOpen311, ["--district", bundle, "--what", "requests", "--store", store, ...extra]);
}

let tmp: string;
let bundle: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "lianxin-open311-"));
  bundle = join(tmp, "tongchuan");
  await cp(tongchuan, bundle, { recursive: true, filter: (src) => !src.includes("node_modules") });
}, 60_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("lianxin export/import open311 services", () => {
  it("exports the list and every definition, and importing them back changes nothing", async () => {
    const out = join(tmp, "export-xml");
    const exported = await run(exportOpen311, [
      "--district",
      bundle,
      "--format",
      "xml",
      "--out",
      out,
      "--lang",
      "zh",
    ]);
    expect(exported.code).toBe(0);
    expect(await readFile(join(out, "services.xml"), "utf8")).toContain(
      "<service_code>DB-WJ-001</service_code>",
    );
    expect(await readFile(join(out, "services/DB-WJ-001.xml"), "utf8")).toContain("<service_definition>");
    const before = await readFile(join(bundle, "services.json"), "utf8");
    const back = await run(importOpen311, [out, "--district", bundle, "--lang", "zh", "--json"]);
    expect(back.code).toBe(0);
    const summary = JSON.parse(back.out);
    expect(summary).toMatchObject({
      ok: true,
      read: 135,
      imported: 0,
      unchanged: 135,
      rejected: 0,
      written: null,
    });
    expect(await readFile(join(bundle, "services.json"), "utf8")).toBe(before);
  }, 60_000);

  it("prints the service list on standard output", async () => {
    const { code, out } = await run(exportOpen311, ["--district", bundle, "--lang", "en"]);
    expect(code).toBe(0);
    expect(
      JSON.parse(out).find((s: { service_code: string }) => s.service_code === "DB-WJ-001").service_name,
    ).toBe("Buy and deliver medicine");
  }, 60_000);

  it("imports a Chicago-style list into services.json, and the bundle still validates", async () => {
    const dir = join(tmp, "chicago");
    await cp(join(fixtures, "chicago-services.xml"), join(dir, "services.xml"));
    await cp(join(fixtures, "chicago-definition-001.xml"), join(dir, "services/001.xml"));
    const r = await run(importOpen311, [
      dir,
      "--district",
      bundle,
      "--lang",
      "en",
      "--domain",
      "urban-management",
    ]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("read 3, imported 3, unchanged 0, rejected 0");
    const written = JSON.parse(await readFile(join(bundle, "services.json"), "utf8"));
    const cans = written.items.find((i: { code: string }) => i.code === "OPEN311-001");
    expect(cans.attributes.map((a: { code: string }) => a.code)).toEqual(["whisdorn", "whispawn"]);
    expect(written.items).toHaveLength(138);
    const again = await run(importOpen311, [
      dir,
      "--district",
      bundle,
      "--lang",
      "en",
      "--domain",
      "urban-management",
      "--json",
    ]);
    expect(JSON.parse(again.out)).toMatchObject({ imported: 0, unchanged: 3 });
  }, 60_000);

  it("exits 1 with every problem and writes nothing for a bad document", async () => {
    const before = await readFile(join(bundle, "services.json"), "utf8");
    const bad = await run(importOpen311, [
      join(fixtures, "wrong-types-services.json"),
      "--district",
      bundle,
      "--lang",
      "en",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("/1/service_code");
    expect(bad.err).toContain("service_code must be a string, not object");
    expect(bad.err).toContain("nothing was written");
    const malformed = await run(importOpen311, [
      join(fixtures, "malformed-services.xml"),
      "--district",
      bundle,
    ]).catch((e) => e);
    expect(malformed.code).toBe("open311.invalid");
    expect(await readFile(join(bundle, "services.json"), "utf8")).toBe(before);
    const dry = await run(importOpen311, [
      join(fixtures, "wrong-types-services.json"),
      "--district",
      bundle,
      "--skip-invalid",
      "--dry-run",
      "--json",
    ]);
    expect(JSON.parse(dry.out)).toMatchObject({ ok: true, read: 3, imported: 1, rejected: 2, written: null });
    expect(await readFile(join(bundle, "services.json"), "utf8")).toBe(before);
  }, 60_000);
});

describe("lianxin export/import open311 requests", () => {
  it("submits requests idempotently to a store and exports them back", async () => {
    const store = `sqlite:${join(tmp, "store.sqlite")}`;
    const file = join(fixtures, "seeclickfix-requests.json");
    const first = await importRequests(file, store, "--json");
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ read: 3, imported: 3, unchanged: 0, rejected: 0 });
    const second = await importRequests(file, store, "--json");
    expect(JSON.parse(second.out)).toMatchObject({ imported: 0, unchanged: 3 });
    const exported = await exportRequests(store, "--lang", "en");
    expect(exported.code).toBe(0);
    const requests = JSON.parse(exported.out);
    expect(requests).toHaveLength(3);
    for (const r of requests) {
      expect(["open", "closed"]).toContain(r.status);
      expect(r.requested_datetime).toMatch(/[+-]\d\d:\d\d$|Z$/);
    }
    expect(requests.map((r: { service_code: string }) => r.service_code).sort()).toEqual([
      "DB-MZ-001",
      "DB-RS-002",
      "DB-WJ-001",
    ]);
  }, 90_000);

  it("rejects unknown service codes: nothing submitted, or the rest with --skip-invalid", async () => {
    const store = `sqlite:${join(tmp, "store2.sqlite")}`;
    const file = join(fixtures, "unknown-code-requests.json");
    const bad = await importRequests(file, store, "--lang", "en");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("unknown-code-requests.json#/1/service_code unknown service code POTHOLE");
    const none = await exportRequests(store).catch((e) => e);
    expect(none.code).toBe("io.not_found");
    const skip = await importRequests(file, store, "--skip-invalid", "--json");
    expect(JSON.parse(skip.out)).toMatchObject({ read: 2, imported: 1, rejected: 1 });
  }, 90_000);

  it("exits 2 on usage errors", async () => {
    await expect(run(exportOpen311, ["--what", "services"])).rejects.toThrow(/usage/);
    await expect(run(importOpen311, ["x", "--district", bundle, "--format", "csv"])).rejects.toThrow(
      /--format/,
    );
  });
});
