/**
 * Test helper: waits for the state a test is about, with no deadline a slow machine can reach.
 *
 * @open-wc/testing's `waitUntil` gives up after 1 s unless told otherwise, and a busy 2-core CI
 * box (several browser pages, the dev server's first transforms, other jobs) takes longer than
 * that for a login or an order step now and then. A test must fail because the state never
 * comes, not because it came late: this `waitUntil` gives up only after `HANG_MS`, which only a
 * real hang reaches, and then says what it waited for. Mocha's own per-test timeout
 * (web-test-runner.config.mjs) is above it, so a stuck wait reports its message, not mocha's.
 */
import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

/** How long a wait may take before it is a hang: far beyond any busy machine's delay. */
export const HANG_MS = 60_000;

/** Resolves once `predicate` holds (polled every 50 ms); rejects with `message` on a hang. */
export function waitUntil(
  predicate: () => unknown,
  message?: string,
  options: { readonly interval?: number } = {},
): Promise<void> {
  return openWcWaitUntil(predicate, message, {
    interval: options.interval ?? 50,
    timeout: HANG_MS,
  });
}
