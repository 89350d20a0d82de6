import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define/shomei-dialog.js';
import type { ShomeiDialog } from './dialog.js';

async function setup() {
  const root = await fixture<HTMLDivElement>(html`
    <div>
      <button id="opener">開く</button>
      <shomei-dialog>
        <span slot="heading">認証キーが無効になりました</span>
        <p>認証キー再発行を押してください。</p>
        <button slot="actions" id="no">いいえ</button>
        <button slot="actions" id="yes" autofocus>はい</button>
      </shomei-dialog>
    </div>
  `);
  const dialog = root.querySelector('shomei-dialog') as ShomeiDialog;
  const opener = root.querySelector<HTMLButtonElement>('#opener')!;
  opener.addEventListener('click', () => void dialog.show());
  root.querySelector('#yes')!.addEventListener('click', () => dialog.close('yes'));
  await dialog.updateComplete;
  return { root, dialog, opener };
}

describe('shomei-dialog', () => {
  it('A9: focus moves into the dialog (the autofocus action) when it opens', async () => {
    const { dialog, opener } = await setup();
    opener.focus();
    opener.click();
    await oneEvent(dialog, 'focusin');
    expect(dialog.open).to.equal(true);
    expect(document.activeElement?.id).to.equal('yes');
  });

  it('A15: Esc closes it with an empty returnValue and focus returns to the opener', async () => {
    const { dialog, opener } = await setup();
    opener.focus();
    await dialog.show();
    const closed = oneEvent(dialog, 'shomei-dialog-close');
    await sendKeys({ press: 'Escape' });
    const event = await closed;
    expect(event.detail.returnValue).to.equal('');
    expect(dialog.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('A15: close(returnValue) reports the choice, keyboard only', async () => {
    const { dialog, opener } = await setup();
    opener.focus();
    await sendKeys({ press: 'Enter' });
    await dialog.updateComplete;
    expect(document.activeElement?.id).to.equal('yes');
    const closed = oneEvent(dialog, 'shomei-dialog-close');
    await sendKeys({ press: 'Enter' });
    expect((await closed).detail.returnValue).to.equal('yes');
    expect(dialog.returnValue).to.equal('yes');
    expect(document.activeElement).to.equal(opener);
  });

  it('X2: the page behind the modal is inert; Tab moves between the actions', async () => {
    const { dialog, opener } = await setup();
    await dialog.show();
    const native = dialog.shadowRoot!.querySelector('dialog')!;
    expect(native.matches(':modal')).to.equal(true);
    opener.focus();
    expect(document.activeElement).to.not.equal(opener);
    (dialog.querySelector('#no') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement?.id).to.equal('yes');
  });

  it('X2: axe finds nothing, closed and open', async () => {
    const { root, dialog } = await setup();
    await expect(root).to.be.accessible();
    await dialog.show();
    await expect(root).to.be.accessible();
  });
});
