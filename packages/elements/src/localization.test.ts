import { expect, oneEvent } from '@open-wc/testing';
import { msg, str } from '@lit/localize';
import { localeLoaders } from './generated/locales/loaders.js';
import { LOCALE_STORAGE_KEY, setShomeiLocale, useLocaleAreas } from './localization.js';
import { waitUntil } from '../test/wait.js';

/**
 * The translation chunks this page has requested so far, as `<locale>/<area>`
 * (`.../locales/en/login.ts` → `en/login`).
 */
const requestedChunks = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => /\/locales\/([\w-]+)\/([\w-]+)\.[jt]s\b/u.exec(entry.name))
    .filter((match) => match !== null)
    .map((match) => `${match[1]}/${match[2]}`);

// Only the localization module is on this page: areas are declared by the tests themselves.
describe('translations per area (X1, A14)', () => {
  after(async () => {
    await setShomeiLocale('ja');
    localStorage.removeItem(LOCALE_STORAGE_KEY);
  });

  it('X1: a Japanese page fetches no translation', async () => {
    useLocaleAreas('login');
    await setShomeiLocale('ja');
    expect(msg('ユーザID', { id: 'login.user-id' })).to.equal('ユーザID');
    expect(requestedChunks()).to.deep.equal([]);
  });

  it('X1/A14: switching to a locale loads the common texts and the areas in use, and no other', async () => {
    await setShomeiLocale('en');
    expect(msg('この操作は許可されていません。', { id: 'error.forbidden' })).to.equal(
      'This operation is not allowed.',
    );
    expect(msg('ユーザID', { id: 'login.user-id' })).to.equal('User ID');
    expect(requestedChunks().sort()).to.deep.equal(['en/common', 'en/login']);
    // Not in use: still the source text.
    expect(msg('電話', { id: 'support-contacts.phone' })).to.equal('電話');
  });

  it('X1: a text with a value is translated with its value (the chunk’s own `str`)', () => {
    const max = 64;
    expect(msg(str`${max}文字以内で入力してください。`, { id: 'validation.max-length' })).to.equal(
      'Enter no more than 64 characters.',
    );
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

  it('X1: an area that fails to load leaves the source text, says so on the console, and is asked for again later', async () => {
    const loaders = localeLoaders.en;
    const load = loaders['order-history'];
    const warnings: unknown[][] = [];
    const warn = console.warn;
    loaders['order-history'] = () => Promise.reject(new TypeError('Failed to fetch'));
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      useLocaleAreas('order-history');
      await waitUntil(() => warnings.length > 0);
    } finally {
      console.warn = warn;
      loaders['order-history'] = load;
    }
    expect(String(warnings[0]?.[0])).to.contain('en texts did not load');
    expect(msg('申請日時', { id: 'order-history.created-at' })).to.equal('申請日時');

    // The next switch to the locale asks for it again.
    await setShomeiLocale('ja');
    await setShomeiLocale('en');
    expect(msg('申請日時', { id: 'order-history.created-at' })).to.equal('Applied on');
  });

  it('A14: switching to another locale loads every area in use for it, and no other', async () => {
    await setShomeiLocale('ko');
    await waitUntil(() => msg('メール', { id: 'support-contacts.email' }) !== 'メール');
    expect(msg('ユーザID', { id: 'login.user-id' })).to.equal('사용자 ID');
    expect(
      requestedChunks()
        .filter((chunk) => chunk.startsWith('ko/'))
        .sort(),
    ).to.deep.equal(['ko/common', 'ko/login', 'ko/order-history', 'ko/support-contacts']);
  });
});
