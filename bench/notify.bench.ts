/**
 * The cost of the outbox: messages per second through the notifier (claim, route, render, send,
 * mark delivered) against raw sends of the same rendered notifications with no outbox, measured
 * in the same run, for two channels: the memory channel (the notifier's own overhead) and a
 * webhook channel pointed at a local node:http server on 127.0.0.1 (signing and HTTP included
 * both ways). Prints one JSON line on stdout: the medians of msgs/s per path and the ratios
 * outbox/raw. Notes go to stderr.
 *
 *   pnpm bench:notify [--messages <n>] (default 5000) [--webhook-messages <n>] (default 2000)
 *                     [--keys <n>] (default 500) [--runs <n>] (default 3, at least 3) [--seed <n>]
 *
 * Each run fills a fresh memory store's outbox with the messages (OutboxMessage rows enqueued
 * directly, spread over `--keys` ordering keys, so the store hands out one per key at a time),
 * then drains it with one notifier. The raw path renders the same rows with `renderNotification`
 * and sends them in batches of the notifier's batch size (100) at once, as a drain sends a
 * claimed batch. The webhook path opens one connection per request (the channel pins the
 * checked address), so it uses fewer messages by default to stay clear of ephemeral-port limits.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { memoryStore } from "../packages/core/src/memory/memory-store.js";
import { memoryChannel } from "../packages/core/src/notify/memory-channel.js";
import { createNotifier } from "../packages/core/src/notify/notifier.js";
import { renderNotification } from "../packages/core/src/notify/templates.js";
import type { Channel } from "../packages/core/src/ports/channel.js";
import type { OutboxMessage } from "../packages/core/src/ports/outbox-message.js";
import { ManualClock } from "../packages/core/src/time/clock.js";
import { webhookChannel } from "../packages/notify-webhook/src/index.js";
import { fail, median, note, positiveInteger, prng, round } from "./bench-kit.js";

const BENCH = "notify";
const BATCH = 100;
const START = "2026-10-12T09:00:00+08:00";

const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "5000" },
    "webhook-messages": { type: "string", default: "2000" },
    keys: { type: "string", default: "500" },
    runs: { type: "string", default: "3" },
    seed: { type: "string", default: "20261012" },
  },
});
const messageCount = positiveInteger(BENCH, values.messages, "--messages");
const webhookCount = positiveInteger(BENCH, values["webhook-messages"], "--webhook-messages");
const keyCount = positiveInteger(BENCH, values.keys, "--keys");
const runs = positiveInteger(BENCH, values.runs, "--runs");
const seed = positiveInteger(BENCH, values.seed, "--seed");
if (runs < 3) fail(BENCH, `--runs must be at least 3, not ${runs}`);

const TOPICS = [
  ["need.dispatched", "dispatch-grid-worker", "grid-worker"],
  ["need.dispatched", "need.dispatched", "supervisor"],
  ["work-order.reminder", "work-order.reminder", "lead-unit"],
  ["work-order.overdue", "work-order.overdue", "lead-unit"],
  ["work-order.supervise", "work-order.supervise", "supervisor"],
] as const;
const STATUSES = ["dispatched", "accepted", "in-progress"];
const URGENCIES = ["urgent", "normal", "emergency"];
const SERVICES = ["DB-WJ-001", "DB-MZ-003", "DB-SB-002"];

/** `count` pending outbox rows over `keyCount` needs, due at START. */
function messages(count: number): OutboxMessage[] {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const need = `need-${(i % keyCount).toString().padStart(5, "0")}`;
    const [topic, template, role] = pick(TOPICS);
    return {
      id: `msg-${i.toString().padStart(7, "0")}`,
      topic,
      template,
      recipient: { role, id: `gw-610204001003-${(i % 97).toString().padStart(3, "0")}-1` },
      orderingKey: need,
      scope: "610200000000/610204000000/610204001000/610204001003",
      payload: {
        need,
        workOrder: `wo-${i}`,
        status: pick(STATUSES),
        urgency: pick(URGENCIES),
        service: pick(SERVICES),
        unit: "610204001003-007",
        dueAt: "2026-10-13T09:00:00+08:00",
      },
      createdAt: new Date(Date.parse(START) - 60_000).toISOString(),
      status: "pending",
      attempts: 0,
      availableAt: new Date(Date.parse(START) - 60_000).toISOString(),
    };
  });
}

