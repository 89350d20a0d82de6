/**
 * `npm run bench`: the login page's first load on a slow network, split build against one file
 * (docs/decisions/0012). Prints figures; judges nothing (timings are never asserted). The exit
 * code is 1 only when a page does not render: no shell, no form, a page error or a failed script.
 *
 * 1. Builds the login entry twice, in memory:
 *    (a) as shipped: packages/elements/scripts/bundle-entries.mjs, the code `npm run build`
 *        uses (rollup per entry: one entry file, lazy chunks for screens, checks, translations);
 *    (b) one file: esbuild with `splitting: false` and the screens and checks imported
 *        statically (see `oneFilePlugin` for why plain `splitting: false` is not the baseline).
 * 2. Serves each build on its own 127.0.0.1 port with node:http: a tiny page like
 *    examples/plain-html (`<meta name="shomei-base-url">`, one `<script type="module">`, a
 *    `<shomei-login>`), the scripts gzip -9 (what `npm run size` counts), and everything else
 *    answered by the in-memory service from @shomei/mock, fresh for every load.
 * 3. Loads each page RUNS times, alternating (a) and (b), each in a new browser context (cold
 *    cache), under network throttling through CDP (`Network.emulateNetworkConditions`), and
 *    records with `performance.now()` in the page, from navigation start:
 *    - shell: `<shomei-login>`'s shadow root shows its heading (the loading state);
 *    - form: the light-DOM `input[autocomplete="username"]` is there, enabled and rendered;
 *    - the JS bytes on the wire before the form (CDP `encodedDataLength`: gzip body + headers).
 *    Both marks are taken in a requestAnimationFrame loop, so each is the start of the frame
 *    that paints it (within one frame, ≈ 17 ms).
 *
 * Environment: BENCH_RUNS (7), BENCH_LATENCY_MS (150), BENCH_DOWN_KBPS (1600), BENCH_UP_KBPS
 * (750). Compare the ratios within one run, not figures across machines.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { getRequestListener } from '@hono/node-server';
import { build, type BuildOptions, type Metafile, type OutputFile, type Plugin } from 'esbuild';
import type { Browser } from 'playwright-core';
import { createMockService, type MockService } from '@shomei/mock';
import {
  bundleEntry,
  reachableChunks,
  TS_COMPILER_OPTIONS,
} from '../packages/elements/scripts/bundle-entries.mjs';
import { launchChromium } from '../test/support/chromium.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const elementsDir = join(root, 'packages/elements');
/** Only names the in-memory output (write: false): nothing is written there. */
const outdir = join(elementsDir, 'bench-output/entries');

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/**
 * Slow 4G with Lighthouse's mobile figures: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up. CDP adds
 * the latency once per request (no TCP handshake, no slow start), which is kinder than a radio
 * link; Chrome DevTools' preset built on the same figures ("Slow 4G", once "Fast 3G") adds
 * 562.5 ms per request at 90 % of the throughput (BENCH_LATENCY_MS=562.5 BENCH_DOWN_KBPS=1440
 * BENCH_UP_KBPS=675).
 */
const PROFILE = {
  latencyMs: Number(process.env.BENCH_LATENCY_MS ?? 150),
  downKbps: Number(process.env.BENCH_DOWN_KBPS ?? 1600),
  upKbps: Number(process.env.BENCH_UP_KBPS ?? 750),
};
const LOAD_TIMEOUT_MS = 30_000;

// ---- builds ------------------------------------------------------------------------------

/** The one-file baseline's esbuild options: minified ES2022 like the shipped build. */
const ONE_FILE_OPTIONS = {
  absWorkingDir: elementsDir,
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: false,
  minify: true,
  charset: 'utf8',
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: 'linked',
  metafile: true,
  tsconfigRaw: { compilerOptions: TS_COMPILER_OPTIONS },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  write: false,
} as const satisfies BuildOptions;

/** The lazy imports decision 0012 introduced, made static again for the one-file baseline. */
const LAZY_SITES = [
  { file: 'packages/elements/src/login/login.ts', specifier: './login-screens.js' },
  { file: 'packages/sdk/src/client.ts', specifier: './validation.js' },
];
// esbuild takes Go regular expressions for its filters: no `u` flag.
const TRANSLATION = /^\.\/(en|zh-Hans|ko)\/[\w-]+(\/screens)?\.js$/;

