/**
 * End-to-end (issue 13): the demo serves the element entries as a university would, and a
 * student's phone fetches what `npm run size` says. `npm start` in a real Chromium with a cold
 * cache: the scripts on the wire (encoded bodies) are within 5 % of the size module's figure for
 * the login page in the encoding the server chose; the entry is revalidated (`no-cache`, ETag,
 * 304), a hashed chunk is cached for good, and the source maps are external files.
 */
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageBytes, type Encoding, type PageBytes } from '../../scripts/size/page-bytes.js';
import { launchChromium } from '../support/chromium.js';
import { freePorts } from '../support/ports.js';
import { labelled, startShomei, watch, type Shomei } from './support.js';

const BUNDLES = '/shomei/';

/** The login form is usable once its user ID field is there (the elements' ja source text). */
const USER_ID = 'ユーザID';

const isBundleScript = (response: Response, origin: string): boolean =>
  response.url().startsWith(`${origin}${BUNDLES}`) && response.url().endsWith('.js');

describe('e2e: the demo serves the production entries (issue 13)', () => {
  let browser: Browser | undefined;
  let demo: Shomei | undefined;
  let expected: PageBytes | undefined;

  beforeAll(async () => {
    const [port, inboxPort] = await freePorts(2);
    const [started, launched, measured] = await Promise.allSettled([
      startShomei(port!, inboxPort!),
      launchChromium(),
      pageBytes('login'),
    ]);
    // Keep whatever started, so that afterAll stops it even when another part failed.
    if (started.status === 'fulfilled') demo = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (measured.status === 'fulfilled') expected = measured.value;
    for (const result of [started, launched, measured])
      if (result.status === 'rejected') throw result.reason;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  }, 30_000);

  it('a cold login page fetches what npm run size measures, cached as a deployment should be', async () => {
    const { origin } = demo!;
    const context = await browser!.newContext();
    const seen = await watch(context);
    try {
      const page = await context.newPage();
      const scripts: Response[] = [];
      page.on('response', (response) => {
        if (isBundleScript(response, origin)) scripts.push(response);
      });
      await page.goto(`${origin}/login`);
      await page.getByLabel(labelled(USER_ID)).waitFor();

      // ---- what the page fetched before its form, on the wire ----
      const files = scripts.map((response) => response.url().slice(`${origin}${BUNDLES}`.length));
      expect(files.toSorted()).toEqual(expected!.files.toSorted());
      const encodings = new Set(
        await Promise.all(
          scripts.map(
            async (response) =>
              ((await response.allHeaders())['content-encoding'] ?? 'identity') as Encoding,
          ),
        ),
      );
      expect(encodings.size).toBe(1);
      const [encoding = 'identity'] = encodings;
      const onTheWire = (
        await Promise.all(scripts.map(async (response) => await response.request().sizes()))
      ).reduce((sum, sizes) => sum + sizes.responseBodySize, 0);
      const measured = expected!.bytes[encoding];
      expect(
        Math.abs(onTheWire - measured) / measured,
        `${onTheWire} B of ${encoding} on the wire, npm run size says ${measured} B`,
      ).toBeLessThan(0.05);

      // ---- every script names an external source map, and it is there ----
      for (const response of scripts) {
        const code = await response.text();
        expect(code).not.toMatch(/sourceMappingURL=data:/u);
        const map = /\/\/# sourceMappingURL=(\S+)\s*$/u.exec(code)?.[1];
        expect(map, `${response.url()} names no source map`).toBeDefined();
        const served = await fetch(new URL(map!, response.url()));
        expect(served.status).toBe(200);
        expect(((await served.json()) as { version: number }).version).toBe(3);
      }

      // ---- the entry: asked about on each use, and answered 304 while it holds ----
      const entry = scripts.find((response) => response.url() === `${origin}${BUNDLES}login.js`);
      const entryHeaders = await entry!.allHeaders();
      expect(entryHeaders['cache-control']).toBe('no-cache');
      expect(entryHeaders['etag']).toMatch(/^"[^"]+"$/u);
      expect(entryHeaders['vary']).toBe('Accept-Encoding');
      const revalidated = page.waitForResponse(`${origin}${BUNDLES}login.js`);
      await page.reload();
      expect((await revalidated).status()).toBe(304);
      await page.getByLabel(labelled(USER_ID)).waitFor();

      // ---- a chunk (English translations): cached for a year, never asked about ----
      const translation = page.waitForResponse((response) =>
        response.url().startsWith(`${origin}${BUNDLES}chunks/`),
      );
      await page.getByLabel('LANG（言語）').selectOption('en');
      const chunkHeaders = await (await translation).allHeaders();
      expect(chunkHeaders['cache-control']).toBe('public, max-age=31536000, immutable');

      expect(seen.cspViolations).toEqual([]);
      expect(seen.pageErrors).toEqual([]);
      expect(seen.serverErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
