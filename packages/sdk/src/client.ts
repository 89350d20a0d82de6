import ky, { HTTPError, TimeoutError } from 'ky';
import * as z from 'zod/mini';
import type { Locale } from '@shomei/core';
import {
  endpoints,
  type BodyOf,
  type EndpointDefinition,
  type EndpointName,
  type ParamsOf,
  type QueryOf,
  type RequestInput,
  type ResponseOf,
} from './contract/endpoints.js';
import { ApiErrorBody, type FieldProblem } from './contract/errors.js';
import { IdempotencyKey } from './contract/primitives.js';
import {
  ShomeiApiError,
  ShomeiNetworkError,
  ShomeiRequestError,
  ShomeiResponseError,
  ShomeiTimeoutError,
} from './errors.js';
import { err, ok, type Result } from './result.js';
import { createTokenHolder } from './session-token.js';

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
}

/** The input of any endpoint, as the implementation sees it. */
interface AnyInput {
  readonly params?: Record<string, unknown>;
  readonly query?: Record<string, unknown>;
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  readonly signal?: AbortSignal;
}

const PARTS = ['params', 'query', 'body'] as const;
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

/** zod issues as the service's `fields`: the path inside the part, unknown keys one by one. */
const toFields = (issues: readonly z.core.$ZodIssue[], part: string): FieldProblem[] =>
  issues.flatMap((issue) => {
    const paths =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => [...issue.path, key])
        : [issue.path];
    return paths.map((path) => ({
      field: path.length > 0 ? path.join('.') : part,
      code: issue.code,
    }));
  });

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

  const currentLocale = (): Locale | undefined =>
    typeof locale === 'function' ? locale() : locale;

  async function request<N extends EndpointName>(name: N, rawInput: RequestInput<N>): Call<N> {
    if (!Object.hasOwn(endpoints, name))
      throw new TypeError(`Unknown Shōmei endpoint: ${String(name)}`);
    const endpoint: EndpointDefinition = endpoints[name];
    const input = (rawInput ?? {}) as AnyInput;

    // Validate every part before anything is sent.
    const parsed: { params?: unknown; query?: unknown; body?: unknown } = {};
    const issues: z.core.$ZodIssue[] = [];
    const fields: FieldProblem[] = [];
    for (const part of PARTS) {
      const schema = endpoint[part];
      if (schema === undefined) continue;
      const result = z.safeParse(schema, input[part]);
      if (result.success) parsed[part] = result.data;
      else {
        issues.push(...result.error.issues);
        fields.push(...toFields(result.error.issues, part));
      }
    }
    let idempotencyKey: string | undefined;
    if (endpoint.idempotencyKey) {
      const result = z.safeParse(IdempotencyKey, input.idempotencyKey ?? crypto.randomUUID());
      if (result.success) idempotencyKey = result.data;
      else {
        issues.push(...result.error.issues);
        fields.push(...toFields(result.error.issues, 'idempotencyKey'));
      }
    }
    if (issues.length > 0) return err(new ShomeiRequestError(name, issues, fields));

    const params = (parsed.params ?? {}) as Record<string, unknown>;
    const path = endpoint.path.replace(/:(\w+)/g, (_, key: string) =>
      encodeURIComponent(String(params[key])),
    );
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Shomei-Client': `sdk/${SDK_VERSION}`,
    };
    const language = currentLocale();
    if (language !== undefined) headers['Accept-Language'] = language;
    if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
    if (bearer) headers['Shomei-Session-Mode'] = 'bearer';

    // O8: retrying is safe only when the service can tell a repeat from a new request.
    const idempotent = endpoint.method !== 'POST' || idempotencyKey !== undefined;

    try {
      const response = await ky(baseUrl + path, {
        method: endpoint.method,
        headers,
        ...(parsed.body !== undefined && { json: parsed.body }),
        ...(parsed.query !== undefined && { searchParams: parsed.query as Record<string, string> }),
        ...(input.signal && { signal: input.signal }),
        ...(options.fetch && { fetch: options.fetch }),
        credentials: 'include',
        timeout: timeoutMs,
        retry: {
          limit: idempotent ? retry : 0,
          methods: [endpoint.method.toLowerCase()],
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
      const body = await readJson(response);
      const result = body && z.safeParse(endpoint.response, body.json);
      if (result?.success) return ok(result.data as ResponseOf<N>);
      const problems = result?.error.issues ?? [
        {
          code: 'invalid_type',
          expected: 'object',
          path: [],
          message: 'The body is not JSON',
          input: undefined,
        },
      ];
      return err(new ShomeiResponseError(name, response.status, problems as z.core.$ZodIssue[]));
    } catch (error) {
      if (error instanceof HTTPError) return err(await apiError(name, error.response));
      if (error instanceof TimeoutError) return err(new ShomeiTimeoutError(name, timeoutMs));
      return err(new ShomeiNetworkError(name, error, input.signal?.aborted ?? false));
    }
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
    setLocale(next: Locale) {
      locale = next;
    },
    get locale() {
      return currentLocale();
    },
  };
  for (const [name, endpoint] of Object.entries(endpoints) as [
    EndpointName,
    EndpointDefinition,
  ][]) {
    const parts = PARTS.filter((part) => endpoint[part] !== undefined);
    client[name === 'setLocale' ? 'setLocalePreference' : name] = (...args: unknown[]) => {
      const input: Record<string, unknown> = { ...(args[parts.length] as CallOptions) };
      parts.forEach((part, index) => (input[part] = args[index]));
      return request(name, input as RequestInput<typeof name>);
    };
  }
  return client as unknown as ShomeiClient;
}

/** A 4xx/5xx as a `ShomeiApiError`, from the shared error body when there is one. */
async function apiError(endpoint: EndpointName, response: Response): Promise<ShomeiApiError> {
  const body = await readJson(response);
  const parsed = body && z.safeParse(ApiErrorBody, body.json);
  const headerWait = retryAfterSeconds(response);
  if (!parsed?.success) {
    return new ShomeiApiError({
      endpoint,
      status: response.status,
      code: response.status >= 500 ? 'internal' : 'http_error',
      message: `${endpoint}: HTTP ${response.status} without a contract error body`,
      retryAfterSeconds: headerWait,
    });
  }
  const { retryAfterSeconds: bodyWait, ...error } = parsed.data.error;
  return new ShomeiApiError({
    ...error,
    endpoint,
    status: response.status,
    retryAfterSeconds: bodyWait ?? headerWait,
  });
}
