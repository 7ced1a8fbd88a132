import type { GeoReportFormat } from "@lianxin/open311";
import { UsageError } from "./usage-error.js";

/** What an `open311` command reads or writes: the service list or service requests. */
export type Open311What = "services" | "requests";

/** The `--what` of `lianxin import|export open311`. */
export function parseOpen311What(value: string, usage: string): Open311What {
  if (value !== "services" && value !== "requests")
    throw new UsageError(`--what must be services or requests\n${usage}`);
  return value;
}

/** The `--format` of `lianxin import|export open311`, when given. */
export function parseOpen311Format(value: string | undefined, usage: string): GeoReportFormat | undefined {
  if (value !== undefined && value !== "json" && value !== "xml")
    throw new UsageError(`--format must be json or xml\n${usage}`);
  return value;
}
