/**
 * <shomei-order-history> (O11): the student's orders and where each stands. The orders are
 * placed and paid through the SDK before the element renders, then moved on by the payment
 * provider's sandbox (`mock.sandbox`) and the office (`mock.staff`).
 */
import '@shomei/elements/define/shomei-order-history.js';
import type { ShomeiOrderHistory } from '@shomei/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import {
  advanceClock,
  alerts,
  elementOf,
  loginAs,
  payOrder,
  placeOrder,
  simulateNetworkLoss,
  simulatePendingResponses,
  simulateServerFault,
  storyMock,
  type ShomeiStoryParameters,
} from './support/index.js';

/** Wednesday 17 June 2026, 10:00 in Tokyo: dates and pickup estimates stay the same. */
const CLOCK = new Date('2026-06-17T01:00:00Z');

const historyOf = (canvas: HTMLElement) =>
  elementOf<ShomeiOrderHistory>(canvas, 'shomei-order-history');

/** Loaded (not busy), with `count` orders. */
const loaded =
  (count: number) =>
  async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const history = historyOf(canvasElement);
    await waitFor(() =>
      expect(history.shadowRoot?.querySelector('[aria-busy="false"]')).not.toBeNull(),
    );
    await waitFor(() =>
      expect(history.shadowRoot?.querySelectorAll('[part~="order"]').length).toBe(count),
    );
  };

/** One order in each status the service reaches (newest first on screen). */
async function everyStatus(): Promise<void> {
  const { mock } = storyMock();
  const step = () => advanceClock(60_000); // distinct createdAt: a stable order on screen

  // 期限切れ: konbini number past its deadline.
  const expired = await placeOrder('konbini', 'transcript-ja', 300);
  await mock.sandbox.expire((await payOrder(expired.orderId, 'konbini-lawson')).paymentId);
  step();
  // 受取り可能: counter pickup, paid by card, finished by the office.
  const counter = await placeOrder('mail', 'student-card-reissue', 2000);
  await mock.sandbox.succeed((await payOrder(counter.orderId, 'card')).paymentId);
  await mock.staff.startProcessing(counter.orderId);
  await mock.staff.complete(counter.orderId);
  step();
  // 発送済み: mailed home, finished by the office.
  const sent = await placeOrder('mail', 'transcript-en', 500, 'home');
  await mock.sandbox.succeed((await payOrder(sent.orderId, 'card')).paymentId);
  await mock.staff.startProcessing(sent.orderId);
  await mock.staff.complete(sent.orderId);
  step();
  // 発行処理中: the office started on it.
  const processing = await placeOrder('mail', 'parking-pass-reissue', 1000, 'home');
  await mock.sandbox.succeed((await payOrder(processing.orderId, 'card')).paymentId);
  await mock.staff.startProcessing(processing.orderId);
  step();
  // お支払い済み: paid, the office has not started.
  const paid = await placeOrder('mail', 'accident-insurance-renewal', 1500, 'counter');
  await mock.sandbox.succeed((await payOrder(paid.orderId, 'card')).paymentId);
  step();
  // 印刷可能: campus printer, paid: the print reservation number.
  const printer = await placeOrder('campus-printer', 'transcript-ja', 300);
  await mock.sandbox.succeed((await payOrder(printer.orderId, 'card')).paymentId);
  step();
  // 印刷可能 at the konbini: paid at the store (settled): reservation number.
  const konbini = await placeOrder('konbini', 'course-application-ja', 100);
  await mock.sandbox.settle((await payOrder(konbini.orderId, 'konbini-familymart')).paymentId);
  step();
  // お支払い待ち: a konbini number and its deadline.
  const unpaid = await placeOrder('konbini', 'enrollment-certificate-ja', 200);
  await payOrder(unpaid.orderId, 'konbini-seven-eleven');
}

const EVERY_STATUS_COUNT = 8;

const meta = {
  title: 'Elements/Order history',
  component: 'shomei-order-history',
  parameters: { shomei: { mock: { clock: CLOCK } } satisfies ShomeiStoryParameters },
  beforeEach: async () => {
    await loginAs('returning');
  },
  render: () => html`<shomei-order-history></shomei-order-history>`,
} satisfies Meta;
export default meta;

type Story = StoryObj;

/** O11: no orders yet. */
export const Empty: Story = { play: loaded(0) };

/** O11: loading is announced. */
export const Loading: Story = {
  beforeEach: () => simulatePendingResponses('listOrders'),
  play: async ({ canvasElement }) => {
    await waitFor(() =>
      expect(
        historyOf(canvasElement).shadowRoot?.querySelector('[aria-busy="true"]'),
      ).not.toBeNull(),
    );
  },
};

/**
 * O11, O5, O6, O7, O10: every status the service reaches: お支払い待ち (payment number and
 * deadline), お支払い済み, 発行処理中, 受取り可能 (pickup estimate), 発送済み, 印刷可能 (print
 * reservation numbers), 期限切れ. 取消し has no way in through the service (no cancel endpoint).
 */
export const EveryStatus: Story = {
  beforeEach: everyStatus,
  play: async (context) => {
    await loaded(EVERY_STATUS_COUNT)(context);
    const statuses = [
      ...(historyOf(context.canvasElement).shadowRoot?.querySelectorAll('[part~="order-status"]') ??
        []),
    ].map((status) => status.textContent?.trim());
    await expect(new Set(statuses).size).toBe(7);
  },
};

/** X5 network loss: said, with 再読み込み. */
export const NetworkError: Story = {
  beforeEach: () => simulateNetworkLoss('listOrders'),
  play: async ({ canvasElement }) => {
    await alerts(historyOf(canvasElement), '通信できませんでした');
  },
};

/** X5 server fault (HTTP 500). */
export const ServerFault: Story = {
  beforeEach: () => simulateServerFault('listOrders'),
  play: async ({ canvasElement }) => {
    await alerts(historyOf(canvasElement));
  },
};

/** X1: every status in English. */
export const English: Story = {
  globals: { locale: 'en' },
  beforeEach: everyStatus,
  play: loaded(EVERY_STATUS_COUNT),
};
