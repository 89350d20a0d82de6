/**
 * The client loads zod and the schemas (`validation.ts`) with `import()` (decision 0012). These
 * tests hold that module back, or make it fail, to prove what the client does meanwhile.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isShomeiNetworkError } from './errors.js';

const BASE_URL = 'https://api.example.ac.jp/t/demo';
const session = { step: 'anonymous' };

const json = (body: unknown): Response =>
  new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.doUnmock('./validation.js');
  vi.resetModules();
});

describe('the contract checks load after the first request is sent', () => {
  it('A1: a request without parts goes out before the checks are loaded; its answer waits for them', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.doMock('./validation.js', async (importOriginal) => {
      await held;
      return importOriginal();
    });
    const { createClient } = await import('./client.js');
    const requests: string[] = [];
    const client = createClient({
      baseUrl: BASE_URL,
      fetch: async (input) => {
        requests.push(String(input instanceof Request ? input.url : input));
        return json(session);
      },
    });
    let settled = false;
    const call = client.getSession().finally(() => (settled = true));
    await vi.waitFor(() => expect(requests).toEqual([`${BASE_URL}/session`]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    release();
    expect(await call).toEqual({ data: session, error: null });
  });

  it('A1: a request with a body is not sent until it has been checked', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.doMock('./validation.js', async (importOriginal) => {
      await held;
      return importOriginal();
    });
    const { createClient } = await import('./client.js');
    const fetch = vi.fn(async () => json(session));
    const client = createClient({ baseUrl: BASE_URL, fetch });
    const call = client.login({ userId: '', password: '' } as never);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fetch).not.toHaveBeenCalled();
    release();
    const result = await call;
    expect(result.error?.code).toBe('invalid_request');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('X5: checks that fail to load are a network error, and the next call loads them again', async () => {
    let failures = 1;
    vi.doMock('./validation.js', async (importOriginal) => {
      if (failures-- > 0) throw new TypeError('Failed to fetch dynamically imported module');
      return importOriginal();
    });
    const { createClient } = await import('./client.js');
    const client = createClient({ baseUrl: BASE_URL, fetch: async () => json(session) });
    const first = await client.getSession();
    expect(isShomeiNetworkError(first.error)).toBe(true);
    expect(await client.getSession()).toEqual({ data: session, error: null });
  });
});
