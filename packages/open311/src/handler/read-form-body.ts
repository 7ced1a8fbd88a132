import type { IncomingMessage } from "node:http";
import { GeoReportHttpError } from "./geo-report-http-error.js";

/** How much of an oversized body is read and thrown away (so the client sees the 413) before the connection is cut. */
const DISCARD_LIMIT = 1 << 20;

/** What a framework may already have parsed into `req.body`. */
type ParsedBody = string | Uint8Array | Record<string, unknown>;

/**
 * Reads an `application/x-www-form-urlencoded` body of at most `maxBytes` bytes. Refuses other
 * content types (415) and larger bodies (413) before buffering them: the declared
 * `Content-Length` is checked first, then the bytes as they arrive. A body a framework already
 * read (`req.body` as text, bytes, or the object of a urlencoded parser) is used as it is.
 */
export async function readFormBody(req: IncomingMessage, maxBytes: number): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  const [mime, ...params] = type.split(";").map((s) => s.trim());
  if (mime !== "application/x-www-form-urlencoded")
    throw new GeoReportHttpError(
      415,
      `请求体须为 application/x-www-form-urlencoded，收到的是 ${mime || "（无）"}`,
      `the body must be application/x-www-form-urlencoded, not ${mime || "(none)"}`,
    );
  const charset = params
    .find((p) => p.startsWith("charset="))
    ?.slice(8)
    .replace(/"/g, "");
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8")
    throw new GeoReportHttpError(
      415,
      `只接受 UTF-8 编码，收到的是 ${charset}`,
      `only UTF-8 is accepted, not ${charset}`,
    );

  const already = (req as IncomingMessage & { body?: ParsedBody }).body;
  if (already !== undefined && req.readableEnded) return fromParsed(already, maxBytes);

  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(req, maxBytes);
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else {
        cleanup();
        reject(tooLarge(req, maxBytes));
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(new GeoReportHttpError(400, "读取请求体失败", `the body could not be read: ${e.message}`));
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
  const text = new TextDecoder("utf-8", { fatal: true });
  try {
    return new URLSearchParams(text.decode(body));
  } catch {
    throw new GeoReportHttpError(400, "请求体不是有效的 UTF-8 文本", "the body is not valid UTF-8");
  }
}

/** A 413, after which the rest of the body is thrown away up to a limit, then the connection cut. */
function tooLarge(req: IncomingMessage, maxBytes: number): GeoReportHttpError {
  let discarded = 0;
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT) req.destroy();
  });
  req.resume();
  return new GeoReportHttpError(
    413,
    `请求体超过 ${maxBytes} 字节的上限`,
    `the body is larger than the limit of ${maxBytes} bytes`,
    { Connection: "close" },
  );
}

/** A body parsed by a framework, back to form fields. */
function fromParsed(body: ParsedBody, maxBytes: number): URLSearchParams {
  if (typeof body === "string" || body instanceof Uint8Array) {
    const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
    if (Buffer.byteLength(text) > maxBytes)
      throw new GeoReportHttpError(
        413,
        `请求体超过 ${maxBytes} 字节的上限`,
        `the body is larger than the limit of ${maxBytes} bytes`,
      );
    return new URLSearchParams(text);
  }
  const out = new URLSearchParams();
  const add = (key: string, value: unknown, depth: number) => {
    if (typeof value === "string") out.append(key, value);
    else if (Array.isArray(value)) for (const v of value) add(`${key}[]`, v, depth + 1);
    else if (value !== null && typeof value === "object" && depth < 2)
      for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v, depth + 1);
  };
  for (const [k, v] of Object.entries(body)) add(k, v, 0);
  return out;
}
