/**
 * `npm start`: the product, on this machine, with nothing but Node.
 *
 * - the reference server (@shomei/server) on embedded SQLite, with the demo tenant and roster;
 * - the demo university homepage (examples/university-homepage) on the SAME origin, so the
 *   session cookie is first-party (docs/decisions/0003), served under a strict CSP that the
 *   elements must survive (no inline script or style; Trusted Types for Lit's policy);
 * - a development capture inbox: mails go over real SMTP to it, and a page shows them.
 *
 * Ports: PORT (8787) for homepage + API, INBOX_PORT (8025) for the inbox page, SMTP_PORT (2525).
 * SMTP_URL sends the mails to another SMTP server instead of the inbox's own (e.g. a relay in
 * front of it; the end-to-end tests put one there to take the mail server down and up again).
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { build } from 'esbuild';
import { Hono } from 'hono';
import {
  configFromEnv,
  createInboxApp,
  createServer,
  createSmtpMailer,
  startDevInbox,
} from '@shomei/server';
import { DEMO_STUDENTS, DEMO_TENANT_ID } from '@shomei/service';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const site = join(root, 'examples/university-homepage');

const env = { ...process.env };
const port = Number(env.PORT ?? 8787);
const inboxPort = Number(env.INBOX_PORT ?? 8025);
const smtpPort = Number(env.SMTP_PORT ?? 2525);
const origin = `http://localhost:${port}`;
const CLIENT_IP_HEADER = 'X-Shomei-Client-Ip';

/** The homepage's one script: every element and its configuration, bundled once at start. */
async function bundleHomepageScript(): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(site, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'inline',
    write: false,
    // Lit's decorators are the legacy ones (tsconfig.elements.json); esbuild does not follow
    // `extends`, so the options are given here directly.
    tsconfigRaw: {
      compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false },
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output for the homepage script');
  return output.text;
}

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

/** An SMTP URL fit to print: a relay's user and password stay out of the terminal. */
function withoutCredentials(url: string): string {
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return shown.href;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const [script, inbox] = await Promise.all([bundleHomepageScript(), startDevInbox({ smtpPort })]);
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
    'Cache-Control': 'no-store',
  };
  front.get('/shomei.js', (c) =>
    c.body(script, 200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }),
  );
  front.get('/site.css', async (c) =>
    c.body(await readFile(join(site, 'site.css'), 'utf8'), 200, {
      ...headers,
      'Content-Type': 'text/css; charset=utf-8',
    }),
  );
  for (const [path, file] of Object.entries(PAGES)) {
    front.get(path, async (c) => c.html(await readFile(join(site, file), 'utf8'), 200, headers));
  }
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
