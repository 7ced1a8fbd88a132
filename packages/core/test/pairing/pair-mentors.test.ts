import { type District, LianxinError, loadDistrict } from "@lianxin/core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type CadrePool,
  cadresFromDistrict,
  DEFAULT_MENTOR_CAPACITIES,
  type PairingInput,
  type PairingMentee,
  type PairingMentor,
  type PairingResult,
  pairMentors,
} from "../../src/pairing/pair-mentors.js";
import { TONGCHUAN_DIR } from "../district/tongchuan-bundle.js";

let district: District;
let pool: CadrePool;
beforeAll(async () => {
  district = await loadDistrict(TONGCHUAN_DIR, { geometry: false });
  pool = cadresFromDistrict(district);
});

/** How many mentees each mentor got. */
function loads(result: PairingResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of result.pairs) out.set(p.mentor, (out.get(p.mentor) ?? 0) + 1);
  return out;
}

/** Checks the invariants every slot-mode result keeps. */
function expectConsistent(input: PairingInput, result: PairingResult): void {
  const mentors = new Map(input.mentors.map((m) => [m.id, m]));
  for (const [id, n] of loads(result)) expect(n).toBeLessThanOrEqual(mentors.get(id)!.capacity);
  const seen = new Set<string>();
  for (const p of result.pairs) {
    const key = `${p.mentor}|${p.mentee}`;
    expect(seen.has(key)).toBe(false);
    seen.add(key);
    expect(p.tier).toBe(mentors.get(p.mentor)!.tier);
  }
  expect(result.quality.totalAffinity).toBe(result.pairs.reduce((s, p) => s + p.affinity, 0));
  expect(result.quality.gain).toBe(result.quality.totalAffinity - result.quality.greedyAffinity);
  expect(result.quality.paired).toBe(result.pairs.length);
}

describe("cadresFromDistrict on Tongchuan", () => {
  it("finds the article's 10 lead geese, 20 strong geese and 200 young geese", () => {
    const byTier = (tier: string) => pool.mentors.filter((m) => m.tier === tier).length;
    expect(byTier("lead-goose")).toBe(10);
    expect(byTier("strong-goose")).toBe(20);
    expect(pool.mentees).toHaveLength(200);
    expect(pool.capacities).toEqual(DEFAULT_MENTOR_CAPACITIES);
    expect(pool.mentors.reduce((s, m) => s + m.capacity, 0)).toBe(200);
  });

  it("places every cadre in its street, and its community when homed in one", () => {
    for (const person of [...pool.mentors, ...pool.mentees]) {
      const home = district.resources.get(person.id)!.home;
      expect(person.street).toBe(district.hierarchy.ancestorAt(home, "street")!.code);
      expect(person.community).toBe(district.hierarchy.ancestorAt(home, "community")?.code);
      expect(person.skills.length).toBeGreaterThan(0);
    }
    // The reserve cadres are homed at a street, not a community.
    expect(pool.mentees.filter((e) => e.community === undefined)).toHaveLength(20);
  });

  it("takes the capacities it is given", () => {
    const custom = cadresFromDistrict(district, { capacities: { "lead-goose": 20 } });
    expect(custom.capacities).toEqual({ "lead-goose": 20, "strong-goose": 6 });
    expect(custom.mentors.filter((m) => m.capacity === 20)).toHaveLength(10);
    expect(() => cadresFromDistrict(district, { capacities: { "strong-goose": -1 } })).toThrow(LianxinError);
  });
});

