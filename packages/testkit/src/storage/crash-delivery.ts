import type { OutboxMessage, Store } from "@lianxin/core";
import { expect } from "vitest";

/** What {@link deliverThroughCrashingChannel} did. */
export interface CrashDeliveryResult {
  /** Outbox messages in the store. */
  messages: number;
  /** Times the channel died between sending and `markDelivered`. */
  crashes: number;
  /** Messages sent more than once (always under the same id). */
  duplicates: number;
}

/**
 * Drains a store's outbox through a channel that dies after sending a batch and before
 * `markDelivered` one time in ten (`random() < 0.1`), a new worker taking over once the dead one's
 * leases run out; then asserts at-least-once delivery: nothing left pending or dead, every
 * message sent, a message sent again always under its own id, and first deliveries in the order
 * the messages were written per ordering key. For the crash-safety tests of the SQL stores.
 */
export async function deliverThroughCrashingChannel(
  store: Store,
  random: () => number,
): Promise<CrashDeliveryResult> {
  const all: OutboxMessage[] = [];
  for (let cursor: string | null = null; ; ) {
    const page = await store.listOutbox({ limit: 1_000, cursor });
    all.push(...page.items);
    cursor = page.next;
    if (!cursor) break;
  }
  const deliveries = new Map<string, number>();
  const sent: string[] = [];
  let now = Date.parse("2031-01-01T00:00:00Z");
  let worker = 0;
  let crashes = 0;
  for (let round = 0; round < 100_000; round++) {
    const batch = await store.claimOutbox(`channel-${worker}`, 100, 1_000, new Date(now));
    if (batch.length === 0) {
      if ((await store.listOutbox({ status: "pending", limit: 1 })).items.length === 0) break;
      now += 2_000; // leases of a dead channel run out
      continue;
    }
    for (const m of batch) {
      deliveries.set(m.id, (deliveries.get(m.id) ?? 0) + 1);
      sent.push(m.id);
    }
    if (random() < 0.1) {
      crashes++;
      worker++;
      continue;
    }
    await store.markDelivered(
      batch.map((m) => m.id),
      `channel-${worker}`,
      new Date(now),
    );
  }
  expect((await store.listOutbox({ status: "pending", limit: 1 })).items).toEqual([]);
  expect((await store.listOutbox({ status: "dead", limit: 1 })).items).toEqual([]);
  for (const m of all) expect(deliveries.get(m.id), m.id).toBeGreaterThanOrEqual(1);
  expect(deliveries.size).toBe(all.length);
  // A message sent again is the same message (same id): no two ids say the same thing.
  const said = new Set<string>();
  for (const m of all.filter((x) => x.topic === "need.dispatched")) {
    const what = JSON.stringify([m.orderingKey, m.template, m.recipient, m.payload.workOrder ?? null]);
    expect(said.has(what), what).toBe(false);
    said.add(what);
  }
  // In order per ordering key: first deliveries follow the order the messages were written in.
  const first = new Map<string, number>();
  sent.forEach((id, i) => {
    if (!first.has(id)) first.set(id, i);
  });
  const lastByKey = new Map<string, number>();
  for (const m of all) {
    const at = first.get(m.id)!;
    expect(at).toBeGreaterThan(lastByKey.get(m.orderingKey) ?? -1);
    lastByKey.set(m.orderingKey, at);
  }
  const duplicates = [...deliveries.values()].filter((n) => n > 1).length;
  return { messages: all.length, crashes, duplicates };
}
