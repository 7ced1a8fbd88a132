import { readdir, readFile, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { parseArgs } from "node:util";
import {
  createLianxin,
  DISTRICT_FILES,
  type DistrictFileName,
  districtFromFiles,
  type Issue,
  LianxinError,
  loadDistrict,
  type NeedInput,
  type ServiceItem,
} from "@lianxin/core";
import {
  type GeoReportDocumentKind,
  type GeoReportFormat,
  type GeoReportServiceDefinition,
  needsFromGeoReport,
  parseGeoReport,
  servicesFromGeoReport,
} from "@lianxin/open311";
import type { CliIo } from "../cli-io.js";
import { pickLang, t } from "../lang.js";
import { type Open311What, parseOpen311Format, parseOpen311What } from "../open311-options.js";
import { readRuleFiles } from "../read-rule-files.js";
import { openSimulationStore, parseStoreOption } from "../simulation-store.js";
import { UsageError } from "../usage-error.js";
import { writeAtomically } from "./export-open311.js";

const USAGE =
  "usage: lianxin import open311 <file|dir> --district <dir> [--what services|requests] [--format json|xml] " +
  "[--store memory|sqlite:<path>|postgres://...] [--domain <code>] [--skip-invalid] [--dry-run] [--json] [--lang zh|en]";

/** One record that was not imported, and why. */
interface Rejected {
  file: string;
  pointer: string;
  reason: string;
  zh: string;
}

/** What an import read, imported, left unchanged and rejected, and where it wrote. */
interface Summary {
  what: Open311What;
  read: number;
  imported: number;
  unchanged: number;
  rejected: number;
  unmapped: number;
  written: string | null;
}

/**
 * `lianxin import open311 <file|dir> --district <dir>`: reads GeoReport v2 documents as real
 * servers send them.
 *
 * - `--what services` (default): a service list file, or a folder as `export open311 --out`
 *   writes it (`services.<format>` and `services/<code>.<format>` definitions). The items are
 *   merged by code into the district's `services.json`, which is written (temporary file +
 *   rename) only when the whole bundle still validates.
 * - `--what requests`: a request list file (or a folder holding `requests.<format>`), submitted
 *   to an engine on `--store` with the district's `rules/` when present; idempotent through
 *   `externalId` = `service_request_id`.
 *
 * `--format` defaults from the extension; `--lang` is the documents' language (and the
 * messages'). Prints read / imported / unchanged / rejected and every rejected record with its
 * reason. A bad document (malformed, wrong types, unknown codes) exits 1 and writes nothing,
 * unless `--skip-invalid` leaves the bad records out; `--dry-run` writes nothing either way.
 */
export async function importOpen311(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      district: { type: "string" },
      what: { type: "string", default: "services" },
      format: { type: "string" },
      store: { type: "string", default: "memory" },
      domain: { type: "string" },
      "skip-invalid": { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      lang: { type: "string" },
    },
  });
  const lang = pickLang(values.lang, io.env);
  const docLang = lang === "zh-CN" ? "zh" : "en";
  if (positionals.length !== 1 || values.district === undefined) throw new UsageError(USAGE);
  const what = parseOpen311What(values.what, USAGE);
  const format = parseOpen311Format(values.format, USAGE);
  const skipInvalid = values["skip-invalid"];
  const dryRun = values["dry-run"];
  const bundle = values.district;
  const input = positionals[0]!;
  const district = await loadDistrict(bundle, { geometry: false });
  const main = await mainDocument(input, what, format);
  const rejected: Rejected[] = [];
  const summary: Summary = {
    what,
    read: 0,
    imported: 0,
    unchanged: 0,
    rejected: 0,
    unmapped: 0,
    written: null,
  };

  if (what === "services") {
    const parsed = parseRecords("services", main.text, main.format, main.name, rejected);
    summary.read = parsed.records.length + parsed.rejected.length;
    const definitions = new Map<string, GeoReportServiceDefinition>();
    if (main.dir !== undefined) {
      const folder = join(main.dir, "services");
      const names = await readdir(folder).catch(() => [] as string[]);
      for (const name of names.filter((n) => n.endsWith(`.${main.format}`)).sort()) {
        const file = `services/${name}`;
        const text = await readFile(join(folder, name), "utf8");
        const def = parseRecords("service_definition", text, main.format, file, rejected);
        for (const d of def.records) definitions.set(d.service_code, d);
      }
    }
    const mapped = servicesFromGeoReport(parsed.records, definitions, {
      district,
      lang: docLang,
      ...(values.domain === undefined ? {} : { domain: values.domain }),
    });
    addMapped(mapped, main.name, summary, rejected);
    if (rejected.length > 0 && !skipInvalid) return finish(io, lang, values.json, summary, rejected, 1);
    const servicesPath = join(bundle, "services.json");
    const raw = JSON.parse(await readFile(servicesPath, "utf8")) as { items: ServiceItem[] };
    const index = new Map(raw.items.map((item, i) => [item.code, i]));
    for (const item of mapped.items) {
      const at = index.get(item.code);
      const before = district.services.get(item.code);
      if (before !== undefined && canonical(before) === canonical(item)) summary.unchanged++;
      else {
        summary.imported++;
        if (at === undefined) {
          index.set(item.code, raw.items.length);
          raw.items.push(item);
        } else raw.items[at] = item;
      }
    }
    if (summary.imported > 0) {
      const files = await readBundle(bundle);
      files["services.json"] = raw;
      const check = districtFromFiles(files, { geometry: false });
      if (!check.district)
        throw new LianxinError(
          "district.invalid",
          `the services list would make ${bundle} invalid (${check.issues.length} problem(s)); nothing written`,
          { issues: check.issues },
        );
      if (!dryRun) {
        await writeAtomically(servicesPath, JSON.stringify(raw, null, 2));
        summary.written = servicesPath;
      }
    }
    return finish(io, lang, values.json, summary, rejected, 0);
  }

  const parsed = parseRecords("service_requests", main.text, main.format, main.name, rejected);
  summary.read = parsed.records.length + parsed.rejected.length;
  const mapped = needsFromGeoReport(parsed.records, { district });
  addMapped(mapped, main.name, summary, rejected);
  if (rejected.length > 0 && !skipInvalid) return finish(io, lang, values.json, summary, rejected, 1);
  if (dryRun) {
    summary.imported = mapped.needs.length;
    return finish(io, lang, values.json, summary, rejected, 0);
  }
  const rulesDir = join(bundle, "rules");
  const ruleFiles = (await stat(rulesDir).catch(() => undefined))?.isDirectory()
    ? await readRuleFiles([rulesDir], district)
    : [];
  const ruleIssues = ruleFiles.flatMap((f) => f.issues);
  if (ruleIssues.length > 0)
    throw new LianxinError("rules.invalid", `${ruleIssues.length} problem(s) in ${rulesDir}`, {
      issues: ruleIssues,
    });
  const opened = await openSimulationStore(parseStoreOption(values.store), {
    overwrite: false,
    now: new Date(),
    existing: "reuse",
  });
  try {
    const engine = createLianxin({
      district,
      store: opened.store,
      ruleSets: ruleFiles.map((f) => f.ruleSet!),
    });
    summary.written = opened.label;
    for (const need of mapped.needs as NeedInput[]) {
      const result = await engine.submit(need);
      if (result.created) summary.imported++;
      else summary.unchanged++;
    }
  } finally {
    await opened.close();
  }
  return finish(io, lang, values.json, summary, rejected, 0);
}

