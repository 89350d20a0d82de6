/**
 * What every flow shares: the port to the client, the error a state carries, and the shape of
 * the effects a state asks the runner to perform.
 *
 * Design (one for all flows): `transition(state, event)` is pure and returns the next state;
 * a state that needs the service is a *pending* state (`submitting`, `catalog-loading`, ...)
 * that holds everything the call needs, and `effectOf(state)` reads that call off it as data.
 * The runner performs the call when a pending state is entered and feeds the answer back as a
 * `{ type: 'result', endpoint, result }` event. So `transition` stays `State -> State`, the
 * tests are tables, and a state tells on its own whether work is in flight.
 */
import type { EndpointName, RequestInput, ResponseOf } from '../contract/endpoints.js';
import type { FieldProblem, LineProblem } from '../contract/errors.js';
import type * as z from 'zod/mini';
import type { LocalizedText as LocalizedTextSchema } from '../contract/primitives.js';

/** Text the tenant writes per locale (A18's notice). */
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** Pairs with `switch` defaults so that a state or event left unhandled fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled flow value: ${JSON.stringify(value)}`);
}

/**
 * The error as the flows read it: the client's `ShomeiError` family, seen structurally. Only
 * `code` is always there; the API error adds the rest. Structural on purpose, so that the flows
 * depend on what they read and not on the error classes' constructors.
 */
export interface FlowErrorSource {
  readonly code: string;
  readonly status?: number | undefined;
  readonly fields?: readonly FieldProblem[] | undefined;
  readonly lineProblems?: readonly LineProblem[] | undefined;
  readonly attemptsLeft?: number | undefined;
  readonly retryAfterSeconds?: number | undefined;
  readonly availableFrom?: string | undefined;
  readonly notice?: LocalizedText | undefined;
}

/** The client's `Result<T>`: `{ data, error }`, never a throw (decision 0002). */
export type FlowResult<T> =
  | { readonly data: T; readonly error: null }
  | { readonly data: null; readonly error: FlowErrorSource };

/** The one thing the flows need from `ShomeiClient`. A `ShomeiClient` is one. */
export interface FlowClient {
  request<N extends EndpointName>(
    name: N,
    input: RequestInput<N>,
  ): Promise<FlowResult<ResponseOf<N>>>;
}

/**
 * An error a state carries: machine codes only, no display text (the elements localize). The
 * codes are the service's (`invalid_credentials`, `auth_key_wrong`, ...), the client's
 * (`network`, `timeout`, `response_invalid`, `invalid_request`) or the flow's own checks made
 * before any call (`email_mismatch`, `second_password_rules`, `second_password_mismatch`,
 * `required`, `no_items`, `quantity_invalid`, `delivery_invalid`, `payment_declined`, ...).
 */
export interface FlowError {
  readonly code: string;
  /** Fields at fault, e.g. `{ field: 'emailConfirmation', code: 'mismatch' }`. */
  readonly fields: readonly FieldProblem[];
  /** O2, O3, O9: order lines at fault. */
  readonly lineProblems?: readonly LineProblem[];
  /** A7, A9: wrong keys left before the key locks. */
  readonly attemptsLeft?: number;
  /** rate_limited */
  readonly retryAfterSeconds?: number;
  /** A18 access_not_yet_available */
  readonly availableFrom?: string;
  /** A18 access_contact_office: the tenant's own notice. */
  readonly notice?: LocalizedText;
}

/** Copies what a state may show from an error; never the message (developer English). */
export function toFlowError(source: FlowErrorSource): FlowError {
  return {
    code: source.code,
    fields: source.fields ? [...source.fields] : [],
    ...(source.lineProblems && source.lineProblems.length > 0
      ? { lineProblems: [...source.lineProblems] }
      : {}),
    ...(source.attemptsLeft !== undefined ? { attemptsLeft: source.attemptsLeft } : {}),
    ...(source.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: source.retryAfterSeconds }
      : {}),
    ...(source.availableFrom !== undefined ? { availableFrom: source.availableFrom } : {}),
    ...(source.notice !== undefined ? { notice: source.notice } : {}),
  };
}

/**
 * A form state without its error: what the pending state it submits to carries (an error
 * belongs to the last answer, not to the call in flight).
 */
export function withoutError<S extends { readonly error?: FlowError }>(state: S): Omit<S, 'error'> {
  const { error: _error, ...rest } = state;
  return rest;
}

/** An error the flow finds itself, before calling the service. */
export function localError(code: string, fields: readonly FieldProblem[] = []): FlowError {
  return { code, fields: [...fields] };
}

/**
 * Whether the outcome of a call is unknown (the request may or may not have reached the
 * service): a retry must then be the *same* request, e.g. the same Idempotency-Key (O8).
 */
export function isOutcomeUnknown(source: FlowErrorSource): boolean {
  return (
    source.code === 'network' ||
    source.code === 'timeout' ||
    source.code === 'response_invalid' ||
    (source.status !== undefined && source.status >= 500)
  );
}

/** A call to one endpoint, as data. */
export interface CallEffect<N extends EndpointName = EndpointName> {
  readonly type: 'call';
  readonly endpoint: N;
  readonly input: RequestInput<N>;
}

/** The answer to a `CallEffect`, fed back to the machine by the runner. */
export interface CallResult<N extends EndpointName = EndpointName> {
  readonly type: 'result';
  readonly endpoint: N;
  readonly result: FlowResult<ResponseOf<N>>;
}

/** One `CallEffect` per endpoint in `N`, as a union (so `input` matches `endpoint`). */
export type CallEffectOf<N extends EndpointName> = N extends EndpointName ? CallEffect<N> : never;
/** One `CallResult` per endpoint in `N`, as a union. */
export type CallResultOf<N extends EndpointName> = N extends EndpointName ? CallResult<N> : never;

export function call<N extends EndpointName>(endpoint: N, input: RequestInput<N>): CallEffect<N> {
  return { type: 'call', endpoint, input };
}

/**
 * A flow as data: its initial state, its pure transition and the effect a state asks for.
 * `transition` returns the *same object* when an event means nothing in a state (a double
 * click on 「ログイン」 while submitting, a `back` on the first step), so a UI or a runner can
 * tell "nothing happened" with `===`.
 */
export interface FlowMachine<
  S extends { readonly status: string },
  E extends { readonly type: string },
  F extends CallEffect = CallEffect,
> {
  readonly initial: S;
  transition(state: S, event: E): S;
  effectOf(state: S): F | null;
}

/** The string a text field holds, trimmed for checks but kept as typed in the state (X5). */
export function isBlank(value: string): boolean {
  return value.trim().length === 0;
}

/** Whether `event` is the answer from `endpoint` (a stale or foreign answer is not). */
export function isResultOf<E extends { readonly type: string }, N extends EndpointName>(
  event: E,
  endpoint: N,
): event is Extract<E, CallResult<N>> {
  return event.type === 'result' && (event as unknown as CallResult).endpoint === endpoint;
}
