import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with the flags this machine needs (no sandbox as root, and none of
 * the background traffic a closed network refuses). A missing browser is a failure with the way
 * to get it, never a skipped suite: `npm test` installs it first (scripts/ensure-chromium.mjs).
 */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(chromePath)) {
    throw new Error(
      `No Chromium at ${chromePath}. Install Debian's: ` +
        'apt-get install -y chromium fonts-ipafont-gothic (or set CHROME_PATH).',
    );
  }
  return chromium.launch({
    executablePath: chromePath,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
