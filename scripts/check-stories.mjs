// @ts-check
/**
 * Every story renders (npm run test:stories): serves storybook-static (npm run build-storybook
 * first), opens each story of index.json in Chromium, and fails on
 * - a story that errors, or whose play function fails (Storybook's STORY_FINISHED status),
 * - a console error or warning, or an uncaught exception, on the page,
 * - any axe violation (WCAG 2.2 A/AA) inside the story's root, in the state the play function
 *   left it (X2),
 * - a page wider than 320 px when the viewport is 320 px wide (A19),
 * - a stories/generated/mockServiceWorker.js that differs from the installed msw's;
 * then opens each docs page (index.json's `docs` entries: autodocs, .storybook/element-docs.mdx)
 * and fails on
 * - a page that errors (render error, console error or warning, uncaught exception),
 * - a page that names no element (the meta's `component`), or whose API tables miss a property,
 *   attribute, event, slot, CSS part or CSS custom property packages/elements/custom-elements.json
 *   documents for it (issue 7),
 * - an element of the manifest without a docs page.
 *
 * Options: `--filter <text>` only story and docs ids containing it (`--filter docs`: the docs
 * pages); `--screenshots <dir>` a PNG per story.
 * Chromium: CHROME_PATH or /usr/bin/chromium (as web-test-runner.config.mjs).
 */
import { readFile, mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROME_PATH, CHROMIUM_ARGS } from '../test/support/chromium-launch.mjs';

const root = resolve('storybook-static');
const { values: options } = parseArgs({
  options: { filter: { type: 'string' }, screenshots: { type: 'string' } },
});
const require = createRequire(import.meta.url);
/** Requests to the mock's origin that fail on purpose (network loss, server fault stories). */
const MOCK_ORIGIN = 'http://localhost:4010';
const STORY_TIMEOUT_MS = 15_000;
const DOCS_TIMEOUT_MS = 15_000;

const failures = [];

// The committed worker must be the installed msw's, or msw refuses it at runtime.
const [committedWorker, installedWorker] = await Promise.all([
  readFile('stories/generated/mockServiceWorker.js', 'utf8'),
  readFile(join(require.resolve('msw/package.json'), '../lib/mockServiceWorker.js'), 'utf8'),
]);
if (committedWorker !== installedWorker)
  failures.push(
    'stories/generated/mockServiceWorker.js is stale: run `npx msw init stories/generated --no-save`',
  );

/**
 * What each element's docs page must list, by the table's category names, from the manifest
 * (as .storybook/element-api.ts reads it: public instance fields, the unnamed slot as `(default)`).
 * @type {Map<string, Record<string, string[]>>}
 */
const documented = new Map();
const manifest = JSON.parse(await readFile('packages/elements/custom-elements.json', 'utf8'));
for (const declaration of manifest.modules.flatMap((module) => module.declarations ?? [])) {
  if (!declaration.tagName) continue;
  /** @param {{ name: string }[] | undefined} items */
  const names = (items) => (items ?? []).map((item) => item.name);
  documented.set(declaration.tagName, {
    properties: names(
      declaration.members?.filter(
        (/** @type {{ kind: string, static?: boolean, privacy?: string }} */ member) =>
          member.kind === 'field' &&
          !member.static &&
          member.privacy !== 'private' &&
          member.privacy !== 'protected',
      ),
    ),
    attributes: names(declaration.attributes),
    events: names(declaration.events),
    slots: names(declaration.slots).map((name) => name || '(default)'),
    'css shadow parts': names(declaration.cssParts),
    'css custom properties': names(declaration.cssProperties),
  });
}

