/**
 * The closed vocabularies of the domain, as `as const` tuples so that the contract (zod enums),
 * the service and the elements all derive their unions from one place.
 * The Japanese term for each lives in docs/glossary.md.
 */

/** Locales the product ships (X1). The tenant picks a subset. */
export const LOCALES = ['ja', 'en', 'zh-Hans', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];

/** 印刷先 (O1): where the certificate is produced. */
export const DESTINATIONS = ['campus-printer', 'konbini', 'mail'] as const;
export type Destination = (typeof DESTINATIONS)[number];

/** 送付先カテゴリ (O4) for the mail destination. `counter` is 「大学窓口で受取り」. */
export const DELIVERY_CATEGORIES = ['home', 'other-address', 'counter'] as const;
export type DeliveryCategory = (typeof DELIVERY_CATEGORIES)[number];

/** Certificates (証明書) and fee items (各種料金) a tenant may offer (O2). */
export const ITEM_KINDS = ['certificate', 'fee'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Payment methods (O7). Konbini is cash only at the store. */
export const PAYMENT_METHODS = [
  'card',
  'carrier-docomo',
  'carrier-au',
  'carrier-softbank',
  'pay-easy',
  'paypay',
  'line-pay',
  'apple-pay',
  'merpay',
  'konbini-lawson',
  'konbini-familymart',
  'konbini-seven-eleven',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Card brands accepted on the provider's hosted card page (O7). */
export const CARD_BRANDS = ['visa', 'mastercard', 'jcb', 'diners', 'amex'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/**
 * What the student does after choosing a method (O7): leave for the provider's page and come
 * back, or pay later with a number before a deadline (konbini, Pay-easy).
 */
export const PAYMENT_NEXT_STEP_KINDS = ['redirect', 'payment-number'] as const;
export type PaymentNextStepKind = (typeof PAYMENT_NEXT_STEP_KINDS)[number];

/** A payment's own life, separate from the order's (O7, O8). */
export const PAYMENT_STATUSES = [
  'pending',
  'succeeded',
  'declined',
  'cancelled',
  'expired',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Order states (O11). See order-status.ts for the legal transitions. */
export const ORDER_STATUSES = [
  'awaiting-payment',
  'paid',
  'processing',
  'completed',
  'expired',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The tenant's choice for email two-factor (A15). */
export const TWO_FACTOR_MODES = ['required', 'optional', 'off'] as const;
export type TwoFactorMode = (typeof TWO_FACTOR_MODES)[number];

/** Why one-time links exist (A4, A11, A13). A token is only good for its own purpose. */
export const LINK_PURPOSES = [
  'email-registration',
  'email-change',
  'second-password-reset',
] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/** The live rules of a second password (A5, A12), in the order the seeds list them. */
export const SECOND_PASSWORD_RULES = [
  'min-length',
  'has-uppercase',
  'has-lowercase',
  'has-digit',
  'half-width-alphanumeric-only',
] as const;
export type SecondPasswordRule = (typeof SECOND_PASSWORD_RULES)[number];

/** Student groups that access rules (A18) and eligibility (O9) can name. */
export const STUDENT_GROUPS = ['undergraduate', 'graduate'] as const;
export type StudentGroup = (typeof STUDENT_GROUPS)[number];
