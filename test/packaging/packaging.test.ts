/**
 * The published tarballs: every workspace package under packages/ is packed the way `npm publish`
 * packs it (`npm pack --json`, whose prepack builds the package and promotes publishConfig through
 * scripts/pack-manifest.mjs), and each tarball must carry the files its package.json names.
 *
 * The packing happens in a copy of the packages (node_modules linked to this workspace's), not in
 * place: prepack rewrites package.json for a moment and the builds empty dist/, and the test files
 * running beside this one resolve @shomei/* through those very package.json files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspaces } from '../support/pack.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BACKUP = 'package.json.prepack-backup';
/** Manifest fields that would be dead letters left in publishConfig (npm reads only config there). */
const MANIFEST_FIELDS = [
  'exports',
  'types',
  'typings',
  'main',
  'module',
  'bin',
  'browser',
  'imports',
];

type Manifest = Record<string, unknown> & { name: string };

/** The workspaces that are published: every one under packages/. */
const PACKAGES = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }
).workspaces.filter((workspace) => workspace.startsWith('packages/'));

interface Packed {
  readonly workspace: string;
  /** The workspace's package.json (in the copy) before packing, byte for byte. */
  readonly before: Buffer;
  /** The package.json inside the tarball. */
  readonly manifest: Manifest;
  /** The tarball's files, relative to its `package/` directory. */
  readonly files: readonly string[];
  readonly read: (path: string) => Buffer;
}

