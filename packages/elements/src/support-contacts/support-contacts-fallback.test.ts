/**
 * `<shomei-support-contacts>` when its desks' chunk does not arrive (docs/decisions/0012). Its
 * own file, so that the page has never loaded the chunk: a chunk that arrived once is kept for
 * the page's life.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { resetShomeiConfig } from '../config.js';
import '../define/shomei-support-contacts.js';
import { createTestClient } from '../../test/mock-client.js';
import { supportContactsDesksImport } from './desks-import.js';
import { waitUntil } from '../../test/wait.js';

type Desks = Awaited<ReturnType<typeof supportContactsDesksImport.load>>;

const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/gu, ' ') ?? '';

describe('shomei-support-contacts without its desks chunk', () => {
  const load = supportContactsDesksImport.load;
  /** Each fetch of the chunk, settled by the test. */
  const fetches: { resolve: (module: Desks) => void; reject: (error: unknown) => void }[] = [];

  before(() => {
    supportContactsDesksImport.load = () =>
      new Promise<Desks>((resolve, reject) => {
        fetches.push({ resolve, reject });
      });
  });

  after(() => {
    supportContactsDesksImport.load = load;
  });

  afterEach(() => {
    resetShomeiConfig();
  });

  it('A17/X5: says the connection failed and offers 再読み込み, which brings the desks', async () => {
    const { client } = createTestClient();
    const element = document.createElement('shomei-support-contacts');
    element.client = client;
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    parent.append(element);
    // The chunk is asked for together with the tenant settings.
    await waitUntil(() => fetches.length === 1, 'chunk not fetched');
    // The tenant settings are here (its private state: nothing on screen tells); the desks still
    // wait for their chunk.
    const loaded = () => (element as unknown as { load: { status: string } }).load.status;
    // (Its updateComplete waits for the chunk too: wait for its render instead.)
    await waitUntil(() => loaded() === 'ready' && !element.isUpdatePending, 'no tenant settings');
    expect(element.shadowRoot!.querySelector('[part="base"]')?.getAttribute('aria-busy')).to.equal(
      'true',
    );
    expect(element.shadowRoot!.querySelector('[role="status"]')?.textContent).to.contain(
      '読み込んでいます',
    );

    fetches[0]!.reject(new TypeError('Failed to fetch dynamically imported module'));
    await element.updateComplete;
    await waitUntil(() => element.shadowRoot!.querySelector('[part="retry"]') !== null);
    expect(element.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain(
      '通信できませんでした',
    );
    expect(text(element)).to.contain('お問い合わせ先');
    expect(element.shadowRoot!.querySelector('[part="base"]')?.getAttribute('aria-busy')).to.equal(
      'false',
    );
    await expect(element).to.be.accessible();

    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    expect(fetches).to.have.length(2);
    fetches[1]!.resolve(await load());
    await element.updateComplete;
    expect(element.shadowRoot!.querySelectorAll('[part="desk"]')).to.have.length(2);
    expect(text(element)).to.contain('証明大学 学生支援課');
    await expect(element).to.be.accessible();
  });
});
