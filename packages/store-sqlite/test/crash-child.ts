/**
 * The process crash-safety.test.ts kills: the Tongchuan engine on a SQLite file, submitting needs
 * for ever. Prints `READY` once the engine is built, then `STORED <externalId>` on stdout after each
 * `submit` has resolved (the caller was told the need is stored). Now and then it accepts and
 * resolves a need's lead work order, and ticks.
 *
 *   node --import tsx --conditions=@lianxin/source crash-child.ts <db file> <run number>
 *
 * Ids are random UUIDs, so restarts on the same file never reuse one; external ids carry the run
 * number. The manual clock starts a day later per run and moves a few minutes per need.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createLianxin, LianxinError, loadDistrict, ManualClock } from "@lianxin/core";
import { sqliteStore } from "../src/index.js";

const [file, runText] = process.argv.slice(2);
if (!file || !runText) {
  process.stderr.write("usage: crash-child.ts <db file> <run number>\n");
  process.exit(2);
}
const run = Number(runText);
const dir = fileURLToPath(new URL("../../../examples/tongchuan/", import.meta.url));
const district = await loadDistrict(dir, { geometry: false });
const ruleSets = readdirSync(`${dir}rules`)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => readFileSync(`${dir}rules/${f}`, "utf8"));
const store = sqliteStore({ filename: file });
const clock = new ManualClock(Date.parse("2026-10-12T08:30:00+08:00") + run * 86_400_000);
const engine = createLianxin({ district, ruleSets, store, clock });

// A small seeded PRNG (mulberry32), different per run.
let state = (run * 0x9e3779b1) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const residents = [...district.residents.values()];
const descriptions = ["帮忙买胃药", "代买生活物资", "社保缴费", "养老认证"];
const say = (line: string) => process.stdout.write(`${line}\n`);

say("READY");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
for (let i = 0; ; i++) {
  clock.advance({ minutes: 1 + Math.floor(random() * 20) });
  const externalId = `crash-${run}-${i}`;
  const r = await engine.submit({
    source: "app",
    externalId,
    description: descriptions[Math.floor(random() * descriptions.length)]!,
    subject: residents[Math.floor(random() * residents.length)]!.id,
    receivedAt: clock.now().toISOString(),
  });
  say(`STORED ${externalId}`);
  const lead = r.workOrders.find((o) => o.role === "lead");
  if (lead && random() < 0.3) {
    const actor = {
      type: lead.assignee.type === "resource" ? "resource" : "unit",
      id: lead.assignee.id,
    } as const;
    try {
      await engine.accept(lead.id, actor);
      if (random() < 0.5) await engine.resolve(lead.id, actor, "已办结");
    } catch (e) {
      // A refusal (not the assignee, too late) is the engine's answer, not a crash.
      if (!LianxinError.is(e)) throw e;
    }
  }
  if (i % 10 === 9) await engine.tick();
}
