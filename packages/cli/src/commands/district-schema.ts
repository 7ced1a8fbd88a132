import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { districtJsonSchemas } from "@lianxin/core";
import type { CliIo } from "../cli-io.js";

/**
 * `lianxin district schema [--out <dir>]`: writes `<file>.schema.json` for each bundle file
 * into the folder, or prints them all as one JSON object without `--out`.
 */
export async function districtSchema(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: "string" } } });
  const schemas = districtJsonSchemas();
  if (values.out === undefined) {
    io.out(JSON.stringify(schemas, null, 2));
    return 0;
  }
  await mkdir(values.out, { recursive: true });
  for (const [name, schema] of Object.entries(schemas)) {
    const path = join(values.out, name.replace(".json", ".schema.json"));
    await writeFile(path, `${JSON.stringify(schema, null, 2)}\n`);
    io.out(path);
  }
  return 0;
}
