import type { AdminLevel, Channel, District, Event, Kpis, LocalizedText, Store } from "@lianxin/core";

/**
 * A scenario script: something that happens to the district during a run. Days count from 0,
 * the run's first day; a scenario with no `startDay` starts on day `floor(days / 3)`.
 */
export type Scenario =
  | {
      /** A cold wave (寒潮): heating and medicine needs multiplied for a week. */
      kind: "cold-wave";
      startDay?: number;
      /** @default 7 */
      days?: number;
      /** How much more often the affected needs arrive. @default 3 */
      multiplier?: number;
      /** The demand categories affected (see {@link DemandCategory}). @default ["heating", "medicine"] */
      categories?: string[];
      /**
       * Where it strikes hardest: a unit code (usually a street) whose affected needs get the full
       * multiplier; elsewhere they get half of the extra. @default the whole district
       */
      unit?: string;
    }
  | {
      /** A street loses a share of its grid workers: they stop working from `startDay` on. */
      kind: "staff-loss";
      startDay?: number;
      /** The street's code. @default the street with the most needs per grid worker */
      street?: string;
      /** @default 1 / 3 */
      fraction?: number;
    }
  | {
      /** A new version of the rule sets switched on mid-run (a new engine on the same store). */
      kind: "rule-switch";
      startDay?: number;
      /** The rule sets (parsed JSON or text) in force from `startDay` on. */
      ruleSets: readonly unknown[];
      label?: string;
    }
  | {
      /**
       * A holiday period: demand drops (except emergencies), most workers are off, and the
       * engine's working-day deadlines stretch over it when the district's calendar knows it.
       */
      kind: "holiday";
      startDay?: number;
      /** @default 7 */
      days?: number;
    };

/** The scenario names the CLI understands, each with the defaults above. */
export type ScenarioName = "baseline" | "cold-wave" | "staff-loss" | "holiday";

/** A group of needs with its own rate, rhythms and words (medicine, heating, social insurance, ...). */
export interface DemandCategory {
  /** `medicine`, `supplies`, `heating`, `social-insurance`, `pension`, `relief`, ... */
  id: string;
  name: LocalizedText;
}

/** How needs arrive. Every field has a default; rates are per day for the whole district. */
export interface DemandModel {
  /** Average needs per day before rhythms, seasons and scenarios. @default 100 */
  needsPerDay: number;
  /** Bursts (a burst pipe, a power cut): chance per day, and needs per burst. @default 0.04, 20–60 */
  burstChancePerDay: number;
}

/** How the people in the loop behave. Every field has a default. */
export interface BehaviourModel {
  /** Median minutes from dispatch to acceptance in working hours. @default 45 */
  acceptMedianMinutes: number;
  /** Chance a worker returns (退单) a work order instead of accepting it. @default 0.04 */
  returnChance: number;
  /** Work orders one worker resolves per working day at most; the rest wait. @default 6 */
  dailyCapacity: number;
  /** Chance a worker is off sick on a given working day. @default 0.03 */
  sickChance: number;
  /** Chance the follow-up call reaches the resident. @default 0.9 */
  reachChance: number;
  /** Satisfaction when on time / when late (the rest split between basically-satisfied and unsatisfied). @default 0.85 / 0.45 */
  satisfiedOnTime: number;
  satisfiedLate: number;
}

/** What {@link simulate} is given. */
export interface SimulateOptions {
  district: District;
  /** Rule sets in force at the start (parsed JSON or text). */
  ruleSets: readonly unknown[];
  /** @default memoryStore() */
  store?: Store;
  /** When given, the outbox is drained through them at the end of every simulated hour. */
  channels?: readonly Channel[];
  /** @default 1 */
  seed?: number;
  days: number;
  /** The first day, `YYYY-MM-DD`, in the district's time zone. @default "2026-12-07" */
  start?: string;
  scenarios?: readonly Scenario[];
  demand?: Partial<DemandModel>;
  behaviour?: Partial<BehaviourModel>;
  /** Synthetic residents added to the district's known ones. @default 40 per grid */
  residents?: number;
  /** KPI periods. @default "week" */
  period?: "day" | "week" | "month";
  /**
   * The units KPIs are computed for. @default the district root, every district/county and street,
   * and the demonstration communities
   */
  kpiUnits?: readonly string[];
  /** Keep the full event log in the result (large runs turn it off). @default true */
  eventLog?: boolean;
  /** Called after each simulated day. */
  onProgress?: (progress: SimulationProgress) => void;
}

/** Progress of a run, after each simulated day. */
export interface SimulationProgress {
  day: number;
  days: number;
  needs: number;
}

/** The KPIs of one unit over one period (or the whole run when `period` is `"total"`). */
export interface UnitKpis {
  unit: string;
  name: LocalizedText;
  level: AdminLevel;
  /** `"total"`, or the period's first day `YYYY-MM-DD`. */
  period: string;
  from: string;
  to: string;
  kpis: Kpis;
}

/** One simulated day, for charts. */
export interface DayStats {
  /** `YYYY-MM-DD` */
  date: string;
  /** Needs received that day, by demand category id. */
  byCategory: Record<string, number>;
  /** Escalation events that day, by level 1–4. */
  escalations: Record<1 | 2 | 3 | 4, number>;
  /** Workers off sick or gone that day. */
  workersAbsent: number;
}

/** What a run produced. The same options give the same result, byte for byte (except `wallMs`). */
export interface SimulationResult {
  seed: number;
  start: string;
  days: number;
  /** The run's end, exclusive: ISO 8601 with offset. */
  end: string;
  district: { id: string; name: LocalizedText };
  scenarios: readonly Scenario[];
  categories: readonly DemandCategory[];
  counts: {
    needs: number;
    /** Needs by final status. */
    byStatus: Record<string, number>;
    workOrders: number;
    /** Engine calls made by the behaviour models, by action (`accept`, `resolve`, `followUp`, ...). */
    actions: Record<string, number>;
    /** Timers fired by `tick`, by kind. */
    timers: Record<string, number>;
    events: number;
  };
  daily: DayStats[];
  /** KPIs per unit: one `"total"` row per unit, then one row per unit and period. */
  kpis: UnitKpis[];
  /** The audit trail, ordered by time then id; empty when `eventLog` is false. */
  eventLog: Event[];
  /** SHA-256 (hex) of the event log and the KPIs, in canonical JSON. */
  digest: string;
  /** Wall-clock milliseconds the run took (not part of the digest). */
  wallMs: number;
}
