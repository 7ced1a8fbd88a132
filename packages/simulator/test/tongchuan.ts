import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type District, loadDistrict } from "@lianxin/core";

const dir = fileURLToPath(new URL("../../../examples/tongchuan/", import.meta.url));
let cached: Promise<District> | undefined;

/** Tongchuan, loaded once per test file. */
export function tongchuan(): Promise<District> {
  cached ??= loadDistrict(dir, { geometry: false });
  return cached;
}

/** Tongchuan's rule sets as text, by file name order. */
export function tongchuanRules(): { file: string; text: string }[] {
  return readdirSync(`${dir}rules`)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, text: readFileSync(`${dir}rules/${file}`, "utf8") }));
}