describe("one-to-one on Tongchuan", () => {
  it("pairs all 200 young geese within the mentors' capacities, never worse than greedy", () => {
    const input: PairingInput = { mentors: pool.mentors, mentees: pool.mentees, mode: "one-to-one" };
    const result = pairMentors(input);
    expectConsistent(input, result);
    expect(result.pairs).toHaveLength(200);
    expect(new Set(result.pairs.map((p) => p.mentee)).size).toBe(200);
    expect(result.unpaired).toEqual([]);
    expect(result.shortfalls).toEqual([]);
    expect(result.groups).toBeUndefined();
    // Capacity is exactly 200, so every mentor is full.
    for (const m of pool.mentors) expect(loads(result).get(m.id)).toBe(m.capacity);
    expect(result.quality.greedyPaired).toBe(200);
    expect(result.quality.totalAffinity).toBeGreaterThanOrEqual(result.quality.greedyAffinity);
    expect(result.quality.gain).toBeGreaterThan(0);
  });

  it("explains each pair's affinity by its reasons", () => {
    const result = pairMentors({ mentors: pool.mentors, mentees: pool.mentees, mode: "one-to-one" });
    const mentors = new Map(pool.mentors.map((m) => [m.id, m]));
    const mentees = new Map(pool.mentees.map((e) => [e.id, e]));
    for (const p of result.pairs) {
      const m = mentors.get(p.mentor)!;
      const e = mentees.get(p.mentee)!;
      const lacked = m.skills.filter((s) => !e.skills.includes(s));
      const expected = [
        ...(m.street === e.street ? ["same-street"] : []),
        ...(m.community !== undefined && m.community === e.community ? ["same-community"] : []),
        ...lacked.map((s) => `skill:${s}`),
      ];
      expect(p.reasons).toEqual(expected);
      expect(p.affinity).toBe(
        (m.street === e.street ? 3 : 0) + (expected.includes("same-community") ? 1 : 0) + 2 * lacked.length,
      );
    }
  });

  it('with maxDistanceLevel "street" never pairs across streets, and says why the rest are unpaired', () => {
    const input: PairingInput = {
      mentors: pool.mentors,
      mentees: pool.mentees,
      mode: "one-to-one",
      policy: { maxDistanceLevel: "street" },
    };
    const result = pairMentors(input);
    expectConsistent(input, result);
    const street = new Map([...pool.mentors, ...pool.mentees].map((x) => [x.id, x.street]));
    for (const p of result.pairs) expect(street.get(p.mentor)).toBe(street.get(p.mentee));
    const mentorStreets = new Set(pool.mentors.map((m) => m.street));
    for (const s of result.shortfalls) {
      const hasMentor = mentorStreets.has(street.get(s.mentee));
      expect(s.reason).toBe(hasMentor ? "capacity" : "no-eligible-mentor");
    }
    expect(result.pairs.length + result.unpaired.length).toBe(200);
    expect(result.unpaired.length).toBeGreaterThan(0);
    // As many as each street's mentors can take: the exact solution fills every slot it can.
    let reachable = 0;
    for (const s of new Set(pool.mentees.map((e) => e.street))) {
      const demand = pool.mentees.filter((e) => e.street === s).length;
      const supply = pool.mentors.filter((m) => m.street === s).reduce((n, m) => n + m.capacity, 0);
      reachable += Math.min(demand, supply);
    }
    expect(result.pairs).toHaveLength(reachable);
  });

  it("is deterministic", () => {
    const input: PairingInput = {
      mentors: pool.mentors,
      mentees: pool.mentees,
      mode: "one-to-one",
      policy: { maxDistanceLevel: "district" },
    };
    expect(pairMentors(input)).toEqual(pairMentors(structuredClone(input)));
  });
});

describe("many-to-one on Tongchuan", () => {
  it("gives every young goose one lead goose and one strong goose when capacity allows", () => {
    const big = cadresFromDistrict(district, { capacities: { "lead-goose": 20, "strong-goose": 10 } });
    const input: PairingInput = {
      mentors: big.mentors,
      mentees: big.mentees,
      mode: "many-to-one",
      policy: { requireTiers: ["lead-goose", "strong-goose"], mentorsPerMentee: 2 },
    };
    const result = pairMentors(input);
    expectConsistent(input, result);
    expect(result.pairs).toHaveLength(400);
    expect(result.unpaired).toEqual([]);
    for (const e of big.mentees) {
      const tiers = result.pairs.filter((p) => p.mentee === e.id).map((p) => p.tier);
      expect(tiers).toEqual(["lead-goose", "strong-goose"]);
    }
    expect(result.quality.totalAffinity).toBeGreaterThanOrEqual(result.quality.greedyAffinity);
  });

  it("reports who misses which tier when capacity runs out", () => {
    // The default capacities serve 80 mentees with a lead goose and 120 with a strong goose.
    const input: PairingInput = { mentors: pool.mentors, mentees: pool.mentees, mode: "many-to-one" };
    const result = pairMentors(input);
    expectConsistent(input, result);
    expect(result.pairs.filter((p) => p.tier === "lead-goose")).toHaveLength(80);
    expect(result.pairs.filter((p) => p.tier === "strong-goose")).toHaveLength(120);
    const missing = (tier: string) =>
      result.shortfalls.filter((s) => s.tier === tier).reduce((n, s) => n + s.missing, 0);
    expect(missing("lead-goose")).toBe(120);
    expect(missing("strong-goose")).toBe(80);
    expect(result.shortfalls.every((s) => s.reason === "capacity")).toBe(true);
    // Unpaired: every mentee missing a lead goose or a strong goose, each listed once.
    const fully = new Set(
      pool.mentees.map((e) => e.id).filter((id) => result.pairs.filter((p) => p.mentee === id).length === 2),
    );
    expect(result.unpaired).toEqual(pool.mentees.map((e) => e.id).filter((id) => !fully.has(id)));
    for (const p of result.pairs) expect(p.tier === "lead-goose" || p.tier === "strong-goose").toBe(true);
  });
});

