import type { OutputChunk } from 'rollup';

/** The browser entries of @shomei/elements (`src/entries/<name>.ts`). */
export declare const ENTRIES: readonly ['login', 'account', 'order', 'all'];

/**
 * Bundles one entry as the package ships it (one file; translations and postal data apart): the
 * entry chunk first, then its lazy chunks. `checksApart` keeps the SDK's checks a lazy chunk
 * behind a facade entry, for the benchmark's comparison only.
 */
export declare function bundleEntry(
  name: (typeof ENTRIES)[number],
  options?: { readonly version?: string; readonly dir?: string; readonly checksApart?: boolean },
): Promise<OutputChunk[]>;

/** Lit's legacy decorators, as esbuild's `tsconfigRaw.compilerOptions`. */
export declare const TS_COMPILER_OPTIONS: {
  readonly experimentalDecorators: true;
  readonly useDefineForClassFields: false;
  readonly verbatimModuleSyntax: true;
};

/** `entry` and the chunks it imports statically; with `lazy`, also its `import()`s but `skip`. */
export declare function reachableChunks(
  chunks: readonly OutputChunk[],
  entry: string,
  options: { readonly lazy: boolean; readonly skip?: (chunk: OutputChunk) => boolean },
): Set<string>;
