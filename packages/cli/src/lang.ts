import type { Lang } from "@lianxin/core";
import { UsageError } from "./usage-error.js";

/** The output language: `--lang`, else `LIANXIN_LANG`, else zh-CN when `LANG` starts with `zh`, else en. */
export function pickLang(flag: string | undefined, env: Record<string, string | undefined>): Lang {
  const value = flag ?? env.LIANXIN_LANG;
  if (value !== undefined) {
    if (value === "zh" || value === "zh-CN") return "zh-CN";
    if (value === "en") return "en";
    throw new UsageError(`--lang must be zh or en, not ${value}`);
  }
  return env.LANG?.startsWith("zh") ? "zh-CN" : "en";
}

/** Picks the text of the current language. */
export function t(lang: Lang, zh: string, en: string): string {
  return lang === "zh-CN" ? zh : en;
}
