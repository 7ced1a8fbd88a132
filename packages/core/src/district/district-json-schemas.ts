import * as z from "zod";
import { DISTRICT_FILES, type DistrictFileName } from "./bundle-files.js";

/**
 * The JSON Schema (draft 2020-12) of each file of a district bundle, keyed by file name, for
 * editors: a file whose `$schema` names one gets completion and checking.
 */
export function districtJsonSchemas(): Record<DistrictFileName, Record<string, unknown>> {
  const out = {} as Record<DistrictFileName, Record<string, unknown>>;
  for (const [name, { schema }] of Object.entries(DISTRICT_FILES) as [
    DistrictFileName,
    { schema: z.ZodType },
  ][]) {
    out[name] = {
      ...z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }),
      $id: `https://lianxin.dev/schema/district/${name.replace(".json", ".schema.json")}`,
      title: `Lianxin district bundle: ${name}`,
    };
  }
  return out;
}
