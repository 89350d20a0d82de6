/**
 * <shomei-session-timer> (A16): the inactivity warning of a signed-in page. The element reads
 * time through its `scheduler` property; the stories give it a `StoryScheduler` that moves only
 * when `play` says (together with the mock's clock), so the warning, the countdown and the
 * timeout do not depend on the browser's clock.
 */
import '@shomei/elements/define/shomei-session-timer.js';
import type { ShomeiSessionTimer } from '@shomei/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import {
  alerts,
  elementOf,
  loginAs,
  reaches,
  simulateNetworkLoss,
  StoryScheduler,
  type ShomeiStoryParameters,
} from './support/index.js';

/** Wednesday 3 June 2026, 10:00 in Tokyo. */
const CLOCK = new Date('2026-06-03T01:00:00Z');

let scheduler: StoryScheduler | undefined;

const timerOf = (canvas: HTMLElement) =>
  elementOf<ShomeiSessionTimer>(canvas, 'shomei-session-timer');
const statusOf = (canvas: HTMLElement) => () => timerOf(canvas).sessionState?.status;
const dialogOf = (canvas: HTMLElement) =>
  timerOf(canvas).shadowRoot?.querySelector('shomei-dialog') ?? null;
const actions = (canvas: HTMLElement) => [
  ...(timerOf(canvas).shadowRoot?.querySelectorAll<HTMLButtonElement>('button[part="button"]') ??
    []),
];

/** The session flow runs (status `active`), nothing shown; the dialog's chunk is here. */
async function active(canvas: HTMLElement): Promise<void> {
  await reaches(statusOf(canvas), 'active');
  // Fetched when the flow starts, the chunk is there long before a real warning; the stories
  // move the clock at once, so they wait for it (without it the fallback warning would show).
  await timerOf(canvas).updateComplete;
}

/** Moves both clocks to `secondsBefore` the idle timeout; waits for the warning dialog. */
async function warns(canvas: HTMLElement, secondsBefore = 30): Promise<void> {
  await active(canvas);
  const state = timerOf(canvas).sessionState;
  const expiresAt =
    state !== undefined && 'idleExpiresAt' in state ? Date.parse(state.idleExpiresAt) : 0;
  scheduler?.advance(expiresAt - scheduler.now() - secondsBefore * 1000);
  await reaches(statusOf(canvas), 'warning');
  await waitFor(() => expect(dialogOf(canvas)?.open).toBe(true));
}

const meta = {
  title: 'Elements/Session timer',
  component: 'shomei-session-timer',
  parameters: { shomei: { mock: { clock: CLOCK } } satisfies ShomeiStoryParameters },
  beforeEach: async () => {
    await loginAs('returning');
    scheduler = new StoryScheduler();
  },
  render: () => html`
    <p>ログイン中のページ（証明書の申請）</p>
    <shomei-session-timer .scheduler=${scheduler}></shomei-session-timer>
  `,
} satisfies Meta;
export default meta;

type Story = StoryObj;

/** A16: the session is followed; nothing shows until the warning. */
export const Active: Story = {
  play: async ({ canvasElement }) => {
    await active(canvasElement);
    await expect(dialogOf(canvasElement)?.open ?? false).toBe(false);
  },
};

/** A16: 30 s before the idle timeout: the countdown and 「延長する」 (focused). */
export const Warning: Story = { play: ({ canvasElement }) => warns(canvasElement) };

/** A16: 「延長する」 extended the session through the SDK; the dialog is closed. */
export const Extended: Story = {
  play: async ({ canvasElement }) => {
    await warns(canvasElement);
    const before = timerOf(canvasElement).sessionState;
    actions(canvasElement).at(-1)?.click();
    await reaches(statusOf(canvasElement), 'active');
    await waitFor(() => expect(dialogOf(canvasElement)?.open).toBe(false));
    await expect(timerOf(canvasElement).sessionState).not.toEqual(before);
  },
};

/** A16, X5: extending failed (network loss): the warning stays and says why. */
export const ExtendFailed: Story = {
  play: async ({ canvasElement }) => {
    await warns(canvasElement);
    simulateNetworkLoss('extendSession');
    actions(canvasElement).at(-1)?.click();
    await alerts(timerOf(canvasElement));
  },
};

/** A16: the time ran out: logged out, 「一定時間操作がなかったため、ログアウトしました。」 */
export const TimedOut: Story = {
  play: async ({ canvasElement }) => {
    await warns(canvasElement, 20);
    scheduler?.advance(20_000);
    await reaches(statusOf(canvasElement), 'timed-out');
    await waitFor(() => expect(dialogOf(canvasElement)?.open).toBe(true));
  },
};

/** X1: the warning in English. */
export const English: Story = {
  globals: { locale: 'en' },
  play: ({ canvasElement }) => warns(canvasElement),
};
