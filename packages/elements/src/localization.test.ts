import { expect, oneEvent } from '@open-wc/testing';
import { msg } from '@lit/localize';
import { localeLoaders } from './generated/locales/loaders.js';
import { LOCALE_STORAGE_KEY, setShomeiLocale, useLocaleAreas, withTexts } from './localization.js';
import { waitUntil } from '../test/wait.js';

/**
 * The translation chunks this page has requested so far, as `<locale>/<part>`
 * (`.../locales/en/login.ts` → `en/login`, `.../locales/en/login/screens.ts` → `en/login/screens`).
 */
const requestedChunks = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => /\/locales\/([\w-]+)\/([\w/-]+)\.[jt]s\b/u.exec(entry.name))
    .filter((match) => match !== null)
    .map((match) => `${match[1]}/${match[2]}`);

/** A lazily loaded module, as `import()` gives it. */
const screensModule = { screens: true };

// Only the localization module is on this page: no element has declared an area yet.
describe('translations per area and part (X1, A14)', () => {
  after(async () => {
    await setShomeiLocale('ja');
    localStorage.removeItem(LOCALE_STORAGE_KEY);
  });

  it('X1: on a Japanese page a lazily loaded module arrives at once and fetches no translation', async () => {
    expect(await withTexts(Promise.resolve(screensModule), 'login/login-screens')).to.equal(
      screensModule,
    );
    expect(requestedChunks()).to.deep.equal([]);
  });

  it('X1: a module that fails to load rejects as before', async () => {
    const offline = new TypeError('Failed to fetch dynamically imported module');
    let caught: unknown;
    await withTexts(Promise.reject(offline), 'login/login-screens').catch((error: unknown) => {
      caught = error;
    });
    expect(caught).to.equal(offline);
  });

  it('X1/A14: switching to a locale loads the common texts and the parts in use: the lazily loaded module’s too', async () => {
    await setShomeiLocale('en');
    expect(msg('この操作は許可されていません。', { id: 'error.forbidden' })).to.equal(
      'This operation is not allowed.',
    );
    // `login/login-screens` arrived above: its texts are loaded with the switch.
    expect(msg('ユーザID', { id: 'login.user-id' })).to.equal('User ID');
    expect(msg('処理を中断しました。もう一度お試しください。', { id: 'error.aborted' })).to.equal(
      'The operation was interrupted. Please try again.',
    );
    expect(requestedChunks().sort()).to.deep.equal([
      'en/common',
      'en/common/screens',
      'en/login',
      'en/login/screens',
    ]);
    // Not in use: still the source text.
    expect(msg('電話', { id: 'support-contacts.phone' })).to.equal('電話');
  });

  it('X1: on a translated page a lazily loaded module resolves only once its texts are here', async () => {
    // The texts arrive when the test says; the module is here at once.
    const loaders = localeLoaders.en;
    const load = loaders['support-contacts/screens'];
    let releaseTexts: (() => void) | undefined;
    loaders['support-contacts/screens'] = () =>
      new Promise((resolve) => {
        releaseTexts = () => resolve(load());
      });
    let arrived = false;
    const loading = withTexts(
      Promise.resolve(screensModule),
      'support-contacts/support-contacts-desks',
    ).then((module) => {
      arrived = true;
      // What its first render would show.
      return { module, email: msg('メール', { id: 'support-contacts.email' }) };
    });
    loaders['support-contacts/screens'] = load;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(arrived).to.equal(false);

    releaseTexts?.();
    expect(await loading).to.deep.equal({ module: screensModule, email: 'Email' });
    // Only its part: the element's own area (its shell's texts) was not declared on this page.
    expect(requestedChunks()).to.include('en/support-contacts/screens');
    expect(requestedChunks()).not.to.include('en/support-contacts');
  });

  it('X1: texts that fail to load leave the source text, say so on the console, and are asked for again later', async () => {
    const loaders = localeLoaders.en;
    const load = loaders['order-history/screens'];
    const warnings: unknown[][] = [];
    const warn = console.warn;
    loaders['order-history/screens'] = () => Promise.reject(new TypeError('Failed to fetch'));
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      expect(
        await withTexts(Promise.resolve(screensModule), 'order-history/order-history-screens'),
      ).to.equal(screensModule);
    } finally {
      console.warn = warn;
      loaders['order-history/screens'] = load;
    }
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]?.[0])).to.contain('en texts did not load');
    expect(msg('申請日時', { id: 'order-history.created-at' })).to.equal('申請日時');
    // The parts that did load are in.
    expect(msg('お支払い期限', { id: 'order.payment.deadline' })).not.to.equal('お支払い期限');

    // The next time the module is loaded (another element, a retry), its texts are asked for again.
    await withTexts(Promise.resolve(screensModule), 'order-history/order-history-screens');
    expect(msg('申請日時', { id: 'order-history.created-at' })).to.equal('Applied on');
  });

  it('A14: an element that arrives after the switch gets its texts, and elements re-render', async () => {
    const ready = oneEvent(window, 'lit-localize-status');
    useLocaleAreas('support-contacts');
    const event = (await ready) as CustomEvent<{ status: string; readyLocale?: string }>;
    expect(event.detail).to.deep.equal({ status: 'ready', readyLocale: 'en' });
    expect(msg('連絡先', { id: 'support-contacts.heading' })).to.equal('Contact');
    expect(requestedChunks()).to.include('en/support-contacts');
    expect(requestedChunks()).not.to.include('en/account-menu');
  });

  it('A14: switching to another locale loads every part in use for it, and no other', async () => {
    await setShomeiLocale('ko');
    await waitUntil(() => msg('メール', { id: 'support-contacts.email' }) !== 'メール');
    expect(msg('ユーザID', { id: 'login.user-id' })).to.equal('사용자 ID');
    expect(
      requestedChunks()
        .filter((chunk) => chunk.startsWith('ko/'))
        .sort(),
    ).to.deep.equal([
      'ko/common',
      'ko/common/screens',
      'ko/login',
      'ko/login/screens',
      'ko/order',
      'ko/order-history/screens',
      'ko/order/screens',
      'ko/support-contacts',
      'ko/support-contacts/screens',
    ]);
  });
});
