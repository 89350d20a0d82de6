#!/usr/bin/env -S npx tsx
/** `tsx packages/server/src/main.ts`: the server from the environment (see config.ts). */
import { DEMO_STUDENTS, DEMO_TENANT_ID } from '@shomei/service';
import { configFromEnv } from './config.js';
import { createServer, shutdownOnSignals } from './server.js';

const config = configFromEnv();
const server = await createServer(config);
shutdownOnSignals(server);
const { url } = await server.listen();
const { returning, firstLogin } = DEMO_STUDENTS;
const database = config.databaseUrl === undefined ? `SQLite in ${config.dataDir}` : 'PostgreSQL';
process.stdout.write(
  [
    '',
    `Shōmei server listening on ${url} (public: ${config.publicBaseUrl}; ${database})`,
    `  API (demo tenant):  ${config.publicBaseUrl}/t/${DEMO_TENANT_ID}`,
    `  health / ready:     ${config.publicBaseUrl}/healthz  ${config.publicBaseUrl}/readyz`,
    `  demo students:      ${firstLogin.userId} / ${firstLogin.password} (first login)`,
    `                      ${returning.userId} / ${returning.password} / ${returning.secondPassword}`,
    '',
  ].join('\n'),
);
