/**
 * <shomei-language-picker> (A14): every locale in its own name; choosing one switches every
 * Shōmei element on the page, and is sent to the service.
 */
import '@shomei/elements/define/shomei-language-picker.js';
import '@shomei/elements/define/shomei-support-contacts.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { simulateNetworkLoss } from './support/index.js';

const selectOf = (canvas: HTMLElement): HTMLSelectElement => {
  const select = canvas
    .querySelector('shomei-language-picker')
    ?.shadowRoot?.querySelector('select');
  if (!select) throw new Error('shomei-language-picker did not render');
  return select;
};

const meta = {
  title: 'Elements/Language picker',
  component: 'shomei-language-picker',
  render: () => html`<shomei-language-picker></shomei-language-picker>`,
} satisfies Meta;
export default meta;

type Story = StoryObj;

/** Play: wait until the languages are listed. */
const listsLanguages = async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  await waitFor(() => expect(selectOf(canvasElement).options.length).toBeGreaterThan(1));
};

/** A14: the tenant's languages, the current one selected. */
export const Default: Story = { play: listsLanguages };

/** A14: the page in English (toolbar locale). */
export const English: Story = {
  globals: { locale: 'en' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(selectOf(canvasElement).value).toBe('en'));
  },
};

/** A14: choosing 한국어 switches the picker and the contacts next to it at once, no reload. */
export const SwitchesEveryElement: Story = {
  render: () => html`
    <shomei-language-picker></shomei-language-picker>
    <shomei-support-contacts></shomei-support-contacts>
  `,
  play: async ({ canvasElement }) => {
    const picker = canvasElement.querySelector('shomei-language-picker');
    await listsLanguages({ canvasElement });
    await picker?.select('ko');
    await waitFor(() => expect(selectOf(canvasElement).value).toBe('ko'));
  },
};

/** X5 network loss: the pulldown still offers every language; the switch still happens. */
export const NetworkError: Story = {
  beforeEach: () => simulateNetworkLoss(),
  play: listsLanguages,
};
