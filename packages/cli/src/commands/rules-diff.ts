import { readFile } from "node:fs/promises";
import { diffRuleSets, type Facts, formatIssue, parseJsonSource } from "@lianxin/core";
import type { CliIo } from "../cli-io.js";
import { t } from "../lang.js";
import { readRuleCommand } from "../rule-command-options.js";

/**
 * `lianxin rules diff <old> <new> --needs <needs.jsonl> [--json] [--lang zh|en]`: which needs the
 * new version would decide differently, and how. Each line of the JSONL file is a facts object.
 */
export async function rulesDiff(args: string[], io: CliIo): Promise<number> {
  const {
    files,
    json,
    lang,
    option: needsFile,
  } = await readRuleCommand(args, io, {
    usage: "usage: lianxin rules diff <old.json> <new.json> --needs <needs.jsonl>",
    files: 2,
    option: "needs",
  });
  const bad = files.flatMap((f) => f.issues);
  if (bad.length > 0) {
    for (const i of bad) io.err(formatIssue(i, lang));
    return 1;
  }
  const text = await readFile(needsFile, "utf8").catch((e: Error) => e);
  if (text instanceof Error) {
    io.err(t(lang, `无法读取 ${needsFile}`, `cannot read ${needsFile}: ${text.message}`));
    return 1;
  }
  const needs: Facts[] = [];
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const parsed = parseJsonSource(line);
    if (
      !parsed.ok ||
      parsed.value === null ||
      typeof parsed.value !== "object" ||
      Array.isArray(parsed.value)
    ) {
      io.err(
        t(
          lang,
          `${needsFile}:${i + 1}：每行需要一个事实对象`,
          `${needsFile}:${i + 1}: each line must be a facts object`,
        ),
      );
      return 1;
    }
    needs.push(parsed.value as Facts);
  }
  const diff = diffRuleSets(files[0]!.ruleSet!, files[1]!.ruleSet!, needs);
  if (json) {
    io.out(JSON.stringify(diff));
    return 0;
  }
  const show = (e: { type: string; params: unknown }) => `${e.type} ${JSON.stringify(e.params)}`;
  for (const c of diff.changed) {
    io.out(t(lang, `需求 ${c.needId ?? `#${c.index + 1}`}：`, `need ${c.needId ?? `#${c.index + 1}`}:`));
    for (const e of c.removed) io.out(`  - ${show(e)}`);
    for (const e of c.added) io.out(`  + ${show(e)}`);
    if (c.added.length === 0 && c.removed.length === 0)
      io.out(t(lang, "  （事件顺序改变）", "  (events reordered)"));
  }
  io.out(
    t(
      lang,
      `${diff.from.version} → ${diff.to.version}：${diff.needs} 条需求中有 ${diff.changed.length} 条的处理结果不同`,
      `${diff.from.version} → ${diff.to.version}: ${diff.changed.length} of ${diff.needs} needs decided differently`,
    ),
  );
  return 0;
}
