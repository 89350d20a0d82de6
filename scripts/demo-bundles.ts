/**
 * The element entries `npm start` serves, built as a university would deploy them: the shipped
 * bundles (`bundleEntry()`, minified), each file with an external source map and precompressed
 * `.br` and `.gz` copies next to it. Built once per state of the inputs into
 * node_modules/.cache/shomei-demo/<key>/, so a second start reuses them and any change to the
 * sources, the bundling or the lockfile builds anew.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutputChunk } from 'rollup';
import { bundleEntry } from '../packages/elements/scripts/bundle-entries.mjs';
import { compress, type PageEntry } from './size/page-bytes.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(root, 'node_modules/.cache/shomei-demo');

/** The entries the demo's pages load: /login the login entry, /certificates every element. */
export const DEMO_ENTRIES: readonly PageEntry[] = ['login', 'all'];

/** Written last: a directory without it is a build that did not finish. */
const COMPLETE = '.complete';

const INPUTS = [
  'packages/core/src',
  'packages/sdk/src',
  'packages/elements/src',
  'packages/elements/scripts/bundle-entries.mjs',
  'package-lock.json',
  // How the files are built and compressed.
  'scripts/demo-bundles.ts',
  'scripts/size/page-bytes.ts',
];

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => null);
  if (entries === null) return [path];
  const nested = await Promise.all(entries.map((entry) => filesUnder(join(path, entry.name))));
  return nested.flat();
}

async function inputsKey(): Promise<string> {
  const files = (await Promise.all(INPUTS.map((input) => filesUnder(join(root, input)))))
    .flat()
    .sort();
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(`${relative(root, file)}\0`)
      .update(await readFile(file))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

async function writeChunk(dir: string, chunk: OutputChunk, written: Map<string, string>) {
  // Two entries may share a chunk (a translation): the same name is the same content.
  const previous = written.get(chunk.fileName);
  if (previous !== undefined) {
    if (previous !== chunk.code) throw new Error(`${chunk.fileName} differs between entries`);
    return;
  }
  written.set(chunk.fileName, chunk.code);
  if (chunk.map === null || chunk.sourcemapFileName === null)
    throw new Error(`${chunk.fileName} has no source map`);
  if (
    !chunk.code
      .trimEnd()
      .endsWith(`//# sourceMappingURL=${chunk.sourcemapFileName.split('/').pop()}`)
  )
    throw new Error(`${chunk.fileName} does not name its source map`);
  const path = join(dir, chunk.fileName);
  const { gzip, br } = compress(chunk.code);
  await mkdir(dirname(path), { recursive: true });
  await Promise.all([
    writeFile(path, chunk.code),
    writeFile(`${path}.gz`, gzip),
    writeFile(`${path}.br`, br),
    writeFile(join(dir, chunk.sourcemapFileName), chunk.map.toString()),
  ]);
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Takes the lock on building `dir` (a directory made atomically, holding the builder's pid), or
 * waits while another live process holds it; false when that process finished the build.
 */
async function lockBuild(dir: string): Promise<boolean> {
  const lock = `${dir}.lock`;
  await mkdir(dirname(lock), { recursive: true });
  for (;;) {
    if (existsSync(join(dir, COMPLETE))) return false;
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), String(process.pid));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
    // A lock without a pid is one being taken this instant; its holder writes the pid next.
    if (pid > 0 && !isAlive(pid)) await rm(lock, { recursive: true, force: true });
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface DemoBundles {
  /** The directory to serve: `login.js`, `all.js`, `chunks/`, each with `.map`, `.br`, `.gz`. */
  readonly dir: string;
  /** False when an earlier start had built them from the same inputs. */
  readonly built: boolean;
}

/** Builds the demo's entries, or finds them built. */
export async function demoBundles(): Promise<DemoBundles> {
  const key = await inputsKey();
  const dir = join(cacheDir, key);
  if (existsSync(join(dir, COMPLETE))) return { dir, built: false };

  // Two starts at once (the end-to-end suites run two servers): one builds, the other waits.
  if (!(await lockBuild(dir))) return { dir, built: false };
  try {
    const building = `${dir}.tmp`;
    await rm(building, { recursive: true, force: true });
    const written = new Map<string, string>();
    for (const entry of DEMO_ENTRIES) {
      const chunks = await bundleEntry(entry, { dir: building });
      for (const chunk of chunks) await writeChunk(building, chunk, written);
    }
    await writeFile(join(building, COMPLETE), '');
    await rename(building, dir);
  } finally {
    await rm(`${dir}.lock`, { recursive: true, force: true });
  }
  // Finished builds of earlier inputs are never served again (one being built is left alone).
  for (const other of await readdir(cacheDir))
    if (/^[0-9a-f]+$/u.test(other) && other !== key && !existsSync(join(cacheDir, `${other}.lock`)))
      await rm(join(cacheDir, other), { recursive: true, force: true });
  return { dir, built: true };
}
