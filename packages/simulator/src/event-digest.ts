import { createHash, type Hash } from "node:crypto";
import type { Event } from "@lianxin/core";
import { canonicalJson } from "./canonical-json.js";

/**
 * The SHA-256 of the event log (ordered by time, then id) and of the KPI rows, in canonical JSON,
 * computed as events arrive. Events come in time order; those of one instant are sorted by id
 * before they are hashed.
 */
export class EventDigest {
  readonly #hash: Hash = createHash("sha256");
  #pending: Event[] = [];
  #pendingAt = Number.NEGATIVE_INFINITY;
  #count = 0;

  get count(): number {
    return this.#count;
  }

  /** Adds events written at one instant (not earlier than those added before). */
  add(events: readonly Event[], onFlush?: (sorted: readonly Event[]) => void): void {
    for (const e of events) {
      const t = Date.parse(e.at);
      if (t !== this.#pendingAt) {
        this.flush(onFlush);
        this.#pendingAt = t;
      }
      this.#pending.push(e);
      this.#count++;
    }
  }

  /** Hashes the events held back so far. */
  flush(onFlush?: (sorted: readonly Event[]) => void): void {
    if (this.#pending.length === 0) return;
    const sorted = this.#pending.sort(compareEvents);
    for (const e of sorted) this.#hash.update(`${canonicalJson(e)}\n`);
    onFlush?.(sorted);
    this.#pending = [];
  }

  /** Hashes the KPI rows and returns the hex digest (the digest is finished afterwards). */
  finish(kpiRows: readonly unknown[]): string {
    this.flush();
    this.#hash.update("kpis\n");
    for (const row of kpiRows) this.#hash.update(`${canonicalJson(row)}\n`);
    return this.#hash.digest("hex");
  }
}

/** Orders events by time, then id. */
export function compareEvents(a: Event, b: Event): number {
  const d = Date.parse(a.at) - Date.parse(b.at);
  return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