/**
 * The baseline "one bundle": everything a Japanese login page runs, in one file.
 *
 * Plain `splitting: false` does inline every `import()` (esbuild turns it into
 * `Promise.resolve().then(() => (init_x(), x_exports))`), but that is not the one bundle the
 * decision replaced: it also inlines all 42 translation modules (3 locales × 14 parts, which the
 * shipped build leaves as chunks a Japanese page never fetches), and it turns the inlined graph
 * into lazily initialised `__esm` wrappers, which keep every module behind @shomei/core's barrel,
 * @holiday-jp's 150 kB table included (tree shaking drops it from the other builds): ≈ 82 kB
 * gzip against ≈ 44 kB. So, with `splitting: false`, this plugin
 * - replaces the two `import()`s of LAZY_SITES with a static `import * as`, handed over
 *   through the same `Promise` (the code around them is unchanged), and fails if they moved;
 * - leaves the translations' `import()`s external (never fetched here: the page is Japanese,
 *   and the run fails on any script that does not load).
 * The plain `splitting: false` size is printed next to the table for reference.
 */
const oneFilePlugin: Plugin = {
  name: 'bench-one-file',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: TRANSLATION }, (args) =>
      args.kind === 'dynamic-import' && /generated[\\/]locales/u.test(args.importer)
        ? { path: args.path, external: true }
        : undefined,
    );
    for (const { file, specifier } of LAZY_SITES) {
      const absolute = join(root, file);
      const filter = new RegExp(`${file.replaceAll('/', '[\\\\/]').replaceAll('.', '\\.')}$`);
      pluginBuild.onLoad({ filter }, async (args) => {
        if (args.path !== absolute) return undefined;
        const source = await readFile(args.path, 'utf8');
        const dynamic = `import('${specifier}')`;
        const count = source.split(dynamic).length - 1;
        if (count !== 1) throw new Error(`${file}: expected one ${dynamic}, found ${count}`);
        const contents =
          `import * as __benchStatic from '${specifier}';\n` +
          source.replace(dynamic, 'Promise.resolve(__benchStatic)');
        return { contents, loader: 'ts' };
      });
    }
  },
};

interface Variant {
  readonly key: 'a' | 'b';
  readonly label: string;
  /** URL path under /shomei/entries/ → gzip -9 body. */
  readonly files: ReadonlyMap<string, Buffer>;
  /** JS files and gzip bytes of the entry with its static imports, and of everything. */
  readonly firstLoad: { readonly files: number; readonly gzip: number };
  readonly total: { readonly files: number; readonly gzip: number };
}

function servedFiles(outputFiles: readonly OutputFile[]): Map<string, Buffer> {
  return new Map(
    outputFiles.map((file) => [
      relative(outdir, file.path).replaceAll('\\', '/'),
      gzipSync(file.contents, { level: 9 }),
    ]),
  );
}

/** Output paths (metafile keys) reachable from `entry`: static imports, or dynamic ones too. */
function reachable(metafile: Metafile, entry: string, dynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path) || metafile.outputs[path] === undefined) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? [])
      if (
        !imported.external &&
        (imported.kind === 'import-statement' ||
          (dynamic &&
            imported.kind === 'dynamic-import' &&
            !/generated\/locales\//u.test(metafile.outputs[imported.path]?.entryPoint ?? '')))
      )
        visit(imported.path);
  };
  visit(entry);
  return seen;
}

function measureBuild(
  metafile: Metafile,
  files: ReadonlyMap<string, Buffer>,
): Pick<Variant, 'firstLoad' | 'total'> {
  const entry = Object.keys(metafile.outputs).find((path) => /(^|\/)login\.js$/u.test(path));
  if (entry === undefined) throw new Error('esbuild produced no login.js');
  const sizeOf = (paths: Set<string>) => {
    let gzip = 0;
    for (const path of paths) {
      const body = files.get(relative(outdir, join(elementsDir, path)).replaceAll('\\', '/'));
      if (body === undefined) throw new Error(`no output for ${path}`);
      gzip += body.byteLength;
    }
    return { files: paths.size, gzip };
  };
  return {
    firstLoad: sizeOf(reachable(metafile, entry, false)),
    total: sizeOf(reachable(metafile, entry, true)),
  };
}

