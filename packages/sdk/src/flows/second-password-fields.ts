/**
 * A second password typed twice, with its rules checked live (A5, A12, A13). Shared by the
 * setup, reset and change forms so that they check the same way the service does (the rules
 * are the core's). Also the email typed twice (A3, A11), by the core's rule as well.
 */
import { checkEmailConfirmation, checkSecondPassword, type SecondPasswordRule } from '@shomei/core';
import type { FieldProblem } from '../contract/errors.js';
import { localError, type FlowError } from './machine.js';

export interface SecondPasswordFields {
  readonly secondPassword: string;
  readonly secondPasswordConfirmation: string;
  /** The rules the value breaks now, in the order the manual lists them (live, A5). */
  readonly failedRules: readonly SecondPasswordRule[];
  /** Both typed and equal. The UI decides when to show a mismatch (not while typing). */
  readonly confirmationMatches: boolean;
}

export function secondPasswordFields(
  secondPassword: string,
  secondPasswordConfirmation: string,
): SecondPasswordFields {
  return {
    secondPassword,
    secondPasswordConfirmation,
    failedRules: checkSecondPassword(secondPassword).failed,
    confirmationMatches: secondPassword.length > 0 && secondPassword === secondPasswordConfirmation,
  };
}

export const EMPTY_SECOND_PASSWORD_FIELDS: SecondPasswordFields = secondPasswordFields('', '');

/**
 * The error a submit gets without calling the service, or null when the value may be sent.
 * `field` names the input the rules apply to (`secondPassword` or `newSecondPassword`).
 */
export function secondPasswordProblem(
  fields: SecondPasswordFields,
  field: string = 'secondPassword',
  confirmationField: string = 'secondPasswordConfirmation',
): FlowError | null {
  if (fields.failedRules.length > 0) {
    return localError(
      'second_password_rules',
      fields.failedRules.map((rule): FieldProblem => ({ field, code: rule })),
    );
  }
  if (fields.secondPassword !== fields.secondPasswordConfirmation) {
    return localError('second_password_mismatch', [{ field: confirmationField, code: 'mismatch' }]);
  }
  return null;
}

/** Picks the two typed values and the live checks off a bigger state. */
export function pickSecondPasswordFields(state: SecondPasswordFields): SecondPasswordFields {
  return {
    secondPassword: state.secondPassword,
    secondPasswordConfirmation: state.secondPasswordConfirmation,
    failedRules: state.failedRules,
    confirmationMatches: state.confirmationMatches,
  };
}

/**
 * A3, A11: the error a submit of the email typed twice gets without calling the service, or null
 * when it may be sent. The rule (trimmed, domain case ignored) is the core's, as the service's.
 */
export function emailConfirmationError(email: string, confirmation: string): FlowError | null {
  switch (checkEmailConfirmation(email, confirmation)) {
    case null:
      return null;
    case 'required':
      return localError('required', [{ field: 'email', code: 'required' }]);
    case 'mismatch':
      return localError('email_mismatch', [{ field: 'emailConfirmation', code: 'mismatch' }]);
  }
}
