// @ts-check
// Where Debian's Chromium is and how every browser suite starts it: web-test-runner, the story
// check, the Node browser suites (test/support/chromium.ts) and scripts/ensure-chromium.mjs.

/** Debian's package puts it here; CHROME_PATH points elsewhere (another Chrome or Chromium). */
export const DEFAULT_CHROME_PATH = '/usr/bin/chromium';

export const CHROME_PATH = process.env.CHROME_PATH ?? DEFAULT_CHROME_PATH;

/**
 * Headless, no sandbox (the tests may run as root), and none of the background traffic a closed
 * network refuses.
 */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
