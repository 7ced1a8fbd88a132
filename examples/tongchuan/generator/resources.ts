/**
 * The resources list (资源清单): grid workers and grid leaders, party members, cadres of the 雁阵
 * programme, volunteers of the 红色代办 teams, enterprises, social organisations, venues and
 * funds. People's names are synthetic.
 */
import type { Capacity, GridRole, Point } from "@lianxin/core";
import { point } from "./geometry.js";
import type { Community, GridCell, Hierarchy, Street } from "./hierarchy.js";
import { BRANDS, personName } from "./names.js";
import { CITY } from "./places.js";
import { type Rng, rng } from "./rng.js";
import type { ResourceIn as Resource, WeeklyScheduleIn as WeeklySchedule } from "./types.js";

type Span = { from: string; to: string };
const span = (from: string, to: string): Span => ({ from, to });
const OFFICE: Span[] = [span("08:30", "12:00"), span("14:30", "18:00")];

function weekly(days: string, spans: Span[], holidays: "open" | "closed" = "closed"): WeeklySchedule {
  const s: Record<string, unknown> = {};
  for (const d of days.split(",")) s[d] = spans;
  s.holidays = holidays;
  return s as WeeklySchedule;
}

const WEEKDAYS = "mon,tue,wed,thu,fri";
const ALL_DAYS = "mon,tue,wed,thu,fri,sat,sun";

const cap = (per: Capacity["per"], max: number, unit: Capacity["unit"] = "orders"): Capacity => ({
  per,
  max,
  unit,
});

