/**
 * `<shomei-session-timer>` without its dialog's chunk (docs/decisions/0012): the warning must
 * still show and extending must still work (WCAG 2.2.1). Its own file, so that the page has never
 * loaded the chunk: a chunk that arrived once is kept for the page's life.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { resetShomeiConfig } from '../config.js';
import '../define/shomei-session-timer.js';
import type { ShomeiSessionTimer } from './session-timer.js';
import { deepActive, mountSessionTimer } from '../../test/session-timer-setup.js';
import { sessionTimerDialogImport } from './dialog-import.js';
import { waitUntil } from '../../test/wait.js';

const setup = () => mountSessionTimer();

const fallback = (element: ShomeiSessionTimer) =>
  element.shadowRoot!.querySelector<HTMLElement>('.fallback');
const text = (element: ShomeiSessionTimer) =>
  element.shadowRoot!.textContent?.replace(/\s+/gu, ' ') ?? '';
const liveRegion = (element: ShomeiSessionTimer) =>
  element.shadowRoot!.querySelector('.fallback .visually-hidden[role="status"]')!;
const button = (element: ShomeiSessionTimer) =>
  element.shadowRoot!.querySelector<HTMLButtonElement>('.fallback button')!;

describe('shomei-session-timer without its dialog chunk', () => {
  const load = sessionTimerDialogImport.load;
  let fetches = 0;

  before(() => {
    sessionTimerDialogImport.load = () => {
      fetches += 1;
      return Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    };
  });

  after(() => {
    sessionTimerDialogImport.load = load;
  });

  afterEach(() => {
    resetShomeiConfig();
  });

  it('A16/WCAG 2.2.1: the warning still shows the seconds left, is announced, and 「延長する」 extends', async () => {
    const { test, element, advance, untilTimeout } = await setup();
    expect(fetches).to.be.greaterThan(0);
    expect(element.shadowRoot!.querySelector('shomei-dialog')).to.equal(null);
    advance(untilTimeout() - 61_000);
    await element.updateComplete;
    expect(fallback(element)).to.equal(null);

    advance(1_000);
    await waitUntil(() => fallback(element) !== null, 'no fallback warning');
    await element.updateComplete;
    expect(text(element)).to.contain('操作がないため、あと60秒で自動的にログアウトします。');
    await waitUntil(() => liveRegion(element).textContent!.includes('60秒'), 'not announced');
    expect(deepActive()?.textContent).to.contain('延長する');
    await expect(element).to.be.accessible();

    advance(30_000);
    await element.updateComplete;
    expect(text(element)).to.contain('あと30秒で');
    // Announced at the start and at 10 s, not every second.
    expect(liveRegion(element).textContent).to.contain('60秒');

    const before = element.sessionState as { idleExpiresAt: string };
    button(element).click();
    await waitUntil(() => element.sessionState?.status === 'active', 'not extended');
    await element.updateComplete;
    expect(fallback(element)).to.equal(null);
    expect(test.requests.some((request) => request.url.endsWith('/session/extend'))).to.equal(true);
    const after = element.sessionState as { idleExpiresAt: string };
    expect(Date.parse(after.idleExpiresAt)).to.be.greaterThan(Date.parse(before.idleExpiresAt));
    expect(deepActive()?.id).to.equal('opener');

    // The next warning shows again.
    advance(untilTimeout() - 30_000);
    await waitUntil(() => fallback(element) !== null, 'no second warning');
    expect(text(element)).to.contain('あと30秒で');
  });

  it('A16/X5: a failed extension keeps the warning and says so', async () => {
    const { test, element, advance, untilTimeout } = await setup();
    advance(untilTimeout() - 30_000);
    await waitUntil(() => fallback(element) !== null, 'no fallback warning');
    const failed = oneEvent(element, 'shomei-error');
    const original = test.mock.app.fetch;
    test.mock.app.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as never;
    button(element).click();
    expect((await failed).detail.operation).to.equal('extendSession');
    test.mock.app.fetch = original;
    await element.updateComplete;
    expect(element.sessionState?.status).to.equal('warning');
    expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain(
      '通信できませんでした',
    );
    expect(fallback(element)).not.to.equal(null);
    await expect(element).to.be.accessible();
  });

  it('A16: when the time runs out it logs out, fires shomei-logout (idle) and says so', async () => {
    const { element, advance, untilTimeout } = await setup();
    advance(untilTimeout() - 20_000);
    await waitUntil(() => fallback(element) !== null, 'no fallback warning');
    const loggedOut = oneEvent(element, 'shomei-logout');
    advance(20_000);
    expect((await loggedOut).detail.reason).to.equal('idle');
    await waitUntil(() => element.sessionState?.status === 'timed-out');
    await element.updateComplete;
    expect(text(element)).to.contain('一定時間操作がなかったため、ログアウトしました。');
    await waitUntil(() => deepActive()?.textContent?.includes('OK'), 'OK not focused');
    await expect(element).to.be.accessible();
    button(element).click();
    await element.updateComplete;
    expect(fallback(element)).to.equal(null);
    expect(deepActive()?.id).to.equal('opener');
  });
});
