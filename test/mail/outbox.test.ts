/**
 * X7, mail is never lost: the reference server with `SMTP_URL` pointing at a real SMTP relay
 * (smtp-server) that is down, refuses, stalls and recovers. Each test waits for the state it is
 * about (a mail accepted, an attempt recorded), never for a fixed time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type ShomeiClient } from '@shomei/sdk';
import { createServer, runCli, type ServerConfig, type ShomeiServer } from '@shomei/server';
import {
  createOutbox,
  DEMO_STAFF_TOKEN,
  DEMO_STUDENTS,
  demoTenant,
  type OutgoingMail,
} from '@shomei/service';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startPostgres } from '../support/postgres.js';
import { startTestRelay, type RelayMode, type TestRelay } from '../support/smtp-relay.js';

const BASE = 'http://localhost:4010';
/** Wednesday 3 June 2026, 10:00 in Tokyo. */
const JUNE_3_10AM = new Date('2026-06-03T01:00:00Z');
const { returning, firstLogin } = DEMO_STUDENTS;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  relay: TestRelay;
  server: ShomeiServer;
  clock: { now: Date; advance(seconds: number): void };
  dataDir: string;
}

async function relayIn(mode: RelayMode): Promise<TestRelay> {
  const relay = await startTestRelay(mode);
  cleanups.push(() => relay.close());
  return relay;
}

async function serverFor(
  relay: TestRelay,
  clock: Setup['clock'],
  dataDir = mkdtempSync(join(tmpdir(), 'shomei-outbox-')),
  databaseUrl?: string,
): Promise<{ server: ShomeiServer; dataDir: string }> {
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    publicBaseUrl: BASE,
    sandboxSecret: 'outbox-test',
    logLevel: 'silent',
    passwordHashIterations: 1000,
    shutdownTimeoutMs: 1000,
    smtpUrl: relay.url,
    // A stalled relay fails an attempt within a second here (production: 15 s).
    smtpTimeoutMs: 1000,
    // The test runs the retry rounds itself.
    mailRetryIntervalMs: 0,
  };
  const server = await createServer(config, {
    clock: () => clock.now,
    // The student is answered within a quarter second whatever the relay does.
    outbox: { requestWaitMs: 250 },
  });
  cleanups.push(() => server.close());
  return { server, dataDir };
}

async function start(mode: RelayMode): Promise<Setup> {
  const relay = await relayIn(mode);
  const clock = {
    now: JUNE_3_10AM,
    advance(seconds: number) {
      this.now = new Date(this.now.getTime() + seconds * 1000);
    },
  };
  const { server, dataDir } = await serverFor(relay, clock);
  return { relay, server, clock, dataDir };
}

function client(server: ShomeiServer): ShomeiClient {
  return createClient({
    baseUrl: `${BASE}/t/demo`,
    sessionMode: 'bearer',
    retry: 0,
    fetch: (input, init) => server.fetch(new Request(input, init)),
  });
}

const loginReturning = (student: ShomeiClient) =>
  student.login({
    userId: returning.userId,
    password: returning.password,
    secondPassword: returning.secondPassword,
  });

const keyIn = (text: string | undefined): string => /認証キー：(\d{6})/.exec(text ?? '')?.[1] ?? '';

/** The outbox rows of the returning student's auth keys, oldest first. */
async function authKeyMails(server: ShomeiServer) {
  const rows = await server.database.db
    .selectFrom('mails')
    .selectAll()
    .where('topic', '=', `auth-key:${returning.userId}`)
    .orderBy('topic_seq')
    .execute();
  return rows;
}

/** The retry round after the first back-off (at most `firstRetrySeconds`, 15 s) has passed. */
async function retryRound(setup: Setup) {
  setup.clock.advance(16);
  return setup.server.deliverMails();
}

