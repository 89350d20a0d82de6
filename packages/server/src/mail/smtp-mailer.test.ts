import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoTenant, renderMail, type OutgoingMail } from '@shomei/service';
import { startDevInbox, type CapturedMail, type DevInbox } from '../inbox/index.js';
import { addressDomain, createSmtpMailer, smtpTransportOptions } from './index.js';

describe('smtpTransportOptions', () => {
  it('reads host and port; smtp is STARTTLS-capable, smtps is TLS from the start', () => {
    expect(smtpTransportOptions('smtp://127.0.0.1:2525')).toEqual({
      host: '127.0.0.1',
      port: 2525,
      secure: false,
    });
    expect(smtpTransportOptions('smtp://mail.example')).toMatchObject({ port: 587, secure: false });
    expect(smtpTransportOptions('smtps://mail.example')).toMatchObject({ port: 465, secure: true });
    expect(smtpTransportOptions('smtp://[::1]:25')).toMatchObject({ host: '::1', port: 25 });
  });

  it('decodes credentials and takes the TLS options it knows', () => {
    expect(
      smtpTransportOptions(
        'smtps://user%40u.example:p%3Ass%2Fw@mail.example:2465/?requireTLS=true&tls.rejectUnauthorized=false&tls.servername=relay.example&name=app.example',
      ),
    ).toEqual({
      host: 'mail.example',
      port: 2465,
      secure: true,
      auth: { user: 'user@u.example', pass: 'p:ss/w' },
      requireTLS: true,
      name: 'app.example',
      tls: { rejectUnauthorized: false, servername: 'relay.example' },
    });
  });

  it('refuses what it does not understand rather than ignoring it', () => {
    expect(() => smtpTransportOptions('not a url')).toThrow(/not a URL/);
    expect(() => smtpTransportOptions('http://mail.example')).toThrow(/scheme/);
    expect(() => smtpTransportOptions('smtp://mail.example/?tls.rejectUnauthorised=0')).toThrow(
      /unknown option/,
    );
    expect(() => smtpTransportOptions('smtp://mail.example/?requireTLS=yes')).toThrow(
      /true or false/,
    );
  });
});

describe('addressDomain', () => {
  it('finds the domain of a bare or named address', () => {
    expect(addressDomain('no-reply@Shomei-U.example')).toBe('shomei-u.example');
    expect(addressDomain('証明大学 <no-reply@shomei-u.example>')).toBe('shomei-u.example');
    expect(() => addressDomain('no-reply')).toThrow(/no domain/);
  });
});

describe('createSmtpMailer', () => {
  let inbox: DevInbox;
  beforeAll(async () => {
    inbox = await startDevInbox({ smtpPort: 0 });
  });
  afterAll(() => inbox.close());
  beforeEach(() => inbox.clear());

  const mail = (locale: 'ja' | 'en'): OutgoingMail => {
    const rendered = renderMail(
      { kind: 'auth-key', authKey: '314159', expiresAt: '2026-04-01T01:10:00Z' },
      demoTenant.settings,
      locale,
    );
    return {
      to: 'taro.yamada@mail.example',
      from: demoTenant.settings.senderAddress,
      ...rendered,
      locale,
      authKey: '314159',
    };
  };
  const header = (captured: CapturedMail | undefined, name: string) =>
    captured?.headerLines
      .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim();

  it('X1: sends text and HTML alternatives marked as automatic, in the mail language', async () => {
    const logged: unknown[] = [];
    const mailer = createSmtpMailer({
      url: inbox.url,
      logger: { info: (message, data) => logged.push({ message, data }) },
    });
    await mailer.send(mail('ja'));
    await mailer.send(mail('en'));
    mailer.close();

    const [en, ja] = inbox.list();
    expect(header(ja, 'Content-Language')).toBe('ja');
    expect(header(en, 'Content-Language')).toBe('en');
    for (const captured of [ja, en]) {
      expect(header(captured, 'Auto-Submitted')).toBe('auto-generated');
      expect(header(captured, 'X-Shomei-Mail-Kind')).toBe('auth-key');
      expect(header(captured, 'Content-Type')).toMatch(/^multipart\/alternative;/);
      expect(header(captured, 'Message-ID')).toMatch(/^<[0-9a-f-]{36}@shomei-u\.example>$/);
      expect(header(captured, 'List-Unsubscribe')).toBeUndefined();
      expect(captured?.html).toContain('314159');
      expect(captured?.authKey).toBe('314159');
    }
    expect(ja?.subject).toBe('【証明書発行サービス】認証キーのお知らせ');
    expect(ja?.text).toBe(mail('ja').text);
    expect(header(ja, 'Message-ID')).not.toBe(header(en, 'Message-ID'));

    // The log names the mail, never its recipient or its secret.
    expect(logged).toHaveLength(2);
    expect(JSON.stringify(logged)).not.toMatch(/taro|314159/);
    expect(logged[0]).toMatchObject({
      message: 'mail sent',
      data: { kind: 'auth-key', locale: 'ja' },
    });
  });

  it('uses a configured sender instead of the tenant one, Message-ID on its domain', async () => {
    const mailer = createSmtpMailer({ url: inbox.url, from: 'Shōmei <mailer@relay.example>' });
    await mailer.send(mail('en'));
    mailer.close();
    const [captured] = inbox.list();
    expect(captured?.from).toBe('"Shōmei" <mailer@relay.example>');
    expect(header(captured, 'Message-ID')).toMatch(/@relay\.example>$/);
  });

  it('throws to the caller when the relay cannot be reached', async () => {
    const gone = await startDevInbox({ smtpPort: 0 });
    await gone.close();
    const mailer = createSmtpMailer({ url: gone.url });
    await expect(mailer.send(mail('ja'))).rejects.toThrow(/ECONNREFUSED/);
    await expect(mailer.verify()).rejects.toThrow();
    mailer.close();
  });

  it('verify() succeeds against a reachable relay', async () => {
    const mailer = createSmtpMailer({ url: inbox.url });
    await expect(mailer.verify()).resolves.toBeUndefined();
    mailer.close();
  });
});
