/**
 * The contract suite (issue 6): one list of scenarios, run through the SDK against every host.
 * A host that behaves differently from the others fails here.
 */
import { createClient, type ShomeiClient } from '@shomei/sdk';
import { DEMO_STUDENTS } from '@shomei/service';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BASE_URL,
  clientFor,
  closePgliteTemplate,
  HOSTS,
  removeTempDirectories,
  sandbox,
  staff,
  stopPostgres,
  type Host,
} from './hosts.js';

const MINUTE = 60 * 1000;
const { firstLogin, returning, graduate, notYetAvailable } = DEMO_STUDENTS;
const NEW_EMAIL = 'hanako@mail.example';
const NEW_SECOND_PASSWORD = 'Hanako2026x';

/** The token in a mailed one-time link (`...#purpose=<token>`). */
function tokenOf(link: string | undefined): string {
  const token = link?.split('#')[1]?.split('=')[1];
  if (token === undefined) throw new Error(`no token in ${String(link)}`);
  return token;
}

afterAll(async () => {
  await closePgliteTemplate();
  await stopPostgres();
  removeTempDirectories();
});

describe.each(HOSTS)('contract: $name', (factory) => {
  let host: Host;
  beforeEach(async () => {
    host = await factory.start();
  });
  afterEach(async () => {
    await host.close();
  });

  function authKeyFor(email: string): string {
    const key = host.mailbox.latest(email, 'auth-key')?.authKey;
    if (key === undefined) throw new Error(`no auth key mailed to ${email}`);
    return key;
  }

  /** A6/A7: the returning student, all the way in. */
  async function loginReturning(client = clientFor(host)): Promise<ShomeiClient> {
    const { userId, password, secondPassword, email } = returning;
    const login = await client.login({ userId, password, secondPassword });
    expect(login.error).toBeNull();
    if (login.data?.step === 'auth-key') {
      const verified = await client.verifyAuthKey({ authKey: authKeyFor(email) });
      expect(verified.data?.step).toBe('authenticated');
    }
    return client;
  }

  /** A2–A4: the first-login student up to a confirmed email. */
  async function registerFirstLogin(client: ShomeiClient): Promise<void> {
    const login = await client.login({ userId: firstLogin.userId, password: firstLogin.password });
    expect(login.data).toEqual({ step: 'email-registration', userId: firstLogin.userId });
    const sent = await client.registerEmail({ email: NEW_EMAIL, emailConfirmation: NEW_EMAIL });
    expect(sent.data).toMatchObject({ step: 'email-registration-sent', email: NEW_EMAIL });
    const mail = host.mailbox.latest(NEW_EMAIL, 'email-registration');
    expect(mail?.subject).toBe('【証明書発行サービス】メールアドレス登録のご案内');
    const confirmed = await client.confirmEmailRegistration({ token: tokenOf(mail?.link) });
    expect(confirmed.data).toEqual({ email: NEW_EMAIL });
  }

  it('A2/A3/A4/A5/A6/A7: first login → email registration → link → second password → auth key', async () => {
    const client = clientFor(host);
    await registerFirstLogin(client);
    expect((await client.getSession()).data).toEqual({
      step: 'second-password-setup',
      userId: firstLogin.userId,
    });
    const weak = await client.setupSecondPassword({
      secondPassword: 'abcdefgh',
      secondPasswordConfirmation: 'abcdefgh',
    });
    expect(weak.error).toMatchObject({ code: 'second_password_rules' });
    const set = await client.setupSecondPassword({
      secondPassword: NEW_SECOND_PASSWORD,
      secondPasswordConfirmation: NEW_SECOND_PASSWORD,
    });
    expect(set.data).toMatchObject({ step: 'auth-key', maskedEmail: 'h***@mail.example' });
    const verified = await client.verifyAuthKey({ authKey: authKeyFor(NEW_EMAIL) });
    expect(verified.data).toMatchObject({
      step: 'authenticated',
      student: { userId: firstLogin.userId, year: 1 },
      email: NEW_EMAIL,
      twoFactorEnabled: true,
    });

    // A6: later logins need the second password.
    const later = clientFor(host);
    const without = await later.login({ userId: firstLogin.userId, password: firstLogin.password });
    expect(without.error).toMatchObject({ code: 'invalid_credentials' });
    const withIt = await later.login({
      userId: firstLogin.userId,
      password: firstLogin.password,
      secondPassword: NEW_SECOND_PASSWORD,
    });
    expect(withIt.data?.step).toBe('auth-key');
  });

  it('A8/A9: wrong keys until locked; only a reissue helps', async () => {
    const client = clientFor(host);
    const { userId, password, secondPassword, email } = returning;
    expect((await client.login({ userId, password, secondPassword })).data?.step).toBe('auth-key');
    const oldKey = authKeyFor(email);
    const wrongKey = oldKey === '000000' ? '111111' : '000000';
    for (let attemptsLeft = 4; attemptsLeft >= 1; attemptsLeft -= 1) {
      const wrong = await client.verifyAuthKey({ authKey: wrongKey });
      expect(wrong.error).toMatchObject({ code: 'auth_key_wrong', attemptsLeft });
    }
    expect((await client.verifyAuthKey({ authKey: wrongKey })).error).toMatchObject({
      code: 'auth_key_locked',
      status: 423,
    });
    expect((await client.verifyAuthKey({ authKey: oldKey })).error).toMatchObject({
      code: 'auth_key_locked',
    });
    const reissued = await client.reissueAuthKey();
    expect(reissued.data).toMatchObject({ maskedEmail: 't***@mail.example' });
    const verified = await client.verifyAuthKey({ authKey: authKeyFor(email) });
    expect(verified.data?.step).toBe('authenticated');
  });

  it('A6: a stranger’s wrong passwords bring a growing delay, and a browser that logged in before keeps its own allowance', async () => {
    // Issue 14. The owner's browser keeps its device cookie as a browser would.
    let device: string | undefined;
    const owner = createClient({
      baseUrl: `${BASE_URL}/t/demo`,
      sessionMode: 'bearer',
      retry: 0,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (device !== undefined) request.headers.set('Cookie', `shomei_device=${device}`);
        const response = await host.fetch(request);
        for (const cookie of response.headers.getSetCookie())
          device = /^shomei_device=([^;]+)/.exec(cookie)?.[1] ?? device;
        return response;
      },
    });
    const { userId, password, secondPassword } = returning;
    expect((await owner.login({ userId, password, secondPassword })).data?.step).toBe('auth-key');
    expect(device).toBeDefined();
    await owner.logout();

    const stranger = clientFor(host);
    const wrong = { userId, password, secondPassword: 'Wrong-2024x' };
    for (let index = 0; index < 6; index += 1)
      expect((await stranger.login(wrong)).error).toMatchObject({ code: 'invalid_credentials' });
    expect((await stranger.login({ userId, password, secondPassword })).error).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 1,
    });
    expect((await owner.login({ userId, password, secondPassword })).data?.step).toBe('auth-key');
    host.clock.advance(1000);
    expect((await stranger.login({ userId, password, secondPassword })).data?.step).toBe(
      'auth-key',
    );
  });

  it('A4: the registration link expires after 30 minutes on the clock', async () => {
    const client = clientFor(host);
    await client.login({ userId: firstLogin.userId, password: firstLogin.password });
    await client.registerEmail({ email: NEW_EMAIL, emailConfirmation: NEW_EMAIL });
    const link = host.mailbox.latest(NEW_EMAIL, 'email-registration')?.link;
    host.clock.advance(31 * MINUTE);
    const late = await client.confirmEmailRegistration({ token: tokenOf(link) });
    expect(late.error).toMatchObject({ code: 'link_expired' });
  });

  it('A13: a reset request never reveals whether the address is registered', async () => {
    const client = clientFor(host);
    const known = await client.requestSecondPasswordReset({ email: returning.email });
    const unknown = await client.requestSecondPasswordReset({ email: 'nobody@mail.example' });
    expect(known.data).toEqual({ accepted: true });
    expect(unknown.data).toEqual(known.data);
    expect(host.mailbox.latest('nobody@mail.example')).toBeUndefined();
    const mail = host.mailbox.latest(returning.email, 'second-password-reset');
    const reset = await client.resetSecondPassword({
      token: tokenOf(mail?.link),
      secondPassword: 'Renewed2026',
      secondPasswordConfirmation: 'Renewed2026',
    });
    expect(reset.error).toBeNull();
    const login = await clientFor(host).login({
      userId: returning.userId,
      password: returning.password,
      secondPassword: 'Renewed2026',
    });
    expect(login.data?.step).toBe('auth-key');
  });

  it('A11: email change mails a link to the new address and a notice to the old one', async () => {
    const client = await loginReturning();
    expect(
      (await client.reauthenticate({ secondPassword: returning.secondPassword })).error,
    ).toBeNull();
    const requested = await client.requestEmailChange({
      email: 'taro.new@mail.example',
      emailConfirmation: 'taro.new@mail.example',
    });
    expect(requested.data).toMatchObject({ sentTo: 'taro.new@mail.example' });
    const mail = host.mailbox.latest('taro.new@mail.example', 'email-change');
    const confirmed = await client.confirmEmailChange({ token: tokenOf(mail?.link) });
    expect(confirmed.data).toEqual({ email: 'taro.new@mail.example' });
    expect(host.mailbox.latest(returning.email, 'email-changed-notice')).toBeDefined();
    expect((await client.getSession()).data).toMatchObject({ email: 'taro.new@mail.example' });
  });

  it('A15: two-factor can be switched off, and the next login asks for no key', async () => {
    const client = await loginReturning();
    expect(
      (await client.reauthenticate({ secondPassword: returning.secondPassword })).error,
    ).toBeNull();
    expect((await client.setTwoFactor({ enabled: false })).error).toBeNull();
    expect((await client.getSession()).data).toMatchObject({ twoFactorEnabled: false });
    const again = await clientFor(host).login({
      userId: returning.userId,
      password: returning.password,
      secondPassword: returning.secondPassword,
    });
    expect(again.data?.step).toBe('authenticated');
  });

  it('A21: security changes need a recent re-authentication, which the session keeps in its store', async () => {
    const client = await loginReturning();
    expect((await client.setTwoFactor({ enabled: false })).error).toMatchObject({
      code: 'reauthentication_required',
      status: 403,
    });
    const wrong = await client.reauthenticate({ secondPassword: 'Wrong2026x' });
    expect(wrong.error).toMatchObject({ code: 'current_second_password_wrong', attemptsLeft: 4 });
    expect(
      (await client.reauthenticate({ secondPassword: returning.secondPassword })).error,
    ).toBeNull();
    expect((await client.setTwoFactor({ enabled: false })).data).toEqual({ enabled: false });
    expect(host.mailbox.latest(returning.email, 'two-factor-disabled-notice')).toBeDefined();
    host.clock.advance(5 * 60 * 1000);
    expect(
      (
        await client.requestEmailChange({
          email: 'late@mail.example',
          emailConfirmation: 'late@mail.example',
        })
      ).error,
    ).toMatchObject({ code: 'reauthentication_required' });
  });

  it('A18: graduates are sent to the office; new students are told from when', async () => {
    const client = clientFor(host);
    expect((await client.login(graduate)).error).toMatchObject({ code: 'access_contact_office' });
    const newcomer = await client.login(notYetAvailable);
    expect(newcomer.error).toMatchObject({
      code: 'access_not_yet_available',
      availableFrom: '2027-04-06T03:00:00.000Z',
    });
    const unknown = await client.login({ userId: 'x9999999', password: 'Whatever-1' });
    expect(unknown.error).toMatchObject({ code: 'invalid_credentials' });
  });

  it('O2/O9: the catalog depends on destination and student; the parking fee is open to year 3', async () => {
    const client = await loginReturning();
    const konbini = (await client.getCatalog({ destination: 'konbini' })).data?.items ?? [];
    const konbiniIds = konbini.map((item) => item.itemId);
    expect(konbiniIds).toContain('enrollment-certificate-ja');
    expect(konbiniIds).not.toContain('enrollment-certificate-en');
    expect(konbiniIds).not.toContain('student-card-reissue');
    const mail = (await client.getCatalog({ destination: 'mail' })).data?.items ?? [];
    expect(mail.find((item) => item.itemId === 'parking-fee')).toMatchObject({
      eligible: true,
      unitPrice: 6000,
    });
  });

  it('O4/O5/O6/O11: a counter-pickup order shows its estimate; the office completes it and 「郵送対応完了」 is mailed', async () => {
    const client = await loginReturning();
    const estimate = await client.getPickupEstimate();
    expect(estimate.data).toEqual({
      appliedAt: '2026-06-03T01:00:00.000Z',
      readyAt: '2026-06-04T04:00:00.000Z',
    });
    const created = await client.createOrder({
      destination: 'mail',
      lines: [
        { itemId: 'student-card-reissue', quantity: 1 },
        { itemId: 'enrollment-certificate-ja', quantity: 2 },
      ],
      delivery: { category: 'counter' },
      expectedTotal: 2400,
      acknowledgeNoRefund: true,
    });
    expect(created.data).toMatchObject({
      status: 'awaiting-payment',
      total: 2400,
      pickupReadyAt: '2026-06-04T04:00:00.000Z',
      delivery: { category: 'counter' },
    });
    const orderId = created.data?.orderId ?? '';
    const payment = await client.startPayment({ orderId }, { method: 'konbini-seven-eleven' });
    await sandbox.settle(host, payment.data?.paymentId ?? '');
    expect((await client.getOrder({ orderId })).data?.status).toBe('paid');
    await staff.startProcessing(host, orderId);
    await staff.complete(host, orderId);
    const mail = host.mailbox.latest(returning.email, 'order-completed');
    expect(mail?.subject).toBe('【証明書発行サービス】郵送対応完了');
    const listed = await client.listOrders();
    expect(listed.data?.orders.map((order) => [order.orderId, order.status])).toEqual([
      [orderId, 'completed'],
    ]);
  });

  it('O8: a tampered total is refused, and a paid order cannot be paid twice', async () => {
    const client = await loginReturning();
    const order = {
      destination: 'konbini' as const,
      lines: [{ itemId: 'transcript-ja', quantity: 2 }],
      acknowledgeNoRefund: true,
    };
    const tampered = await client.createOrder({ ...order, expectedTotal: 1 });
    expect(tampered.error).toMatchObject({ code: 'total_mismatch' });
    const created = await client.createOrder({ ...order, expectedTotal: 600 });
    const orderId = created.data?.orderId ?? '';
    const key = crypto.randomUUID();
    const first = await client.startPayment(
      { orderId },
      { method: 'konbini-lawson' },
      { idempotencyKey: key },
    );
    const replay = await client.startPayment(
      { orderId },
      { method: 'konbini-lawson' },
      { idempotencyKey: key },
    );
    expect(replay.data?.paymentId).toBe(first.data?.paymentId);
    const second = await client.startPayment({ orderId }, { method: 'konbini-familymart' });
    expect(second.error).toMatchObject({ code: 'payment_in_progress' });
    await sandbox.settle(host, first.data?.paymentId ?? '');
    const again = await client.startPayment({ orderId }, { method: 'konbini-familymart' });
    expect(again.error).toMatchObject({ code: 'already_paid' });
  });

  it('O7/O10: konbini gives a number and deadline; settling gives a print reservation', async () => {
    const client = await loginReturning();
    const created = await client.createOrder({
      destination: 'konbini',
      lines: [{ itemId: 'transcript-ja', quantity: 2 }],
      expectedTotal: 600,
      acknowledgeNoRefund: true,
    });
    const orderId = created.data?.orderId ?? '';
    const payment = await client.startPayment({ orderId }, { method: 'konbini-lawson' });
    expect(payment.data?.nextStep).toMatchObject({
      kind: 'payment-number',
      paymentNumber: expect.stringMatching(/^\d{11}$/),
      deadline: '2026-06-08T14:59:59.000Z',
    });
    await sandbox.settle(host, payment.data?.paymentId ?? '');
    expect((await client.getOrder({ orderId })).data).toMatchObject({
      status: 'completed',
      printReservation: {
        number: expect.stringMatching(/^[A-Z2-9]{8}$/),
        validUntil: '2026-06-10T14:59:59.000Z',
      },
    });
  });

  it('O7: 20 concurrent settles of one payment settle it once; the others answer 409', async () => {
    const client = await loginReturning();
    const created = await client.createOrder({
      destination: 'konbini',
      lines: [{ itemId: 'transcript-ja', quantity: 2 }],
      expectedTotal: 600,
      acknowledgeNoRefund: true,
    });
    const orderId = created.data?.orderId ?? '';
    const payment = await client.startPayment({ orderId }, { method: 'konbini-lawson' });
    const paymentId = payment.data?.paymentId ?? '';
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => sandbox.settleResponse(host, paymentId)),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(19);
    expect((await client.getPayment({ orderId, paymentId })).data?.status).toBe('succeeded');
    expect((await client.getOrder({ orderId })).data?.status).toBe('completed');
  });

  it('O11: order history lists newest first with each status', async () => {
    const client = await loginReturning();
    const make = (quantity: number) =>
      client.createOrder({
        destination: 'konbini',
        lines: [{ itemId: 'transcript-ja', quantity }],
        expectedTotal: 300 * quantity,
        acknowledgeNoRefund: true,
      });
    const older = (await make(1)).data?.orderId;
    host.clock.advance(MINUTE);
    const newer = (await make(2)).data?.orderId;
    const listed = await client.listOrders();
    expect(listed.data?.orders.map((order) => [order.orderId, order.status])).toEqual([
      [newer, 'awaiting-payment'],
      [older, 'awaiting-payment'],
    ]);
  });
});
