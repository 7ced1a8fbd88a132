import { formatIssue } from "@lianxin/core";
import type { CliIo } from "../cli-io.js";
import { t } from "../lang.js";
import { readRuleCommand } from "../rule-command-options.js";

/** `lianxin rules validate <files...> [--district <dir>] [--json] [--lang zh|en]`. */
export async function rulesValidate(args: string[], io: CliIo): Promise<number> {
  const { files, json, lang } = await readRuleCommand(args, io, {
    usage: "usage: lianxin rules validate <files...> [--district <dir>]",
  });
  const bad = files.filter((f) => f.issues.length > 0);
  if (json) {
    io.out(
      JSON.stringify({
        ok: bad.length === 0,
        files: files.map((f) => ({ path: f.path, ok: f.issues.length === 0, issues: f.issues })),
      }),
    );
    return bad.length === 0 ? 0 : 1;
  }
  for (const f of files) {
    if (f.issues.length === 0) {
      const rs = f.ruleSet!;
      io.out(
        t(
          lang,
          `✓ ${f.path}：${rs.id} ${rs.version}，${rs.rules.length} 条规则，${rs.tests?.length ?? 0} 个测试`,
          `✓ ${f.path}: ${rs.id} ${rs.version}, ${rs.rules.length} rules, ${rs.tests?.length ?? 0} tests`,
        ),
      );
    } else for (const i of f.issues) io.err(formatIssue(i, lang));
  }
  if (bad.length > 0) {
    const n = bad.reduce((s, f) => s + f.issues.length, 0);
    io.err(t(lang, `${bad.length} 个文件共有 ${n} 个问题`, `${n} problem(s) in ${bad.length} file(s)`));
    return 1;
  }
  return 0;
}
