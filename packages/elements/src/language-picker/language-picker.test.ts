import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ShomeiClient } from '@shomei/sdk';
import '../define/shomei-language-picker.js';
import '../define/shomei-support-contacts.js';
import { getShomeiLocale, LOCALE_STORAGE_KEY, setShomeiLocale } from '../localization.js';
import type { ShomeiSupportContacts } from '../support-contacts/support-contacts.js';
import { createTestClient } from '../../test/mock-client.js';
import type { ShomeiLanguagePicker } from './language-picker.js';
import { waitUntil } from '../../test/wait.js';

const select = (picker: ShomeiLanguagePicker) =>
  picker.shadowRoot!.querySelector<HTMLSelectElement>('select')!;

describe('shomei-language-picker', () => {
  afterEach(async () => {
    await setShomeiLocale('ja');
    localStorage.removeItem(LOCALE_STORAGE_KEY);
  });

  it('A14: lists every tenant locale in its own name, labelled 言語', async () => {
    const { client } = createTestClient();
    const picker = await fixture<ShomeiLanguagePicker>(
      html`<shomei-language-picker .client=${client}></shomei-language-picker>`,
    );
    await picker.updateComplete;
    const options = [...select(picker).options];
    expect(options.map((option) => option.textContent?.trim())).to.deep.equal([
      '日本語',
      'English',
      '简体中文',
      '한국어',
    ]);
    expect(options.map((option) => option.lang)).to.deep.equal(['ja', 'en', 'zh-Hans', 'ko']);
    expect(select(picker).value).to.equal('ja');
    expect(select(picker).labels[0]?.textContent).to.contain('言語');
    await expect(picker).to.be.accessible();
  });

  it('A14: offers only the languages the tenant enables', async () => {
    const { client } = createTestClient();
    const twoLocales: ShomeiClient = {
      ...client,
      getTenant: async (options) => {
        const result = await client.getTenant(options);
        return result.error === null
          ? { data: { ...result.data, locales: ['ja', 'en'] }, error: null }
          : result;
      },
    };
    const picker = await fixture<ShomeiLanguagePicker>(
      html`<shomei-language-picker .client=${twoLocales}></shomei-language-picker>`,
    );
    await waitUntil(() => select(picker).options.length === 2);
  });

  it('A14: choosing by keyboard switches every element at once, persists, tells the service and fires shomei-locale-change', async () => {
    const { client, requests } = createTestClient();
    const page = await fixture<HTMLDivElement>(html`
      <div>
        <shomei-language-picker .client=${client}></shomei-language-picker>
        <shomei-support-contacts .client=${client}></shomei-support-contacts>
      </div>
    `);
    const picker = page.querySelector('shomei-language-picker')!;
    const contacts = page.querySelector('shomei-support-contacts') as ShomeiSupportContacts;
    await waitUntil(() => contacts.shadowRoot?.querySelector('[part="desk"]') !== null);

    const changed = oneEvent(picker, 'shomei-locale-change');
    select(picker).focus();
    await sendKeys({ press: 'ArrowDown' });
    const event = await changed;

    expect(event.detail.locale).to.equal('en');
    expect(getShomeiLocale()).to.equal('en');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).to.equal('en');
    await contacts.updateComplete;
    await picker.updateComplete;
    expect(contacts.shadowRoot!.textContent).to.contain('Student Support Office');
    expect(select(picker).labels[0]?.textContent).to.contain('Language');
    const preference = requests.find((request) => request.url.endsWith('/account/locale'));
    expect(preference?.method).to.equal('PUT');
    expect(JSON.parse(preference!.body)).to.deep.equal({ locale: 'en' });
    expect(preference!.headers.get('accept-language')).to.equal('en');
    expect(client.locale).to.equal('en');
    await expect(picker).to.be.accessible();
  });

  it('A14: the language stays after a reload (read back from storage)', async () => {
    const picker = await fixture<ShomeiLanguagePicker>(
      html`<shomei-language-picker></shomei-language-picker>`,
    );
    await picker.select('ko');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).to.equal('ko');
    await picker.updateComplete;
    expect(select(picker).value).to.equal('ko');
    expect(select(picker).labels[0]?.textContent).to.contain('언어');
    await expect(picker).to.be.accessible();
  });
});
