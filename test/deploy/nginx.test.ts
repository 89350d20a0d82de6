/**
 * docs/deploy/nginx.conf, run by nginx (test/deploy/nginx.ts) in front of a recording upstream:
 * it passes what the server relies on (the public host, the client's address in the header that
 * CLIENT_IP_HEADER names, with whatever the client sent in it dropped) and sends plain HTTP to
 * https. The server behind the same configuration is tested in deploy.test.ts.
 */
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvFile } from './guide.js';
import { findNginx, startNginx, type TestNginx } from './nginx.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const example = parseEnvFile(readFileSync(join(root, 'docs/deploy/shomei.env'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'shomei-nginx-'));
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let upstream: Server | undefined;
let nginx: TestNginx | undefined;

beforeAll(async () => {
  const binary = findNginx();
  if (binary === undefined)
    throw new Error('nginx is not installed: apt-get install nginx-light (.ci/run installs it)');
  upstream = createServer((incoming, response) => {
    seen.push({ url: incoming.url ?? '', headers: incoming.headers });
    response.setHeader('Content-Type', 'application/json');
    response.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => upstream?.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as { port: number };
  nginx = await startNginx(binary, join(dir, 'nginx'), port, join(root, 'docs/deploy/nginx.conf'));
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  await new Promise((resolve) =>
    upstream === undefined ? resolve(null) : upstream.close(resolve),
  );
  rmSync(dir, { recursive: true, force: true });
});

describe('docs/deploy/nginx.conf', () => {
  it('forwards the public host and the address nginx saw, dropping a client-sent X-Forwarded-For', async () => {
    const header = (example.CLIENT_IP_HEADER ?? '').toLowerCase();
    const response = await nginx?.fetch(`${example.PUBLIC_BASE_URL}/t/demo/session`, {
      headers: { [header]: '198.51.100.66', 'X-Request-Id': 'chosen-by-client' },
    });
    expect(response?.status).toBe(200);
    const forwarded = seen.find((entry) => entry.url === '/t/demo/session');
    expect(forwarded?.headers.host).toBe(new URL(example.PUBLIC_BASE_URL ?? '').host);
    // One entry, the loopback address the test connected from: TRUSTED_PROXY_HOPS=1 picks it.
    expect(forwarded?.headers[header]).toBe('127.0.0.1');
    expect(example.TRUSTED_PROXY_HOPS).toBe('1');
    expect(forwarded?.headers['x-forwarded-proto']).toBe('https');
    expect(forwarded?.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/u);
  });

  it('health and readiness reach the server from this machine, with the same headers', async () => {
    expect((await nginx?.fetch(`${example.PUBLIC_BASE_URL}/readyz`))?.status).toBe(200);
    const forwarded = seen.find((entry) => entry.url === '/readyz');
    expect(forwarded?.headers.host).toBe(new URL(example.PUBLIC_BASE_URL ?? '').host);
  });

  it('plain HTTP is sent to https', async () => {
    if (nginx === undefined) throw new Error('nginx did not start');
    const { status, location } = await new Promise<{
      status: number | undefined;
      location: string | undefined;
    }>((resolve, reject) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port: nginx?.httpPort,
          path: '/t/demo/tenant',
          headers: { host: 'shomei.u.example' },
        },
        (response) => {
          response.resume();
          resolve({ status: response.statusCode, location: response.headers.location });
        },
      );
      outgoing.once('error', reject);
      outgoing.end();
    });
    expect(status).toBe(301);
    expect(location).toBe('https://shomei.u.example/t/demo/tenant');
  });
});
