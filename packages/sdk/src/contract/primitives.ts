import * as z from 'zod/mini';
import {
  DELIVERY_CATEGORIES,
  DESTINATIONS,
  ITEM_KINDS,
  LOCALES,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  STUDENT_GROUPS,
  TWO_FACTOR_MODES,
  PASSKEY_MODES,
} from '@shomei/core';

/*
 * Building blocks of the contract. Requests use strict objects (the service rejects keys the
 * contract does not know, and says which); responses use plain objects so that an older client
 * keeps working when the service adds a field.
 */

/*
 * The string formats are `z.stringFormat`s with zod's own patterns written out (zod 4's
 * `regexes.datetime({ offset: true })`, `regexes.date` and `regexes.email`): the same check and
 * the same OpenAPI `format` and `pattern` as `z.iso.datetime`, `z.iso.date` and `z.email`, but
 * they share one small check class instead of pulling in zod's ISO and email classes and its
 * regex builders (about 0.5 kB gzip of the browser bundle).
 */

/**
 * X7: present (and true) when the mail the student waits for (an auth key, a link) has not
 * reached their mail server yet; the service keeps trying and the screen says it may take a
 * while. Absent when it went out.
 */
export const MailDelayed = z.literal(true);

/** RFC 3339 with seconds and `Z` or an offset, e.g. `2025-04-01T09:30:00+09:00`. */
export const IsoDateTime = z.stringFormat(
  'date-time',
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/,
);
/** A calendar date, e.g. `2025-04-01` (leap years checked). */
export const IsoDate = z.stringFormat(
  'date',
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))$/,
);

/** ユーザID (student number); full-width digits are normalized by the service, not rejected. */
export const UserId = z.string().check(z.minLength(1), z.maxLength(64));
/** The university password is checked by the directory; we only bound its size. */
export const UniversityPassword = z.string().check(z.minLength(1), z.maxLength(256));
/** The second password's rules live in the core; the contract only bounds its size. */
export const SecondPassword = z.string().check(z.minLength(1), z.maxLength(128));
export const Email = z
  .stringFormat(
    'email',
    // zod's pattern character for character, so the OpenAPI `pattern` stays the same.
    // eslint-disable-next-line no-useless-escape
    /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/,
  )
  .check(z.maxLength(254));
/** One-time link tokens: 128 bits as base64url is 22 characters. */
export const LinkToken = z
  .string()
  .check(z.minLength(22), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));
/** 認証キー as typed: the service normalizes full-width digits. */
export const AuthKeyInput = z.string().check(z.minLength(1), z.maxLength(32));
export const Yen = z.int().check(z.minimum(0));
export const IdempotencyKey = z
  .string()
  .check(z.minLength(16), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/));

export const Locale = z.enum(LOCALES);
export const Destination = z.enum(DESTINATIONS);
export const DeliveryCategory = z.enum(DELIVERY_CATEGORIES);
export const ItemKind = z.enum(ITEM_KINDS);
export const PaymentMethod = z.enum(PAYMENT_METHODS);
export const PaymentStatus = z.enum(PAYMENT_STATUSES);
export const OrderStatus = z.enum(ORDER_STATUSES);
export const StudentGroup = z.enum(STUDENT_GROUPS);
export const TwoFactorMode = z.enum(TWO_FACTOR_MODES);
export const PasskeyMode = z.enum(PASSKEY_MODES);

/* The same names as types, so a UI can write `Destination` rather than derive it. */
export type Locale = z.infer<typeof Locale>;
export type Destination = z.infer<typeof Destination>;
export type DeliveryCategory = z.infer<typeof DeliveryCategory>;
export type ItemKind = z.infer<typeof ItemKind>;
export type PaymentMethod = z.infer<typeof PaymentMethod>;
export type PaymentStatus = z.infer<typeof PaymentStatus>;
export type OrderStatus = z.infer<typeof OrderStatus>;
export type StudentGroup = z.infer<typeof StudentGroup>;
export type TwoFactorMode = z.infer<typeof TwoFactorMode>;
export type PasskeyMode = z.infer<typeof PasskeyMode>;

/** Text the tenant writes per locale; `ja` is always there. */
export const LocalizedText = z.object({
  ja: z.string(),
  en: z.optional(z.string()),
  'zh-Hans': z.optional(z.string()),
  ko: z.optional(z.string()),
});
export type LocalizedText = z.infer<typeof LocalizedText>;
