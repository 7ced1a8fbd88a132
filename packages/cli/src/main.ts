import { formatIssue, LianxinError } from "@lianxin/core";
import type { CliIo } from "./cli-io.js";
import { districtSchema } from "./commands/district-schema.js";
import { districtValidate } from "./commands/district-validate.js";
import { rulesDiff } from "./commands/rules-diff.js";
import { rulesExplain } from "./commands/rules-explain.js";
import { rulesSchema } from "./commands/rules-schema.js";
import { rulesTest } from "./commands/rules-test.js";
import { rulesValidate } from "./commands/rules-validate.js";
import { pickLang } from "./lang.js";
import { UsageError } from "./usage-error.js";

const USAGE = `lianxin <command>

  district validate <dir> [--json] [--lang zh|en]   check a district bundle folder
  district schema [--out <dir>]                     write the JSON Schema of each bundle file
  rules validate <files|dirs...> [--district <dir>] check rule sets
  rules test <files|dirs...> [--district <dir>]     run the tests in rule sets; ends "N passed, N failed"
  rules explain <file> --facts <facts.json>         why each rule matched or not
  rules diff <old> <new> --needs <needs.jsonl>      needs a new version would decide differently
  rules schema [--out <file>]                       the JSON Schema of the rule-set format

common options: --json (machine output), --lang zh|en

exit status: 0 valid, 1 invalid, 2 usage error`;

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  "district validate": districtValidate,
  "district schema": districtSchema,
  "rules validate": rulesValidate,
  "rules test": rulesTest,
  "rules explain": rulesExplain,
  "rules diff": rulesDiff,
  "rules schema": rulesSchema,
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
      for (const i of e.issues) io.err(formatIssue(i, pickLang(undefined, io.env)));
      io.err(`[${e.code}] ${e.message}`);
      return 1;
    }
    io.err(`lianxin: ${(e as Error).message ?? String(e)}`);
    return 1;
  }
}
