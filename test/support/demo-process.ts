/**
 * `npm start` (scripts/start.ts) as a child process on the given ports with its own SQLite in a
 * temporary folder: for the end-to-end suites (test/e2e/support.ts) and for `npm run bench`'s
 * Lighthouse runs, which is why it imports nothing of vitest.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Shomei {
  readonly origin: string;
  readonly inbox: string;
  /** The dev inbox's SMTP server, as `npm start` printed it (`smtp://127.0.0.1:<port>`). */
  readonly inboxSmtp: string;
  readonly output: () => string;
  readonly stop: () => Promise<void>;
}

/** `env` is added to `npm start`'s environment (e.g. `SMTP_URL`). */
export async function startShomei(
  port: number,
  inboxPort: number,
  env: Readonly<Record<string, string>> = {},
): Promise<Shomei> {
  const dataDir = await mkdtemp(join(tmpdir(), 'shomei-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      INBOX_PORT: String(inboxPort),
      SMTP_PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start did not come up in 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Shōmei is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  const inboxSmtp = /\(SMTP on (smtp:\/\/[^\s)]+)\)/u.exec(output)?.[1];
  if (inboxSmtp === undefined) {
    await stop();
    throw new Error(`npm start printed no SMTP address for the inbox:\n${output}`);
  }
  return {
    origin: `http://localhost:${port}`,
    inbox: `http://127.0.0.1:${inboxPort}`,
    inboxSmtp,
    output: () => output,
    stop,
  };
}