describe("group mode on Tongchuan", () => {
  it("forms groups within the size bounds, each under one lead goose with strong co-mentors", () => {
    const input: PairingInput = {
      mentors: pool.mentors,
      mentees: pool.mentees,
      mode: "group",
      policy: { groupSize: { min: 15, max: 25 } },
    };
    const result = pairMentors(input);
    const tier = new Map(pool.mentors.map((m) => [m.id, m.tier]));
    const groups = result.groups!;
    expect(groups).toHaveLength(10);
    const leads = groups.map((g) => g.lead);
    expect(new Set(leads).size).toBe(groups.length);
    const coMentors = groups.flatMap((g) => g.coMentors);
    expect(new Set(coMentors).size).toBe(coMentors.length); // groupsPerCoMentor 1
    for (const g of groups) {
      expect(tier.get(g.lead)).toBe("lead-goose");
      expect(g.mentees.length).toBeGreaterThanOrEqual(15);
      expect(g.mentees.length).toBeLessThanOrEqual(25);
      expect(g.coMentors).toHaveLength(2);
      expect(g.missingCoMentors).toBe(0);
      for (const c of g.coMentors) expect(tier.get(c)).toBe("strong-goose");
    }
    const grouped = groups.flatMap((g) => g.mentees);
    expect(new Set(grouped).size).toBe(200);
    expect(result.unpaired).toEqual([]);
    // Each mentee is paired with its lead goose and both co-mentors.
    expect(result.pairs).toHaveLength(600);
    expect(result.quality.totalAffinity).toBe(result.pairs.reduce((s, p) => s + p.affinity, 0));
  });

  it("keeps groups, co-mentors included, inside a district when told to", () => {
    const input: PairingInput = {
      mentors: pool.mentors,
      mentees: pool.mentees,
      mode: "group",
      policy: { groupSize: { min: 15, max: 25 }, maxDistanceLevel: "district" },
    };
    const result = pairMentors(input);
    const where = new Map([...pool.mentors, ...pool.mentees].map((x) => [x.id, x.district]));
    for (const g of result.groups!) {
      expect(g.mentees.length).toBeGreaterThanOrEqual(15);
      expect(g.mentees.length).toBeLessThanOrEqual(25);
      for (const id of [...g.mentees, ...g.coMentors]) expect(where.get(id)).toBe(where.get(g.lead));
      expect(g.coMentors.length + g.missingCoMentors).toBe(2);
    }
    const grouped = result.groups!.flatMap((g) => g.mentees).length;
    expect(grouped + result.unpaired.length).toBe(200);
    for (const s of result.shortfalls) expect(s.tier).toBe("lead-goose");
    expect(pairMentors(structuredClone(input))).toEqual(result);
  });
});

