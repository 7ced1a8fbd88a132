import { formatIssue, LianxinError } from "@lianxin/core";
import type { CliIo } from "./cli-io.js";
import { districtSchema } from "./commands/district-schema.js";
import { districtValidate } from "./commands/district-validate.js";
import { exportHsds } from "./commands/export-hsds.js";
import { exportOpen311 } from "./commands/export-open311.js";
import { importHsds } from "./commands/import-hsds.js";
import { importOpen311 } from "./commands/import-open311.js";
import { rulesDiff } from "./commands/rules-diff.js";
import { rulesExplain } from "./commands/rules-explain.js";
import { rulesSchema } from "./commands/rules-schema.js";
import { rulesTest } from "./commands/rules-test.js";
import { rulesValidate } from "./commands/rules-validate.js";
import { simulate } from "./commands/simulate.js";
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
  simulate <bundle-dir> [--days 30] [--seed 1]      simulate the district through the engine; KPI tables
      [--scenario baseline|cold-wave|staff-loss|holiday]...  [--rules <dir|file>]...
      [--store memory|sqlite:<path>|postgres://...] [--overwrite]
      [--needs-per-day <n>] [--start YYYY-MM-DD] [--report <file.html>]
  import open311 <file|dir> --district <dir>        Open311 GeoReport v2 services (into services.json)
      [--what services|requests] [--store ...] [--format json|xml] [--skip-invalid] [--dry-run]
                                                    or requests (submitted to the engine on --store)
  export open311 --district <dir> [--what services|requests] [--format json|xml] [--out <file|dir>]
  import hsds <file|dir> --district <dir>           HSDS 3.0 documents into resources.json / services.json
      [--taxonomy-map <file>] [--skip-invalid] [--dry-run]
  export hsds --district <dir> [--out <dir>]        the resources and services lists as HSDS 3.0 (validated)

common options: --json (machine output), --lang zh|en

exit status: 0 valid (or done), 1 invalid (or failed), 2 usage error`;

/** The commands by name: one word (`simulate`) or two (`rules test`). */
const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  "district validate": districtValidate,
  "district schema": districtSchema,
  "rules validate": rulesValidate,
  "rules test": rulesTest,
  "rules explain": rulesExplain,
  "rules diff": rulesDiff,
  "rules schema": rulesSchema,
  simulate,
  "import open311": importOpen311,
  "export open311": exportOpen311,
  "import hsds": importHsds,
  "export hsds": exportHsds,
};

/** The command `argv` calls (two-word names first) and its arguments, or undefined. */
function findCommand(argv: string[]): { run: (typeof COMMANDS)[string]; args: string[] } | undefined {
  for (const words of [2, 1]) {
    if (argv.length < words) continue;
    const key = argv.slice(0, words).join(" ");
    if (Object.hasOwn(COMMANDS, key)) return { run: COMMANDS[key]!, args: argv.slice(words) };
  }
  return undefined;
}

/** Runs the `lianxin` command line and returns its exit status; never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const command = findCommand(argv);
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.out(USAGE);
    return 0;
  }
  if (!command) {
    io.err(`unknown command: ${argv.join(" ")}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command.run(command.args, io);
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
