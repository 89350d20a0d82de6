/** Paying for an order (O7), exactly once (O8), and the print reservation that follows (O10). */
import { addCalendarDays, tokyoDate, tokyoInstant } from './business-days.js';
import { randomAlphanumeric, UNAMBIGUOUS_ALPHABET } from './secure-random.js';
import type {
  OrderStatus,
  PaymentMethod,
  PaymentNextStepKind,
  PaymentStatus,
} from './vocabulary.js';

export type KonbiniMethod = Extract<PaymentMethod, `konbini-${string}`>;

/** コンビニ支払い: cash at the store's register, after the order. */
export function isKonbini(method: PaymentMethod): method is KonbiniMethod {
  return method.startsWith('konbini-');
}

/**
 * Konbini and Pay-easy hand the student a number to pay with later, before a deadline; every
 * other method sends the student to the provider's page and back.
 */
export function paymentNextStepKind(method: PaymentMethod): PaymentNextStepKind {
  return isKonbini(method) || method === 'pay-easy' ? 'payment-number' : 'redirect';
}

/**
 * A redirect checkout the student left (closed the tab, never came back) would otherwise block
 * the order forever (payment_in_progress). Providers expire such sessions; the service and the
 * sandbox provider both use this one figure.
 */
export const REDIRECT_CHECKOUT_TTL_MINUTES = 30;

/**
 * Why a pending payment can no longer be paid:
 * - `deadline-passed`: a konbini / Pay-easy number past its deadline (the order expires with it);
 * - `checkout-abandoned`: a redirect checkout older than REDIRECT_CHECKOUT_TTL_MINUTES (the order
 *   may be paid again, once the provider has cancelled the old checkout: O8).
 */
export type PaymentLapse = 'deadline-passed' | 'checkout-abandoned';

/** The lapse of a pending payment at `now`, or null while it can still be paid. */
export function paymentLapse(
  payment: {
    readonly method: PaymentMethod;
    readonly status: PaymentStatus;
    /** ISO instant the payment started. */
    readonly createdAt: string;
    /** Konbini / Pay-easy: the number's deadline (ISO instant). */
    readonly deadline: string | null;
  },
  now: Date,
): PaymentLapse | null {
  if (payment.status !== 'pending') return null;
  if (paymentNextStepKind(payment.method) === 'payment-number') {
    return payment.deadline !== null && now.getTime() > Date.parse(payment.deadline)
      ? 'deadline-passed'
      : null;
  }
  return now.getTime() - Date.parse(payment.createdAt) > REDIRECT_CHECKOUT_TTL_MINUTES * 60 * 1000
    ? 'checkout-abandoned'
    : null;
}

export interface ExistingPayment {
  readonly paymentId: string;
  readonly idempotencyKey: string;
  readonly method: PaymentMethod;
  readonly status: PaymentStatus;
}

export type PaymentStartRejection =
  | 'order-not-payable'
  | 'already-paid'
  | 'payment-in-progress'
  | 'idempotency-key-reused'
  | 'method-unavailable';

export type PaymentStartDecision =
  | { readonly action: 'create' }
  | { readonly action: 'replay'; readonly paymentId: string }
  | { readonly action: 'reject'; readonly code: PaymentStartRejection };

/**
 * Whether a request to start paying may create a payment. The idempotency key comes first: a
 * retried request (double click, lost response) must get the same payment back even though the
 * order has moved on since. Then at most one live payment per order, so it is never paid twice.
 * A student switching methods while a konbini number is pending must cancel that payment first.
 */
export function decidePaymentStart(input: {
  orderStatus: OrderStatus;
  payments: readonly ExistingPayment[];
  idempotencyKey: string;
  method: PaymentMethod;
  allowedMethods: readonly PaymentMethod[];
}): PaymentStartDecision {
  const retried = input.payments.find((payment) => payment.idempotencyKey === input.idempotencyKey);
  if (retried !== undefined) {
    return retried.method === input.method
      ? { action: 'replay', paymentId: retried.paymentId }
      : { action: 'reject', code: 'idempotency-key-reused' };
  }
  if (input.payments.some((payment) => payment.status === 'succeeded')) {
    return { action: 'reject', code: 'already-paid' };
  }
  if (input.orderStatus !== 'awaiting-payment')
    return { action: 'reject', code: 'order-not-payable' };
  if (input.payments.some((payment) => payment.status === 'pending')) {
    return { action: 'reject', code: 'payment-in-progress' };
  }
  if (!input.allowedMethods.includes(input.method)) {
    return { action: 'reject', code: 'method-unavailable' };
  }
  return { action: 'create' };
}

/**
 * The end (23:59:59 Tokyo time) of the Tokyo day `days` days after `now`, as an ISO instant.
 * Stores and machines state deadlines as whole days, and a student reading 「6月3日まで」 expects
 * the whole of 3 June.
 */
export function endOfTokyoDayAfter(now: Date, days: number): string {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${days}`);
  }
  const lastDay = addCalendarDays(tokyoDate(now), days);
  return new Date(tokyoInstant(addCalendarDays(lastDay, 1)).getTime() - 1000).toISOString();
}

/** Until when a konbini / Pay-easy payment number can be paid (tenant paymentNumberValidDays). */
export function paymentDeadline(now: Date, days: number): string {
  return endOfTokyoDayAfter(now, days);
}

export const PRINT_RESERVATION_NUMBER_LENGTH = 8;

/**
 * 予約番号 for the campus printer or a konbini multi-copy machine (O10). Typed by hand at a
 * touch screen, so it avoids characters that look alike (0/O, 1/I).
 */
export function issuePrintReservation(
  now: Date,
  validDays: number,
): { number: string; validUntil: string } {
  return {
    number: randomAlphanumeric(PRINT_RESERVATION_NUMBER_LENGTH, UNAMBIGUOUS_ALPHABET),
    validUntil: endOfTokyoDayAfter(now, validDays),
  };
}
