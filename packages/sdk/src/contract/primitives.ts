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
} from '@shomei/core';

/*
 * Building blocks of the contract. Requests use strict objects (the service rejects keys the
 * contract does not know, and says which); responses use plain objects so that an older client
 * keeps working when the service adds a field.
 */

export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date();

/** ユーザID (student number); full-width digits are normalized by the service, not rejected. */
export const UserId = z.string().check(z.minLength(1), z.maxLength(64));
/** The university password is checked by the directory; we only bound its size. */
export const UniversityPassword = z.string().check(z.minLength(1), z.maxLength(256));
/** The second password's rules live in the core; the contract only bounds its size. */
export const SecondPassword = z.string().check(z.minLength(1), z.maxLength(128));
export const Email = z.email().check(z.maxLength(254));
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

/** Text the tenant writes per locale; `ja` is always there. */
export const LocalizedText = z.object({
  ja: z.string(),
  en: z.optional(z.string()),
  'zh-Hans': z.optional(z.string()),
  ko: z.optional(z.string()),
});
export type LocalizedText = z.infer<typeof LocalizedText>;
