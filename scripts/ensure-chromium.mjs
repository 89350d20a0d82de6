// Makes sure a Chromium exists for the browser tests (web-test-runner.config.mjs).
// Looks at CHROME_PATH, then /usr/bin/chromium. If neither exists: as root with apt-get, installs
// Debian's chromium and a Japanese font (so axe's contrast checks and screenshots see real
// glyphs); otherwise prints the command to run and exits 1.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  CHROME_PATH,
  DEFAULT_CHROME_PATH as DEFAULT_PATH,
} from '../test/support/chromium-launch.mjs';

const PACKAGES = ['chromium', 'fonts-ipafont-gothic'];
const candidate = CHROME_PATH;

if (existsSync(candidate)) process.exit(0);

const hasAptGet = existsSync('/usr/bin/apt-get');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;

if (process.env.CHROME_PATH !== undefined) {
  console.error(`CHROME_PATH=${process.env.CHROME_PATH} does not exist.`);
  process.exit(1);
}
if (!hasAptGet || !isRoot) {
  console.error(`No Chromium at ${DEFAULT_PATH}. Install it, e.g.:\n  sudo sh -c '${command}'`);
  console.error('or point CHROME_PATH at a Chrome or Chromium binary.');
  process.exit(1);
}
console.log(`Installing ${PACKAGES.join(', ')} for the browser tests...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...PACKAGES], {
  stdio: 'inherit',
  env,
});
if (!existsSync(DEFAULT_PATH)) {
  console.error(`apt-get finished but ${DEFAULT_PATH} is still missing.`);
  process.exit(1);
}
