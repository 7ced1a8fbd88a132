import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createLianxin, type District, type Lianxin, type LianxinOptions, loadDistrict } from "@lianxin/core";
import { ManualClock } from "../../src/time/clock.js";

const dir = fileURLToPath(new URL("../../../../examples/tongchuan/", import.meta.url));
let district: Promise<District> | undefined;

/** The Tongchuan district, loaded once per test file. */
export function tongchuan(): Promise<District> {
  district ??= loadDistrict(dir, { geometry: false });
  return district;
}

/** The Tongchuan rule sets as text. */
export function tongchuanRuleSets(): string[] {
  return readdirSync(`${dir}rules`)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => readFileSync(`${dir}rules/${f}`, "utf8"));
}

/** An engine on Tongchuan with a manual clock at `at` and predictable ids. */
export async function tongchuanEngine(
  at = "2026-10-09T09:30:00+08:00",
  options: Partial<LianxinOptions> = {},
): Promise<{ engine: Lianxin; clock: ManualClock }> {
  const clock = new ManualClock(at);
  let n = 0;
  const engine = createLianxin({
    district: await tongchuan(),
    ruleSets: tongchuanRuleSets(),
    clock,
    ids: () => `id-${(++n).toString().padStart(6, "0")}`,
    ...options,
  });
  return { engine, clock };
}
