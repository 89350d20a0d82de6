// Makes sure the programs the tests start exist, before `npm test` runs anything:
// - Chromium for the browser tests (web-test-runner.config.mjs): CHROME_PATH, then
//   /usr/bin/chromium; with a Japanese font so axe's contrast checks and screenshots see glyphs;
// - OpenLDAP's slapd for the LDAP directory's tests (test/support/slapd.ts), openssl for their
//   certificates;
// - a PostgreSQL server for the contract and store suites (test/support/postgres.ts);
// - nginx and systemd-analyze for the deploy guide's tests (test/deploy).
// As root with apt-get, installs Debian's packages for what is missing; otherwise prints the
// command to run and exits 1.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import {
  CHROME_PATH,
  DEFAULT_CHROME_PATH as DEFAULT_PATH,
} from '../test/support/chromium-launch.mjs';

/** Whether some `/usr/lib/postgresql/<version>/bin/postgres` exists. */
function hasPostgres() {
  try {
    return readdirSync('/usr/lib/postgresql').some((version) =>
      existsSync(`/usr/lib/postgresql/${version}/bin/postgres`),
    );
  } catch {
    return false;
  }
}

if (process.env.CHROME_PATH !== undefined && !existsSync(CHROME_PATH)) {
  console.error(`CHROME_PATH=${process.env.CHROME_PATH} does not exist.`);
  process.exit(1);
}

const TOOLS = [
  {
    what: 'Chromium',
    present: () => existsSync(CHROME_PATH),
    packages: ['chromium', 'fonts-ipafont-gothic'],
  },
  {
    what: 'OpenLDAP slapd',
    present: () => existsSync('/usr/sbin/slapd'),
    packages: ['slapd', 'ldap-utils'],
  },
  { what: 'openssl', present: () => existsSync('/usr/bin/openssl'), packages: ['openssl'] },
  { what: 'PostgreSQL', present: hasPostgres, packages: ['postgresql'] },
  // The deploy guide's tests: its nginx settings, and its systemd unit (systemd-analyze verify).
  { what: 'nginx', present: () => existsSync('/usr/sbin/nginx'), packages: ['nginx-light'] },
  {
    what: 'systemd-analyze',
    present: () => existsSync('/usr/bin/systemd-analyze'),
    packages: ['systemd'],
  },
];

const missing = TOOLS.filter((tool) => !tool.present());
if (missing.length === 0) process.exit(0);

const packages = missing.flatMap((tool) => tool.packages);
const names = missing.map((tool) => tool.what).join(', ');
const hasAptGet = existsSync('/usr/bin/apt-get');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(' ')}`;

if (!hasAptGet || !isRoot) {
  console.error(
    `The tests need ${names}. Install ${packages.join(' ')}, e.g.:\n  sudo sh -c '${command}'`,
  );
  if (missing.some((tool) => tool.what === 'Chromium'))
    console.error(`or point CHROME_PATH at a Chrome or Chromium binary (default ${DEFAULT_PATH}).`);
  process.exit(1);
}
console.log(`Installing ${packages.join(', ')} for the tests (${names})...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
  stdio: 'inherit',
  env,
});
const still = missing.filter((tool) => !tool.present());
if (still.length > 0) {
  console.error(
    `apt-get finished but ${still.map((tool) => tool.what).join(', ')} is still missing.`,
  );
  process.exit(1);
}
