import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { generateTongchuan } from "./generate.js";
import type { TongchuanBundle } from "./generator/index.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The first line where two texts differ, for a readable failure. */
function firstDifference(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  const la = a.split("\n");
  const lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++)
    if (la[i] !== lb[i])
      return `line ${i + 1}:\n  committed: ${la[i]?.slice(0, 300)}\n  generated: ${lb[i]?.slice(0, 300)}`;
  return "same lines, different bytes";
}

describe("the Tongchuan bundle", () => {
  let bundle: TongchuanBundle;
  beforeAll(() => {
    bundle = generateTongchuan();
  });

  it("is what the generator writes, byte for byte (run `pnpm --filter @lianxin/example-tongchuan generate`)", () => {
    for (const [name, text] of Object.entries(bundle.files)) {
      const committed = readFileSync(join(here, name), "utf8");
      expect(firstDifference(committed, text), name).toBeUndefined();
    }
  });

  it("is deterministic", () => {
    const again = generateTongchuan();
    for (const [name, text] of Object.entries(again.files))
      expect(text === bundle.files[name as keyof typeof bundle.files], name).toBe(true);
  });

  it("has the hierarchy the article describes", () => {
    const units = bundle.data.hierarchy.units;
    const at = (level: string) => units.filter((u) => u.level === level);
    expect(bundle.data.manifest.root).toBe("610200000000");
    expect(at("district").map((u) => u.name.zh)).toEqual([
      "王益区",
      "印台区",
      "耀州区",
      "宜君县",
      "铜川新区",
    ]);
    expect(at("community").length).toBeGreaterThanOrEqual(60);
    expect(units.filter((u) => u.demonstration).length).toBe(15);
    expect(at("grid").length).toBeGreaterThanOrEqual(1500);
    const community = (zh: string) => units.find((u) => u.level === "community" && u.name.zh === zh);
    expect(community("邻德社区")?.parent).toBe("610204001000");
    expect(community("南苑社区")?.parent).toBe("610203001000");
    expect(community("红旗社区")?.parent).toBe("610202002000");
    expect(community("东风社区")?.parent?.startsWith("610202")).toBe(true);
    expect(community("锦园社区")?.parent).toMatch(/^6102(71|04)/);
    for (const zh of ["锦园社区", "南苑社区", "邻德社区", "东风社区", "红旗社区"])
      expect(community(zh)?.demonstration, zh).toBe(true);
  });

  it("merges the 12 departmental domains onto every grid", () => {
    expect(bundle.data.domains.domains).toHaveLength(12);
    for (const g of bundle.data.grids.grids) expect(g.merged).toHaveLength(12);
  });

  it("lists 100+ service items, including every item the article names", () => {
    const items = bundle.data.services.items;
    expect(items.length).toBeGreaterThanOrEqual(100);
    expect(bundle.data.services.capabilities.length).toBeGreaterThanOrEqual(25);
    const names = items.map((i) => i.name.zh);
    for (const zh of [
      "代购生活物资",
      "代购药品（购药送药）",
      "社保缴费",
      "养老认证",
      "申请临时救助",
      "陪同就医",
      "低保申请",
      "高龄津贴申领",
      "残疾人证办理",
      "医保报销代办",
      "居住证办理",
      "矛盾纠纷调解",
      "法律援助申请",
      "燃气安全检查",
      "违章搭建投诉",
      "环境卫生",
      "就业登记",
      "灵活就业社保",
      "老旧小区改造咨询",
    ])
      expect(names, zh).toContain(zh);
    const medicine = items.find((i) => i.name.zh === "代购药品（购药送药）")!;
    expect(medicine.promised).toEqual({ amount: 24, unit: "hours" });
    expect(items.filter((i) => i.proxy).length * 2).toBeGreaterThan(items.length);
  });

  it("has 5,000+ resources with the 雁阵 tiers", () => {
    const resources = bundle.data.resources.resources;
    expect(resources.length).toBeGreaterThanOrEqual(5000);
    const tiers = new Map<string, number>();
    for (const r of resources) if (r.tier) tiers.set(r.tier, (tiers.get(r.tier) ?? 0) + 1);
    expect(Object.fromEntries(tiers)).toEqual({ "lead-goose": 10, "strong-goose": 20, "young-goose": 200 });
  });

  it("has the article's resident and the official 2026 calendar", () => {
    const gu = bundle.data.residents.residents.find((r) => r.id === "res-lingde-0001")!;
    expect(gu.tags).toEqual(["living-alone", "aged-80-plus", "mobility-limited", "chronic-illness"]);
    expect(gu.grid?.startsWith(bundle.data.hierarchy.units.find((u) => u.name.zh === "邻德社区")!.code)).toBe(
      true,
    );
    const cal = bundle.data.policies.calendars.find((c) => c.id === bundle.data.manifest.calendar)!;
    const holidays = new Set(cal.holidays.map((h) => h.date));
    for (let d = 1; d <= 7; d++) expect(holidays.has(`2026-10-0${d}`)).toBe(true);
    expect(holidays.has("2026-10-08")).toBe(false);
    expect(cal.makeupWorkdays.map((m) => m.date)).toEqual(
      expect.arrayContaining(["2026-09-20", "2026-10-10"]),
    );
  });
});
