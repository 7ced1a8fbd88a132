/**
 * Mentor pairing for the 雁阵培育 programme (“头雁”导师帮带制): lead geese (头雁) and strong geese
 * (强雁) mentor young geese (雏雁) one-to-one, many-to-one or in groups (组团式), as batch
 * assignment problems solved exactly and, for comparison, greedily.
 */
import type { District } from "../district/district.js";
import { type Issue, issue } from "../errors/issue.js";
import { LianxinError } from "../errors/lianxin-error.js";
import type {
  AssignmentAgent,
  AssignmentEdge,
  AssignmentProblem,
  AssignmentResult,
  AssignmentTask,
} from "../matching/assignment-problem.js";
import { solveGreedy } from "../matching/solve-greedy.js";
import { solveAssignment } from "../matching/solve-min-cost-flow.js";

/** The tiers that mentor: lead geese (头雁) and strong geese (强雁). */
export type MentorTier = "lead-goose" | "strong-goose";

/** The mentor tiers, the lead geese first. */
export const MENTOR_TIERS: readonly MentorTier[] = ["lead-goose", "strong-goose"];

/**
 * How mentors and mentees are paired (the article's 一对一、多对一、组团式结对帮带):
 * - `one-to-one`: each mentee gets one mentor of either tier;
 * - `many-to-one`: each mentee gets several mentors, by default one lead goose and one strong goose;
 * - `group`: mentees form cohorts, each led by one lead goose with strong geese as co-mentors.
 */
export type PairingMode = "one-to-one" | "many-to-one" | "group";

/** The admin levels that bound how far a mentor may mentor, nearest first. */
export type PairingScope = "community" | "street" | "district" | "city";

/** The admin units a person belongs to; codes, compared for equality only. */
export interface PairingPlace {
  /** The community (社区) code, absent for people homed at a street or above. */
  community?: string;
  /** The street (街道) code. */
  street?: string;
  /** The district or county code; only needed for `maxDistanceLevel: "district"`. */
  district?: string;
  /** The city code; only needed for `maxDistanceLevel: "city"`. */
  city?: string;
}

/** A lead or strong goose who can mentor. */
export interface PairingMentor extends PairingPlace {
  /** Unique among the mentors. */
  id: string;
  tier: MentorTier;
  /**
   * How many mentees the mentor takes, a whole number ≥ 0. Not used in `group` mode, where a lead
   * goose takes `groupSize.max` mentees and a strong goose co-mentors `groupsPerCoMentor` groups.
   */
  capacity: number;
  /** What the mentor is good at (slugs). */
  skills: readonly string[];
}

/** A young goose (雏雁) to be mentored. */
export interface PairingMentee extends PairingPlace {
  /** Unique among the mentees. */
  id: string;
  /** What the mentee already knows (slugs). */
  skills: readonly string[];
  /**
   * The skills the mentee should learn. When given, only these count as complementary; when absent,
   * every mentor skill not in {@link skills} does.
   */
  needs?: readonly string[];
}

/**
 * Who may mentor whom (eligibility) and how good a pairing is (affinity): plain, typed policy data.
 *
 * Eligibility: a mentor may mentor a mentee only when both belong to the same unit at
 * `maxDistanceLevel` (when set; a side without a code at that level is eligible for nobody), not in
 * the same community when `excludeSameCommunity` is set, and never themself (same id).
 *
 * Affinity of an eligible pair: `sameStreetWeight` when both have the same street,
 * plus `sameCommunityWeight` when both have the same community, plus `complementarySkillWeight` for
 * each mentor skill the mentee needs (or, without `needs`, lacks).
 */
