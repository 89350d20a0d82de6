import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { resetShomeiConfig } from '../config.js';
import '../define/shomei-session-timer.js';
import { setShomeiLocale } from '../localization.js';
import type { ShomeiSessionTimer } from './session-timer.js';
import { deepActive, mountSessionTimer } from '../../test/session-timer-setup.js';
import { waitUntil } from '../../test/wait.js';

const setup = mountSessionTimer;

const dialogOpen = (element: ShomeiSessionTimer) =>
  element.shadowRoot!.querySelector('shomei-dialog')?.open === true;
const text = (element: ShomeiSessionTimer) =>
  element.shadowRoot!.textContent?.replace(/\s+/gu, ' ') ?? '';
const liveRegion = (element: ShomeiSessionTimer) =>
  element.shadowRoot!.querySelector('shomei-dialog [role="status"]')!;
const button = (element: ShomeiSessionTimer, label: string) =>
  [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((candidate) =>
    candidate.textContent?.includes(label),
  )!;

describe('shomei-session-timer', () => {
  afterEach(async () => {
    resetShomeiConfig();
    await setShomeiLocale('ja');
  });

  it('A16: nothing shows while the session is active', async () => {
    const { element, advance, untilTimeout } = await setup();
    advance(untilTimeout() - 61_000);
    await element.updateComplete;
    expect(element.sessionState?.status).to.equal('active');
    expect(dialogOpen(element)).to.equal(false);
    await expect(element).to.be.accessible();
  });

  it('A16/X2: warns the tenant’s 60 s before, with the seconds left, announced at the start and at 10 s', async () => {
    const { element, advance, untilTimeout } = await setup();
    advance(untilTimeout() - 60_000);
    await waitUntil(() => dialogOpen(element), 'no warning dialog');
    await element.updateComplete;
    expect(text(element)).to.contain('まもなく自動的にログアウトします');
    expect(element.shadowRoot!.querySelector('[part="countdown"]')!.textContent).to.contain('60秒');
    await waitUntil(() => liveRegion(element).textContent!.includes('60秒'), 'not announced');
    expect(deepActive()?.textContent).to.contain('延長する');
    await expect(element).to.be.accessible();
    // Not every second: at 30 s the region still holds the first announcement.
    advance(30_000);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="countdown"]')!.textContent).to.contain('30秒');
    expect(liveRegion(element).textContent).to.contain('60秒');
    advance(20_000);
    await element.updateComplete;
    expect(liveRegion(element).textContent).to.contain('あと10秒で');
    await expect(element).to.be.accessible();
  });

  it('A16: a tenant warning under 20 s still warns 20 s before', async () => {
    const { element, advance, untilTimeout } = await setup({ warning: 5 });
    advance(untilTimeout() - 21_000);
    await element.updateComplete;
    expect(dialogOpen(element)).to.equal(false);
    advance(1_000);
    await waitUntil(() => dialogOpen(element), 'no warning at 20 s');
    expect(element.sessionState).to.include({ status: 'warning', secondsLeft: 20 });
  });

  it('A16/X2: 「延長する」 extends through the SDK; the dialog closes and focus returns', async () => {
    const { test, element, advance, untilTimeout } = await setup();
    advance(untilTimeout() - 30_000);
    await waitUntil(() => dialogOpen(element));
    const before = element.sessionState!;
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => element.sessionState?.status === 'active', 'not extended');
    await element.updateComplete;
    await waitUntil(() => !dialogOpen(element), 'dialog still open');
    expect(test.requests.some((request) => request.url.endsWith('/session/extend'))).to.equal(true);
    const after = element.sessionState as { idleExpiresAt: string };
    expect(Date.parse(after.idleExpiresAt)).to.be.greaterThan(
      Date.parse((before as { idleExpiresAt: string }).idleExpiresAt),
    );
    expect(deepActive()?.id).to.equal('opener');
    await expect(element).to.be.accessible();
  });

  it('A16/X2: Esc in the warning extends too (the student is there)', async () => {
    const { element, advance, untilTimeout } = await setup();
    advance(untilTimeout() - 30_000);
    await waitUntil(() => dialogOpen(element));
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => element.sessionState?.status === 'active', 'not extended');
    expect(dialogOpen(element)).to.equal(false);
  });

  it('A16: when the time runs out it logs out and fires shomei-logout (idle)', async () => {
    const { test, element, advance, untilTimeout } = await setup();
    advance(untilTimeout() - 20_000);
    await waitUntil(() => dialogOpen(element));
    const loggedOut = oneEvent(element, 'shomei-logout');
    advance(20_000);
    expect((await loggedOut).detail.reason).to.equal('idle');
    await element.updateComplete;
    expect(element.sessionState?.status).to.equal('timed-out');
    expect(text(element)).to.contain('一定時間操作がなかったため、ログアウトしました。');
    await waitUntil(() => deepActive()?.textContent?.includes('OK'), 'OK not focused');
    expect((await test.client.getSession()).data?.step).to.equal('anonymous');
    await expect(element).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !dialogOpen(element));
  });

  it('A16: ログアウト in the warning logs out at once (reason user)', async () => {
    const { element, advance, untilTimeout } = await setup();
    advance(untilTimeout() - 30_000);
    await waitUntil(() => dialogOpen(element));
    const loggedOut = oneEvent(element, 'shomei-logout');
    button(element, 'ログアウト').click();
    expect((await loggedOut).detail.reason).to.equal('user');
  });

  it('A16/X5: a failed extension keeps the warning and says why', async () => {
    const { test, element, advance, untilTimeout } = await setup();
    advance(untilTimeout() - 30_000);
    await waitUntil(() => dialogOpen(element));
    const failed = oneEvent(element, 'shomei-error');
    // The service no longer answers.
    const original = test.mock.app.fetch;
    test.mock.app.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as never;
    button(element, '延長する').click();
    expect((await failed).detail.operation).to.equal('extendSession');
    test.mock.app.fetch = original;
    await element.updateComplete;
    expect(element.sessionState?.status).to.equal('warning');
    expect(element.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain(
      '通信できませんでした',
    );
    await expect(element).to.be.accessible();
  });

  it('A16: track-activity extends the session on input, throttled by the flow', async () => {
    const { test, element, advance } = await setup({ trackActivity: true });
    const extends_ = () =>
      test.requests.filter((request) => request.url.endsWith('/session/extend')).length;
    document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'a' }));
    expect(extends_()).to.equal(0);
    advance(61_000);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'a' }));
    await waitUntil(() => extends_() === 1, 'activity did not extend');
    await waitUntil(() => element.sessionState?.status === 'active');
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    // The flow decides at once: an extend it did not throttle would be on its way now.
    expect(element.sessionState?.status).to.equal('active');
    await element.updateComplete;
    expect(extends_()).to.equal(1);
  });
  it('A16: just before the warning it asks the service; a deadline another call moved later is followed, no warning', async () => {
    const { test, element, advance, untilTimeout } = await setup();
    const before = (element.sessionState as { idleExpiresAt: string }).idleExpiresAt;
    // Another widget (or tab) calls the service five minutes later: the idle timer moves.
    advance(5 * 60_000);
    expect((await test.client.listOrders()).error).to.equal(null);
    const server = (await test.client.getSession()).data as { idleExpiresAt: string };
    expect(Date.parse(server.idleExpiresAt)).to.be.greaterThan(Date.parse(before));
    const sessionReads = () =>
      test.requests.filter(
        (request) => request.method === 'GET' && request.url.endsWith('/session'),
      ).length;
    const reads = sessionReads();
    // A warning that opened and closed again would fire shomei-dialog-close.
    let closed = false;
    element
      .shadowRoot!.querySelector('shomei-dialog')!
      .addEventListener('shomei-dialog-close', () => {
        closed = true;
      });
    advance(untilTimeout() - 60_000);
    await waitUntil(
      () => element.sessionState?.status === 'active',
      'the countdown did not follow',
    );
    await element.updateComplete;
    expect(sessionReads()).to.equal(reads + 1);
    expect((element.sessionState as { idleExpiresAt: string }).idleExpiresAt).to.equal(
      server.idleExpiresAt,
    );
    expect(dialogOpen(element)).to.equal(false);
    expect(closed).to.equal(false);
    expect(test.requests.some((request) => request.url.endsWith('/session/extend'))).to.equal(
      false,
    );
    // At the service's own deadline the warning does show.
    advance(untilTimeout() - 60_000);
    await waitUntil(() => dialogOpen(element), 'no warning at the real deadline');
    expect(element.sessionState).to.include({ status: 'warning', secondsLeft: 60 });
    await expect(element).to.be.accessible();
  });

  it('A16: back on the page (visibilitychange), a later deadline from the service closes the warning', async () => {
    const { test, element, advance, untilTimeout } = await setup();
    advance(untilTimeout() - 30_000);
    await waitUntil(() => dialogOpen(element), 'no warning');
    // Meanwhile the student kept working in another tab.
    expect((await test.client.listOrders()).error).to.equal(null);
    const server = (await test.client.getSession()).data as { idleExpiresAt: string };
    expect(document.visibilityState).to.equal('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(
      () => element.sessionState?.status === 'active',
      'the countdown did not follow',
    );
    expect((element.sessionState as { idleExpiresAt: string }).idleExpiresAt).to.equal(
      server.idleExpiresAt,
    );
    await waitUntil(() => !dialogOpen(element), 'the warning stayed open');
    expect(test.requests.some((request) => request.url.endsWith('/session/extend'))).to.equal(
      false,
    );
  });

  it('A16: when the service has no later deadline, the warning opens as before', async () => {
    const { test, element, advance, untilTimeout } = await setup();
    const reads = () =>
      test.requests.filter(
        (request) => request.method === 'GET' && request.url.endsWith('/session'),
      ).length;
    const before = reads();
    advance(untilTimeout() - 60_000);
    await waitUntil(() => dialogOpen(element), 'no warning');
    expect(reads()).to.equal(before + 1);
    expect(element.sessionState).to.include({ status: 'warning', secondsLeft: 60 });
  });
});
