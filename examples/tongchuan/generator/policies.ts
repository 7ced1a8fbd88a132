/**
 * Policies: the mainland working calendar, deadline (SLA) policies, escalation ladders and
 * visit plans.
 *
 * The public holidays and make-up working days (调休上班) come from the `chinese-days` package,
 * which transcribes the State Council's yearly notices:
 * - 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号, 2024-11-12);
 * - 2026: 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号, 2025-11-04).
 * The 2027 schedule is not in chinese-days 1.5.7 and had not been found published when this
 * bundle was made, so the calendar stops at 2026-12-31: add 2027 when the notice is out
 * (upgrade chinese-days, or list the days here) and regenerate.
 */
import type {
  DeadlinePolicy,
  Duration,
  EscalationLadder,
  Policies,
  VisitPlan,
  WorkCalendar,
} from "@lianxin/core";
import chineseDays from "chinese-days/dist/chinese-days.json" with { type: "json" };

/** The id of the working calendar. */
export const CALENDAR_ID = "cn-mainland";

/** The years the calendar covers. */
export const CALENDAR_YEARS = [2025, 2026] as const;

type DayTable = Record<string, string>;

/** `"National Day,国庆节,3"` → `"国庆节"`. */
function holidayName(value: string): string {
  return value.split(",")[1] ?? value;
}

function days(table: DayTable, suffix = ""): { date: string; name: string }[] {
  return Object.entries(table)
    .filter(([date]) => CALENDAR_YEARS.some((y) => date.startsWith(`${y}-`)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, value]) => ({ date, name: holidayName(value) + suffix }));
}

/** Checks the calendar against days of the official notices, so a wrong data package fails loudly. */
function spotCheck(cal: WorkCalendar): void {
  const hol = new Set(cal.holidays.map((h) => h.date));
  const mk = new Set(cal.makeupWorkdays.map((h) => h.date));
  const expectHol = [
    "2025-01-28",
    "2025-02-04",
    "2025-10-08",
    "2026-01-01",
    "2026-02-15",
    "2026-02-23",
    "2026-10-01",
    "2026-10-02",
    "2026-10-03",
    "2026-10-04",
    "2026-10-05",
    "2026-10-06",
    "2026-10-07",
  ];
  const expectMk = [
    "2025-01-26",
    "2025-02-08",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
  ];
  for (const d of expectHol) if (!hol.has(d)) throw new Error(`calendar: ${d} should be a public holiday`);
  for (const d of expectMk) if (!mk.has(d)) throw new Error(`calendar: ${d} should be a make-up working day`);
  if (hol.has("2026-10-08") || hol.has("2026-10-09"))
    throw new Error("calendar: 2026-10-08/09 are working days");
}

/** The mainland working calendar. */
export function calendar(): WorkCalendar {
  const data = chineseDays as { holidays: DayTable; workdays: DayTable };
  const cal: WorkCalendar = {
    id: CALENDAR_ID,
    name: { zh: "中国大陆工作日历（2025–2026 年）", en: "Mainland China working calendar (2025–2026)" },
    timeZone: "Asia/Shanghai",
    workweek: [1, 2, 3, 4, 5],
    workingHours: { start: "08:30", end: "17:30" },
    holidays: days(data.holidays),
    makeupWorkdays: days(data.workdays, "调休上班"),
  };
  spotCheck(cal);
  return cal;
}

const dur = (amount: number, unit: Duration["unit"]): Duration => ({ amount, unit });

/** The id of each deadline policy. */
export const POLICY = {
  emergency: "emergency-2h",
  utility: "utility-24h",
  medicine: "medicine-24h",
  proxy1: "proxy-1wd",
  proxy3: "proxy-3wd",
  consultation: "consultation-3wd",
  general: "general-7wd",
  complement: "complement-13wd",
  complex: "complex-15wd",
} as const;

/** The resolve duration of each policy, for the services list's promises. */
export const POLICY_PROMISE: Record<string, Duration> = {
  [POLICY.emergency]: dur(2, "hours"),
  [POLICY.utility]: dur(24, "hours"),
  [POLICY.medicine]: dur(24, "hours"),
  [POLICY.proxy1]: dur(1, "working-days"),
  [POLICY.proxy3]: dur(3, "working-days"),
  [POLICY.consultation]: dur(3, "working-days"),
  [POLICY.general]: dur(7, "working-days"),
  [POLICY.complement]: dur(13, "working-days"),
  [POLICY.complex]: dur(15, "working-days"),
};

function deadline(
  id: string,
  zh: string,
  en: string,
  accept: Duration,
  firstContact: Duration,
  remindBefore: Duration[],
): DeadlinePolicy {
  return {
    id,
    name: { zh, en },
    calendar: CALENDAR_ID,
    accept,
    firstContact,
    resolve: POLICY_PROMISE[id]!,
    remindBefore,
  };
}

