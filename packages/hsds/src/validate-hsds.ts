import { readdirSync, readFileSync } from "node:fs";
import { type Issue, issue } from "@lianxin/core";
import type { ErrorObject, ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { HSDS_KINDS, type HsdsKind } from "./hsds-kind.js";

const SCHEMA_DIR = new URL("../schema/", import.meta.url);
const BASE = "https://lianxin.invalid/hsds/3.0/schema/";

/**
 * The keywords the official schemas carry for the tabular data package and the documentation
 * (`name`, `constraints`, `core`, ...). They are declared as annotations so that Ajv can stay in
 * strict mode, which still catches real mistakes in the schemas.
 */
const ANNOTATIONS = [
  "name",
  "path",
  "datapackage_metadata",
  "datapackage_type",
  "tabular_required",
  "constraints",
  "example",
  "core",
];

let validators: Map<HsdsKind, ValidateFunction> | undefined;

function compile(): Map<HsdsKind, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: true });
  addFormats(ajv);
  ajv.addVocabulary(ANNOTATIONS);
  for (const file of readdirSync(SCHEMA_DIR)) {
    if (!file.endsWith(".json") || file === "openapi.json") continue;
    const schema = JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), "utf8")) as Record<string, unknown>;
    ajv.addSchema({ ...schema, $id: BASE + file });
  }
  const out = new Map<HsdsKind, ValidateFunction>();
  for (const kind of HSDS_KINDS) out.set(kind, ajv.getSchema(`${BASE}${kind}.json`)!);
  return out;
}

/**
 * Checks one HSDS 3.0 object against the official JSON Schema of its kind (vendored in this
 * package's `schema/` folder). Returns every problem, each with a JSON pointer under `pointer`
 * (the place of the object in its document, `""` by default); an empty list when it is valid.
 */
export function validateHsds(kind: HsdsKind, doc: unknown, pointer = ""): Issue[] {
  validators ??= compile();
  const validate = validators.get(kind)!;
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => toIssue(kind, e, pointer));
}

function toIssue(kind: HsdsKind, e: ErrorObject, base: string): Issue {
  const missing =
    e.keyword === "required" ? `/${String((e.params as { missingProperty: string }).missingProperty)}` : "";
  const at = `${base}${e.instancePath}${missing}`;
  const detail = describe(e);
  return issue(
    `hsds.schema.${e.keyword}`,
    at,
    `不符合 HSDS 3.0 的 ${kind} 模式：${detail.zh}`,
    `does not match the HSDS 3.0 ${kind} schema: ${detail.en}`,
  );
}

function describe(e: ErrorObject): { zh: string; en: string } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return {
        zh: `缺少必填字段 ${String(p.missingProperty)}`,
        en: `required field ${String(p.missingProperty)} is missing`,
      };
    case "type":
      return { zh: `类型应为 ${String(p.type)}`, en: `must be of type ${String(p.type)}` };
    case "enum":
      return {
        zh: `取值应为 ${(p.allowedValues as unknown[]).join("、")} 之一`,
        en: `must be one of ${(p.allowedValues as unknown[]).join(", ")}`,
      };
    case "format":
      return { zh: `格式应为 ${String(p.format)}`, en: `must be a valid ${String(p.format)}` };
    default:
      return { zh: e.message ?? e.keyword, en: e.message ?? e.keyword };
  }
}