/** The resources and the staff of each grid. */
export interface ResourcesOut {
  resources: Resource[];
  staff: Map<string, { role: GridRole; resource: string }[]>;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Adjacent grids (sharing an edge) in the same community lattice. */
export function neighbours(g: GridCell): string[] {
  const c = g.community;
  const out: string[] = [];
  for (const [di, dj] of [
    [0, 1],
    [-1, 0],
    [1, 0],
    [0, -1],
  ] as const) {
    const i = g.i + di;
    const j = g.j + dj;
    if (i < 0 || j < 0 || i >= c.lattice.nx || j >= c.lattice.ny) continue;
    out.push(c.grids[(c.lattice.ny - 1 - j) * c.lattice.nx + i]!.code);
  }
  return out.sort();
}

function pickCaps(
  r: Rng,
  base: readonly string[],
  extra: readonly string[],
  min: number,
  max: number,
): string[] {
  return [...base, ...r.sample(extra, r.int(min, max))];
}

const WORKER_BASE = [
  "visiting",
  "information-collection",
  "complaint-intake",
  "hazard-reporting",
  "policy-consultation",
  "proxy-shopping",
  "proxy-medicine",
  "bill-payment",
  "social-insurance-proxy",
  "pension-certification",
  "relief-application",
  "document-proxy",
  "medical-insurance-proxy",
];
const WORKER_EXTRA = [
  "mediation",
  "medical-escort",
  "security-patrol",
  "sanitation",
  "fire-safety",
  "gas-safety",
  "home-delivery",
  "employment-service",
  "environmental-inspection",
  "market-inspection",
];
const LEADER_CAPS = [
  "visiting",
  "complaint-intake",
  "mediation",
  "policy-consultation",
  "relief-application",
  "hazard-reporting",
  "information-collection",
  "emergency-response",
];
const PARTY_CAPS = [
  "visiting",
  "proxy-shopping",
  "proxy-medicine",
  "home-delivery",
  "medical-escort",
  "policy-consultation",
  "mediation",
  "security-patrol",
  "sanitation",
  "psychological-counselling",
  "legal-consultation",
  "home-repair",
  "elder-care",
  "employment-service",
];
const VOLUNTEER_CAPS = [
  "proxy-shopping",
  "proxy-medicine",
  "home-delivery",
  "medical-escort",
  "visiting",
  "elder-care",
  "meal-assistance",
  "child-care",
  "sanitation",
  "security-patrol",
  "home-repair",
  "transport",
  "psychological-counselling",
  "disability-support",
];
const CADRE_CAPS = [
  "mediation",
  "policy-consultation",
  "relief-application",
  "visiting",
  "complaint-intake",
  "emergency-response",
  "employment-service",
  "housing-consultation",
  "legal-consultation",
];
const SKILLS = [
  "first-aid",
  "driving",
  "nursing",
  "electrician",
  "plumbing",
  "sign-language",
  "counselling",
  "cooking",
  "tutoring",
  "computer",
];

function skills(r: Rng): { skills?: string[] } {
  const s = r.sample(SKILLS, r.int(0, 2));
  return s.length > 0 ? { skills: s } : {};
}

function status(r: Rng): { status?: "on-leave" | "inactive" } {
  const x = r.next();
  if (x < 0.015) return { status: "on-leave" };
  if (x < 0.025) return { status: "inactive" };
  return {};
}

/** Builds every resource. */
export function buildResources(h: Hierarchy): ResourcesOut {
  const resources: Resource[] = [];
  const staff = new Map<string, { role: GridRole; resource: string }[]>();
  for (const g of h.grids) staff.set(g.code, []);
  const addStaff = (grid: string, role: GridRole, resource: string) =>
    staff.get(grid)!.push({ role, resource });

  const committee = (c: Community) => ({ zh: `${c.zh}居民委员会`, en: `${c.en} Residents' Committee` });

  // ——— grid leaders (网格长): community staff leading a few neighbouring grids each ———
  const rl = rng("resources/leaders");
  for (const c of h.communities) {
    const per = rl.int(3, 5);
    const count = Math.ceil(c.grids.length / per);
    for (let k = 0; k < count; k++) {
      const led = c.grids.slice(k * per, (k + 1) * per);
      if (led.length === 0) continue;
      const id = `gl-${c.code}-${pad(k + 1, 2)}`;
      const name = personName(rl, rl.chance(0.6) ? "female" : "male");
      resources.push({
        id,
        kind: "grid-worker",
        name,
        capabilities: LEADER_CAPS,
        home: c.code,
        area: { units: led.map((g) => g.code) },
        schedule: weekly(WEEKDAYS, OFFICE),
        capacity: cap("concurrent", 12),
        location: led[0]!.pointIn(rl),
        skills: ["grid-leader"],
        organisation: committee(c),
      });
      for (const g of led) addStaff(g.code, "leader", id);
    }
  }

  // ——— full-time grid workers (专职网格员): at least one per grid ———
  const rw = rng("resources/workers");
  for (const g of h.grids) {
    const n = rw.chance(0.3) ? 2 : 1;
    for (let k = 1; k <= n; k++) {
      const id = `gw-${g.code}-${k}`;
      resources.push({
        id,
        kind: "grid-worker",
        name: personName(rw, rw.chance(0.7) ? "female" : "male"),
        capabilities: pickCaps(rw, WORKER_BASE, WORKER_EXTRA, 1, 4),
        home: g.code,
        area: { units: [g.code, ...neighbours(g)] },
        schedule: weekly(WEEKDAYS, OFFICE),
        capacity: cap("concurrent", 8),
        location: g.pointIn(rw),
        ...skills(rw),
        organisation: committee(g.community),
        ...status(rw),
      });
      addStaff(g.code, "full-time", id);
    }
  }

  // ——— party members (在职党员) and volunteers (红色代办服务队) ———
  const rp = rng("resources/party-volunteers");
  let pm = 0;
  let vol = 0;
  const partySchedules = [
    weekly("sat", [span("09:00", "11:30")]),
    weekly("tue,thu", [span("19:00", "21:00")]),
    weekly("sat,sun", [span("14:30", "17:30")]),
  ];
  const volunteerSchedules = [
    weekly("sat,sun", [span("09:00", "12:00"), span("14:00", "17:00")], "open"),
    weekly(WEEKDAYS, [span("18:30", "20:30")]),
    weekly("mon,wed,fri", [span("08:00", "11:30")]),
    weekly(ALL_DAYS, [span("09:00", "11:00")], "open"),
  ];
  for (const g of h.grids) {
    const c = g.community;
    let parties = rp.weighted([
      [0, 3],
      [1, 5],
      [2, 2],
    ] as const);
    let volunteers = rp.weighted([
      [0, 3],
      [1, 5],
      [2, 2],
    ] as const);
    if (parties + volunteers === 0) {
      if (rp.chance(0.5)) parties = 1;
      else volunteers = 1;
    }
    for (let k = 0; k < parties; k++) {
      const id = `pm-${pad(++pm, 5)}`;
      resources.push({
        id,
        kind: "party-member",
        name: personName(rp, rp.chance(0.5) ? "female" : "male"),
        capabilities: rp.sample(PARTY_CAPS, rp.int(3, 5)),
        home: g.code,
        area: { units: [c.code] },
        schedule: rp.pick(partySchedules),
        capacity: cap("week", rp.int(2, 4)),
        location: g.pointIn(rp),
        ...skills(rp),
        organisation: { zh: `${c.zh}党委`, en: `Party Committee of ${c.en}` },
        ...status(rp),
      });
      addStaff(g.code, "party-member", id);
    }
    for (let k = 0; k < volunteers; k++) {
      const id = `vol-${pad(++vol, 5)}`;
      resources.push({
        id,
        kind: "volunteer",
        name: personName(rp, rp.chance(0.6) ? "female" : "male"),
        capabilities: rp.sample(VOLUNTEER_CAPS, rp.int(3, 5)),
        home: g.code,
        area: rp.chance(0.6) ? { units: [g.code, ...neighbours(g)] } : { units: [c.code] },
        schedule: rp.pick(volunteerSchedules),
        capacity: cap("week", rp.int(2, 5)),
        location: g.pointIn(rp),
        ...skills(rp),
        organisation: { zh: `${c.zh}红色代办服务队`, en: `${c.en} Red Proxy Service Team` },
        ...status(rp),
      });
      addStaff(g.code, "volunteer", id);
    }
  }

  // ——— cadres of the 雁阵 programme: 10 lead geese, 20 strong geese, 200 young geese ———
  const rc = rng("resources/cadres");
  const demos = h.communities.filter((c) => c.demonstration);
  const others = h.communities.filter((c) => !c.demonstration);
  const mustLead = ["锦园社区", "南苑社区", "邻德社区", "东风社区", "红旗社区"];
  const leadHomes = [
    ...demos.filter((c) => mustLead.includes(c.zh)),
    ...rc.sample(
      demos.filter((c) => !mustLead.includes(c.zh)),
      10 - mustLead.length,
    ),
  ];
  const strongHomes = [...demos.filter((c) => !leadHomes.includes(c)), ...rc.sample(others, 20)].slice(0, 20);
  let cadre = 0;
  const addCadre = (
    tier: "lead-goose" | "strong-goose" | "young-goose",
    home: Community | Street,
    title: string,
  ) => {
    const isCommunity = "lattice" in home;
    const zhName = isCommunity ? home.zh : home.spec.zh;
    const enName = isCommunity ? home.en : home.spec.en;
    const loc: Point = isCommunity
      ? home.center
      : point(
          home.rect.w + (home.rect.e - home.rect.w) * rc.range(0.3, 0.7),
          home.rect.s + (home.rect.n - home.rect.s) * rc.range(0.3, 0.7),
        );
    resources.push({
      id: `cadre-${pad(++cadre, 3)}`,
      kind: "cadre",
      name: personName(rc, rc.chance(0.55) ? "female" : "male"),
      capabilities: rc.sample(CADRE_CAPS, rc.int(4, 6)),
      home: home.code,
      area: { units: [home.code] },
      schedule: weekly(WEEKDAYS, OFFICE),
      capacity: cap("concurrent", 5),
      location: loc,
      skills: [title],
      organisation: isCommunity
        ? { zh: `${zhName}党委`, en: `Party Committee of ${enName}` }
        : { zh: `${zhName}党工委`, en: `Party Working Committee of ${enName}` },
      tier,
    });
  };
  for (const c of leadHomes) addCadre("lead-goose", c, "party-secretary");
  for (const c of strongHomes) addCadre("strong-goose", c, "party-secretary");
  for (let k = 0; k < 200; k++) {
    if (k % 10 === 9) addCadre("young-goose", rc.pick(h.streets), "reserve-cadre");
    else addCadre("young-goose", h.communities[k % h.communities.length]!, "committee-member");
  }

  // ——— enterprises ———
  const re = rng("resources/enterprises");
  const ENTERPRISE_TYPES: {
    zh: string;
    en: string;
    caps: string[];
    weight: number;
    schedule: WeeklySchedule;
    capacity: () => Capacity;
    radius?: true;
    prefix?: string;
  }[] = [
    {
      zh: "商贸有限公司",
      en: "Trading Co., Ltd.",
      caps: ["proxy-shopping", "home-delivery"],
      weight: 5,
      schedule: weekly(ALL_DAYS, [span("08:00", "20:00")], "open"),
      capacity: () => cap("day", re.int(20, 80)),
    },
    {
      zh: "超市有限公司",
      en: "Supermarket Co., Ltd.",
      caps: ["proxy-shopping", "home-delivery"],
      weight: 4,
      schedule: weekly(ALL_DAYS, [span("07:30", "21:30")], "open"),
      capacity: () => cap("day", re.int(30, 120)),
      radius: true,
    },
    {
      zh: "大药房有限公司",
      en: "Pharmacy Co., Ltd.",
      caps: ["proxy-medicine", "home-delivery", "health-service"],
      weight: 5,
      schedule: weekly(ALL_DAYS, [span("08:00", "21:00")], "open"),
      capacity: () => cap("day", re.int(20, 60)),
      radius: true,
    },
    {
      zh: "物业服务有限公司",
      en: "Property Services Co., Ltd.",
      caps: ["property-management", "home-repair", "sanitation"],
      weight: 5,
      schedule: weekly("mon,tue,wed,thu,fri,sat", [span("08:00", "18:00")]),
      capacity: () => cap("concurrent", re.int(10, 40)),
    },
    {
      zh: "家政服务有限公司",
      en: "Housekeeping Services Co., Ltd.",
      caps: ["elder-care", "sanitation", "home-repair"],
      weight: 3,
      schedule: weekly(ALL_DAYS, [span("08:00", "18:00")], "open"),
      capacity: () => cap("day", re.int(10, 30)),
    },
    {
      zh: "养老服务有限公司",
      en: "Elderly Care Services Co., Ltd.",
      caps: ["elder-care", "meal-assistance", "medical-escort"],
      weight: 3,
      schedule: weekly(ALL_DAYS, [span("07:30", "19:00")], "open"),
      capacity: () => cap("day", re.int(10, 40)),
    },
    {
      zh: "餐饮管理有限公司",
      en: "Catering Management Co., Ltd.",
      caps: ["meal-assistance", "home-delivery"],
      weight: 2,
      schedule: weekly(ALL_DAYS, [span("10:00", "13:30"), span("16:30", "19:30")], "open"),
      capacity: () => cap("day", re.int(50, 200)),
    },
    {
      zh: "水电维修服务部",
      en: "Plumbing and Electrical Repairs",
      caps: ["home-repair"],
      weight: 3,
      schedule: weekly(ALL_DAYS, [span("08:00", "19:00")], "open"),
      capacity: () => cap("day", re.int(5, 15)),
    },
    {
      zh: "燃气工程服务有限公司",
      en: "Gas Engineering Services Co., Ltd.",
      caps: ["gas-safety", "home-repair"],
      weight: 1,
      schedule: weekly(WEEKDAYS, OFFICE),
      capacity: () => cap("day", re.int(10, 30)),
    },
    {
      zh: "出租汽车有限公司",
      en: "Taxi Co., Ltd.",
      caps: ["transport", "medical-escort"],
      weight: 1,
      schedule: weekly(ALL_DAYS, [span("06:00", "22:00")], "open"),
      capacity: () => cap("day", re.int(20, 60)),
    },
    {
      zh: "律师事务所",
      en: "Law Firm",
      caps: ["legal-aid", "legal-consultation", "mediation"],
      weight: 1,
      schedule: weekly(WEEKDAYS, [span("09:00", "12:00"), span("14:00", "17:30")]),
      capacity: () => cap("week", re.int(5, 20)),
      prefix: "陕西",
    },
    {
      zh: "门诊部",
      en: "Clinic",
      caps: ["health-service", "medical-escort"],
      weight: 2,
      schedule: weekly(ALL_DAYS, [span("08:00", "12:00"), span("14:00", "18:00")], "open"),
      capacity: () => cap("day", re.int(20, 60)),
      radius: true,
    },
  ];
  const usedNames = new Set<string>();
  for (let k = 1; k <= 300; k++) {
    const t = re.weighted(ENTERPRISE_TYPES.map((x) => [x, x.weight] as const));
    let brand = re.pick(BRANDS);
    while (usedNames.has(brand[0] + t.zh)) brand = re.pick(BRANDS);
    usedNames.add(brand[0] + t.zh);
    const street = re.pick(h.streets);
    const c = re.pick(street.communities);
    const location = re.pick(c.grids).pointIn(re);
    const prefixZh = t.prefix ?? "铜川市";
    const prefixEn = t.prefix ? "Shaanxi" : "Tongchuan";
    resources.push({
      id: `ent-${pad(k, 3)}`,
      kind: "enterprise",
      name: { zh: `${prefixZh}${brand[0]}${t.zh}`, en: `${prefixEn} ${brand[1]} ${t.en}` },
      capabilities: t.caps,
      home: street.code,
      area: t.radius
        ? { center: location, radiusMeters: re.int(20, 50) * 100 }
        : { units: [re.chance(0.75) ? street.code : street.district.code] },
      schedule: t.schedule,
      capacity: t.capacity(),
      location,
    });
  }

  // ——— social organisations ———
  const ro = rng("resources/organisations");
  const ORG_TYPES = [
    {
      zh: "社会工作服务中心",
      en: "Social Work Service Centre",
      caps: ["psychological-counselling", "elder-care", "child-care", "visiting"],
    },
    {
      zh: "志愿服务协会",
      en: "Volunteer Association",
      caps: ["proxy-shopping", "visiting", "home-delivery", "security-patrol"],
    },
    {
      zh: "助残服务中心",
      en: "Disability Support Centre",
      caps: ["disability-support", "transport", "visiting"],
    },
    { zh: "心理咨询服务中心", en: "Counselling Centre", caps: ["psychological-counselling"] },
    { zh: "调解工作室", en: "Mediation Studio", caps: ["mediation", "legal-consultation"] },
    { zh: "老年协会", en: "Older People's Association", caps: ["elder-care", "visiting", "meal-assistance"] },
    { zh: "青少年服务中心", en: "Youth Service Centre", caps: ["child-care", "psychological-counselling"] },
    {
      zh: "公益服务中心",
      en: "Public Welfare Service Centre",
      caps: ["proxy-shopping", "relief-application", "visiting"],
    },
    {
      zh: "环保志愿者协会",
      en: "Environmental Volunteers Association",
      caps: ["environmental-inspection", "sanitation"],
    },
  ];
  const orgNames = new Set<string>();
  for (let k = 1; k <= 100; k++) {
    const t = ro.pick(ORG_TYPES);
    const district = ro.pick(h.districts);
    let brand = ro.pick(BRANDS);
    while (orgNames.has(district.code + brand[0] + t.zh)) brand = ro.pick(BRANDS);
    orgNames.add(district.code + brand[0] + t.zh);
    const street = ro.pick(district.streets);
    resources.push({
      id: `org-${pad(k, 3)}`,
      kind: "social-organisation",
      name: { zh: `${district.spec.zh}${brand[0]}${t.zh}`, en: `${district.spec.en} ${brand[1]} ${t.en}` },
      capabilities: t.caps,
      home: district.code,
      area: { units: [district.code] },
      schedule: weekly(WEEKDAYS, [span("09:00", "17:00")]),
      capacity: cap("week", ro.int(10, 40)),
      location: ro.pick(ro.pick(street.communities).grids).pointIn(ro),
    });
  }

  // ——— venues ———
  const rv = rng("resources/venues");
  const venue = (
    id: string,
    zh: string,
    en: string,
    c: Community,
    caps: string[],
    schedule: WeeklySchedule,
    seats: number,
    location: Point,
  ) =>
    resources.push({
      id,
      kind: "venue",
      name: { zh, en },
      capabilities: caps,
      home: c.code,
      area: { units: [c.code] },
      schedule,
      capacity: cap("concurrent", seats, "seats"),
      location,
      organisation: committee(c),
    });
  for (const c of h.communities) {
    venue(
      c.office,
      `${c.zh}党群服务中心`,
      `${c.en} Party and Public Service Centre`,
      c,
      ["venue-space", "policy-consultation"],
      weekly(ALL_DAYS, OFFICE),
      rv.int(6, 20) * 10,
      c.center,
    );
  }
  const dayCare = rv.sample(h.communities, 56);
  const activity = rv.sample(h.communities, 55);
  const practice = rv.sample(h.communities, 16);
  for (const c of h.communities) {
    if (dayCare.includes(c))
      venue(
        `venue-${c.code}-rjzl`,
        `${c.zh}日间照料中心`,
        `${c.en} Day Care Centre`,
        c,
        ["venue-space", "elder-care", "meal-assistance"],
        weekly(ALL_DAYS, [span("08:00", "18:00")], "open"),
        rv.int(3, 8) * 10,
        rv.pick(c.grids).pointIn(rv),
      );
    if (activity.includes(c))
      venue(
        `venue-${c.code}-lnhd`,
        `${c.zh}老年活动室`,
        `${c.en} Seniors' Activity Room`,
        c,
        ["venue-space"],
        weekly(ALL_DAYS, [span("08:30", "11:30"), span("14:30", "21:00")], "open"),
        rv.int(2, 6) * 10,
        rv.pick(c.grids).pointIn(rv),
      );
    if (practice.includes(c))
      venue(
        `venue-${c.code}-wmsj`,
        `${c.zh}新时代文明实践站`,
        `${c.en} Civilisation Practice Station`,
        c,
        ["venue-space", "policy-consultation"],
        weekly(WEEKDAYS, OFFICE),
        rv.int(4, 10) * 10,
        rv.pick(c.grids).pointIn(rv),
      );
  }
  // One 社会治理综合服务中心 per street, in its first community.
  for (const s of h.streets) {
    const c = s.communities[0]!;
    resources.push({
      id: `venue-${s.code}-zzzx`,
      kind: "venue",
      name: { zh: `${s.spec.zh}社会治理综合服务中心`, en: `${s.spec.en} Social Governance Service Centre` },
      capabilities: ["venue-space", "mediation", "complaint-intake"],
      home: s.code,
      area: { units: [s.code] },
      schedule: weekly(WEEKDAYS, OFFICE),
      capacity: cap("concurrent", rv.int(4, 10) * 10, "seats"),
      location: rv.pick(c.grids).pointIn(rv),
      organisation: { zh: `${s.spec.zh}办事处`, en: `${s.spec.en} Office` },
    });
  }

  // ——— funds ———
  const rf = rng("resources/funds");
  let fund = 0;
  const addFund = (
    home: string,
    zh: string,
    en: string,
    caps: string[],
    perWeek: number,
    orgZh: string,
    orgEn: string,
  ) =>
    resources.push({
      id: `fund-${pad(++fund, 2)}`,
      kind: "fund",
      name: { zh, en },
      capabilities: caps,
      home,
      area: { units: [home] },
      schedule: weekly(WEEKDAYS, [span("08:30", "17:30")]),
      capacity: cap("week", perWeek, "yuan"),
      organisation: { zh: orgZh, en: orgEn },
    });
  for (const d of h.districts) {
    const z = d.spec.zh;
    const e = d.spec.en;
    addFund(
      d.code,
      `${z}临时救助备用金`,
      `${e} temporary relief reserve`,
      ["relief-funding"],
      rf.int(5, 20) * 10_000,
      `${z}民政局`,
      `${e} Civil Affairs Bureau`,
    );
    addFund(
      d.code,
      `${z}社区服务群众专项经费`,
      `${e} community service fund`,
      ["relief-funding"],
      rf.int(2, 8) * 10_000,
      `中共${z}委组织部`,
      `Organisation Department of the ${e} Party Committee`,
    );
    addFund(
      d.code,
      `${z}红色代办服务保障金`,
      `${e} red proxy service fund`,
      ["relief-funding"],
      rf.int(1, 5) * 10_000,
      `中共${z}委组织部`,
      `Organisation Department of the ${e} Party Committee`,
    );
  }
  addFund(
    CITY.code,
    "铜川市慈善协会困难群众救助基金",
    "Tongchuan Charity Association hardship fund",
    ["relief-funding"],
    200_000,
    "铜川市慈善协会",
    "Tongchuan Charity Association",
  );
  addFund(
    CITY.code,
    "铜川市微心愿圆梦基金",
    "Tongchuan small wishes fund",
    ["relief-funding"],
    50_000,
    "铜川市慈善协会",
    "Tongchuan Charity Association",
  );
  addFund(
    CITY.code,
    "铜川市医疗救助资金",
    "Tongchuan medical assistance fund",
    ["relief-funding"],
    500_000,
    "铜川市医疗保障局",
    "Tongchuan Healthcare Security Bureau",
  );
  addFund(
    CITY.code,
    "铜川市困难职工帮扶资金",
    "Tongchuan fund for workers in difficulty",
    ["relief-funding"],
    100_000,
    "铜川市总工会",
    "Tongchuan Federation of Trade Unions",
  );
  addFund(
    CITY.code,
    "铜川市见义勇为基金",
    "Tongchuan good Samaritan fund",
    ["relief-funding"],
    50_000,
    "铜川市见义勇为基金会",
    "Tongchuan Good Samaritan Foundation",
  );

  return { resources, staff };
}
