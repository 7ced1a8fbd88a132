import type { Issue } from "./issue.js";

/** Options of a {@link LianxinError}. */
export interface LianxinErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /** The problems in the input, each with where it is, when the error is about input. */
  issues?: Issue[];
  /** The adapter that raised the error, when one did. */
  adapter?: string;
}

const marker = Symbol.for("lianxin.error");

/**
 * The base of every error Lianxin throws. `code` is stable (`district.invalid`,
 * `io.not-found`, ...), `issues` lists every problem in bad input, `cause` keeps the original.
 */
export class LianxinError extends Error {
  readonly code: string;
  readonly issues: Issue[];
  readonly adapter: string | undefined;
  readonly [marker] = true;

  constructor(code: string, message: string, options: LianxinErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "LianxinError";
    this.code = code;
    this.issues = options.issues ?? [];
    this.adapter = options.adapter;
  }

  /** True for a LianxinError, even one from another copy of this package. */
  static is(value: unknown): value is LianxinError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}
