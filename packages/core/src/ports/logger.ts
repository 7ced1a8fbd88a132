/**
 * A structured logger. Libraries never write to the console: pass one in to see what the
 * engine does. Fields never carry personal data (names, phones, addresses).
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const nothing = () => {};

/** A logger that drops everything (the default). */
export const silentLogger: Logger = { debug: nothing, info: nothing, warn: nothing, error: nothing };
