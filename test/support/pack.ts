/**
 * Packing the workspace packages as `npm pack -w packages/<name>` packs them (prepack builds and
 * promotes publishConfig: scripts/pack-manifest.mjs), in a copy of the packages whose
 * node_modules is this workspace's: prepack rewrites package.json for a moment and the builds
 * empty dist/, which the test files running beside this one must not see. Used by
 * test/packaging and test/deploy.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What the server's tarball needs besides itself: the workspace packages it depends on. */
export const SERVER_WORKSPACES = [
  'packages/core',
  'packages/sdk',
  'packages/service',
  'packages/server',
] as const;

/** Runs a command to its end; rejects with the tail of its output when it fails. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(
            new Error(
              `${command} ${args.join(' ')} failed (${code ?? signal}):\n${stderr.slice(-6000)}\n${stdout.slice(-2000)}`,
            ),
          ),
    );
  });
}

/**
 * A workspace root at `copy` holding copies of `workspaces` (without node_modules and dist),
 * whose node_modules is this workspace's: where `npm pack` may rewrite package.json and empty
 * dist/ without the test files running beside it seeing either.
 */
export function copyWorkspaces(workspaces: readonly string[], copy: string): void {
  mkdirSync(join(copy, 'scripts'), { recursive: true });
  writeFileSync(
    join(copy, 'package.json'),
    `${JSON.stringify({ name: 'shomei-pack-copy', private: true, type: 'module', workspaces }, null, 2)}\n`,
  );
  cpSync(join(root, 'tsconfig.base.json'), join(copy, 'tsconfig.base.json'));
  cpSync(join(root, 'scripts/pack-manifest.mjs'), join(copy, 'scripts/pack-manifest.mjs'));
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'junction');
  for (const workspace of workspaces)
    cpSync(join(root, workspace), join(copy, workspace), {
      recursive: true,
      filter: (source) => !['node_modules', 'dist'].includes(basename(source)),
    });
}

/** Packs `workspaces` into `destination`; answers the tarballs' file names, in that order. */
export async function packWorkspaces(
  workspaces: readonly string[],
  destination: string,
): Promise<string[]> {
  const copy = mkdtempSync(join(tmpdir(), 'shomei-deploy-pack-'));
  try {
    copyWorkspaces(workspaces, copy);
    const { stdout } = await run(
      'npm',
      [
        'pack',
        ...workspaces.flatMap((workspace) => ['-w', workspace]),
        '--pack-destination',
        destination,
        '--json',
      ],
      { cwd: copy },
    );
    const reports = JSON.parse(stdout) as { name: string; filename: string }[];
    return workspaces.map((workspace) => {
      const { name } = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as {
        name: string;
      };
      const report = reports.find((entry) => entry.name === name);
      if (report === undefined) throw new Error(`npm pack reported no tarball for ${name}`);
      return report.filename;
    });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
