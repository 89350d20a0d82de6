/**
 * `npm run manifest:check` (part of `npm test`): packages/elements/custom-elements.json must be
 * what the analyzer writes now (regenerated in a temporary directory and compared), and the
 * version stamped on registered elements must equal package.json's. `--write` regenerates it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'packages/elements');
const committed = join(pkg, 'custom-elements.json');
const cli = join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js');
const write = process.argv.includes('--write');

function analyze(outdir: string): void {
  execFileSync(
    process.execPath,
    [cli, 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', outdir],
    { cwd: pkg, stdio: 'pipe' },
  );
  // The analyzer reads modules concurrently and lists them in the order they finish, which
  // differs from run to run: sort them by path so the manifest is the same every time.
  const file = join(pkg, outdir, 'custom-elements.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { modules?: { path: string }[] };
  manifest.modules?.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

const problems: string[] = [];

if (write) analyze('.');
else {
  const scratch = mkdtempSync(join(tmpdir(), 'shomei-cem-'));
  try {
    analyze(relative(pkg, scratch));
    const fresh = readFileSync(join(scratch, 'custom-elements.json'), 'utf8');
    if (!existsSync(committed)) problems.push('custom-elements.json is missing');
    else if (readFileSync(committed, 'utf8') !== fresh)
      problems.push('packages/elements/custom-elements.json is stale');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as {
  version: string;
};
const defineSource = readFileSync(join(pkg, 'src/internal/define-element.ts'), 'utf8');
const stamped = /ELEMENTS_VERSION = '([^']+)'/u.exec(defineSource)?.[1];
if (stamped !== version)
  problems.push(`ELEMENTS_VERSION (${stamped ?? 'none'}) differs from package.json (${version})`);

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error('Run npm run manifest (and keep ELEMENTS_VERSION equal to the package version).');
  process.exit(1);
}
console.log(write ? 'custom-elements.json written.' : 'custom-elements.json is current.');
