import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePorts } from './support/ports.js';

let origin = '';
let inboxPort = 0;
const dataDir = mkdtempSync(join(tmpdir(), 'shomei-start-'));
let child: ReturnType<typeof spawn> | undefined;

beforeAll(async () => {
  const [port = 0, inbox = 0, smtp = 0] = await freePorts(3);
  origin = `http://localhost:${port}`;
  inboxPort = inbox;
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: new URL('..', import.meta.url),
    env: {
      ...process.env,
      PORT: String(port),
      INBOX_PORT: String(inbox),
      SMTP_PORT: String(smtp),
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start did not come up:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Shōmei is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child?.stdout?.on('data', onData);
    child?.stderr?.on('data', onData);
    child?.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
}, 70_000);

afterAll(() => {
  child?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('X4: serves the homepage with the elements under a strict CSP, the API and the inbox', async () => {
    const login = await fetch(`${origin}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('<shomei-login>');
    const csp = login.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");

    const script = await fetch(`${origin}/shomei/login.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('shomei-login');

    const tenant = await fetch(`${origin}/t/demo/tenant`);
    expect(tenant.status).toBe(200);
    expect(((await tenant.json()) as { tenantId: string }).tenantId).toBe('demo');

    expect((await fetch(`${origin}/readyz`)).status).toBe(200);
    expect((await fetch(`http://localhost:${inboxPort}/api/mails`)).status).toBe(200);
  });
});
