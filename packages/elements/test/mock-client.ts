/**
 * Test helpers: an SDK client wired straight to the in-memory mock service, no service worker.
 * `createClient`'s `fetch` option hands each request to the mock's Hono app.
 */
import { createMockService, type MockService, type MockServiceOptions } from '@shomei/mock';
import { createClient, type ShomeiClient } from '@shomei/sdk';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: string;
}

export interface TestClient {
  readonly mock: MockService;
  readonly client: ShomeiClient;
  /** Every request the client sent, in order. */
  readonly requests: RecordedRequest[];
}

/** The service's own log is noise in browser test output; errors still reach the console. */
export const quietLogger: NonNullable<MockServiceOptions['logger']> = {
  error: (message, data) => console.error(message, data),
  warn: () => undefined,
  info: () => undefined,
};

/**
 * A client of `mock`'s tenant, in bearer mode and without retries, whose every request goes to
 * `send` (which records or spoils it, then usually hands it to the mock).
 */
export function mockBackedClient(
  mock: MockService,
  send: (request: Request) => Promise<Response>,
): ShomeiClient {
  return createClient({
    baseUrl: mock.tenantUrl(),
    sessionMode: 'bearer',
    retry: 0,
    fetch: (input, init) => send(new Request(input, init)),
  });
}

export function createTestClient(options: MockServiceOptions = {}): TestClient {
  const mock = createMockService({ logger: quietLogger, ...options });
  const requests: RecordedRequest[] = [];
  const client = mockBackedClient(mock, async (request) => {
    requests.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: await request.clone().text(),
    });
    return mock.app.fetch(request);
  });
  return { mock, client, requests };
}

/** The service's answer to a request it failed on: HTTP 500, `internal`. */
export const serverFault = (): Response =>
  new Response(JSON.stringify({ error: { code: 'internal', message: 'boom' } }), {
    status: 500,
    headers: { 'content-type': 'application/json' },
  });

/** A client whose every request fails: `network` (no response) or `server` (HTTP 500). */
export function createFailingClient(kind: 'network' | 'server'): ShomeiClient {
  return createClient({
    baseUrl: 'http://localhost:4010/t/demo',
    retry: 0,
    fetch: async () => {
      if (kind === 'network') throw new TypeError('Failed to fetch');
      return serverFault();
    },
  });
}

/** A client whose requests wait until `release()` is called (to test loading states). */
export function createPausedClient(): { client: ShomeiClient; release(): void } {
  const { client: inner } = createTestClient();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const client: ShomeiClient = {
    ...inner,
    getTenant: async (options) => {
      await gate;
      return inner.getTenant(options);
    },
  };
  return { client, release };
}
