import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { createRequire } from "node:module";
import { type AddressInfo, createConnection } from "node:net";
import { createNotifier, memoryStore } from "@lianxin/core";
import type { MqttChannelOptions } from "@lianxin/notify-mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { tongchuan, tongchuanEngine } from "../../../packages/core/test/engine/tongchuan-engine.js";
import { startSink, transportTo } from "../../../packages/notify-email/test/smtp-sink.js";
import { parseTongchuanNotifications, streetOf, wireTongchuanChannels } from "./wire-channels.js";

type MqttClient = MqttChannelOptions["client"];
/** mqtt.js is a dependency of @lianxin/notify-mqtt, not of this example. */
const mqtt = createRequire(new URL("../../../packages/notify-mqtt/package.json", import.meta.url))(
  "mqtt",
) as {
  connectAsync(url: string, options: Record<string, unknown>): Promise<MqttClient>;
};

const config = JSON.parse(readFileSync(new URL("../notifications.json", import.meta.url), "utf8")) as Record<
  string,
  Record<string, unknown>
>;
const BROKER = process.env.LIANXIN_MQTT_URL ?? "mqtt://127.0.0.1:1883";

function answers(address: string): Promise<boolean> {
  const u = new URL(address);
  return new Promise((resolve) => {
    const socket = createConnection({ host: u.hostname, port: Number(u.port || 1883) });
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}
const brokerUp = Boolean(process.env.CI) || (await answers(BROKER));

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const waitFor = async (check: () => boolean, ms = 5_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("notifications.json", () => {
  it("is valid and names no literal secret", () => {
    const parsed = parseTongchuanNotifications(config);
    expect(parsed.roles["grid-worker"]).toBe("webhook");
    expect(parsed.roles["street-office"]).toBe("email");
    expect(parsed.roles["city-office"]).toBe("mqtt");
    expect(JSON.stringify(config)).not.toMatch(/whsec_/);
    expect(streetOf("610204001003-007")).toBe("610204001000");
  });

  it("rejects a broken configuration with every problem and its path", () => {
    const broken = { ...config, roles: { "grid-worker": "sms" }, mqtt: { topicPrefix: "a/#" } };
    expect(() => parseTongchuanNotifications(broken)).toThrow(/roles\.grid-worker[\s\S]*mqtt\.topicPrefix/);
    expect(() =>
      wireTongchuanChannels(
        config,
        { smtpTransport: { sendMail: async () => ({}) }, mqttClient: {} as MqttClient },
        {},
      ),
    ).toThrow(/TONGCHUAN_GRID_APP_WEBHOOK_SECRET, which is not set/);
  });
});

// In CI the broker is started by .ci/run, so the test always runs there (and fails if it is down).
const run = brokerUp || process.env.CI === "true";
describe.skipIf(!run)(run ? "the Tongchuan wiring" : `skipped: no MQTT broker at ${BROKER}`, () => {
  it("sends a need and its street escalation to the grid app, the street office and the dashboard", async () => {
    // The grid app: a local HTTP server.
    const hooks: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const { port } = server.address() as AddressInfo;
    // The street office's mail server and the dashboard's broker, with a subscriber.
    const sink = await startSink();
    cleanups.push(() => sink.close());
    const transport = transportTo(sink.port);
    cleanups.push(async () => transport.close());
    const run = randomBytes(4).toString("hex");
    const publisher = await mqtt.connectAsync(BROKER, {
      clientId: `tongchuan-pub-${run}`,
      protocolVersion: 5,
    });
    const subscriber = await mqtt.connectAsync(BROKER, {
      clientId: `tongchuan-sub-${run}`,
      protocolVersion: 5,
    });
    cleanups.push(async () => {
      await publisher.endAsync();
      await subscriber.endAsync();
    });
    const dashboard: { topic: string; payload: string }[] = [];
    subscriber.on("message", (topic, payload) =>
      dashboard.push({ topic, payload: payload.toString("utf8") }),
    );
    await subscriber.subscribeAsync("tongchuan/dashboard/#", { qos: 1 });

    const secretEnv = String(config.webhook!.secretEnv);
    const local = {
      ...config,
      webhook: {
        ...config.webhook,
        url: `http://127.0.0.1:${port}/hooks/lianxin`,
        allowPrivateAddresses: ["127.0.0.1"],
      },
    };
    const { channels, byRole } = wireTongchuanChannels(
      local,
      { smtpTransport: transport, mqttClient: publisher },
      { [secretEnv]: `whsec_${randomBytes(32).toString("base64")}` },
    );

    const store = memoryStore();
    const { engine, clock } = await tongchuanEngine("2026-10-12T09:00:00+08:00", { store });
    const r = await engine.submit({
      source: "home-visit",
      description: "帮忙买胃药",
      subject: "res-lingde-0001",
      receivedAt: "2026-10-12T09:00:00+08:00",
    });
    expect(r.need.status).toBe("dispatched");
    const lead = r.workOrders.find((o) => o.role === "lead")!;
    expect(lead.assignee.type).toBe("resource");
    // Past the due time: overdue, then the ladder climbs to the street (and reports to the city).
    for (const at of [
      "2026-10-13T09:00:00+08:00",
      "2026-10-13T11:00:00+08:00",
      "2026-10-13T13:30:00+08:00",
      "2026-10-14T09:00:00+08:00",
      "2026-10-16T09:00:00+08:00",
    ]) {
      clock.set(at);
      await engine.tick();
    }
    const climbs = (await engine.events(r.need.id))
      .filter((e) => e.type === "escalated")
      .map((e) => e.data?.unit);
    expect(climbs).toContain("610204001000");

    const queued = (await store.listOutbox({})).items;
    const notifier = createNotifier({ store, channels, byRole, clock });
    const summary = await notifier.drain();
    expect(summary).toEqual({ delivered: queued.length, retried: 0, dead: 0, skipped: 0 });

    // The grid worker's app got signed Standard Webhooks requests.
    expect(hooks.length).toBeGreaterThan(0);
    for (const h of hooks) {
      expect(h.headers["webhook-id"]).toBeTruthy();
      expect(h.headers["webhook-signature"]).toMatch(/^v1,/);
    }
    expect(hooks.some((h) => h.body.includes(r.need.id))).toBe(true);
    // The street office (永安路街道, 610204001000) got an email.
    await waitFor(() => sink.received.some((m) => m.to.includes("yongan-street@tongchuan.example")));
    // The dashboard topic got the report to the city office.
    await waitFor(() => dashboard.some((m) => m.payload.includes(r.need.id)));
    expect(dashboard.some((m) => m.topic.startsWith("tongchuan/dashboard/work-order/"))).toBe(true);

    const resident = (await tongchuan()).residents.get("res-lingde-0001")!;
    expect(resident.name).toBe("孙桂芝");
    const everything = JSON.stringify([
      hooks,
      sink.received,
      dashboard.filter((m) => m.payload.includes(r.need.id)),
    ]);
    for (const secret of [resident.name, resident.address, "邻德小区"]) {
      expect(secret).toBeTruthy();
      expect(everything).not.toContain(secret);
    }
  });
});
