import ky, { HTTPError, TimeoutError } from 'ky';
import type { Locale } from '@shomei/core';
import type {
  BodyOf,
  EndpointName,
  ParamsOf,
  QueryOf,
  RequestInput,
  ResponseOf,
} from './contract/endpoints.js';
import { routes, type Route } from './contract/routes.js';
import { ShomeiNetworkError, ShomeiTimeoutError } from './errors.js';
import { err, ok, type Result } from './result.js';
import { createTokenHolder } from './session-token.js';
import type * as Validation from './validation.js';

const DEVICE_TRUST_HEADER = 'Shomei-Device-Trust';

/** Sent as `Shomei-Client: sdk/<version>`; kept equal to package.json by a test. */
export const SDK_VERSION = '0.1.0';

export interface ClientOptions {
  /** The tenant's base URL, e.g. `https://api.example.ac.jp/t/demo`. */
  readonly baseUrl: string;
  /**
   * Sent as `Accept-Language` (A14). A function is read at every request, so a UI's locale
   * store can own it. Without one, the runtime's own `Accept-Language` (if any) applies.
   */
  readonly locale?: Locale | (() => Locale);
  /** Per attempt. Default 15 000. */
  readonly timeoutMs?: number;
  /**
   * Extra attempts for idempotent requests only (GET, PUT, and POSTs with an Idempotency-Key)
   * after a network error, 408, 429 or 5xx, honouring `Retry-After`. Default 2.
   */
  readonly retry?: number;
  readonly fetch?: typeof fetch;
  /**
   * `cookie` (default): the HttpOnly session cookie. `bearer`: for Node scripts, tests and
   * cross-site embeds; the token stays in memory only (docs/decisions/0003).
   */
  readonly sessionMode?: 'cookie' | 'bearer';
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export interface PaymentCallOptions extends CallOptions {
  /** O8: reuse the key to retry the same payment; by default each call gets a new one. */
  readonly idempotencyKey?: string;
}

type Call<N extends EndpointName> = Promise<Result<ResponseOf<N>>>;

export interface ShomeiClient {
  /** Call any endpoint of the contract by name. Never rejects for anticipated failures. */
  request<N extends EndpointName>(name: N, input: RequestInput<N>): Call<N>;
  /** A14: the language of every later request (and, through the service, of mails). */
  setLocale(locale: Locale): void;
  readonly locale: Locale | undefined;
  /**
   * The tenant's base URL as the client calls it (no trailing slash): what a UI keys what it
   * remembers per tenant by.
   */
  readonly baseUrl: string;

