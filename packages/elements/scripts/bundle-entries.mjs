// The browser bundles of @shomei/elements (dist/entries/*.js), shared by scripts/build.mjs,
// the size budget (scripts/size.ts) and the load benchmark (scripts/bench.ts), so all three
// measure what ships.
//
// One file per entry (docs/decisions/0016): rollup, one build per entry, everything a page runs
// in the entry file itself, the SDK's checks included; the only lazy chunks are the translations
// (per locale and area, fetched when a student picks a language) and the postal-code data
// (fetched when one types a postal code), and they import nothing from the entry. So a page
// fetches one script before its form, and may load it under any URL (`login.js?v=2`).
// TypeScript, decorators, `process.env.NODE_ENV` and minification go through esbuild's
// transform API; `charset: 'utf8'` keeps Japanese, Chinese and Korean text as it is (module
// scripts are always decoded as UTF-8).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { transform } from 'esbuild';
import { rollup } from 'rollup';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export const ENTRIES = ['login', 'account', 'order', 'all'];

/**
 * Expected and harmless: `this` at module level, circular re-exports in the libraries, and
 * zod's `#__PURE__` comments in places Rollup does not read them (it drops them).
 */
const QUIET_WARNINGS = new Set(['THIS_IS_UNDEFINED', 'CIRCULAR_DEPENDENCY', 'INVALID_ANNOTATION']);

/*
 * @holiday-jp/holiday_jp is CommonJS and reachable from @shomei/core's barrel, but no browser
 * entry uses it (the service computes business days and sends `pickupReadyAt`); esbuild
 * tree-shook it silently. Here it resolves to an empty module, and the build fails if that
 * module ever ends up in an output: then the browser would really need it.
 */
const BROWSER_UNUSED = new Set(['@holiday-jp/holiday_jp']);
const UNUSED_PREFIX = '\0shomei-browser-unused:';

/** @returns {import('rollup').Plugin} */
function browserUnused() {
  return {
    name: 'shomei-browser-unused',
    resolveId: (source) => (BROWSER_UNUSED.has(source) ? UNUSED_PREFIX + source : null),
    load: (id) => (id.startsWith(UNUSED_PREFIX) ? 'export default undefined;' : null),
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const [id, module] of Object.entries(output.modules))
          if (id.startsWith(UNUSED_PREFIX) && module.renderedLength > 0)
            this.error(`${id.slice(UNUSED_PREFIX.length)} is used by ${output.fileName}`);
      }
    },
  };
}

/** Lit's legacy decorators; esbuild reads no tsconfig `extends`, so they are given here. */
export const TS_COMPILER_OPTIONS = {
  experimentalDecorators: true,
  useDefineForClassFields: false,
  verbatimModuleSyntax: true,
};

/**
 * The file names of `entry` and the chunks it imports statically, transitively; with `lazy`, also
 * those it loads with `import()`, except where `skip(chunk)` says so (translations, postal data).
 * @param {import('rollup').OutputChunk[]} chunks
 * @param {string} entry
 * @param {{ lazy: boolean, skip?: (chunk: import('rollup').OutputChunk) => boolean }} options
 * @returns {Set<string>}
 */
export function reachableChunks(chunks, entry, { lazy, skip = () => false }) {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const seen = new Set();
  const visit = (fileName) => {
    const chunk = byName.get(fileName);
    if (chunk === undefined || seen.has(fileName)) return;
    seen.add(fileName);
    for (const imported of chunk.imports) visit(imported);
    if (lazy)
      for (const imported of chunk.dynamicImports) {
        const target = byName.get(imported);
        if (target !== undefined && !skip(target)) visit(imported);
      }
  };
  visit(entry);
  return seen;
}

/**
 * TypeScript with Lit's legacy decorators in, minified ES2022 out.
 * @param {string | undefined} version stamped into ELEMENTS_VERSION (test builds of "another
 *   version" only)
 * @returns {import('rollup').Plugin}
 */
