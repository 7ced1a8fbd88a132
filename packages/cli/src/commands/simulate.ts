import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type District, type Lang, LianxinError, loadDistrict } from "@lianxin/core";
import {
  formatKpiTable,
  renderReport,
  simulate as runSimulation,
  SCENARIO_NAMES,
  type ScenarioName,
  type SimulationResult,
  scenarioByName,
  type UnitKpis,
} from "@lianxin/simulator";
import type { CliIo } from "../cli-io.js";
import { pickLang, t } from "../lang.js";
import { progressBar } from "../progress-bar.js";
import { readRuleFiles } from "../read-rule-files.js";
import { openSimulationStore, parseStoreOption } from "../simulation-store.js";
import { UsageError } from "../usage-error.js";

const USAGE =
  "usage: lianxin simulate <bundle-dir> [--days <n>] [--seed <n>] [--scenario <name>]... [--rules <dir|file>]... " +
  "[--store memory|sqlite:<path>|postgres://...] [--overwrite] [--needs-per-day <n>] [--start YYYY-MM-DD] " +
  "[--json] [--report <file>] [--lang zh|en]";

/** The longest run and the largest seed the simulator accepts. */
const MAX_DAYS = 366;
const MAX_SEED = 0xffff_ffff;

/**
 * `lianxin simulate <bundle-dir>`: simulates the district for `--days` days through the full
 * engine on the chosen store, with a progress bar on standard error; prints the KPI tables of the
 * districts/counties and of the demonstration communities (or, with `--json`, one JSON document)
 * and writes the HTML report when `--report` names a file. 0 on success, 1 on errors, 2 on usage
 * errors.
 */
export async function simulate(args: string[], io: CliIo): Promise<number> {
  const started = performance.now();
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      days: { type: "string", default: "30" },
      seed: { type: "string", default: "1" },
      scenario: { type: "string", multiple: true },
      rules: { type: "string", multiple: true },
      store: { type: "string", default: "memory" },
      overwrite: { type: "boolean", default: false },
      "needs-per-day": { type: "string" },
      start: { type: "string" },
      json: { type: "boolean", default: false },
      report: { type: "string" },
      lang: { type: "string" },
    },
  });
  const lang = pickLang(values.lang, io.env);
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const bundle = positionals[0]!;
  const days = integerOption("--days", values.days, 1, MAX_DAYS);
  const seed = integerOption("--seed", values.seed, 0, MAX_SEED);
  const needsPerDay =
    values["needs-per-day"] === undefined
      ? undefined
      : numberOption("--needs-per-day", values["needs-per-day"]);
  const start = values.start === undefined ? undefined : dateOption(values.start);
  const scenarioNames = (values.scenario ?? []).map(scenarioOption);
  const storeSpec = parseStoreOption(values.store);

  const district = await loadDistrict(bundle, { geometry: false });
  const ruleSets = await readRuleSets(values.rules ?? [join(bundle, "rules")], district);
  const scenarios = scenarioNames.flatMap((name) => scenarioByName(name, days));

  const opened = await openSimulationStore(storeSpec, { overwrite: values.overwrite, now: new Date() });
  const bar = progressBar(
    { line: (text) => io.err(text), ...(io.errTerminal ? { redraw: io.errTerminal } : {}) },
    days,
    t(lang, "模拟中", "simulating"),
  );
  let result: SimulationResult;
  try {
    result = await runSimulation({
      district,
      ruleSets,
      store: opened.store,
      seed,
      days,
      ...(start === undefined ? {} : { start }),
      scenarios,
      ...(needsPerDay === undefined ? {} : { demand: { needsPerDay } }),
      // The digest covers the event log either way; the report and the output need only the KPIs.
      eventLog: false,
      onProgress: (p) => bar.update(p.day, t(lang, `天，需求 ${p.needs} 件`, `days, ${p.needs} needs`)),
    });
  } finally {
    bar.finish();
    await opened.close();
  }

  const reportPath = values.report === undefined ? undefined : resolve(values.report);
  if (reportPath !== undefined) {
    await mkdir(dirname(reportPath), { recursive: true });
    await writeFile(reportPath, renderReport(result, { lang: lang === "zh-CN" ? "zh" : "en" }), "utf8");
  }
  const wallMs = Math.round(performance.now() - started);

  if (values.json) {
    io.out(
      JSON.stringify({
        seed: result.seed,
        days: result.days,
        start: result.start,
        end: result.end,
        district: result.district,
        scenarios: result.scenarios,
        store: opened.label,
        counts: result.counts,
        kpis: result.kpis.filter((row) => row.period === "total"),
        digest: result.digest,
        wallMs,
        ...(reportPath === undefined ? {} : { report: reportPath }),
      }),
    );
    return 0;
  }
  io.out(formatHuman(result, district, { lang, scenarioNames, store: opened.label, wallMs, reportPath }));
  return 0;
}

