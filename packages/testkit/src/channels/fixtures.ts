import type { Notification } from "@lianxin/core";

/** Builds notifications for the channel suite: valid, with ids and codes only, a new id per call. */
export interface ChannelFixtures {
  /** A new id with `prefix`, unique within the suite run. */
  id(prefix?: string): string;
  /** A `need.dispatched` notification to a grid worker, with a new id; `overrides` win. */
  notification(overrides?: Partial<Notification>): Notification;
}

/**
 * Notification fixtures. Ids carry `run` (default a random tag) so notifications of two runs
 * against one broker never collide; timestamps are fixed, so the content is reproducible.
 */
export function channelFixtures(run: string = Math.random().toString(36).slice(2, 10)): ChannelFixtures {
  let n = 0;
  const id = (prefix = "ntf"): string => `${prefix}-${run}-${(++n).toString().padStart(4, "0")}`;
  return {
    id,
    notification(overrides: Partial<Notification> = {}): Notification {
      const nid = overrides.id ?? id();
      const need = id("need");
      return {
        id: nid,
        topic: "need.dispatched",
        recipient: { role: "grid-worker", id: "res-worker-0001" },
        lang: "zh-CN",
        subject: "【紧急】新派单：代购药品",
        text: `您有一件新派的诉求 ${need}，请及时接单办理。\n状态：已派单`,
        data: {
          need,
          workOrder: id("wo"),
          status: "dispatched",
          urgency: "urgent",
          service: "DB-WJ-001",
          unit: "610204001003-007",
          dueAt: "2026-10-09T17:30:00+08:00",
          role: "lead",
        },
        createdAt: "2026-10-09T09:30:00+08:00",
        source: { id: nid, orderingKey: need, attempts: 1 },
        ...overrides,
      };
    },
  };
}
