/**
 * One fresh in-memory Shōmei service per story, behind msw's service worker.
 *
 * `.storybook/preview.ts` calls `startStoryMock(context)` in its `beforeEach`, before the
 * story's own `beforeEach`, so a story (or a helper from `./states.js` / `./failures.js`) can
 * reach the mock with `storyMock()` and drive it into a state before the element renders.
 *
 * The SDK client runs in bearer mode: browsers drop `Set-Cookie` from responses a service
 * worker makes up, so cookie sessions cannot work against the mock. The session token lives in
 * the client, so state helpers must use this same client (they do): the elements pick it up
 * page-wide through `configureShomei`.
 */
import { configureShomei } from '@shomei/elements';
import { createMockService, type MockService, type MockServiceOptions } from '@shomei/mock';
import type { ClientOptions, ShomeiClient } from '@shomei/sdk';
import type { SetupWorker } from 'msw/browser';

/** `parameters.shomei` of a story (or its meta): how to set up the mock and the client. */
export interface ShomeiStoryParameters {
  /** Passed to `createMockService`: tenants, accounts, clock start, rate limits... */
  readonly mock?: Omit<MockServiceOptions, 'baseUrl' | 'logger'>;
  /** Client options besides the base URL and session mode (default `retry: 0`, fast errors). */
  readonly client?: Pick<ClientOptions, 'retry' | 'timeoutMs'>;
}

export interface StoryMock {
  /** The in-memory service: `mailbox`, `clock`, `staff`, `sandbox`, `tenantUrl()`. */
  readonly mock: MockService;
  /** The page-wide SDK client the elements use (bearer mode, against the mock). */
  readonly client: ShomeiClient;
  /** msw's worker: `msw.use(handler)` overrides the mock for this story. */
  readonly msw: SetupWorker;
}

let current: StoryMock | undefined;

/** The current story's mock, client and worker (set up by `.storybook/preview.ts`). */
export function storyMock(): StoryMock {
  if (current === undefined)
    throw new Error('No story mock: storyMock() works inside a story (beforeEach, render, play).');
  return current;
}

/** The service's log is noise in the browser console; its errors still get through. */
const quietLogger: NonNullable<MockServiceOptions['logger']> = {
  error: (message, data) => console.error(message, data),
  warn: () => undefined,
  info: () => undefined,
};

interface MockContext {
  readonly parameters: { readonly shomei?: ShomeiStoryParameters };
  readonly msw?: SetupWorker;
}

/** For `.storybook/preview.ts`: a fresh mock and client for the story about to render. */
export function startStoryMock(context: MockContext): StoryMock {
  const { msw } = context;
  if (msw === undefined)
    throw new Error('msw-storybook-addon is not active: add it to `addons` in .storybook/main.ts.');
  const parameters = context.parameters.shomei ?? {};
  const mock = createMockService({ ...parameters.mock, logger: quietLogger });
  // The addon resets the worker's handlers after each story; these are the story's baseline,
  // and a story's own `msw.use(...)` (see ./failures.ts) comes first, overriding them.
  msw.use(...mock.handlers);
  const client = configureShomei({
    baseUrl: mock.tenantUrl(),
    sessionMode: 'bearer',
    retry: 0,
    ...parameters.client,
  });
  current = { mock, client, msw };
  return current;
}
