import { ChannelError, memoryStore, type OutboxMessage, type Store } from "@lianxin/core";
import { describe, expect, it, vi } from "vitest";
import { memoryChannel } from "../../src/notify/memory-channel.js";
import { createNotifier, DEFAULT_RETRY_SCHEDULE } from "../../src/notify/notifier.js";
import { DEFAULT_TEMPLATES, notificationData, renderNotification } from "../../src/notify/templates.js";
import { ManualClock } from "../../src/time/clock.js";
import { tongchuan, tongchuanEngine } from "../engine/tongchuan-engine.js";

const T0 = "2026-10-09T09:30:00+08:00";

function message(id: string, over: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id,
    topic: "need.dispatched",
    template: "dispatch-grid-worker",
    recipient: { role: "grid-worker", id: "res-worker-1" },
    orderingKey: `need-${id}`,
    scope: "/610204/",
    payload: {
      need: `need-${id}`,
      status: "dispatched",
      urgency: "urgent",
      service: "DB-WJ-001",
      unit: "610204001003-007",
      workOrder: `wo-${id}`,
      dueAt: "2026-10-09T17:30:00+08:00",
      role: "lead",
    },
    createdAt: T0,
    status: "pending",
    attempts: 0,
    availableAt: T0,
    ...over,
  };
}

async function setup(messages: OutboxMessage[]): Promise<{ store: Store; clock: ManualClock }> {
  const store = memoryStore();
  await store.transaction((tx) => tx.enqueue(messages));
  return { store, clock: new ManualClock(T0) };
}

async function outbox(store: Store): Promise<Map<string, OutboxMessage>> {
  return new Map((await store.listOutbox({ limit: 1_000 })).items.map((m) => [m.id, m]));
}

const retryable = (name: string, retryAfterMs?: number): ChannelError =>
  new ChannelError(name, "http.503", "service unavailable", {
    retryable: true,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });

describe("createNotifier", () => {
  it("delivers a message through the first channel and marks it delivered", async () => {
    const { store, clock } = await setup([message("m1")]);
    const channel = memoryChannel({ name: "app" });
    const notifier = createNotifier({ store, channels: [channel], clock });
    expect(await notifier.drain()).toEqual({ delivered: 1, retried: 0, dead: 0, skipped: 0 });
    expect(channel.sent).toHaveLength(1);
    expect(channel.sent[0]).toMatchObject({
      id: "m1",
      topic: "need.dispatched",
      recipient: { role: "grid-worker", id: "res-worker-1" },
      lang: "zh-CN",
      createdAt: T0,
      source: { id: "m1", orderingKey: "need-m1", attempts: 1 },
    });
    const stored = (await outbox(store)).get("m1")!;
    expect(stored.status).toBe("delivered");
    expect(stored.deliveredAt).toBe(clock.now().toISOString());
    // Nothing left: a second drain does nothing.
    expect(await notifier.drain()).toEqual({ delivered: 0, retried: 0, dead: 0, skipped: 0 });
  });

  it("routes by message.channel, then by recipient role, then to the first channel", async () => {
    const { store, clock } = await setup([
      message("m1", { channel: "sms" }),
      message("m2", { recipient: { role: "resident", id: "res-1" } }),
      message("m3"),
      message("m4", { channel: "carrier-pigeon" }),
    ]);
    const app = memoryChannel({ name: "app" });
    const sms = memoryChannel({ name: "sms" });
    const mail = memoryChannel({ name: "mail" });
    const notifier = createNotifier({
      store,
      channels: [app, sms, mail],
      clock,
      byRole: { resident: "mail" },
    });
    expect(await notifier.drain()).toEqual({ delivered: 3, retried: 0, dead: 1, skipped: 0 });
    expect(sms.sent.map((n) => n.id)).toEqual(["m1"]);
    expect(mail.sent.map((n) => n.id)).toEqual(["m2"]);
    expect(app.sent.map((n) => n.id)).toEqual(["m3"]);
    // A channel nobody configured is never replaced by another one.
    expect((await notifier.deadLetters()).items.map((m) => [m.id, m.lastError])).toEqual([
      ["m4", "no channel carrier-pigeon"],
    ]);
  });

  it("is at least once: a crash between send and markDelivered sends again with the same id", async () => {
    const { store, clock } = await setup([message("m1")]);
    let crash = true;
    const crashing: Store = Object.create(store, {
      markDelivered: {
        value: async (...args: Parameters<Store["markDelivered"]>) => {
          if (crash) {
            crash = false;
            throw new Error("connection reset");
          }
          return store.markDelivered(...args);
        },
      },
    });
    const channel = memoryChannel({ name: "app" });
    const notifier = createNotifier({ store: crashing, channels: [channel], clock, leaseMs: 30_000 });
    await notifier.drain();
    expect(channel.sent.map((n) => n.id)).toEqual(["m1"]);
    expect((await outbox(store)).get("m1")!.status).toBe("pending");
    // The lease holds it until it runs out, then it goes again, with the same id.
    const other = createNotifier({ store, channels: [channel], clock, worker: "other" });
    expect((await other.drain()).delivered).toBe(0);
    clock.advance({ seconds: 30 });
    expect((await other.drain()).delivered).toBe(1);
    expect(channel.sent.map((n) => n.id)).toEqual(["m1", "m1"]);
    expect(channel.sent[1]!.data).toEqual(channel.sent[0]!.data);
    expect((await outbox(store)).get("m1")!.status).toBe("delivered");
  });

  it("follows the Standard Webhooks retry schedule exactly, then dead-letters", async () => {
    const { store, clock } = await setup([message("m1")]);
    const start = clock.now().getTime();
    const channel = memoryChannel({ name: "hook", fail: () => retryable("hook") });
    const notifier = createNotifier({ store, channels: [channel], clock });
    expect(DEFAULT_RETRY_SCHEDULE).toEqual([
      0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(await notifier.drain()).toMatchObject({ retried: 1 });
    expect(channel.calls).toBe(1);
    let due = start;
    for (let attempt = 2; attempt <= 8; attempt++) {
      due += DEFAULT_RETRY_SCHEDULE[attempt - 1]!;
      expect((await outbox(store)).get("m1")!.availableAt).toBe(new Date(due).toISOString());
      clock.set(due - 1);
      expect(await notifier.drain()).toEqual({ delivered: 0, retried: 0, dead: 0, skipped: 0 });
      expect(channel.calls).toBe(attempt - 1);
      clock.set(due);
      const summary = await notifier.drain();
      expect(channel.calls).toBe(attempt);
      expect(summary).toMatchObject(attempt < 8 ? { retried: 1, dead: 0 } : { retried: 0, dead: 1 });
    }
    const m = (await outbox(store)).get("m1")!;
    expect(m).toMatchObject({ status: "dead", attempts: 8, lastError: "http.503: service unavailable" });
    // About 28 h 35 min from the first try to the last.
    expect(due - start).toBe(5_000 + 300_000 + 1_800_000 + 7_200_000 + 18_000_000 + 36_000_000 + 36_000_000);
    clock.advance({ days: 7 });
    await notifier.drain();
    expect(channel.calls).toBe(8);
  });

  it("waits for Retry-After when it is longer than the schedule, never shorter", async () => {
    const { store, clock } = await setup([message("m1"), message("m2")]);
    const channel = memoryChannel({
      name: "hook",
      fail: (_n, notification) =>
        notification.id === "m1" ? retryable("hook", 120_000) : retryable("hook", 1_000),
    });
    const notifier = createNotifier({ store, channels: [channel], clock });
    expect(await notifier.drain()).toMatchObject({ retried: 2 });
    const now = clock.now().getTime();
    const rows = await outbox(store);
    expect(rows.get("m1")!.availableAt).toBe(new Date(now + 120_000).toISOString());
    expect(rows.get("m2")!.availableAt).toBe(new Date(now + 5_000).toISOString());
  });

  it("dead-letters a non-retryable error at once, lists dead letters and replays them", async () => {
    const { store, clock } = await setup([message("m1"), message("m2")]);
    let broken = true;
    const channel = memoryChannel({
      name: "mail",
      fail: (_n, notification) =>
        broken && notification.id === "m1"
          ? new ChannelError("mail", "smtp.550", "mailbox unavailable", { retryable: false })
          : undefined,
    });
    const notifier = createNotifier({ store, channels: [channel], clock });
    expect(await notifier.drain()).toEqual({ delivered: 1, retried: 0, dead: 1, skipped: 0 });
    const dead = await notifier.deadLetters();
    expect(dead.items.map((m) => [m.id, m.status, m.lastError])).toEqual([
      ["m1", "dead", "smtp.550: mailbox unavailable"],
    ]);
    broken = false;
    expect(await notifier.replay(["m1", "m2", "nope"])).toBe(1);
    expect((await outbox(store)).get("m1")!.status).toBe("pending");
    expect(await notifier.drain()).toEqual({ delivered: 1, retried: 0, dead: 0, skipped: 0 });
    expect(channel.sent.map((n) => n.id)).toEqual(["m2", "m1"]);
    expect((await notifier.deadLetters()).items).toEqual([]);
  });

  it("dead-letters after the last try of a custom schedule", async () => {
    const { store, clock } = await setup([message("m1")]);
    const channel = memoryChannel({ name: "hook", fail: () => retryable("hook") });
    const notifier = createNotifier({ store, channels: [channel], clock, retrySchedule: [0, 1_000] });
    expect(await notifier.drain()).toMatchObject({ retried: 1 });
    clock.advance(1_000);
    expect(await notifier.drain()).toMatchObject({ dead: 1 });
    expect((await notifier.deadLetters()).items.map((m) => m.attempts)).toEqual([2]);
  });

  it("turns a channel off on `disable`: later messages to it go dead as disabled, others flow", async () => {
    const { store, clock } = await setup([message("m1", { orderingKey: "k1" })]);
    const gone = memoryChannel({
      name: "hook",
      fail: (n) =>
        n === 1
          ? new ChannelError("hook", "http.410", "gone", { retryable: false, disable: true })
          : undefined,
    });
    const app = memoryChannel({ name: "app" });
    const notifier = createNotifier({ store, channels: [gone, app], clock });
    expect(await notifier.drain()).toMatchObject({ dead: 1 });
    expect(notifier.disabled()).toEqual(new Map([["hook", "http.410"]]));
    await store.transaction((tx) => tx.enqueue([message("m2"), message("m3", { channel: "app" })]));
    expect(await notifier.drain()).toEqual({ delivered: 1, retried: 0, dead: 1, skipped: 0 });
    expect(gone.calls).toBe(1);
    expect(app.sent.map((n) => n.id)).toEqual(["m3"]);
    const dead = (await notifier.deadLetters()).items;
    expect(dead.map((m) => m.id)).toEqual(["m1", "m2"]);
    for (const m of dead) expect(m.lastError).toMatch(/^disabled/);
    // Back on, and the dead letters replayed.
    notifier.enable("hook");
    expect(await notifier.replay(["m1", "m2"])).toBe(2);
    expect((await notifier.drain()).delivered).toBe(2);
    expect(gone.sent.map((n) => n.id)).toEqual(["m1", "m2"]);
  });

  it("a channel that throws (or hangs) never blocks another channel's messages", async () => {
    const { store, clock } = await setup([
      message("m1", { channel: "broken" }),
      message("m2", { channel: "hung" }),
      message("m3", { channel: "app" }),
    ]);
    const broken = memoryChannel({ name: "broken" });
    broken.send = async () => {
      throw new TypeError("socket exploded");
    };
    const hung = memoryChannel({ name: "hung" });
    hung.send = () => new Promise(() => {});
    const app = memoryChannel({ name: "app" });
    const notifier = createNotifier({ store, channels: [broken, hung, app], clock, sendTimeoutMs: 50 });
    expect(await notifier.drain()).toEqual({ delivered: 1, retried: 2, dead: 0, skipped: 0 });
    expect(app.sent.map((n) => n.id)).toEqual(["m3"]);
    const rows = await outbox(store);
    expect(rows.get("m1")).toMatchObject({ status: "pending", lastError: "error: socket exploded" });
    expect(rows.get("m2")).toMatchObject({ status: "pending", lastError: "timeout: no answer in 50 ms" });
  });

  it("keeps each need's messages in order, also across a retry", async () => {
    const { store, clock } = await setup([
      message("a1", { orderingKey: "need-a" }),
      message("a2", { orderingKey: "need-a", topic: "work-order.reminder", template: "work-order.reminder" }),
      message("b1", { orderingKey: "need-b" }),
      message("b2", { orderingKey: "need-b", topic: "work-order.overdue", template: "work-order.overdue" }),
    ]);
    const channel = memoryChannel({
      name: "app",
      fail: (n, x) => (n === 1 && x.id === "a1" ? retryable("app") : undefined),
    });
    const notifier = createNotifier({ store, channels: [channel], clock });
    expect(await notifier.drain()).toEqual({ delivered: 2, retried: 1, dead: 0, skipped: 0 });
    // a2 waits behind a1 (failed, due in 5 s); b2 followed b1 in the same drain.
    expect(channel.sent.map((n) => n.id)).toEqual(["b1", "b2"]);
    clock.advance({ seconds: 5 });
    expect((await notifier.drain()).delivered).toBe(2);
    expect(channel.sent.map((n) => n.id)).toEqual(["b1", "b2", "a1", "a2"]);
  });

  it("sends at most perSecond a second per channel and leaves the rest pending, not failed", async () => {
    const { store, clock } = await setup([1, 2, 3, 4, 5].map((i) => message(`m${i}`)));
    await store.transaction((tx) => tx.enqueue([message("s1", { channel: "sms" })]));
    const app = memoryChannel({ name: "app" });
    const sms = memoryChannel({ name: "sms" });
    const notifier = createNotifier({ store, channels: [app, sms], clock, rateLimit: { perSecond: 2 } });
    const first = await notifier.drain();
    expect(first.delivered).toBe(3);
    expect(app.sent.map((n) => n.id)).toEqual(["m1", "m2"]);
    // The rate-limited channel does not hold up the other one.
    expect(sms.sent.map((n) => n.id)).toEqual(["s1"]);
    const rows = await outbox(store);
    for (const id of ["m3", "m4", "m5"]) {
      expect(rows.get(id)!.status).toBe("pending");
      expect(rows.get(id)!.lastError).toBeUndefined();
    }
    expect((await notifier.drain()).delivered).toBe(0);
    clock.advance(500);
    expect((await notifier.drain()).delivered).toBe(1);
    clock.advance(1_000);
    expect((await notifier.drain()).delivered).toBe(2);
    expect(app.sent.map((n) => n.id)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    // Waiting for the rate limit did not use up attempts.
    expect(app.sent.map((n) => n.source.attempts)).toEqual([1, 1, 1, 1, 1]);
    expect(app.calls).toBe(5);
  });

  it("start() drains on an interval until stopped", async () => {
    const { store, clock } = await setup([message("m1")]);
    const channel = memoryChannel({ name: "app" });
    const stop = createNotifier({ store, channels: [channel], clock }).start(5);
    await vi.waitFor(() => expect(channel.sent).toHaveLength(1), { timeout: 2_000, interval: 5 });
    await stop();
    await store.transaction((tx) => tx.enqueue([message("m2")]));
    await new Promise((r) => setTimeout(r, 30));
    expect(channel.sent).toHaveLength(1);
  });

  it("refuses an empty channel list", () => {
    expect(() => createNotifier({ store: memoryStore(), channels: [], clock: new ManualClock(T0) })).toThrow(
      /at least one channel/,
    );
  });
});

describe("renderNotification", () => {
  const services = new Map([["DB-WJ-001", { name: { zh: "代购药品", en: "Buying medicine" } }]]);

  it("renders Chinese and English from the payload's codes", () => {
    const zh = renderNotification(message("m1"), { services });
    expect(zh.lang).toBe("zh-CN");
    expect(zh.subject).toBe("【紧急】新派单：代购药品");
    expect(zh.text).toContain("诉求编号：need-m1");
    expect(zh.text).toContain("状态：已派单");
    expect(zh.text).toContain("承办角色：主办");
    expect(zh.text).toContain("办理时限：2026-10-09 17:30 (+08:00)");
    const en = renderNotification(message("m1"), { lang: "en", services });
    expect(en.lang).toBe("en");
    expect(en.subject).toBe("[urgent] New dispatch: Buying medicine");
    expect(en.text).toContain("Status: dispatched");
    expect(en.text).toContain("Due: 2026-10-09 17:30 (+08:00)");
    // Without a lookup the code is shown.
    expect(renderNotification(message("m1"), { lang: "en" }).subject).toBe(
      "[urgent] New dispatch: DB-WJ-001",
    );
    // A function lookup works too.
    expect(renderNotification(message("m1"), { services: (code, lang) => `${lang}:${code}` }).subject).toBe(
      "【紧急】新派单：zh-CN:DB-WJ-001",
    );
  });

  it("has a template per engine topic in both languages, and a fallback for the rest", () => {
    for (const topic of [
      "need.dispatched",
      "work-order.dispatched",
      "work-order.reminder",
      "work-order.overdue",
      "work-order.supervise",
      "work-order.extension-requested",
      "need.follow-up-due",
    ]) {
      expect(DEFAULT_TEMPLATES[topic]?.["zh-CN"]).toBeTypeOf("function");
      expect(DEFAULT_TEMPLATES[topic]?.en).toBeTypeOf("function");
    }
    const reminder = message("m1", { topic: "work-order.reminder", template: "work-order.reminder" });
    expect(renderNotification(reminder).subject).toBe(
      "办理提醒：工单 wo-m1 将于 2026-10-09 17:30 (+08:00) 到期",
    );
    const supervise = message("m1", {
      topic: "work-order.supervise",
      template: "work-order.supervise",
      payload: { need: "n1", workOrder: "wo-1", level: 2, status: "in-progress" },
    });
    expect(renderNotification(supervise).subject).toBe("督办：工单 wo-1（街道级督办）");
    expect(renderNotification(supervise, { lang: "en" }).subject).toBe(
      "Supervision: work order wo-1 (street level)",
    );
    const unknown = message("m1", { topic: "need.something-new", template: "need.something-new" });
    expect(renderNotification(unknown).subject).toBe("连心通知：need.something-new");
    expect(renderNotification(unknown, { lang: "en" }).subject).toBe(
      "Lianxin notification: need.something-new",
    );
    expect(renderNotification(unknown, { lang: "en" }).text).toContain("Need: need-m1");
    // Custom templates win over the built-in ones, by template name first.
    const custom = renderNotification(message("m1"), {
      templates: { "dispatch-grid-worker": { "zh-CN": (f) => ({ subject: `派单 ${f.need}`, text: "x" }) } },
    });
    expect(custom.subject).toBe("派单 need-m1");
  });

  it("asks assignees to act, informs the others, and tells residents in their own words", () => {
    const to = (role: string, template = "dispatch-grid-worker") =>
      message("m1", { template, recipient: { role, id: "x-1" } });
    expect(renderNotification(to("grid-worker"), { services }).subject).toBe("【紧急】新派单：代购药品");
    expect(renderNotification(to("supervisor", "elderly-alone-urgent"), { services }).subject).toBe(
      "【紧急】派单知会：代购药品",
    );
    expect(renderNotification(to("grid-leader"), { lang: "en", services }).text).toMatch(
      /^Need need-m1 was dispatched; please follow its progress\./,
    );
    const resident = renderNotification(to("resident"), { lang: "en" });
    expect(resident.subject).toBe("Your request has been dispatched");
    expect(resident.text).not.toContain("wo-m1");
    expect(renderNotification(to("grid-worker", "tell-resident-in-person")).subject).toBe(
      "请上门告知居民：诉求 need-m1的办理进展",
    );
  });

  it("puts only ids, states, dates and codes into data", () => {
    const leaky = message("m1", {
      payload: {
        need: "n1",
        status: "dispatched",
        dueAt: "2026-10-09T17:30:00+08:00",
        level: 2,
        name: "孙桂芝",
        phone: "13800000000",
        address: "邻德小区20号楼302室",
        resident: { name: "孙桂芝" },
        unit: { nested: "object" },
      },
    });
    const n = renderNotification(leaky, { lang: "en" });
    expect(n.data).toEqual({
      need: "n1",
      status: "dispatched",
      dueAt: "2026-10-09T17:30:00+08:00",
      level: 2,
    });
    const all = JSON.stringify(n);
    for (const secret of ["孙桂芝", "13800000000", "邻德小区", "nested"]) expect(all).not.toContain(secret);
    expect(notificationData({ need: "n1", phone: "1" }, ["need", "phone"])).toEqual({
      need: "n1",
      phone: "1",
    });
  });
});

describe("the notifier on the Tongchuan engine", () => {
  it("never sends the resident's name or address to a channel", async () => {
    const { engine, clock } = await tongchuanEngine();
    const district = await tongchuan();
    const resident = district.residents.get("res-lingde-0001")!;
    expect(resident.name).toBe("孙桂芝");
    const r = await engine.submit({
      source: "home-visit",
      receivedAt: "2026-10-09T09:30:00+08:00",
      description: "独居老人胃病，行动不便，想请网格员帮忙买胃药送上门",
      subject: "res-lingde-0001",
    });
    expect(r.need.status).toBe("dispatched");
    const queued = (await engine.store.listOutbox({})).items;
    expect(queued.length).toBeGreaterThan(0);
    // Every channel the messages may name, so everything is delivered and can be inspected.
    const names = new Set(["app", ...queued.flatMap((m) => (m.channel ? [m.channel] : []))]);
    const channels = [...names].map((name) => memoryChannel({ name }));
    for (const lang of ["zh-CN", "en"] as const) {
      const store = lang === "zh-CN" ? engine.store : memoryStore();
      if (lang === "en") await store.transaction((tx) => tx.enqueue(queued));
      const notifier = createNotifier({ store, channels, clock, lang, services: district.services });
      expect(await notifier.drain()).toEqual({ delivered: queued.length, retried: 0, dead: 0, skipped: 0 });
    }
    const sent = channels.flatMap((c) => c.sent);
    expect(sent).toHaveLength(queued.length * 2);
    expect(sent.every((n) => n.data.need === r.need.id)).toBe(true);
    const everything = JSON.stringify(sent);
    for (const secret of [resident.name, resident.address, "邻德小区20号楼302室", "永安路"]) {
      expect(secret).toBeTruthy();
      expect(everything).not.toContain(secret);
    }
    // The service's name, not only its code, made it into the text.
    const service = district.services.get(r.need.serviceCodes[0]!)!;
    expect(sent.some((n) => n.text.includes(service.name.zh))).toBe(true);
  });
});
