/**
 * Typing into and submitting the values a form asks for twice: the email (A3, A11) and the
 * second password with its live rules (A5, A13). The login and account flows share them, so
 * that every such form checks, keeps and sends what was typed the same way.
 */
import { normalizeEmail } from '@shomei/core';
import type { FlowError } from './machine.js';
import {
  emailConfirmationError,
  secondPasswordFields,
  secondPasswordProblem,
  type SecondPasswordFields,
} from './second-password-fields.js';

interface EmailTwice {
  readonly email: string;
  readonly emailConfirmation: string;
}

/** A keystroke in the address typed twice; a field the form does not have is ignored. */
export function typeEmailTwice<S extends EmailTwice>(state: S, field: string, value: string): S {
  return field === 'email' || field === 'emailConfirmation' ? { ...state, [field]: value } : state;
}

/** The form with the error its address typed twice has, or null when it may be sent. */
export function emailTwiceRefused<S extends EmailTwice>(
  state: S,
): (S & { error: FlowError }) | null {
  const error = emailConfirmationError(state.email, state.emailConfirmation);
  return error === null ? null : { ...state, error };
}

/** The address typed twice as the service takes it. */
export function emailTwiceBody(state: EmailTwice): EmailTwice {
  return {
    email: normalizeEmail(state.email),
    emailConfirmation: normalizeEmail(state.emailConfirmation),
  };
}

/** A keystroke in the second password typed twice, its live rules checked again (A5). */
export function typeSecondPasswordTwice<S extends SecondPasswordFields>(
  state: S,
  field: string,
  value: string,
): S {
  switch (field) {
    case 'secondPassword':
      return { ...state, ...secondPasswordFields(value, state.secondPasswordConfirmation) };
    case 'secondPasswordConfirmation':
      return { ...state, ...secondPasswordFields(state.secondPassword, value) };
    default:
      return state;
  }
}

/** The form with the error its second password typed twice has, or null when it may be sent. */
export function secondPasswordTwiceRefused<S extends SecondPasswordFields>(
  state: S,
): (S & { error: FlowError }) | null {
  const error = secondPasswordProblem(state);
  return error === null ? null : { ...state, error };
}

/** The second password typed twice as the service takes it. */
export function secondPasswordTwiceBody(state: SecondPasswordFields): {
  secondPassword: string;
  secondPasswordConfirmation: string;
} {
  return {
    secondPassword: state.secondPassword,
    secondPasswordConfirmation: state.secondPasswordConfirmation,
  };
}
