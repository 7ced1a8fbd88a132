import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ruleSetJsonSchema } from "@lianxin/core";
import type { CliIo } from "../cli-io.js";

/** `lianxin rules schema [--out <file>]`: the JSON Schema of the rule-set format, for editors. */
export async function rulesSchema(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: "string" } } });
  const text = `${JSON.stringify(ruleSetJsonSchema(), null, 2)}\n`;
  if (values.out === undefined) io.out(text.trimEnd());
  else {
    await writeFile(values.out, text);
    io.out(values.out);
  }
  return 0;
}