/** The document to read: a file, or the list file in a folder; the format from `--format` or the extension. */
async function mainDocument(
  path: string,
  base: "services" | "requests",
  format: GeoReportFormat | undefined,
): Promise<{ text: string; format: GeoReportFormat; name: string; dir?: string }> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new LianxinError("io.not_found", `${path}: no such file or folder`);
  if (info.isDirectory()) {
    for (const f of format === undefined ? (["json", "xml"] as const) : [format]) {
      const file = join(path, `${base}.${f}`);
      if ((await stat(file).catch(() => undefined))?.isFile())
        return { text: await readFile(file, "utf8"), format: f, name: `${base}.${f}`, dir: path };
    }
    throw new LianxinError("io.not_found", `${path} holds no ${base}.json or ${base}.xml`);
  }
  const ext = extname(path).toLowerCase();
  const chosen = format ?? (ext === ".xml" ? "xml" : ext === ".json" ? "json" : undefined);
  if (chosen === undefined) throw new UsageError(`cannot tell the format of ${path}: pass --format json|xml`);
  return { text: await readFile(path, "utf8"), format: chosen, name: basename(path) };
}

/** Every bundle file present in the folder, parsed (a file that does not parse is left for districtFromFiles to report). */
async function readBundle(dir: string): Promise<Partial<Record<DistrictFileName, unknown>>> {
  const out: Partial<Record<DistrictFileName, unknown>> = {};
  for (const name of Object.keys(DISTRICT_FILES) as DistrictFileName[]) {
    const text = await readFile(join(dir, name), "utf8").catch(() => undefined);
    if (text !== undefined) out[name] = JSON.parse(text);
  }
  return out;
}