  getTenant(options?: CallOptions): Call<'getTenant'>;
  getSession(options?: CallOptions): Call<'getSession'>;
  login(body: BodyOf<'login'>, options?: CallOptions): Call<'login'>;
  logout(options?: CallOptions): Call<'logout'>;
  extendSession(options?: CallOptions): Call<'extendSession'>;
  registerEmail(body: BodyOf<'registerEmail'>, options?: CallOptions): Call<'registerEmail'>;
  confirmEmailRegistration(
    body: BodyOf<'confirmEmailRegistration'>,
    options?: CallOptions,
  ): Call<'confirmEmailRegistration'>;
  setupSecondPassword(
    body: BodyOf<'setupSecondPassword'>,
    options?: CallOptions,
  ): Call<'setupSecondPassword'>;
  verifyAuthKey(body: BodyOf<'verifyAuthKey'>, options?: CallOptions): Call<'verifyAuthKey'>;
  reissueAuthKey(options?: CallOptions): Call<'reissueAuthKey'>;
  requestSecondPasswordReset(
    body: BodyOf<'requestSecondPasswordReset'>,
    options?: CallOptions,
  ): Call<'requestSecondPasswordReset'>;
  resetSecondPassword(
    body: BodyOf<'resetSecondPassword'>,
    options?: CallOptions,
  ): Call<'resetSecondPassword'>;
  requestEmailChange(
    body: BodyOf<'requestEmailChange'>,
    options?: CallOptions,
  ): Call<'requestEmailChange'>;
  confirmEmailChange(
    body: BodyOf<'confirmEmailChange'>,
    options?: CallOptions,
  ): Call<'confirmEmailChange'>;
  changeSecondPassword(
    body: BodyOf<'changeSecondPassword'>,
    options?: CallOptions,
  ): Call<'changeSecondPassword'>;
  /**
   * A21: the second password again (or a passkey, A20); security changes are then allowed for a
   * few minutes.
   */
  reauthenticate(body: BodyOf<'reauthenticate'>, options?: CallOptions): Call<'reauthenticate'>;
  /**
   * A20, A21: options for `navigator.credentials.get` to re-authenticate with one of the
   * student's passkeys; its answer goes to `reauthenticate` as `{ passkey }`.
   */
  reauthenticationPasskeyOptions(options?: CallOptions): Call<'reauthenticationPasskeyOptions'>;
  /** A20: options for `navigator.credentials.create` (after a recent re-authentication, A21). */
  passkeyRegistrationOptions(options?: CallOptions): Call<'passkeyRegistrationOptions'>;
  /** A20: register the created passkey under a name; the student is mailed a notice (A21). */
  registerPasskey(body: BodyOf<'registerPasskey'>, options?: CallOptions): Call<'registerPasskey'>;
  /** A20: the student's passkeys. */
  listPasskeys(options?: CallOptions): Call<'listPasskeys'>;
  /** A20: remove a passkey (after a recent re-authentication, A21). */
  deletePasskey(params: ParamsOf<'deletePasskey'>, options?: CallOptions): Call<'deletePasskey'>;
  /** A20: options for `navigator.credentials.get` to log in with a passkey. */
  passkeyLoginOptions(
    body: BodyOf<'passkeyLoginOptions'>,
    options?: CallOptions,
  ): Call<'passkeyLoginOptions'>;
  /** A20: log in with the passkey's answer; the session is then authenticated. */
  passkeyLogin(body: BodyOf<'passkeyLogin'>, options?: CallOptions): Call<'passkeyLogin'>;
  setTwoFactor(body: BodyOf<'setTwoFactor'>, options?: CallOptions): Call<'setTwoFactor'>;
  /** The `setLocale` endpoint: keep the language for later screens and mails (A14). */
  setLocalePreference(body: BodyOf<'setLocale'>, options?: CallOptions): Call<'setLocale'>;
  getCatalog(query: QueryOf<'getCatalog'>, options?: CallOptions): Call<'getCatalog'>;
  getPickupEstimate(options?: CallOptions): Call<'getPickupEstimate'>;
  createOrder(body: BodyOf<'createOrder'>, options?: CallOptions): Call<'createOrder'>;
  listOrders(options?: CallOptions): Call<'listOrders'>;
  getOrder(params: ParamsOf<'getOrder'>, options?: CallOptions): Call<'getOrder'>;
  startPayment(
    params: ParamsOf<'startPayment'>,
    body: BodyOf<'startPayment'>,
    options?: PaymentCallOptions,
  ): Call<'startPayment'>;
  getPayment(params: ParamsOf<'getPayment'>, options?: CallOptions): Call<'getPayment'>;
  /** O7/O8: give up a pending payment (then start one with another method). */
  cancelPayment(params: ParamsOf<'cancelPayment'>, options?: CallOptions): Call<'cancelPayment'>;
  /** O8/O11: cancel an unpaid order, with its pending payment. */
  cancelOrder(params: ParamsOf<'cancelOrder'>, options?: CallOptions): Call<'cancelOrder'>;
}

/** The input of any endpoint, as the implementation sees it. */
interface AnyInput {
  readonly params?: Record<string, unknown>;
  readonly query?: Record<string, unknown>;
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly signal?: AbortSignal;
}

const RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504];
/** A longer `Retry-After` is not waited for: the caller gets the error and its `retryAfterSeconds`. */
const MAX_RETRY_WAIT_SECONDS = 10;

