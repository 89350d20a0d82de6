/**
 * <shomei-order> (O1–O10): the application from 印刷先選択 to the receipt, for the returning
 * student (s2024001, year 3) logged in through the SDK. Each story drives the element through
 * its own UI; the payment provider's side (card page, store counter) is the mock's sandbox.
 */
import '@shomei/elements/define/shomei-order.js';
import type { ShomeiOrder } from '@shomei/elements';
import type { OrderState } from '@shomei/sdk';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import {
  alerts,
  check,
  elementOf,
  fill,
  loginAs,
  patchTenant,
  press,
  reaches,
  shows,
  simulateNetworkLoss,
  simulateServerFault,
  storyMock,
  type ShomeiStoryParameters,
} from './support/index.js';

/** Wednesday 17 June 2026, 10:00 in Tokyo: after the parking fee's window (1–10 June). */
const CLOCK = new Date('2026-06-17T01:00:00Z');

type Context = { canvasElement: HTMLElement };
type Play = (context: Context) => Promise<void>;

const orderOf = (canvas: HTMLElement) => elementOf<ShomeiOrder>(canvas, 'shomei-order');
const statusOf = (canvas: HTMLElement) => () => orderOf(canvas).orderState?.status;
const at = (canvas: HTMLElement, status: OrderState['status']) => reaches(statusOf(canvas), status);

/** O1: chooses a destination (button label) and waits for the catalog. */
async function choose(canvas: HTMLElement, destination: string): Promise<ShomeiOrder> {
  await at(canvas, 'destination');
  const order = orderOf(canvas);
  await press(order, destination);
  await at(canvas, 'quantities');
  return order;
}

/** Mail, 学生証再発行料 ×1, counter pickup: at the review step. */
async function counterReview(canvas: HTMLElement): Promise<ShomeiOrder> {
  const order = await choose(canvas, '郵送');
  await fill(order, 'student-card-reissue', '1');
  await press(order, '次へ');
  await at(canvas, 'delivery');
  await check(order, 'input[value="counter"]');
  await press(order, '次へ');
  await at(canvas, 'review');
  return order;
}

/** Ticks 返金不可 and presses 支払へ進む: the order is placed, at the payment methods. */
async function placed(canvas: HTMLElement, order: ShomeiOrder): Promise<void> {
  await check(order, 'input[type="checkbox"]');
  await press(order, '支払へ進む');
  await at(canvas, 'payment-method');
}

/** Chooses a payment method and 支払う; returns the payment's id. */
async function pays(canvas: HTMLElement, order: ShomeiOrder, method: string): Promise<string> {
  await check(order, `input[value="${method}"]`);
  await press(order, '支払う');
  await at(canvas, 'payment-next-step');
  const state = order.orderState as Extract<OrderState, { status: 'payment-next-step' }>;
  return state.payment.paymentId;
}

/** Konbini: 在学証明書（和文） ×1 to the 7-Eleven: at the payment number. */
async function konbiniNumber(
  canvas: HTMLElement,
): Promise<{ order: ShomeiOrder; paymentId: string }> {
  const order = await choose(canvas, 'コンビニ');
  await fill(order, 'enrollment-certificate-ja', '1');
  await press(order, '次へ');
  await at(canvas, 'review');
  await placed(canvas, order);
  const paymentId = await pays(canvas, order, 'konbini-seven-eleven');
  return { order, paymentId };
}

const meta = {
  title: 'Elements/Order',
  component: 'shomei-order',
  parameters: { shomei: { mock: { clock: CLOCK } } satisfies ShomeiStoryParameters },
  beforeEach: async () => {
    await loginAs('returning');
  },
  render: () => html`<shomei-order></shomei-order>`,
} satisfies Meta;
export default meta;

type Story = StoryObj;

const onStep =
  (status: OrderState['status']): Play =>
  ({ canvasElement }) =>
    at(canvasElement, status);

/** O1: 印刷先選択: campus printer, konbini, mail, each explained. */
export const Destination: Story = { play: onStep('destination') };

