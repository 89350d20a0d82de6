/**
 * `npm start`: the product, on this machine, with nothing but Node.
 *
 * - the reference server (@shomei/server) on embedded SQLite, with the demo tenant and roster;
 * - the demo university homepage (examples/university-homepage) on the SAME origin, so the
 *   session cookie is first-party (docs/decisions/0003), served under a strict CSP that the
 *   elements must survive (no inline script or style; Trusted Types for Lit's policy);
 * - the element entries its pages load, as a university would serve them (docs/deploy.md):
 *   the production bundles under /shomei/ (scripts/demo-bundles.ts), precompressed, with
 *   external source maps and the cache headers of a deployment;
 * - a development capture inbox: mails go over real SMTP to it, and a page shows them.
 *
 * Ports: PORT (8787) for homepage + API, INBOX_PORT (8025) for the inbox page, SMTP_PORT (2525).
 * SMTP_URL sends the mails to another SMTP server instead of the inbox's own (e.g. a relay in
 * front of it; the end-to-end tests put one there to take the mail server down and up again).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import {
  configFromEnv,
  createInboxApp,
  createServer,
  createSmtpMailer,
  startDevInbox,
} from '@shomei/server';
import { DEMO_STUDENTS, DEMO_TENANT_ID } from '@shomei/service';
import { demoBundles } from './demo-bundles.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const site = join(root, 'examples/university-homepage');

const env = { ...process.env };
const port = Number(env.PORT ?? 8787);
const inboxPort = Number(env.INBOX_PORT ?? 8025);
const smtpPort = Number(env.SMTP_PORT ?? 2525);
const origin = `http://localhost:${port}`;
const CLIENT_IP_HEADER = 'X-Shomei-Client-Ip';

/** The strict policy issue 7 asks the elements to survive. */
const HOMEPAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/login': 'login.html',
  '/certificates': 'certificates.html',
};

/** The demo's own files besides the pages: its style sheet and its page glue. */
const SITE_FILES = ['site.css', 'site.js'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Under this path the entries and their chunks are served, as a university would host them. */
const BUNDLES_PATH = '/shomei/';

/**
 * What a university's server should send (docs/deploy.md): a hashed chunk never changes under
 * its name, so it is cached for a year without a question; everything else is asked about on
 * each use (`no-cache`) and answered with 304 while its ETag holds, so a new release reaches
 * the students at once.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

type ContentEncoding = 'br' | 'gzip';

interface Variant {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly etag: string;
}

interface Asset {
  readonly type: string;
  readonly cacheControl: string;
  readonly identity: Variant;
  /** Precompressed copies (`.br`, `.gz` next to the file). */
  readonly encoded: Partial<Record<ContentEncoding, Variant>>;
}

/** A strong ETag per representation: a compressed copy is another representation. */
const variant = (body: Uint8Array<ArrayBuffer>, suffix = ''): Variant => ({
  body,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}${suffix}"`,
});

/** Brotli if the browser takes it, else gzip, else the file as it is. */
function negotiate(acceptEncoding: string, asset: Asset): [ContentEncoding | undefined, Variant] {
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, ...params]) => !params.some((param) => /^\s*q=0(\.0*)?\s*$/u.test(param)))
      .map(([name = '']) => name.trim().toLowerCase()),
  );
  for (const encoding of ['br', 'gzip'] as const) {
    const copy = asset.encoded[encoding];
    if (copy !== undefined && accepted.has(encoding)) return [encoding, copy];
  }
  return [undefined, asset.identity];
}

function ifNoneMatches(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === '*') return true;
  // If-None-Match compares weakly: a W/ prefix does not matter.
  return header.split(',').some((tag) => tag.trim().replace(/^W\//u, '') === etag);
}

function respond(request: Request, asset: Asset, headers: Record<string, string>): Response {
  const [encoding, { body, etag }] = negotiate(request.headers.get('accept-encoding') ?? '', asset);
  const responseHeaders = new Headers({
    ...headers,
    'Content-Type': asset.type,
    'Cache-Control': asset.cacheControl,
    ETag: etag,
  });
  if (Object.keys(asset.encoded).length > 0) responseHeaders.set('Vary', 'Accept-Encoding');
  if (encoding !== undefined) responseHeaders.set('Content-Encoding', encoding);
  if (ifNoneMatches(request.headers.get('if-none-match'), etag))
    return new Response(null, { status: 304, headers: responseHeaders });
  return new Response(body, { status: 200, headers: responseHeaders });
}

/** Every file of the built entries, with its compressed copies; read once, at start. */
async function loadBundles(dir: string): Promise<Map<string, Asset>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((path) => CONTENT_TYPES[extname(path)] !== undefined);
  const assets = new Map<string, Asset>();
  await Promise.all(
    files.map(async (path) => {
      const full = join(dir, path);
      const [identity, br, gzip] = await Promise.all(
        [full, `${full}.br`, `${full}.gz`].map((file) =>
          existsSync(file) ? readFile(file) : undefined,
        ),
      );
      if (identity === undefined) return;
      assets.set(path, {
        type: CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
        // Chunk names carry their content's hash; an entry's name (`login.js`) does not.
        cacheControl: /^chunks\/.*\.js$/u.test(path) ? IMMUTABLE : REVALIDATE,
        identity: variant(identity),
        encoded: {
          ...(br === undefined ? {} : { br: variant(br, '-br') }),
          ...(gzip === undefined ? {} : { gzip: variant(gzip, '-gz') }),
        },
      });
    }),
  );
  return assets;
}

