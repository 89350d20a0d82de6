import { expect } from '@open-wc/testing';
import './define/shomei-login.js';
import { localeLoaders } from './generated/locales/loaders.js';
import { LOCALE_STORAGE_KEY, setShomeiLocale } from './localization.js';
import type { ShomeiLogin } from './login/login.js';
import { createTestClient } from '../test/mock-client.js';
import { placeWithClient, useHeldScreensChunks } from '../test/screens-chunks.js';
import { waitUntil } from '../test/wait.js';

/**
 * A screens chunk's translations travel with the chunk (docs/decisions/0013), seen on a real
 * `<shomei-login>`: its own page, so that what it fetched is all this file did.
 */

/**
 * The translation chunks this page has requested since this file started, as `<locale>/<part>`.
 * Observed, not read from the timeline: this page loads more modules than its default buffer
 * (250 entries) keeps.
 */
const requested: string[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const match = /\/locales\/([\w-]+)\/([\w/-]+)\.[jt]s\b/u.exec(entry.name);
    if (match !== null) requested.push(`${match[1]}/${match[2]}`);
  }
}).observe({ type: 'resource' });
const requestedChunks = () => [...requested];
/** Every script this page has loaded (observed since this file started). */
const loaded: string[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) loaded.push(new URL(entry.name).pathname);
}).observe({ type: 'resource' });
const loadedModules = () => [...loaded];

/** Everything the element shows: its shadow root and its light-DOM form. */
const text = (login: ShomeiLogin) =>
  `${login.shadowRoot?.textContent ?? ''} ${login.textContent ?? ''}`.replace(/\s+/gu, ' ');

/** Words of the credentials screen in Japanese: the source text of `login/screens`. */
const JAPANESE_SCREEN = ['ユーザID', 'パスワード', 'ログイン'];

describe('translations of a screens chunk (X1, A14)', () => {
  const held = useHeldScreensChunks();

  before(async () => {
    await setShomeiLocale('en');
  });

  after(async () => {
    await setShomeiLocale('ja');
    localStorage.removeItem(LOCALE_STORAGE_KEY);
  });

  it('X1: an English login page fetches only its first-load texts before the screens; the screens arrive with theirs, never in Japanese', async () => {
    const test = createTestClient();
    const login = await placeWithClient<ShomeiLogin>('shomei-login', test.client);
    await waitUntil(() => held.chunks.asked > 0, 'the screens chunk was not asked for');
    // Its `updateComplete` waits for the chunk: let it render its loading state.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    // The shell, in English, with the first-load parts only.
    expect(text(login)).to.contain('Student login');
    expect(requestedChunks().sort()).to.deep.equal(['en/common', 'en/login']);

    // Every text the element shows from now on.
    const shown: string[] = [];
    const observer = new MutationObserver(() => shown.push(text(login)));
    const options = { subtree: true, childList: true, characterData: true };
    observer.observe(login, options);
    observer.observe(login.shadowRoot!, options);
    // The screens' texts come late (a slow response): the chunk's code arrives first.
    const loaders = localeLoaders.en;
    const load = loaders['login/screens'];
    let releaseTexts: (() => void) | undefined;
    loaders['login/screens'] = () =>
      new Promise((resolve) => {
        releaseTexts = () => resolve(load());
      });
    try {
      held.chunks.release();
      await waitUntil(() => releaseTexts !== undefined, 'the screens’ texts were not asked for');
      await waitUntil(
        () => loadedModules().some((name) => name.endsWith('/login/login-screens.ts')),
        'the screens chunk did not load',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Still the loading state: the screens wait for their texts.
      expect(text(login)).not.to.contain('Log in');
    } finally {
      loaders['login/screens'] = load;
      releaseTexts?.();
    }
    await waitUntil(() => text(login).includes('Log in'), 'the credentials screen did not show');
    await login.updateComplete;
    observer.disconnect();

    expect(shown.length).to.be.greaterThan(0);
    expect(
      shown.filter((seen) => JAPANESE_SCREEN.some((word) => seen.includes(word))),
    ).to.deep.equal([]);
    expect(text(login)).to.contain('Password');
    expect(requestedChunks().sort()).to.deep.equal([
      'en/common',
      'en/common/screens',
      'en/login',
      'en/login/screens',
    ]);
  });

  it('A14: switching the locale after the screens arrived loads their texts in the new one', async () => {
    held.chunks.release();
    const test = createTestClient();
    const login = await placeWithClient<ShomeiLogin>('shomei-login', test.client);
    await waitUntil(() => login.loginState?.status === 'credentials', 'no credentials screen');
    await login.updateComplete;
    expect(text(login)).to.contain('Log in');

    await setShomeiLocale('ko');
    await login.updateComplete;
    expect(text(login)).to.contain('비밀번호');
    expect(
      requestedChunks()
        .filter((chunk) => chunk.startsWith('ko/'))
        .sort(),
    ).to.deep.equal(['ko/common', 'ko/common/screens', 'ko/login', 'ko/login/screens']);
  });
});
