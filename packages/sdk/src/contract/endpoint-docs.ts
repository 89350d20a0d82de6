/**
 * What only the documentation reads about each endpoint: its summary, the error codes it can
 * answer with and the SPEC features it serves. Kept out of `endpoints` so that the browser
 * bundle does not carry it; the OpenAPI script (and whoever else documents the API) imports
 * this module directly. `satisfies` keeps it complete: an endpoint without docs, or docs for
 * an endpoint that does not exist, fails to compile.
 */
import type { EndpointName } from './endpoints.js';
import type { ApiErrorCode } from './errors.js';

export interface EndpointDocs {
  readonly summary: string;
  /** The error codes this endpoint can answer with, beyond invalid_request/rate_limited/internal. */
  readonly errors: readonly ApiErrorCode[];
  /** SPEC feature IDs this endpoint serves. */
  readonly features: readonly string[];
}

export const endpointDocs = {
  getTenant: {
    summary: "The university's public settings",
    errors: [],
    features: ['A3', 'A14', 'A15', 'A16', 'A17', 'A18'],
  },
  getSession: {
    summary: 'Where this browser stands in the login journey',
    errors: [],
    features: ['A1', 'A16'],
  },
  login: {
    summary: 'Log in with user ID, password and (after the first login) the second password',
    errors: [
      'invalid_credentials',
      'access_not_yet_available',
      'access_contact_office',
      'directory_unavailable',
      'busy',
      'auth_key_attempts_exhausted',
    ],
    features: ['A1', 'A2', 'A6', 'A7', 'A18'],
  },
  logout: {
    summary: 'End the session',
    errors: [],
    features: ['A16'],
  },
  extendSession: {
    summary: 'Reset the inactivity timer',
    errors: ['unauthenticated'],
    features: ['A16'],
  },
  registerEmail: {
    summary: 'First login: register the email address and mail a one-time link',
    errors: ['unauthenticated', 'wrong_step', 'email_mismatch'],
    features: ['A3'],
  },
  confirmEmailRegistration: {
    summary: "Redeem the registration mail's one-time link",
    errors: ['link_invalid', 'link_expired', 'link_used'],
    features: ['A4'],
  },
  setupSecondPassword: {
    summary: 'First login: set the second password',
    errors: [
      'unauthenticated',
      'wrong_step',
      'second_password_rules',
      'second_password_mismatch',
      'busy',
    ],
    features: ['A5'],
  },
  verifyAuthKey: {
    summary: 'Enter the mailed auth key',
    errors: [
      'unauthenticated',
      'wrong_step',
      'auth_key_wrong',
      'auth_key_locked',
      'auth_key_expired',
      'auth_key_attempts_exhausted',
    ],
    features: ['A7', 'A9'],
  },
  reissueAuthKey: {
    summary: 'Mail a new auth key; the old one stops working',
    errors: ['unauthenticated', 'wrong_step', 'auth_key_attempts_exhausted'],
    features: ['A8', 'A9'],
  },
  requestSecondPasswordReset: {
    summary: 'Forgotten second password: mail a reset link (same answer for unknown addresses)',
    errors: [],
    features: ['A13'],
  },
  resetSecondPassword: {
    summary: "Redeem the reset mail's link with a new second password",
    errors: [
      'link_invalid',
      'link_expired',
      'link_used',
      'second_password_rules',
      'second_password_mismatch',
      'busy',
    ],
    features: ['A13'],
  },
  requestEmailChange: {
    summary:
      'Change the email address: mail a one-time link to the new address and a notice to the old one (needs a recent re-authentication)',
    errors: ['unauthenticated', 'reauthentication_required', 'email_mismatch', 'passkey_required'],
    features: ['A11', 'A21'],
  },
  confirmEmailChange: {
    summary: "Redeem the email change mail's one-time link",
    errors: ['link_invalid', 'link_expired', 'link_used'],
    features: ['A11'],
  },
  changeSecondPassword: {
    summary: 'Change the second password',
    errors: [
      'unauthenticated',
      'current_second_password_wrong',
      'second_password_rules',
      'second_password_mismatch',
      'busy',
      'passkey_required',
    ],
    features: ['A12'],
  },
  reauthenticate: {
    summary:
      "Prove it is the student again (the second password, or one of the student's passkeys) before a security change; counts for 5 minutes",
    errors: [
      'unauthenticated',
      'current_second_password_wrong',
      'passkey_not_allowed',
      'passkey_failed',
    ],
    features: ['A20', 'A21'],
  },
  reauthenticationPasskeyOptions: {
    summary:
      "Options for navigator.credentials.get to re-authenticate with one of the student's own passkeys; the challenge belongs to this session",
    errors: ['unauthenticated', 'passkey_not_allowed', 'passkey_required'],
    features: ['A20', 'A21'],
  },
  passkeyRegistrationOptions: {
    summary:
      'Options for navigator.credentials.create to register a passkey (needs a recent re-authentication)',
    errors: ['unauthenticated', 'reauthentication_required', 'passkey_not_allowed'],
    features: ['A20', 'A21'],
  },
  registerPasskey: {
    summary: 'Register the passkey just created under a name; a notice goes to the address on file',
    errors: [
      'unauthenticated',
      'reauthentication_required',
      'passkey_not_allowed',
      'passkey_failed',
    ],
    features: ['A20', 'A21'],
  },
  listPasskeys: {
    summary: "The student's passkeys",
    errors: ['unauthenticated'],
    features: ['A20'],
  },
  deletePasskey: {
    summary:
      "Remove a passkey (needs a recent re-authentication); a notice goes to the address on file. Where the tenant requires passkeys, the student's last one stays",
    errors: [
      'unauthenticated',
      'reauthentication_required',
      'not_found',
      'passkey_required',
      'passkey_last_required',
    ],
    features: ['A20', 'A21'],
  },
  passkeyLoginOptions: {
    summary:
      'Options for navigator.credentials.get to log in with a passkey; the same answer whether or not the user ID has one',
    errors: ['passkey_not_allowed', 'rate_limited'],
    features: ['A20'],
  },
  passkeyLogin: {
    summary:
      'Log in with a passkey (user verification required) instead of the second password and the auth key',
    errors: [
      'passkey_not_allowed',
      'passkey_failed',
      'rate_limited',
      'access_not_yet_available',
      'access_contact_office',
    ],
    features: ['A20'],
  },
  setTwoFactor: {
    summary:
      'Turn email two-factor on or off (when the tenant makes it optional); off needs a recent re-authentication and sends a notice',
    errors: [
      'unauthenticated',
      'reauthentication_required',
      'two_factor_not_changeable',
      'passkey_required',
    ],
    features: ['A15', 'A21'],
  },
  setLocale: {
    summary: 'Keep the chosen language so that screens and mails follow it',
    errors: [],
    features: ['A14'],
  },
  getCatalog: {
    summary: 'What this student can order for a destination',
    errors: ['unauthenticated', 'passkey_required'],
    features: ['O1', 'O2', 'O3', 'O9'],
  },
  getPickupEstimate: {
    summary: 'When an order placed now would be ready at the counter',
    errors: ['unauthenticated', 'passkey_required'],
    features: ['O5'],
  },
  createOrder: {
    summary:
      'Place an order (awaiting payment); safe to retry with the same Idempotency-Key and body',
    errors: [
      'unauthenticated',
      'order_invalid',
      'delivery_invalid',
      'total_mismatch',
      'no_refund_not_acknowledged',
      'idempotency_key_reused',
      'passkey_required',
    ],
    features: ['O2', 'O3', 'O4', 'O5', 'O8', 'O9'],
  },
  listOrders: {
    summary: "The student's orders, newest first",
    errors: ['unauthenticated', 'passkey_required'],
    features: ['O11'],
  },
  getOrder: {
    summary: 'One order with its payment and print reservation',
    errors: ['unauthenticated', 'order_not_found', 'passkey_required'],
    features: ['O6', 'O10', 'O11'],
  },
  startPayment: {
    summary: 'Pay an order with a method; safe to retry with the same Idempotency-Key',
    errors: [
      'unauthenticated',
      'order_not_found',
      'order_not_payable',
      'already_paid',
      'payment_in_progress',
      'idempotency_key_reused',
      'payment_method_unavailable',
      'passkey_required',
    ],
    features: ['O7', 'O8'],
  },
  getPayment: {
    summary: "A payment's status, e.g. after returning from the provider",
    errors: ['unauthenticated', 'order_not_found', 'payment_not_found', 'passkey_required'],
    features: ['O7', 'O10'],
  },
  cancelPayment: {
    summary:
      'Give up a pending payment (a konbini or Pay-easy number, a checkout left open) to pay the order another way',
    errors: [
      'unauthenticated',
      'order_not_found',
      'payment_not_found',
      'payment_not_cancellable',
      'already_paid',
      'passkey_required',
    ],
    features: ['O7', 'O8'],
  },
  cancelOrder: {
    summary: 'Cancel an order that is not paid; a pending payment is cancelled with it',
    errors: [
      'unauthenticated',
      'order_not_found',
      'order_not_cancellable',
      'already_paid',
      'passkey_required',
    ],
    features: ['O8', 'O11'],
  },
} as const satisfies Record<EndpointName, EndpointDocs>;