/** A file of the demo site, read on each request so an edit shows on reload. */
async function siteAsset(file: string): Promise<Asset> {
  return {
    type: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    cacheControl: REVALIDATE,
    identity: variant(await readFile(join(site, file))),
    encoded: {},
  };
}

/** An SMTP URL fit to print: a relay's user and password stay out of the terminal. */
function withoutCredentials(url: string): string {
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return shown.href;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const [bundles, inbox] = await Promise.all([demoBundles(), startDevInbox({ smtpPort })]);
  const assets = await loadBundles(bundles.dir);
  const bundlesReadyIn = Date.now() - startedAt;
  const smtpUrl = env.SMTP_URL || inbox.url;
  const mailer = createSmtpMailer({ url: smtpUrl });

  const config = configFromEnv({
    ...env,
    PORT: String(port),
    PUBLIC_BASE_URL: env.PUBLIC_BASE_URL ?? origin,
    HOMEPAGE_URL: env.HOMEPAGE_URL ?? origin,
    // The demo favours a quick start over the production PBKDF2 cost.
    PASSWORD_HASH_ITERATIONS: env.PASSWORD_HASH_ITERATIONS ?? '10000',
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    CLIENT_IP_HEADER,
    TRUSTED_PROXY_HOPS: '1',
  });
  const server = await createServer(config, { mailer });

  const front = new Hono();
  const headers = {
    'Content-Security-Policy': HOMEPAGE_CSP,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
  front.get(`${BUNDLES_PATH}*`, (c) => {
    const asset = assets.get(c.req.path.slice(BUNDLES_PATH.length));
    return asset === undefined ? c.notFound() : respond(c.req.raw, asset, headers);
  });
  for (const file of SITE_FILES)
    front.get(`/${file}`, async (c) => respond(c.req.raw, await siteAsset(file), headers));
  for (const [path, file] of Object.entries(PAGES))
    front.get(path, async (c) => respond(c.req.raw, await siteAsset(file), headers));
  front.get('/favicon.ico', (c) => c.body(null, 204));
  // Everything else is the service: the API under /t/<tenant>, the sandbox provider, webhooks,
  // health and readiness.
  // The front is the proxy here: it overwrites the client-IP header from the socket, so per-IP
  // rate limits work and a client cannot choose its own address.
  front.all('*', (c) => {
    const request = new Request(c.req.raw);
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    request.headers.set(CLIENT_IP_HEADER, incoming?.socket.remoteAddress ?? '');
    return server.fetch(request);
  });

  const inboxApp = createInboxApp(inbox);
  const http = serve({ fetch: front.fetch, port, hostname: '127.0.0.1' });
  const inboxHttp = serve({ fetch: inboxApp.fetch, port: inboxPort, hostname: '127.0.0.1' });

  const { firstLogin, returning } = DEMO_STUDENTS;
  process.stdout.write(
    [
      '',
      `Shōmei is running (ready in ${Date.now() - startedAt} ms):`,
      '',
      `  university homepage  ${origin}/`,
      `  login page           ${origin}/login`,
      `  element bundles      ${origin}${BUNDLES_PATH}  (${bundles.built ? `built in ${bundlesReadyIn} ms` : 'reused'}: ${relative(root, bundles.dir)})`,
      `  API (demo tenant)    ${origin}/t/${DEMO_TENANT_ID}`,
      `  dev inbox            http://localhost:${inboxPort}/   (SMTP on ${inbox.url})`,
      ...(smtpUrl === inbox.url ? [] : [`  mail sent to         ${withoutCredentials(smtpUrl)}`]),
      `  data                 SQLite in ${config.dataDir}/`,
      '',
      '  demo students (user ID / password / second password):',
      `    first login        ${firstLogin.userId} / ${firstLogin.password}`,
      `    returning, 2FA on  ${returning.userId} / ${returning.password} / ${returning.secondPassword}`,
      '',
      '  Ctrl+C stops everything.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    http.close();
    inboxHttp.close();
    await Promise.allSettled([server.close(), inbox.close(), mailer.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error('npm start failed:', error);
  process.exit(1);
});
