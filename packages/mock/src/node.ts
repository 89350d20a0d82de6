/** @shomei/mock/node: the mock behind msw/node, for tests and scripts. */
import { setupServer } from 'msw/node';
import { createMockService, type MockService, type MockServiceOptions } from './index.js';

export interface MockServer extends MockService {
  readonly server: ReturnType<typeof setupServer>;
  /** Stops intercepting. */
  close(): void;
}

/**
 * Starts intercepting `fetch` in this process. Any request the mock does not handle fails the
 * test (`onUnhandledRequest: 'error'`), so nothing reaches the network by accident.
 */
export function setupMockServer(options: MockServiceOptions = {}): MockServer {
  const mock = createMockService(options);
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  return { ...mock, server, close: () => server.close() };
}

export * from './index.js';
