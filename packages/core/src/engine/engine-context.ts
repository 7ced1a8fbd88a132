import type { District } from "../district/district.js";
import type { Resident } from "../model/resident.js";
import type { Logger } from "../ports/logger.js";
import type { Store } from "../ports/store.js";
import type { Clock } from "../time/clock.js";
import type { WorkingCalendar } from "../time/work-calendar.js";
import type { ResourceMatcher } from "./resource-matcher.js";
import type { RulePipeline } from "./rule-pipeline.js";

/** Time spent in each stage of `submit`, in milliseconds, summed over all submissions. */
export interface StageTimings {
  validation: number;
  geo: number;
  rules: number;
  matching: number;
  store: number;
}

/** What the parts of the engine share. */
export interface EngineContext {
  district: District;
  pipeline: RulePipeline;
  matcher: ResourceMatcher;
  /** The district's default working calendar. */
  calendar: WorkingCalendar;
  /** A working calendar by id (the default one for an unknown id). */
  calendarFor(id: string): WorkingCalendar;
  store: Store;
  clock: Clock;
  logger: Logger;
  ids: () => string;
  resident: (id: string) => Resident | undefined;
  timings: StageTimings;
}
