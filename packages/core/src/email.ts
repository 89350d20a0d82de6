/**
 * The email address typed twice (A3 registration, A11 change): one rule for the SDK's forms and
 * the service, so that a form never lets through what the service refuses, nor the reverse.
 */

/** Why the two typed addresses cannot be sent: none typed, or the two differ. */
export type EmailConfirmationProblem = 'required' | 'mismatch';

/**
 * The address as the student meant it: whitespace around it (a copy-paste habit) trimmed, and
 * the domain lower-cased, since domains are case-insensitive (RFC 5321 §2.4). The local part
 * before the last `@` is kept as typed: a mail server may treat its case as significant.
 */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed;
  return trimmed.slice(0, at + 1) + trimmed.slice(at + 1).toLowerCase();
}

/**
 * A3, A11: null when the address may be sent, else the problem, checked in this order:
 * `required` when the address is blank, `mismatch` when the confirmation is not the same address
 * after `normalizeEmail` (so `Taro@Mail.Example ` confirms `Taro@mail.example`, but
 * `taro@mail.example` does not confirm `Taro@mail.example`). The service answers a mismatch with
 * 400 `email_mismatch` on the `emailConfirmation` field; the flows refuse it before sending.
 */
export function checkEmailConfirmation(
  email: string,
  confirmation: string,
): EmailConfirmationProblem | null {
  const normalized = normalizeEmail(email);
  if (normalized === '') return 'required';
  if (normalized !== normalizeEmail(confirmation)) return 'mismatch';
  return null;
}
