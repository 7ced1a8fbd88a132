import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatIssue, type Issue, loadDistrict, type ResourceKind, ResourceKindSchema } from "@lianxin/core";
import { exportHsds as exportDocuments, type HsdsExport, type HsdsKind, validateHsds } from "@lianxin/hsds";
import type { CliIo } from "../cli-io.js";
import { pickLang, t } from "../lang.js";
import { UsageError } from "../usage-error.js";

/** The files `lianxin export hsds` writes, one JSON array each, and the HSDS object in them. */
export const HSDS_FILES: readonly [keyof HsdsExport, HsdsKind][] = [
  ["organizations", "organization"],
  ["services", "service"],
  ["locations", "location"],
  ["taxonomies", "taxonomy"],
  ["taxonomy_terms", "taxonomy_term"],
];

/**
 * `lianxin export hsds --district <dir> [--out <dir>] [--pretty] [--kinds k,k] [--no-services-list]`:
 * writes organizations.json, services.json, locations.json, taxonomies.json and taxonomy_terms.json
 * (arrays) after checking every document against the HSDS 3.0 schemas; invalid output is not written (exit 1).
 */
export async function exportHsds(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      district: { type: "string" },
      out: { type: "string", default: "hsds" },
      pretty: { type: "boolean", default: false },
      kinds: { type: "string" },
      "no-services-list": { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      lang: { type: "string" },
    },
  });
  const lang = pickLang(values.lang, io.env);
  if (!values.district || positionals.length > 0)
    throw new UsageError(
      "usage: lianxin export hsds --district <dir> [--out <dir>] [--pretty] [--kinds k,k]",
    );
  let kinds: ResourceKind[] | undefined;
  if (values.kinds) {
    kinds = values.kinds.split(",").map((k) => {
      const parsed = ResourceKindSchema.safeParse(k.trim());
      if (!parsed.success) throw new UsageError(`--kinds: unknown resource kind ${k}`);
      return parsed.data;
    });
  }
  const district = await loadDistrict(values.district, { geometry: false });
  const out = exportDocuments(district, {
    ...(kinds ? { kinds } : {}),
    serviceItems: !values["no-services-list"],
  });
  const issues: Issue[] = [];
  for (const [key, kind] of HSDS_FILES)
    out[key].forEach((doc, i) => {
      for (const problem of validateHsds(kind, doc, `/${i}`))
        issues.push({ ...problem, file: `${key}.json` });
    });
  if (issues.length > 0) {
    for (const i of issues.slice(0, 200)) io.err(formatIssue(i, lang));
    io.err(
      t(
        lang,
        `导出不符合 HSDS 3.0：${issues.length} 个问题，未写入任何文件`,
        `the export does not validate against HSDS 3.0: ${issues.length} problem(s); nothing written`,
      ),
    );
    return 1;
  }
  await mkdir(values.out, { recursive: true });
  const counts: Record<string, number> = {};
  for (const [key] of HSDS_FILES) {
    const file = join(values.out, `${key}.json`);
    const body = values.pretty
      ? JSON.stringify(out[key], null, 2)
      : `[\n${out[key].map((d) => JSON.stringify(d)).join(",\n")}\n]`;
    await writeFile(`${file}.tmp`, `${body}\n`);
    await rename(`${file}.tmp`, file);
    counts[key] = out[key].length;
  }
  if (values.json) io.out(JSON.stringify({ ok: true, out: values.out, counts }));
  else
    io.out(
      t(
        lang,
        `已写入 ${values.out}：${HSDS_FILES.map(([k]) => `${k} ${counts[k]}`).join("，")}（均通过 HSDS 3.0 校验）`,
        `wrote ${values.out}: ${HSDS_FILES.map(([k]) => `${k} ${counts[k]}`).join(", ")} (all valid HSDS 3.0)`,
      ),
    );
  return 0;
}