export interface PairingPolicy {
  /**
   * `many-to-one`: how many mentors each mentee gets (default 2, or the length of `requireTiers`).
   * With `requireTiers` it must equal that length.
   */
  mentorsPerMentee?: number;
  /**
   * `many-to-one`: each mentee gets one mentor of each listed tier, a tier listed twice giving two
   * different mentors of that tier. Defaults to `["lead-goose", "strong-goose"]` when
   * `mentorsPerMentee` is absent too; with only `mentorsPerMentee`, mentors of any tier count.
   */
  requireTiers?: readonly MentorTier[];
  /**
   * `group`: the bounds on the number of mentees in a group, whole numbers, 1 ≤ min ≤ max. Default
   * `min` 1 and `max` the number of mentees over the number of lead geese, rounded up.
   */
  groupSize?: { min: number; max: number };
  /** `group`: how many strong geese co-mentor each group, a whole number ≥ 0 (default 2). */
  coMentorsPerGroup?: number;
  /** `group`: in how many groups a strong goose may co-mentor, a whole number ≥ 0 (default 1). */
  groupsPerCoMentor?: number;
  /** Affinity of a pair in the same street, a finite number (default 3). */
  sameStreetWeight?: number;
  /** Affinity of a pair in the same community, on top of the street's, a finite number (default 1). */
  sameCommunityWeight?: number;
  /** Affinity per mentor skill the mentee needs or lacks, a finite number (default 2). */
  complementarySkillWeight?: number;
  /** A mentor mentors only within this unit (eligibility); no limit when absent. */
  maxDistanceLevel?: PairingScope;
  /** Forbids pairs in the same community, e.g. to pair across communities for exchange. */
  excludeSameCommunity?: boolean;
}

/** What {@link pairMentors} pairs. */
export interface PairingInput {
  mentors: readonly PairingMentor[];
  mentees: readonly PairingMentee[];
  mode: PairingMode;
  policy?: PairingPolicy;
}

/** One mentor–mentee pair. */
export interface MentorPair {
  mentor: string;
  mentee: string;
  /** The mentor's tier. */
  tier: MentorTier;
  affinity: number;
  /** Why the pair scores: `same-street`, `same-community`, `skill:<slug>`, in that order. */
  reasons: string[];
}

/** A cohort of `group` mode. */
export interface MentorGroup {
  /** The lead goose who leads the group. */
  lead: string;
  /** The strong geese who co-mentor it. */
  coMentors: string[];
  /** How many of the `coMentorsPerGroup` co-mentors could not be found. */
  missingCoMentors: number;
  mentees: string[];
}

/**
 * Why mentors are missing:
 * - `no-eligible-mentor`: fewer eligible mentors (of the tier) than the slots asked (usually none);
 * - `capacity`: there were enough, but they were full (or, in `group` mode, their group closed for
 *   falling below `groupSize.min`).
 */
export type ShortfallReason = "no-eligible-mentor" | "capacity";

/** Mentors a mentee asked for and did not get. */
export interface PairingShortfall {
  mentee: string;
  /** The tier asked for, when the slot asked for one. */
  tier?: MentorTier;
  /** How many mentors are missing. */
  missing: number;
  reason: ShortfallReason;
}

/** The exact solution against the greedy baseline. */
export interface PairingQuality {
  /** The sum of the affinities of the pairs. */
  totalAffinity: number;
  /** The same for the greedy baseline (mentees in input order, each taking its best free mentor). */
  greedyAffinity: number;
  /**
   * `totalAffinity − greedyAffinity`. The exact solution first pairs as many slots as it can, so
   * the gain can be negative only when it fills more slots than the greedy one (see {@link paired}).
   */
  gain: number;
  /** How many pairs the exact solution makes. */
  paired: number;
  /** How many pairs the greedy baseline makes. */
  greedyPaired: number;
}

/** How mentors and mentees were paired. */
export interface PairingResult {
  mode: PairingMode;
  /**
   * Every mentor–mentee pair, by mentee (input order), then as the slots were asked (tiers in
   * `requireTiers` order), then by mentor (input order). In `group` mode a mentee is paired with the
   * group's lead goose and with each co-mentor.
   */
  pairs: MentorPair[];
  /** `group` mode only: the groups, in the order of their lead geese. */
  groups?: MentorGroup[];
  /** The mentees that did not get every mentor they asked for, in input order. */
  unpaired: string[];
  /** The details of what {@link unpaired} mentees miss, by mentee. */
  shortfalls: PairingShortfall[];
  quality: PairingQuality;
}

