// Builds @shomei/elements into dist/ (npm run build -w @shomei/elements):
//
// - dist/entries/{login,account,order,all}.js: the browser bundles a page embeds with one
//   <script type="module"> (esbuild: ESM, ES2022, minified, lit and the SDK included). Code
//   splitting puts what the entries share, the locale modules and the lazy login screens into
//   dist/entries/chunks/, loaded on demand from the same directory (script-src 'self').
// - dist/**/*.js + .d.ts: the library for bundler users (tsc; bare imports of lit and
//   @shomei/sdk stay imports), for the `.`, `./all.js` and `./define/*.js` exports.
//
// Options: --outdir <dir> (default dist), --bundles-only (skip tsc), --elements-version <v>
// (stamp another version into the bundles: the double-load test builds a second "version").
import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = ['login', 'account', 'order', 'all'];

const { values } = parseArgs({
  options: {
    outdir: { type: 'string', default: join(packageDir, 'dist') },
    'bundles-only': { type: 'boolean', default: false },
    'elements-version': { type: 'string' },
  },
});
const outdir = resolve(values.outdir);

/** Replaces ELEMENTS_VERSION in define-element.ts (test builds of "another version" only). */
const stampVersion = (version) => ({
  name: 'shomei-elements-version',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]internal[\\/]define-element\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const stamped = source.replace(
        /export const ELEMENTS_VERSION = '[^']*';/u,
        `export const ELEMENTS_VERSION = ${JSON.stringify(version)};`,
      );
      if (stamped === source) throw new Error('ELEMENTS_VERSION not found in define-element.ts');
      return { contents: stamped, loader: 'ts' };
    });
  },
});

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

async function bundleEntries() {
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints: Object.fromEntries(ENTRIES.map((name) => [name, `src/entries/${name}.ts`])),
    outdir: join(outdir, 'entries'),
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    minify: true,
    // Module scripts are always decoded as UTF-8: Japanese, Chinese and Korean text ships as is,
    // not as \u escapes (which double its bytes before gzip).
    charset: 'utf8',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'linked',
    metafile: true,
    // Lit's legacy decorators: esbuild reads no `extends`, so the options are given here.
    tsconfigRaw: {
      compilerOptions: {
        experimentalDecorators: true,
        useDefineForClassFields: false,
        verbatimModuleSyntax: true,
      },
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: values['elements-version'] ? [stampVersion(values['elements-version'])] : [],
    logLevel: 'warning',
  });
  return result.metafile;
}

await rm(outdir, { recursive: true, force: true });
if (!values['bundles-only']) compileLibrary();
// After tsc, so that the bundles replace tsc's unbundled dist/entries/*.js.
const metafile = await bundleEntries();
if (!values['bundles-only']) {
  // tsc also emitted the entries' helper modules as JS; the bundles carry them, so drop that
  // JS (their .d.ts stay: the entries' declarations import them).
  const { readdir } = await import('node:fs/promises');
  const keep = new Set(ENTRIES.flatMap((name) => [`${name}.js`, `${name}.js.map`]));
  for (const file of await readdir(join(outdir, 'entries'), { withFileTypes: true }))
    if (file.isFile() && !file.name.endsWith('.d.ts') && !keep.has(file.name))
      await rm(join(outdir, 'entries', file.name));
}
const outputs = Object.keys(metafile.outputs).filter((path) => path.endsWith('.js'));
console.log(
  `@shomei/elements: ${outputs.length} bundle files in ${relative(process.cwd(), join(outdir, 'entries')) || '.'}` +
    (values['bundles-only']
      ? ''
      : `, library and types in ${relative(process.cwd(), outdir) || '.'}`),
);
