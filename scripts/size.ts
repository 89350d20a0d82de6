/**
 * Bundle-size budget (npm run size).
 *
 * Each entry is bundled the way a host page would receive it (esbuild: bundle, minify, ESM,
 * browser platform, ES2022, tree shaking), then measured raw and after gzip -9. The budget
 * applies to the gzip size. Nothing is written to disk; the report goes to stdout, and the exit
 * code is 1 when an entry is missing, fails to build, or is over its budget.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

interface SizeEntry {
  /** Short name for the report. */
  readonly name: string;
  /** Entry module, relative to the repository root. */
  readonly entry: string;
  /** Most bytes allowed after gzip -9. */
  readonly budgetBytes: number;
}

/** Later issues add the login widget, the full elements bundle and one entry per locale. */
const ENTRIES: readonly SizeEntry[] = [
  // The client with the whole contract: what a page needs to talk to the service.
  { name: 'sdk client', entry: 'packages/sdk/src/client.ts', budgetBytes: 17 * 1024 },
  // Everything the SDK exports, flows included. Why not 15 kB: docs/decisions/0005.
  { name: 'sdk', entry: 'packages/sdk/src/index.ts', budgetBytes: 26 * 1024 },
  // Issue 4: when packages/elements/src/define/shomei-login.ts exists, add the login widget
  // (lit + SDK + <shomei-login> + ja), 28 kB:
  // { name: 'login', entry: 'packages/elements/src/define/shomei-login.ts', budgetBytes: 28 * 1024 },
  // It is not listed yet because a missing entry fails `npm run size`.
];

/** How many input modules to list per entry, biggest first. */
const TOP_INPUTS = 8;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

type Measurement =
  | { readonly status: 'missing' }
  | { readonly status: 'error'; readonly message: string }
  | {
      readonly status: 'ok' | 'over';
      readonly minified: number;
      readonly gzip: number;
      readonly inputs: readonly { readonly path: string; readonly bytes: number }[];
    };

async function measure(entry: SizeEntry): Promise<Measurement> {
  if (!existsSync(join(root, entry.entry))) return { status: 'missing' };
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [entry.entry],
      bundle: true,
      minify: true,
      treeShaking: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      define: { 'process.env.NODE_ENV': '"production"' },
      // An output directory only names the in-memory result; with write: false nothing is written.
      outdir: 'size-report',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const output = result.outputFiles.find((file) => file.path.endsWith('.js'));
    if (output === undefined) return { status: 'error', message: 'esbuild produced no .js output' };
    const minified = output.contents.byteLength;
    const gzip = gzipSync(output.contents, { level: 9 }).byteLength;
    return {
      status: gzip > entry.budgetBytes ? 'over' : 'ok',
      minified,
      gzip,
      inputs: topInputs(result.metafile, relative(root, output.path)),
    };
  } catch (error: unknown) {
    return { status: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

function topInputs(metafile: Metafile, outputPath: string) {
  const output =
    metafile.outputs[outputPath] ??
    Object.entries(metafile.outputs).find(([path]) => path.endsWith('.js'))?.[1];
  if (output === undefined) return [];
  return Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
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

const rows: string[][] = [['entry', 'minified', 'gzip -9', 'budget', 'status']];
for (const { entry, measurement } of measurements) {
  const budget = formatBytes(entry.budgetBytes);
  if (measurement.status === 'missing' || measurement.status === 'error') {
    rows.push([entry.name, '-', '-', budget, measurement.status]);
  } else {
    rows.push([
      entry.name,
      formatBytes(measurement.minified),
      formatBytes(measurement.gzip),
      budget,
      measurement.status === 'over'
        ? `OVER by ${formatBytes(measurement.gzip - entry.budgetBytes)}`
        : 'ok',
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
    case 'over': {
      console.log(`  top ${TOP_INPUTS} input modules by minified bytes in the output:`);
      for (const { path, bytes } of measurement.inputs) {
        const share = ((bytes / measurement.minified) * 100).toFixed(1).padStart(5);
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

if (measurements.some(({ measurement }) => measurement.status !== 'ok')) process.exitCode = 1;
