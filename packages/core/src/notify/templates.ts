import type { LocalizedText } from "../model/common.js";
import { NEED_STATUS_LABELS } from "../model/need-status-labels.js";
import type { Notification } from "../ports/channel.js";
import type { OutboxMessage } from "../ports/outbox-message.js";

/** A language notifications are rendered in. */
export type NotificationLang = Notification["lang"];

/**
 * The payload fields that may leave the system in a notification's `data`, and the only ones
 * templates see: ids, states, dates and codes. Never names, phones or addresses.
 */
export const NOTIFICATION_DATA_FIELDS: readonly string[] = Object.freeze([
  "need",
  "workOrder",
  "status",
  "urgency",
  "service",
  "unit",
  "dueAt",
  "role",
  "level",
]);

/**
 * What a template sees: the allowed payload fields as display text in the notification's
 * language (a status as `已派单` / `dispatched`, a service code as its name when known). A field
 * the payload lacks is absent.
 */
export interface TemplateFields {
  need?: string;
  workOrder?: string;
  status?: string;
  urgency?: string;
  /** The service's name when the lookup knows it, else its code. */
  service?: string;
  unit?: string;
  dueAt?: string;
  role?: string;
  level?: string;
  /** The recipient's role (`grid-worker`, `resident` ...), as a code. */
  recipient: string;
  /** The message topic, as a code. */
  topic: string;
}

/** A template: renders the subject and the text of one notification from its fields. */
export type NotificationTemplate = (fields: TemplateFields) => { subject: string; text: string };

/** Templates by template name or topic, then by language. */
export type NotificationTemplates = Readonly<
  Record<string, Readonly<Partial<Record<NotificationLang, NotificationTemplate>>>>
>;

/**
 * Finds a service's display name: a map of service items (`district.services`) or a function.
 * Returns undefined when unknown; the code is shown then.
 */
export type ServiceLookup =
  | ReadonlyMap<string, { name: LocalizedText }>
  | ((code: string, lang: NotificationLang) => string | undefined);

/** Options of {@link renderNotification}. */
export interface RenderNotificationOptions {
  /** The language to render in. Default `zh-CN`. */
  lang?: NotificationLang;
  /** Service names for the `service` code. */
  services?: ServiceLookup;
  /** Templates that replace or add to {@link DEFAULT_TEMPLATES}, by template name or topic. */
  templates?: NotificationTemplates;
  /** The payload fields allowed into `data` and templates. Default {@link NOTIFICATION_DATA_FIELDS}. */
  dataFields?: readonly string[];
}

const URGENCY: Record<string, LocalizedText> = {
  emergency: { zh: "特急", en: "emergency" },
  urgent: { zh: "紧急", en: "urgent" },
  normal: { zh: "一般", en: "normal" },
  complex: { zh: "疑难", en: "complex" },
};

const ROLE: Record<string, LocalizedText> = {
  lead: { zh: "主办", en: "lead" },
  assist: { zh: "协办", en: "assisting" },
};

const LEVEL: Record<string, LocalizedText> = {
  "0": { zh: "网格", en: "grid" },
  "1": { zh: "社区", en: "community" },
  "2": { zh: "街道", en: "street" },
  "3": { zh: "区县", en: "district" },
  "4": { zh: "市", en: "city" },
  grid: { zh: "网格", en: "grid" },
  community: { zh: "社区", en: "community" },
  street: { zh: "街道", en: "street" },
  district: { zh: "区县", en: "district" },
  city: { zh: "市", en: "city" },
};

/** Joins the lines that are present. */
function lines(...parts: (string | false | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === "string" && p.length > 0).join("\n");
}

/** `诉求 {need}` or empty. */
function zhRef(f: TemplateFields): string {
  return f.need ? `诉求 ${f.need}` : "诉求";
}

function enRef(f: TemplateFields): string {
  return f.need ? `need ${f.need}` : "a need";
}

