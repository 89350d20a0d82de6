/**
 * The dev inbox as a page (a developer tool, bilingual and plain): a list of mails, a detail
 * view per mail with the HTML body in a sandboxed frame, and a JSON API for end-to-end tests.
 * No script and no inline style anywhere; every piece of mail content goes through `markup`.
 */
import { Hono } from 'hono';
import type { CapturedMail, DevInbox } from './dev-inbox.js';
import { linkify, markup, type Html } from './html.js';

/** The pages' policy: nothing runs, nothing but our stylesheet, the mail frame from us. */
export const INBOX_PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A mail's own HTML: its inline styles and data: images, nothing else; framed by us only. */
export const INBOX_MAIL_HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

const COMMON_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  // Mails hold one-time links and auth keys: keep them out of caches and Referer headers.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const STYLESHEET = `:root { color-scheme: light dark; font-family: system-ui, "Hiragino Sans", "Noto Sans JP", "Yu Gothic", sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
.note { color: GrayText; font-size: 0.9rem; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid color-mix(in srgb, CanvasText 20%, transparent); padding: 0.4rem 0.5rem; text-align: left; vertical-align: top; }
th { font-weight: 600; white-space: nowrap; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.kind { background: color-mix(in srgb, CanvasText 10%, transparent); border-radius: 0.25rem; font-size: 0.85rem; padding: 0.05rem 0.35rem; }
.key { font-size: 1.25rem; font-weight: 700; letter-spacing: 0.15em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
pre.text { background: color-mix(in srgb, CanvasText 5%, transparent); padding: 0.75rem; white-space: pre-wrap; overflow-wrap: anywhere; }
iframe.mail-html { background: white; border: 1px solid color-mix(in srgb, CanvasText 25%, transparent); height: 28rem; width: 100%; }
pre.headers { font-size: 0.8rem; overflow-x: auto; }
.empty { padding: 2rem 0; }
`;

function page(title: Html | string, body: Html): string {
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="/inbox.css">
</head>
<body>
${body}
</body>
</html>
`.toString();
}

const HEADING = markup`<span lang="ja">開発用受信箱</span> / Dev inbox`;
const NOTE = markup`<p class="note"><span lang="ja">開発専用：送信されたメールはここに届き、外部には送られません。</span>
Development only: mails sent by the server land here and go nowhere else.
Clear with <code>DELETE /api/mails</code>.</p>`;
const BACK = markup`<p><a href="/">← <span lang="ja">受信箱</span> / Inbox</a></p>`;

function langAttribute(mail: CapturedMail): Html {
  return mail.locale === null ? markup`` : markup` lang="${mail.locale}"`;
}

function listPage(mails: readonly CapturedMail[]): string {
  const rows = mails.map(
    (mail) => markup`<tr>
<td class="time"><time datetime="${mail.receivedAt}">${mail.receivedAt}</time></td>
<td>${mail.to.join(', ')}</td>
<td>${mail.kind === null ? '' : markup`<span class="kind">${mail.kind}</span>`}</td>
<td>${mail.locale ?? ''}</td>
<td${langAttribute(mail)}><a href="/mails/${encodeURIComponent(mail.id)}">${mail.subject || '(no subject)'}</a></td>
</tr>
`,
  );
  const table =
    mails.length === 0
      ? markup`<p class="empty"><span lang="ja">メールはまだありません。</span> No mail yet.</p>`
      : markup`<table>
<thead><tr><th>Received</th><th>To</th><th>Kind</th><th>Locale</th><th>Subject</th></tr></thead>
<tbody>
${rows}</tbody>
</table>`;
  return page(
    `開発用受信箱 / Dev inbox (${mails.length})`,
    markup`<header>
<h1>${HEADING}</h1>
${NOTE}
</header>
<main>
${table}
</main>`,
  );
}

function detailPage(mail: CapturedMail): string {
  const id = encodeURIComponent(mail.id);
  const facts: [string, Html | string][] = [
    ['From', mail.from],
    ['To', mail.to.join(', ')],
    ['Subject', markup`<span${langAttribute(mail)}>${mail.subject}</span>`],
    ['Received', markup`<time datetime="${mail.receivedAt}">${mail.receivedAt}</time>`],
    ['Kind', mail.kind ?? ''],
    ['Locale', mail.locale ?? ''],
    ['Message-ID', markup`<code>${mail.messageId ?? ''}</code>`],
  ];
  if (mail.link !== null) {
    const link = mail.link;
    facts.push([
      'Link',
      markup`<a href="${link}" rel="noreferrer noopener" target="_blank">${link}</a>`,
    ]);
  }
  if (mail.authKey !== null) {
    facts.push(['Auth key', markup`<span class="key">${mail.authKey}</span>`]);
  }
  const frame =
    mail.html === null
      ? markup``
      : markup`<h2>HTML</h2>
<iframe class="mail-html" sandbox src="/mails/${id}/html" title="HTML body of the mail"></iframe>
`;
  return page(
    markup`${mail.subject} – 開発用受信箱 / Dev inbox`,
    markup`<header>
${BACK}
<h1${langAttribute(mail)}>${mail.subject || '(no subject)'}</h1>
</header>
<main>
<dl>
${facts.map(([term, value]) => markup`<dt>${term}</dt><dd>${value}</dd>\n`)}</dl>
<h2>Text</h2>
<pre class="text"${langAttribute(mail)}>${linkify(mail.text)}</pre>
${frame}<h2>Headers</h2>
<pre class="headers">${mail.headerLines.join('\n')}</pre>
</main>`,
  );
}

function notFoundPage(): string {
  return page(
    '404 – 開発用受信箱 / Dev inbox',
    markup`<h1>404</h1>
<p><span lang="ja">このメールはありません。</span> No such mail.</p>
${BACK}`,
  );
}

/** Host names a browser uses for this machine; anything else may be a DNS-rebinding page. */
const LOCAL_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export function createInboxApp(inbox: Pick<DevInbox, 'list' | 'get' | 'clear'>): Hono {
  const app = new Hono();

  // Binding to loopback does not stop a page whose DNS name rebinds to 127.0.0.1 from reading
  // auth keys and one-time links here; refusing any other Host header does.
  app.use(async (c, next) => {
    // On Node the request URL is built from the Host header.
    if (!LOCAL_HOSTNAMES.has(new URL(c.req.url).hostname)) {
      return c.text('Misdirected request: the dev inbox answers only to localhost.', 421);
    }
    return next();
  });

  app.use(async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(COMMON_HEADERS)) c.header(name, value);
    if (!c.res.headers.has('Content-Security-Policy')) {
      c.header('Content-Security-Policy', INBOX_PAGE_CSP);
    }
  });

  app.get('/', (c) => c.html(listPage(inbox.list())));

  app.get('/inbox.css', (c) =>
    c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  );

  app.get('/mails/:id', (c) => {
    const mail = inbox.get(c.req.param('id'));
    return mail === undefined ? c.html(notFoundPage(), 404) : c.html(detailPage(mail));
  });

  app.get('/mails/:id/html', (c) => {
    const mail = inbox.get(c.req.param('id'));
    if (mail === undefined || mail.html === null) return c.html(notFoundPage(), 404);
    return c.body(mail.html, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Disposition': 'inline',
      'Content-Security-Policy': INBOX_MAIL_HTML_CSP,
    });
  });

  app.get('/api/mails', (c) => {
    const to = c.req.query('to');
    const kind = c.req.query('kind');
    return c.json({
      mails: inbox.list({
        ...(to === undefined ? {} : { to }),
        ...(kind === undefined ? {} : { kind }),
      }),
    });
  });

  app.get('/api/mails/:id', (c) => {
    const mail = inbox.get(c.req.param('id'));
    return mail === undefined ? c.json({ error: 'not_found' }, 404) : c.json(mail);
  });

  app.delete('/api/mails', (c) => {
    inbox.clear();
    return c.body(null, 204);
  });

  app.notFound((c) => c.html(notFoundPage(), 404));

  return app;
}
