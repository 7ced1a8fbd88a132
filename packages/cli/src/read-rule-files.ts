import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { type District, type Issue, issue, loadDistrict, type RuleSet, validateRuleSet } from "@lianxin/core";

/** A rule file as read: its path, and the validated rule set or every problem in it. */
export interface RuleFile {
  path: string;
  ruleSet?: RuleSet;
  issues: Issue[];
}

/** Expands folders into the `.json` files directly in them, sorted; files are kept as given. */
export async function expandRulePaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => undefined);
    if (info?.isDirectory()) {
      const names = (await readdir(p)).filter((n) => n.endsWith(".json")).sort();
      out.push(...names.map((n) => join(p, n)));
    } else out.push(p);
  }
  return out;
}

/** Reads and validates rule files, against a district when one is given. Never throws for bad input. */
export async function readRuleFiles(paths: string[], district?: District): Promise<RuleFile[]> {
  const files: RuleFile[] = [];
  for (const path of await expandRulePaths(paths)) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code === "ENOENT" ? "io.not_found" : "io.unreadable";
      files.push({
        path,
        issues: [issue(code, "", `无法读取 ${path}`, `cannot read ${path}: ${(e as Error).message}`, path)],
      });
      continue;
    }
    const r = validateRuleSet(text, { file: path, ...(district ? { district } : {}) });
    files.push(r.ok ? { path, ruleSet: r.ruleSet, issues: [] } : { path, issues: r.issues });
  }
  return files;
}

/** Loads the district named by `--district`, or undefined without one; its problems throw as a LianxinError. */
export async function districtOption(dir: string | undefined): Promise<District | undefined> {
  return dir === undefined ? undefined : loadDistrict(dir, { geometry: false });
}
