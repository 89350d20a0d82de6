import { expect, fixture, html } from '@open-wc/testing';
import type { ShomeiClient } from '@shomei/sdk';
import { resetShomeiConfig } from '../config.js';
import '../define/shomei-order-history.js';
import { setShomeiLocale } from '../localization.js';
import { createStudentClient, type StudentClient } from '../../test/student-session.js';
import type { ShomeiOrderHistory } from './order-history.js';
import { waitUntil } from '../../test/wait.js';

const text = (element: ShomeiOrderHistory) =>
  element.shadowRoot?.textContent?.replace(/\s+/gu, ' ') ?? '';

async function order(
  student: StudentClient,
  destination: 'konbini' | 'mail' | 'campus-printer',
  itemId: string,
  total: number,
) {
  const { data, error } = await student.client.createOrder({
    destination,
    lines: [{ itemId, quantity: 1 }],
    ...(destination === 'mail' ? { delivery: { category: 'counter' as const } } : {}),
    expectedTotal: total,
    acknowledgeNoRefund: true,
  });
  if (error) throw new Error(error.code);
  return data;
}

async function pay(student: StudentClient, orderId: string, method: 'card' | 'konbini-lawson') {
  const { data, error } = await student.client.startPayment({ orderId }, { method });
  if (error) throw new Error(error.code);
  return data;
}

async function ready(element: ShomeiOrderHistory): Promise<void> {
  await waitUntil(() => element.shadowRoot?.querySelector('[aria-busy="false"]') !== null);
  await element.updateComplete;
}

describe('shomei-order-history', () => {
  let student: StudentClient;
  beforeEach(async () => {
    student = await createStudentClient();
  });
  afterEach(async () => {
    resetShomeiConfig();
    await setShomeiLocale('ja');
  });

  it('O11: no orders yet is said; loading is announced and axe-clean', async () => {
    // The answer is held back: `fixture` waits for the first render, not for `listOrders`.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held: ShomeiClient = {
      ...student.client,
      listOrders: async (options) => {
        await gate;
        return student.client.listOrders(options);
      },
    };
    const element = await fixture<ShomeiOrderHistory>(
      html`<shomei-order-history .client=${held}></shomei-order-history>`,
    );
    expect(text(element)).to.contain('読み込んでいます');
    await expect(element).to.be.accessible();
    release();
    await ready(element);
    expect(text(element)).to.contain('申請はまだありません');
    await expect(element).to.be.accessible();
  });

  it('O11/O7/O10/O5/O6: statuses in words, payment number and deadline, print reservation, pickup estimate; refresh', async () => {
    const unpaid = await order(student, 'konbini', 'enrollment-certificate-ja', 200);
    const konbini = await pay(student, unpaid.orderId, 'konbini-lawson');
    const counter = await order(student, 'mail', 'student-card-reissue', 2000);
    const card = await pay(student, counter.orderId, 'card');
    await student.mock.sandbox.succeed(card.paymentId);
    const element = await fixture<ShomeiOrderHistory>(
      html`<shomei-order-history .client=${student.client}></shomei-order-history>`,
    );
    await ready(element);
    let content = text(element);
    expect(content).to.contain('お支払い待ち');
    expect(content).to.contain('お支払い済み');
    expect(content).to.contain('お支払い期限');
    expect(content).to.contain('受取可能日時（予定）');
    expect(content).to.contain('ローソン');
    const number = element.shadowRoot!.querySelector('[part="payment-number"]')!;
    expect(konbini.nextStep.kind).to.equal('payment-number');
    if (konbini.nextStep.kind === 'payment-number')
      expect(number.textContent).to.contain(konbini.nextStep.paymentNumber);
    await expect(element).to.be.accessible();

    await student.mock.sandbox.settle(konbini.paymentId);
    await student.mock.staff.startProcessing(counter.orderId);
    await student.mock.staff.complete(counter.orderId);
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="refresh"]')!.click();
    await waitUntil(() => text(element).includes('受取り可能'));
    content = text(element);
    expect(content).to.contain('予約番号');
    expect(content).to.contain('郵送対応完了');
    // X6: the office is the tenant's (the demo's 学生支援課), from its tenant view.
    expect(content).to.contain('学生証をお持ちの上、学生支援課窓口にお越しください。');
    expect(element.shadowRoot!.querySelector('[part="reservation-number"]')).to.not.equal(null);
    await expect(element).to.be.accessible();
  });

  it('O11: an expired konbini number shows the order as expired', async () => {
    const unpaid = await order(student, 'konbini', 'transcript-ja', 300);
    const payment = await pay(student, unpaid.orderId, 'konbini-lawson');
    await student.mock.sandbox.expire(payment.paymentId);
    const element = await fixture<ShomeiOrderHistory>(
      html`<shomei-order-history .client=${student.client}></shomei-order-history>`,
    );
    await ready(element);
    const content = text(element);
    expect(content).to.match(/期限切れ|払込番号は無効/u);
    await expect(element).to.be.accessible();
  });

  it('O11/X5: a network loss is said, with refresh to try again', async () => {
    student.fault = () => 'network';
    const element = await fixture<ShomeiOrderHistory>(
      html`<shomei-order-history .client=${student.client}></shomei-order-history>`,
    );
    await ready(element);
    expect(element.shadowRoot!.querySelector('[role="alert"]')?.textContent).to.contain(
      '通信できませんでした',
    );
    await expect(element).to.be.accessible();
    student.fault = () => undefined;
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part="refresh"]')!.click();
    await waitUntil(() => text(element).includes('申請はまだありません'));
  });
});
