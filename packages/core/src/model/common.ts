import * as z from "zod";

/** Identifiers: 1–128 characters of letters, digits and `._:-`, starting with a letter or digit. */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, { error: "id: letters, digits and ._:- only, 1–128 chars" });
export type Id = z.infer<typeof IdSchema>;

/**
 * An administrative or grid code: digits, optionally followed by `-` separated digit groups
 * (12-digit statistical division codes, with grid codes extending their community's code).
 */
export const CodeSchema = z.string().regex(/^\d{2,20}(?:-\d{1,6}){0,3}$/, { error: "code: digits, 2–20" });
export type Code = z.infer<typeof CodeSchema>;

/** A short machine name: lowercase letters, digits and `-`/`.`, such as `civil-affairs`. */
export const SlugSchema = z.string().regex(/^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/, {
  error: "lowercase words joined by - or .",
});

/** A name in Chinese and, optionally, English. */
export const LocalizedTextSchema = z.strictObject({
  zh: z.string().min(1).max(200),
  en: z.string().min(1).max(200).optional(),
});
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** An ISO 8601 timestamp with a UTC offset, such as `2026-10-09T08:30:00+08:00`. */
export const TimestampSchema = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof TimestampSchema>;

/** A calendar date, `YYYY-MM-DD`. */
export const DateSchema = z.iso.date();
export type IsoDate = z.infer<typeof DateSchema>;

/** A local time of day, `HH:MM` (24 h). `24:00` closes a day. */
export const TimeOfDaySchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: "HH:MM" });

/** An IANA time zone name such as `Asia/Shanghai`. */
export const TimeZoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { params: { code: "schema.time_zone", zh: "未知的时区", en: "unknown time zone" } },
);

/** The default time zone of a district. */
export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/** A span of time in hours, working days or calendar days. */
export const DurationSchema = z.strictObject({
  amount: z.number().positive().max(10_000),
  unit: z.enum(["minutes", "hours", "working-hours", "working-days", "calendar-days"]),
});
export type Duration = z.infer<typeof DurationSchema>;

/** Tags on residents and needs: `living-alone`, `aged-80-plus`, ... */
export const TagSchema = SlugSchema;