/** The detail lines shared by every template. */
function zhDetails(f: TemplateFields): (string | undefined)[] {
  return [
    f.need && `诉求编号：${f.need}`,
    f.workOrder && `工单编号：${f.workOrder}`,
    f.status && `状态：${f.status}`,
    f.urgency && `紧急程度：${f.urgency}`,
    f.service && `服务事项：${f.service}`,
    f.unit && `所属单元：${f.unit}`,
    f.role && `承办角色：${f.role}`,
    f.level && `层级：${f.level}`,
    f.dueAt && `办理时限：${f.dueAt}`,
  ];
}

function enDetails(f: TemplateFields): (string | undefined)[] {
  return [
    f.need && `Need: ${f.need}`,
    f.workOrder && `Work order: ${f.workOrder}`,
    f.status && `Status: ${f.status}`,
    f.urgency && `Urgency: ${f.urgency}`,
    f.service && `Service: ${f.service}`,
    f.unit && `Unit: ${f.unit}`,
    f.role && `Role: ${f.role}`,
    f.level && `Level: ${f.level}`,
    f.dueAt && `Due: ${f.dueAt}`,
  ];
}

/** A template with a fixed headline per language and the shared detail lines. */
function simple(zh: (f: TemplateFields) => string, en: (f: TemplateFields) => string) {
  return {
    "zh-CN": (f: TemplateFields) => ({ subject: zh(f), text: lines(`${zh(f)}。`, ...zhDetails(f)) }),
    en: (f: TemplateFields) => ({ subject: en(f), text: lines(`${en(f)}.`, ...enDetails(f)) }),
  } satisfies Partial<Record<NotificationLang, NotificationTemplate>>;
}

/** Recipients that are asked to act on a dispatched need; the others are informed. */
const ASSIGNEES: ReadonlySet<string> = new Set(["grid-worker", "lead-unit", "assist-units"]);

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const urgentZh = (f: TemplateFields): string => (f.urgency ? `【${f.urgency}】` : "");
const urgentEn = (f: TemplateFields): string => (f.urgency ? `[${f.urgency}] ` : "");

/**
 * The built-in templates, by topic (`need.dispatched`, `work-order.*`, `need.follow-up-due`)
 * and, where the wording differs, by the rule's template name (`tell-resident-in-person`).
 * `need.dispatched` asks assignees to act and informs everyone else (supervisors, grid
 * leaders, offices). Anything else renders with {@link FALLBACK_TEMPLATE}.
 */
