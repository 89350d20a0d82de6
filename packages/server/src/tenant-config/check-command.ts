/**
 * X6: `shomei-server check-config FILE...`: the checks of a start, without starting. Prints
 * every problem of every file as `file: path: message` (stderr) and returns the exit code:
 * 0 when every file is good, 1 when one is not, 2 for a wrong command line.
 */
import { formatProblem } from './errors.js';
import { checkTenantFiles } from './load.js';

export interface CheckConfigIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Where `staffTokenHashEnv` is looked up; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

export function runCheckConfig(files: readonly string[], io: CheckConfigIo): number {
  if (files.length === 0) {
    io.stderr('usage: shomei-server check-config FILE...\n');
    return 2;
  }
  const { tenants, problems } = checkTenantFiles(files, {
    env: io.env ?? process.env,
    // Only the loader's default for files without passwordHashIterations; not checked here.
    passwordHashIterations: 600_000,
  });
  for (const problem of problems) io.stderr(`${formatProblem(problem)}\n`);
  for (const { file, tenant } of tenants)
    io.stdout(
      `${file}: ok (tenant "${tenant.settings.tenantId}", ${tenant.settings.catalog.length} catalog items)\n`,
    );
  if (problems.length > 0) {
    io.stderr(
      `${problems.length} ${problems.length === 1 ? 'error' : 'errors'}: the server would refuse to start\n`,
    );
    return 1;
  }
  return 0;
}
