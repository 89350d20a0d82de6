import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { configureShomei, resetShomeiConfig } from '../config.js';
import '../define/shomei-support-contacts.js';
import { setShomeiLocale } from '../localization.js';
import {
  createFailingClient,
  createPausedClient,
  createTestClient,
} from '../../test/mock-client.js';
import type { ShomeiSupportContacts } from './support-contacts.js';
import { waitUntil } from '../../test/wait.js';

const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/gu, ' ') ?? '';

async function ready(element: ShomeiSupportContacts): Promise<void> {
  await waitUntil(() => element.shadowRoot?.querySelector('[part="desk"]') !== null, 'no desks');
}

describe('shomei-support-contacts', () => {
  afterEach(async () => {
    resetShomeiConfig();
    await setShomeiLocale('ja');
  });

  it('A17: shows the support office (hours, phone, email) and the call center (hours, phone, chat)', async () => {
    const { client } = createTestClient();
    const element = await fixture<ShomeiSupportContacts>(
      html`<shomei-support-contacts .client=${client}></shomei-support-contacts>`,
    );
    await ready(element);
    const content = text(element);
    expect(content).to.contain('お問い合わせ先');
    expect(content).to.contain('各種申請の内容や発行可否等に関するお問い合わせ');
    expect(content).to.contain('証明大学 学生支援課');
    expect(content).to.contain('平日 8:30~17:00');
    expect(content).to.contain('証明書発行サービスコールセンター');
    const links = [...element.shadowRoot!.querySelectorAll('a')];
    expect(links.map((link) => link.getAttribute('href'))).to.deep.equal([
      'tel:03-0000-0000'.replace(/-/gu, ''),
      'mailto:gakusei@shomei-u.example',
      'tel:0120000000',
      'https://support.shomei.example/chat',
    ]);
    const chat = links[3]!;
    expect(chat.target).to.equal('_blank');
    expect(chat.rel).to.contain('noopener');
    await expect(element).to.be.accessible();
  });

  it('A17/X1: tenant text follows the language, with Japanese when the tenant wrote none', async () => {
    const { client } = createTestClient();
    const element = await fixture<ShomeiSupportContacts>(
      html`<shomei-support-contacts .client=${client}></shomei-support-contacts>`,
    );
    await ready(element);
    await setShomeiLocale('en');
    await element.updateComplete;
    expect(text(element)).to.contain('Student Support Office, Shōmei University');
    expect(text(element)).to.contain('Hours');
    await expect(element).to.be.accessible();
    await setShomeiLocale('ko');
    await element.updateComplete;
    expect(text(element)).to.contain('문의처');
    expect(text(element)).to.contain('証明大学 学生支援課');
    await expect(element).to.be.accessible();
  });

  it('A17: uses the page-wide client from configureShomei, even one configured later', async () => {
    const element = await fixture<ShomeiSupportContacts>(
      html`<shomei-support-contacts></shomei-support-contacts>`,
    );
    configureShomei({ client: createTestClient().client });
    await ready(element);
    expect(text(element)).to.contain('証明大学 学生支援課');
  });

  it('A17/X2: the loading state is announced and axe-clean', async () => {
    const { client, release } = createPausedClient();
    const element = await fixture<ShomeiSupportContacts>(
      html`<shomei-support-contacts .client=${client}></shomei-support-contacts>`,
    );
    const status = element.shadowRoot!.querySelector('[role="status"]');
    expect(status?.textContent).to.contain('読み込んでいます');
    await expect(element).to.be.accessible();
    release();
    await ready(element);
  });

  for (const kind of ['network', 'server'] as const) {
    it(`A17/X5: a ${kind} failure shows a localized error with retry, and fires shomei-error`, async () => {
      const element = document.createElement('shomei-support-contacts');
      element.client = createFailingClient(kind);
      const failed = oneEvent(element, 'shomei-error');
      const parent = await fixture<HTMLDivElement>(html`<div></div>`);
      parent.append(element);
      const event = await failed;
      expect(event.detail.operation).to.equal('getTenant');
      await element.updateComplete;
      expect(element.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain(
        'お問い合わせ先を読み込めませんでした。',
      );
      await expect(element).to.be.accessible();
      element.client = createTestClient().client;
      await ready(element);
    });
  }

  it('A19: fits a 320 px wide screen', async () => {
    const { client } = createTestClient();
    const parent = await fixture<HTMLDivElement>(
      html`<div style="width: 320px">
        <shomei-support-contacts .client=${client}></shomei-support-contacts>
      </div>`,
    );
    const element = parent.querySelector('shomei-support-contacts')!;
    await ready(element);
    expect(element.scrollWidth).to.be.at.most(320);
  });
});
