import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClient, SDK_VERSION, type ClientOptions } from './client.js';
import { endpoints } from './contract/endpoints.js';
import {
  isShomeiApiError,
  isShomeiNetworkError,
  isShomeiRequestError,
  isShomeiResponseError,
  isShomeiTimeoutError,
} from './errors.js';
import { unwrap } from './result.js';

const BASE_URL = 'https://api.example.ac.jp/t/demo';

/** One scripted answer: a response, a thrown error (no response), or a function of the request. */
type Answer = Response | Error | ((request: Request) => Response | Promise<Response>);

interface FakeFetch {
  readonly fetch: typeof fetch;
  /** Every request the client sent, in order. */
  readonly requests: Request[];
  /** The bodies, read as text (a Request's body can be read once). */
  readonly bodies: string[];
}

/** A `fetch` that answers from a script; a call past the script fails the test. */
function fakeFetch(...answers: Answer[]): FakeFetch {
  const requests: Request[] = [];
  const bodies: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request);
    bodies.push(await request.clone().text());
    const answer = answers[requests.length - 1];
    if (answer === undefined)
      throw new Error(`unexpected request #${requests.length}: ${request.url}`);
    if (answer instanceof Error) throw answer;
    return typeof answer === 'function' ? answer(request) : answer;
  };
  return { fetch: fetch as typeof globalThis.fetch, requests, bodies };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

const apiError = (
  status: number,
  error: Record<string, unknown>,
  headers: Record<string, string> = {},
) => json(status, { error: { message: 'for developers', ...error } }, headers);

const client = (fake: FakeFetch, options: Partial<ClientOptions> = {}) =>
  createClient({ baseUrl: BASE_URL, fetch: fake.fetch, ...options });

const anonymous = { step: 'anonymous' } as const;
const payment = {
  paymentId: 'pay_1',
  orderId: 'ord_1',
  method: 'card',
  status: 'pending',
  amount: 1200,
  createdAt: '2026-04-01T10:00:00+09:00',
  nextStep: { kind: 'redirect', url: 'https://pay.example.com/session/1' },
} as const;
const order = {
  orderId: 'ord_1',
  createdAt: '2026-04-01T10:00:00+09:00',
  destination: 'mail',
  lines: [],
  total: 1200,
  delivery: { category: 'counter', address: '窓口受取り' },
  pickupReadyAt: '2026-04-02T13:00:00+09:00',
  status: 'awaiting-payment',
  payment: null,
  printReservation: null,
  completedAt: null,
} as const;

const header = (request: Request | undefined, name: string) => request?.headers.get(name) ?? null;

