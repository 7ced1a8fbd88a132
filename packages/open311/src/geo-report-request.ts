import { type District, type Event, NEED_STATUS_LABELS, type Need, type WorkOrder } from "@lianxin/core";
import { localized } from "./geo-report-services.js";
import { GEO_REPORT_STATUS, promiseNotice } from "./labels.js";
import type { GeoReportNote, GeoReportServiceRequest } from "./types.js";

/** What {@link geoReportRequest} needs besides the need. */
export interface GeoReportRequestContext {
  district: District;
  /** The need's work orders (any order). */
  workOrders: readonly WorkOrder[];
  /** The need's audit trail; only `public` events reach `notes[]`. */
  events: readonly Event[];
  /** @default "zh" */
  lang?: "zh" | "en";
}

/**
 * A need as a GeoReport v2 service request. `status` collapses our state (see
 * {@link GEO_REPORT_STATUS}); `status_notes` is `<state> · <label>`; `notes[]` is the public
 * history (state changes with their public reasons, never who did them); `agency_responsible`
 * is the unit handling the current lead work order; `expected_datetime` the due date;
 * `service_notice` the item's promise; `address_id` the standard address code (`address` its label,
 * else the `address_string` the client posted); `media_url` as posted. Times are passed
 * through as stored (ISO 8601 with the district's offset).
 */
export function geoReportRequest(need: Need, context: GeoReportRequestContext): GeoReportServiceRequest {
  const { district } = context;
  const lang = context.lang ?? "zh";
  const label = NEED_STATUS_LABELS[need.status];
  const request: GeoReportServiceRequest = {
    service_request_id: need.id,
    status: GEO_REPORT_STATUS[need.status],
    status_notes: stateNote(need.status, lang === "zh" ? label.zh : label.en),
    requested_datetime: need.receivedAt,
  };
  const code = need.serviceCode ?? need.serviceCodes[0];
  const item = code === undefined ? undefined : district.services.get(code);
  if (code !== undefined) request.service_code = code;
  if (item) request.service_name = localized(item.name, lang);
  request.description = need.description;
  const lead = leadOrder(context.workOrders);
  const agency = agencyName(district, need, lead, lang);
  if (agency !== undefined) request.agency_responsible = agency;
  if (item) request.service_notice = promiseNotice(item.promised, lang);
  request.updated_datetime = need.updatedAt;
  const due = need.dueAt ?? lead?.dueAt;
  if (due !== undefined) request.expected_datetime = due;
  if (need.addressCode !== undefined) {
    request.address_id = need.addressCode;
    const address = district.addresses.get(need.addressCode);
    if (address?.label !== undefined) request.address = address.label;
  }
  // What a GeoReport client posted and the need keeps as attributes (see the request handler).
  const { address_string: addressString, media_url: mediaUrl } = need.attributes ?? {};
  if (request.address === undefined && typeof addressString === "string") request.address = addressString;
  if (typeof mediaUrl === "string") request.media_url = mediaUrl;
  if (need.location !== undefined) {
    const [long, lat] = need.location.coordinates;
    request.lat = lat!;
    request.long = long!;
  }
  const notes = publicNotes(context.events, need.id, lang);
  if (notes.length > 0) request.notes = notes;
  return request;
}

/** The current lead work order: the latest dispatched lead that is not cancelled, else the latest lead. */
function leadOrder(orders: readonly WorkOrder[]): WorkOrder | undefined {
  const leads = orders
    .filter((o) => o.role === "lead")
    .sort((a, b) => (a.dispatchedAt < b.dispatchedAt ? -1 : 1));
  return leads.filter((o) => o.status !== "cancelled").at(-1) ?? leads.at(-1);
}

/**
 * The name of the unit handling the need: a grid or unit assignee's own name, a department's
 * name for a domain, the order's owning unit for a resource (a resource can be a person, whose
 * name is not published), else the unit the need was routed to.
 */
function agencyName(
  district: District,
  need: Need,
  lead: WorkOrder | undefined,
  lang: "zh" | "en",
): string | undefined {
  if (lead) {
    const { type, id } = lead.assignee;
    if (type === "grid" || type === "unit") {
      const unit = district.hierarchy.unit(id);
      if (unit) return localized(unit.name, lang);
    }
    if (type === "department") {
      const domain = district.domains.get(id);
      if (domain) return localized(domain.department, lang);
    }
    const owner = district.hierarchy.unit(lead.unit);
    if (owner) return localized(owner.name, lang);
  }
  const routed = need.unit === undefined ? undefined : district.hierarchy.unit(need.unit);
  return routed ? localized(routed.name, lang) : undefined;
}

/** The public events of the need, oldest first, as notes: no actor, only the public reason or result. */
function publicNotes(events: readonly Event[], needId: string, lang: "zh" | "en"): GeoReportNote[] {
  return events
    .filter((e) => e.visibility === "public" && (e.need === undefined || e.need === needId))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map((e) => {
      const state =
        e.to !== undefined && e.to in NEED_STATUS_LABELS
          ? (e.to as keyof typeof NEED_STATUS_LABELS)
          : undefined;
      const label =
        state === undefined
          ? e.type
          : lang === "zh"
            ? NEED_STATUS_LABELS[state].zh
            : NEED_STATUS_LABELS[state].en;
      const note: GeoReportNote = {
        datetime: e.at,
        type: state === undefined ? e.type : "status-change",
        summary: state === undefined ? e.type : stateNote(state, label),
      };
      const result = typeof e.data?.result === "string" ? e.data.result : undefined;
      const description = e.reason ?? result;
      if (description !== undefined && description !== "") note.description = description;
      return note;
    });
}

/** `<state> · <label>`, or the state alone where the label only repeats it. */
function stateNote(state: string, label: string): string {
  return label === state ? state : `${state} · ${label}`;
}
