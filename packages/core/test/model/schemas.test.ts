import {
  AdminUnitSchema,
  DeadlinePolicySchema,
  EventSchema,
  fromZodIssues,
  NeedInputSchema,
  NeedSchema,
  ResidentSchema,
  ResourceSchema,
  WorkCalendarSchema,
  WorkOrderSchema,
} from "@lianxin/core";
import { describe, expect, it } from "vitest";

const issuesOf = (schema: { safeParse(v: unknown, o?: object): any }, value: unknown) => {
  const r = schema.safeParse(value, { reportInput: true });
  return r.success ? [] : fromZodIssues(r.error.issues);
};

const need = {
  source: "home-visit",
  externalId: "visit-2026-10-09-001",
  description: "独居老人胃病，行动不便，需要代购胃药并送药上门",
  location: { type: "Point", coordinates: [108.957525, 34.96922] },
  subject: "res-lingde-0001",
  receivedAt: "2026-10-09T09:30:00+08:00",
};

describe("the model's schemas", () => {
  it("accept a need as a grid worker records it, filling defaults", () => {
    const parsed = NeedInputSchema.parse(need);
    expect(parsed.attributes).toEqual({});
    expect(parsed.tags).toEqual([]);
  });

  it("reject a timestamp without a time zone, in zh-CN and en", () => {
    const issues = issuesOf(NeedInputSchema, { ...need, receivedAt: "2026-10-09 09:30" });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.pointer).toBe("/receivedAt");
    expect(issues[0]!.message.en).toMatch(/datetime/i);
    expect(issues[0]!.message["zh-CN"]).toMatch(/[\u4e00-\u9fa5]/);
  });

  it("reject a point in latitude-longitude order and an unknown source", () => {
    const issues = issuesOf(NeedInputSchema, {
      ...need,
      source: "wechat-bot",
      location: { type: "Point", coordinates: [34.96922, 208.957525] },
    });
    expect(issues.map((i) => i.pointer).sort()).toEqual(["/location/coordinates/1", "/source"]);
  });

  it("name a misspelt key and suggest the right one", () => {
    const issues = issuesOf(NeedInputSchema, { ...need, descripton: "x" });
    expect(issues.map((i) => [i.code, i.pointer])).toContainEqual(["schema.unrecognized_key", "/descripton"]);
  });

  it("accept a stored need, work order and event", () => {
    const stored = NeedSchema.parse({
      ...need,
      id: "need-1",
      status: "dispatched",
      urgency: "urgent",
      unit: "610204001003-007",
      serviceCodes: ["DB-YL-001"],
      createdAt: "2026-10-09T09:30:01+08:00",
      updatedAt: "2026-10-09T09:30:01+08:00",
    });
    expect(stored.reopened).toBe(0);
    const order = WorkOrderSchema.parse({
      id: "wo-1",
      need: "need-1",
      assignee: { type: "resource", id: "gw-610204001003-007-1" },
      role: "lead",
      unit: "610204001003-007",
      status: "dispatched",
      dispatchedAt: "2026-10-09T09:30:01+08:00",
      dueAt: "2026-10-10T09:30:01+08:00",
    });
    expect(order.escalationLevel).toBe(0);
    expect(order.returns).toEqual([]);
    EventSchema.parse({
      id: "ev-1",
      need: "need-1",
      type: "dispatched",
      actor: { type: "rules", id: "tongchuan-routing@1.0.0" },
      from: "triaged",
      to: "dispatched",
      at: "2026-10-09T09:30:01+08:00",
    });
  });

  it("reject an escalation level beyond the city and a work order without a due date", () => {
    const issues = issuesOf(WorkOrderSchema, {
      id: "wo-1",
      need: "need-1",
      assignee: { type: "grid", id: "g" },
      role: "lead",
      unit: "610204001003-007",
      status: "dispatched",
      dispatchedAt: "2026-10-09T09:30:01+08:00",
      escalationLevel: 5,
    });
    expect(issues.map((i) => i.pointer).sort()).toEqual(["/dueAt", "/escalationLevel"]);
  });

  it("reject an open ring and a schedule span that ends before it starts", () => {
    expect(
      issuesOf(AdminUnitSchema, {
        code: "610204001003",
        level: "community",
        parent: "610204001000",
        name: { zh: "邻德社区" },
        boundary: {
          type: "Polygon",
          coordinates: [
            [
              [108, 34],
              [109, 34],
              [109, 35],
              [108, 35],
            ],
          ],
        },
      }).map((i) => [i.code, i.pointer]),
    ).toEqual([["geo.ring_not_closed", "/boundary/coordinates/0"]]);
    const resource = {
      id: "vol-1",
      kind: "volunteer",
      name: { zh: "志愿者" },
      capabilities: ["proxy-shopping"],
      home: "610204001003",
      area: { units: ["610204001003"] },
      schedule: { sat: [{ from: "14:00", to: "09:00" }] },
      capacity: { per: "week", max: 3 },
    };
    const issues = issuesOf(ResourceSchema, resource);
    expect(issues.map((i) => [i.code, i.pointer])).toEqual([["schedule.empty_span", "/schedule/sat/0"]]);
    expect(issues[0]!.message["zh-CN"]).toBe("时段的结束早于开始");
  });

  it("reject a service area with neither units nor a radius", () => {
    const issues = issuesOf(ResourceSchema, {
      id: "ent-1",
      kind: "enterprise",
      name: { zh: "铜川市某商贸有限公司" },
      capabilities: ["proxy-shopping"],
      home: "610204001003",
      area: {},
      schedule: {},
      capacity: { per: "day", max: 10 },
    });
    expect(issues.map((i) => i.code)).toEqual(["resource.empty_service_area"]);
  });

  it("accept calendars and deadlines in working days, and reject an unknown time zone", () => {
    const cal = WorkCalendarSchema.parse({
      id: "cn",
      name: { zh: "工作日历" },
      holidays: [{ date: "2026-10-01" }],
      makeupWorkdays: [{ date: "2026-09-20" }],
    });
    expect(cal.timeZone).toBe("Asia/Shanghai");
    expect(cal.workweek).toEqual([1, 2, 3, 4, 5]);
    expect(issuesOf(WorkCalendarSchema, { ...cal, timeZone: "Asia/Beijing" }).map((i) => i.code)).toEqual([
      "schema.time_zone",
    ]);
    DeadlinePolicySchema.parse({
      id: "general-7wd",
      name: { zh: "一般诉求 7 个工作日" },
      calendar: "cn",
      resolve: { amount: 7, unit: "working-days" },
    });
  });

  it("keep residents' tags and consent", () => {
    const r = ResidentSchema.parse({
      id: "res-1",
      name: "孙桂芝",
      tags: ["living-alone", "aged-80-plus"],
      consent: { contact: false },
      doNotContact: true,
    });
    expect(r.consent?.channels).toEqual([]);
    expect(issuesOf(ResidentSchema, { id: "res-1", name: "x", tags: ["Living Alone"] })[0]!.pointer).toBe(
      "/tags/0",
    );
  });
});