describe('request validation', () => {
  it('A1: stops input the contract refuses before anything is sent', async () => {
    const fake = fakeFetch();
    const result = await client(fake).login({ userId: '', password: 'pw' });
    expect(fake.requests).toHaveLength(0);
    expect(isShomeiRequestError(result.error)).toBe(true);
    expect(result.error).toMatchObject({
      code: 'invalid_request',
      endpoint: 'login',
      fields: [{ field: 'userId', code: 'too_small' }],
    });
  });

  it('names unknown keys one by one and a missing part by its name', async () => {
    const fake = fakeFetch();
    const sdk = client(fake);
    const extra = await sdk.login({ userId: 's1', password: 'pw', remember: true } as never);
    expect(extra.error).toMatchObject({
      fields: [{ field: 'remember', code: 'unrecognized_keys' }],
    });
    const missing = await sdk.request('getOrder', {} as never);
    expect(missing.error).toMatchObject({ fields: [{ field: 'params', code: 'invalid_type' }] });
    expect(fake.requests).toHaveLength(0);
  });

  it('O8: refuses a malformed Idempotency-Key', async () => {
    const fake = fakeFetch();
    const result = await client(fake).startPayment(
      { orderId: 'ord_1' },
      { method: 'card' },
      { idempotencyKey: 'short' },
    );
    expect(result.error).toMatchObject({
      code: 'invalid_request',
      fields: [{ field: 'idempotencyKey' }],
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('throws for an unknown endpoint name (a programmer error)', async () => {
    const sdk = client(fakeFetch());
    await expect(sdk.request('nope' as never, {} as never)).rejects.toThrow(TypeError);
  });
});

describe('what every request carries', () => {
  it('sends credentials, Accept, the Shomei-Client header and JSON', async () => {
    const fake = fakeFetch(json(200, anonymous));
    const result = await client(fake).login({ userId: 's2026001', password: 'pw' });
    expect(result).toEqual({ data: anonymous, error: null });
    const [sent] = fake.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe(`${BASE_URL}/session/login`);
    expect(sent?.credentials).toBe('include');
    expect(header(sent, 'Shomei-Client')).toBe(`sdk/${SDK_VERSION}`);
    expect(header(sent, 'Accept')).toBe('application/json');
    expect(header(sent, 'Content-Type')).toBe('application/json');
    expect(JSON.parse(fake.bodies[0] ?? '')).toEqual({ userId: 's2026001', password: 'pw' });
    expect(header(sent, 'Authorization')).toBeNull();
    expect(header(sent, 'Shomei-Session-Mode')).toBeNull();
  });

  it('A14: Accept-Language follows setLocale and a locale function', async () => {
    const fake = fakeFetch(json(200, anonymous), json(200, anonymous), json(200, anonymous));
    let uiLocale: 'ja' | 'ko' = 'ja';
    const sdk = client(fake, { locale: () => uiLocale });
    await sdk.getSession();
    uiLocale = 'ko';
    expect(sdk.locale).toBe('ko');
    await sdk.getSession();
    sdk.setLocale('en');
    expect(sdk.locale).toBe('en');
    await sdk.getSession();
    expect(fake.requests.map((request) => header(request, 'Accept-Language'))).toEqual([
      'ja',
      'ko',
      'en',
    ]);
  });

  it('substitutes encoded path parameters and sends the query as search params', async () => {
    const fake = fakeFetch(json(200, order), json(200, { destination: 'mail', items: [] }));
    const sdk = createClient({ baseUrl: `${BASE_URL}/`, fetch: fake.fetch });
    expect(sdk.baseUrl).toBe(BASE_URL);
    expect((await sdk.getOrder({ orderId: 'a/b c' })).error).toBeNull();
    expect((await sdk.getCatalog({ destination: 'mail' })).error).toBeNull();
    expect(fake.requests.map((request) => request.url)).toEqual([
      `${BASE_URL}/orders/a%2Fb%20c`,
      `${BASE_URL}/catalog?destination=mail`,
    ]);
  });

  it('has a named method for every endpoint (setLocale: setLocalePreference)', () => {
    const sdk = createClient({ baseUrl: BASE_URL });
    for (const name of Object.keys(endpoints)) {
      const method = name === 'setLocale' ? 'setLocalePreference' : name;
      expect(typeof (sdk as unknown as Record<string, unknown>)[method], method).toBe('function');
    }
    expect(typeof sdk.setLocale).toBe('function');
  });

  it('named methods put their arguments in the parts the endpoint has, then the options', async () => {
    const fake = fakeFetch(json(201, payment), json(200, { locale: 'en' }));
    const sdk = client(fake);
    const controller = new AbortController();
    await sdk.startPayment(
      { orderId: 'ord_1' },
      { method: 'card' },
      { idempotencyKey: 'key_0123456789abcdef', signal: controller.signal },
    );
    await sdk.setLocalePreference({ locale: 'en' });
    expect(fake.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      `POST ${BASE_URL}/orders/ord_1/payments`,
      `PUT ${BASE_URL}/account/locale`,
    ]);
    expect(fake.requests[0]?.headers.get('Idempotency-Key')).toBe('key_0123456789abcdef');
    expect(fake.bodies).toEqual(['{"method":"card"}', '{"locale":"en"}']);
  });

  it('rejects a malformed base URL at once', () => {
    expect(() => createClient({ baseUrl: 'not a url' })).toThrow();
  });

  it('SDK_VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(SDK_VERSION).toBe(pkg.version);
  });
});

describe('retries', () => {
  it('retries a GET after a 503, honouring Retry-After', async () => {
    const fake = fakeFetch(
      apiError(503, { code: 'internal' }, { 'Retry-After': '0' }),
      json(200, anonymous),
    );
    const result = await client(fake).getSession();
    expect(result.data).toEqual(anonymous);
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up after `retry` extra attempts with the last error', async () => {
    const unavailable = () => apiError(503, { code: 'internal' }, { 'Retry-After': '0' });
    const fake = fakeFetch(unavailable(), unavailable(), unavailable());
    const result = await client(fake).getSession();
    expect(fake.requests).toHaveLength(3);
    expect(result.error).toMatchObject({ name: 'ShomeiApiError', status: 503, code: 'internal' });
  });

  it('retries a GET after a network error', async () => {
    const fake = fakeFetch(new TypeError('fetch failed'), json(200, anonymous));
    const result = await client(fake, { retry: 1 }).getSession();
    expect(result.data).toEqual(anonymous);
    expect(fake.requests).toHaveLength(2);
  });

  it('does not wait for a long Retry-After: the caller gets rate_limited with it', async () => {
    const fake = fakeFetch(apiError(429, { code: 'rate_limited' }, { 'Retry-After': '120' }));
    const result = await client(fake).getSession();
    expect(fake.requests).toHaveLength(1);
    expect(result.error).toMatchObject({
      code: 'rate_limited',
      status: 429,
      retryAfterSeconds: 120,
    });
  });

  it('O8: retries a payment with the same Idempotency-Key', async () => {
    const fake = fakeFetch(
      apiError(503, { code: 'internal' }, { 'Retry-After': '0' }),
      new TypeError('connection reset'),
      json(201, payment),
    );
    const result = await client(fake).startPayment({ orderId: 'ord_1' }, { method: 'card' });
    expect(result.data).toEqual(payment);
    expect(fake.requests).toHaveLength(3);
    const keys = fake.requests.map((request) => header(request, 'Idempotency-Key'));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(new Set(fake.bodies).size).toBe(1);
  });

  it("O8: sends the caller's Idempotency-Key, and a fresh one per call otherwise", async () => {
    const fake = fakeFetch(json(201, payment), json(201, payment), json(201, payment));
    const sdk = client(fake);
    await sdk.startPayment(
      { orderId: 'ord_1' },
      { method: 'card' },
      { idempotencyKey: 'order-ord_1-attempt-1' },
    );
    await sdk.startPayment({ orderId: 'ord_1' }, { method: 'card' });
    await sdk.request('startPayment', { params: { orderId: 'ord_1' }, body: { method: 'card' } });
    const keys = fake.requests.map((request) => header(request, 'Idempotency-Key'));
    expect(keys[0]).toBe('order-ord_1-attempt-1');
    expect(new Set(keys).size).toBe(3);
  });

  it('never retries a login POST (no Idempotency-Key)', async () => {
    const fake = fakeFetch(apiError(503, { code: 'internal' }, { 'Retry-After': '0' }));
    const result = await client(fake).login({ userId: 's1', password: 'pw' });
    expect(fake.requests).toHaveLength(1);
    expect(result.error).toMatchObject({ status: 503, code: 'internal' });
    const offline = fakeFetch(new TypeError('fetch failed'));
    expect(
      isShomeiNetworkError((await client(offline).login({ userId: 's1', password: 'pw' })).error),
    ).toBe(true);
    expect(offline.requests).toHaveLength(1);
  });
});

describe('errors as results', () => {
  it('A9: a wrong auth key becomes ShomeiApiError with its code and attemptsLeft', async () => {
    const fake = fakeFetch(apiError(400, { code: 'auth_key_wrong', attemptsLeft: 2 }));
    const { data, error } = await client(fake).verifyAuthKey({ authKey: '123456' });
    expect(data).toBeNull();
    expect(isShomeiApiError(error, 'auth_key_wrong')).toBe(true);
    expect(isShomeiApiError(error, 'auth_key_locked')).toBe(false);
    expect(error).toMatchObject({
      status: 400,
      endpoint: 'verifyAuthKey',
      attemptsLeft: 2,
      fields: [],
    });
  });

  it('A5: the fields at fault come through', async () => {
    const fields = [{ field: 'secondPassword', code: 'has-digit' }];
    const fake = fakeFetch(apiError(422, { code: 'second_password_rules', fields }));
    const result = await client(fake).setupSecondPassword({
      secondPassword: 'abcdefgh',
      secondPasswordConfirmation: 'abcdefgh',
    });
    expect(result.error).toMatchObject({ code: 'second_password_rules', fields, lineProblems: [] });
  });

  it('A18: availableFrom and the notice come through', async () => {
    const fake = fakeFetch(
      apiError(403, {
        code: 'access_not_yet_available',
        availableFrom: '2026-04-03T13:00:00+09:00',
      }),
      apiError(403, {
        code: 'access_contact_office',
        notice: { ja: '学務係へ', en: 'Ask the office' },
      }),
    );
    const sdk = client(fake);
    const early = await sdk.login({ userId: 's1', password: 'pw' });
    expect(early.error).toMatchObject({ availableFrom: '2026-04-03T13:00:00+09:00' });
    const graduate = await sdk.login({ userId: 'g1', password: 'pw' });
    expect(graduate.error).toMatchObject({ notice: { ja: '学務係へ' } });
  });

  it('takes retryAfterSeconds from the Retry-After header when the body has none', async () => {
    const fake = fakeFetch(apiError(429, { code: 'rate_limited' }, { 'Retry-After': '30' }));
    const result = await client(fake).login({ userId: 's1', password: 'pw' });
    expect(result.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30 });
  });

  it('an error without the contract body: http_error for 4xx, internal for 5xx', async () => {
    const fake = fakeFetch(
      new Response('<html>Not Found</html>', { status: 404 }),
      new Response('Bad Gateway', { status: 502 }),
    );
    const sdk = client(fake, { retry: 0 });
    expect((await sdk.getSession()).error).toMatchObject({
      name: 'ShomeiApiError',
      status: 404,
      code: 'http_error',
    });
    expect((await sdk.getSession()).error).toMatchObject({
      name: 'ShomeiApiError',
      status: 502,
      code: 'internal',
    });
  });

  it('a 2xx that breaks the contract is a ShomeiResponseError, not an HTTP failure', async () => {
    const fake = fakeFetch(
      json(200, { step: 'flying' }),
      new Response('<html>portal</html>', { status: 200 }),
    );
    const sdk = client(fake);
    const wrongShape = await sdk.getSession();
    expect(isShomeiResponseError(wrongShape.error)).toBe(true);
    expect(isShomeiApiError(wrongShape.error)).toBe(false);
    expect(wrongShape.error).toMatchObject({
      code: 'response_invalid',
      endpoint: 'getSession',
      status: 200,
    });
    if (isShomeiResponseError(wrongShape.error))
      expect(wrongShape.error.issues.length).toBeGreaterThan(0);
    const notJson = await sdk.getSession();
    expect(notJson.error).toMatchObject({ code: 'response_invalid' });
  });

  it('X5: no response at all is a ShomeiNetworkError', async () => {
    const cause = new TypeError('getaddrinfo ENOTFOUND');
    const fake = fakeFetch(cause);
    const result = await client(fake, { retry: 0 }).getTenant();
    expect(isShomeiNetworkError(result.error)).toBe(true);
    expect(result.error).toMatchObject({
      code: 'network',
      endpoint: 'getTenant',
      aborted: false,
      cause,
    });
  });

  it('X5: no answer within timeoutMs is a ShomeiTimeoutError', async () => {
    const hang = (request: Request) =>
      new Promise<Response>((_, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason));
      });
    const fake = fakeFetch(hang);
    const result = await client(fake, { timeoutMs: 20 }).getSession();
    expect(isShomeiTimeoutError(result.error)).toBe(true);
    expect(result.error).toMatchObject({ code: 'timeout', timeoutMs: 20 });
    expect(fake.requests).toHaveLength(1);
  });

  it("the caller's abort is a ShomeiNetworkError marked aborted", async () => {
    const controller = new AbortController();
    const fake = fakeFetch((request) => {
      controller.abort();
      return Promise.reject(request.signal.reason);
    });
    const result = await client(fake).getSession({ signal: controller.signal });
    expect(result.error).toMatchObject({ code: 'network', aborted: true });
    expect(fake.requests).toHaveLength(1);
  });

  it('unwrap gives the data or throws the error', async () => {
    const fake = fakeFetch(json(200, anonymous), apiError(401, { code: 'unauthenticated' }));
    const sdk = client(fake);
    expect(unwrap(await sdk.getSession())).toEqual(anonymous);
    const failed = await sdk.extendSession();
    expect(() => unwrap(failed)).toThrow(expect.objectContaining({ code: 'unauthenticated' }));
  });
});

