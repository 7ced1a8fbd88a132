/**
 * Standard addresses (buildings) per grid and the residents known in advance (重点人群: older
 * people, people with disabilities, low-income households ...). Every name is synthetic.
 */
import type { Address, ContactChannel, Resident } from "@lianxin/core";
import type { Community, GridCell, Hierarchy } from "./hierarchy.js";
import { personName } from "./names.js";
import { type Rng, rng } from "./rng.js";

const COMPOUND_WORDS = [
  "幸福",
  "和平",
  "建新",
  "光明",
  "惠民",
  "安居",
  "东方",
  "阳光",
  "怡和",
  "丽景",
  "翠屏",
  "南山",
  "北塬",
  "滨河",
  "锦绣",
  "春华",
  "紫薇",
  "馨园",
  "康乐",
  "同心",
  "长青",
  "红星",
  "兴业",
  "广场",
  "育才",
  "文苑",
  "金桥",
  "福寿",
  "祥和",
  "新兴",
  "华苑",
  "泰和",
  "川口",
  "铁路",
  "矿工",
  "电厂",
];
const COMPOUND_SUFFIXES = ["小区", "家园", "花园", "苑", "新村", "家属院", "公寓"];

/** Compounds the seed article or the brief puts in a community. */
const KNOWN_COMPOUNDS: Record<string, string> = {
  南苑社区: "方泉小区",
  邻德社区: "邻德小区",
  锦园社区: "锦园公租房小区",
};

/** A building of a grid. */
interface Building {
  address: Address;
  label: string;
  grid: GridCell;
  floors: number;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** A date `YYYY-MM-DD` in a year range. */
function date(r: Rng, fromYear: number, toYear: number): string {
  const y = r.int(fromYear, toYear);
  const m = r.int(1, 12);
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ][m - 1]!;
  return `${y}-${pad(m, 2)}-${pad(r.int(1, days), 2)}`;
}

function buildingsOf(h: Hierarchy, r: Rng): Map<string, Building[]> {
  const out = new Map<string, Building[]>();
  for (const c of h.communities) {
    const nCompounds = Math.max(2, Math.round(c.grids.length / r.int(5, 8)));
    const names = new Set<string>();
    const known = KNOWN_COMPOUNDS[c.zh];
    if (known) names.add(known);
    while (names.size < nCompounds) names.add(r.pick(COMPOUND_WORDS) + r.pick(COMPOUND_SUFFIXES));
    const compounds = [...names];
    const numbers = new Map<string, number>();
    for (const g of c.grids) {
      const compound = compounds[Math.floor(((g.n - 1) * compounds.length) / c.grids.length)]!;
      const list: Building[] = [];
      const count = r.int(2, 6);
      for (let k = 1; k <= count; k++) {
        const no = (numbers.get(compound) ?? 0) + 1;
        numbers.set(compound, no);
        const label = `${compound}${no}号楼`;
        list.push({
          address: { code: `${g.code}-B${pad(k, 2)}`, grid: g.code, label, location: g.pointIn(r) },
          label,
          grid: g,
          floors: r.weighted([
            [6, 5],
            [7, 2],
            [11, 1],
            [18, 1],
          ] as const),
        });
      }
      out.set(g.code, list);
    }
  }
  return out;
}

type Profile = "oldest" | "elderly" | "adult" | "child";

function tagsFor(r: Rng, p: Profile, gender: "female" | "male"): string[] {
  const t: string[] = [];
  const maybe = (tag: string, prob: number) => {
    if (r.chance(prob)) t.push(tag);
  };
  switch (p) {
    case "oldest":
      t.push("aged-80-plus");
      maybe("living-alone", 0.4);
      maybe("mobility-limited", 0.4);
      maybe("chronic-illness", 0.6);
      maybe("disabled", 0.15);
      if (!t.includes("living-alone")) maybe("empty-nest", 0.3);
      if (gender === "male") maybe("veteran", 0.08);
      break;
    case "elderly":
      maybe("living-alone", 0.25);
      maybe("chronic-illness", 0.45);
      maybe("mobility-limited", 0.12);
      maybe("disabled", 0.12);
      if (!t.includes("living-alone")) maybe("empty-nest", 0.25);
      if (gender === "male") maybe("veteran", 0.06);
      break;
    case "adult":
      maybe("disabled", 0.25);
      maybe("flexible-employment", 0.2);
      maybe("unemployed", 0.1);
      maybe("chronic-illness", 0.1);
      break;
    case "child":
      t.push(r.chance(0.6) ? "child-in-difficulty" : "left-behind-child");
      maybe("disabled", 0.1);
      break;
  }
  const x = r.next();
  if (x < 0.09) t.push("subsistence-allowance");
  else if (x < 0.2) t.push("low-income");
  else if (x < 0.22 && p !== "child") t.push("extreme-poverty");
  return t;
}

