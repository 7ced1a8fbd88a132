import {
  type District,
  fromZodIssues,
  type NeedInput,
  NeedInputSchema,
  type NeedSource,
} from "@lianxin/core";
import { itemCodeFor } from "./item-code.js";
import type { UnmappedField } from "./services-from-geo-report.js";
import type { GeoReportServiceRequest } from "./types.js";

/** Options of {@link needsFromGeoReport}. */
export interface NeedsFromGeoReportOptions {
  district: District;
  /** @default "import" */
  source?: NeedSource;
  /** As in {@link itemCodeFor}. @default "OPEN311" */
  codePrefix?: string;
}

/** What {@link needsFromGeoReport} made. */
export interface NeedsFromGeoReportResult {
  needs: NeedInput[];
  rejected: { index: number; pointer: string; reason: string; zh: string }[];
  /** Fields a need does not start with (status, agency, notes, ...), reported per request. */
  unmapped: UnmappedField[];
}

const NOT_MAPPED = [
  "status",
  "status_notes",
  "agency_responsible",
  "service_notice",
  "updated_datetime",
  "expected_datetime",
  "address",
  "zipcode",
  "media_url",
  "notes",
] as const;

/**
 * Maps GeoReport v2 service requests to needs to submit: `service_request_id` → `externalId`
 * (with `source`, the idempotency key), `service_code` → `serviceCode` (unknown codes are
 * rejected), `description` (else `service_name`), `lat`/`long` → `location`, `address_id` →
 * `addressCode`, `requested_datetime` → `receivedAt`. The state and history of a request are not
 * what a need starts with: they are reported in `unmapped`.
 */
export function needsFromGeoReport(
  requests: GeoReportServiceRequest[],
  options: NeedsFromGeoReportOptions,
): NeedsFromGeoReportResult {
  const { district } = options;
  const out: NeedsFromGeoReportResult = { needs: [], rejected: [], unmapped: [] };
  const seen = new Set<string>();
  requests.forEach((r, index) => {
    const pointer = `/${index}`;
    const reject = (field: string, reason: string, zh: string) =>
      out.rejected.push({ index, pointer: field === "" ? pointer : `${pointer}/${field}`, reason, zh });
    if (seen.has(r.service_request_id)) {
      reject(
        "service_request_id",
        `service_request_id ${r.service_request_id} appears twice`,
        `service_request_id ${r.service_request_id} 重复出现`,
      );
      return;
    }
    seen.add(r.service_request_id);
    let serviceCode: string | undefined;
    if (r.service_code !== undefined) {
      const mapped = itemCodeFor(r.service_code, options.codePrefix);
      serviceCode = district.services.has(r.service_code) ? r.service_code : mapped;
      if (serviceCode === undefined || !district.services.has(serviceCode)) {
        reject("service_code", `unknown service code ${r.service_code}`, `未知的服务编码 ${r.service_code}`);
        return;
      }
    }
    const description = r.description ?? r.service_name;
    if (description === undefined) {
      reject("description", "no description and no service_name", "既无 description 也无 service_name");
      return;
    }
    const input: Record<string, unknown> = {
      source: options.source ?? "import",
      externalId: r.service_request_id,
      description,
      receivedAt: r.requested_datetime,
    };
    if (serviceCode !== undefined) input.serviceCode = serviceCode;
    if (r.lat !== undefined && r.long !== undefined)
      input.location = { type: "Point", coordinates: [r.long, r.lat] };
    if (r.address_id !== undefined) input.addressCode = r.address_id;
    const parsed = NeedInputSchema.safeParse(input);
    if (!parsed.success) {
      const issues = fromZodIssues(parsed.error.issues, pointer);
      reject(
        "",
        issues.map((i) => `${i.pointer}: ${i.message.en}`).join("; "),
        issues.map((i) => `${i.pointer}：${i.message["zh-CN"]}`).join("；"),
      );
      return;
    }
    out.needs.push(input as NeedInput);
    for (const field of NOT_MAPPED)
      if (r[field] !== undefined)
        out.unmapped.push({
          pointer,
          field,
          reason: "a need starts as received; its state and history come from the engine",
          zh: "需求以“已接收”开始，状态与历史由引擎产生",
        });
  });
  return out;
}