const DEFAULT_WEIGHTS = { sameStreet: 3, sameCommunity: 1, complementarySkill: 2 } as const;
const SCOPES: readonly PairingScope[] = ["community", "street", "district", "city"];
const MODES: readonly PairingMode[] = ["one-to-one", "many-to-one", "group"];
const MAX_ISSUES = 50;

/** The resolved weights and eligibility rules. */
interface Scoring {
  sameStreet: number;
  sameCommunity: number;
  complementarySkill: number;
  scope: PairingScope | undefined;
  excludeSameCommunity: boolean;
}

/** An eligible pair's affinity and reasons. */
interface Score {
  affinity: number;
  reasons: string[];
}

/** The problems in a pairing input, empty when it is valid. */
export function validatePairingInput(input: PairingInput): Issue[] {
  const issues: Issue[] = [];
  const add = (pointer: string, zh: string, en: string): boolean => {
    issues.push(issue("pairing.invalid", pointer, zh, en));
    return issues.length >= MAX_ISSUES;
  };
  const wholeAtLeast = (value: unknown, min: number): boolean =>
    typeof value === "number" && Number.isSafeInteger(value) && value >= min;
  if (!MODES.includes(input.mode)) {
    if (add("/mode", "结对方式无效", "mode must be one-to-one, many-to-one or group")) return issues;
  }
  const checkPeople = (list: readonly (PairingMentor | PairingMentee)[], name: string): boolean => {
    const seen = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const person = list[i]!;
      if (typeof person.id !== "string" || person.id === "") {
        if (add(`/${name}/${i}/id`, "编号不能为空", "id must be a non-empty string")) return true;
      } else if (seen.has(person.id)) {
        if (add(`/${name}/${i}/id`, "编号重复", `duplicate id ${person.id}`)) return true;
      }
      seen.add(person.id);
      if (!Array.isArray(person.skills)) {
        if (add(`/${name}/${i}/skills`, "技能必须是列表", "skills must be an array")) return true;
      }
      if ("needs" in person && person.needs !== undefined && !Array.isArray(person.needs)) {
        if (add(`/${name}/${i}/needs`, "需求技能必须是列表", "needs must be an array")) return true;
      }
      if ("tier" in person) {
        if (!MENTOR_TIERS.includes(person.tier)) {
          if (add(`/${name}/${i}/tier`, "导师梯队须为头雁或强雁", "tier must be lead-goose or strong-goose"))
            return true;
        }
        if (!wholeAtLeast(person.capacity, 0)) {
          if (add(`/${name}/${i}/capacity`, "容量必须是非负整数", "capacity must be a whole number ≥ 0"))
            return true;
        }
      }
    }
    return false;
  };
  if (checkPeople(input.mentors, "mentors") || checkPeople(input.mentees, "mentees")) return issues;

  const policy = input.policy ?? {};
  for (const key of ["sameStreetWeight", "sameCommunityWeight", "complementarySkillWeight"] as const) {
    const value = policy[key];
    if (value !== undefined && !Number.isFinite(value)) {
      if (add(`/policy/${key}`, "权重必须是有限数", "weight must be a finite number")) return issues;
    }
  }
  if (policy.maxDistanceLevel !== undefined && !SCOPES.includes(policy.maxDistanceLevel)) {
    if (
      add(
        "/policy/maxDistanceLevel",
        "范围层级无效",
        "maxDistanceLevel must be community, street, district or city",
      )
    )
      return issues;
  }
  if (policy.mentorsPerMentee !== undefined && !wholeAtLeast(policy.mentorsPerMentee, 1)) {
    if (
      add("/policy/mentorsPerMentee", "每人导师数必须是正整数", "mentorsPerMentee must be a whole number ≥ 1")
    )
      return issues;
  }
  if (policy.requireTiers !== undefined) {
    if (policy.requireTiers.length === 0) {
      if (add("/policy/requireTiers", "梯队列表不能为空", "requireTiers must not be empty")) return issues;
    }
    for (let i = 0; i < policy.requireTiers.length; i++) {
      if (!MENTOR_TIERS.includes(policy.requireTiers[i]!)) {
        if (
          add(
            `/policy/requireTiers/${i}`,
            "导师梯队须为头雁或强雁",
            "tier must be lead-goose or strong-goose",
          )
        )
          return issues;
      }
    }
    if (policy.mentorsPerMentee !== undefined && policy.mentorsPerMentee !== policy.requireTiers.length) {
      if (
        add(
          "/policy/mentorsPerMentee",
          "每人导师数须等于梯队列表的长度",
          "mentorsPerMentee must equal the length of requireTiers",
        )
      )
        return issues;
    }
  }
  if (policy.groupSize !== undefined) {
    const { min, max } = policy.groupSize;
    if (!wholeAtLeast(min, 1)) {
      if (add("/policy/groupSize/min", "组规模下限必须是正整数", "groupSize.min must be a whole number ≥ 1"))
        return issues;
    }
    if (!wholeAtLeast(max, 1) || (wholeAtLeast(min, 1) && max < min)) {
      if (
        add(
          "/policy/groupSize/max",
          "组规模上限必须是不小于下限的整数",
          "groupSize.max must be a whole number ≥ min",
        )
      )
        return issues;
    }
  }
  for (const key of ["coMentorsPerGroup", "groupsPerCoMentor"] as const) {
    const value = policy[key];
    if (value !== undefined && !wholeAtLeast(value, 0)) {
      if (add(`/policy/${key}`, "必须是非负整数", `${key} must be a whole number ≥ 0`)) return issues;
    }
  }
  return issues;
}

