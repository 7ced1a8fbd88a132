import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type District,
  EVENT_TYPES,
  FACT_CATALOGUE,
  factPaths,
  formatIssue,
  formatRuleTestReport,
  loadDistrict,
  OPERATORS,
  RecipientSchema,
  runRuleTests,
  validateRuleSet,
} from "@lianxin/core";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The rule-authoring guides (docs/rules-guide.zh.md and .en.md) must not drift from the format:
 * every ```json rule-set block is a complete rule set that validates against Tongchuan and passes
 * its own tests, and the reference tables name every fact path, operator, event type and recipient.
 */

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
const GUIDES = { zh: here("../../../docs/rules-guide.zh.md"), en: here("../../../docs/rules-guide.en.md") };

interface Block {
  info: string;
  text: string;
  line: number;
}

/** The fenced code blocks of a Markdown text, with their info string and first line. */
function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    blocks.push({ info: open[1]!.trim(), text: body.join("\n"), line: start + 1 });
  }
  return blocks;
}

const text = (lang: keyof typeof GUIDES) => readFileSync(GUIDES[lang], "utf8");
const ruleSetBlocks = (lang: keyof typeof GUIDES) =>
  fencedBlocks(text(lang)).filter((b) => b.info === "json rule-set");

let district: District;
beforeAll(async () => {
  district = await loadDistrict(here(".."));
});

it("the two guides have the same number of complete rule-set examples", () => {
  expect(ruleSetBlocks("zh").length).toBeGreaterThan(0);
  expect(ruleSetBlocks("en").length).toBe(ruleSetBlocks("zh").length);
});

describe.each(["zh", "en"] as const)("rules-guide.%s.md", (lang) => {
  it("has complete rule-set examples that validate against Tongchuan and pass their tests", () => {
    for (const block of ruleSetBlocks(lang)) {
      const where = `rules-guide.${lang}.md:${block.line}`;
      const result = validateRuleSet(block.text, { district, file: where });
      expect(
        result.issues.map((i) => formatIssue(i)),
        where,
      ).toEqual([]);
      if (!result.ok) continue;
      expect(result.ruleSet.tests?.length ?? 0, `${where}: a rule set example needs tests`).toBeGreaterThan(
        0,
      );
      const report = runRuleTests(result.ruleSet);
      expect(report.failed, `${where}\n${formatRuleTestReport(report)}`).toBe(0);
      expect(report.coverage.rulesNeverMatched, where).toEqual([]);
    }
  });

  it("has partial JSON snippets that are valid JSON", () => {
    for (const block of fencedBlocks(text(lang)).filter((b) => b.info === "json")) {
      expect(() => JSON.parse(block.text), `rules-guide.${lang}.md:${block.line}`).not.toThrow();
    }
  });

  it("names every fact path, operator, event type, stage and recipient", () => {
    const guide = text(lang);
    const paths = Object.entries(FACT_CATALOGUE).flatMap(([fact, type]) =>
      factPaths(type).map((p) => `${fact}.${p}`),
    );
    const names = [
      ...paths,
      ...Object.keys(OPERATORS),
      ...Object.keys(EVENT_TYPES),
      ...RecipientSchema.options,
      "triage",
      "eligibility",
      "routing",
      "matching",
      "deadlines",
      "notifications",
    ];
    expect(names.filter((n) => !guide.includes(`\`${n}\``))).toEqual([]);
  });

  it("documents the CLI commands and exit codes", () => {
    const guide = text(lang);
    for (const command of ["validate", "test", "explain", "diff", "schema"])
      expect(guide).toContain(`rules ${command}`);
    for (const option of ["--district", "--json", "--lang", "--facts", "--needs", "--out"])
      expect(guide).toContain(option);
    expect(guide).toMatch(/\*\*0\*\*.*\*\*1\*\*.*\*\*2\*\*/s);
  });
});
