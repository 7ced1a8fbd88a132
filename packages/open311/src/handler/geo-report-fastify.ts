import type { IncomingMessage, ServerResponse } from "node:http";
import type { GeoReportHandler } from "./create-geo-report-handler.js";

/** The part of a Fastify instance {@link geoReportFastify} uses (Fastify is not a dependency). */
export interface FastifyLikeInstance {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    contentType: string,
    parser: (request: unknown, payload: unknown, done: (err: Error | null, body?: unknown) => void) => void,
  ): void;
  all(
    path: string,
    handler: (
      request: { raw: IncomingMessage },
      reply: { raw: ServerResponse; hijack(): void },
    ) => Promise<void>,
  ): unknown;
}

/**
 * A Fastify plugin serving a GeoReport v2 handler under the handler's base path: register it
 * with the same prefix, `fastify.register(geoReportFastify(handler), { prefix: "/open311/v2" })`.
 * Inside the plugin's scope Fastify's body parsers are replaced by one that reads nothing, so
 * the handler reads the form-encoded body itself (with its size limit) from the raw request;
 * the reply is hijacked and written by the handler.
 */
export function geoReportFastify(
  handler: GeoReportHandler,
): (instance: FastifyLikeInstance) => Promise<void> {
  return async (instance) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser("*", (_request, _payload, done) => done(null));
    const route = async (
      request: { raw: IncomingMessage },
      reply: { raw: ServerResponse; hijack(): void },
    ) => {
      reply.hijack();
      await handler(request.raw, reply.raw);
    };
    instance.all("/", route);
    instance.all("/*", route);
  };
}