/**
 * Pairs mentors with mentees as the policy says, exactly, and reports how much better that is than
 * pairing mentees one by one.
 *
 * Method. Each mode is a batch assignment problem (see {@link solveAssignment}): a task per mentee
 * slot, an agent per mentor with its capacity, an edge per eligible pair costing − its affinity.
 * The exact solver first pairs as many slots as possible, then maximises the total affinity;
 * {@link solveGreedy} on the same problem is the baseline reported in `quality`.
 * - `one-to-one`: one slot per mentee, any mentor.
 * - `many-to-one` with `requireTiers`: one task per (mentee, required tier) with as many slots as the
 *   tier is listed, its edges going to mentors of that tier only. The tiers' mentors are disjoint, so
 *   this is one independent problem per tier, solved together.
 * - `many-to-one` with only `mentorsPerMentee`: that many slots per mentee, mentors of any tier,
 *   each slot a different mentor.
 * - `group`, in two stages. (1) Mentees are assigned to lead geese, each taking up to
 *   `groupSize.max` mentees, its first `groupSize.min` places carrying a bonus larger than any
 *   difference in affinity: the solution groups as many mentees as possible, then brings as many
 *   groups as possible up to the minimum (so lead geese are not left idle), then maximises the
 *   affinity. While some group is still smaller than `groupSize.min`, the smallest one (the
 *   earlier lead goose on ties) is closed and stage 1 solved again without it, so its mentees can
 *   join other groups; this handling of the lower bound is a heuristic, the rest is exact for the
 *   groups kept open.
 *   (2) Strong geese are attached to the groups in `coMentorsPerGroup` rounds, so that every group
 *   gets a first co-mentor before any gets a second: each round is a problem with a task per group
 *   asking one slot, an agent per strong goose with the groups it may still take (of
 *   `groupsPerCoMentor`), and an edge when the strong goose is not yet in the group and is eligible
 *   for every one of its mentees, costing − the sum of its affinities with them (so it mostly
 *   follows the streets the group's members come from, then the skills they lack). Each round is
 *   exact; the rounds together favour spreading co-mentors over the total affinity. The greedy
 *   baseline runs the same stages with {@link solveGreedy}.
 *
 * Deterministic: the same input gives the same result.
 * @throws {LianxinError} `pairing.invalid`, with the issues, when the input is not valid.
 */
