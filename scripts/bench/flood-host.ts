/**
 * The server `npm run bench:server` measures (scripts/bench-server.ts), in a process of its own
 * so that its CPU time is its own and the load generator does not share its event loop.
 * `createServer` from @shomei/server, as scripts/start.ts starts it, with the settings the
 * parent passes as JSON in SHOMEI_BENCH_ENV (what configFromEnv reads from the environment).
 *
 * Over the IPC channel of `fork`: it sends `ready` with its URL and effective settings; it
 * answers `auth-key` (the newest auth key mailed to an address, from its memory mailbox) and
 * `cpu` (`process.cpuUsage()`: every thread of the process, so the libuv pool's PBKDF2 too)
 * and `loop` (its event-loop delay since the last reset: time the main thread was not free);
 * on `stop` or when the parent goes away it closes gracefully and exits.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { configFromEnv, createServer } from '@shomei/server';

type Request =
  | { type: 'auth-key'; id: number; email: string }
  | { type: 'cpu'; id: number }
  | { type: 'loop'; id: number; reset: boolean };

/** The server's event-loop delay since the last reset, in ms, beyond the sampling interval. */
export interface LoopDelay {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export type HostMessage =
  | {
      type: 'ready';
      url: string;
      iterations: number;
      concurrency: number | undefined;
      queue: number | undefined;
    }
  | { type: 'reply'; id: number; value: unknown };

const send = (message: HostMessage) => process.send?.(message);

async function main(): Promise<void> {
  const env = JSON.parse(process.env.SHOMEI_BENCH_ENV ?? '{}') as Record<string, string>;
  const config = configFromEnv(env);
  const server = await createServer(config);
  const { url } = await server.listen();
  const resolutionMs = 10;
  const loop = monitorEventLoopDelay({ resolution: resolutionMs });
  // The histogram holds the whole interval between samples; the delay is what exceeds it.
  const late = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs);
  loop.enable();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    process.exit(0);
  };
  process.on('message', (message: Request | { type: 'stop' }) => {
    if (message.type === 'stop') void stop();
    else if (message.type === 'loop') {
      const delay: LoopDelay = {
        p50: late(loop.percentile(50)),
        p99: late(loop.percentile(99)),
        max: late(loop.max),
      };
      if (message.reset) loop.reset();
      send({ type: 'reply', id: message.id, value: delay });
    } else if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ type: 'reply', id: message.id, value: user + system });
    } else {
      const authKey = server.mailbox?.latest(message.email, 'auth-key')?.authKey ?? null;
      send({ type: 'reply', id: message.id, value: authKey });
    }
  });
  process.once('disconnect', () => void stop());

  send({
    type: 'ready',
    url,
    iterations: config.passwordHashIterations,
    concurrency: config.passwordHashConcurrency,
    queue: config.passwordHashQueue,
  });
}

main().catch((error: unknown) => {
  console.error('the bench server failed to start:', error);
  process.exit(1);
});
