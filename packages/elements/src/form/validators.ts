/**
 * Validators for `<shomei-text-field>`: small functions from the value to `{ isValid, message }`.
 * The message comes from `msg()` when the validator runs, so it follows the current locale; a
 * field re-runs its validators whenever it renders (a language switch included).
 *
 * Domain rules (the A5 second-password rules, for instance) belong to the SDK's flows; wrap them
 * here only to show them on a field.
 */
import { msg, str } from '@lit/localize';

export interface ValidationResult {
  readonly isValid: boolean;
  /** Localized; empty when valid. */
  readonly message: string;
}

export type Validator = (value: string) => ValidationResult;

export const VALID: ValidationResult = { isValid: true, message: '' };

const invalid = (message: string): ValidationResult => ({ isValid: false, message });

/** `required` fields get this one automatically. */
export const required = (): Validator => (value) =>
  value.trim() === '' ? invalid(msg('入力してください。', { id: 'validation.required' })) : VALID;

export const maxLength =
  (max: number): Validator =>
  (value) =>
    [...value].length > max
      ? invalid(msg(str`${max}文字以内で入力してください。`, { id: 'validation.max-length' }))
      : VALID;

/** A deliberately loose check (something@something.something); the service has the last word. */
export const email = (): Validator => (value) =>
  value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(value)
    ? VALID
    : invalid(msg('メールアドレスの形式で入力してください。', { id: 'validation.email' }));

/** For confirmation fields (A3, A5, A11, A12): equal to another field's current value. */
export const matches =
  (other: () => string, message?: () => string): Validator =>
  (value) =>
    value === '' || value === other()
      ? VALID
      : invalid(message?.() ?? msg('入力内容が一致しません。', { id: 'validation.matches' }));

/** The first failing validator's result, else valid. */
export function validate(value: string, validators: readonly Validator[]): ValidationResult {
  for (const validator of validators) {
    const result = validator(value);
    if (!result.isValid) return result;
  }
  return VALID;
}
