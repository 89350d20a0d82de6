// The browser bundles of @shomei/elements (dist/entries/*.js), shared by scripts/build.mjs,
// the size budget (scripts/size.ts) and the load benchmark (scripts/bench.ts), so all three
// measure what ships.
//
// Rollup, one build per entry (docs/decisions/0012): the entry file is a facade over one
// hashed chunk with everything the page needs before first render, and each lazy chunk
// (screens, the SDK's checks, translations) imports what it shares from that chunk. So a page
// fetches the entry and its one core chunk, then the screens, the checks and the first API
// answer in parallel. (esbuild, used before, spreads shared code over many small chunks the
// entry must fetch first: 13 files for login.) The facade costs one round trip but lets a page
// load the entry under any URL (`login.js?v=2`): chunks never import the entry itself.
// TypeScript, decorators, `process.env.NODE_ENV` and minification go through esbuild's
// transform API; `charset: 'utf8'` keeps Japanese, Chinese and Korean text as it is (module
// scripts are always decoded as UTF-8).
import { dirname, join, sep } from 'node:path';
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

/** The SDK's checks (zod and the schemas), loaded by every client as soon as it is created. */
const CHECKS_MODULE = /[\\/]sdk[\\/]src[\\/]validation\.ts$/u;

/** A translation module: `generated/locales/<locale>/<area>[/screens].ts`. */
const TRANSLATION = /[\\/]generated[\\/]locales[\\/](.+)\.ts$/u;

const inDependency = (id) => id.includes(`${sep}node_modules${sep}`);

/**
 * The second pass's `manualChunks`, from the chunks rollup made by itself: the same chunks,
 * except that the checks' chunk also gets every chunk our lazy chunks share (error texts, rules,
 * what a flow and the checks both use).
 *
 * Why: rollup puts code that two lazy chunks share into a small chunk of its own, which the
 * browser finds only after fetching a chunk that imports it: one round trip more before a
 * screen, on every page. The client asks for its checks when it is created, before any element
 * asks for its screens, so by the time a screens chunk imports `checks` it is loaded or on its
 * way. Nothing is added to the first load. Every other chunk keeps its modules under a name of
 * its own, because rollup adds a manual chunk's static dependencies (through re-exports too) to
 * it unless they belong to another manual chunk.
 * @param {import('rollup').OutputChunk[]} chunks the entry chunk first
 * @returns {Map<string, string> | undefined} module id → chunk name; undefined: nothing to do
 */
function checksPlan(chunks) {
  const entry = chunks[0];
  const checks = chunks.find((chunk) => CHECKS_MODULE.test(chunk.facadeModuleId ?? ''));
  if (entry === undefined || checks === undefined) return undefined;
  const first = reachableChunks(chunks, entry.fileName, { lazy: false });
  // Our code's lazy chunks; not the translations, which must never wait for the checks.
  const ours = chunks.filter(
    (chunk) =>
      chunk.facadeModuleId !== null &&
      !inDependency(chunk.facadeModuleId) &&
      !TRANSLATION.test(chunk.facadeModuleId),
  );
  const shared = new Set(
    chunks.filter(
      (chunk) =>
        !first.has(chunk.fileName) &&
        !chunk.isDynamicEntry &&
        ours.some((importer) => importer.imports.includes(chunk.fileName)),
    ),
  );
  if (shared.size === 0) return undefined;
  const plan = new Map();
  const names = new Map();
  for (const chunk of chunks) {
    if (chunk === entry && chunk.facadeModuleId !== null && Object.keys(chunk.modules).length === 0)
      continue;
    let name = 'checks';
    if (chunk !== checks && !shared.has(chunk)) {
      // Unique: two locales' `screens.ts` would otherwise become one chunk.
      const translation = TRANSLATION.exec(chunk.facadeModuleId ?? '')?.[1];
      name = translation?.replaceAll(/[\\/]/gu, '-') ?? chunk.name;
      const count = (names.get(name) ?? 0) + 1;
      names.set(name, count);
      if (count > 1) name = `${name}${count}`;
    }
    for (const id of Object.keys(chunk.modules)) plan.set(id, name);
  }
  return plan;
}

/**
 * Bundles one entry (`src/entries/<name>.ts`) into memory.
 * @param {string} name one of ENTRIES
 * @param {{ version?: string, dir?: string }} [options] `dir`: where the files will be written
 *   (source maps are relative to it; default dist/entries)
 * @returns {Promise<import('rollup').OutputChunk[]>} the entry chunk first, then its lazy chunks
 */
export async function bundleEntry(name, options = {}) {
  const dir = options.dir ?? join(packageDir, 'dist/entries');
  const bundle = await rollup({
    input: { [name]: join(packageDir, `src/entries/${name}.ts`) },
    // The entry file is a facade over one hashed chunk with all the code first render needs;
    // lazy chunks import from that chunk, never from the entry. So the entry may be loaded
    // under any URL (`login.js?v=2`, a redirect): the code still runs once.
    preserveEntrySignatures: 'strict',
    plugins: [
      browserUnused(),
      nodeResolve({
        browser: true,
        extensions: ['.ts', '.mjs', '.js', '.json'],
        exportConditions: ['browser', 'import', 'default'],
      }),
      typescript(options.version),
    ],
    onwarn(warning, warn) {
      if (QUIET_WARNINGS.has(warning.code ?? '')) return;
      warn(warning);
    },
  });
  try {
    /** @type {import('rollup').OutputOptions} */
    const outputOptions = {
      format: 'esm',
      // Where the files will be: source maps name their sources relative to it.
      dir,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: true,
    };
    const chunksOf = (/** @type {import('rollup').RollupOutput} */ { output }) =>
      output
        .filter((item) => item.type === 'chunk')
        .sort((a, b) => Number(b.isEntry) - Number(a.isEntry));
    // Rollup's own chunks first; then the same with the lazy chunks' shared code in `checks`.
    const plain = chunksOf(await bundle.generate(outputOptions));
    const plan = checksPlan(plain);
    if (plan === undefined) return plain;
    return chunksOf(
      await bundle.generate({ ...outputOptions, manualChunks: (id) => plan.get(id) ?? null }),
    );
  } finally {
    await bundle.close();
  }
}
