/**
 * Test helper: a signed-in page with `<shomei-session-timer>` on the mock service's clock and a
 * manual scheduler.
 */
import { fixture, html } from '@open-wc/testing';
import '../src/define/shomei-session-timer.js';
import type { ShomeiSessionTimer } from '../src/session-timer/session-timer.js';
import { FakeScheduler, loginReturningStudent, type AuthenticatedView } from './login-helpers.js';
import { createTestClient, type TestClient } from './mock-client.js';
import { waitUntil } from './wait.js';

/** Wednesday 3 June 2026, 10:00 in Tokyo. */
export const START = new Date('2026-06-03T01:00:00Z');

/** The focused element, looking through shadow roots. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

export interface SessionTimerSetup {
  readonly test: TestClient;
  readonly session: AuthenticatedView;
  readonly scheduler: FakeScheduler;
  readonly element: ShomeiSessionTimer;
  /** Moves the mock service's clock and the element's clock together. */
  advance(ms: number): void;
  /** Milliseconds until the session's idle timeout, by the element's clock. */
  untilTimeout(): number;
}

export async function mountSessionTimer(
  attributes: { warning?: number; trackActivity?: boolean } = {},
): Promise<SessionTimerSetup> {
  const test = createTestClient({ clock: START });
  const session = await loginReturningStudent(test);
  const scheduler = new FakeScheduler(test.mock.clock.now().getTime());
  const opener = await fixture<HTMLDivElement>(
    html`<div>
      <button id="opener">page</button>
      <shomei-session-timer
        .client=${test.client}
        .session=${session}
        .scheduler=${scheduler}
        .idleWarningSeconds=${attributes.warning}
        ?track-activity=${attributes.trackActivity ?? false}
      ></shomei-session-timer>
    </div>`,
  );
  const element = opener.querySelector('shomei-session-timer')!;
  await waitUntil(() => element.sessionState !== undefined, 'no session flow');
  await element.updateComplete;
  opener.querySelector<HTMLButtonElement>('#opener')!.focus();
  const advance = (ms: number) => {
    test.mock.clock.advance(ms);
    scheduler.advance(ms);
  };
  const untilTimeout = () => {
    const state = element.sessionState!;
    return 'idleExpiresAt' in state ? Date.parse(state.idleExpiresAt) - scheduler.now() : 0;
  };
  return { test, session, scheduler, element, advance, untilTimeout };
}
