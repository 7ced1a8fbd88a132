import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { explainRuleSet, type Facts, formatExplanation, formatIssue, parseJsonSource } from "@lianxin/core";
import type { CliIo } from "../cli-io.js";
import { pickLang, t } from "../lang.js";
import { districtOption, readRuleFiles } from "../read-rule-files.js";
import { UsageError } from "../usage-error.js";

/** `lianxin rules explain <file> --facts <facts.json> [--json] [--lang zh|en]`: why each rule matched or not. */
export async function rulesExplain(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      facts: { type: "string" },
      json: { type: "boolean", default: false },
      lang: { type: "string" },
      district: { type: "string" },
    },
  });
  const lang = pickLang(values.lang, io.env);
  if (positionals.length !== 1 || values.facts === undefined)
    throw new UsageError("usage: lianxin rules explain <file> --facts <facts.json>");
  const [file] = await readRuleFiles(positionals, await districtOption(values.district));
  if (!file?.ruleSet) {
    for (const i of file?.issues ?? []) io.err(formatIssue(i, lang));
    return 1;
  }
  const text = await readFile(values.facts, "utf8").catch((e: Error) => e);
  if (text instanceof Error) {
    io.err(t(lang, `无法读取 ${values.facts}`, `cannot read ${values.facts}: ${text.message}`));
    return 1;
  }
  const parsed = parseJsonSource(text);
  if (
    !parsed.ok ||
    parsed.value === null ||
    typeof parsed.value !== "object" ||
    Array.isArray(parsed.value)
  ) {
    const where = parsed.ok ? "" : ` (${parsed.problem.line}:${parsed.problem.column})`;
    io.err(
      t(
        lang,
        `${values.facts}${where}：需要一个事实对象，如 {"need": {...}, "resident": {...}}`,
        `${values.facts}${where}: expected a facts object such as {"need": {...}, "resident": {...}}`,
      ),
    );
    return 1;
  }
  const explanation = explainRuleSet(file.ruleSet, parsed.value as Facts);
  io.out(values.json ? JSON.stringify(explanation) : formatExplanation(explanation, lang));
  return 0;
}
