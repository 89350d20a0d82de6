// @ts-check
/**
 * The published package.json of a workspace package, for npm pack / npm publish.
 *
 * In the workspace each package's `exports` and `types` point at its TypeScript sources, so the
 * packages run without a build; the published shape is written in `publishConfig`. pnpm and
 * yarn promote those fields when they pack; npm does not (it reads only config keys such as
 * `access` from publishConfig). So every package runs, from its own directory:
 *
 *   "prepack":  "npm run build >&2 && node ../../scripts/pack-manifest.mjs prepack"
 *   "postpack": "node ../../scripts/pack-manifest.mjs postpack"
 *
 * (The build logs go to stderr: npm runs prepack in the foreground, and `npm pack --json` must
 * print nothing but its JSON on stdout.)
 *
 * - `prepack` copies package.json to package.json.prepack-backup (byte for byte), then rewrites
 *   package.json with the manifest fields of publishConfig promoted to the top level (and removed
 *   from publishConfig), after checking that every file they name exists and none is in src/.
 *   npm packs package.json from disk after prepack, so the tarball carries the rewritten one.
 * - `postpack` (and `restore`, to run by hand) moves the backup back over package.json.
 *
 * While the backup exists, package.json may be the rewritten one and the backup is the original.
 * npm skips postpack when packing fails after prepack (and a killed process skips it too), so
 * `prepack` first restores a backup left behind, and `restore` does it by hand. A check failing
 * in prepack leaves package.json untouched.
 */
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BACKUP_NAME = 'package.json.prepack-backup';

/**
 * The manifest fields pnpm promotes from publishConfig (its PUBLISH_CONFIG_WHITELIST). The other
 * keys of publishConfig (access, registry, tag, provenance, ...) are npm config and stay there.
 */
export const PROMOTED_FIELDS = [
  'bin',
  'type',
  'imports',
  'main',
  'module',
  'typings',
  'types',
  'exports',
  'browser',
  'esnext',
  'es2015',
  'unpkg',
  'umd:main',
  'os',
  'cpu',
  'libc',
  'typesVersions',
];

/**
 * The manifest as published: publishConfig's manifest fields replace the top-level ones (in
 * their place; new ones are appended) and leave publishConfig. The input is not modified.
 * @param {Record<string, unknown>} manifest
 * @returns {Record<string, unknown>}
 */
export function publishedManifest(manifest) {
  const publishConfig = manifest.publishConfig;
  if (publishConfig === null || typeof publishConfig !== 'object' || Array.isArray(publishConfig))
    return { ...manifest };
  const config = /** @type {Record<string, unknown>} */ ({ ...publishConfig });
  const published = { ...manifest };
  for (const field of PROMOTED_FIELDS) {
    if (!(field in config)) continue;
    published[field] = config[field];
    delete config[field];
  }
  if (Object.keys(config).length === 0) delete published.publishConfig;
  else published.publishConfig = config;
  return published;
}

/**
 * Every file path a manifest names for consumers: all conditions of `exports` (and `imports`),
 * `types`/`typings`, `main`, `module`, `browser` (string form), `bin` and `customElements`.
 * @param {Record<string, unknown>} manifest
 * @returns {{ field: string, path: string }[]}
 */
export function manifestPaths(manifest) {
  /** @type {{ field: string, path: string }[]} */
  const paths = [];
  /** @param {string} field @param {unknown} value @param {{ field: string, path: string }[]} into */
  const collect = (field, value, into = paths) => {
    if (typeof value === 'string') into.push({ field, path: value });
    else if (Array.isArray(value))
      value.forEach((item, index) => collect(`${field}[${index}]`, item, into));
    else if (value !== null && typeof value === 'object')
      for (const [key, item] of Object.entries(value))
        collect(`${field}[${JSON.stringify(key)}]`, item, into);
  };
  collect('exports', manifest.exports);
  for (const field of ['types', 'typings', 'main', 'module', 'bin', 'customElements'])
    collect(field, manifest[field]);
  if (typeof manifest.browser === 'string') collect('browser', manifest.browser);
  // `imports` may map to packages (`"#x": "some-dep"`); only its relative targets are files.
  /** @type {{ field: string, path: string }[]} */
  const imports = [];
  collect('imports', manifest.imports, imports);
  paths.push(...imports.filter(({ path }) => path.startsWith('./')));
  return paths;
}

