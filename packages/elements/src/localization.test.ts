import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { msg } from '@lit/localize';
import { LOCALE_STORAGE_KEY, setShomeiLocale, useLocaleAreas } from './localization.js';

/** The translation chunks this page has requested so far (`.../locales/<locale>/<area>...`). */
const requestedChunks = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => /\/locales\/([\w-]+)\/([\w-]+)\./u.exec(entry.name))
    .filter((match) => match !== null)
    .map((match) => `${match[1]}/${match[2]}`);

// Only the localization module is on this page: no element has declared an area yet.
describe('translations per area (X1, A14)', () => {
  after(async () => {
    await setShomeiLocale('ja');
    localStorage.removeItem(LOCALE_STORAGE_KEY);
  });

  it('X1: a page loads the common texts and the areas its elements declared, nothing else', async () => {
    await setShomeiLocale('en');
    expect(msg('この操作は許可されていません。', { id: 'error.forbidden' })).to.equal(
      'This operation is not allowed.',
    );
    expect(requestedChunks()).to.include('en/common');
    expect(requestedChunks().filter((chunk) => !chunk.endsWith('/common'))).to.deep.equal([]);
    // Not declared: still the source text.
    expect(msg('電話', { id: 'support-contacts.phone' })).to.equal('電話');
  });

  it('A14: an element that arrives after the switch gets its texts, and elements re-render', async () => {
    const ready = oneEvent(window, 'lit-localize-status');
    useLocaleAreas('support-contacts');
    const event = (await ready) as CustomEvent<{ status: string; readyLocale?: string }>;
    expect(event.detail).to.deep.equal({ status: 'ready', readyLocale: 'en' });
    expect(msg('電話', { id: 'support-contacts.phone' })).to.equal('Phone');
    expect(requestedChunks()).to.include('en/support-contacts');
    expect(requestedChunks()).not.to.include('en/login');
  });

  it('A14: switching to another locale loads every declared area for it', async () => {
    await setShomeiLocale('ko');
    await waitUntil(() => msg('電話', { id: 'support-contacts.phone' }) !== '電話');
    expect(requestedChunks()).to.include.members(['ko/common', 'ko/support-contacts']);
    expect(requestedChunks()).not.to.include('ko/login');
  });
});