export const DEFAULT_TEMPLATES: NotificationTemplates = Object.freeze({
  "need.dispatched": {
    "zh-CN": (f: TemplateFields) => {
      if (f.recipient === "resident")
        return {
          subject: "您的诉求已受理并派单",
          text: lines(`您的${zhRef(f)}已派单办理，我们会尽快与您联系。`, f.status && `状态：${f.status}`),
        };
      if (!ASSIGNEES.has(f.recipient))
        return {
          subject: `${urgentZh(f)}派单知会：${f.service ?? zhRef(f)}`,
          text: lines(`${zhRef(f)}已派单办理，请知悉并关注进展。`, ...zhDetails(f)),
        };
      return {
        subject: `${urgentZh(f)}新派单：${f.service ?? zhRef(f)}`,
        text: lines(`您有一件新派的${zhRef(f)}，请及时接单办理。`, ...zhDetails(f)),
      };
    },
    en: (f: TemplateFields) => {
      if (f.recipient === "resident")
        return {
          subject: "Your request has been dispatched",
          text: lines(
            `Your request (${enRef(f)}) has been dispatched; we will contact you soon.`,
            f.status && `Status: ${f.status}`,
          ),
        };
      if (!ASSIGNEES.has(f.recipient))
        return {
          subject: `${urgentEn(f)}For your information: ${f.service ?? enRef(f)} dispatched`,
          text: lines(`${capitalize(enRef(f))} was dispatched; please follow its progress.`, ...enDetails(f)),
        };
      return {
        subject: `${urgentEn(f)}New dispatch: ${f.service ?? enRef(f)}`,
        text: lines(`A new ${enRef(f)} was dispatched to you; please accept it in time.`, ...enDetails(f)),
      };
    },
  },
  "tell-resident-in-person": simple(
    (f) => `请上门告知居民：${zhRef(f)}的办理进展`,
    (f) => `Tell the resident in person how ${enRef(f)} is going`,
  ),
  "work-order.dispatched": simple(
    (f) => `工单已派发：${f.workOrder ?? zhRef(f)}`,
    (f) => `Work order dispatched: ${f.workOrder ?? enRef(f)}`,
  ),
  "work-order.reminder": simple(
    (f) => `办理提醒：工单 ${f.workOrder ?? ""}${f.dueAt ? ` 将于 ${f.dueAt} 到期` : " 即将到期"}`,
    (f) => `Reminder: work order ${f.workOrder ?? ""} is due ${f.dueAt ? `at ${f.dueAt}` : "soon"}`,
  ),
  "work-order.overdue": simple(
    (f) => `超期预警：工单 ${f.workOrder ?? ""} 已超过办理时限`,
    (f) => `Overdue: work order ${f.workOrder ?? ""} has passed its deadline`,
  ),
  "work-order.supervise": simple(
    (f) => `督办：工单 ${f.workOrder ?? ""}${f.level ? `（${f.level}级督办）` : ""}`,
    (f) => `Supervision: work order ${f.workOrder ?? ""}${f.level ? ` (${f.level} level)` : ""}`,
  ),
  "work-order.notify-supervisor": simple(
    (f) => `上报：工单 ${f.workOrder ?? ""} 需要关注`,
    (f) => `Escalated: work order ${f.workOrder ?? ""} needs attention`,
  ),
  "work-order.report": simple(
    (f) => `报告：工单 ${f.workOrder ?? ""} 已逐级上报`,
    (f) => `Report: work order ${f.workOrder ?? ""} was escalated`,
  ),
  "work-order.reassign": simple(
    (f) => `改派：工单 ${f.workOrder ?? ""} 需上级协办`,
    (f) => `Reassigned: work order ${f.workOrder ?? ""} needs help from above`,
  ),
  "work-order.whistle": simple(
    (f) => `吹哨报到：工单 ${f.workOrder ?? ""} 请求协同`,
    (f) => `Whistle: work order ${f.workOrder ?? ""} calls for joint action`,
  ),
  "work-order.extension-requested": simple(
    (f) => `延期申请：工单 ${f.workOrder ?? ""} 待审批`,
    (f) => `Extension requested: work order ${f.workOrder ?? ""} awaits a decision`,
  ),
  "work-order.extension-approved": simple(
    (f) => `延期已批准：工单 ${f.workOrder ?? ""}`,
    (f) => `Extension approved: work order ${f.workOrder ?? ""}`,
  ),
  "work-order.extension-refused": simple(
    (f) => `延期未批准：工单 ${f.workOrder ?? ""}`,
    (f) => `Extension refused: work order ${f.workOrder ?? ""}`,
  ),
  "need.follow-up-due": simple(
    (f) => `回访提醒：${zhRef(f)} 待回访`,
    (f) => `Follow-up due: ${enRef(f)}`,
  ),
});

/** The template for topics without one: the topic and the allowed fields. */
export const FALLBACK_TEMPLATE: Readonly<Record<NotificationLang, NotificationTemplate>> = Object.freeze({
  "zh-CN": (f: TemplateFields) => ({
    subject: `连心通知：${f.topic}`,
    text: lines(`连心通知（${f.topic}）。`, ...zhDetails(f)),
  }),
  en: (f: TemplateFields) => ({
    subject: `Lianxin notification: ${f.topic}`,
    text: lines(`Lianxin notification (${f.topic}).`, ...enDetails(f)),
  }),
});