/** O1 without a session: no destination, 「ログインしてください」 and the way to the login page. */
export const LoggedOut: Story = {
  beforeEach: async () => {
    const { error } = await storyMock().client.logout();
    if (error !== null) throw new Error(`logout failed: ${error.code}`);
  },
  render: () => html`<shomei-order login-url="/login"></shomei-order>`,
  play: async ({ canvasElement }) => {
    const order = orderOf(canvasElement);
    await shows(order, 'ログインしてください');
    await expect(order.orderState).toBeUndefined();
    await expect(order.shadowRoot?.querySelector('[part="login-link"]')).not.toBeNull();
  },
};

/** O2, O9: the mail catalog: 学生駐車場使用料 is outside its window (disabled, with the dates). */
export const CatalogWithIneligibleItem: Story = {
  play: async ({ canvasElement }) => {
    const order = await choose(canvasElement, '郵送');
    await shows(order, '2027年6月1日');
  },
};

/** O3: quantities with the total; 学生証再発行料 ×2 is over its limit, said next to the line. */
export const QuantitiesWithLineProblem: Story = {
  play: async ({ canvasElement }) => {
    const order = await choose(canvasElement, '郵送');
    await fill(order, 'enrollment-certificate-ja', '２');
    await fill(order, 'student-card-reissue', '2');
    await press(order, '次へ');
    await shows(order, '申請内容に誤りがあります');
    await waitFor(() =>
      expect(
        order.shadowRoot
          ?.querySelector('shomei-text-field[name="student-card-reissue"] input')
          ?.getAttribute('aria-invalid'),
      ).toBe('true'),
    );
  },
};

/** O4: the address form (light DOM, autocomplete tokens), refused empty with field messages. */
export const DeliveryAddressForm: Story = {
  play: async ({ canvasElement }) => {
    const order = await choose(canvasElement, '郵送');
    await fill(order, 'transcript-ja', '1');
    await press(order, '次へ');
    await at(canvasElement, 'delivery');
    await press(order, '次へ');
    await shows(order, '送付先に誤りがあります');
  },
};

/** O4, O5: counter pickup: no address needed, when it will be ready. */
export const DeliveryCounterPickup: Story = {
  play: async ({ canvasElement }) => {
    const order = await choose(canvasElement, '郵送');
    await fill(order, 'student-card-reissue', '1');
    await press(order, '次へ');
    await at(canvasElement, 'delivery');
    await check(order, 'input[value="counter"]');
    await shows(order, '15時以降');
  },
};

/** O8: review with the pickup estimate; 支払へ進む disabled until 返金不可 is acknowledged. */
export const ReviewUnacknowledged: Story = {
  play: async ({ canvasElement }) => {
    const order = await counterReview(canvasElement);
    await shows(order, '13:00');
  },
};

/** O8: acknowledged: 支払へ進む enabled. */
export const ReviewAcknowledged: Story = {
  play: async ({ canvasElement }) => {
    const order = await counterReview(canvasElement);
    await check(order, 'input[type="checkbox"]');
    await waitFor(async () => expect((await findButton(order, '支払へ進む')).disabled).toBe(false));
  },
};

async function findButton(order: ShomeiOrder, label: string): Promise<HTMLButtonElement> {
  const button = [...(order.shadowRoot?.querySelectorAll('button') ?? [])].find((candidate) =>
    (candidate.textContent ?? '').includes(label),
  );
  if (button === undefined) throw new Error(`no button ${label}`);
  return button;
}

/** O7: the order is placed; the payment methods with their notes. */
export const PaymentMethods: Story = {
  play: async ({ canvasElement }) => {
    const order = await counterReview(canvasElement);
    await placed(canvasElement, order);
  },
};

/** O7: card: the provider's page is the next step (the card number is never typed here). */
export const RedirectNextStep: Story = {
  play: async ({ canvasElement }) => {
    const order = await counterReview(canvasElement);
    await placed(canvasElement, order);
    const paymentId = await pays(canvasElement, order, 'card');
    await waitFor(() =>
      expect(order.shadowRoot?.querySelector<HTMLAnchorElement>('a.button')?.href).toContain(
        paymentId,
      ),
    );
  },
};

