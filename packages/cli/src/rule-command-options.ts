import { type ParseArgsConfig, parseArgs } from "node:util";
import type { Lang } from "@lianxin/core";
import type { CliIo } from "./cli-io.js";
import { pickLang } from "./lang.js";
import { districtOption, type RuleFile, readRuleFiles } from "./read-rule-files.js";
import { UsageError } from "./usage-error.js";

/** How a `lianxin rules …` command that reads rule files is called. */
export interface RuleCommandShape {
  /** The usage line thrown as a UsageError when the call does not fit. */
  usage: string;
  /** How many file arguments it takes exactly; without it, one or more. */
  files?: number;
  /** The name of its own string option (`"facts"` for `--facts`), which is then required. */
  option?: string;
}

/** A rules command's parsed call, with its rule files read; `Option` is `string` when it has its own option. */
export interface RuleCommandInput<Option extends string | undefined = string | undefined> {
  /** The rule files (folders expanded), validated against `--district` when given. */
  files: RuleFile[];
  /** `--json`. */
  json: boolean;
  /** The output language (`--lang`, else the environment). */
  lang: Lang;
  /** The value of the command's own (required) option ({@link RuleCommandShape.option}). */
  option: Option;
}

/**
 * Parses `<files...> [--district <dir>] [--json] [--lang zh|en]` plus the command's own option,
 * then reads and validates the files, against the district when `--district` names one. Throws a
 * UsageError when the call does not fit `shape` (or `--lang` is not zh or en), a LianxinError when
 * the district does not load.
 */
export async function readRuleCommand<const S extends RuleCommandShape>(
  args: string[],
  io: CliIo,
  shape: S,
): Promise<RuleCommandInput<S["option"] extends string ? string : undefined>> {
  const options: NonNullable<ParseArgsConfig["options"]> = {
    json: { type: "boolean", default: false },
    lang: { type: "string" },
    district: { type: "string" },
  };
  if (shape.option !== undefined) options[shape.option] = { type: "string" };
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
  const text = (name: string | undefined) =>
    name === undefined ? undefined : (values[name] as string | undefined);
  const lang = pickLang(text("lang"), io.env);
  const option = text(shape.option);
  const fits =
    (shape.files === undefined ? positionals.length > 0 : positionals.length === shape.files) &&
    (shape.option === undefined || option !== undefined);
  if (!fits) throw new UsageError(shape.usage);
  const files = await readRuleFiles(positionals, await districtOption(text("district")));
  return {
    files,
    json: values.json === true,
    lang,
    option: option as S["option"] extends string ? string : undefined,
  };
}
