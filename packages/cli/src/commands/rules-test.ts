import { parseArgs } from "node:util";
import { formatIssue, formatRuleTestReport, runRuleTests } from "@lianxin/core";
import type { CliIo } from "../cli-io.js";
import { pickLang, t } from "../lang.js";
import { districtOption, readRuleFiles } from "../read-rule-files.js";
import { UsageError } from "../usage-error.js";

/**
 * `lianxin rules test <files...> [--district <dir>] [--json] [--lang zh|en]`: runs the tests in
 * each rule set, prints every failure with an explanation and the coverage, and ends with
 * `N passed, N failed`. An invalid file counts as one failure.
 */
export async function rulesTest(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      lang: { type: "string" },
      district: { type: "string" },
    },
  });
  const lang = pickLang(values.lang, io.env);
  if (positionals.length === 0)
    throw new UsageError("usage: lianxin rules test <files...> [--district <dir>]");
  const files = await readRuleFiles(positionals, await districtOption(values.district));
  let passed = 0;
  let failed = 0;
  const reports = [];
  for (const f of files) {
    if (!f.ruleSet) {
      failed++;
      if (!values.json) for (const i of f.issues) io.err(formatIssue(i, lang));
      reports.push({ path: f.path, issues: f.issues });
      continue;
    }
    const report = runRuleTests(f.ruleSet);
    passed += report.passed;
    failed += report.failed;
    reports.push({ path: f.path, ...report });
    if (!values.json) io.out(formatRuleTestReport(report, lang));
  }
  if (values.json) io.out(JSON.stringify({ passed, failed, files: reports }));
  else io.out(t(lang, `${passed} passed, ${failed} failed`, `${passed} passed, ${failed} failed`));
  return failed === 0 ? 0 : 1;
}
