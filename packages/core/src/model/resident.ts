import * as z from "zod";
import { CodeSchema, DateSchema, IdSchema, TagSchema, TimestampSchema } from "./common.js";
import { PointSchema } from "./geo-json.js";

/** A channel through which a person can be reached. */
export const ContactChannelSchema = z.enum(["sms", "phone", "wechat", "email", "app", "visit"]);
export type ContactChannel = z.infer<typeof ContactChannelSchema>;

/**
 * The person a need is for. Personal fields (name, phone, address) stay in the store and
 * are never put in notifications or logs unless a template asks and is allowed.
 */
export const ResidentSchema = z.strictObject({
  id: IdSchema,
  name: z.string().min(1).max(100),
  gender: z.enum(["female", "male", "other"]).optional(),
  birthDate: DateSchema.optional(),
  /** `living-alone`, `aged-80-plus`, `disabled`, `low-income`, `subsistence-allowance`, ... */
  tags: z.array(TagSchema).max(50).default([]),
  /** The grid the resident is registered in. */
  grid: CodeSchema.optional(),
  /** Standard address code (building, unit, room). */
  addressCode: z.string().max(64).optional(),
  address: z.string().max(300).optional(),
  location: PointSchema.optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 -]{5,20}$/)
    .optional(),
  consent: z
    .strictObject({
      contact: z.boolean(),
      channels: z.array(ContactChannelSchema).max(6).default([]),
      given: TimestampSchema.optional(),
    })
    .optional(),
  preferredChannel: ContactChannelSchema.optional(),
  doNotContact: z.boolean().optional(),
  /** Household id, for eligibility rules that look at the household. */
  household: IdSchema.optional(),
});
export type Resident = z.infer<typeof ResidentSchema>;