/** Every regular file of a .tgz, as paths without the leading `package/`. */
function tarballFiles(tgz: Buffer): { files: string[]; read: (path: string) => Buffer } {
  const tar = gunzipSync(tgz);
  const contents = new Map<string, Buffer>();
  let paxPath: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length;) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number): string =>
      header.toString('utf8', start, start + length).replace(/\0.*$/su, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    const prefix = field(345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    paxPath = undefined;
    if (type === 'x') paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/u.exec(body.toString('utf8'))?.[1];
    else if (type === '0' || type === '') contents.set(name.replace(/^package\//u, ''), body);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return {
    files: [...contents.keys()],
    read: (path) => {
      const file = contents.get(path);
      if (file === undefined) throw new Error(`${path} is not in the tarball`);
      return file;
    },
  };
}

/** Every string in an exports-like value, named by where it sits (all conditions). */
function targets(field: string, value: unknown): { field: string; path: string }[] {
  if (typeof value === 'string') return [{ field, path: value }];
  if (Array.isArray(value))
    return value.flatMap((item, index) => targets(`${field}[${index}]`, item));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => targets(`${field}.${key}`, item));
  return [];
}

/** The files a consumer of the manifest is pointed at. */
function namedPaths(manifest: Manifest): { field: string; path: string }[] {
  return ['exports', 'types', 'typings', 'main', 'module', 'bin', 'customElements'].flatMap(
    (field) => targets(field, manifest[field]),
  );
}

/** Whether a path (`./` optional; a `*` matches any string, as in exports patterns) names a file. */
function existsIn(files: readonly string[], path: string): boolean {
  const wanted = path.replace(/^\.\//u, '');
  const [prefix = '', suffix, ...rest] = wanted.split('*');
  if (suffix === undefined) return files.includes(wanted);
  if (rest.length > 0) throw new Error(`${path}: more than one * in an exports target`);
  return files.some(
    (file) =>
      file.length > prefix.length + suffix.length &&
      file.startsWith(prefix) &&
      file.endsWith(suffix),
  );
}

const temp = mkdtempSync(join(tmpdir(), 'shomei-packaging-'));
const copy = join(temp, 'workspace');
const packed = new Map<string, Packed>();

beforeAll(() => {
  copyWorkspaces(PACKAGES, copy);
  const before = new Map<string, Buffer>();
  for (const workspace of PACKAGES)
    before.set(workspace, readFileSync(join(copy, workspace, 'package.json')));

  const destination = join(temp, 'tarballs');
  mkdirSync(destination);
  const result = spawnSync(
    'npm',
    [
      'pack',
      ...PACKAGES.flatMap((workspace) => ['-w', workspace]),
      '--pack-destination',
      destination,
      '--json',
    ],
    {
      cwd: copy,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      shell: process.platform === 'win32',
    },
  );
  if (result.status !== 0)
    throw new Error(`npm pack failed (${result.status}):\n${result.stderr.slice(-6000)}`);
  // `--json` must print its JSON alone on stdout (prepack sends the build logs to stderr).
  const reports = JSON.parse(result.stdout) as { name: string; filename: string }[];
  for (const workspace of PACKAGES) {
    const name = (JSON.parse(before.get(workspace)?.toString('utf8') ?? '{}') as Manifest).name;
    const report = reports.find((entry) => entry.name === name);
    if (report === undefined) throw new Error(`npm pack reported no tarball for ${name}`);
    const tarball = tarballFiles(readFileSync(join(destination, report.filename)));
    packed.set(workspace, {
      workspace,
      before: before.get(workspace) ?? Buffer.alloc(0),
      manifest: JSON.parse(tarball.read('package.json').toString('utf8')) as Manifest,
      files: tarball.files,
      read: tarball.read,
    });
  }
}, 600_000);

afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('packs every package under packages/', () => {
    expect(PACKAGES.length).toBeGreaterThan(0);
    expect([...packed.keys()]).toEqual(PACKAGES);
  });

  it('every package tarball carries the files its exports name', () => {
    for (const { manifest, files } of packed.values()) {
      const missing = namedPaths(manifest).filter(({ path }) => !existsIn(files, path));
      expect(missing, `${manifest.name}: named in package.json, not in the tarball`).toEqual([]);
    }
  });

  it('no published export, types or bin points into src/', () => {
    for (const { manifest } of packed.values()) {
      const sources = namedPaths(manifest).filter(
        ({ path }) => /^(\.\/)?src\//u.test(path) || /(?<!\.d)\.ts$/u.test(path),
      );
      expect(
        sources,
        `${manifest.name} (did prepack run? npm skips it under --ignore-scripts)`,
      ).toEqual([]);
      expect(manifest.types, `${manifest.name}: types`).toMatch(/^\.\/dist\/.*\.d\.ts$/u);
    }
  });

  it('the tarball exports the same subpaths as the workspace, with publishConfig applied', () => {
    for (const { before, manifest } of packed.values()) {
      const workspace = JSON.parse(before.toString('utf8')) as Manifest;
      expect(Object.keys(manifest.exports as object).sort(), manifest.name).toEqual(
        Object.keys(workspace.exports as object).sort(),
      );
      // What is left in publishConfig is npm config (access, tag, registry, ...) for npm publish.
      const left = Object.keys((manifest.publishConfig as object | undefined) ?? {});
      expect(
        left.filter((key) => MANIFEST_FIELDS.includes(key)),
        `${manifest.name}: publishConfig`,
      ).toEqual([]);
    }
  });

  it('the server bins are Node scripts, and the staff CLI runs from the tarball', () => {
    const server = packed.get('packages/server');
    if (server === undefined) throw new Error('packages/server was not packed');
    const bin = (server.manifest.bin ?? {}) as Record<string, string>;
    expect(Object.keys(bin).sort()).toEqual(['shomei-server', 'shomei-staff']);
    for (const path of Object.values(bin))
      expect(server.read(path.replace(/^\.\//u, '')).toString('utf8'), path).toMatch(
        /^#!\/usr\/bin\/env node\n/u,
      );
    // The staff CLI needs nothing but Node's own modules: it runs from the unpacked tarball.
    const unpacked = join(temp, 'server-tarball');
    for (const file of server.files) {
      mkdirSync(dirname(join(unpacked, file)), { recursive: true });
      writeFileSync(join(unpacked, file), server.read(file));
    }
    const help = spawnSync(
      process.execPath,
      [join(unpacked, bin['shomei-staff'] ?? ''), '--help'],
      {
        encoding: 'utf8',
      },
    );
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: staff <command>');
  });

  it('packing leaves every workspace package.json as it was', () => {
    for (const { workspace, before } of packed.values()) {
      expect(readFileSync(join(copy, workspace, 'package.json')).equals(before), workspace).toBe(
        true,
      );
      expect(existsSync(join(copy, workspace, BACKUP)), `${workspace}/${BACKUP}`).toBe(false);
    }
    // A backup left in this workspace means a pack here did not finish and package.json still
    // points at dist/: `node scripts/pack-manifest.mjs restore packages/<name>` puts it back.
    for (const workspace of PACKAGES)
      expect(existsSync(join(root, workspace, BACKUP)), `${workspace}/${BACKUP}`).toBe(false);
  });
});
