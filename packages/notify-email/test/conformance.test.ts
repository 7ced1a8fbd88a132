import type { Notification } from "@lianxin/core";
import { channelSuite } from "@lianxin/testkit/channels";
import { simpleParser } from "mailparser";
import { emailChannel } from "../src/index.js";
import { closedPort, startSink, transportTo } from "./smtp-sink.js";

const NO_DATA =
  "email carries the rendered subject and text, never `data`; id, subject and text are checked in email-channel.test.ts";

channelSuite({
  name: "email",
  async create() {
    const sink = await startSink();
    const transport = transportTo(sink.port);
    const channel = emailChannel({
      transport,
      from: "noreply@lianxin.test",
      to: (recipient) => `${recipient.id ?? recipient.role}@grid.test`,
    });
    return {
      channel,
      async received(): Promise<Notification[]> {
        return Promise.all(
          sink.received.map(async (r) => {
            const mail = await simpleParser(r.raw);
            const id = /^<(.*)@lianxin>$/u.exec(mail.messageId ?? "")?.[1] ?? "";
            const topic = mail.headers.get("x-lianxin-topic");
            return {
              id,
              topic: typeof topic === "string" ? topic : "",
              recipient: { role: "" },
              lang: "zh-CN",
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              data: {},
              createdAt: "",
              source: { id, orderingKey: "", attempts: 0 },
            } satisfies Notification;
          }),
        );
      },
      async cleanup() {
        transport.close();
        await sink.close();
      },
    };
  },
  async badConfig() {
    return emailChannel({
      transport: transportTo(await closedPort()),
      from: "noreply@lianxin.test",
      to: () => "x@grid.test",
    });
  },
  skipTests: {
    "send resolves { id, acceptedAt } and the notification arrives with the same id and data": NO_DATA,
    "several sends each arrive once, or more than once only with the same id": NO_DATA,
  },
});
