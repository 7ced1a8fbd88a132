import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Actor,
  createLianxin,
  type District,
  type Lianxin,
  type Logger,
  loadDistrict,
  ManualClock,
  memoryStore,
  type Resident,
  type WorkOrder,
} from "@lianxin/core";
import express from "express";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createGeoReportHandler,
  type GeoReportHandler,
  type GeoReportHandlerOptions,
  geoReportFastify,
} from "../src/handler/index.js";
import type { GeoReportError, GeoReportServiceDefinition, GeoReportServiceRequest } from "../src/types.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const dir = join(root, "examples/tongchuan");
const KEY = "test-key-0123456789";
const START = "2026-10-13T09:30:00+08:00";

let district: District;
let ruleSets: string[];
let resident: Resident;

beforeAll(async () => {
  district = await loadDistrict(dir, { geometry: false });
  ruleSets = readdirSync(join(dir, "rules"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => readFileSync(join(dir, "rules", f), "utf8"));
  // A resident whose home lies inside a grid, as bench/engine.bench.ts places needs.
  resident = [...district.residents.values()].find(
    (r) => r.location !== undefined && district.locate(r.location.coordinates).reason === "in-grid",
  )!;
  expect(resident).toBeDefined();
}, 60_000);

interface Setup {
  engine: Lianxin;
  clock: ManualClock;
  handler: GeoReportHandler;
  logs: { message: string; fields?: Record<string, unknown> }[];
}

function setup(extra: Partial<GeoReportHandlerOptions> = {}, keys = true): Setup {
  const clock = new ManualClock(START);
  let n = 0;
  const engine = createLianxin({ district, ruleSets, store: memoryStore(), clock, ids: () => `n${++n}` });
  const logs: Setup["logs"] = [];
  const log = (message: string, fields?: Record<string, unknown>) =>
    logs.push(fields === undefined ? { message } : { message, fields });
  const logger: Logger = { debug: log, info: log, warn: log, error: log };
  const handler = createGeoReportHandler({
    engine, // its clock stamps receivedAt
    ...(keys ? { apiKeys: [KEY] } : {}),
    jurisdiction: "tongchuan.gov.cn",
    lang: "en",
    logger,
    discovery: { contact: "open311@tongchuan.example", key_service: "https://tongchuan.example/keys" },
    // Proxy services are for registered residents: the city app's account is the resident's id.
    identify: (person) =>
      person.account_id !== undefined && district.residents.has(person.account_id)
        ? { subject: person.account_id }
        : undefined,
    ...extra,
  });
  return { engine, clock, handler, logs };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** The form of a request to buy medicine at the resident's home, with personal fields. */
function medicineForm(extra: Record<string, string> = {}): URLSearchParams {
  const [long, lat] = resident.location!.coordinates;
  return new URLSearchParams({
    api_key: KEY,
    jurisdiction_id: "tongchuan.gov.cn",
    service_code: "DB-WJ-001",
    lat: String(lat),
    long: String(long),
    description: "降压药吃完了，请帮忙代购",
    "attribute[medicine]": "硝苯地平缓释片 2 盒",
    "attribute[prescription]": "yes",
    email: "li.si@example.org",
    first_name: "Si",
    last_name: "Li",
    phone: "13800138000",
    account_id: resident.id,
    ...extra,
  });
}

const post = (
  base: string,
  form: URLSearchParams | string,
  fmt = "json",
  headers: Record<string, string> = {},
) =>
  fetch(`${base}/open311/v2/requests.${fmt}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", ...headers },
    body: typeof form === "string" ? form : form.toString(),
  });

/** The first error of an error document. */
async function firstError(res: Response): Promise<GeoReportError> {
  const body = (await res.json()) as GeoReportError[];
  expect(body).toHaveLength(1);
  return body[0]!;
}

const actorFor = (o: WorkOrder): Actor =>
  o.assignee.type === "resource"
    ? { type: "resource", id: o.assignee.id }
    : { type: "unit", id: o.assignee.id };

/** Posts a medicine request and reads it back: the round trip every integration must pass. */
async function roundTrip(base: string, s: Setup): Promise<GeoReportServiceRequest> {
  const res = await post(base, medicineForm());
  expect(res.status).toBe(201);
  const receipt = (await res.json()) as { service_request_id: string; service_notice?: string }[];
  expect(receipt).toHaveLength(1);
  const id = receipt[0]!.service_request_id;
  expect(receipt[0]!.service_notice).toBe("Promised within 24 hours");
  expect(res.headers.get("location")).toBe(`/open311/v2/requests/${id}.json`);
  const back = await fetch(`${base}/open311/v2/requests/${id}.json`);
  expect(back.status).toBe(200);
  const [request] = (await back.json()) as GeoReportServiceRequest[];
  expect(request!.service_request_id).toBe(id);
  expect(request!.status).toBe("open");
  expect((await s.engine.getNeed(id))?.serviceCode).toBe("DB-WJ-001");
  return request!;
}

describe("GeoReport v2 over node:http", () => {
  let s: Setup;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    s = setup();
    server = createServer((req, res) => void s.handler(req, res));
    base = await listen(server);
  });
  afterAll(() => close(server));

  test("a client session: discovery, services, definition, post, read back, act, read again", async () => {
    const discovery = await (await fetch(`${base}/open311/v2/discovery.json`)).json();
    expect(discovery).toMatchObject({
      contact: "open311@tongchuan.example",
      key_service: "https://tongchuan.example/keys",
      endpoints: [
        {
          specification: "http://wiki.open311.org/GeoReport_v2",
          url: `${base}/open311/v2`,
          type: "production",
        },
      ],
    });
    const discoveryXml = await fetch(`${base}/open311/v2/discovery.xml`);
    expect(discoveryXml.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(await discoveryXml.text()).toContain("<discovery>");

    const services = (await (await fetch(`${base}/open311/v2/services.json`)).json()) as Record<
      string,
      unknown
    >[];
    expect(services.length).toBe([...district.services.values()].filter((i) => i.status === "active").length);
    expect(services.find((x) => x.service_code === "DB-WJ-001")).toMatchObject({
      service_name: "Buy and deliver medicine",
      metadata: true,
      type: "realtime",
      group: "health",
    });
    const xml = await (await fetch(`${base}/open311/v2/services.xml`)).text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><services><service>/);
    expect(xml).toContain("<service_code>DB-WJ-001</service_code>");
    // No extension means JSON.
    expect((await fetch(`${base}/open311/v2/services`)).headers.get("content-type")).toContain(
      "application/json",
    );

    const definition = (await (
      await fetch(`${base}/open311/v2/services/DB-WJ-001.json`)
    ).json()) as GeoReportServiceDefinition;
    expect(definition.service_code).toBe("DB-WJ-001");
    expect(definition.attributes.map((a: { code: string }) => a.code)).toEqual([
      "medicine",
      "prescription",
      "recurring",
      "delivery-time",
    ]);
    expect(definition.attributes[1]).toMatchObject({ datatype: "singlevaluelist", required: true });

    const res = await post(base, medicineForm());
    expect(res.status).toBe(201);
    const text = await res.text();
    for (const personal of ["li.si@example.org", "13800138000", "Si", "Li"])
      expect(text).not.toContain(personal);
    expect(text).not.toContain(resident.id);
    const [receipt] = JSON.parse(text) as { service_request_id: string; service_notice: string }[];
    const id = receipt!.service_request_id;
    expect(receipt!.service_notice).toBe("Promised within 24 hours");

    const need = (await s.engine.getNeed(id))!;
    expect(need.source).toBe("app");
    expect(need.receivedAt).toBe(START);
    expect(need.attributes).toEqual({ medicine: "硝苯地平缓释片 2 盒", prescription: "yes" });
    expect(need.subject).toBe(resident.id);
    expect(JSON.stringify(need)).not.toContain("li.si");
    expect(JSON.stringify(need)).not.toContain("13800138000");

    const [request] = (await (
      await fetch(`${base}/open311/v2/requests/${id}.json`)
    ).json()) as GeoReportServiceRequest[];
    expect(request).toMatchObject({
      service_request_id: id,
      status: "open",
      service_code: "DB-WJ-001",
      service_name: "Buy and deliver medicine",
      requested_datetime: START,
      lat: resident.location!.coordinates[1],
      long: resident.location!.coordinates[0],
    });
    expect(request!.status_notes).toMatch(/^dispatched · /);
    expect(request!.agency_responsible).toBeTruthy();
    expect(request!.expected_datetime).toMatch(/\+08:00$/);
    expect(Date.parse(request!.expected_datetime!)).toBeGreaterThan(Date.parse(START));

    // The grid accepts, resolves; the follow-up finds the resident satisfied.
    const orders = (await s.engine.listWorkOrders({ need: id })).items;
    const lead = orders.find((o) => o.role === "lead")!;
    s.clock.advance({ minutes: 20 });
    await s.engine.accept(lead.id, actorFor(lead));
    s.clock.advance({ hours: 3 });
    await s.engine.resolve(lead.id, actorFor(lead), "药已送到");
    const mid = (await (
      await fetch(`${base}/open311/v2/requests/${id}.json`)
    ).json()) as GeoReportServiceRequest[];
    expect(mid[0]!.status).toBe("open");
    expect(mid[0]!.status_notes).toMatch(/^resolved/);
    s.clock.advance({ days: 1 });
    const after = await s.engine.getNeed(id);
    await s.engine.followUp(
      id,
      { type: "unit", id: after!.unit! },
      { reached: true, resolved: true, satisfaction: "satisfied" },
    );

    const closedXml = await (await fetch(`${base}/open311/v2/requests/${id}.xml`)).text();
    expect(closedXml).toContain("<status>closed</status>");
    const [closed] = (await (
      await fetch(`${base}/open311/v2/requests/${id}.json`)
    ).json()) as GeoReportServiceRequest[];
    expect(closed!.status).toBe("closed");
    expect(closed!.status_notes).toMatch(/^closed/);
    const kinds = closed!.notes!.map((x) => x.summary.split(" · ")[0]);
    // The public history: submitted, resolved (with its result), closed after the follow-up.
    expect(kinds).toEqual(["received", "resolved", "closed"]);
    expect(closed!.notes![1]!.description).toBe("药已送到");
    const times = closed!.notes!.map((x) => Date.parse(x.datetime));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // The listing finds it among the closed ones, not the open ones.
    const closedList = (await (
      await fetch(`${base}/open311/v2/requests.json?status=closed`)
    ).json()) as GeoReportServiceRequest[];
    expect(closedList.map((r) => r.service_request_id)).toContain(id);
    const openList = (await (
      await fetch(`${base}/open311/v2/requests.json?status=open`)
    ).json()) as GeoReportServiceRequest[];
    expect(openList.map((r) => r.service_request_id)).not.toContain(id);
  });

  test("POST in XML answers a receipt in XML; the log carries no personal data", async () => {
    const res = await post(base, medicineForm({ "attribute[recurring]": "no" }), "xml");
    expect(res.status).toBe(201);
    const xml = await res.text();
    expect(xml).toMatch(
      /<service_requests><request><service_request_id>[^<]+<\/service_request_id><service_notice>/,
    );
    const logged = JSON.stringify(s.logs);
    expect(logged).toContain('"route":"requests"');
    for (const personal of [
      "li.si",
      "13800138000",
      resident.id,
      "硝苯地平",
      "降压药",
      String(resident.location!.coordinates[1]),
    ])
      expect(logged).not.toContain(personal);
  });

  test("a request the engine does not take on still gets its id and a notice saying why", async () => {
    // Outside every unit of Tongchuan: the engine cannot route it.
    const res = await post(base, medicineForm({ lat: "39.9", long: "116.4" }));
    expect(res.status).toBe(201);
    const [receipt] = (await res.json()) as { service_request_id: string; service_notice: string }[];
    const need = (await s.engine.getNeed(receipt!.service_request_id))!;
    if (["rejected", "not-responsible", "duplicate", "cancelled", "failed"].includes(need.status))
      expect(receipt!.service_notice).toMatch(/^Not taken on: /);
    else expect(receipt!.service_notice).toBe("Promised within 24 hours");
    const got = await fetch(`${base}/open311/v2/requests/${receipt!.service_request_id}.json`);
    expect(got.status).toBe(200);
  });

  test.each([
    ["no api key", () => medicineForm({ api_key: "" }), 403, /api_key/],
    ["a wrong api key", () => medicineForm({ api_key: "nope" }), 403, /api_key/],
    ["no service code", () => medicineForm({ service_code: "" }), 400, /service_code is required/],
    ["an unknown service code", () => medicineForm({ service_code: "XX-000" }), 400, /service_code XX-000/],
    [
      "no location",
      () => {
        const f = medicineForm();
        f.delete("lat");
        f.delete("long");
        return f;
      },
      400,
      /location is required/,
    ],
    [
      "lat without long",
      () => {
        const f = medicineForm();
        f.delete("long");
        return f;
      },
      400,
      /lat and long/,
    ],
    [
      "a missing required attribute",
      () => {
        const f = medicineForm();
        f.delete("attribute[prescription]");
        return f;
      },
      400,
      /attribute\[prescription\] is required/,
    ],
    [
      "a value not in the list",
      () => medicineForm({ "attribute[prescription]": "maybe" }),
      400,
      /attribute\[prescription\]: maybe is not one of yes, no/,
    ],
    [
      "a bad datetime",
      () => medicineForm({ "attribute[delivery-time]": "tomorrow" }),
      400,
      /attribute\[delivery-time\] must be an ISO 8601/,
    ],
    [
      "an unknown attribute",
      () => medicineForm({ "attribute[__proto__]": "x" }),
      400,
      /has no attribute __proto__/,
    ],
    [
      "constructor as an attribute",
      () => medicineForm({ "attribute[constructor]": "x" }),
      400,
      /has no attribute constructor/,
    ],
    ["an unknown field", () => medicineForm({ colour: "red" }), 400, /unknown field colour/],
    [
      "another jurisdiction",
      () => medicineForm({ jurisdiction_id: "sfgov.org" }),
      404,
      /jurisdiction_id sfgov.org/,
    ],
  ])("POST with %s: an error in the spec's format", async (_what, form, status, description) => {
    const res = await post(base, form());
    expect(res.status).toBe(status);
    const body = (await res.json()) as { code: number; description: string }[];
    expect(body).toEqual([{ code: status, description: expect.stringMatching(description) }]);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test("a number attribute must be a number", async () => {
    const form = new URLSearchParams({
      api_key: KEY,
      service_code: "DB-MZ-001",
      address_string: "王益区 红旗街 1 号",
      "attribute[items]": "米 10 斤",
      "attribute[budget]": "a lot",
    });
    const res = await post(base, form);
    expect(res.status).toBe(400);
    expect((await firstError(res)).description).toMatch(/attribute\[budget\] must be a number/);
    form.set("attribute[budget]", "80.5");
    const ok = await post(base, form);
    expect(ok.status).toBe(201);
    const [receipt] = (await ok.json()) as { service_request_id: string }[];
    const need = await s.engine.getNeed(receipt!.service_request_id);
    expect(need?.attributes).toMatchObject({
      items: "米 10 斤",
      budget: 80.5,
      address_string: "王益区 红旗街 1 号",
    });
    const [back] = (await (
      await fetch(`${base}/open311/v2/requests/${receipt!.service_request_id}.json`)
    ).json()) as { address?: string }[];
    expect(back?.address).toBe("王益区 红旗街 1 号");
  });

  test("multivaluelist attributes repeat with [] and are kept comma-joined; a bad key names the attribute", async () => {
    const form = medicineForm({ service_code: "DB-MZ-017" });
    for (const k of [...form.keys()]) if (k.startsWith("attribute[")) form.delete(k);
    form.append("attribute[bills][]", "water");
    form.append("attribute[bills][]", "power");
    const res = await post(base, form);
    expect(res.status).toBe(201);
    const [receipt] = (await res.json()) as { service_request_id: string }[];
    expect((await s.engine.getNeed(receipt!.service_request_id))?.attributes).toEqual({
      bills: "water,power",
    });
    form.append("attribute[bills][]", "phone");
    const bad = await post(base, form);
    expect(bad.status).toBe(400);
    expect((await firstError(bad)).description).toBe(
      "attribute[bills]: phone is not one of water, power, gas, heating",
    );
    form.delete("attribute[bills][]");
    expect((await firstError(await post(base, form))).description).toMatch(/^attribute\[bills\] is required/);
  });

  test("a service without attributes (metadata=false) has an empty definition", async () => {
    const item = [...district.services.values()].find(
      (i) => i.attributes.length === 0 && i.status === "active",
    )!;
    const res = await fetch(`${base}/open311/v2/services/${item.code}.json`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ service_code: item.code, attributes: [] });
  });

  test("malformed and oversized bodies, wrong content types", async () => {
    const bad = await fetch(`${base}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new Uint8Array([0x73, 0x3d, 0xff, 0xfe]),
    });
    expect(bad.status).toBe(400);
    expect((await firstError(bad)).description).toMatch(/UTF-8/);
    const latin = await post(base, medicineForm(), "json", {
      "content-type": "application/x-www-form-urlencoded; charset=iso-8859-1",
    });
    expect(latin.status).toBe(415);
    const json = await fetch(`${base}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ service_code: "DB-WJ-001" }),
    });
    expect(json.status).toBe(415);
    expect((await firstError(json)).code).toBe(415);
    const big = await post(base, medicineForm({ description: "买药".repeat(40_000) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual([{ code: 413, description: expect.stringContaining("65536") }]);
    // A chunked body (no Content-Length) is cut off as it arrives.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++)
          controller.enqueue(new TextEncoder().encode(`description=${"x".repeat(8_000)}&`));
        controller.close();
      },
    });
    const chunked = await fetch(`${base}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    // The server still answers afterwards.
    expect((await fetch(`${base}/open311/v2/services.json`)).status).toBe(200);
  });

  test("unknown paths and formats 404, wrong methods 405 with Allow, errors in XML", async () => {
    for (const path of [
      "/open311/v2/nothing.json",
      "/open311/v2/services/DB-WJ-001/x.json",
      "/elsewhere",
      "/open311/v2/tokens/abc.json",
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      expect((await firstError(res)).code).toBe(404);
    }
    const html = await fetch(`${base}/open311/v2/services.html`);
    expect(html.status).toBe(404);
    expect((await firstError(html)).description).toMatch(/unknown format html/);
    const unknownCode = await fetch(`${base}/open311/v2/services/XX-000.xml`);
    expect(unknownCode.status).toBe(404);
    expect(await unknownCode.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>404</code><description>service_code XX-000 not found</description></error></errors>',
    );
    const unknownRequest = await fetch(`${base}/open311/v2/requests/nope.json`);
    expect(unknownRequest.status).toBe(404);
    const wrong = await fetch(`${base}/open311/v2/services.json`, { method: "POST" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const del = await fetch(`${base}/open311/v2/requests.xml`, { method: "DELETE" });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(await del.text()).toContain("<errors><error><code>405</code>");
    const otherJurisdiction = await fetch(`${base}/open311/v2/services.json?jurisdiction_id=sfgov.org`);
    expect(otherJurisdiction.status).toBe(404);
    expect((await fetch(`${base}/open311/v2/services.json?jurisdiction_id=tongchuan.gov.cn`)).status).toBe(
      200,
    );
  });

  test("HEAD has the headers without a body; OPTIONS answers Allow; no CORS unless asked", async () => {
    const head = await fetch(`${base}/open311/v2/services.json`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(1000);
    expect(await head.text()).toBe("");
    const options = await fetch(`${base}/open311/v2/requests.json`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example.org" },
    });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(options.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("GET requests: filters, dates, paging with a Link to the next page", async () => {
    const all = (await (
      await fetch(`${base}/open311/v2/requests.json?page_size=1000`)
    ).json()) as GeoReportServiceRequest[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    const first = await fetch(`${base}/open311/v2/requests.json?page_size=2`);
    const page1 = (await first.json()) as GeoReportServiceRequest[];
    expect(page1.map((r) => r.service_request_id)).toEqual(all.slice(0, 2).map((r) => r.service_request_id));
    expect(first.headers.get("link")).toBe('</open311/v2/requests.json?page_size=2&page=2>; rel="next"');
    const page2 = (await (
      await fetch(`${base}/open311/v2/requests.json?page_size=2&page=2`)
    ).json()) as GeoReportServiceRequest[];
    expect(page2.map((r) => r.service_request_id)).toEqual(all.slice(2, 4).map((r) => r.service_request_id));
    const byCode = (await (
      await fetch(`${base}/open311/v2/requests.json?service_code=DB-MZ-001`)
    ).json()) as GeoReportServiceRequest[];
    expect(byCode.length).toBeGreaterThan(0);
    expect(byCode.every((r) => r.service_code === "DB-MZ-001")).toBe(true);
    const ids = `${all[1]!.service_request_id},nope,${all[0]!.service_request_id}`;
    const byId = (await (
      await fetch(`${base}/open311/v2/requests.json?service_request_id=${ids}&status=closed`)
    ).json()) as GeoReportServiceRequest[];
    expect(byId.map((r) => r.service_request_id)).toEqual([
      all[1]!.service_request_id,
      all[0]!.service_request_id,
    ]);
    const future = await fetch(`${base}/open311/v2/requests.json?start_date=2027-01-01T00:00:00%2B08:00`);
    expect(await future.json()).toEqual([]);
    const before = await fetch(`${base}/open311/v2/requests.json?end_date=2026-10-13T09:29:59%2B08:00`);
    expect(await before.json()).toEqual([]);
    for (const q of [
      "status=pending",
      "start_date=yesterday",
      "page_size=1001",
      "page=0",
      "start_date=2026-01-01T00:00:00Z&end_date=2026-10-01T00:00:00Z",
    ]) {
      const res = await fetch(`${base}/open311/v2/requests.json?${q}`);
      expect(res.status, q).toBe(400);
    }
    const xml = await (await fetch(`${base}/open311/v2/requests.xml?page_size=1`)).text();
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><service_requests><request><service_request_id>/,
    );
  });
});

describe("options", () => {
  test("CORS for the allowed origins only; no api keys means open posting", async () => {
    const s = setup({ cors: ["https://app.example.org"] }, false);
    const server = createServer((req, res) => void s.handler(req, res));
    const base = await listen(server);
    try {
      const pre = await fetch(`${base}/open311/v2/requests.json`, {
        method: "OPTIONS",
        headers: { origin: "https://app.example.org", "access-control-request-method": "POST" },
      });
      expect(pre.headers.get("access-control-allow-origin")).toBe("https://app.example.org");
      expect(pre.headers.get("access-control-allow-methods")).toBe("GET, HEAD, POST, OPTIONS");
      const other = await fetch(`${base}/open311/v2/services.json`, {
        headers: { origin: "https://evil.example" },
      });
      expect(other.headers.get("access-control-allow-origin")).toBeNull();
      const res = await post(base, medicineForm({ api_key: "" }));
      expect(res.status).toBe(201);
    } finally {
      await close(server);
    }
  });

  test("a unit scope hides needs elsewhere and refuses locations outside it", async () => {
    const grid = district.locate(resident.location!.coordinates).unit!;
    const community = district.hierarchy.ancestorAt(grid.code, "community")!;
    const other = [...district.residents.values()].find((r) => {
      if (!r.location) return false;
      const u = district.locate(r.location.coordinates);
      return (
        u.reason === "in-grid" &&
        district.hierarchy.ancestorAt(u.unit.code, "community")?.code !== community.code
      );
    })!;
    const whole = setup();
    const scoped = createGeoReportHandler({
      engine: whole.engine,
      clock: whole.clock,
      unit: community.code,
      apiKeys: async (k) => k === KEY,
      lang: "en",
    });
    const server = createServer((req, res) => void scoped(req, res));
    const base = await listen(server);
    try {
      const inside = await post(base, medicineForm({ jurisdiction_id: "tongchuan" }));
      expect(inside.status).toBe(201);
      const [o] = other.location!.coordinates;
      const outside = await post(
        base,
        medicineForm({
          jurisdiction_id: "tongchuan",
          long: String(o),
          lat: String(other.location!.coordinates[1]),
        }),
      );
      expect(outside.status).toBe(400);
      expect((await firstError(outside)).description).toMatch(/outside this jurisdiction/);
      const elsewhere = await whole.engine.submit({
        source: "app",
        description: "帮忙买药",
        serviceCode: "DB-WJ-001",
        attributes: { medicine: "x", prescription: "no" },
        location: other.location!,
        receivedAt: START,
      });
      expect((await fetch(`${base}/open311/v2/requests/${elsewhere.need.id}.json`)).status).toBe(404);
      const listed = (await (
        await fetch(`${base}/open311/v2/requests.json`)
      ).json()) as GeoReportServiceRequest[];
      expect(listed.map((r) => r.service_request_id)).not.toContain(elsewhere.need.id);
      expect(listed).toHaveLength(1);
    } finally {
      await close(server);
    }
  });

  test("a listing that would read too much is refused, not cut short", async () => {
    const s = setup({ maxScan: 2 });
    const server = createServer((req, res) => void s.handler(req, res));
    const base = await listen(server);
    try {
      for (const code of ["DB-WJ-001", "DB-WJ-001", "DB-WJ-001"])
        expect((await post(base, medicineForm({ service_code: code }))).status).toBe(201);
      const res = await fetch(`${base}/open311/v2/requests.json?service_code=DB-MZ-001`);
      expect(res.status).toBe(400);
      expect((await firstError(res)).description).toMatch(/reads more than 2 stored requests/);
      // A page filled within the limit is answered.
      const full = await fetch(`${base}/open311/v2/requests.json?page_size=1`);
      expect(full.status).toBe(200);
      expect(await full.json()).toHaveLength(1);
    } finally {
      await close(server);
    }
  });
});

describe("GeoReport v2 through Express", () => {
  test("app.use(handler): the post and read-back round trip; other paths go to next()", async () => {
    const s = setup();
    const app = express();
    app.use(s.handler);
    app.get("/health", (_req, res) => {
      res.send("ok");
    });
    const server = createServer(app);
    const base = await listen(server);
    try {
      const request = await roundTrip(base, s);
      expect(request.expected_datetime).toMatch(/\+08:00$/);
      expect(await (await fetch(`${base}/health`)).text()).toBe("ok");
      expect((await fetch(`${base}/open311/v2/services.xml`)).status).toBe(200);
      expect((await post(base, medicineForm({ api_key: "bad" }))).status).toBe(403);
    } finally {
      await close(server);
    }
  });

  test("after express.urlencoded() has read the body, the parsed fields are used", async () => {
    const s = setup();
    const app = express();
    app.use(express.urlencoded({ extended: true }));
    app.use("/open311/v2", s.handler);
    const server = createServer(app);
    const base = await listen(server);
    try {
      await roundTrip(base, s);
      const missing = medicineForm();
      missing.delete("attribute[prescription]");
      expect((await post(base, missing)).status).toBe(400);
    } finally {
      await close(server);
    }
  });
});

describe("GeoReport v2 through Fastify", () => {
  let app: FastifyInstance;
  afterAll(() => app?.close());

  test("the geoReportFastify plugin: post and read back, errors, next to Fastify's own JSON routes", async () => {
    const s = setup();
    app = Fastify();
    app.post("/echo", async (request) => request.body);
    await app.register(geoReportFastify(s.handler), { prefix: "/open311/v2" });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await roundTrip(base, s);
    const list = (await (
      await fetch(`${base}/open311/v2/requests.json`)
    ).json()) as GeoReportServiceRequest[];
    expect(list).toHaveLength(1);
    expect((await post(base, medicineForm({ api_key: "" }))).status).toBe(403);
    expect((await post(base, medicineForm({ description: "x".repeat(70_000) }))).status).toBe(413);
    const json = await fetch(`${base}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(415);
    expect((await firstError(json)).code).toBe(415);
    // Fastify's own JSON parsing still works outside the plugin.
    const echo = await fetch(`${base}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(await echo.json()).toEqual({ a: 1 });
    expect((await fetch(`${base}/open311/v2/services/DB-WJ-001.xml`)).status).toBe(200);
  });
});