/** A payload value allowed out: a short string, a finite number or a boolean. */
function safeValue(v: unknown): string | number | boolean | undefined {
  if (typeof v === "string") return v.length > 0 && v.length <= 200 ? v : undefined;
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "boolean") return v;
  return undefined;
}

function label(table: Record<string, LocalizedText>, value: string, lang: NotificationLang): string {
  const t = table[value];
  if (!t) return value;
  return lang === "en" ? (t.en ?? value) : t.zh;
}

/** `2026-10-09T17:30:00+08:00` → `2026-10-09 17:30 (+08:00)`: the time as written, in its own offset. */
function formatDate(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!m) return value;
  return `${m[1]} ${m[2]} (${m[3] === "Z" ? "UTC" : m[3]})`;
}

function serviceName(code: string, lang: NotificationLang, services: ServiceLookup | undefined): string {
  if (!services) return code;
  if (typeof services === "function") return services(code, lang) ?? code;
  const item = services.get(code);
  if (!item) return code;
  return lang === "en" ? (item.name.en ?? item.name.zh) : item.name.zh;
}

/**
 * The allowed fields of a payload (ids, states, dates, codes): what goes into a notification's
 * `data`. Nested objects, long strings and fields off the list are dropped.
 */
export function notificationData(
  payload: Readonly<Record<string, unknown>>,
  fields: readonly string[] = NOTIFICATION_DATA_FIELDS,
): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const key of fields) {
    if (!Object.hasOwn(payload, key)) continue;
    const v = safeValue(payload[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * Renders an outbox message as a {@link Notification}: subject and text from the template of
 * its `template` name, else of its topic, else the fallback, in `lang`; `data` from the allowed
 * payload fields only. Nothing else of the payload is read, so a name, phone or address that
 * slipped into a payload never reaches a channel.
 *
 * @example
 * const n = renderNotification(message, { lang: "en", services: district.services });
 * n.subject; // "[urgent] New dispatch: Buying medicine"
 */
export function renderNotification(
  message: OutboxMessage,
  options: RenderNotificationOptions = {},
): Notification {
  const lang = options.lang ?? "zh-CN";
  const data = notificationData(message.payload, options.dataFields ?? NOTIFICATION_DATA_FIELDS);
  const fields: TemplateFields = { recipient: message.recipient.role, topic: message.topic };
  for (const [key, raw] of Object.entries(data)) {
    const value = String(raw);
    switch (key) {
      case "need":
      case "workOrder":
      case "unit":
        fields[key] = value;
        break;
      case "status":
        fields.status = label(NEED_STATUS_LABELS, value, lang);
        break;
      case "urgency":
        fields.urgency = label(URGENCY, value, lang);
        break;
      case "role":
        fields.role = label(ROLE, value, lang);
        break;
      case "level":
        fields.level = label(LEVEL, value, lang);
        break;
      case "service":
        fields.service = serviceName(value, lang, options.services);
        break;
      case "dueAt":
        fields.dueAt = formatDate(value);
        break;
    }
  }
  const template =
    options.templates?.[message.template]?.[lang] ??
    options.templates?.[message.topic]?.[lang] ??
    DEFAULT_TEMPLATES[message.template]?.[lang] ??
    DEFAULT_TEMPLATES[message.topic]?.[lang] ??
    FALLBACK_TEMPLATE[lang];
  const { subject, text } = template(fields);
  return {
    id: message.id,
    topic: message.topic,
    recipient:
      message.recipient.id === undefined
        ? { role: message.recipient.role }
        : { role: message.recipient.role, id: message.recipient.id },
    lang,
    subject,
    text,
    data,
    createdAt: message.createdAt,
    source: { id: message.id, orderingKey: message.orderingKey, attempts: message.attempts },
  };
}
