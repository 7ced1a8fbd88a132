import { District, type Issue, issue, LianxinError } from "@lianxin/core";
import type { SimulateOptions } from "./types.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks {@link SimulateOptions} and throws a {@link LianxinError} `simulation.invalid_options`
 * listing every problem with its field (`/days`, `/scenarios/0/unit`, ...).
 */
export function validateOptions(options: SimulateOptions): void {
  const issues: Issue[] = [];
  const bad = (path: string, zh: string, en: string) =>
    issues.push(issue("simulation.invalid_option", path, zh, en));
  const o = options as Partial<SimulateOptions> | undefined;
  if (!o || typeof o !== "object") {
    throw new LianxinError("simulation.invalid_options", "simulate: options must be an object", {
      issues: [issue("simulation.invalid_option", "", "参数必须是对象", "options must be an object")],
    });
  }
  const district = o.district instanceof District ? o.district : undefined;
  if (!district) bad("/district", "须为 loadDistrict 的结果", "pass the result of loadDistrict(dir)");
  if (!Array.isArray(o.ruleSets)) bad("/ruleSets", "须为规则集数组", "an array of rule sets");
  if (!Number.isInteger(o.days) || (o.days as number) < 1 || (o.days as number) > 366)
    bad("/days", "天数须为 1–366 的整数", "days must be an integer from 1 to 366");
  if (o.seed !== undefined && (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff))
    bad("/seed", "种子须为 0–4294967295 的整数", "seed must be an integer from 0 to 4294967295");
  if (o.start !== undefined && !(typeof o.start === "string" && DATE.test(o.start) && validDate(o.start)))
    bad("/start", "开始日期须为 YYYY-MM-DD", "start must be a date, YYYY-MM-DD");
  if (
    o.residents !== undefined &&
    (!Number.isInteger(o.residents) || o.residents < 0 || o.residents > 5_000_000)
  )
    bad("/residents", "居民数须为 0–5000000 的整数", "residents must be an integer from 0 to 5,000,000");
  if (o.period !== undefined && !["day", "week", "month"].includes(o.period))
    bad("/period", "统计周期须为 day、week 或 month", "period must be day, week or month");
  if (o.store !== undefined && typeof (o.store as { transaction?: unknown }).transaction !== "function")
    bad("/store", "须为 Store", "store must be a Store");
  if (o.channels !== undefined && !Array.isArray(o.channels))
    bad("/channels", "须为渠道数组", "an array of channels");
  const d = o.demand ?? {};
  if (
    d.needsPerDay !== undefined &&
    !(Number.isFinite(d.needsPerDay) && d.needsPerDay >= 0 && d.needsPerDay <= 1_000_000)
  )
    bad("/demand/needsPerDay", "每日需求数须为 0–1000000", "needsPerDay must be from 0 to 1,000,000");
  if (d.burstChancePerDay !== undefined && !isChance(d.burstChancePerDay))
    bad("/demand/burstChancePerDay", "须为 0–1 的概率", "a probability from 0 to 1");
  const b = o.behaviour ?? {};
  for (const key of [
    "returnChance",
    "sickChance",
    "reachChance",
    "satisfiedOnTime",
    "satisfiedLate",
  ] as const)
    if (b[key] !== undefined && !isChance(b[key]))
      bad(`/behaviour/${key}`, "须为 0–1 的概率", "a probability from 0 to 1");
  if (
    b.acceptMedianMinutes !== undefined &&
    !(Number.isFinite(b.acceptMedianMinutes) && b.acceptMedianMinutes > 0)
  )
    bad("/behaviour/acceptMedianMinutes", "须为正数", "must be a positive number");
  if (
    b.dailyCapacity !== undefined &&
    !(Number.isInteger(b.dailyCapacity) && b.dailyCapacity >= 1 && b.dailyCapacity <= 1000)
  )
    bad("/behaviour/dailyCapacity", "须为 1–1000 的整数", "an integer from 1 to 1000");
  const known = (code: string) => district?.hierarchy.unit(code) !== undefined;
  (o.kpiUnits ?? []).forEach((u, i) => {
    if (!known(u)) bad(`/kpiUnits/${i}`, `未知的单元 ${u}`, `unknown unit ${u}`);
  });
  const days = Number.isInteger(o.days) ? (o.days as number) : 366;
  (o.scenarios ?? []).forEach((s, i) => {
    const p = `/scenarios/${i}`;
    if (
      !s ||
      typeof s !== "object" ||
      !["cold-wave", "staff-loss", "rule-switch", "holiday"].includes(s.kind)
    ) {
      bad(`${p}/kind`, "未知的场景", "unknown scenario kind (cold-wave, staff-loss, rule-switch, holiday)");
      return;
    }
    if (s.startDay !== undefined && !(Number.isInteger(s.startDay) && s.startDay >= 0 && s.startDay < days))
      bad(`${p}/startDay`, "开始日须在运行天数之内", `startDay must be an integer from 0 to ${days - 1}`);
    if (s.kind === "cold-wave") {
      if (s.unit !== undefined && !known(s.unit))
        bad(`${p}/unit`, `未知的单元 ${s.unit}`, `unknown unit ${s.unit}`);
      if (
        s.multiplier !== undefined &&
        !(Number.isFinite(s.multiplier) && s.multiplier >= 0 && s.multiplier <= 100)
      )
        bad(`${p}/multiplier`, "倍数须为 0–100", "multiplier must be from 0 to 100");
      if (s.days !== undefined && !(Number.isInteger(s.days) && s.days >= 1))
        bad(`${p}/days`, "须为正整数", "a positive integer");
      if (s.categories !== undefined && !Array.isArray(s.categories))
        bad(`${p}/categories`, "须为类别数组", "an array of category ids");
    } else if (s.kind === "staff-loss") {
      if (s.street !== undefined && district?.hierarchy.unit(s.street)?.level !== "street")
        bad(`${p}/street`, `${s.street} 不是街道`, `${s.street} is not a street`);
      if (s.fraction !== undefined && !isChance(s.fraction))
        bad(`${p}/fraction`, "须为 0–1", "a fraction from 0 to 1");
    } else if (s.kind === "holiday") {
      if (s.days !== undefined && !(Number.isInteger(s.days) && s.days >= 1))
        bad(`${p}/days`, "须为正整数", "a positive integer");
    } else if (!Array.isArray(s.ruleSets)) bad(`${p}/ruleSets`, "须为规则集数组", "an array of rule sets");
  });
  if (issues.length > 0)
    throw new LianxinError(
      "simulation.invalid_options",
      `simulate: ${issues.length} problem(s) in the options`,
      { issues },
    );
}

function isChance(x: unknown): boolean {
  return typeof x === "number" && Number.isFinite(x) && x >= 0 && x <= 1;
}

function validDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
