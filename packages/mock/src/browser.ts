/**
 * @shomei/mock/browser: the mock in a service worker, for Storybook and the offline demo.
 * The page must serve msw's `mockServiceWorker.js` (generate it with `npx msw init <dir>`).
 * Browsers drop Set-Cookie from mocked responses, so the SDK runs in bearer mode here.
 */
import { setupWorker } from 'msw/browser';
import { createMockService, type MockService, type MockServiceOptions } from './index.js';

export interface MockWorkerOptions extends MockServiceOptions {
  /** Where the worker script is served; default `/mockServiceWorker.js`. */
  readonly serviceWorkerUrl?: string;
  /** Log every intercepted request to the console; default false. */
  readonly verbose?: boolean;
}

export interface MockWorker extends MockService {
  readonly worker: ReturnType<typeof setupWorker>;
  stop(): void;
}

export async function startMockWorker(options: MockWorkerOptions = {}): Promise<MockWorker> {
  const mock = createMockService(options);
  const worker = setupWorker(...mock.handlers);
  await worker.start({
    // The page's own assets (scripts, fonts, stories) must pass through untouched.
    onUnhandledRequest: 'bypass',
    quiet: !(options.verbose ?? false),
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
  });
  return { ...mock, worker, stop: () => worker.stop() };
}

export * from './index.js';
