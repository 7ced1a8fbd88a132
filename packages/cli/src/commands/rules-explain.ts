import { readFile } from "node:fs/promises";
import { explainRuleSet, type Facts, formatExplanation, formatIssue, parseJsonSource } from "@lianxin/core";
import type { CliIo } from "../cli-io.js";
import { t } from "../lang.js";
import { readRuleCommand } from "../rule-command-options.js";

/** `lianxin rules explain <file> --facts <facts.json> [--json] [--lang zh|en]`: why each rule matched or not. */
export async function rulesExplain(args: string[], io: CliIo): Promise<number> {
  const {
    files: [file],
    json,
    lang,
    option: facts,
  } = await readRuleCommand(args, io, {
    usage: "usage: lianxin rules explain <file> --facts <facts.json>",
    files: 1,
    option: "facts",
  });
  if (!file?.ruleSet) {
    for (const i of file?.issues ?? []) io.err(formatIssue(i, lang));
    return 1;
  }
  const text = await readFile(facts, "utf8").catch((e: Error) => e);
  if (text instanceof Error) {
    io.err(t(lang, `无法读取 ${facts}`, `cannot read ${facts}: ${text.message}`));
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
        `${facts}${where}：需要一个事实对象，如 {"need": {...}, "resident": {...}}`,
        `${facts}${where}: expected a facts object such as {"need": {...}, "resident": {...}}`,
      ),
    );
    return 1;
  }
  const explanation = explainRuleSet(file.ruleSet, parsed.value as Facts);
  io.out(json ? JSON.stringify(explanation) : formatExplanation(explanation, lang));
  return 0;
}
