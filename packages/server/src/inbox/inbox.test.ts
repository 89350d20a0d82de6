import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Locale } from '@shomei/core';
import { demoTenant, renderMail, type MailData, type OutgoingMail } from '@shomei/service';
import { createSmtpMailer, type SmtpMailer } from '../mail/index.js';
import {
  createInboxApp,
  INBOX_MAIL_HTML_CSP,
  INBOX_PAGE_CSP,
  startDevInbox,
  type CapturedMail,
  type DevInbox,
} from './index.js';

const SETTINGS = demoTenant.settings;
const STUDENT = 'hanako.shomei@mail.example';
const LINK =
  'https://www.shomei-u.example/certificates/#email-registration=Zm9vYmFyYmF6cXV4MTIzNDU2';

/** A mail exactly as the service builds it (packages/service, handlers/shared.ts sendMail). */
function outgoing(data: MailData, locale: Locale, to = STUDENT): OutgoingMail {
  const rendered = renderMail(data, SETTINGS, locale);
  return {
    to,
    from: SETTINGS.senderAddress,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    locale,
    kind: rendered.kind,
    ...('link' in data ? { link: data.link } : {}),
    ...(data.kind === 'auth-key' ? { authKey: data.authKey } : {}),
  };
}

let inbox: DevInbox;
let mailer: SmtpMailer;
const app = () => createInboxApp(inbox);

async function deliver(mail: OutgoingMail): Promise<CapturedMail> {
  await mailer.send(mail);
  const [latest] = inbox.list();
  expect(latest).toBeDefined();
  return latest as CapturedMail;
}

beforeAll(async () => {
  inbox = await startDevInbox({ smtpPort: 0 });
  mailer = createSmtpMailer({ url: inbox.url });
});
afterAll(async () => {
  mailer.close();
  await inbox.close();
});
beforeEach(() => inbox.clear());

