import type * as z from "zod";
import type { NeedInputSchema, Urgency } from "../model/need.js";
import type { ResourceKind } from "../model/resource.js";
import type { EventParams } from "../rules/event-types.js";
import type { Facts, FiredEvent } from "../rules/rule-result.js";
import type { Decision, Target } from "./decision.js";
import type { EngineContext } from "./engine-context.js";
import { gridFacts, placeNeed, residentFacts, serviceFacts, timeFacts } from "./need-facts.js";
import { DEFAULT_WEIGHTS, type MatchCriteria } from "./resource-matcher.js";
import type { Stage, StageOutcome } from "./rule-pipeline.js";

const OPEN: ("received" | "triaged" | "dispatched" | "accepted" | "in-progress" | "on-hold")[] = [
  "received",
  "triaged",
  "dispatched",
  "accepted",
  "in-progress",
  "on-hold",
];

const params = <K extends keyof EventParams>(e: FiredEvent, _type: K) => e.params as EventParams[K];

/**
 * Decides what happens to a need: places it, runs the rule stages (triage, eligibility, routing,
 * matching, deadlines, notifications), finds duplicates, and scores resources. Reads the store
 * (duplicates, who served the resident before, loads) but writes nothing.
 */
export async function decideNeed(
  ctx: EngineContext,
  input: z.infer<typeof NeedInputSchema>,
  id: string,
  now: Date,
): Promise<Decision> {
  const { district, pipeline, timings } = ctx;
  let t0 = performance.now();
  const resident = input.subject !== undefined ? ctx.resident(input.subject) : undefined;
  // Who served this resident before, and when: for continuity in matching and for rules.
  const served = new Set<string>();
  let lastServedAt: string | undefined;
  const openNeeds = new Set<string>();
  if (input.subject !== undefined) {
    const s0 = performance.now();
    const past = await ctx.store.listWorkOrders({ subject: input.subject, limit: 500 });
    timings.store += performance.now() - s0;
    for (const o of past.items) {
      if (o.assignee.type === "resource") served.add(o.assignee.id);
      if (lastServedAt === undefined || Date.parse(o.dispatchedAt) > Date.parse(lastServedAt))
        lastServedAt = o.dispatchedAt;
      if (
        o.status === "dispatched" ||
        o.status === "accepted" ||
        o.status === "in-progress" ||
        o.status === "on-hold"
      )
        openNeeds.add(o.need);
    }
  }
  const placement = placeNeed(district, input, resident);
  const unit = placement.unit ?? district.hierarchy.unit(district.manifest.root);
  const scope = unit
    ? district.hierarchy
        .path(unit.code)
        .map((u) => u.code)
        .join("/")
    : district.manifest.root;
  let t1 = performance.now();
  timings.geo += t1 - t0;
  t0 = t1;

  const time = timeFacts(ctx.calendar, now);
  const date = time.date as string;
  const needFact: Record<string, unknown> = {
    id,
    source: input.source,
    ...(input.category !== undefined ? { category: input.category } : {}),
    ...(input.serviceCode !== undefined ? { serviceCode: input.serviceCode } : {}),
    description: input.description,
    tags: input.tags,
    attributes: input.attributes,
    hasLocation: input.location !== undefined,
    ...(input.addressCode !== undefined ? { addressCode: input.addressCode } : {}),
    receivedAt: input.receivedAt,
    services: [],
  };
  const facts: Facts = {
    need: needFact,
    resident: {
      ...residentFacts(resident, date),
      ...(lastServedAt !== undefined ? { lastServedAt } : {}),
      ...(input.subject !== undefined ? { openNeeds: openNeeds.size } : {}),
    },
    time,
    ...(gridFacts(district, placement) ? { grid: gridFacts(district, placement) } : {}),
  };
  const stages: Partial<Record<Stage, StageOutcome>> = {};
  const run = (stage: Stage, f: Facts, service?: string) => {
    const out = pipeline.run(stage, f, date);
    if (service !== undefined) for (const r of out.ruleSets) r.service = service;
    const prev = stages[stage];
    stages[stage] = prev
      ? { events: [...prev.events, ...out.events], ruleSets: [...prev.ruleSets, ...out.ruleSets] }
      : out;
    return out.events;
  };

  // Triage: category, urgency, tags, services, duplicates.
  const triageFacts = structuredClone(facts);
  const triage = run("triage", facts);
  let category = input.category;
  let urgency: Urgency | undefined;
  const tags = new Set(input.tags);
  const offered = new Map<string, number>();
  if (input.serviceCode !== undefined && district.services.has(input.serviceCode))
    offered.set(input.serviceCode, 100);
  let dedupe: EventParams["dedupe"] | undefined;
  for (const e of triage) {
    if (e.type === "classify") {
      const p = params(e, "classify");
      category ??= p.category;
      urgency ??= p.urgency;
      for (const t of p.tags ?? []) tags.add(t);
    } else if (e.type === "offer-service") {
      const p = params(e, "offer-service");
      if (district.services.has(p.service))
        offered.set(p.service, Math.max(offered.get(p.service) ?? 0, p.score));
    } else if (e.type === "dedupe") dedupe ??= params(e, "dedupe");
  }
  const services = [...offered.entries()]
    .map(([code, score]) => ({ code, score }))
    .sort((a, b) => b.score - a.score);
  Object.assign(needFact, {
    ...(category !== undefined ? { category } : {}),
    urgency: urgency ?? "normal",
    tags: [...tags],
    services: services.map((s) => s.code),
  });
  const base: Omit<Decision, "outcome"> = {
    id,
    input,
    now,
    resident,
    placement,
    unit,
    scope,
    facts,
    triageFacts,
    stages,
    ...(category !== undefined ? { category } : {}),
    urgency: urgency ?? "normal",
    tags: [...tags],
    services,
    ineligible: [],
    assists: [],
    candidates: [],
    matchAt: now,
    notifications: [],
  };
  t1 = performance.now();
  timings.rules += t1 - t0;

  if (dedupe && input.subject !== undefined) {
    const since = new Date(now.getTime() - dedupe.windowHours * 3_600_000).toISOString();
    const open = await ctx.store.listNeeds({
      subject: input.subject,
      status: OPEN,
      receivedFrom: since,
      limit: 50,
    });
    const same = open.items.find(
      (n) =>
        n.id !== id &&
        dedupe!.match.every((m) =>
          m === "subject"
            ? true
            : m === "service"
              ? services[0] !== undefined && n.serviceCodes.includes(services[0].code)
              : m === "category"
                ? category !== undefined && n.category === category
                : input.addressCode !== undefined && n.addressCode === input.addressCode,
        ),
    );
    timings.store += performance.now() - t1;
    if (same) return { ...base, outcome: "duplicate", duplicateOf: same.id };
  }
  if (dedupe) base.dedupe = dedupe;
  t0 = performance.now();

  // Eligibility, per service item.
  const eligible: { code: string; score: number }[] = [];
  for (const s of services) {
    const item = district.services.get(s.code)!;
    const verdicts = run("eligibility", { ...facts, service: serviceFacts(item) }, s.code).filter(
      (e) => e.type === "eligibility" && params(e, "eligibility").service === s.code,
    );
    const no = verdicts.find((e) => !params(e, "eligibility").eligible);
    if (no) base.ineligible.push({ service: s.code, reason: params(no, "eligibility").reason });
    else eligible.push(s);
  }
  base.services = eligible;
  needFact.services = eligible.map((s) => s.code);
  if (eligible.length === 0 && base.ineligible.length > 0) {
    timings.rules += performance.now() - t0;
    return { ...base, outcome: "rejected", reason: base.ineligible[0]!.reason };
  }

  // Routing and matching.
  const primary = eligible[0] ? district.services.get(eligible[0].code) : undefined;
  const withService: Facts = primary ? { ...facts, service: serviceFacts(primary) } : facts;
  const routing = [...run("routing", withService), ...run("matching", withService)];
  const stop = routing.find((e) => e.type === "reject" || e.type === "redirect");
  if (stop) {
    timings.rules += performance.now() - t0;
    if (stop.type === "reject")
      return { ...base, outcome: "rejected", reason: params(stop, "reject").reason };
    return { ...base, outcome: "not-responsible", reason: params(stop, "redirect").reason };
  }
  const matchEvents = routing
    .filter((e) => e.type === "match-resources")
    .map((e) => params(e, "match-resources"));
  const criteriaFor = (service: string | undefined): MatchCriteria => {
    const item = service ? district.services.get(service) : undefined;
    // A rule for this very service wins over a general one.
    const m =
      matchEvents.find((p) => p.service === service) ?? matchEvents.find((p) => p.service === undefined);
    const required = m?.capabilities ?? (item ? [item.capabilities[0]!] : []);
    return {
      capabilities: required,
      preferred: item?.capabilities ?? [],
      kinds: (m?.kinds ?? ["grid-worker", "party-member", "volunteer"]) as ResourceKind[],
      area: m?.area ?? "grid-and-neighbours",
      ...(m?.radiusMeters !== undefined ? { radiusMeters: m.radiusMeters } : {}),
      count: m?.count ?? 1,
      weights: {
        distance: m?.weights?.distance ?? DEFAULT_WEIGHTS.distance,
        load: m?.weights?.load ?? DEFAULT_WEIGHTS.load,
        continuity: m?.weights?.continuity ?? DEFAULT_WEIGHTS.continuity,
        skills: m?.weights?.skills ?? DEFAULT_WEIGHTS.skills,
        home: DEFAULT_WEIGHTS.home,
      },
    };
  };
  const targetOf = (p: EventParams["route"]): Target | undefined => {
    if (!unit) return undefined;
    if (p.unit !== undefined) return { kind: "unit", unit: p.unit, role: p.role ?? "unit-office" };
    const at = p.level ? (district.hierarchy.ancestorAt(unit.code, p.level) ?? unit) : unit;
    if (
      p.domain !== undefined &&
      (p.role === "district-department" || p.role === "city-department" || !p.role)
    )
      return { kind: "department", domain: p.domain, unit: at.code };
    if (p.role === "grid-worker" || (!p.role && at.level === "grid")) {
      if (at.level === "grid" && primary)
        return { kind: "resources", criteria: criteriaFor(primary.code), service: primary.code };
      return { kind: "unit", unit: at.code, role: "unit-office" };
    }
    return { kind: "unit", unit: at.code, role: p.role ?? "unit-office" };
  };
  const routes = routing.filter((e) => e.type === "route").map((e) => params(e, "route"));
  const leadRoute = routes.find((r) => r.as === "lead");
  let lead: Target | undefined = leadRoute ? targetOf(leadRoute) : undefined;
  if (!lead && unit) {
    // No routing rule: the service item's default handler.
    const handler = primary?.handler ?? "community-staff";
    const level =
      handler === "grid-worker"
        ? "grid"
        : handler === "community-staff"
          ? "community"
          : handler === "street-office"
            ? "street"
            : handler === "district-department"
              ? "district"
              : "city";
    lead = targetOf({
      as: "lead",
      level,
      ...(handler === "district-department" || handler === "city-department"
        ? { domain: primary!.domain }
        : {}),
      role: handler,
    });
  }
  base.assists = routes
    .filter((r) => r.as === "assist")
    .map(targetOf)
    .filter((t): t is Target => t !== undefined);
  t1 = performance.now();
  timings.rules += t1 - t0;
  t0 = t1;

  if (lead?.kind === "resources") {
    // Work outside working hours is matched for the next working hours, unless it is an emergency.
    const matchAt =
      base.urgency === "emergency" || ctx.calendar.isWorkingTime(now) ? now : nextWorkingStart(ctx, now);
    base.matchAt = matchAt;
    const t2 = performance.now();
    let storeMs = 0;
    base.candidates = await ctx.matcher.candidates({
      unit: unit!.code,
      point: input.location?.coordinates ?? resident?.location?.coordinates,
      criteria: lead.criteria,
      at: matchAt,
      loads: async (keys) => {
        const s0 = performance.now();
        const out = await ctx.store.getLoads(keys);
        storeMs += performance.now() - s0;
        return out;
      },
      servedBefore: served,
      tags: [...tags, ...(category ? [category] : [])],
    });
    const t3 = performance.now();
    timings.store += storeMs;
    timings.matching += t3 - t2 - storeMs;
    t0 = performance.now();
  }
  base.lead = lead;

  // Deadlines and notifications.
  const deadline = run("deadlines", withService).find((e) => e.type === "deadline");
  if (deadline) base.deadlinePolicy = params(deadline, "deadline").policy;
  else if (primary?.deadlinePolicy !== undefined) base.deadlinePolicy = primary.deadlinePolicy;
  base.notifications = run("notifications", withService).filter((e) => e.type === "notify");
  timings.rules += performance.now() - t0;
  return { ...base, outcome: "dispatch" };
}

function nextWorkingStart(ctx: EngineContext, now: Date): Date {
  const today = ctx.calendar.localDate(now);
  const window = ctx.calendar.workingWindow(today);
  if (window && now < window.start) return window.start;
  return ctx.calendar.workingWindow(ctx.calendar.nextWorkingDay(today))!.start;
}