async function buildShipped(): Promise<Variant> {
  const chunks = await bundleEntry('login');
  const files = new Map(
    chunks.map((chunk) => [chunk.fileName, gzipSync(Buffer.from(chunk.code), { level: 9 })]),
  );
  const reach = (lazy: boolean) =>
    reachableChunks(chunks, 'login.js', {
      lazy,
      skip: (chunk) => /generated[\\/]locales[\\/]/u.test(chunk.facadeModuleId ?? ''),
    });
  const sizeOf = (names: Set<string>) => ({
    files: names.size,
    gzip: [...names].reduce((sum, name) => sum + (files.get(name)?.byteLength ?? 0), 0),
  });
  return {
    key: 'a',
    label: '(a) split',
    files,
    firstLoad: sizeOf(reach(false)),
    total: sizeOf(reach(true)),
  };
}

async function buildOneFile(): Promise<Variant> {
  const result = await build({
    ...ONE_FILE_OPTIONS,
    entryPoints: { login: 'src/entries/login.ts' },
    splitting: false,
    plugins: [oneFilePlugin],
  });
  const files = servedFiles(result.outputFiles);
  const [output, ...others] = Object.entries(result.metafile.outputs).filter(([path]) =>
    path.endsWith('.js'),
  );
  const leftover = output?.[1].imports.filter(
    (imported) => !(imported.external && TRANSLATION.test(imported.path)),
  );
  if (output === undefined || others.length > 0 || leftover === undefined || leftover.length > 0)
    throw new Error(
      `the one-file build is not one file: ${JSON.stringify({ others, leftover }, null, 1)}`,
    );
  return { key: 'b', label: '(b) one file', files, ...measureBuild(result.metafile, files) };
}

/** Plain `splitting: false`, for the size note only. */
async function plainOneFileGzip(): Promise<number> {
  const result = await build({
    ...ONE_FILE_OPTIONS,
    entryPoints: { login: 'src/entries/login.ts' },
    splitting: false,
    sourcemap: false,
    metafile: false,
  });
  return result.outputFiles.reduce(
    (sum, file) => sum + gzipSync(file.contents, { level: 9 }).byteLength,
    0,
  );
}

// ---- the page and the service ------------------------------------------------------------

const PAGE = `<!doctype html>
<html lang="ja">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>証明大学 — ログイン</title>
    <meta name="shomei-base-url" content="/t/demo" />
    <script type="module" src="/shomei/entries/login.js"></script>
  </head>
  <body>
    <main>
      <h1>証明書発行サービス</h1>
      <shomei-login heading-level="2"></shomei-login>
    </main>
  </body>
</html>
`;

