import { formatIssue, formatRuleTestReport, runRuleTests } from "@lianxin/core";
import type { CliIo } from "../cli-io.js";
import { t } from "../lang.js";
import { readRuleCommand } from "../rule-command-options.js";

/**
 * `lianxin rules test <files...> [--district <dir>] [--json] [--lang zh|en]`: runs the tests in
 * each rule set, prints every failure with an explanation and the coverage, and ends with
 * `N passed, N failed`. An invalid file counts as one failure.
 */
export async function rulesTest(args: string[], io: CliIo): Promise<number> {
  const { files, json, lang } = await readRuleCommand(args, io, {
    usage: "usage: lianxin rules test <files...> [--district <dir>]",
  });
  let passed = 0;
  let failed = 0;
  const reports = [];
  for (const f of files) {
    if (!f.ruleSet) {
      failed++;
      if (!json) for (const i of f.issues) io.err(formatIssue(i, lang));
      reports.push({ path: f.path, issues: f.issues });
      continue;
    }
    const report = runRuleTests(f.ruleSet);
    passed += report.passed;
    failed += report.failed;
    reports.push({ path: f.path, ...report });
    if (!json) io.out(formatRuleTestReport(report, lang));
  }
  if (json) io.out(JSON.stringify({ passed, failed, files: reports }));
  else io.out(t(lang, `${passed} passed, ${failed} failed`, `${passed} passed, ${failed} failed`));
  return failed === 0 ? 0 : 1;
}
