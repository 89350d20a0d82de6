import * as z from 'zod/mini';
import { IsoDateTime, LocalizedText } from './primitives.js';

/**
 * Every machine code the service answers with. Codes are data: the elements turn them into
 * localized text, so no display string ever crosses the wire.
 */
export const API_ERROR_CODES = [
  // the request itself
  'invalid_request',
  'not_found',
  'rate_limited',
  'forbidden',
  'internal',
  // 503: too many password checks at once (issue 14); try again after Retry-After
  'busy',
  // session and login (A1–A9, A16, A18)
  'unauthenticated',
  'wrong_step',
  'invalid_credentials',
  'access_not_yet_available',
  'access_contact_office',
  // 503: the university's student directory (LDAP) is down or too slow; try again later
  'directory_unavailable',
  'auth_key_wrong',
  'auth_key_locked',
  'auth_key_expired',
  // 100 wrong auth keys in a row (issue 14): only the second-password reset or the office helps
  'auth_key_attempts_exhausted',
  // account (A3–A5, A11–A13, A15)
  'email_mismatch',
  'second_password_rules',
  'second_password_mismatch',
  'current_second_password_wrong',
  'link_invalid',
  'link_expired',
  'link_used',
  'two_factor_not_changeable',
  // 403: a security change needs the second password (or a passkey) again first (A21)
  'reauthentication_required',
  // passkeys (A20): the tenant has them off; a passkey that did not prove the student (one code
  // for an unknown credential, a bad signature, no user verification: nothing to learn from)
  'passkey_not_allowed',
  'passkey_failed',
  // 403: the tenant requires a passkey and the student has none yet: register one first (A20)
  'passkey_required',
  // 409: the tenant requires a passkey and this is the student's only one: add another first (A20)
  'passkey_last_required',
  // orders and payment (O2–O11)
  'order_invalid',
  'delivery_invalid',
  'total_mismatch',
  'no_refund_not_acknowledged',
  'order_not_found',
  'order_not_payable',
  'already_paid',
  'payment_in_progress',
  'idempotency_key_reused',
  'payment_method_unavailable',
  'payment_not_found',
  // cancelling (O8, O11): only a pending payment, only an unpaid order
  'payment_not_cancellable',
  'order_not_cancellable',
  // the office's steps (O6): the order's status does not allow this step
  'order_not_transitionable',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** A field at fault and why, e.g. `{ field: 'secondPassword', code: 'has-digit' }`. */
export const FieldProblem = z.object({ field: z.string(), code: z.string() });
export type FieldProblem = z.infer<typeof FieldProblem>;

/** An order line at fault (O2, O3, O9); `itemId` is null for problems of the whole order. */
export const LineProblem = z.object({ itemId: z.nullable(z.string()), code: z.string() });
export type LineProblem = z.infer<typeof LineProblem>;

/** The one error body every endpoint answers with on 4xx and 5xx. */
export const ApiErrorBody = z.object({
  error: z.object({
    /** One of API_ERROR_CODES; a newer service may send codes this client does not know. */
    code: z.string(),
    /** For developers and logs, in English. Never shown to a student. */
    message: z.string(),
    fields: z.optional(z.array(FieldProblem)),
    lineProblems: z.optional(z.array(LineProblem)),
    /** auth_key_wrong: tries left before the key locks (A9). */
    attemptsLeft: z.optional(z.int()),
    /** rate_limited, busy: when to try again. */
    retryAfterSeconds: z.optional(z.int()),
    /** access_not_yet_available (A18). */
    availableFrom: z.optional(IsoDateTime),
    /** access_contact_office (A18): the tenant's own notice. */
    notice: z.optional(LocalizedText),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
