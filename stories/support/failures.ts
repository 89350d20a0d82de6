/**
 * Failures the mock cannot produce by itself: the network is gone, the server breaks, an answer
 * never comes. Each installs an msw handler in front of the story's mock, for every endpoint or
 * only the named ones. Call them from a story's `beforeEach` (before the element renders) or in
 * `play` (before the step that should fail).
 *
 * Errors the service itself decides (wrong input, expired link, locked key, rate limit) are
 * driven through the real mock instead: see ./states.ts.
 */
import { endpoints, type EndpointName } from '@shomei/sdk';
import { delay, http, HttpResponse, type HttpResponseResolver } from 'msw';
import { storyMock } from './mock.js';

function override(only: readonly EndpointName[], resolver: HttpResponseResolver): void {
  const { mock, msw } = storyMock();
  if (only.length === 0) {
    msw.use(http.all(`${mock.baseUrl}/*`, resolver));
    return;
  }
  msw.use(
    ...only.map((name) => {
      const { method, path } = endpoints[name];
      // msw's path syntax knows `:orderId` like the contract's paths.
      return http[method === 'PUT' ? 'put' : method === 'POST' ? 'post' : 'get'](
        `${mock.tenantUrl()}${path}`,
        resolver,
      );
    }),
  );
}

/** X5 network loss: requests fail as if offline (`TypeError: Failed to fetch`). */
export function simulateNetworkLoss(...only: EndpointName[]): void {
  override(only, () => HttpResponse.error());
}

/** X5 server fault: HTTP 500 with the contract's error body (`code: 'internal'`). */
export function simulateServerFault(...only: EndpointName[]): void {
  override(only, () =>
    HttpResponse.json(
      { error: { code: 'internal', message: 'Simulated server fault (Storybook)' } },
      { status: 500 },
    ),
  );
}

/** Loading states: requests never get an answer (the SDK's timeout is 15 s by default). */
export function simulatePendingResponses(...only: EndpointName[]): void {
  override(only, async () => {
    await delay('infinite');
    return HttpResponse.error();
  });
}

/** Slow but successful answers: the mock answers after `ms` milliseconds. */
export function simulateSlowResponses(ms: number, ...only: EndpointName[]): void {
  const { mock } = storyMock();
  override(only, async ({ request }) => {
    await delay(ms);
    return mock.app.fetch(request);
  });
}

/**
 * The service answers one endpoint with an error of the contract, for codes no helper in
 * ./states.ts reaches (e.g. `access_contact_office` for another tenant's rule). Prefer driving
 * the real mock where a helper exists: it shows what the server really does.
 */
export function simulateApiError(
  name: EndpointName,
  code: string,
  status: number,
  extra: Record<string, unknown> = {},
): void {
  override([name], () =>
    HttpResponse.json(
      { error: { code, message: `Simulated ${code} (Storybook)`, ...extra } },
      { status },
    ),
  );
}