function typescript(version) {
  return {
    name: 'shomei-typescript',
    async transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      let source = code;
      if (version !== undefined && /[\\/]internal[\\/]define-element\.ts$/u.test(id)) {
        source = code.replace(
          /export const ELEMENTS_VERSION = '[^']*';/u,
          `export const ELEMENTS_VERSION = ${JSON.stringify(version)};`,
        );
        if (source === code) this.error('ELEMENTS_VERSION not found in define-element.ts');
      }
      const result = await transform(source, {
        loader: 'ts',
        target: 'es2022',
        sourcefile: id,
        sourcemap: true,
        tsconfigRaw: { compilerOptions: TS_COMPILER_OPTIONS },
        define: { 'process.env.NODE_ENV': '"production"' },
      });
      return { code: result.code, map: result.map };
    },
    async renderChunk(code) {
      const result = await transform(code, {
        minify: true,
        format: 'esm',
        target: 'es2022',
        charset: 'utf8',
        sourcemap: true,
      });
      return { code: result.code, map: result.map };
    },
  };
}

/** The SDK's checks: `client.ts` loads them with `import('./validation.js')`. */
const CLIENT_MODULE = /[\\/]sdk[\\/]src[\\/]client\.ts$/u;
const CHECKS_IMPORT = "import('./validation.js')";

/**
 * The SDK's checks (zod and the schemas) in the entry file itself: `import('./validation.js')`
 * in `client.ts` becomes a static import handed over through the same promise. A Node script
 * or a bundler user of the SDK keeps the lazy module; a page that embeds an entry needs the
 * checks before its first answer is read, and one file is there one round trip sooner
 * (docs/decisions/0016).
 * @returns {import('rollup').Plugin}
 */
function checksInline() {
  return {
    name: 'shomei-checks-inline',
    transform(code, id) {
      if (!CLIENT_MODULE.test(id)) return null;
      const count = code.split(CHECKS_IMPORT).length - 1;
      if (count !== 1) this.error(`client.ts: expected one ${CHECKS_IMPORT}, found ${count}`);
      return {
        code:
          "import * as __shomeiChecks from './validation.js';\n" +
          code.replace(CHECKS_IMPORT, 'Promise.resolve(__shomeiChecks)'),
        map: null,
      };
    },
  };
}

/**
 * One file per entry means that no lazy chunk imports from the entry: else rollup turns the
 * entry into a facade over a shared chunk (one round trip more), and a page that loads the entry
 * under another URL (`login.js?v=2`) would run the code twice. Translations and the postal data
 * are the only lazy chunks; they import nothing but each other.
 * @param {import('rollup').OutputChunk[]} chunks the entry chunk first
 */
function assertOneFile(chunks) {
  const [entry, ...lazy] = chunks;
  if (entry === undefined) throw new Error('rollup produced no entry chunk');
  if (entry.imports.length > 0)
    throw new Error(`${entry.fileName} imports ${entry.imports.join(', ')}: not one file`);
  for (const chunk of lazy)
    if (chunk.imports.includes(entry.fileName))
      throw new Error(
        `${chunk.fileName} imports the entry ${entry.fileName}: a lazy chunk must not share ` +
          'code with it (one file per entry, docs/decisions/0016)',
      );
}

/**
 * Bundles one entry (`src/entries/<name>.ts`) into memory.
 * @param {string} name one of ENTRIES
 * @param {{ version?: string, dir?: string, checksApart?: boolean }} [options] `dir`: where the
 *   files will be written (source maps are relative to it; default dist/entries). `checksApart`:
 *   keep the SDK's checks a lazy chunk, as a bundler user's build does (the entry becomes a
 *   facade over a shared chunk); only `npm run bench` builds it, to compare.
 * @returns {Promise<import('rollup').OutputChunk[]>} the entry chunk first, then its lazy chunks
 */
export async function bundleEntry(name, options = {}) {
  const dir = options.dir ?? join(packageDir, 'dist/entries');
  const bundle = await rollup({
    input: { [name]: join(packageDir, `src/entries/${name}.ts`) },
    preserveEntrySignatures: 'strict',
    plugins: [
      browserUnused(),
      nodeResolve({
        browser: true,
        extensions: ['.ts', '.mjs', '.js', '.json'],
        exportConditions: ['browser', 'import', 'default'],
      }),
      ...(options.checksApart ? [] : [checksInline()]),
      typescript(options.version),
    ],
    onwarn(warning, warn) {
      if (QUIET_WARNINGS.has(warning.code ?? '')) return;
      warn(warning);
    },
  });
  try {
    const { output } = await bundle.generate({
      format: 'esm',
      // Where the files will be: source maps name their sources relative to it.
      dir,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: true,
    });
    const chunks = output
      .filter((item) => item.type === 'chunk')
      .sort((a, b) => Number(b.isEntry) - Number(a.isEntry));
    if (!options.checksApart) assertOneFile(chunks);
    return chunks;
  } finally {
    await bundle.close();
  }
}
