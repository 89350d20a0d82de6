import type { ApiErrorBody, ApiErrorCode } from '../contract.js';

type ErrorDetails = Omit<ApiErrorBody['error'], 'code' | 'message'>;

/**
 * The HTTP status of each error code. One table, so every endpoint answers a code the same way
 * and the SDK can rely on it.
 */
export const ERROR_STATUS: { readonly [Code in ApiErrorCode]: number } = {
  invalid_request: 400,
  not_found: 404,
  rate_limited: 429,
  forbidden: 403,
  internal: 500,
  // 503 Service Unavailable with Retry-After: the password checks are all busy (issue 14).
  busy: 503,
  unauthenticated: 401,
  wrong_step: 409,
  invalid_credentials: 401,
  access_not_yet_available: 403,
  access_contact_office: 403,
  // 503 Service Unavailable: the university's directory did not answer; worth trying later.
  directory_unavailable: 503,
  auth_key_wrong: 400,
  // 423 Locked: only a reissue helps (A9).
  auth_key_locked: 423,
  // 410 Gone: the key or link existed and will never work again.
  auth_key_expired: 410,
  // 423 Locked, like a locked key; a reissue does not help here, only the reset (issue 14).
  auth_key_attempts_exhausted: 423,
  email_mismatch: 400,
  second_password_rules: 400,
  second_password_mismatch: 400,
  current_second_password_wrong: 400,
  link_invalid: 400,
  link_expired: 410,
  link_used: 410,
  two_factor_not_changeable: 409,
  // 403: the session is who it is, but must prove it again before this change (A21).
  reauthentication_required: 403,
  // 403: the tenant has passkeys off (A20).
  passkey_not_allowed: 403,
  // 401, like wrong credentials: the passkey did not prove the student (A20).
  passkey_failed: 401,
  // 403: the tenant requires a passkey; until the student registers one, nothing else (A20).
  passkey_required: 403,
  // 409 Conflict: the tenant requires a passkey and this is the student's last one (A20).
  passkey_last_required: 409,
  order_invalid: 400,
  delivery_invalid: 400,
  total_mismatch: 409,
  no_refund_not_acknowledged: 400,
  order_not_found: 404,
  order_not_payable: 409,
  already_paid: 409,
  payment_in_progress: 409,
  idempotency_key_reused: 422,
  payment_method_unavailable: 400,
  payment_not_found: 404,
  payment_not_cancellable: 409,
  order_not_cancellable: 409,
  order_not_transitionable: 409,
};

/**
 * An anticipated failure: thrown by handlers, turned into the contract's ApiErrorBody by the
 * router. `message` is English for developers; students see text the elements derive from
 * `code`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    readonly headers: Readonly<Record<string, string>> = {},
    status?: number,
  ) {
    super(message);
    this.status = status ?? ERROR_STATUS[code];
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

export function apiError(
  code: ApiErrorCode,
  message: string,
  details: ErrorDetails = {},
  headers: Readonly<Record<string, string>> = {},
): ApiError {
  return new ApiError(code, message, details, headers);
}

export function errorResponse(error: ApiError, extraHeaders?: Headers): Response {
  const headers = new Headers(extraHeaders);
  headers.set('Content-Type', 'application/json; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(error.headers)) headers.set(name, value);
  return new Response(JSON.stringify(error.toBody()), { status: error.status, headers });
}
