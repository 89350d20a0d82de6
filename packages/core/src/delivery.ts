/** Where mailed certificates go (O4), including 「大学窓口で受取り」. */
import { normalizeText } from './normalize.js';
import type { DeliveryCategory } from './vocabulary.js';

export { normalizeText } from './normalize.js';

/** The address an order shows when the student collects it at the counter. */
export const COUNTER_PICKUP_ADDRESS = '窓口受取り';

export interface DeliveryAddressInput {
  category: DeliveryCategory;
  recipientName?: string;
  postalCode?: string;
  prefecture?: string;
  city?: string;
  addressLine1?: string;
  addressLine2?: string;
  phone?: string;
}

export interface MailingAddress {
  readonly category: Exclude<DeliveryCategory, 'counter'>;
  readonly recipientName: string;
  /** `123-4567`. */
  readonly postalCode: string;
  readonly prefecture: string;
  readonly city: string;
  readonly addressLine1: string;
  readonly addressLine2?: string;
  /** Digits only, e.g. `0312345678`. */
  readonly phone: string;
}

export type Delivery =
  | { readonly category: 'counter'; readonly address: typeof COUNTER_PICKUP_ADDRESS }
  | MailingAddress;

export type DeliveryField = Exclude<keyof DeliveryAddressInput, 'category'>;

export interface DeliveryProblem {
  field: DeliveryField;
  code: 'required' | 'invalid-postal-code' | 'invalid-phone' | 'too-long';
}

export type DeliveryNormalization =
  | { readonly ok: true; readonly delivery: Delivery }
  | { readonly ok: false; readonly problems: DeliveryProblem[] };

/**
 * Longest accepted value per field, in characters. Generous for Japanese addresses (building
 * names run long) while fitting a shipping label.
 */
export const DELIVERY_MAX_LENGTHS: { readonly [Field in DeliveryField]: number } = {
  recipientName: 50,
  postalCode: 10,
  prefecture: 10,
  city: 50,
  addressLine1: 100,
  addressLine2: 100,
  phone: 20,
};

/**
 * Dashes a Japanese IME may type instead of `-` and that NFKC leaves alone: ‐ ‑ ‒ – — ― − ー,
 * plus spaces and brackets people put around area codes.
 */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212\u30FC()]/g;

/** `123-4567` from 1234567, １２３−４５６７, 〒123-4567 ...; null when it is not 7 digits. */
export function normalizePostalCode(value: string): string | null {
  const digits = normalizeText(value).replace(/^〒/, '').replace(SEPARATORS, '');
  return /^\d{7}$/.test(digits) ? `${digits.slice(0, 3)}-${digits.slice(3)}` : null;
}

/**
 * A domestic number as digits: 10 digits for landlines, 11 for mobiles (090-...), both starting
 * with 0; `+81` is read as the leading 0. Null when it is not one.
 */
export function normalizePhone(value: string): string | null {
  const compact = normalizeText(value).replace(SEPARATORS, '');
  const digits = compact.startsWith('+81') ? `0${compact.slice(3)}` : compact;
  return /^0\d{9,10}$/.test(digits) ? digits : null;
}

const REQUIRED_FIELDS = [
  'recipientName',
  'postalCode',
  'prefecture',
  'city',
  'addressLine1',
  'phone',
] as const;

/** Checks and cleans the delivery form, reporting every problem at once. */
export function normalizeDelivery(input: DeliveryAddressInput): DeliveryNormalization {
  if (input.category === 'counter') {
    return { ok: true, delivery: { category: 'counter', address: COUNTER_PICKUP_ADDRESS } };
  }

  const problems: DeliveryProblem[] = [];
  const text = (field: DeliveryField): string => normalizeText(input[field] ?? '');
  const values = {
    recipientName: text('recipientName'),
    postalCode: text('postalCode'),
    prefecture: text('prefecture'),
    city: text('city'),
    addressLine1: text('addressLine1'),
    addressLine2: text('addressLine2'),
    phone: text('phone'),
  } satisfies Record<DeliveryField, string>;

  for (const field of REQUIRED_FIELDS) {
    if (values[field] === '') problems.push({ field, code: 'required' });
  }
  for (const [field, max] of Object.entries(DELIVERY_MAX_LENGTHS) as [DeliveryField, number][]) {
    if (Array.from(values[field]).length > max) problems.push({ field, code: 'too-long' });
  }

  const postalCode = normalizePostalCode(values.postalCode);
  if (
    values.postalCode !== '' &&
    postalCode === null &&
    !problems.some((p) => p.field === 'postalCode')
  ) {
    problems.push({ field: 'postalCode', code: 'invalid-postal-code' });
  }
  const phone = normalizePhone(values.phone);
  if (values.phone !== '' && phone === null && !problems.some((p) => p.field === 'phone')) {
    problems.push({ field: 'phone', code: 'invalid-phone' });
  }

  if (problems.length > 0 || postalCode === null || phone === null) return { ok: false, problems };
  return {
    ok: true,
    delivery: {
      category: input.category,
      recipientName: values.recipientName,
      postalCode,
      prefecture: values.prefecture,
      city: values.city,
      addressLine1: values.addressLine1,
      ...(values.addressLine2 === '' ? {} : { addressLine2: values.addressLine2 }),
      phone,
    },
  };
}