/**
 * Whether `path` (relative to the package, `./` optional) names a file in `files` (package
 * relative, posix). A `*` (exports patterns) matches any string, `/` included, as in Node.
 * @param {string} path
 * @param {readonly string[]} files
 */
export function matchesAFile(path, files) {
  const normalized = posix.normalize(path).replace(/^\.\//u, '');
  const star = normalized.indexOf('*');
  if (star === -1) return files.includes(normalized);
  const prefix = normalized.slice(0, star);
  const suffix = normalized.slice(star + 1);
  return files.some(
    (file) =>
      file.length > prefix.length + suffix.length &&
      file.startsWith(prefix) &&
      file.endsWith(suffix),
  );
}

/** @param {string} directory @returns {string[]} every file below, posix and relative to it */
function filesBelow(directory) {
  /** @type {string[]} */
  const files = [];
  /** @param {string} current */
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(directory, path).split('\\').join('/'));
    }
  };
  walk(directory);
  return files;
}

/**
 * What is wrong with a published manifest in `packageDir`: paths into src/ and paths naming no
 * file (build first). Empty when it can be packed.
 * @param {Record<string, unknown>} manifest
 * @param {string} packageDir
 */
export function publishProblems(manifest, packageDir) {
  const files = filesBelow(packageDir);
  /** @type {string[]} */
  const problems = [];
  for (const { field, path } of manifestPaths(manifest)) {
    if (/^(\.\/)?src\//u.test(path)) problems.push(`${field}: ${path} is a source file`);
    else if (!matchesAFile(path, files)) problems.push(`${field}: ${path} does not exist`);
  }
  return problems;
}

/** @param {string} path @param {string | Buffer} data */
function writeAtomically(path, data) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/**
 * Puts the backup back over package.json. Returns whether there was one.
 * @param {string} packageDir
 */
export function restore(packageDir) {
  const backup = join(packageDir, BACKUP_NAME);
  if (!existsSync(backup)) return false;
  renameSync(backup, join(packageDir, 'package.json'));
  return true;
}

/**
 * Backs package.json up and writes the published manifest in its place.
 * @param {string} packageDir
 */
export function prepack(packageDir) {
  const file = join(packageDir, 'package.json');
  if (restore(packageDir))
    console.warn(
      `pack-manifest: restored package.json from ${BACKUP_NAME}, left by a pack that did not finish`,
    );
  const original = readFileSync(file);
  const manifest = JSON.parse(original.toString('utf8'));
  const published = publishedManifest(manifest);
  const problems = publishProblems(published, packageDir);
  if (problems.length > 0)
    throw new Error(
      `${manifest.name}: cannot pack, the published manifest names missing or source files ` +
        `(is the build complete?):\n  ${problems.join('\n  ')}`,
    );
  writeAtomically(join(packageDir, BACKUP_NAME), original);
  try {
    writeAtomically(file, `${JSON.stringify(published, null, 2)}\n`);
  } catch (error) {
    restore(packageDir);
    throw error;
  }
}

const USAGE = `Usage: node scripts/pack-manifest.mjs <prepack|postpack|restore> [packageDir]
  prepack   back package.json up and promote publishConfig's manifest fields (npm prepack)
  postpack  put the backed-up package.json back (npm postpack)
  restore   the same, by hand, after a pack or publish that did not finish
packageDir defaults to the current directory (npm runs lifecycle scripts in the package).`;

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, directory = '.'] = process.argv.slice(2);
  const packageDir = resolve(directory);
  try {
    if (command === 'prepack') prepack(packageDir);
    else if (command === 'postpack' || command === 'restore') {
      if (!restore(packageDir) && command === 'restore')
        console.log(`pack-manifest: no ${BACKUP_NAME} in ${packageDir}, nothing to restore`);
    } else {
      console.error(USAGE);
      process.exitCode = 2;
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