const index = JSON.parse(
  await readFile(join(root, 'index.json'), 'utf8').catch(() => {
    throw new Error('storybook-static/index.json missing: run `npm run build-storybook` first');
  }),
);
/** @type {{ id: string, title: string, name: string }[]} */
const entries = Object.values(index.entries).filter(
  (entry) => !options.filter || entry.id.includes(options.filter),
);
const stories = entries.filter((entry) => entry.type === 'story');
/** @type {{ id: string, title: string }[]} */
const docsPages = entries.filter((entry) => entry.type === 'docs');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};
const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
  // Chromium asks for it on its own; Storybook ships favicon.svg instead.
  if (path === '/favicon.ico') return void response.writeHead(204).end();
  let file = join(root, path);
  if (!file.startsWith(root)) return void response.writeHead(403).end();
  if ((await stat(file).catch(() => undefined))?.isDirectory()) file = join(file, 'index.html');
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
const address = server.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROMIUM_ARGS });
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
if (options.screenshots) await mkdir(options.screenshots, { recursive: true });

const started = Date.now();
try {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  // Storybook's preview channel is created after the page's scripts start; catch it as it is
  // assigned and record how each story finished.
  await context.addInitScript(() => {
    let channel;
    Object.defineProperty(globalThis, '__STORYBOOK_ADDONS_CHANNEL__', {
      configurable: true,
      get: () => channel,
      set(value) {
        channel = value;
        value.on('storyFinished', (/** @type {unknown} */ result) => {
          globalThis.__shomeiStoryFinished = result;
        });
        value.on('playFunctionThrewException', (/** @type {{message?: string}} */ error) => {
          globalThis.__shomeiPlayError = error?.message ?? String(error);
        });
        // Docs mode: the page rendered, or it (or the story in it) failed.
        value.on('docsRendered', () => {
          globalThis.__shomeiDocsRendered = true;
        });
        for (const event of ['storyErrored', 'storyThrewException', 'storyMissing'])
          value.on(event, (/** @type {{title?: string, message?: string}} */ error) => {
            globalThis.__shomeiRenderError = `${event}: ${error?.title ?? ''} ${error?.message ?? ''}`;
          });
      },
    });
  });
  const page = await context.newPage();
  /** @type {string[]} */
  let problems = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    // The browser reports the failures that network-loss and server-fault stories cause.
    if (message.location().url.startsWith(MOCK_ORIGIN)) return;
    problems.push(`console ${message.type()}: ${message.text()} ${message.location().url}`);
  });
  page.on('pageerror', (error) => {
    // msw's worker checks for an update of its script on every story. On busy machines that
    // check now and then fails with "…: Not found", for a different story each time, while the
    // script is served: most likely the next navigation overtakes it and the registration it
    // updates is gone (not proven). It is this checker's pace, not the story's behaviour.
    if (
      /^Failed to update a ServiceWorker .*mockServiceWorker\.js'\): Not found$/u.test(
        error.message,
      )
    )
      return;
    problems.push(`uncaught: ${error.message}`);
  });

  for (const story of stories) {
    problems = [];
    const began = Date.now();
    await page.goto(`${origin}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story`);
    const finished = await page
      .waitForFunction(() => globalThis.__shomeiStoryFinished, undefined, {
        timeout: STORY_TIMEOUT_MS,
      })
      .then((handle) => handle.jsonValue())
      .catch(() => undefined);
    if (finished === undefined) problems.push(`did not finish within ${STORY_TIMEOUT_MS} ms`);
    else if (finished.status !== 'success') problems.push(`story status: ${finished.status}`);
    const playError = await page.evaluate(() => globalThis.__shomeiPlayError);
    if (playError) problems.push(`play function: ${playError}`);

    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await globalThis.axe.run('#storybook-root', {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      });
      return result.violations.map(
        (violation) =>
          `axe ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
      );
    });
    problems.push(...violations);

    // A19: at 320 px nothing may force horizontal scrolling.
    await page.setViewportSize({ width: 320, height: 600 });
    const width = await page.evaluate(() => globalThis.document.documentElement.scrollWidth);
    if (width > 320) problems.push(`A19: ${width} px wide at a 320 px viewport`);
    await page.setViewportSize({ width: 800, height: 600 });
    if (options.screenshots)
      await page.screenshot({ path: join(options.screenshots, `${story.id}.png`), fullPage: true });

    const took = Date.now() - began;
    console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${story.id} (${took} ms)`);
    for (const problem of problems) console.log(`     ${problem}`);
    if (problems.length > 0) failures.push(`${story.id}: ${problems.join('; ')}`);
  }

  /** Elements whose docs page was seen. */
  const documentedPages = new Set();
  for (const docs of docsPages) {
    problems = [];
    const began = Date.now();
    await page.goto(`${origin}/iframe.html?id=${encodeURIComponent(docs.id)}&viewMode=docs`);
    const rendered = await page
      .waitForFunction(
        () => globalThis.__shomeiRenderError ?? globalThis.__shomeiDocsRendered,
        undefined,
        { timeout: DOCS_TIMEOUT_MS },
      )
      .then(() => true)
      .catch(() => false);
    if (!rendered) problems.push(`did not render within ${DOCS_TIMEOUT_MS} ms`);
    const renderError = await page.evaluate(() => globalThis.__shomeiRenderError);
    if (renderError) problems.push(renderError);
    else if (rendered) {
      // The page's first story: let it finish, so its errors count as the page's.
      const finished = await page
        .waitForFunction(() => globalThis.__shomeiStoryFinished, undefined, {
          timeout: DOCS_TIMEOUT_MS,
        })
        .then((handle) => handle.jsonValue())
        .catch(() => undefined);
      if (finished === undefined)
        problems.push(`its story did not finish within ${DOCS_TIMEOUT_MS} ms`);
      else if (finished.status !== 'success')
        problems.push(`its story's status: ${finished.status}`);
    }

    // The element the page is about (the meta's `component`) and its API table's rows.
    const { element, rows } = await page.evaluate(() => {
      /** @type {Record<string, string[]>} */
      const listed = {};
      let category = '';
      for (const row of globalThis.document.querySelectorAll(
        '#storybook-docs table.docblock-argstable > tbody > tr',
      )) {
        const [first] = row.cells;
        // A category's header row: its collapse button, then its name in a span.
        if (first?.querySelector('button')) {
          category = first.querySelector('span')?.textContent?.trim() ?? '';
          continue;
        }
        const name = first?.querySelector('span')?.textContent?.trim();
        if (name) (listed[category] ??= []).push(name);
      }
      const tag = globalThis.document.querySelector('#storybook-docs [data-shomei-element]');
      return { element: tag?.getAttribute('data-shomei-element') ?? undefined, rows: listed };
    });
    const expected = element === undefined ? undefined : documented.get(element);
    if (element === undefined) problems.push("names no element: set the meta's `component`");
    else if (expected === undefined) problems.push(`${element} is not in custom-elements.json`);
    else {
      documentedPages.add(element);
      for (const [category, names] of Object.entries(expected)) {
        const missing = names.filter((name) => !rows[category]?.includes(name));
        if (missing.length > 0)
          problems.push(`${element}: ${category} not listed: ${missing.join(', ')}`);
      }
    }

    const took = Date.now() - began;
    console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${docs.id} (${took} ms)`);
    for (const problem of problems) console.log(`     ${problem}`);
    if (problems.length > 0) failures.push(`${docs.id}: ${problems.join('; ')}`);
  }
  if (!options.filter)
    for (const element of documented.keys())
      if (!documentedPages.has(element))
        failures.push(`${element}: no docs page (autodocs, with \`component: '${element}'\`)`);
} finally {
  await browser.close();
  server.close();
}

console.log(
  `\n${stories.length} stories and ${docsPages.length} docs pages in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures.length} failing`,
);
if (failures.length > 0) {
  for (const failure of failures) console.error(`- ${failure}`);
  process.exitCode = 1;
}