export function pairMentors(input: PairingInput): PairingResult {
  const issues = validatePairingInput(input);
  if (issues.length > 0) {
    throw new LianxinError("pairing.invalid", `pairing input has ${issues.length} problem(s)`, { issues });
  }
  const policy = input.policy ?? {};
  const scoring: Scoring = {
    sameStreet: policy.sameStreetWeight ?? DEFAULT_WEIGHTS.sameStreet,
    sameCommunity: policy.sameCommunityWeight ?? DEFAULT_WEIGHTS.sameCommunity,
    complementarySkill: policy.complementarySkillWeight ?? DEFAULT_WEIGHTS.complementarySkill,
    scope: policy.maxDistanceLevel,
    excludeSameCommunity: policy.excludeSameCommunity ?? false,
  };
  const scores = scoreMatrix(input.mentors, input.mentees, scoring);
  return input.mode === "group" ? pairGroups(input, policy, scores) : pairSlots(input, policy, scores);
}

/** `scores[i][j]`: the score of mentor i with mentee j, or undefined when the pair is not eligible. */
type ScoreMatrix = (Score | undefined)[][];

function scoreMatrix(
  mentors: readonly PairingMentor[],
  mentees: readonly PairingMentee[],
  scoring: Scoring,
): ScoreMatrix {
  const menteeSkills = mentees.map((e) => new Set(e.skills));
  const menteeNeeds = mentees.map((e) => (e.needs === undefined ? undefined : new Set(e.needs)));
  return mentors.map((m) => {
    const mentorSkills = [...new Set(m.skills)];
    return mentees.map((e, j) => {
      if (!isEligible(m, e, scoring)) return undefined;
      let affinity = 0;
      const reasons: string[] = [];
      if (m.street !== undefined && m.street === e.street) {
        affinity += scoring.sameStreet;
        reasons.push("same-street");
      }
      if (m.community !== undefined && m.community === e.community) {
        affinity += scoring.sameCommunity;
        reasons.push("same-community");
      }
      const needs = menteeNeeds[j];
      const has = menteeSkills[j]!;
      for (const skill of mentorSkills) {
        if (needs !== undefined ? needs.has(skill) : !has.has(skill)) {
          affinity += scoring.complementarySkill;
          reasons.push(`skill:${skill}`);
        }
      }
      return { affinity, reasons };
    });
  });
}

function isEligible(mentor: PairingMentor, mentee: PairingMentee, scoring: Scoring): boolean {
  if (mentor.id === mentee.id) return false;
  if (scoring.excludeSameCommunity && mentor.community !== undefined && mentor.community === mentee.community)
    return false;
  if (scoring.scope !== undefined) {
    const here = mentor[scoring.scope];
    if (here === undefined || here !== mentee[scoring.scope]) return false;
  }
  return true;
}

/** A task of the slot problems: which mentee, which tier (if any), how many slots. */
interface Slot {
  mentee: number;
  tier: MentorTier | undefined;
  demand: number;
  /** How many mentors are eligible for it. */
  eligible: number;
}

/** `one-to-one` and `many-to-one`. */
function pairSlots(input: PairingInput, policy: PairingPolicy, scores: ScoreMatrix): PairingResult {
  const { mentors, mentees } = input;
  // The slots asked per mentee: [tier or any, count], in order.
  let asks: [MentorTier | undefined, number][];
  if (input.mode === "one-to-one") asks = [[undefined, 1]];
  else if (policy.requireTiers === undefined && policy.mentorsPerMentee !== undefined)
    asks = [[undefined, policy.mentorsPerMentee]];
  else {
    const counts = new Map<MentorTier, number>();
    for (const tier of policy.requireTiers ?? MENTOR_TIERS) counts.set(tier, (counts.get(tier) ?? 0) + 1);
    asks = [...counts];
  }

  const slots: Slot[] = [];
  const tasks: AssignmentTask[] = [];
  const edges: AssignmentEdge[] = [];
  for (let j = 0; j < mentees.length; j++) {
    for (const [tier, demand] of asks) {
      const t = slots.length;
      let eligible = 0;
      for (let i = 0; i < mentors.length; i++) {
        const score = scores[i]![j];
        if (score === undefined || (tier !== undefined && mentors[i]!.tier !== tier)) continue;
        edges.push({ task: t, agent: i, cost: -score.affinity });
        eligible++;
      }
      slots.push({ mentee: j, tier, demand, eligible });
      tasks.push({ id: `${mentees[j]!.id}#${tier ?? "any"}`, demand });
    }
  }
  const agents: AssignmentAgent[] = mentors.map((m) => ({ id: m.id, capacity: m.capacity }));
  const problem: AssignmentProblem = { tasks, agents, edges };
  const exact = solveAssignment(problem);
  const greedy = solveGreedy(problem);

  const pairs = exact.assignments.map((a) => pairOf(input, scores, a.agent, slots[a.task]!.mentee));
  const shortfalls: PairingShortfall[] = [];
  const missing = new Int32Array(slots.length);
  for (const t of exact.unassigned) missing[t]!++;
  for (let t = 0; t < slots.length; t++) {
    if (missing[t] === 0) continue;
    const slot = slots[t]!;
    shortfalls.push({
      mentee: mentees[slot.mentee]!.id,
      ...(slot.tier === undefined ? {} : { tier: slot.tier }),
      missing: missing[t]!,
      reason: slot.eligible < slot.demand ? "no-eligible-mentor" : "capacity",
    });
  }
  return {
    mode: input.mode,
    pairs,
    unpaired: unpairedOf(shortfalls),
    shortfalls,
    quality: qualityOf(pairs, affinityOf(greedy, slots, scores), greedy.assignments.length),
  };
}