/** `Retry-After` as seconds: delta-seconds or an HTTP date. */
const retryAfterSeconds = (response: Response): number | undefined => {
  const value = response.headers.get('Retry-After');
  if (value === null || value.trim() === '') return undefined;
  const seconds = /^\d+$/.test(value.trim())
    ? Number(value)
    : (Date.parse(value) - Date.now()) / 1000;
  return Number.isNaN(seconds) ? undefined : Math.max(0, Math.ceil(seconds));
};

/*
 * zod and the schemas come in their own chunk (docs/decisions/0012; the element entries inline them, 0016), fetched once per page (or
 * process) as soon as a client exists. A GET without parts (getSession, getTenant...) is sent
 * at once and only its answer waits for the checks; any other call waits before it is sent,
 * because nothing unchecked is sent and nothing that changes state is sent when its answer
 * could not be read. The waits honour the call's signal and `timeoutMs`. A chunk that fails to
 * load is asked for again on the next call (Chromium keeps the failure until a page reload).
 */
const CHECKS_TIMED_OUT = Symbol('checks timed out');

/** `promise`, unless `signal` aborts (its reason) or `ms` pass first (`CHECKS_TIMED_OUT`). */
function withinCall<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  ms: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    // Whichever way it ends, the timer and the listener go with it.
    const settle = (finish: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      finish();
    };
    const onAbort = () => settle(() => reject(signal?.reason));
    const timer = setTimeout(() => settle(() => reject(CHECKS_TIMED_OUT)), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

let validation: Promise<typeof Validation> | undefined;
function loadValidation(): Promise<typeof Validation> {
  validation ??= import('./validation.js').catch((error: unknown) => {
    validation = undefined;
    throw error;
  });
  return validation;
}

const readJson = async (response: Response): Promise<{ json: unknown } | undefined> => {
  try {
    return { json: JSON.parse(await response.text()) as unknown };
  } catch {
    return undefined;
  }
};

export function createClient(options: ClientOptions): ShomeiClient {
  // A malformed base URL is a programmer error: fail at once, not at the first call.
  const baseUrl = new URL(options.baseUrl).href.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retry = options.retry ?? 2;
  const bearer = options.sessionMode === 'bearer';
  const sessionToken = createTokenHolder();
  const deviceTrust = createTokenHolder();
  let locale = options.locale;
  // Start loading the checks now, while the page renders; a failure is retried at the first call.
  loadValidation().catch(() => undefined);

  const currentLocale = (): Locale | undefined =>
    typeof locale === 'function' ? locale() : locale;

  async function request<N extends EndpointName>(name: N, rawInput: RequestInput<N>): Call<N> {
    if (!Object.hasOwn(routes, name))
      throw new TypeError(`Unknown Shōmei endpoint: ${String(name)}`);
    const route: Route = routes[name];
    const input = (rawInput ?? {}) as AnyInput;
    const checks = loadValidation();
    // Awaited below, or not at all when the call fails first: never an unhandled rejection.
    checks.catch(() => undefined);
    /** The checks within the call's own limits (its signal, `timeoutMs`), or the error. */
    const loadedChecks = async (): Promise<Result<typeof Validation>> => {
      try {
        return ok(await withinCall(checks, input.signal, timeoutMs));
      } catch (error) {
        if (error === CHECKS_TIMED_OUT) return err(new ShomeiTimeoutError(name, timeoutMs));
        return err(new ShomeiNetworkError(name, error, input.signal?.aborted ?? false));
      }
    };

    // Only a GET without parts goes out before the checks are here: nothing unchecked is sent,
    // and a call that changes something is never sent when its answer could not be read.
    let parsed: Validation.CheckedRequest = {};
    if (route.method !== 'GET' || route.parts !== undefined || route.idempotencyKey) {
      const loaded = await loadedChecks();
      if (loaded.error !== null) return loaded;
      const checked = loaded.data.checkRequest(name, input);
      if (checked.error !== null) return checked;
      parsed = checked.data;
    }

    const params = parsed.params ?? {};
    const path = route.path.replace(/:(\w+)/g, (_, key: string) =>
      encodeURIComponent(String(params[key])),
    );
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Shomei-Client': `sdk/${SDK_VERSION}`,
    };
    const language = currentLocale();
    if (language !== undefined) headers['Accept-Language'] = language;
    if (parsed.idempotencyKey !== undefined) headers['Idempotency-Key'] = parsed.idempotencyKey;
    if (bearer) headers['Shomei-Session-Mode'] = 'bearer';

    // O8: retrying is safe only when the service can tell a repeat from a new request.
    const idempotent = route.method !== 'POST' || parsed.idempotencyKey !== undefined;

    let response: Response;
    try {
      response = await ky(baseUrl + path, {
        method: route.method,
        headers,
        ...(parsed.body !== undefined && { json: parsed.body }),
        ...(parsed.query !== undefined && { searchParams: parsed.query }),
        ...(input.signal && { signal: input.signal }),
        ...(options.fetch && { fetch: options.fetch }),
        credentials: 'include',
        timeout: timeoutMs,
        retry: {
          limit: idempotent ? retry : 0,
          methods: [route.method.toLowerCase()],
          statusCodes: RETRY_STATUS_CODES,
          afterStatusCodes: RETRY_STATUS_CODES,
          shouldRetry: ({ error }) => {
            if (!(error instanceof HTTPError)) return undefined;
            const wait = retryAfterSeconds(error.response);
            return wait !== undefined && wait > MAX_RETRY_WAIT_SECONDS ? false : undefined;
          },
        },
        hooks: {
          // Per attempt, so a retry carries the token of the moment.
          beforeRequest: [
            (req) => {
              if (!bearer) return;
              if (sessionToken.current !== undefined)
                req.headers.set('Authorization', `Bearer ${sessionToken.current}`);
              if (deviceTrust.current !== undefined)
                req.headers.set(DEVICE_TRUST_HEADER, deviceTrust.current);
            },
          ],
          // Every response, error or not: the service rotates the token at each login step.
          afterResponse: [
            (_req, _options, res) => {
              if (!bearer) return;
              const token = res.headers.get('Shomei-Session-Token');
              if (token !== null) sessionToken.take(token);
              const trust = res.headers.get(DEVICE_TRUST_HEADER);
              if (trust !== null) deviceTrust.take(trust);
            },
          ],
        },
      });
    } catch (error) {
      if (error instanceof TimeoutError) return err(new ShomeiTimeoutError(name, timeoutMs));
      if (!(error instanceof HTTPError))
        return err(new ShomeiNetworkError(name, error, input.signal?.aborted ?? false));
      response = error.response;
    }
    const body = await readJson(response);
    const loaded = await loadedChecks();
    if (loaded.error !== null) return loaded;
    const check = loaded.data;
    if (!response.ok)
      return err(check.apiError(name, response.status, body, retryAfterSeconds(response)));
    return check.checkResponse(name, response.status, body);
  }

  /*
   * One method per endpoint, made from the table: its arguments are the parts the endpoint has,
   * in the order params, query, body (so `startPayment(params, body)`), then the options. The
   * `ShomeiClient` interface spells each signature out (client.test-d.ts); client.test.ts checks
   * the arguments land in the right parts.
   * `setLocale` is the locale setter, so the endpoint's method is `setLocalePreference`.
   */
  const client: Record<string, unknown> = {
    request,
    baseUrl,
    setLocale(next: Locale) {
      locale = next;
    },
    get locale() {
      return currentLocale();
    },
  };
  for (const [name, route] of Object.entries(routes) as [EndpointName, Route][]) {
    const parts = route.parts ?? [];
    client[name === 'setLocale' ? 'setLocalePreference' : name] = (...args: unknown[]) => {
      const input: Record<string, unknown> = { ...(args[parts.length] as CallOptions) };
      parts.forEach((part, index) => (input[part] = args[index]));
      return request(name, input as RequestInput<typeof name>);
    };
  }
  return client as unknown as ShomeiClient;
}
