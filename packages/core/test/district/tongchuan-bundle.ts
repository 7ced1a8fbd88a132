import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DISTRICT_FILES, type DistrictFileName } from "@lianxin/core";

/** The folder of the Tongchuan reference district. */
export const TONGCHUAN_DIR = fileURLToPath(new URL("../../../../examples/tongchuan/", import.meta.url));

let cached: Record<string, string> | undefined;

/** A fresh deep copy of the raw Tongchuan bundle files, parsed from disk once per test file. */
export function tongchuanFiles(): Record<DistrictFileName, any> {
  cached ??= Object.fromEntries(
    Object.keys(DISTRICT_FILES).map((name) => [name, readFileSync(`${TONGCHUAN_DIR}${name}`, "utf8")]),
  );
  return Object.fromEntries(Object.entries(cached).map(([k, v]) => [k, JSON.parse(v)])) as Record<
    DistrictFileName,
    any
  >;
}