function channels(r: Rng, p: Profile): { preferred: ContactChannel; channels: ContactChannel[] } {
  if (p === "oldest")
    return r.chance(0.7)
      ? { preferred: "visit", channels: ["visit", "phone"] }
      : { preferred: "phone", channels: ["phone", "visit"] };
  if (p === "elderly")
    return r.pick([
      { preferred: "phone", channels: ["phone", "visit"] },
      { preferred: "wechat", channels: ["wechat", "phone"] },
      { preferred: "visit", channels: ["visit", "phone"] },
    ] as { preferred: ContactChannel; channels: ContactChannel[] }[]);
  return r.pick([
    { preferred: "wechat", channels: ["wechat", "phone", "sms"] },
    { preferred: "app", channels: ["app", "wechat", "sms"] },
    { preferred: "phone", channels: ["phone", "sms"] },
  ] as { preferred: ContactChannel; channels: ContactChannel[] }[]);
}

function consentTime(r: Rng): string {
  return `${date(r, 2025, 2025)}T${pad(r.int(9, 17), 2)}:${pad(r.int(0, 5) * 10, 2)}:00+08:00`;
}

function addressText(c: Community, b: Building, room: string): string {
  const s = c.street;
  const floor = Number(room.slice(0, 2));
  return `铜川市${s.district.spec.zh}${s.spec.zh}${c.zh}${b.label}${floor}${room.slice(2)}室`;
}

/** The addresses and residents. */
export function buildResidents(h: Hierarchy): { addresses: Address[]; residents: Resident[] } {
  const r = rng("addresses");
  const buildings = buildingsOf(h, r);
  const addresses = h.grids.flatMap((g) => buildings.get(g.code)!.map((b) => b.address));

  const rr = rng("residents");
  const residents: Resident[] = [];
  const room = (b: Building) => `${pad(rr.int(1, b.floors), 2)}${pad(rr.int(1, 4), 2)}`;

  const make = (
    id: string,
    g: GridCell,
    b: Building,
    rm: string,
    name: string,
    gender: "female" | "male",
    birthDate: string,
    tags: string[],
    p: Profile,
  ): Resident => {
    const ch = channels(rr, p);
    const res: Resident = {
      id,
      name,
      gender,
      birthDate,
      tags,
      grid: g.code,
      addressCode: `${b.address.code}-${rm}`,
      address: addressText(g.community, b, rm),
      location: b.address.location!,
      preferredChannel: ch.preferred,
      household: `hh-${b.address.code}-${rm}`,
    };
    if (rr.chance(0.9)) res.consent = { contact: true, channels: ch.channels, given: consentTime(rr) };
    else if (rr.chance(0.5)) res.consent = { contact: false, channels: [] };
    if (rr.chance(0.01)) res.doNotContact = true;
    return res;
  };

  // The seed article's case: an older woman living alone in 邻德社区 with a stomach illness who
  // cannot get to the pharmacy. Her name is synthetic.
  const lingde = h.communities.find((c) => c.zh === "邻德社区")!;
  const caseGrid = lingde.grids[6]!;
  const caseBuilding = buildings.get(caseGrid.code)![0]!;
  const caseResident: Resident = {
    ...make(
      "res-lingde-0001",
      caseGrid,
      caseBuilding,
      "0302",
      "孙桂芝",
      "female",
      "1942-03-15",
      ["living-alone", "aged-80-plus", "mobility-limited", "chronic-illness"],
      "oldest",
    ),
    preferredChannel: "visit",
    consent: { contact: true, channels: ["visit", "phone"], given: "2025-04-08T10:30:00+08:00" },
  };
  delete caseResident.doNotContact;
  residents.push(caseResident);

  // A spouse of about the same age, in the same age group, so the age tags still hold.
  const spouseBirth = (birth: string, p: Profile) => {
    const y = Number(birth.slice(0, 4));
    const [lo, hi] = p === "oldest" ? [1928, 1945] : [1947, 1965];
    return date(rr, Math.max(lo, y - 3), Math.min(hi, y + 3));
  };

  let n = 0;
  for (const g of h.grids) {
    const count = rr.weighted([
      [1, 30],
      [2, 60],
      [3, 10],
    ] as const);
    for (let k = 0; k < count; k++) {
      const p = rr.weighted<Profile>([
        ["oldest", 30],
        ["elderly", 40],
        ["adult", 25],
        ["child", 5],
      ]);
      const gender = rr.chance(p === "oldest" ? 0.6 : 0.52) ? "female" : "male";
      const birth =
        p === "oldest"
          ? date(rr, 1928, 1945)
          : p === "elderly"
            ? date(rr, 1947, 1965)
            : p === "adult"
              ? date(rr, 1967, 2007)
              : date(rr, 2009, 2019);
      const b = rr.pick(buildings.get(g.code)!);
      const rm = room(b);
      const tags = tagsFor(rr, p, gender);
      residents.push(make(`res-${pad(++n, 5)}`, g, b, rm, personName(rr, gender).zh, gender, birth, tags, p));
      // Some older people live with a spouse who is registered too.
      if ((p === "oldest" || p === "elderly") && !tags.includes("living-alone") && rr.chance(0.08)) {
        const sg = gender === "female" ? "male" : "female";
        const spouseTags = tags.filter(
          (t) => t !== "veteran" && t !== "disabled" && t !== "mobility-limited",
        );
        residents.push(
          make(
            `res-${pad(++n, 5)}`,
            g,
            b,
            rm,
            personName(rr, sg).zh,
            sg,
            spouseBirth(birth, p),
            spouseTags,
            p,
          ),
        );
      }
    }
  }
  return { addresses, residents };
}