async function staff(server: ShomeiServer, method: string, path: string) {
  const response = await server.fetch(
    new Request(`${BASE}/t/demo/staff${path}`, {
      method,
      headers: { Authorization: `Bearer ${DEMO_STAFF_TOKEN}` },
    }),
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read by the assertions
  return { status: response.status, body: (await response.json()) as any };
}

describe('X7: mail goes through the outbox to a real SMTP relay', () => {
  it('X7: with the relay down a 2FA login succeeds and says the key may take a while; the key arrives once it is back', async () => {
    const setup = await start('down');
    const student = client(setup.server);
    const login = await loginReturning(student);
    expect(login.error).toBeNull();
    expect(login.data).toMatchObject({ step: 'auth-key', mailDelayed: true });
    // A reload tells the same.
    expect((await student.getSession()).data).toMatchObject({ mailDelayed: true });

    await setup.relay.setMode('accept');
    expect(await retryRound(setup)).toEqual({ attempted: 1, sent: 1 });
    const [mail] = await setup.relay.waitForMails(1);
    expect(mail).toMatchObject({ to: returning.email, kind: 'auth-key' });
    expect((await student.getSession()).data).not.toHaveProperty('mailDelayed');
    const verified = await student.verifyAuthKey({ authKey: keyIn(mail?.text) });
    expect(verified.data?.step).toBe('authenticated');
    // Delivered: the key is no longer in the database.
    expect((await authKeyMails(setup.server)).map((row) => row.mail_json)).toEqual([null]);
  });

  it('X7: a login after a failed delivery mails a fresh key; the failed one is never delivered', async () => {
    const setup = await start('refuse-transient');
    expect((await loginReturning(client(setup.server))).data).toMatchObject({
      mailDelayed: true,
    });
    await setup.relay.setMode('accept');
    const again = client(setup.server);
    const second = await loginReturning(again);
    expect(second.data?.step).toBe('auth-key');
    expect(second.data).not.toHaveProperty('mailDelayed');
    const [fresh] = await setup.relay.waitForMails(1);
    // The first key's mail was cancelled with its key: the retry round has nothing to send.
    expect(await retryRound(setup)).toEqual({ attempted: 0, sent: 0 });
    expect(setup.relay.received).toHaveLength(1);
    expect((await authKeyMails(setup.server)).map((row) => row.status)).toEqual([
      'cancelled',
      'sent',
    ]);
    expect((await again.verifyAuthKey({ authKey: keyIn(fresh?.text) })).data?.step).toBe(
      'authenticated',
    );
  });

  it('X7: while the key mail is still on its first try, logging in again reuses the key (A9)', async () => {
    const setup = await start('accept');
    await loginReturning(client(setup.server));
    await loginReturning(client(setup.server));
    await setup.relay.waitForMails(1);
    expect(await authKeyMails(setup.server)).toHaveLength(1);
  });

  it('X7: registration with the relay refusing answers success; the link arrives after recovery', async () => {
    const setup = await start('refuse-transient');
    const student = client(setup.server);
    const login = await student.login({
      userId: firstLogin.userId,
      password: firstLogin.password,
    });
    expect(login.data?.step).toBe('email-registration');
    const sent = await student.registerEmail({
      email: 'hanako@mail.example',
      emailConfirmation: 'hanako@mail.example',
    });
    expect(sent.error).toBeNull();
    expect(sent.data).toMatchObject({ step: 'email-registration-sent', mailDelayed: true });

    await setup.relay.setMode('accept');
    expect(await retryRound(setup)).toEqual({ attempted: 1, sent: 1 });
    const [mail] = await setup.relay.waitForMails(1);
    expect(mail).toMatchObject({ to: 'hanako@mail.example', kind: 'email-registration' });
    const token = /#email-registration=([\w-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
    const confirmed = await student.confirmEmailRegistration({ token });
    expect(confirmed.error).toBeNull();
  });

  it('X7: a stalled relay does not hold the student; the attempt fails on its own and is retried', async () => {
    const setup = await start('stall');
    const login = await loginReturning(client(setup.server));
    expect(login.data).toMatchObject({ step: 'auth-key', mailDelayed: true });
    // The attempt goes on after the answer, until the relay's greeting times out.
    await vi.waitFor(async () => expect((await authKeyMails(setup.server))[0]?.attempts).toBe(1), {
      timeout: 20_000,
      interval: 50,
    });
    await setup.relay.setMode('accept');
    expect(await retryRound(setup)).toEqual({ attempted: 1, sent: 1 });
    expect((await setup.relay.waitForMails(1))[0]?.kind).toBe('auth-key');
  });

  it('X7: a key whose mail could not go out before it expired is never delivered', async () => {
    const setup = await start('down');
    await loginReturning(client(setup.server));
    await setup.relay.setMode('accept');
    setup.clock.advance(demoTenant.settings.twoFactor.keyTtlMinutes * 60 + 1);
    expect(await setup.server.deliverMails()).toEqual({ attempted: 0, sent: 0 });
    expect(setup.relay.received).toHaveLength(0);
    expect(await authKeyMails(setup.server)).toMatchObject([
      { status: 'expired', mail_json: null },
    ]);
  });

  it('X7: a permanent refusal leaves the mail failed; the office lists it and sends it again (API and CLI)', async () => {
    const setup = await start('refuse-permanent');
    await loginReturning(client(setup.server));
    const listed = await staff(setup.server, 'GET', '/mails');
    expect(listed.status).toBe(200);
    expect(listed.body.mails).toMatchObject([
      { kind: 'auth-key', to: returning.email, status: 'failed', attempts: 1 },
    ]);
    // The relay's refusal named the recipient; the office sees it without.
    expect(listed.body.mails[0].lastError).toContain('<recipient>');
    expect(listed.body.mails[0].lastError).not.toContain(returning.email);
    const mailId: string = listed.body.mails[0].mailId;

    const io = { out: '', err: '' };
    const cli = (...argv: string[]) =>
      runCli(argv, {
        fetch: (request) => setup.server.fetch(request),
        env: { SHOMEI_URL: BASE, SHOMEI_STAFF_TOKEN: DEMO_STAFF_TOKEN },
        stdout: (text) => (io.out += text),
        stderr: (text) => (io.err += text),
      });
    expect(await cli('mails', 'list')).toBe(0);
    expect(io.out).toContain(mailId);
    expect(io.out).toContain('failed');

    // A pending mail is retried on its own; only a failed one can be sent again.
    expect((await staff(setup.server, 'POST', '/mails/no-such-mail/resend')).status).toBe(404);
    await setup.relay.setMode('accept');
    expect(await cli('mails', 'resend', mailId)).toBe(0);
    expect(io.out).toContain(`${mailId}: sent`);
    expect((await setup.relay.waitForMails(1))[0]?.kind).toBe('auth-key');
    expect((await staff(setup.server, 'GET', '/mails')).body.mails).toEqual([]);
    const resentAgain = await staff(setup.server, 'POST', `/mails/${mailId}/resend`);
    expect(resentAgain.status).toBe(400);
  });

  it.each(['SQLite file', 'PostgreSQL database'])(
    'X7: two instances on one %s send each due mail once',
    async (database) => {
      const relay = await relayIn('accept');
      const clock = {
        now: JUNE_3_10AM,
        advance(seconds: number) {
          this.now = new Date(this.now.getTime() + seconds * 1000);
        },
      };
      let databaseUrl: string | undefined;
      if (database === 'PostgreSQL database') {
        const postgres = await startPostgres();
        cleanups.push(() => postgres.stop());
        databaseUrl = await postgres.url();
      }
      const first = await serverFor(relay, clock, undefined, databaseUrl);
      const second = await serverFor(relay, clock, first.dataDir, databaseUrl);
      // Twenty mails written by an instance that died before its first attempt.
      const outbox = createOutbox({
        store: first.server.store,
        mailer: { send: () => Promise.reject(new Error('never called')) },
        clock: () => clock.now,
        logger: { error: () => {}, warn: () => {}, info: () => {} },
      });
      const mail = (index: number): OutgoingMail => ({
        to: `student${index}@mail.example`,
        from: demoTenant.settings.senderAddress,
        subject: `notice ${index}`,
        text: `notice ${index}`,
        html: `<p>notice ${index}</p>`,
        locale: 'ja',
        kind: 'order-completed',
      });
      for (let index = 0; index < 20; index += 1)
        await outbox.enqueue({ tenantId: 'demo', mail: mail(index) }, clock.now);
      clock.advance(121);
      const [a, b] = await Promise.all([first.server.deliverMails(), second.server.deliverMails()]);
      expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(20);
      const received = await relay.waitForMails(20);
      expect(new Set(received.map((m) => m.to)).size).toBe(20);
      expect(received).toHaveLength(20);
    },
  );
});