interface Site {
  readonly origin: string;
  /** A fresh in-memory service, so that every load starts from the same demo data. */
  resetService(): void;
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
    if (request.method === 'GET' && (path === '/' || path === '/index.html')) {
      response.writeHead(200, { ...common, 'Content-Type': 'text/html; charset=utf-8' });
      response.end(PAGE);
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
    mock = createMockService({ baseUrl: origin });
  };
  resetService();
  return {
    origin,
    resetService,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
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
 * Runs in the page before its scripts: notes the first frame showing the shell, and the form.
 * A string, not a function: tsx would wrap a function's inner names in its own `__name` helper,
 * which the page does not have.
 */
const WATCH_FOR_MARKS = `(() => {
  const marks = {};
  globalThis.__shomeiBench = marks;
  const check = () => {
    const now = performance.now();
    const login = document.querySelector('shomei-login');
    if (marks.shell === undefined && login?.shadowRoot?.querySelector('[part="heading"]')?.textContent?.trim())
      marks.shell = now;
    const input = login?.querySelector('input[autocomplete="username"]');
    if (marks.form === undefined && input && !input.disabled && !input.readOnly && input.getClientRects().length > 0)
      marks.form = now;
    if (marks.shell === undefined || marks.form === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

async function loadOnce(browser: Browser, site: Site): Promise<Load> {
  site.resetService();
  const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  try {
    await context.addInitScript({ content: WATCH_FOR_MARKS });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const cdp = await context.newCDPSession(page);
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
      latency: PROFILE.latencyMs,
      downloadThroughput: (PROFILE.downKbps * 1000) / 8,
      uploadThroughput: (PROFILE.upKbps * 1000) / 8,
    });

    await page.goto(`${site.origin}/`, { waitUntil: 'commit' });
    try {
      await page.waitForFunction(
        () => {
          const marks = (globalThis as unknown as { __shomeiBench?: Marks }).__shomeiBench;
          return marks?.shell !== undefined && marks.form !== undefined;
        },
        undefined,
        { timeout: LOAD_TIMEOUT_MS, polling: 100 },
      );
    } catch {
      throw new PageFailure(
        `no shell and form within ${LOAD_TIMEOUT_MS} ms` +
          (problems.length > 0 ? `: ${problems.join('; ')}` : ''),
      );
    }
    const { marks, resources } = await page.evaluate(() => ({
      marks: (globalThis as unknown as { __shomeiBench: Marks }).__shomeiBench,
      resources: performance.getEntriesByType('resource').map((entry) => ({
        url: entry.name,
        responseEnd: (entry as PerformanceResourceTiming).responseEnd,
      })),
    }));
    const shellMs = marks.shell ?? Number.NaN;
    const formMs = marks.form ?? Number.NaN;

    if (problems.length > 0) throw new PageFailure(problems.join('; '));

    const scriptsBeforeForm = resources.filter(
      (entry) => new URL(entry.url).pathname.endsWith('.js') && entry.responseEnd <= formMs,
    );
    const session = resources.find((entry) => new URL(entry.url).pathname === '/t/demo/session');
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
      shellMs,
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
  const sorted = [...values].sort((x, y) => x - y);
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

async function main(): Promise<void> {
  const startedAt = Date.now();
  const [shipped, oneFile, plainGzip] = await Promise.all([
    buildShipped(),
    buildOneFile(),
    plainOneFileGzip(),
  ]);
  const variants = [shipped, oneFile];
  const sites = new Map<Variant, Site>();
  for (const variant of variants) sites.set(variant, await serveVariant(variant));
  const browser = await launchChromium();
  const loads = new Map<Variant, Load[]>(variants.map((variant) => [variant, []]));
  try {
    // One unrecorded load each: the browser's first page pays for starting its processes.
    for (const variant of variants) await loadOnce(browser, sites.get(variant)!);
    for (let run = 0; run < RUNS; run++) {
      // Alternating, and which goes first alternates too.
      const order = run % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order)
        loads.get(variant)!.push(await loadOnce(browser, sites.get(variant)!));
    }
  } finally {
    await browser.close();
    for (const site of sites.values()) await site.close();
  }

  const summary = (variant: Variant, pick: (load: Load) => number) =>
    stats(loads.get(variant)!.map(pick));
  const metrics: readonly [string, (load: Load) => number, (value: number) => string][] = [
    ['shell painted (ms)', (load) => load.shellMs, (v) => v.toFixed(0)],
    ['form usable (ms)', (load) => load.formMs, (v) => v.toFixed(0)],
    ['GET /session answered (ms)', (load) => load.sessionMs, (v) => v.toFixed(0)],
    ['last script before form (ms)', (load) => load.lastScriptMs, (v) => v.toFixed(0)],
    ['JS on the wire before form', (load) => load.jsBytes, kB],
    ['JS files before form', (load) => load.jsFiles, (v) => v.toFixed(0)],
  ];
  const rows: string[][] = [
    ['', `${shipped.label}: median [min–max]`, `${oneFile.label}: median [min–max]`, 'a/b'],
  ];
  for (const [name, pick, format] of metrics) {
    const a = summary(shipped, pick);
    const b = summary(oneFile, pick);
    rows.push([
      name,
      `${format(a.median)} [${format(a.min)}–${format(a.max)}]`,
      `${format(b.median)} [${format(b.min)}–${format(b.max)}]`,
      (a.median / b.median).toFixed(2),
    ]);
  }

  const describe = (variant: Variant) =>
    `${variant.label}: first load ${variant.firstLoad.files} file(s), ${kB(variant.firstLoad.gzip)}; ` +
    `with the screens and checks ${variant.total.files} file(s), ${kB(variant.total.gzip)} (gzip -9)`;
  console.log(
    [
      '',
      `Login page, first load, ${RUNS} cold loads each (alternating, after one unrecorded load each).`,
      `Network (CDP): ${PROFILE.latencyMs} ms latency per request, ${PROFILE.downKbps / 1000} Mbit/s down, ` +
        `${PROFILE.upKbps / 1000} Mbit/s up ("slow 4G"); HTTP/1.1 on 127.0.0.1, scripts gzip -9; no CPU throttling.`,
      describe(shipped),
      describe(oneFile),
      `(plain splitting: false, every translation and the holiday table inlined: ${kB(plainGzip)}; not run)`,
      '',
      table(rows),
      '',
      `Times from navigation start, at the first frame showing it. ${((Date.now() - startedAt) / 1000).toFixed(0)} s.`,
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof PageFailure ? `A page did not render: ${error.message}` : error);
  process.exit(1);
});
