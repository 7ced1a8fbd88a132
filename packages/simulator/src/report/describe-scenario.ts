import type { Scenario, SimulationResult } from "../types.js";
import { type Bilingual, formatRate } from "./report-labels.js";

/** The date `days` after a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * One line describing a scenario with its defaults resolved, in both languages. Units are named
 * from the result's KPI rows when they are there, else by code.
 */
export function describeScenario(scenario: Scenario, result: SimulationResult): Bilingual {
  const startDay = scenario.startDay ?? Math.floor(result.days / 3);
  const from = addDays(result.start, startDay);
  const unitName = (code: string | undefined): Bilingual => {
    if (code === undefined) return { zh: "全域", en: "the whole district" };
    const row = result.kpis.find((r) => r.unit === code);
    return row ? { zh: row.name.zh, en: row.name.en ?? row.name.zh } : { zh: code, en: code };
  };
  switch (scenario.kind) {
    case "cold-wave": {
      const days = scenario.days ?? 7;
      const multiplier = scenario.multiplier ?? 3;
      const ids = scenario.categories ?? ["heating", "medicine"];
      const names = ids.map((id) => result.categories.find((c) => c.id === id)?.name ?? { zh: id, en: id });
      const where = unitName(scenario.unit);
      return {
        zh: `寒潮：${from} 起 ${days} 天，${names.map((n) => n.zh).join("、")}需求 ×${multiplier}，重点：${where.zh}`,
        en: `Cold wave: ${days} days from ${from}, ${names.map((n) => n.en ?? n.zh).join(", ")} needs ×${multiplier}, hardest in ${where.en}`,
      };
    }
    case "staff-loss": {
      const share = formatRate(scenario.fraction ?? 1 / 3);
      const street =
        scenario.street === undefined
          ? { zh: "每名网格员需求最多的街道", en: "the street with the most needs per grid worker" }
          : unitName(scenario.street);
      return {
        zh: `网格员减员：${street.zh}自 ${from} 起减少 ${share}`,
        en: `Staff loss: ${street.en} loses ${share} of its grid workers from ${from}`,
      };
    }
    case "rule-switch": {
      const label = scenario.label === undefined ? "" : ` “${scenario.label}”`;
      const n = scenario.ruleSets.length;
      return {
        zh: `规则切换${label}：${from} 起启用 ${n} 个规则集`,
        en: `Rule switch${label}: ${n} rule set${n === 1 ? "" : "s"} in force from ${from}`,
      };
    }
    case "holiday": {
      const days = scenario.days ?? 7;
      return {
        zh: `假期：${from} 起 ${days} 天`,
        en: `Holiday: ${days} days from ${from}`,
      };
    }
  }
}
