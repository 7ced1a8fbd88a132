import { LianxinError } from "@lianxin/core";
import type { CliIo } from "./cli-io.js";
import { districtSchema } from "./commands/district-schema.js";
import { districtValidate } from "./commands/district-validate.js";
import { UsageError } from "./usage-error.js";

const USAGE = `lianxin <command>

  district validate <dir> [--json] [--lang zh|en]   check a district bundle folder
  district schema [--out <dir>]                     write the JSON Schema of each bundle file

exit status: 0 valid, 1 invalid, 2 usage error`;

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  "district validate": districtValidate,
  "district schema": districtSchema,
};

/** Runs the `lianxin` command line and returns its exit status; never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const key = argv.slice(0, 2).join(" ");
  const command = COMMANDS[key];
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.out(USAGE);
    return 0;
  }
  if (!command) {
    io.err(`unknown command: ${argv.join(" ")}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(argv.slice(2), io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (LianxinError.is(e)) {
      io.err(`[${e.code}] ${e.message}`);
      return 1;
    }
    io.err(`lianxin: ${(e as Error).message ?? String(e)}`);
    return 1;
  }
}
