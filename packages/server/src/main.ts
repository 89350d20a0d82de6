#!/usr/bin/env -S npx tsx
/**
 * `tsx packages/server/src/main.ts`: the server from the environment (see config.ts).
 * `tsx packages/server/src/main.ts check-config FILE...`: check tenant files (X6) and exit.
 *
 * A bad configuration ends the process with its problems, one a line, and no stack trace.
 */
import { DEMO_STUDENTS, DEMO_TENANT_ID } from '@shomei/service';
import { configFromEnv } from './config.js';
import { createServer, shutdownOnSignals } from './server.js';
import { runCheckConfig } from './tenant-config/check-command.js';
import { formatProblem, isTenantConfigError } from './tenant-config/errors.js';

const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
};

async function start(): Promise<void> {
  const config = configFromEnv();
  const server = await createServer(config);
  shutdownOnSignals(server);
  const { url } = await server.listen();
  const database = config.databaseUrl === undefined ? `SQLite in ${config.dataDir}` : 'PostgreSQL';
  const lines = [
    '',
    `Shōmei server listening on ${url} (public: ${config.publicBaseUrl}; ${database})`,
    ...server.tenants.map(
      ({ settings }) =>
        `  API (${settings.tenantId}):`.padEnd(22) +
        `${config.publicBaseUrl}/t/${settings.tenantId}`,
    ),
    `  health / ready:     ${config.publicBaseUrl}/healthz  ${config.publicBaseUrl}/readyz`,
  ];
  if (server.tenants.some(({ settings }) => settings.tenantId === DEMO_TENANT_ID)) {
    const { returning, firstLogin } = DEMO_STUDENTS;
    lines.push(
      `  demo students:      ${firstLogin.userId} / ${firstLogin.password} (first login)`,
      `                      ${returning.userId} / ${returning.password} / ${returning.secondPassword}`,
    );
  }
  process.stdout.write([...lines, ''].join('\n'));
}

const [command, ...args] = process.argv.slice(2);
if (command === 'check-config') {
  process.exitCode = runCheckConfig(args, io);
} else if (command !== undefined) {
  io.stderr(
    `unknown command ${JSON.stringify(command)}\nusage: shomei-server [check-config FILE...]\n`,
  );
  process.exitCode = 2;
} else {
  try {
    await start();
  } catch (error) {
    if (isTenantConfigError(error)) {
      for (const problem of error.problems) io.stderr(`${formatProblem(problem)}\n`);
      io.stderr('shomei-server: the tenant configuration is refused; nothing was started\n');
    } else if (error instanceof Error && !(error instanceof TypeError)) {
      // Configuration errors (configFromEnv, a database that cannot be reached) read as one line.
      io.stderr(`shomei-server: ${error.message}\n`);
    } else throw error;
    process.exitCode = 1;
  }
}
