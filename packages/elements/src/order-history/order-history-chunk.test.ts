/**
 * `<shomei-order-history>` when its list's chunk (`order-history-screens.ts`, decision 0012)
 * does not arrive. A page of its own (one test file is one page), so that the chunk has not been
 * loaded by another test first: the chunk's load is made to fail through `ScreensChunk`, as a
 * lost connection or a redeploy would.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../define/shomei-order-history.js';
import { ScreensChunk } from '../internal/lazy-screens.js';
import { createStudentClient } from '../../test/student-session.js';
import type { ShomeiOrderHistory } from './order-history.js';
import { waitUntil } from '../../test/wait.js';

const text = (element: ShomeiOrderHistory) =>
  element.shadowRoot?.textContent?.replace(/\s+/gu, ' ') ?? '';

const button = (element: ShomeiOrderHistory, label: string) =>
  [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((candidate) =>
    candidate.textContent?.includes(label),
  );

describe('shomei-order-history: the list chunk', () => {
  const load = ScreensChunk.prototype.load;
  /** While set, every load of a chunk fails, as `import()` does offline. */
  let failing = false;
  let asked = 0;
  beforeEach(() => {
    ScreensChunk.prototype.load = function <M>(this: ScreensChunk<M>): Promise<M> {
      asked += 1;
      return failing
        ? Promise.reject(new TypeError('Failed to fetch dynamically imported module'))
        : load.call(this);
    };
  });
  afterEach(() => {
    ScreensChunk.prototype.load = load;
  });

  it('X5/O11: a chunk that does not arrive says so; 「再読み込み」 fetches it and shows the list', async () => {
    const student = await createStudentClient();
    failing = true;
    const errors: Event[] = [];
    const element = await fixture<ShomeiOrderHistory>(
      html`<shomei-order-history
        .client=${student.client}
        @shomei-error=${(event: Event) => errors.push(event)}
      ></shomei-order-history>`,
    );
    // The chunk is asked for with the first call, not after its answer.
    expect(asked).to.equal(1);
    await waitUntil(() => element.shadowRoot?.querySelector('[aria-busy="false"]') !== null);
    expect(student.requests.filter((request) => request.endsWith('/orders'))).to.have.length(1);
    expect(element.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain(
      '通信できませんでした',
    );
    expect(text(element)).to.not.contain('申請はまだありません');
    expect(element.shadowRoot!.querySelector('[role="status"]')?.textContent?.trim()).to.equal('');
    // The call itself went well: nothing for the page to hear about.
    expect(errors).to.have.length(0);
    await expect(element).to.be.accessible();

    // 「最新の状況に更新」 asks for the chunk again too; still nothing.
    button(element, '最新の状況に更新')!.click();
    expect(asked).to.equal(2);
    await element.updateComplete;
    await waitUntil(() => element.shadowRoot?.querySelector('[aria-busy="false"]') !== null);
    expect(student.requests.filter((request) => request.endsWith('/orders'))).to.have.length(2);
    expect(element.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain(
      '通信できませんでした',
    );

    // The connection is back: 「再読み込み」 brings the list, without reloading the page.
    failing = false;
    const retry = button(element, '再読み込み');
    expect(retry !== undefined).to.equal(true);
    retry!.click();
    await element.updateComplete;
    expect(asked).to.equal(3);
    await waitUntil(() => text(element).includes('申請はまだありません'));
    expect(element.shadowRoot!.querySelector('[role="alert"]')).to.equal(null);
    expect(button(element, '再読み込み') === undefined).to.equal(true);
    await expect(element).to.be.accessible();
  });
});
