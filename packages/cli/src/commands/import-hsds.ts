import { readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import {
  DISTRICT_FILES,
  districtFromFiles,
  formatIssue,
  LianxinError,
  loadDistrict,
  parseJsonSource,
} from "@lianxin/core";
import {
  type HsdsInput,
  type HsdsKind,
  type HsdsUnmapped,
  importHsds as importDocuments,
  type TaxonomyMap,
} from "@lianxin/hsds";
import type { CliIo } from "../cli-io.js";
import { pickLang, t } from "../lang.js";
import { UsageError } from "../usage-error.js";

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The HSDS object a file holds, by its name (`services.json`, `service_full.json`, ...); undefined to guess. */
function kindOfFile(name: string): HsdsKind | undefined {
  const stem = basename(name, ".json").toLowerCase();
  if (stem.startsWith("service_at_location")) return "service_at_location";
  if (stem.startsWith("service")) return "service";
  if (stem.startsWith("organization")) return "organization";
  if (stem.startsWith("location")) return "location";
  if (stem.startsWith("taxonomy_term")) return "taxonomy_term";
  if (stem.startsWith("taxonom")) return "taxonomy";
  return undefined;
}

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

/**
 * `lianxin import hsds <file|dir> --district <dir> [--taxonomy-map <file>] [--skip-invalid] [--dry-run] [--json]`:
 * imports HSDS 3.0 documents into the district bundle's resources and services lists. The bundle is
 * rewritten (temp file + rename) only when the whole result validates.
 */
export async function importHsds(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      district: { type: "string" },
      "taxonomy-map": { type: "string" },
      "skip-invalid": { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      lang: { type: "string" },
    },
  });
  const lang = pickLang(values.lang, io.env);
  if (!values.district || positionals.length !== 1)
    throw new UsageError(
      "usage: lianxin import hsds <file|dir> --district <dir> [--taxonomy-map <file>] [--skip-invalid] [--dry-run] [--json]",
    );
  const source = positionals[0]!;
  const info = await stat(source).catch(() => undefined);
  if (!info) {
    io.err(t(lang, `找不到 ${source}`, `no such file or folder: ${source}`));
    return 1;
  }
  const files = info.isDirectory()
    ? (await readdir(source))
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => join(source, f))
    : [source];
  const inputs: HsdsInput[] = [];
  for (const file of files) {
    if ((await stat(file)).size > MAX_FILE_BYTES) {
      io.err(
        t(lang, `${file} 超过 ${MAX_FILE_BYTES} 字节`, `${file} is larger than ${MAX_FILE_BYTES} bytes`),
      );
      return 1;
    }
    const kind = kindOfFile(file);
    inputs.push({ text: await readFile(file, "utf8"), file: basename(file), ...(kind ? { kind } : {}) });
  }
  let taxonomyMap: TaxonomyMap | undefined;
  if (values["taxonomy-map"]) {
    const parsed = parseJsonSource(await readFile(values["taxonomy-map"], "utf8"));
    if (
      !parsed.ok ||
      typeof parsed.value !== "object" ||
      parsed.value === null ||
      Array.isArray(parsed.value)
    ) {
      io.err(
        t(
          lang,
          `--taxonomy-map 应为 JSON 对象：{"词条": "能力"}`,
          `--taxonomy-map must be a JSON object: {"term": "capability"}`,
        ),
      );
      return 1;
    }
    taxonomyMap = parsed.value as TaxonomyMap;
  }
  const district = await loadDistrict(values.district, { geometry: false });
  let result: ReturnType<typeof importDocuments>;
  try {
    result = importDocuments(inputs, {
      district,
      ...(taxonomyMap ? { taxonomyMap } : {}),
      skipInvalid: values["skip-invalid"],
    });
  } catch (e) {
    if (!LianxinError.is(e)) throw e;
    for (const i of e.issues) io.err(formatIssue(i, lang));
    io.err(
      t(lang, `[${e.code}] 输入有 ${e.issues.length} 个问题，未导入任何记录`, `[${e.code}] ${e.message}`),
    );
    return 1;
  }

  // merge
  const resources = new Map(district.resources);
  const items = new Map(district.services);
  const counts = { imported: 0, updated: 0, unchanged: 0 };
  const merge = <T>(map: Map<string, T>, key: string, value: T) => {
    const old = map.get(key);
    if (old === undefined) counts.imported++;
    else if (stable(old) === stable(value)) counts.unchanged++;
    else counts.updated++;
    map.set(key, value);
  };
  for (const r of result.resources) merge(resources, r.id, r);
  for (const s of result.services) merge(items, s.code, s);
  const capabilities = [...district.capabilities.values(), ...result.capabilities];

  const raw: Record<string, unknown> = {};
  const texts: Record<string, string> = {};
  for (const name of Object.keys(DISTRICT_FILES)) {
    const text = await readFile(join(values.district, name), "utf8").catch(() => undefined);
    if (text === undefined) continue;
    const parsed = parseJsonSource(text);
    if (parsed.ok) raw[name] = parsed.value;
    texts[name] = text;
  }
  const resourcesFile = { ...(raw["resources.json"] as object), resources: [...resources.values()] };
  const servicesFile = { ...(raw["services.json"] as object), capabilities, items: [...items.values()] };
  raw["resources.json"] = resourcesFile;
  raw["services.json"] = servicesFile;
  const check = districtFromFiles(raw, { geometry: false });
  if (check.issues.length > 0) {
    for (const i of check.issues.slice(0, 200)) io.err(formatIssue(i, lang));
    io.err(
      t(
        lang,
        `导入后区县数据将无效：${check.issues.length} 个问题，未写入任何文件`,
        `the district would not be valid after the import: ${check.issues.length} problem(s); nothing written`,
      ),
    );
    return 1;
  }
  const changed = counts.imported + counts.updated + result.capabilities.length > 0;
  if (!values["dry-run"] && changed) {
    await writeAtomic(join(values.district, "resources.json"), listFile(resourcesFile, "resources"));
    await writeAtomic(join(values.district, "services.json"), listFile(servicesFile, "items"));
  }

  const group = (list: HsdsUnmapped[]) => {
    const out: Record<string, number> = {};
    for (const u of list) out[u.field] = (out[u.field] ?? 0) + 1;
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  const summary = {
    read: result.read,
    ...counts,
    rejected: result.rejected.length,
    capabilitiesAdded: result.capabilities.length,
    unmapped: group(result.unmapped),
    defaulted: group(result.defaulted),
    dryRun: values["dry-run"],
  };
  if (values.json) {
    io.out(
      JSON.stringify({
        ok: true,
        summary,
        rejected: result.rejected.map(({ file, pointer, reason }) => ({ file, pointer, reason })),
        unmapped: result.unmapped,
      }),
    );
    return 0;
  }
  io.out(
    t(
      lang,
      `读取 ${summary.read} 条：新增 ${counts.imported}，更新 ${counts.updated}，未变 ${counts.unchanged}，拒收 ${summary.rejected}${values["dry-run"] ? "（试运行，未写入）" : ""}`,
      `read ${summary.read}: imported ${counts.imported}, updated ${counts.updated}, unchanged ${counts.unchanged}, rejected ${summary.rejected}${values["dry-run"] ? " (dry run, nothing written)" : ""}`,
    ),
  );
  for (const r of result.rejected)
    io.out(`  ${t(lang, "拒收", "rejected")} ${r.file ?? ""}#${r.pointer}: ${r.reason}`);
  if (result.unmapped.length > 0) {
    io.out(t(lang, "未映射的字段（路径：次数）：", "fields not mapped (path: count):"));
    for (const [field, n] of Object.entries(summary.unmapped)) io.out(`  ${field}: ${n}`);
  }
  if (result.defaulted.length > 0) {
    io.out(t(lang, "使用默认值的字段：", "fields given defaults:"));
    for (const [field, n] of Object.entries(summary.defaulted)) io.out(`  ${field}: ${n}`);
  }
  return 0;
}

function listFile(file: Record<string, unknown>, key: string): string {
  const head = Object.entries(file)
    .filter(([k]) => k !== key && !Array.isArray(file[k]))
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`)
    .join("");
  const arrays = Object.entries(file)
    .filter(([, v]) => Array.isArray(v))
    .map(
      ([k, v]) =>
        `  ${JSON.stringify(k)}: [\n${(v as unknown[]).map((x) => `    ${JSON.stringify(x)}`).join(",\n")}\n  ]`,
    )
    .join(",\n");
  return `{\n${head}${arrays}\n}\n`;
}

async function writeAtomic(path: string, text: string): Promise<void> {
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}
