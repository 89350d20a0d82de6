import type * as z from 'zod/mini';
import type { ApiErrorCode, FieldProblem, LineProblem } from './contract/errors.js';
import type { EndpointName } from './contract/endpoints.js';
import type { LocalizedText } from './contract/primitives.js';

/*
 * The SDK's errors, modelled on ky's `source/errors/` and supabase's auth-js errors: one base
 * class, subclasses with a constant `name`, machine `code`s and data, never display text (the
 * elements localize codes). `message` is English, for developers and logs.
 *
 * The guards check a brand (`Symbol.for`, shared by every copy of the SDK in a page, an iframe
 * or a worker) plus the `name`, not `instanceof`: a host page that loads the SDK twice, or an
 * error that crossed a realm, still passes.
 */

const BRAND = Symbol.for('shomei.error');

/** The codes the SDK itself gives, next to the service's `ApiErrorCode`s. */
export type ShomeiErrorCode =
  ApiErrorCode | 'http_error' | 'response_invalid' | 'network' | 'timeout' | 'invalid_request';

export class ShomeiError extends Error {
  override readonly name: string = 'ShomeiError';
  /** A known code, or one a newer service sent that this SDK does not know. */
  readonly code: ShomeiErrorCode | (string & {});

  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    // Own and non-enumerable: the guards look for it, JSON and `{...error}` leave it out.
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** Codes and data for logs and state stores (`message` included; `cause` left out). */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), message: this.message };
  }
}

type ZodIssue = z.core.$ZodIssue;

/** What a `ShomeiApiError` is made of: the error body's fields, the status and the endpoint. */
export interface ApiErrorInit {
  readonly endpoint: EndpointName;
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly fields?: readonly FieldProblem[] | undefined;
  readonly lineProblems?: readonly LineProblem[] | undefined;
  readonly attemptsLeft?: number | undefined;
  readonly retryAfterSeconds?: number | undefined;
  readonly availableFrom?: string | undefined;
  readonly notice?: LocalizedText | undefined;
}

/** The service answered 4xx/5xx. `code` comes from its error body (`ApiErrorBody`). */
export class ShomeiApiError extends ShomeiError {
  override readonly name = 'ShomeiApiError' as const;
  declare readonly code: ApiErrorCode | (string & {});
  readonly endpoint: EndpointName;
  readonly status: number;
  /** The fields at fault, e.g. `{ field: 'secondPassword', code: 'has-digit' }`. */
  readonly fields: readonly FieldProblem[];
  /** The order lines at fault (O2, O3, O9). */
  readonly lineProblems: readonly LineProblem[];
  /** auth_key_wrong: tries left before the key locks (A9). */
  declare readonly attemptsLeft?: number;
  /** rate_limited and 503: from the body or the `Retry-After` header. */
  declare readonly retryAfterSeconds?: number;
  /** access_not_yet_available (A18). */
  declare readonly availableFrom?: string;
  /** access_contact_office (A18): the tenant's own notice. */
  declare readonly notice?: LocalizedText;

  constructor(init: ApiErrorInit) {
    super(init.message, init.code);
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.fields = init.fields ?? [];
    this.lineProblems = init.lineProblems ?? [];
    if (init.attemptsLeft !== undefined) this.attemptsLeft = init.attemptsLeft;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.availableFrom !== undefined) this.availableFrom = init.availableFrom;
    if (init.notice !== undefined) this.notice = init.notice;
  }
}

/** A response (2xx) that the contract does not allow: a bug or a version skew, not a refusal. */
export class ShomeiResponseError extends ShomeiError {
  override readonly name = 'ShomeiResponseError' as const;
  declare readonly code: 'response_invalid';
  readonly endpoint: EndpointName;
  readonly status: number;
  readonly issues: readonly ZodIssue[];

  constructor(endpoint: EndpointName, status: number, issues: readonly ZodIssue[]) {
    super(`The response of ${endpoint} does not match the contract`, 'response_invalid');
    this.endpoint = endpoint;
    this.status = status;
    this.issues = issues;
  }
}

/** No response at all: offline, DNS, connection reset, CORS refusal, or the caller aborted. */
export class ShomeiNetworkError extends ShomeiError {
  override readonly name = 'ShomeiNetworkError' as const;
  declare readonly code: 'network';
  readonly endpoint: EndpointName;
  /** True when the caller's `signal` aborted the call: usually nothing to show. */
  readonly aborted: boolean;

  constructor(endpoint: EndpointName, cause: unknown, aborted = false) {
    super(`${endpoint}: ${aborted ? 'aborted' : 'no response'}`, 'network', { cause });
    this.endpoint = endpoint;
    this.aborted = aborted;
  }
}

/** No response within `timeoutMs`. */
export class ShomeiTimeoutError extends ShomeiError {
  override readonly name = 'ShomeiTimeoutError' as const;
  declare readonly code: 'timeout';
  readonly endpoint: EndpointName;
  readonly timeoutMs: number;

  constructor(endpoint: EndpointName, timeoutMs: number) {
    super(`${endpoint}: no response within ${timeoutMs} ms`, 'timeout');
    this.endpoint = endpoint;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The SDK refused to send: the input breaks the contract. `fields` use the same shape as the
 * service's `invalid_request` (path inside the body, query or params joined by '.'; code = the
 * zod issue code), so a form shows both the same way.
 */
export class ShomeiRequestError extends ShomeiError {
  override readonly name = 'ShomeiRequestError' as const;
  declare readonly code: 'invalid_request';
  readonly endpoint: EndpointName;
  readonly fields: readonly FieldProblem[];
  readonly issues: readonly ZodIssue[];

  constructor(
    endpoint: EndpointName,
    issues: readonly ZodIssue[],
    fields: readonly FieldProblem[],
  ) {
    super(`${endpoint}: the input does not match the contract`, 'invalid_request');
    this.endpoint = endpoint;
    this.issues = issues;
    this.fields = fields;
  }
}

const isBranded = (value: unknown, name?: string): boolean => {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, BRAND)) return false;
  const record = value as { [BRAND]?: unknown; name?: unknown; code?: unknown };
  if (record[BRAND] !== true || typeof record.code !== 'string') return false;
  return name === undefined
    ? typeof record.name === 'string' && /^Shomei\w*Error$/.test(record.name)
    : record.name === name;
};

export const isShomeiError = (value: unknown): value is ShomeiError => isBranded(value);

export function isShomeiApiError<C extends ApiErrorCode>(
  value: unknown,
  code: C,
): value is ShomeiApiError & { readonly code: C };
export function isShomeiApiError(value: unknown): value is ShomeiApiError;
export function isShomeiApiError(value: unknown, code?: string): boolean {
  return (
    isBranded(value, 'ShomeiApiError') &&
    (code === undefined || (value as ShomeiApiError).code === code)
  );
}

export const isShomeiResponseError = (value: unknown): value is ShomeiResponseError =>
  isBranded(value, 'ShomeiResponseError');
export const isShomeiNetworkError = (value: unknown): value is ShomeiNetworkError =>
  isBranded(value, 'ShomeiNetworkError');
export const isShomeiTimeoutError = (value: unknown): value is ShomeiTimeoutError =>
  isBranded(value, 'ShomeiTimeoutError');
export const isShomeiRequestError = (value: unknown): value is ShomeiRequestError =>
  isBranded(value, 'ShomeiRequestError');
