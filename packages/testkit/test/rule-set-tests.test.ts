import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ruleSetTests } from "@lianxin/testkit/rules";
import { sampleRuleSet } from "../../core/test/rules/sample-rule-set.js";

// The helper registers the sample's own tests, from a file and from an object.
const dir = mkdtempSync(join(tmpdir(), "lianxin-testkit-"));
const file = join(dir, "triage.json");
writeFileSync(file, JSON.stringify(sampleRuleSet(), null, 2));
ruleSetTests(file, { requireEveryRuleMatched: true });
ruleSetTests(sampleRuleSet(), { lang: "zh-CN" });
