/**
 * nginx running docs/deploy/nginx.conf in front of a test's server: the example's server blocks
 * as written, with only what must differ on a test machine replaced (loopback ports instead of
 * 80 and 443, a self-signed certificate, the upstream's port). Each replaced line must be in
 * the example, so an edit of the example that the test no longer matches fails here, by name.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { freePorts } from '../support/ports.js';

export interface TestNginx {
  /** The https port, on 127.0.0.1. */
  readonly httpsPort: number;
  /** The plain HTTP port (the example's port 80), on 127.0.0.1. */
  readonly httpPort: number;
  /** A fetch that sends every request to this nginx, for the certificate's host name. */
  readonly fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  stop(): Promise<void>;
}

/** Where nginx is, or undefined. */
export function findNginx(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) {
    const probe = spawnSync(candidate, ['-v'], { encoding: 'utf8' });
    if (probe.error === undefined && probe.status === 0) return candidate;
  }
  return undefined;
}

function replaceIn(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`docs/deploy/nginx.conf no longer has: ${from}`);
  return text.replaceAll(from, to);
}

/** A fetch over https to 127.0.0.1:port that trusts `ca` and presents the URL's host name. */
function fetchThrough(port: number, ca: string) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    return new Promise((resolve, reject) => {
      const outgoing = httpsRequest(
        {
          host: '127.0.0.1',
          port,
          servername: url.hostname,
          ca,
          method: request.method,
          path: `${url.pathname}${url.search}`,
          headers: { ...headers, host: url.host },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('error', reject);
          response.once('end', () => {
            const answer = new Headers();
            for (const [name, value] of Object.entries(response.headers))
              for (const item of [value ?? []].flat()) answer.append(name, item);
            const status = response.statusCode ?? 502;
            resolve(
              new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), {
                status,
                headers: answer,
              }),
            );
          });
        },
      );
      outgoing.once('error', reject);
      outgoing.end(body);
    });
  };
}

/** Checks the example with `nginx -t`, then runs it in front of 127.0.0.1:upstreamPort. */
export async function startNginx(
  nginx: string,
  dir: string,
  upstreamPort: number,
  exampleFile: string,
): Promise<TestNginx> {
  mkdirSync(dir, { recursive: true });
  const [httpPort = 0, httpsPort = 0] = await freePorts(2);
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const openssl = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=shomei.u.example',
      '-addext',
      'subjectAltName=DNS:shomei.u.example',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  if (openssl.status !== 0) throw new Error(`openssl failed: ${openssl.stderr}`);

  let site = readFileSync(exampleFile, 'utf8');
  site = replaceIn(site, '    listen 80;\n', `    listen 127.0.0.1:${httpPort};\n`);
  site = replaceIn(site, '    listen [::]:80;\n', '');
  site = replaceIn(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
  site = replaceIn(site, '    listen [::]:443 ssl http2;\n', '');
  site = replaceIn(site, '/etc/ssl/certs/shomei.u.example.pem', cert);
  site = replaceIn(site, '/etc/ssl/private/shomei.u.example.key', key);
  site = replaceIn(site, 'server 127.0.0.1:8787;', `server 127.0.0.1:${upstreamPort};`);
  writeFileSync(join(dir, 'shomei.conf'), site);
  const temp = (name: string) => `${name} ${join(dir, name.replace(/_path$/u, ''))};`;
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      // Run by root, the workers would switch to nobody, who cannot enter the test's folder.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')};`,
      'events { worker_connections 64; }',
      'http {',
      '  access_log off;',
      `  ${temp('client_body_temp_path')}`,
      `  ${temp('proxy_temp_path')}`,
      `  ${temp('fastcgi_temp_path')}`,
      `  ${temp('uwsgi_temp_path')}`,
      `  ${temp('scgi_temp_path')}`,
      `  include ${join(dir, 'shomei.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf')];
  const check = spawnSync(nginx, ['-t', ...args], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the example:\n${check.stderr}`);

  const child: ChildProcess = spawn(nginx, [...args, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = once(child, 'exit');
  const fetch = fetchThrough(httpsPort, readFileSync(cert, 'utf8'));
  // Until nginx answers (any status), or it has exited.
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`nginx exited:\n${log}`);
    const answered = await fetch('https://shomei.u.example/healthz').then(
      () => true,
      () => false,
    );
    if (answered) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    httpsPort,
    httpPort,
    fetch,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT');
        await exited;
      }
    },
  };
}