describe('dev inbox: what arrives', () => {
  it('binds an ephemeral loopback port and says where', () => {
    expect(inbox.port).toBeGreaterThan(0);
    expect(inbox.url).toBe(`smtp://127.0.0.1:${inbox.port}`);
  });

  it('A3/A4 X1: the registration mail in Japanese, with the 30-minute link', async () => {
    const sent = outgoing({ kind: 'email-registration', link: LINK, ttlMinutes: 30 }, 'ja');
    const mail = await deliver(sent);
    expect(mail.subject).toBe('【証明書発行サービス】メールアドレス登録のご案内');
    expect(mail.text).toBe(sent.text);
    expect(mail.text).toContain('URL 期限：30 分');
    expect(mail.html).toBe(sent.html);
    expect(mail.html).toContain('<html lang="ja">');
    expect(mail.html).toContain(`<a href="${LINK}">`);
    expect(mail).toMatchObject({
      kind: 'email-registration',
      locale: 'ja',
      link: LINK,
      authKey: null,
      from: 'no-reply@shomei-u.example',
      to: [STUDENT],
    });
  });

  it('A3/A4 X1: the registration mail in English, with the 30-minute link', async () => {
    const sent = outgoing({ kind: 'email-registration', link: LINK, ttlMinutes: 30 }, 'en');
    const mail = await deliver(sent);
    expect(mail.subject).toBe('[Certificate Issuance Service] Please confirm your email address');
    expect(mail.text).toBe(sent.text);
    expect(mail.text).toContain('The URL is valid for 30 minutes.');
    expect(mail.html).toContain('<html lang="en">');
    expect(mail).toMatchObject({ kind: 'email-registration', locale: 'en', link: LINK });
  });

  it('A7 X1: the auth key mail with its expiry, the key read from the text (ja)', async () => {
    const data: MailData = {
      kind: 'auth-key',
      authKey: '048213',
      expiresAt: '2026-04-01T01:10:00Z',
    };
    const mail = await deliver(outgoing(data, 'ja'));
    expect(mail.subject).toBe('【証明書発行サービス】認証キーのお知らせ');
    expect(mail.text).toContain('認証キー：048213');
    expect(mail.text).toContain('有効期限：2026年4月1日 10:10');
    expect(mail).toMatchObject({ kind: 'auth-key', locale: 'ja', authKey: '048213', link: null });
  });

  it('A7 X1: the auth key mail with its expiry, the key read from the text (en)', async () => {
    const data: MailData = {
      kind: 'auth-key',
      authKey: '700001',
      expiresAt: '2026-04-01T01:10:00Z',
    };
    const mail = await deliver(outgoing(data, 'en'));
    expect(mail.text).toContain('Valid until: 1 April 2026 at 10:10 (Japan time)');
    expect(mail).toMatchObject({ kind: 'auth-key', locale: 'en', authKey: '700001' });
  });

  it('O6 X1: 「郵送対応完了」 in Japanese and in English', async () => {
    const ja = await deliver(outgoing({ kind: 'order-completed', orderId: 'R-2026-0001' }, 'ja'));
    expect(ja.subject).toBe('【証明書発行サービス】郵送対応完了');
    expect(ja.text).toContain('郵送対応完了\n\n申請番号：R-2026-0001');
    expect(ja.html).toContain('郵送対応完了');
    const en = await deliver(outgoing({ kind: 'order-completed', orderId: 'R-2026-0001' }, 'en'));
    expect(en.subject).toContain('Mail processing completed (郵送対応完了)');
    expect(inbox.list({ kind: 'order-completed' }).map((mail) => mail.locale)).toEqual([
      'en',
      'ja',
    ]);
  });

  it('keeps the newest first and drops the oldest beyond its capacity', async () => {
    const small = await startDevInbox({ smtpPort: 0, capacity: 2 });
    const sender = createSmtpMailer({ url: small.url });
    try {
      for (const orderId of ['1', '2', '3']) {
        await sender.send(outgoing({ kind: 'order-completed', orderId }, 'ja'));
      }
      expect(small.list().map((mail) => /申請番号：(\d)/.exec(mail.text)?.[1])).toEqual(['3', '2']);
    } finally {
      sender.close();
      await small.close();
    }
  });

  it('refuses a mail over its size limit, and the sender sees the error', async () => {
    const small = await startDevInbox({ smtpPort: 0, maxBytes: 2000 });
    const sender = createSmtpMailer({ url: small.url });
    try {
      const big = outgoing({ kind: 'order-completed', orderId: 'x'.repeat(5000) }, 'en');
      await expect(sender.send(big)).rejects.toThrow();
      expect(small.list()).toEqual([]);
    } finally {
      sender.close();
      await small.close();
    }
  });

  it('listens on loopback only', async () => {
    await expect(startDevInbox({ smtpPort: 0, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });
});

describe('dev inbox: the page', () => {
  it('lists mails newest first under a bilingual title, with the page CSP', async () => {
    await deliver(outgoing({ kind: 'email-registration', link: LINK, ttlMinutes: 30 }, 'ja'));
    await deliver(outgoing({ kind: 'order-completed', orderId: 'R-1' }, 'en'));
    const response = await app().request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html; charset=utf-8$/i);
    expect(response.headers.get('Content-Security-Policy')).toBe(INBOX_PAGE_CSP);
    expect(INBOX_PAGE_CSP).toContain(
      "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; base-uri 'none'; form-action 'none'",
    );
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const body = await response.text();
    expect(body).toContain('<meta charset="utf-8">');
    expect(body).toContain('開発用受信箱');
    expect(body).toContain('Dev inbox');
    expect(body).toContain('<link rel="stylesheet" href="/inbox.css">');
    const english = body.indexOf('Mail processing completed');
    const japanese = body.indexOf('メールアドレス登録のご案内');
    expect(english).toBeGreaterThan(0);
    expect(japanese).toBeGreaterThan(english);
    expect(body).toContain('<td lang="ja">');
    expect(body).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('escapes hostile mail content everywhere it shows it', async () => {
    const hostile: OutgoingMail = {
      ...outgoing({ kind: 'order-completed', orderId: 'R-1' }, 'en'),
      subject: '<script>alert("x")</script> & more',
      text: 'See https://evil.example/?a=1&b=<img src=x onerror=alert(1)> now\n"><script>alert(2)</script>\n',
      locale: 'en" onload="alert(3)' as Locale,
    };
    const mail = await deliver(hostile);
    expect(mail.subject).toBe(hostile.subject);
    // Not a language tag: no `lang` attribute is made of it.
    expect(mail.locale).toBeNull();
    for (const path of ['/', `/mails/${mail.id}`]) {
      const body = await (await app().request(path)).text();
      expect(body).not.toMatch(/<script|<img/i);
      expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    }
    const detail = await (await app().request(`/mails/${mail.id}`)).text();
    // The URL stops at `<`; its `&` is escaped inside the attribute and the text.
    expect(detail).toContain(
      '<a href="https://evil.example/?a=1&amp;b=" rel="noreferrer noopener" target="_blank">https://evil.example/?a=1&amp;b=</a>&lt;img',
    );
    expect(detail).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('shows one mail: headers, linked text and the HTML body in a sandboxed frame', async () => {
    const mail = await deliver(
      outgoing({ kind: 'email-registration', link: LINK, ttlMinutes: 30 }, 'ja'),
    );
    const response = await app().request(`/mails/${mail.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toBe(INBOX_PAGE_CSP);
    const body = await response.text();
    expect(body).toContain('<h1 lang="ja">【証明書発行サービス】メールアドレス登録のご案内</h1>');
    expect(body).toContain('<pre class="text" lang="ja">メールアドレスの登録を行います。');
    expect(body).toContain(
      `<a href="${LINK}" rel="noreferrer noopener" target="_blank">${LINK}</a>`,
    );
    expect(body).toContain(`<iframe class="mail-html" sandbox src="/mails/${mail.id}/html"`);
    expect(body).toContain('Auto-Submitted: auto-generated');
    expect(body).toContain('X-Shomei-Mail-Kind: email-registration');
    expect(body).not.toMatch(/<script|<style|\sstyle=/i);
  });

  it("serves the mail's HTML inline under its own CSP", async () => {
    const sent = outgoing({ kind: 'email-registration', link: LINK, ttlMinutes: 30 }, 'ja');
    const mail = await deliver(sent);
    const response = await app().request(`/mails/${mail.id}/html`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toBe(INBOX_MAIL_HTML_CSP);
    expect(INBOX_MAIL_HTML_CSP).toContain(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    );
    expect(response.headers.get('Content-Disposition')).toBe('inline');
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe(sent.html);
  });

  it('answers only to localhost, so a DNS-rebinding page cannot read auth keys', async () => {
    expect((await app().request('http://localhost:8025/api/mails')).status).toBe(200);
    expect((await app().request('http://127.0.0.1:8025/api/mails')).status).toBe(200);
    expect((await app().request('http://[::1]:8025/api/mails')).status).toBe(200);
    const rebound = await app().request('http://evil.example:8025/api/mails');
    expect(rebound.status).toBe(421);
    expect(await rebound.text()).not.toContain('@');
  });

  it('serves its stylesheet, and 404 for a mail it does not have', async () => {
    const css = await app().request('/inbox.css');
    expect(css.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('iframe.mail-html');
    expect((await app().request('/mails/nope')).status).toBe(404);
    expect((await app().request('/mails/nope/html')).status).toBe(404);
    expect((await app().request('/api/mails/nope')).status).toBe(404);
  });
});

describe('dev inbox: the JSON API for end-to-end tests', () => {
  it('lists, filters by ?kind= and ?to=, and DELETE clears', async () => {
    await deliver(outgoing({ kind: 'email-registration', link: LINK, ttlMinutes: 30 }, 'ja'));
    await deliver(
      outgoing(
        { kind: 'auth-key', authKey: '123456', expiresAt: '2026-04-01T01:10:00Z' },
        'en',
        'Taro@Mail.Example',
      ),
    );
    const list = async (query: string) =>
      ((await (await app().request(`/api/mails${query}`)).json()) as { mails: CapturedMail[] })
        .mails;

    expect((await list('')).map((mail) => mail.kind)).toEqual(['auth-key', 'email-registration']);
    const keys = await list('?kind=auth-key');
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ authKey: '123456', locale: 'en', to: ['Taro@mail.example'] });
    expect((await list('?to=taro@mail.example')).map((mail) => mail.kind)).toEqual(['auth-key']);
    expect(await list(`?to=${encodeURIComponent(STUDENT)}&kind=auth-key`)).toEqual([]);
    expect((await list(`?to=${encodeURIComponent(STUDENT)}`))[0]?.link).toBe(LINK);

    const one = (await list(''))[0] as CapturedMail;
    expect(await (await app().request(`/api/mails/${one.id}`)).json()).toEqual(one);

    const cleared = await app().request('/api/mails', { method: 'DELETE' });
    expect(cleared.status).toBe(204);
    expect(await list('')).toEqual([]);
    expect(inbox.list()).toEqual([]);
  });
});