/** Drains `rows` through a notifier to `channel`; msgs/s. */
async function throughOutbox(rows: readonly OutboxMessage[], channel: Channel): Promise<number> {
  const store = memoryStore();
  await store.transaction((tx) => tx.enqueue(rows));
  const clock = new ManualClock(START);
  const notifier = createNotifier({ store, channels: [channel], clock, batchSize: BATCH });
  const t0 = performance.now();
  const summary = await notifier.drain();
  const ms = performance.now() - t0;
  if (summary.delivered !== rows.length)
    fail(
      BENCH,
      `${channel.name}: delivered ${summary.delivered} of ${rows.length}: ${JSON.stringify(summary)}`,
    );
  return (rows.length * 1_000) / ms;
}

/** Renders and sends `rows` straight to `channel`, a batch at a time; msgs/s. */
async function raw(rows: readonly OutboxMessage[], channel: Channel): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) {
    await Promise.all(
      rows.slice(i, i + BATCH).map((m) => channel.send(renderNotification({ ...m, attempts: 1 }))),
    );
  }
  return (rows.length * 1_000) / (performance.now() - t0);
}

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(204).end());
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
const { port } = server.address() as AddressInfo;
let requests = 0;
server.on("request", () => requests++);
const webhook = webhookChannel({
  endpoints: {
    url: `http://127.0.0.1:${port}/hooks/lianxin`,
    secrets: [`whsec_${Buffer.alloc(32, 7).toString("base64")}`],
  },
  allowPrivateAddresses: ["127.0.0.1"],
});

try {
  const memoryRows = messages(messageCount);
  const webhookRows = messages(webhookCount);
  const samples = { memoryOutbox: [] as number[], memoryRaw: [] as number[] };
  const web = { outbox: [] as number[], raw: [] as number[] };
  // One untimed warm-up of each path.
  await throughOutbox(memoryRows.slice(0, 500), memoryChannel());
  await raw(memoryRows.slice(0, 500), memoryChannel());
  await throughOutbox(webhookRows.slice(0, 200), webhook);
  await raw(webhookRows.slice(0, 200), webhook);
  const t0 = performance.now();
  for (let run = 0; run < runs; run++) {
    // Alternate the order, so neither path always runs on a warmer heap.
    const memoryFirst = run % 2 === 0;
    const m1 = memoryChannel();
    const m2 = memoryChannel();
    if (memoryFirst) {
      samples.memoryOutbox.push(await throughOutbox(memoryRows, m1));
      samples.memoryRaw.push(await raw(memoryRows, m2));
      web.outbox.push(await throughOutbox(webhookRows, webhook));
      web.raw.push(await raw(webhookRows, webhook));
    } else {
      samples.memoryRaw.push(await raw(memoryRows, m2));
      samples.memoryOutbox.push(await throughOutbox(memoryRows, m1));
      web.raw.push(await raw(webhookRows, webhook));
      web.outbox.push(await throughOutbox(webhookRows, webhook));
    }
    if (m1.sent.length !== memoryRows.length || m2.sent.length !== memoryRows.length)
      fail(BENCH, "the memory channel did not get every message");
    note(
      BENCH,
      `run ${run + 1}/${runs}: memory outbox ${round(samples.memoryOutbox.at(-1)!)} raw ${round(samples.memoryRaw.at(-1)!)} msgs/s; ` +
        `webhook outbox ${round(web.outbox.at(-1)!)} raw ${round(web.raw.at(-1)!)} msgs/s`,
    );
  }
  note(BENCH, `${requests} webhook requests in all; timed runs took ${round(performance.now() - t0)} ms`);
  const memoryOutbox = median(samples.memoryOutbox);
  const memoryRaw = median(samples.memoryRaw);
  const webhookOutbox = median(web.outbox);
  const webhookRaw = median(web.raw);
  process.stdout.write(
    `${JSON.stringify({
      bench: BENCH,
      messages: messageCount,
      webhookMessages: webhookCount,
      orderingKeys: keyCount,
      batchSize: BATCH,
      runs,
      memory: {
        outboxMsgsPerSec: round(memoryOutbox),
        rawMsgsPerSec: round(memoryRaw),
        ratio: round(memoryOutbox / memoryRaw, 3),
      },
      webhook: {
        outboxMsgsPerSec: round(webhookOutbox),
        rawMsgsPerSec: round(webhookRaw),
        ratio: round(webhookOutbox / webhookRaw, 3),
      },
    })}\n`,
  );
} finally {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
