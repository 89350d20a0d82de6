/**
 * `npm start` (until the demo homepage lands): one student's whole journey, driven only through
 * the SDK's public API (client + flows) against the in-memory service behind msw, and printed.
 *
 * The student reads mails from the mock's mailbox and pays on the sandbox provider's hosted page,
 * as they would in a browser; the office's steps use the mock's staff handle.
 */
import { setupMockServer } from '@shomei/mock/node';
import { DEMO_STUDENTS } from '@shomei/service';
import {
  createAccountFlow,
  createClient,
  createLoginFlow,
  createOrderFlow,
  loginStateForEmailRegistrationLink,
  type FlowRunner,
} from '@shomei/sdk';

const mock = setupMockServer({ clock: new Date('2026-11-25T10:30:00+09:00') });
const client = createClient({
  baseUrl: mock.tenantUrl('demo'),
  locale: 'ja',
  sessionMode: 'bearer',
});
const student = DEMO_STUDENTS.firstLogin;

let stepNumber = 0;
function step(title: string): void {
  stepNumber += 1;
  console.log(`\n${String(stepNumber).padStart(2, '0')}. ${title}`);
}
/** Instants read in Tokyo, as the student would. */
const tokyo = (iso: string | null | undefined): string =>
  iso
    ? new Date(iso).toLocaleString('ja-JP', {
        timeZone: 'Asia/Tokyo',
        dateStyle: 'medium',
        timeStyle: 'short',
      })
    : '-';