describe("pairMentors on small examples", () => {
  const place = (street: string, community: string) => ({ street, community, district: "d", city: "c" });

  it("beats greedy when the first mentee takes the mentor the second one needs", () => {
    const mentors: PairingMentor[] = [
      { id: "X", tier: "lead-goose", capacity: 1, ...place("s1", "c1"), skills: ["mediation", "visiting"] },
      { id: "Y", tier: "strong-goose", capacity: 1, ...place("s1", "c2"), skills: [] },
    ];
    const mentees: PairingMentee[] = [
      // A: X = same street + same community = 4, Y = same street = 3.
      { id: "A", ...place("s1", "c1"), skills: ["mediation", "visiting"] },
      // B: X = two skills B lacks = 4, Y = 0.
      { id: "B", ...place("s2", "c9"), skills: [] },
    ];
    const result = pairMentors({ mentors, mentees, mode: "one-to-one" });
    expect(result.pairs).toEqual([
      { mentor: "Y", mentee: "A", tier: "strong-goose", affinity: 3, reasons: ["same-street"] },
      {
        mentor: "X",
        mentee: "B",
        tier: "lead-goose",
        affinity: 4,
        reasons: ["skill:mediation", "skill:visiting"],
      },
    ]);
    expect(result.quality).toEqual({
      totalAffinity: 7,
      greedyAffinity: 4,
      gain: 3,
      paired: 2,
      greedyPaired: 2,
    });
  });

  it("counts only the skills a mentee needs when it lists them, and honours excludeSameCommunity", () => {
    const mentors: PairingMentor[] = [
      { id: "M", tier: "lead-goose", capacity: 2, ...place("s1", "c1"), skills: ["mediation", "visiting"] },
    ];
    const mentees: PairingMentee[] = [
      { id: "A", ...place("s1", "c2"), skills: [], needs: ["visiting"] },
      { id: "B", ...place("s1", "c1"), skills: [] },
    ];
    const result = pairMentors({
      mentors,
      mentees,
      mode: "one-to-one",
      policy: { excludeSameCommunity: true },
    });
    expect(result.pairs).toEqual([
      {
        mentor: "M",
        mentee: "A",
        tier: "lead-goose",
        affinity: 5,
        reasons: ["same-street", "skill:visiting"],
      },
    ]);
    expect(result.unpaired).toEqual(["B"]);
    expect(result.shortfalls).toEqual([{ mentee: "B", missing: 1, reason: "no-eligible-mentor" }]);
  });

  it("gives two different mentors of a tier listed twice", () => {
    const mentors: PairingMentor[] = [
      { id: "L", tier: "lead-goose", capacity: 5, ...place("s1", "c1"), skills: [] },
      { id: "S1", tier: "strong-goose", capacity: 5, ...place("s1", "c1"), skills: [] },
      { id: "S2", tier: "strong-goose", capacity: 5, ...place("s2", "c2"), skills: [] },
    ];
    const mentees: PairingMentee[] = [{ id: "A", ...place("s1", "c1"), skills: [] }];
    const result = pairMentors({
      mentors,
      mentees,
      mode: "many-to-one",
      policy: { requireTiers: ["lead-goose", "strong-goose", "strong-goose"] },
    });
    expect(result.pairs.map((p) => p.mentor)).toEqual(["L", "S1", "S2"]);
    const short = pairMentors({
      mentors: mentors.slice(0, 2),
      mentees,
      mode: "many-to-one",
      policy: { requireTiers: ["lead-goose", "strong-goose", "strong-goose"] },
    });
    expect(short.shortfalls).toEqual([
      { mentee: "A", tier: "strong-goose", missing: 1, reason: "no-eligible-mentor" },
    ]);
  });

  it("fills every group up to the minimum when it can, and closes a group that cannot reach it", () => {
    const mentors: PairingMentor[] = [
      { id: "L1", tier: "lead-goose", capacity: 0, ...place("s1", "c1"), skills: [] },
      { id: "L2", tier: "lead-goose", capacity: 0, ...place("s2", "c2"), skills: [] },
    ];
    // Everybody prefers L1.
    const mentees: PairingMentee[] = ["A", "B", "C", "D"].map((id) => ({
      id,
      ...place("s1", "c1"),
      skills: [],
    }));
    const even = pairMentors({ mentors, mentees, mode: "group", policy: { groupSize: { min: 2, max: 3 } } });
    expect(even.groups!.map((g) => g.mentees.length)).toEqual([2, 2]);
    expect(even.groups!.every((g) => g.coMentors.length === 0 && g.missingCoMentors === 2)).toBe(true);
    const closed = pairMentors({
      mentors,
      mentees,
      mode: "group",
      policy: { groupSize: { min: 3, max: 4 } },
    });
    expect(closed.groups).toEqual([
      { lead: "L1", coMentors: [], missingCoMentors: 2, mentees: ["A", "B", "C", "D"] },
    ]);
    const tight = pairMentors({ mentors, mentees, mode: "group", policy: { groupSize: { min: 3, max: 3 } } });
    expect(tight.groups!.map((g) => g.mentees.length)).toEqual([3]);
    expect(tight.shortfalls).toEqual([{ mentee: "D", tier: "lead-goose", missing: 1, reason: "capacity" }]);
  });

  it("rejects invalid input with every problem", () => {
    const bad = (): PairingResult =>
      pairMentors({
        mentors: [
          { id: "M", tier: "young-goose" as never, capacity: -1, skills: [] },
          { id: "M", tier: "lead-goose", capacity: 1, skills: [] },
        ],
        mentees: [],
        mode: "many-to-one",
        policy: { requireTiers: ["lead-goose"], mentorsPerMentee: 2, groupSize: { min: 3, max: 2 } },
      });
    expect(bad).toThrow(LianxinError);
    try {
      bad();
    } catch (error) {
      const e = error as LianxinError;
      expect(e.code).toBe("pairing.invalid");
      expect(e.issues.map((i) => i.pointer)).toEqual([
        "/mentors/0/tier",
        "/mentors/0/capacity",
        "/mentors/1/id",
        "/policy/mentorsPerMentee",
        "/policy/groupSize/max",
      ]);
    }
  });
});