const deadlines: DeadlinePolicy[] = [
  deadline(
    POLICY.emergency,
    "紧急事项 2 小时办结",
    "Emergencies: resolved within 2 hours",
    dur(10, "minutes"),
    dur(30, "minutes"),
    [dur(30, "minutes")],
  ),
  deadline(
    POLICY.utility,
    "水电气暖等民生急事 24 小时办结",
    "Water, power, gas, heating and similar: resolved within 24 hours",
    dur(1, "hours"),
    dur(2, "hours"),
    [dur(4, "hours")],
  ),
  deadline(
    POLICY.medicine,
    "代购药品 24 小时送达",
    "Medicine bought and delivered within 24 hours",
    dur(1, "hours"),
    dur(2, "hours"),
    [dur(4, "hours")],
  ),
  deadline(
    POLICY.proxy1,
    "生活类代办 1 个工作日",
    "Daily-life proxy services: 1 working day",
    dur(2, "working-hours"),
    dur(4, "working-hours"),
    [dur(2, "working-hours")],
  ),
  deadline(
    POLICY.proxy3,
    "代办事项 3 个工作日",
    "Proxy services: 3 working days",
    dur(4, "working-hours"),
    dur(1, "working-days"),
    [dur(1, "working-days")],
  ),
  deadline(
    POLICY.consultation,
    "咨询类 3 个工作日答复",
    "Consultations: answered within 3 working days",
    dur(4, "working-hours"),
    dur(1, "working-days"),
    [dur(1, "working-days")],
  ),
  deadline(
    POLICY.general,
    "一般事项 7 个工作日办结",
    "General matters: resolved within 7 working days",
    dur(1, "working-days"),
    dur(2, "working-days"),
    [dur(2, "working-days"), dur(1, "working-days")],
  ),
  deadline(
    POLICY.complement,
    "需补充材料或审核的事项 13 个工作日",
    "Matters needing supplementary documents or review: 13 working days",
    dur(1, "working-days"),
    dur(2, "working-days"),
    [dur(3, "working-days"), dur(1, "working-days")],
  ),
  deadline(
    POLICY.complex,
    "复杂事项 15 个工作日办结",
    "Complex matters: resolved within 15 working days",
    dur(1, "working-days"),
    dur(3, "working-days"),
    [dur(3, "working-days"), dur(1, "working-days")],
  ),
];

const ladders: EscalationLadder[] = [
  {
    id: "standard",
    name: { zh: "逾期逐级督办", en: "Overdue: escalate level by level" },
    calendar: CALENDAR_ID,
    steps: [
      { after: dur(1, "working-days"), level: "community", actions: ["notify-supervisor"] },
      { after: dur(3, "working-days"), level: "street", actions: ["notify-supervisor", "supervise"] },
      { after: dur(5, "working-days"), level: "district", actions: ["supervise", "whistle"] },
      { after: dur(10, "working-days"), level: "city", actions: ["report"] },
    ],
  },
  {
    id: "urgent",
    name: { zh: "紧急事项逾期快速上报", en: "Overdue emergencies: fast escalation" },
    calendar: CALENDAR_ID,
    steps: [
      { after: dur(1, "hours"), level: "community", actions: ["notify-supervisor"] },
      { after: dur(2, "hours"), level: "street", actions: ["supervise", "whistle"] },
      { after: dur(4, "hours"), level: "district", actions: ["whistle"] },
      { after: dur(8, "hours"), level: "city", actions: ["report"] },
    ],
  },
];

const visitPlans: VisitPlan[] = [
  {
    id: "visit-elderly-living-alone",
    name: { zh: "独居高龄老人每周走访", en: "Weekly visit to people aged 80+ living alone" },
    tags: ["living-alone", "aged-80-plus"],
    every: { amount: 1, unit: "weeks" },
    onHoliday: "next-working-day",
    calendar: CALENDAR_ID,
    assignee: "grid-worker",
  },
  {
    id: "visit-disabled",
    name: { zh: "残疾人每两周走访", en: "Visit to people with disabilities every two weeks" },
    tags: ["disabled"],
    every: { amount: 2, unit: "weeks" },
    onHoliday: "next-working-day",
    calendar: CALENDAR_ID,
    assignee: "grid-worker",
  },
  {
    id: "visit-subsistence-allowance",
    name: { zh: "低保对象每月走访", en: "Monthly visit to subsistence-allowance recipients" },
    tags: ["subsistence-allowance"],
    every: { amount: 1, unit: "months" },
    onHoliday: "next-working-day",
    calendar: CALENDAR_ID,
    assignee: "grid-worker",
  },
];

/** All policies of the bundle. */
export function policies(): Policies {
  return { calendars: [calendar()], deadlines, ladders, visitPlans };
}
