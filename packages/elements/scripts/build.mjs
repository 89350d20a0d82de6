// Builds @shomei/elements into dist/ (npm run build -w @shomei/elements):
//
// - dist/entries/{login,account,order,all}.js: the browser bundles a page embeds with one
//   <script type="module"> (scripts/bundle-entries.mjs: rollup per entry, ES2022, minified,
//   lit and the SDK included). Each entry is one file with all a page needs before first render;
//   its lazy chunks (screens, the SDK's checks, translations) go to dist/entries/chunks/ and
//   are loaded on demand from the same directory (script-src 'self').
// - dist/**/*.js + .d.ts: the library for bundler users (tsc; bare imports of lit and
//   @shomei/sdk stay imports), for the `.`, `./all.js` and `./define/*.js` exports.
//
// Options: --outdir <dir> (default dist), --bundles-only (skip tsc), --elements-version <v>
// (stamp another version into the bundles: the double-load test builds a second "version").
import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleEntry, ENTRIES } from './bundle-entries.mjs';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    outdir: { type: 'string', default: join(packageDir, 'dist') },
    'bundles-only': { type: 'boolean', default: false },
    'elements-version': { type: 'string' },
  },
});
const outdir = resolve(values.outdir);

/** The library and its declarations, from scripts/tsconfig.build.json. */
function compileLibrary() {
  const tsc = join(packageDir, '../../node_modules/typescript/bin/tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', join(packageDir, 'scripts/tsconfig.build.json'), '--outDir', outdir],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error(`tsc failed with exit code ${result.status}`);
}

/** Writes every entry's bundle and lazy chunks (scripts/bundle-entries.mjs) to dist/entries/. */
async function bundleEntries() {
  const written = new Set();
  for (const name of ENTRIES) {
    const chunks = await bundleEntry(name, {
      version: values['elements-version'],
      dir: join(outdir, 'entries'),
    });
    for (const chunk of chunks) {
      const path = join(outdir, 'entries', chunk.fileName);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, chunk.code);
      if (chunk.map) await writeFile(`${path}.map`, chunk.map.toString());
      written.add(chunk.fileName);
    }
  }
  return [...written];
}

await rm(outdir, { recursive: true, force: true });
if (!values['bundles-only']) compileLibrary();
// After tsc, so that the bundles replace tsc's unbundled dist/entries/*.js.
const bundled = await bundleEntries();
if (!values['bundles-only']) {
  // tsc also emitted the entries' helper modules as JS; the bundles carry them, so drop that
  // JS (their .d.ts stay: the entries' declarations import them).
  const { readdir } = await import('node:fs/promises');
  const keep = new Set(ENTRIES.flatMap((name) => [`${name}.js`, `${name}.js.map`]));
  for (const file of await readdir(join(outdir, 'entries'), { withFileTypes: true }))
    if (file.isFile() && !file.name.endsWith('.d.ts') && !keep.has(file.name))
      await rm(join(outdir, 'entries', file.name));
}
console.log(
  `@shomei/elements: ${bundled.length} bundle files in ${relative(process.cwd(), join(outdir, 'entries')) || '.'}` +
    (values['bundles-only']
      ? ''
      : `, library and types in ${relative(process.cwd(), outdir) || '.'}`),
);
