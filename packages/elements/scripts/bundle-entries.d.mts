import type { OutputChunk } from 'rollup';

/** The browser entries of @shomei/elements (`src/entries/<name>.ts`). */
export declare const ENTRIES: readonly ['login', 'account', 'order', 'all'];

/** Bundles one entry as the package ships it: the entry chunk first, then its lazy chunks. */
export declare function bundleEntry(
  name: (typeof ENTRIES)[number],
  options?: { readonly version?: string },
): Promise<OutputChunk[]>;
