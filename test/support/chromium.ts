import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CHROME_PATH, CHROMIUM_ARGS } from './chromium-launch.mjs';

/**
 * Debian's Chromium, headless, with the flags this machine needs (no sandbox as root, and none of
 * the background traffic a closed network refuses). A missing browser is a failure with the way
 * to get it, never a skipped suite: `npm test` installs it first (scripts/ensure-chromium.mjs).
 */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROME_PATH)) {
    throw new Error(
      `No Chromium at ${CHROME_PATH}. Install Debian's: ` +
        'apt-get install -y chromium fonts-ipafont-gothic (or set CHROME_PATH).',
    );
  }
  return chromium.launch({ executablePath: CHROME_PATH, args: CHROMIUM_ARGS });
}
