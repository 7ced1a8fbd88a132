import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { type Issue, issue } from "../errors/issue.js";
import { LianxinError } from "../errors/lianxin-error.js";
import { buildHierarchy } from "../hierarchy/build-hierarchy.js";
import { locatePointers, parseJsonSource } from "../validation/json-source.js";
import { fromZodIssues } from "../validation/zod-issues.js";
import { DISTRICT_FILES, type DistrictFileName, type DistrictFiles } from "./bundle-files.js";
import { checkReferences } from "./check-references.js";
import { District } from "./district.js";

/** Options of {@link loadDistrict} and {@link checkDistrict}. */
export interface LoadDistrictOptions {
  /** Files larger than this are refused. @default 268435456 (256 MiB) */
  maxFileBytes?: number;
  /** Check boundaries (within parents, no overlaps). @default true */
  geometry?: boolean;
}

/** The outcome of {@link checkDistrict}: the district when there was no problem, and every problem. */
export interface CheckDistrictResult {
  district: District | undefined;
  issues: Issue[];
}

const KEYS: Record<DistrictFileName, keyof DistrictFiles> = {
  "district.json": "manifest",
  "hierarchy.json": "hierarchy",
  "grids.json": "grids",
  "domains.json": "domains",
  "services.json": "services",
  "resources.json": "resources",
  "policies.json": "policies",
  "residents.json": "residents",
  "addresses.json": "addresses",
};

/**
 * Reads and checks a district bundle folder (see docs/district-bundle.md) and reports every
 * problem at once, each with its file, JSON pointer, line and column.
 */
export async function checkDistrict(
  dir: string,
  options: LoadDistrictOptions = {},
): Promise<CheckDistrictResult> {
  const maxBytes = options.maxFileBytes ?? 256 * 1024 * 1024;
  const dirStat = await stat(dir).catch(() => undefined);
  if (!dirStat?.isDirectory()) {
    return {
      district: undefined,
      issues: [
        issue("io.not_a_folder", "", `找不到区县数据文件夹：${dir}`, `no district folder at ${dir}`, dir),
      ],
    };
  }
  const raw: Partial<Record<DistrictFileName, unknown>> = {};
  const texts = new Map<string, string>();
  const issues: Issue[] = [];
  for (const name of Object.keys(DISTRICT_FILES) as DistrictFileName[]) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      if (DISTRICT_FILES[name].required)
        issues.push(
          issue("io.missing_file", "", `缺少必需的文件 ${name}`, `required file ${name} is missing`, name),
        );
      continue;
    }
    if (!info.isFile()) {
      issues.push(issue("io.not_a_file", "", `${name} 不是文件`, `${name} is not a file`, name));
      continue;
    }
    if (info.size > maxBytes) {
      issues.push(
        issue(
          "io.too_large",
          "",
          `${name} 超过 ${maxBytes} 字节的上限`,
          `${name} is larger than the limit of ${maxBytes} bytes`,
          name,
        ),
      );
      continue;
    }
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      issues.push(
        issue(
          "io.unreadable",
          "",
          `无法读取 ${name}：${(e as Error).message}`,
          `cannot read ${name}: ${(e as Error).message}`,
          name,
        ),
      );
      continue;
    }
    const parsed = parseJsonSource(text);
    if (!parsed.ok) {
      const { line, column, zh, en } = parsed.problem;
      issues.push({ ...issue("json.syntax", "", zh, en, name), line, column });
      continue;
    }
    texts.set(name, text);
    raw[name] = parsed.value;
  }
  const result = districtFromFiles(raw, options);
  issues.push(...result.issues);
  addPositions(issues, texts);
  return { district: issues.length === 0 ? result.district : undefined, issues };
}

/**
 * Loads a district bundle folder. Throws a {@link LianxinError} with code `district.invalid`
 * and every problem in `issues` when anything is wrong.
 */
export async function loadDistrict(dir: string, options: LoadDistrictOptions = {}): Promise<District> {
  const { district, issues } = await checkDistrict(dir, options);
  if (!district) {
    throw new LianxinError("district.invalid", `district ${dir} has ${issues.length} problem(s)`, { issues });
  }
  return district;
}

/**
 * Checks already-parsed bundle files (an object keyed by file name, such as `"hierarchy.json"`)
 * and builds the district when nothing is wrong. Missing optional files are fine.
 */
export function districtFromFiles(
  raw: Partial<Record<DistrictFileName, unknown>>,
  options: Pick<LoadDistrictOptions, "geometry"> = {},
): CheckDistrictResult {
  const issues: Issue[] = [];
  const files: Partial<DistrictFiles> = {};
  for (const name of Object.keys(DISTRICT_FILES) as DistrictFileName[]) {
    if (!(name in raw)) continue;
    const parsed = DISTRICT_FILES[name].schema.safeParse(raw[name], { reportInput: true });
    if (parsed.success) (files as Record<string, unknown>)[KEYS[name]] = parsed.data;
    else issues.push(...fromZodIssues(parsed.error.issues, "", name));
  }
  for (const name of Object.keys(DISTRICT_FILES) as DistrictFileName[]) {
    if (DISTRICT_FILES[name].required && !(name in raw) && !issues.some((i) => i.file === name))
      issues.push(
        issue("io.missing_file", "", `缺少必需的文件 ${name}`, `required file ${name} is missing`, name),
      );
  }
  let hierarchy: ReturnType<typeof buildHierarchy>["hierarchy"] | undefined;
  if (files.hierarchy) {
    const built = buildHierarchy(files.hierarchy.units, {
      file: "hierarchy.json",
      ...(options.geometry === undefined ? {} : { geometry: options.geometry }),
    });
    hierarchy = built.hierarchy;
    issues.push(...built.issues);
  }
  issues.push(...checkReferences(files, hierarchy));
  if (issues.length > 0 || !hierarchy) return { district: undefined, issues };
  return { district: new District(files as DistrictFiles, hierarchy), issues };
}

function addPositions(issues: Issue[], texts: Map<string, string>): void {
  const byFile = new Map<string, Issue[]>();
  for (const i of issues) {
    if (i.file === undefined || i.line !== undefined || !texts.has(i.file)) continue;
    let list = byFile.get(i.file);
    if (!list) byFile.set(i.file, (list = []));
    list.push(i);
  }
  for (const [file, list] of byFile) {
    const found = locatePointers(texts.get(file)!, nearestPointers(list.map((i) => i.pointer)));
    for (const i of list) {
      // A pointer to a missing key is located at the nearest object that exists.
      for (let p = i.pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
        const pos = found.get(p);
        if (pos) {
          i.line = pos.line;
          i.column = pos.column;
          break;
        }
        if (p === "") break;
      }
    }
  }
}

function nearestPointers(pointers: string[]): Set<string> {
  const out = new Set<string>();
  for (let p of pointers) {
    for (;;) {
      out.add(p);
      if (p === "") break;
      p = p.slice(0, p.lastIndexOf("/"));
    }
  }
  return out;
}
