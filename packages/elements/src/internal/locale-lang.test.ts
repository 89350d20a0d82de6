import { expect, fixture, html } from '@open-wc/testing';
import '../all.js';
import { getShomeiLocale, setShomeiLocale, SHOMEI_LOCALES } from '../localization.js';
import { loginReturningStudent } from '../../test/login-helpers.js';
import { createTestClient } from '../../test/mock-client.js';
import { waitUntil } from '../../test/wait.js';

/** Every element class that calls `msg()` (`@localized()`). */
const LOCALIZED_TAGS = [
  'shomei-login',
  'shomei-account-menu',
  'shomei-order',
  'shomei-order-history',
  'shomei-session-timer',
  'shomei-support-contacts',
  'shomei-language-picker',
  'shomei-text-field',
] as const;

describe('lang follows the Shōmei locale', () => {
  afterEach(async () => {
    await setShomeiLocale('ja');
  });

  it('X2, A14 (WCAG 3.1.2): every localized element and its light-DOM form carry the current locale as lang', async () => {
    const test = createTestClient();
    await loginReturningStudent(test);
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <shomei-login .client=${test.client}></shomei-login>
        <shomei-account-menu .client=${test.client}></shomei-account-menu>
        <shomei-order .client=${test.client}></shomei-order>
        <shomei-order-history .client=${test.client}></shomei-order-history>
        <shomei-session-timer .client=${test.client}></shomei-session-timer>
        <shomei-support-contacts .client=${test.client}></shomei-support-contacts>
        <shomei-language-picker .client=${test.client}></shomei-language-picker>
        <shomei-text-field label="x"></shomei-text-field>
      </div>`,
    );
    // The page's own elements, not the fields a screen renders (the login box's may be gone by
    // the time the session answers).
    const hosts = LOCALIZED_TAGS.map((tag) => page.querySelector(`:scope > ${tag}`)!);
    expect(document.documentElement.lang).to.equal('ja');
    for (const host of hosts) expect(host.getAttribute('lang'), host.localName).to.equal('ja');
    // The light-DOM credential forms are children of their host: they inherit its lang.
    const forms = () => [...page.querySelectorAll('form')];
    await waitUntil(() => forms().length >= 3, 'light-DOM forms not rendered');

    for (const locale of SHOMEI_LOCALES.filter((candidate) => candidate !== 'ja')) {
      await setShomeiLocale(locale);
      expect(getShomeiLocale()).to.equal(locale);
      for (const host of hosts) {
        expect(host.getAttribute('lang'), `${host.localName} in ${locale}`).to.equal(locale);
        const inner = host.shadowRoot!.firstElementChild;
        if (inner !== null)
          expect(inner.matches(`:lang(${locale})`), host.localName).to.equal(true);
      }
      for (const form of forms()) {
        expect(form.closest('[lang]')?.localName).to.match(/^shomei-/u);
        expect(form.matches(`:lang(${locale})`), `form in ${locale}`).to.equal(true);
        const input = form.querySelector('input');
        if (input !== null) expect(input.matches(`:lang(${locale})`)).to.equal(true);
      }
      // The page itself is the host page's business.
      expect(document.documentElement.lang).to.equal('ja');
    }

    await setShomeiLocale('ja');
    for (const host of hosts) expect(host.getAttribute('lang')).to.equal('ja');
  });

  it('X2, A14: an element that appears after the switch starts with the current lang', async () => {
    await setShomeiLocale('ko');
    const field = await fixture(html`<shomei-text-field label="x"></shomei-text-field>`);
    expect(field.getAttribute('lang')).to.equal('ko');
  });
});
