import type { Lang } from "@lianxin/core";

/**
 * A refusal the handler answers in GeoReport's error format (`[{ code, description }]`), with
 * the HTTP status as the error code: 400 bad input, 403 bad or missing `api_key`, 404 unknown
 * resource, 405 wrong method, 413 body too large, 415 wrong content type.
 */
export class GeoReportHttpError extends Error {
  readonly status: number;
  readonly description: { "zh-CN": string; en: string };
  readonly headers: Record<string, string>;

  constructor(status: number, zh: string, en: string, headers: Record<string, string> = {}) {
    super(en);
    this.name = "GeoReportHttpError";
    this.status = status;
    this.description = { "zh-CN": zh, en };
    this.headers = headers;
  }

  /** The description in `lang`. */
  describe(lang: Lang): string {
    return this.description[lang];
  }
}
