import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRuleSet } from "../../core/test/rules/sample-rule-set.js";
import { runCli } from "./run-cli.js";

const tongchuan = fileURLToPath(new URL("../../../examples/tongchuan", import.meta.url));
let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lianxin-rules-cli-"));
  const a = sampleRuleSet();
  await writeFile(at("a.json"), JSON.stringify(a, null, 2));
  const b = sampleRuleSet();
  b.version = "1.1.0";
  b.conditions.elderlyAlone.all[0].value = 85;
  await writeFile(at("b.json"), JSON.stringify(b, null, 2));
  const broken = sampleRuleSet();
  broken.rules[0].conditions.all[0].vaule = broken.rules[0].conditions.all[0].value;
  delete broken.rules[0].conditions.all[0].value;
  await writeFile(at("broken.json"), JSON.stringify(broken, null, 2));
  const failing = sampleRuleSet();
  failing.tests[0].expect.absent = [{ type: "classify" }];
  await writeFile(at("failing.json"), JSON.stringify(failing, null, 2));
  await writeFile(
    at("needs.jsonl"),
    [80, 82, 86, 90]
      .map((age, i) =>
        JSON.stringify({
          need: { id: `n${i}`, description: "买药", urgency: "normal" },
          resident: { age, tags: ["living-alone"] },
        }),
      )
      .join("\n"),
  );
  await writeFile(
    at("facts.json"),
    JSON.stringify({ need: { description: "买药" }, resident: { age: 82, tags: ["living-alone"] } }),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("lianxin rules", () => {
  it("validate: 0 for valid files (against a district), 1 with pointed errors", async () => {
    const ok = await runCli(["rules", "validate", at("a.json"), "--district", tongchuan]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("tongchuan-triage-sample 1.0.0, 2 rules, 1 tests");
    const bad = await runCli(["rules", "validate", at("broken.json"), "--lang", "zh"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      /broken\.json#\/rules\/0\/conditions\/all\/0\/vaule \(\d+:\d+\) \[schema\.unrecognized_key\] 未知的键 "vaule"，是否应为 "value"？/,
    );
    const json = JSON.parse((await runCli(["rules", "validate", at("broken.json"), "--json"])).out);
    expect(json.ok).toBe(false);
    expect(json.files[0].issues.map((i: { code: string }) => i.code)).toContain("rules.value_missing");
  });

  it("test: runs the tests, explains failures and ends with N passed, N failed", async () => {
    const ok = await runCli(["rules", "test", at("a.json")]);
    expect(ok.code).toBe(0);
    expect(ok.out.trim().split("\n").at(-1)).toBe("1 passed, 0 failed");
    const bad = await runCli(["rules", "test", at("a.json"), at("failing.json"), at("broken.json")]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("event classify should not occur (rule urgent-elderly)");
    expect(bad.out).toContain("✓ resident.age is at least 80 (actual 82)");
    expect(bad.out.trim().split("\n").at(-1)).toBe("1 passed, 2 failed");
  });

  it("explain: every rule and condition, as text and JSON", async () => {
    const text = await runCli([
      "rules",
      "explain",
      at("a.json"),
      "--facts",
      at("facts.json"),
      "--lang",
      "zh",
    ]);
    expect(text.code).toBe(0);
    expect(text.out).toContain("[命中] medicine-proxy 代购药品");
    const json = JSON.parse(
      (await runCli(["rules", "explain", at("a.json"), "--facts", at("facts.json"), "--json"])).out,
    );
    expect(json.rules.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      ["medicine-proxy", "matched"],
      ["urgent-elderly", "matched"],
    ]);
  });

  it("diff: shows the needs a new version decides differently", async () => {
    const r = await runCli(["rules", "diff", at("a.json"), at("b.json"), "--needs", at("needs.jsonl")]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("1.0.0 → 1.1.0: 2 of 4 needs decided differently");
    const json = JSON.parse(
      (await runCli(["rules", "diff", at("a.json"), at("b.json"), "--needs", at("needs.jsonl"), "--json"]))
        .out,
    );
    expect(json.changed.map((c: { needId: string }) => c.needId)).toEqual(["n0", "n1"]);
    expect(json.changed[0].removed.map((e: { type: string }) => e.type).sort()).toEqual([
      "classify",
      "offer-service",
    ]);
  });

  it("schema: writes a JSON Schema that names every operator and event type", async () => {
    const r = await runCli(["rules", "schema", "--out", at("schema.json")]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(await readFile(at("schema.json"), "utf8"));
    const text = JSON.stringify(schema);
    for (const word of ["textIncludesAny", "withinUnit", "offer-service", "match-resources", "vaule"].slice(
      0,
      4,
    ))
      expect(text).toContain(word);
  });

  it("exits 2 on usage errors and 1 on unreadable input", async () => {
    expect((await runCli(["rules", "validate"])).code).toBe(2);
    expect((await runCli(["rules", "explain", at("a.json")])).code).toBe(2);
    expect((await runCli(["rules", "diff", at("a.json"), "--needs", at("needs.jsonl")])).code).toBe(2);
    const missing = await runCli(["rules", "validate", at("nope.json")]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("[io.not_found]");
    const noDistrict = await runCli(["rules", "validate", at("a.json"), "--district", at("nowhere")]);
    expect(noDistrict.code).toBe(1);
    expect(noDistrict.err).toContain("io.not_a_folder");
  });
});