/** O7: konbini: the payment number, its deadline and how to pay. */
export const KonbiniPaymentNumber: Story = {
  play: async ({ canvasElement }) => {
    const { order } = await konbiniNumber(canvasElement);
    await waitFor(() =>
      expect(
        order.shadowRoot?.querySelector('[part="payment-number"]')?.textContent?.trim(),
      ).toMatch(/^\d+/u),
    );
  },
};

/** O10: paid at the konbini (sandbox settles): the print reservation number, copyable. */
export const DonePrintReservation: Story = {
  play: async ({ canvasElement }) => {
    const { order, paymentId } = await konbiniNumber(canvasElement);
    await storyMock().mock.sandbox.settle(paymentId);
    await press(order, '支払い状況を確認');
    await at(canvasElement, 'done');
    await waitFor(() =>
      expect(order.shadowRoot?.querySelector('[part="reservation-number"]')).not.toBeNull(),
    );
  },
};

/** O5, O6: paid by card for counter pickup: when and where to collect it. */
export const DoneCounterPickup: Story = {
  play: async ({ canvasElement }) => {
    const order = await counterReview(canvasElement);
    await placed(canvasElement, order);
    const paymentId = await pays(canvasElement, order, 'card');
    await storyMock().mock.sandbox.succeed(paymentId);
    await press(order, '支払い状況を確認');
    await at(canvasElement, 'done');
    await shows(order, '受取り可能');
  },
};

/** O7: the card was declined: said clearly, another method can be chosen. */
export const DeclinedCard: Story = {
  play: async ({ canvasElement }) => {
    const order = await counterReview(canvasElement);
    await placed(canvasElement, order);
    const paymentId = await pays(canvasElement, order, 'card');
    await storyMock().mock.sandbox.decline(paymentId);
    await press(order, '支払い状況を確認');
    await at(canvasElement, 'payment-method');
    await shows(order, 'お支払いが承認されませんでした');
  },
};

/** O3: the price changed while the student was on the page (total_mismatch): reloaded, said. */
export const TotalMismatch: Story = {
  play: async ({ canvasElement }) => {
    const order = await choose(canvasElement, '学内印刷機');
    await fill(order, 'transcript-ja', '2');
    await press(order, '次へ');
    await at(canvasElement, 'review');
    await patchTenant((settings) => {
      settings.catalog = settings.catalog.map((item) =>
        item.itemId === 'transcript-ja' ? { ...item, unitPrice: 350 } : item,
      );
    });
    await check(order, 'input[type="checkbox"]');
    await press(order, '支払へ進む');
    await at(canvasElement, 'quantities');
    await shows(order, '料金が更新されたため');
  },
};

/** X5 network loss at 支払へ進む: the acknowledgement and the order stay; retry is safe. */
export const NetworkLoss: Story = {
  play: async ({ canvasElement }) => {
    const order = await counterReview(canvasElement);
    simulateNetworkLoss('createOrder');
    await check(order, 'input[type="checkbox"]');
    await press(order, '支払へ進む');
    await alerts(order, '通信できませんでした');
  },
};

/** X5 server fault (HTTP 500) at 支払へ進む. */
export const ServerFault: Story = {
  play: async ({ canvasElement }) => {
    const order = await counterReview(canvasElement);
    simulateServerFault('createOrder');
    await check(order, 'input[type="checkbox"]');
    await press(order, '支払へ進む');
    await waitFor(() =>
      expect(order.orderState).toMatchObject({ status: 'review', error: { code: 'internal' } }),
    );
    await alerts(order);
  },
};

/** X1: English: 印刷先選択. */
export const English: Story = { globals: { locale: 'en' }, play: onStep('destination') };

/** X1: English catalog (the tenant's names in English). */
export const EnglishCatalog: Story = {
  globals: { locale: 'en' },
  play: async ({ canvasElement }) => {
    await at(canvasElement, 'destination');
    orderOf(canvasElement).send({ type: 'choose-destination', destination: 'mail' });
    await at(canvasElement, 'quantities');
    await shows(orderOf(canvasElement), 'Student card reissue fee');
  },
};