function pairOf(input: PairingInput, scores: ScoreMatrix, mentor: number, mentee: number): MentorPair {
  const score = scores[mentor]![mentee]!;
  const m = input.mentors[mentor]!;
  return {
    mentor: m.id,
    mentee: input.mentees[mentee]!.id,
    tier: m.tier,
    affinity: score.affinity,
    reasons: [...score.reasons],
  };
}

function affinityOf(result: AssignmentResult, slots: readonly Slot[], scores: ScoreMatrix): number {
  let total = 0;
  for (const a of result.assignments) total += scores[a.agent]![slots[a.task]!.mentee]!.affinity;
  return total;
}

function unpairedOf(shortfalls: readonly PairingShortfall[]): string[] {
  return [...new Set(shortfalls.map((s) => s.mentee))];
}

function qualityOf(
  pairs: readonly MentorPair[],
  greedyAffinity: number,
  greedyPaired: number,
): PairingQuality {
  let totalAffinity = 0;
  for (const p of pairs) totalAffinity += p.affinity;
  return {
    totalAffinity,
    greedyAffinity,
    gain: totalAffinity - greedyAffinity,
    paired: pairs.length,
    greedyPaired,
  };
}

/** A group as the two stages build it: indexes of the lead goose, its mentees and co-mentors. */
interface PlannedGroup {
  lead: number;
  mentees: number[];
  coMentors: number[];
}

