/**
 * <shomei-support-contacts> (A17): the tenant's contact desks, from the mock's tenant settings.
 * Every state: loading, loaded, network loss, server fault; every locale (toolbar, or the
 * stories pinned to one).
 */
import '@shomei/elements/define/shomei-support-contacts.js';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import {
  simulateNetworkLoss,
  simulatePendingResponses,
  simulateServerFault,
} from './support/index.js';

interface Args {
  headingLevel: number;
}

/** The element's shadow root, once rendered. */
const shadowOf = (canvas: HTMLElement): ShadowRoot => {
  const root = canvas.querySelector('shomei-support-contacts')?.shadowRoot;
  if (!root) throw new Error('shomei-support-contacts did not render');
  return root;
};

const meta = {
  title: 'Elements/Support contacts',
  component: 'shomei-support-contacts',
  args: { headingLevel: 2 },
  argTypes: { headingLevel: { control: { type: 'number', min: 1, max: 5 } } },
  render: ({ headingLevel }) =>
    html`<shomei-support-contacts heading-level=${headingLevel}></shomei-support-contacts>`,
} satisfies Meta<Args>;
export default meta;

type Story = StoryObj<Args>;

/** Play: wait until both desks are shown. */
const showsDesks = async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  await waitFor(() =>
    expect(shadowOf(canvasElement).querySelectorAll('[part="desk"]')).toHaveLength(2),
  );
};

/** Play: wait for the error message and the retry button. */
const showsError = async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  await waitFor(() =>
    expect(shadowOf(canvasElement).querySelector('[part="retry"]')).not.toBeNull(),
  );
};

/** A17: both desks, from the tenant settings. */
export const Loaded: Story = { play: showsDesks };

/** The tenant settings have not arrived yet. */
export const Loading: Story = {
  beforeEach: () => simulatePendingResponses('getTenant'),
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(
        shadowOf(canvasElement).querySelector('[part="base"]')?.getAttribute('aria-busy'),
      ).toBe('true'),
    );
  },
};

/** X5 network loss: a message and 「再読み込み」. */
export const NetworkError: Story = { beforeEach: () => simulateNetworkLoss(), play: showsError };

/** X5 server fault (HTTP 500): the same message; retrying asks again. */
export const ServerFault: Story = {
  beforeEach: () => simulateServerFault('getTenant'),
  play: showsError,
};

/** X1: English; switch any story with the Locale toolbar. */
export const English: Story = { globals: { locale: 'en' }, play: showsDesks };
export const SimplifiedChinese: Story = { globals: { locale: 'zh-Hans' }, play: showsDesks };
export const Korean: Story = { globals: { locale: 'ko' }, play: showsDesks };

/** X3: the 証明大学 theme (navy, serif); switch any story with the Theme toolbar. */
export const ShomeiTheme: Story = { globals: { theme: 'shomei' }, play: showsDesks };

/** X3: the みなと工科大学 theme (green, sans). */
export const MinatoTheme: Story = { globals: { theme: 'minato' }, play: showsDesks };

/** A19: 320 px wide (the story check also loads every story at 320 px). */
export const Narrow: Story = { globals: { viewport: { value: 'mobile1' } }, play: showsDesks };
