import { parseArgs } from "node:util";
import { checkDistrict, type DistrictSummary, formatIssue, type Lang } from "@lianxin/core";
import type { CliIo } from "../cli-io.js";
import { pickLang, t } from "../lang.js";

/** `lianxin district validate <dir> [--json] [--lang zh|en]`: 0 when valid, 1 with every problem otherwise. */
export async function districtValidate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false }, lang: { type: "string" } },
  });
  const lang = pickLang(values.lang, io.env);
  if (positionals.length !== 1) {
    io.err(
      t(
        lang,
        "用法：lianxin district validate <文件夹> [--json] [--lang zh|en]",
        "usage: lianxin district validate <dir> [--json] [--lang zh|en]",
      ),
    );
    return 2;
  }
  const dir = positionals[0]!;
  const { district, issues } = await checkDistrict(dir);
  if (values.json) {
    io.out(JSON.stringify(district ? { ok: true, summary: district.summary() } : { ok: false, issues }));
    return district ? 0 : 1;
  }
  if (!district) {
    for (const i of issues) io.err(formatIssue(i, lang));
    io.err(t(lang, `${dir}：发现 ${issues.length} 个问题`, `${dir}: ${issues.length} problem(s)`));
    return 1;
  }
  io.out(formatSummary(district.summary(), lang));
  return 0;
}

/** The summary as a few lines of text. */
export function formatSummary(s: DistrictSummary, lang: Lang): string {
  const kinds = Object.entries(s.resourcesByKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  const lines = [
    t(lang, `✓ ${s.name.zh}（${s.id}）数据有效`, `✓ ${s.name.en ?? s.name.zh} (${s.id}) is valid`),
    t(
      lang,
      `  层级：市 ${s.units.city}，区县 ${s.units.district}，街道/镇 ${s.units.street}，社区 ${s.units.community}，网格 ${s.units.grid}`,
      `  units: city ${s.units.city}, districts ${s.units.district}, streets ${s.units.street}, communities ${s.units.community}, grids ${s.units.grid}`,
    ),
    t(
      lang,
      `  示范社区 ${s.demonstrationCommunities.length} 个：${s.demonstrationCommunities.join("、")}`,
      `  demonstration communities: ${s.demonstrationCommunities.length} (${s.demonstrationCommunities.join(", ")})`,
    ),
    t(
      lang,
      `  职能领域 ${s.domains} 个，能力 ${s.capabilities} 项`,
      `  domains: ${s.domains}, capabilities: ${s.capabilities}`,
    ),
    t(
      lang,
      `  服务清单 ${s.services} 项（代办 ${s.proxyServices} 项）`,
      `  services: ${s.services} (${s.proxyServices} proxy)`,
    ),
    t(lang, `  资源清单 ${s.resources} 条（${kinds}）`, `  resources: ${s.resources} (${kinds})`),
    t(
      lang,
      `  居民 ${s.residents} 人，标准地址 ${s.addresses} 个`,
      `  residents: ${s.residents}, addresses: ${s.addresses}`,
    ),
    t(
      lang,
      `  政策：日历 ${s.calendars}，时限 ${s.deadlinePolicies}，督办阶梯 ${s.escalationLadders}，走访计划 ${s.visitPlans}`,
      `  policies: calendars ${s.calendars}, deadlines ${s.deadlinePolicies}, escalation ladders ${s.escalationLadders}, visit plans ${s.visitPlans}`,
    ),
  ];
  return lines.join("\n");
}