/** `group`. */
function pairGroups(input: PairingInput, policy: PairingPolicy, scores: ScoreMatrix): PairingResult {
  const { mentors, mentees } = input;
  const leads: number[] = [];
  const strongs: number[] = [];
  for (let i = 0; i < mentors.length; i++) (mentors[i]!.tier === "lead-goose" ? leads : strongs).push(i);
  const size = policy.groupSize ?? {
    min: 1,
    max: Math.max(1, Math.ceil(mentees.length / Math.max(1, leads.length))),
  };
  const coMentorsPerGroup = policy.coMentorsPerGroup ?? 2;
  const groupsPerCoMentor = policy.groupsPerCoMentor ?? 1;

  const plan = (solve: (problem: AssignmentProblem) => AssignmentResult): PlannedGroup[] => {
    // Stage 1: mentees to lead geese. Each lead goose is two agents: a core of `min` places whose
    // edges carry a bonus larger than any difference in affinity, and `max − min` more places.
    const tasks: AssignmentTask[] = mentees.map((e) => ({ id: e.id, demand: 1 }));
    let bound = 0;
    for (let j = 0; j < mentees.length; j++) {
      let most = 0;
      for (const i of leads) most = Math.max(most, Math.abs(scores[i]![j]?.affinity ?? 0));
      bound += 2 * most;
    }
    const bonus = bound + 1;
    const edges: AssignmentEdge[] = [];
    for (let j = 0; j < mentees.length; j++) {
      for (let k = 0; k < leads.length; k++) {
        const score = scores[leads[k]!]![j];
        if (score === undefined) continue;
        edges.push({ task: j, agent: 2 * k, cost: -score.affinity - bonus });
        edges.push({ task: j, agent: 2 * k + 1, cost: -score.affinity });
      }
    }
    // Close the smallest group below the minimum, one at a time, until none is left.
    const open = leads.map(() => true);
    let members: number[][];
    for (;;) {
      const agents = leads.flatMap((i, k) => [
        { id: `${mentors[i]!.id}#core`, capacity: open[k] ? size.min : 0 },
        { id: mentors[i]!.id, capacity: open[k] ? size.max - size.min : 0 },
      ]);
      const result = solve({ tasks, agents, edges });
      members = leads.map(() => []);
      for (const a of result.assignments) members[a.agent >> 1]!.push(a.task);
      let close = -1;
      for (let k = 0; k < leads.length; k++) {
        const n = members[k]!.length;
        if (n > 0 && n < size.min && (close < 0 || n < members[close]!.length)) close = k;
      }
      if (close < 0) break;
      open[close] = false;
    }
    const groups = leads
      .map((lead, k): PlannedGroup => ({ lead, mentees: members[k]!.sort((a, b) => a - b), coMentors: [] }))
      .filter((g) => g.mentees.length > 0);

    // Stage 2: strong geese to groups, one co-mentor per group per round.
    if (groups.length > 0 && strongs.length > 0) {
      const groupTasks: AssignmentTask[] = groups.map((g) => ({ id: mentors[g.lead]!.id, demand: 1 }));
      const groupEdges: AssignmentEdge[] = [];
      groups.forEach((g, t) => {
        strongs.forEach((s, k) => {
          let affinity = 0;
          for (const j of g.mentees) {
            const score = scores[s]![j];
            if (score === undefined) return;
            affinity += score.affinity;
          }
          groupEdges.push({ task: t, agent: k, cost: -affinity });
        });
      });
      const left = strongs.map(() => groupsPerCoMentor);
      const taken = new Set<number>(); // t * strongs.length + k
      for (let round = 0; round < coMentorsPerGroup; round++) {
        const agents = strongs.map((s, k) => ({ id: mentors[s]!.id, capacity: left[k]! }));
        const edges = groupEdges.filter((e) => !taken.has(e.task * strongs.length + e.agent));
        const result = solve({ tasks: groupTasks, agents, edges });
        if (result.assignments.length === 0) break;
        for (const a of result.assignments) {
          groups[a.task]!.coMentors.push(strongs[a.agent]!);
          taken.add(a.task * strongs.length + a.agent);
          left[a.agent]!--;
        }
      }
      for (const g of groups) g.coMentors.sort((a, b) => a - b);
    }
    return groups;
  };

  const pairsOf = (groups: PlannedGroup[]): MentorPair[] => {
    const byMentee: PlannedGroup[] = [];
    for (const g of groups) for (const j of g.mentees) byMentee[j] = g;
    const pairs: MentorPair[] = [];
    for (let j = 0; j < mentees.length; j++) {
      const g = byMentee[j];
      if (g === undefined) continue;
      pairs.push(pairOf(input, scores, g.lead, j));
      for (const s of g.coMentors) pairs.push(pairOf(input, scores, s, j));
    }
    return pairs;
  };

  const exact = plan(solveAssignment);
  const greedy = plan(solveGreedy);
  const pairs = pairsOf(exact);
  const greedyPairs = pairsOf(greedy);
  let greedyAffinity = 0;
  for (const p of greedyPairs) greedyAffinity += p.affinity;

  const grouped = new Set(exact.flatMap((g) => g.mentees));
  const shortfalls: PairingShortfall[] = [];
  for (let j = 0; j < mentees.length; j++) {
    if (grouped.has(j)) continue;
    const eligible = leads.some((i) => scores[i]![j] !== undefined);
    shortfalls.push({
      mentee: mentees[j]!.id,
      tier: "lead-goose",
      missing: 1,
      reason: eligible ? "capacity" : "no-eligible-mentor",
    });
  }
  return {
    mode: input.mode,
    pairs,
    groups: exact.map((g) => ({
      lead: mentors[g.lead]!.id,
      coMentors: g.coMentors.map((s) => mentors[s]!.id),
      missingCoMentors: coMentorsPerGroup - g.coMentors.length,
      mentees: g.mentees.map((j) => mentees[j]!.id),
    })),
    unpaired: unpairedOf(shortfalls),
    shortfalls,
    quality: qualityOf(pairs, greedyAffinity, greedyPairs.length),
  };
}