describe('bearer session mode', () => {
  it('A16: keeps the rotated token in memory, sends it, forgets it on an empty value', async () => {
    const fake = fakeFetch(
      json(
        200,
        { step: 'second-password-setup', userId: 's1' },
        { 'Shomei-Session-Token': 'token-1' },
      ),
      json(200, anonymous, { 'Shomei-Session-Token': 'token-2' }),
      json(200, anonymous, { 'Shomei-Session-Token': '' }),
      json(200, anonymous),
    );
    const sdk = client(fake, { sessionMode: 'bearer' });
    await sdk.login({ userId: 's1', password: 'pw' });
    await sdk.getSession();
    await sdk.logout();
    await sdk.getSession();
    expect(fake.requests.map((request) => header(request, 'Shomei-Session-Mode'))).toEqual(
      Array(4).fill('bearer'),
    );
    expect(fake.requests.map((request) => header(request, 'Authorization'))).toEqual([
      null,
      'Bearer token-1',
      'Bearer token-2',
      null,
    ]);
  });

  it('takes the token from error responses too', async () => {
    const fake = fakeFetch(
      apiError(
        400,
        { code: 'auth_key_wrong', attemptsLeft: 1 },
        { 'Shomei-Session-Token': 'token-9' },
      ),
      json(200, anonymous),
    );
    const sdk = client(fake, { sessionMode: 'bearer' });
    await sdk.verifyAuthKey({ authKey: '000000' });
    await sdk.getSession();
    expect(header(fake.requests[1], 'Authorization')).toBe('Bearer token-9');
  });

  it('A7: keeps the device trust the service grants and shows it on later logins', async () => {
    const fake = fakeFetch(
      json(200, anonymous, { 'Shomei-Session-Token': 'token-1', 'Shomei-Device-Trust': 'trust-1' }),
      json(200, anonymous, { 'Shomei-Session-Token': '' }),
      json(200, anonymous),
    );
    const sdk = client(fake, { sessionMode: 'bearer' });
    await sdk.verifyAuthKey({ authKey: '123456', trustDevice: true });
    await sdk.logout();
    await sdk.getSession();
    expect(fake.requests.map((request) => header(request, 'Shomei-Device-Trust'))).toEqual([
      null,
      'trust-1',
      'trust-1',
    ]);
  });

  it('cookie mode ignores the token header', async () => {
    const fake = fakeFetch(
      json(200, anonymous, { 'Shomei-Session-Token': 'token-1' }),
      json(200, anonymous),
    );
    const sdk = client(fake);
    await sdk.getSession();
    await sdk.getSession();
    expect(header(fake.requests[1], 'Authorization')).toBeNull();
  });
});
