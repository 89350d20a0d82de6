/**
 * The client loads zod and the schemas (`validation.ts`) with `import()` (decision 0012; the element entries inline them, 0016). These
 * tests hold that module back, or make it fail, to prove what the client does meanwhile.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isShomeiNetworkError, isShomeiTimeoutError } from './errors.js';

const BASE_URL = 'https://api.example.ac.jp/t/demo';
const session = { step: 'anonymous' };

const json = (body: unknown): Response =>
  new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.doUnmock('./validation.js');
  vi.resetModules();
});

/** `validation.js` (the checks) arrives only when the returned function is called. */
function holdChecks(): () => void {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  vi.doMock('./validation.js', async (importOriginal) => {
    await held;
    return importOriginal();
  });
  return release;
}

describe('the contract checks load after the first request is sent', () => {
  it('A1: a request without parts goes out before the checks are loaded; its answer waits for them', async () => {
    const release = holdChecks();
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
    const release = holdChecks();
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

  it('A16: a POST without parts (logout) waits for the checks: it is never sent if its answer could not be read', async () => {
    vi.doMock('./validation.js', async () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    const { createClient } = await import('./client.js');
    const fetch = vi.fn(async () => json(session));
    const client = createClient({ baseUrl: BASE_URL, fetch });
    const result = await client.logout();
    expect(isShomeiNetworkError(result.error)).toBe(true);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("X5: the wait for the checks honours timeoutMs and the caller's abort", async () => {
    vi.doMock('./validation.js', () => new Promise(() => undefined));
    const { createClient } = await import('./client.js');
    const fetch = vi.fn(async () => json(session));
    const client = createClient({ baseUrl: BASE_URL, fetch, timeoutMs: 30 });
    expect(isShomeiTimeoutError((await client.login({ userId: 'a', password: 'b' })).error)).toBe(
      true,
    );
    const patient = createClient({ baseUrl: BASE_URL, fetch, timeoutMs: 60_000 });
    const abort = new AbortController();
    const call = patient.getSession({ signal: abort.signal });
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(1));
    abort.abort();
    const { error } = await call;
    expect(isShomeiNetworkError(error) && error.aborted).toBe(true);
  });

  it('X5: offline, a failed load of the checks is no unhandled rejection', async () => {
    vi.doMock('./validation.js', async () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { createClient } = await import('./client.js');
      const client = createClient({
        baseUrl: BASE_URL,
        retry: 0,
        fetch: async () => {
          throw new TypeError('Failed to fetch');
        },
      });
      expect(isShomeiNetworkError((await client.getSession()).error)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