function show(label: string, value: unknown): void {
  console.log(
    `    ${label.padEnd(22)} ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
}

/** Sends events one after the other, waiting for each call the flow makes to settle. */
async function drive<S extends { status: string }, E>(
  flow: FlowRunner<S, E>,
  ...events: E[]
): Promise<S> {
  await flow.whenSettled();
  for (const event of events) {
    flow.send(event);
    await flow.whenSettled();
  }
  return flow.getState();
}

/** Stops the journey loudly when a flow is not where the student expects to be. */
function expectStatus<S extends { status: string }, T extends S['status']>(
  state: S,
  status: T,
): Extract<S, { status: T }> {
  if (state.status !== status) {
    throw new Error(`expected "${status}" but the flow is at ${JSON.stringify(state, null, 2)}`);
  }
  return state as Extract<S, { status: T }>;
}

/** The token sits in the URL fragment of the mailed link (it never reaches a server log). */
function tokenFromLink(link: string | undefined, name: string): string {
  const fragment = new URL(link ?? 'missing:').hash.slice(1);
  const token = new URLSearchParams(fragment).get(name);
  if (!token) throw new Error(`no ${name} token in ${link}`);
  return token;
}

function toFullWidth(digits: string): string {
  return digits.replace(/[0-9]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0));
}

function latestMail(kind: Parameters<typeof mock.mailbox.latest>[1], to: string) {
  const mail = mock.mailbox.latest(to, kind);
  if (!mail) throw new Error(`no ${kind} mail to ${to}`);
  return mail;
}

async function main(): Promise<void> {
  console.log('Shōmei: a student journey against the in-memory service (no network)');
  show('tenant', mock.tenantUrl('demo'));
  show('student', student.userId);

  const tenant = await client.getTenant();
  if (tenant.error) throw tenant.error;
  show('university', tenant.data.name.ja);

  step('A1/A2: first login with the university user ID and password only');
  const login = createLoginFlow(client);
  let state = await drive(
    login,
    { type: 'input', field: 'userId', value: student.userId },
    { type: 'input', field: 'password', value: student.password },
    { type: 'submit' },
  );
  expectStatus(state, 'email-registration');
  show('next step', state.status);

  step('A3: register an email address (typed twice)');
  const email = 'hanako.shomei@mail.example';
  state = await drive(
    login,
    { type: 'input', field: 'email', value: email },
    { type: 'input', field: 'emailConfirmation', value: email },
    { type: 'submit' },
  );
  const sent = expectStatus(state, 'email-sent');
  show('confirmation mail to', sent.email);
  show('link valid until', tokyo(sent.linkExpiresAt));
  login.dispose();

  step('A4: open the one-time link from the mail');
  const registrationMail = latestMail('email-registration', email);
  show('mail subject', registrationMail.subject);
  const linkFlow = createLoginFlow(client, {
    initial: loginStateForEmailRegistrationLink(
      tokenFromLink(registrationMail.link, 'email-registration'),
    ),
  });
  state = await drive(linkFlow);
  show('screen', expectStatus(state, 'email-registered').status + ' (メールアドレス設定完了)');

  step('A5: log in again and set the second password, rules checked live');
  state = await drive(
    linkFlow,
    { type: 'go-to-login' },
    { type: 'input', field: 'userId', value: student.userId },
    { type: 'input', field: 'password', value: student.password },
    { type: 'submit' },
    { type: 'input', field: 'secondPassword', value: 'shomei' },
  );
  show('"shomei" fails', expectStatus(state, 'second-password-setup').failedRules);
  const secondPassword = 'Shomei2026';
  state = await drive(
    linkFlow,
    { type: 'input', field: 'secondPassword', value: secondPassword },
    { type: 'input', field: 'secondPasswordConfirmation', value: secondPassword },
  );
  show(`"${secondPassword}" fails`, expectStatus(state, 'second-password-setup').failedRules);
  state = await drive(linkFlow, { type: 'submit' });
  show(
    'screen',
    expectStatus(state, 'second-password-set').status + ' (第2パスワードが設定されました)',
  );
  state = await drive(linkFlow, { type: 'acknowledge' });
  const keyScreen = expectStatus(state, 'auth-key');

  step('A7: two-factor by email: the auth key arrives by mail');
  show('key mailed to', keyScreen.maskedEmail);
  show('key valid until', tokyo(keyScreen.keyExpiresAt));
  const keyMail = latestMail('auth-key', email);
  show('mail subject', keyMail.subject);

  step('A9/A7: a wrong key counts an attempt; the key from the mail logs in');
  state = await drive(
    linkFlow,
    { type: 'input', field: 'authKey', value: keyMail.authKey === '000000' ? '111111' : '000000' },
    { type: 'submit' },
  );
  const wrong = expectStatus(state, 'auth-key');
  show('error', `${wrong.error?.code}, attempts left ${wrong.error?.attemptsLeft}`);
  state = await drive(
    linkFlow,
    // Full-width digits, as a Japanese IME types them, are accepted.
    { type: 'input', field: 'authKey', value: toFullWidth(keyMail.authKey ?? '') },
    { type: 'set-trust-device', trustDevice: true },
    { type: 'submit' },
  );
  const firstSession = expectStatus(state, 'authenticated').session;
  show('logged in as', `${firstSession.student.name}, year ${firstSession.student.year}`);
  show('idle logout at', tokyo(firstSession.idleExpiresAt));

  step('A10/A15: the account menu shows two-factor; changing it asks first');
  const account = createAccountFlow(client);
  let accountState = await drive(account);
  show(
    '二要素認証設定',
    expectStatus(accountState, 'menu').account.twoFactorEnabled ? '有効' : '無効',
  );
  accountState = await drive(account, { type: 'open-two-factor' });
  show(
    'question',
    expectStatus(accountState, 'confirm-two-factor').enable
      ? '二要素認証を有効にしますか?'
      : '二要素認証を無効にしますか?',
  );
  accountState = await drive(account, { type: 'cancel' });
  show(
    'いいえ → menu',
    expectStatus(accountState, 'menu').account.twoFactorEnabled ? '有効' : '無効',
  );
  account.dispose();

  step('A16: log out');
  state = await drive(linkFlow, { type: 'logout' });
  show('screen', state.status);
  linkFlow.dispose();

  step('A6/A7: log in with the second password; this device is trusted, so no key is asked');
  const returning = createLoginFlow(client);
  state = await drive(
    returning,
    { type: 'input', field: 'userId', value: student.userId },
    { type: 'input', field: 'password', value: student.password },
    { type: 'input', field: 'secondPassword', value: secondPassword },
    { type: 'submit' },
  );
  const session = expectStatus(state, 'authenticated').session;
  show('idle logout at', tokyo(session.idleExpiresAt));

  step('O1–O3: 郵送 → the catalog for this student, quantities and a live total');
  const order = createOrderFlow(client, {
    returnUrl: new URL('certificates/return', tenant.data.homepageUrl ?? mock.baseUrl).href,
  });
  let orderState = await drive(order, { type: 'choose-destination', destination: 'mail' });
  const quantities = expectStatus(orderState, 'quantities');
  for (const item of quantities.draft.catalog.items) {
    show(
      item.eligible ? `  ¥${item.unitPrice}` : `  (${item.reason})`,
      `${item.name.ja} (max ${item.maxQuantity})`,
    );
  }
  orderState = await drive(
    order,
    { type: 'set-quantity', itemId: 'enrollment-certificate-ja', quantity: 2 },
    { type: 'set-quantity', itemId: 'student-card-reissue', quantity: 1 },
  );
  show('total', `¥${expectStatus(orderState, 'quantities').total}`);

  step('O4/O5: 大学窓口で受取り (counter pickup) and when it will be ready');
  orderState = await drive(
    order,
    { type: 'continue' },
    { type: 'set-delivery-category', category: 'counter' },
    { type: 'continue' },
  );
  const review = expectStatus(orderState, 'review');
  show('address', review.draft.delivery.category === 'counter' ? '窓口受取り' : '?');
  show('ready from', tokyo(review.draft.pickupReadyAt));

  step('O8: review, acknowledge 返金不可, and order');
  orderState = await drive(order, { type: 'proceed-to-payment' });
  show('without acknowledging', orderState.status);
  orderState = await drive(
    order,
    { type: 'acknowledge-no-refund', acknowledged: true },
    { type: 'proceed-to-payment' },
  );
  const placed = expectStatus(orderState, 'payment-method');
  show('order', `${placed.order.orderId}: ${placed.order.status}, ¥${placed.order.total}`);

  step('O7: pay by card on the provider’s hosted page (sandbox)');
  orderState = await drive(
    order,
    { type: 'choose-payment-method', method: 'card' },
    { type: 'pay' },
  );
  const nextStep = expectStatus(orderState, 'payment-next-step').payment.nextStep;
  if (nextStep.kind !== 'redirect') throw new Error(`expected a redirect, got ${nextStep.kind}`);
  show('redirect to', nextStep.url);
  // What the hosted page's 「Pay」 button does in the browser.
  const paid = await fetch(nextStep.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome: 'succeed' }),
  });
  show('provider answered', paid.status);
  orderState = await drive(order, { type: 'check-payment' });
  const done = expectStatus(orderState, 'done').order;
  show('order status', done.status);
  show('payment', `${done.payment?.method} ${done.payment?.status}`);
  order.dispose();

  step('O6: the office completes the order; the fixed mail arrives');
  await mock.staff.startProcessing(done.orderId);
  await mock.staff.complete(done.orderId);
  const completed = latestMail('order-completed', email);
  show('mail subject', completed.subject);
  console.log(completed.text.replace(/^/gm, '      | '));
  // The mail's wording is fixed by the system (seed 000); for counter pickup it means "ready".
  show('for counter pickup', '「郵送対応完了」 = ready: bring your student card to the counter');

  step('O11: order history');
  const history = await client.listOrders();
  if (history.error) throw history.error;
  for (const each of history.data.orders) {
    show(each.orderId, `${each.status}, ¥${each.total}, pickup from ${tokyo(each.pickupReadyAt)}`);
  }

  returning.dispose();
  console.log('\nDone: every step above went through @shomei/sdk against @shomei/mock.');
}

main()
  .catch((error: unknown) => {
    console.error('\nThe journey stopped:', error);
    process.exitCode = 1;
  })
  .finally(() => mock.close());
