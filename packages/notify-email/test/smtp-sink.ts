import { once } from "node:events";
import { createServer } from "node:net";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";

/** One message the sink accepted. */
export interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
}

/** A running sink. */
export interface Sink {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/** An in-process SMTP server on 127.0.0.1 that records messages, or rejects with `reject`. */
export async function startSink(reject?: { at: "rcpt" | "data"; code: number }): Promise<Sink> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (reject?.at === "rcpt") {
        const err = Object.assign(new Error("Mailbox unavailable"), { responseCode: reject.code });
        callback(err);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (reject?.at === "data") {
          callback(Object.assign(new Error("Try again later"), { responseCode: reject.code }));
          return;
        }
        const mailFrom = session.envelope.mailFrom;
        received.push({
          from: mailFrom === false ? undefined : mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const address = server.server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return address.port;
}

/** A nodemailer SMTP transport to 127.0.0.1:`port`, plain text, short timeouts. */
export function transportTo(port: number) {
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 5_000,
  });
}