const count = (n: number) => n.toLocaleString("en-US");

/** The header, the two KPI tables and where the report went. */
function formatHuman(
  result: SimulationResult,
  district: District,
  info: {
    lang: Lang;
    scenarioNames: string[];
    store: string;
    wallMs: number;
    reportPath: string | undefined;
  },
): string {
  const { lang } = info;
  const tableLang = lang === "zh-CN" ? "zh" : "en";
  const name =
    lang === "zh-CN" ? result.district.name.zh : (result.district.name.en ?? result.district.name.zh);
  const scenarios = info.scenarioNames.filter((n) => n !== "baseline");
  const seconds = (info.wallMs / 1000).toFixed(1);
  const totals = result.kpis.filter((row) => row.period === "total");
  const districts = totals.filter((row) => row.level === "city" || row.level === "district");
  const demonstration = new Set(
    district.hierarchy
      .atLevel("community")
      .filter((u) => u.demonstration === true)
      .map((u) => u.code),
  );
  const communities = totals.filter((row) => demonstration.has(row.unit));
  const lines = [
    t(
      lang,
      `${name}（${result.district.id}）：${result.days} 天，自 ${result.start} 起；种子 ${result.seed}；情景：${scenarios.join("、") || "基线"}`,
      `${name} (${result.district.id}): ${result.days} days from ${result.start}; seed ${result.seed}; scenarios: ${scenarios.join(", ") || "baseline"}`,
    ),
    t(
      lang,
      `需求 ${count(result.counts.needs)} 件，工单 ${count(result.counts.workOrders)} 张，事件 ${count(result.counts.events)} 条；存储 ${info.store}；用时 ${seconds} 秒`,
      `${count(result.counts.needs)} needs, ${count(result.counts.workOrders)} work orders, ${count(result.counts.events)} events; store ${info.store}; ${seconds} s`,
    ),
    "",
    t(lang, "各区县关键指标", "KPIs per district/county"),
    tableOrNone(districts, tableLang, lang),
    t(
      lang,
      `示范社区关键指标（${communities.length} 个）`,
      `KPIs of the ${communities.length} demonstration communities`,
    ),
    tableOrNone(communities, tableLang, lang),
    `${t(lang, "摘要", "digest")} ${result.digest}`,
  ];
  if (info.reportPath !== undefined)
    lines.push(t(lang, `报告：${info.reportPath}`, `report: ${info.reportPath}`));
  return lines.join("\n");
}

function tableOrNone(rows: readonly UnitKpis[], tableLang: "zh" | "en", lang: Lang): string {
  return rows.length === 0
    ? t(lang, "（本次运行未计算这些单位的指标）\n", "(no KPIs were computed for these units)\n")
    : formatKpiTable(rows, { lang: tableLang });
}

/** Reads the rule files (folders expanded) and validates them against the district. */
async function readRuleSets(paths: string[], district: District): Promise<unknown[]> {
  const files = await readRuleFiles(paths, district);
  const issues = files.flatMap((f) => f.issues);
  if (issues.length > 0)
    throw new LianxinError("rules.invalid", `${issues.length} problem(s) in the rule sets`, { issues });
  if (files.length === 0)
    throw new LianxinError(
      "simulate.no_rules",
      `no rule files in ${paths.join(", ")}: pass --rules <dir|file>`,
    );
  return files.map((f) => f.ruleSet!);
}

function scenarioOption(value: string): ScenarioName {
  if (!(SCENARIO_NAMES as readonly string[]).includes(value))
    throw new UsageError(`--scenario must be one of ${SCENARIO_NAMES.join(", ")}, not ${value}`);
  return value as ScenarioName;
}

function integerOption(name: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  return n;
}

function numberOption(name: string, value: string): number {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(n > 0) || n > 1_000_000) throw new UsageError(`${name} must be a number above 0, not ${value}`);
  return n;
}

function dateOption(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value)
    throw new UsageError(`--start must be a date YYYY-MM-DD, not ${value}`);
  return value;
}