/** Parses a document record by record; the records that do not parse are added to `rejected`. */
function parseRecords<K extends GeoReportDocumentKind>(
  kind: K,
  text: string,
  format: GeoReportFormat,
  file: string,
  rejected: Rejected[],
) {
  const parsed = parseGeoReport(kind, text, { format, file, skipInvalid: true });
  rejected.push(...parsed.rejected.map((r) => fromIssues(file, r.pointer, r.issues)));
  return parsed;
}

/** Counts a mapping's unmapped fields and adds the records it rejected (then counts all rejected). */
function addMapped(
  mapped: {
    unmapped: readonly unknown[];
    rejected: readonly { pointer: string; reason: string; zh: string }[];
  },
  file: string,
  summary: Summary,
  rejected: Rejected[],
): void {
  summary.unmapped = mapped.unmapped.length;
  rejected.push(...mapped.rejected.map((r) => ({ file, pointer: r.pointer, reason: r.reason, zh: r.zh })));
  summary.rejected = rejected.length;
}

function fromIssues(file: string, pointer: string, issues: Issue[]): Rejected {
  const where = (i: Issue) => `${i.pointer}${i.line === undefined ? "" : ` (${i.line}:${i.column ?? 1})`}`;
  return {
    file,
    pointer,
    reason: issues.map((i) => `${where(i)} ${i.message.en}`).join("; "),
    zh: issues.map((i) => `${where(i)} ${i.message["zh-CN"]}`).join("；"),
  };
}

/** Deterministic JSON (sorted keys) to compare items. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function finish(
  io: CliIo,
  lang: "zh-CN" | "en",
  json: boolean,
  summary: Summary,
  rejected: Rejected[],
  code: number,
): number {
  if (json) {
    io.out(JSON.stringify({ ok: code === 0, ...summary, rejectedRecords: rejected }));
    return code;
  }
  for (const r of rejected) io.err(`${r.file}#${r.pointer} ${t(lang, r.zh, r.reason)}`);
  io.out(
    t(
      lang,
      `读取 ${summary.read} 条，导入 ${summary.imported} 条，未变 ${summary.unchanged} 条，拒绝 ${summary.rejected} 条；未映射字段 ${summary.unmapped} 处`,
      `read ${summary.read}, imported ${summary.imported}, unchanged ${summary.unchanged}, rejected ${summary.rejected}; unmapped fields ${summary.unmapped}`,
    ),
  );
  if (code !== 0)
    io.err(
      t(
        lang,
        "文档有误，未写入任何内容（可用 --skip-invalid 跳过错误记录）",
        "the document has errors; nothing was written (--skip-invalid leaves bad records out)",
      ),
    );
  else if (summary.written !== null)
    io.out(t(lang, `已写入 ${summary.written}`, `written to ${summary.written}`));
  return code;
}
