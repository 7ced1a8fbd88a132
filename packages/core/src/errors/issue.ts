/** The languages in which Lianxin writes messages for people. */
export type Lang = "zh-CN" | "en";

/** A message in both languages Lianxin speaks. */
export interface Message {
  "zh-CN": string;
  en: string;
}

/**
 * One problem found in input: a stable `code`, where it is (file, JSON pointer and, when known,
 * line and column) and a message in zh-CN and en.
 */
export interface Issue {
  /** Stable, dotted identifier such as `hierarchy.cycle`; safe to match on. */
  code: string;
  /** RFC 6901 JSON pointer into the document the issue was found in (`""` is the whole document). */
  pointer: string;
  /** The file the document came from, relative to the folder that was loaded, when there is one. */
  file?: string;
  /** 1-based line of the problem, when it is known. */
  line?: number;
  /** 1-based column of the problem, when it is known. */
  column?: number;
  message: Message;
}

/** Builds an {@link Issue}. */
export function issue(code: string, pointer: string, zh: string, en: string, file?: string): Issue {
  const out: Issue = { code, pointer, message: { "zh-CN": zh, en } };
  if (file !== undefined) out.file = file;
  return out;
}

/** Formats an issue on one line: `file#/pointer (line:col) [code] message`. */
export function formatIssue(item: Issue, lang: Lang = "en"): string {
  const where = `${item.file ?? ""}#${item.pointer}`;
  const pos = item.line !== undefined ? ` (${item.line}:${item.column ?? 1})` : "";
  return `${where}${pos} [${item.code}] ${item.message[lang]}`;
}
