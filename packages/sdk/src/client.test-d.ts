import { describe, expectTypeOf, it } from 'vitest';
import { createClient, type ShomeiClient } from './client.js';
import type { EndpointName, Order, Payment, SessionView } from './contract/index.js';
import { isShomeiApiError, type ShomeiApiError, type ShomeiError } from './errors.js';
import type { Result } from './result.js';

const client = createClient({ baseUrl: 'https://api.example.ac.jp/t/demo' });

describe('client types', () => {
  it('request takes exactly the parts an endpoint has', () => {
    // @ts-expect-error getOrder needs params
    void client.request('getOrder', {});
    // @ts-expect-error login needs a body
    void client.request('login', {});
    // @ts-expect-error a body of the wrong shape
    void client.request('login', { body: { userId: 'x' } });
    // @ts-expect-error getSession takes no body
    void client.request('getSession', { body: {} });
    // @ts-expect-error only payment endpoints take an idempotency key
    void client.request('login', { body: { userId: 'x', password: 'y' }, idempotencyKey: 'k' });
    // @ts-expect-error not an endpoint
    void client.request('deleteEverything', {});
    void client.request('getSession', {});
    void client.request('startPayment', {
      params: { orderId: 'o' },
      body: { method: 'card' },
      idempotencyKey: 'key-0123456789abcdef',
    });
  });

  it('request resolves to the endpoint response as a Result', () => {
    expectTypeOf(client.request('login', { body: { userId: 'x', password: 'y' } })).toEqualTypeOf<
      Promise<Result<SessionView>>
    >();
    expectTypeOf(client.getOrder({ orderId: 'o' })).toEqualTypeOf<Promise<Result<Order>>>();
    expectTypeOf(client.startPayment({ orderId: 'o' }, { method: 'card' })).toEqualTypeOf<
      Promise<Result<Payment>>
    >();
  });

  it('error must be checked before data is used', async () => {
    const result = await client.getSession();
    expectTypeOf(result.data).toEqualTypeOf<SessionView | null>();
    if (result.error === null) expectTypeOf(result.data).toEqualTypeOf<SessionView>();
    else expectTypeOf(result.error).toEqualTypeOf<ShomeiError>();
  });

  it('A9: isShomeiApiError narrows the code', () => {
    const error: unknown = null;
    if (isShomeiApiError(error, 'auth_key_wrong')) {
      expectTypeOf(error.code).toEqualTypeOf<'auth_key_wrong'>();
      expectTypeOf(error.attemptsLeft).toEqualTypeOf<number | undefined>();
    }
    if (isShomeiApiError(error)) expectTypeOf(error).toEqualTypeOf<ShomeiApiError>();
    // @ts-expect-error not an API error code
    isShomeiApiError(error, 'auth_key_wromg');
  });

  it('has a named method for every endpoint', () => {
    type Named = Exclude<EndpointName, 'setLocale'> | 'setLocalePreference';
    expectTypeOf<Named>().toExtend<keyof ShomeiClient>();
  });

  it('named methods take the body, query or params directly', () => {
    void client.getCatalog({ destination: 'mail' });
    // @ts-expect-error not a destination
    void client.getCatalog({ destination: 'moon' });
    void client.setLocalePreference({ locale: 'en' });
    client.setLocale('ko');
    // @ts-expect-error not a locale the product ships
    client.setLocale('fr');
    expectTypeOf(client.locale).toEqualTypeOf<'ja' | 'en' | 'zh-Hans' | 'ko' | undefined>();
  });
});
