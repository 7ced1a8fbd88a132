/** The document formats GeoReport v2 serves. */
export type GeoReportFormat = "json" | "xml";

/** How a service takes requests: `realtime` (an id at once), `batch` (a token first) or `blackbox` (nothing back). */
export type GeoReportServiceType = "realtime" | "batch" | "blackbox";

/** One entry of `GET services`. */
export interface GeoReportService {
  service_code: string;
  service_name: string;
  description?: string;
  /** True when the service has a service definition (attributes). */
  metadata: boolean;
  type: GeoReportServiceType;
  /** Comma-separated keywords. */
  keywords?: string;
  group?: string;
  /**
   * Every group, when a server sends several (`<groups><group>…</group></groups>`, as
   * FixMyStreet does); `group` is then the first. Added by Lianxin's import; never written.
   */
  groups?: string[];
}

/** The six Open311 attribute datatypes. */
export type GeoReportDatatype =
  | "string"
  | "number"
  | "datetime"
  | "text"
  | "singlevaluelist"
  | "multivaluelist";

/** One attribute of a service definition. */
export interface GeoReportAttribute {
  /** True when the attribute asks the requester for a value (false: information only). */
  variable: boolean;
  code: string;
  datatype: GeoReportDatatype;
  required: boolean;
  datatype_description?: string;
  order: number;
  description: string;
  /** For the list datatypes. */
  values?: { key: string; name: string }[];
}

/** `GET services/{service_code}`. */
export interface GeoReportServiceDefinition {
  service_code: string;
  attributes: GeoReportAttribute[];
}

/** One entry of a request's history (`notes[]`, a common GeoReport v2 extension). */
export interface GeoReportNote {
  datetime: string;
  /** `status-change`, `assignment`, `escalation`, `comment`, ... */
  type: string;
  summary: string;
  description?: string;
}

/** One entry of `GET requests` / `GET requests/{id}`. Times are ISO 8601 with an offset. */
export interface GeoReportServiceRequest {
  service_request_id: string;
  status: "open" | "closed";
  /** Our own state (`dispatched`, `accepted`, `resolved`, ...) and its explanation. */
  status_notes?: string;
  service_name?: string;
  service_code?: string;
  description?: string;
  /** The unit handling the request (its name). */
  agency_responsible?: string;
  /** The service item's promise (承诺时限). */
  service_notice?: string;
  requested_datetime: string;
  updated_datetime?: string;
  /** The due date. */
  expected_datetime?: string;
  address?: string;
  address_id?: string;
  zipcode?: string;
  lat?: number;
  long?: number;
  media_url?: string;
  notes?: GeoReportNote[];
}

/** The answer to `POST requests`. */
export interface GeoReportRequestReceipt {
  service_request_id?: string;
  token?: string;
  service_notice?: string;
  account_id?: string;
}

/** One error in the spec's format: `[{ code, description }]`. */
export interface GeoReportError {
  code: number;
  description: string;
}

/** `GET discovery`. */
export interface GeoReportDiscovery {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: {
    specification: string;
    url: string;
    changeset: string;
    type: "production" | "test";
    formats: string[];
  }[];
}
