/**
 * <shomei-dialog> (A9, A15): a modal around the native <dialog>; focus moves in (to the
 * `autofocus` action), Esc closes, focus returns to the opener.
 */
import '@shomei/elements/define/shomei-dialog.js';
import type { ShomeiDialog } from '@shomei/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';

const dialogOf = (canvas: HTMLElement): ShomeiDialog => {
  const dialog = canvas.querySelector('shomei-dialog');
  if (!dialog) throw new Error('shomei-dialog did not render');
  return dialog;
};

const meta = {
  title: 'Elements/Dialog',
  component: 'shomei-dialog',
  // A host element localizes these texts with msg(); a story only shows the layout.
  render: () => html`
    <button
      type="button"
      id="opener"
      @click=${(event: Event) =>
        void (event.target as HTMLElement).parentElement?.querySelector('shomei-dialog')?.show()}
    >
      2段階認証を無効にする
    </button>
    <shomei-dialog
      @click=${(event: Event) => {
        const value = (event.target as HTMLElement).dataset['value'];
        if (value !== undefined) (event.currentTarget as ShomeiDialog).close(value);
      }}
    >
      <span slot="heading">二要素認証設定</span>
      <p>二要素認証を無効にしますか？</p>
      <button slot="actions" type="button" data-value="yes">はい</button>
      <button slot="actions" type="button" data-value="no" autofocus>いいえ</button>
    </shomei-dialog>
  `,
} satisfies Meta;
export default meta;

type Story = StoryObj;

/** Closed: only the opener. Press it to open. */
export const Closed: Story = {};

/** A15: open, focus on the safe action 「いいえ」. */
export const Open: Story = {
  play: async ({ canvasElement }) => {
    const dialog = dialogOf(canvasElement);
    canvasElement.querySelector<HTMLButtonElement>('#opener')?.focus();
    await dialog.show();
    await waitFor(() => expect(document.activeElement?.getAttribute('data-value')).toBe('no'));
  },
};

/** A15: 「はい」 closes it and focus goes back to the opener. */
export const ClosesWithFocusReturned: Story = {
  play: async ({ canvasElement }) => {
    const dialog = dialogOf(canvasElement);
    const opener = canvasElement.querySelector<HTMLButtonElement>('#opener');
    opener?.focus();
    opener?.click();
    await waitFor(() => expect(dialog.open).toBe(true));
    canvasElement.querySelector<HTMLButtonElement>('[data-value="yes"]')?.click();
    await waitFor(() => expect(dialog.open).toBe(false));
    await expect(dialog.returnValue).toBe('yes');
    await expect(document.activeElement).toBe(opener);
  },
};