/** Mentees per mentor of each tier that {@link cadresFromDistrict} uses unless told otherwise. */
export const DEFAULT_MENTOR_CAPACITIES: Readonly<Record<MentorTier, number>> = {
  // 10 lead geese × 8 + 20 strong geese × 6 = 200 young geese, the article's yearly numbers.
  "lead-goose": 8,
  "strong-goose": 6,
};

/** Options of {@link cadresFromDistrict}. */
export interface CadrePoolOptions {
  /** Mentees per mentor, by tier; the tiers left out keep {@link DEFAULT_MENTOR_CAPACITIES}. */
  capacities?: Partial<Record<MentorTier, number>>;
  /**
   * Where the pairing skills come from: the resource's `capabilities` (the default: the service
   * competences, which cadres differ in), its `skills` (in Tongchuan a job title such as
   * `party-secretary`), or both.
   */
  skillSource?: "capabilities" | "skills" | "both";
  /** Keeps cadres that are `inactive` or `on-leave` (left out by default). */
  includeInactive?: boolean;
}

/** The mentors and mentees of a district's 雁阵 programme. */
export interface CadrePool {
  /** The lead and strong geese, by id, each with the capacity of its tier. */
  mentors: PairingMentor[];
  /** The young geese, by id. */
  mentees: PairingMentee[];
  /** The capacities given to the mentors, by tier; change a mentor's `capacity` to override one. */
  capacities: Record<MentorTier, number>;
}

/**
 * The mentors (lead and strong geese) and mentees (young geese) of a district, from its `cadre`
 * resources: tier, home community, street, district and city (through the hierarchy) and skills.
 * @throws {LianxinError} `pairing.invalid` when a capacity is not a whole number ≥ 0.
 */
export function cadresFromDistrict(
  district: Pick<District, "resources" | "hierarchy">,
  options: CadrePoolOptions = {},
): CadrePool {
  const capacities: Record<MentorTier, number> = { ...DEFAULT_MENTOR_CAPACITIES, ...options.capacities };
  for (const tier of MENTOR_TIERS) {
    const value = capacities[tier];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new LianxinError("pairing.invalid", `capacity of ${tier} must be a whole number ≥ 0`, {
        issues: [
          issue(
            "pairing.invalid",
            `/capacities/${tier}`,
            "容量必须是非负整数",
            "capacity must be a whole number ≥ 0",
          ),
        ],
      });
    }
  }
  const source = options.skillSource ?? "capabilities";
  const cadres = [...district.resources.values()]
    .filter((r) => r.kind === "cadre" && r.tier !== undefined)
    .filter((r) => options.includeInactive === true || r.status === "active")
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const mentors: PairingMentor[] = [];
  const mentees: PairingMentee[] = [];
  for (const r of cadres) {
    const place: PairingPlace = {};
    for (const level of ["community", "street", "district", "city"] as const) {
      const code = district.hierarchy.ancestorAt(r.home, level)?.code;
      if (code !== undefined) place[level] = code;
    }
    const skills = [
      ...new Set([
        ...(source === "skills" ? [] : r.capabilities),
        ...(source === "capabilities" ? [] : r.skills),
      ]),
    ];
    if (r.tier === "young-goose") mentees.push({ id: r.id, ...place, skills });
    else if (r.tier !== undefined)
      mentors.push({ id: r.id, tier: r.tier, capacity: capacities[r.tier], ...place, skills });
  }
  return { mentors, mentees, capacities };
}
