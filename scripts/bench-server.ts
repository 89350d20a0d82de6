/**
 * `npm run bench:server`: a normal request's latency during a flood of logins against its
 * latency at rest (issue 14, item 3: bounded password hashing). Prints figures and ratios;
 * judges nothing. The exit code is 1 only when there is nothing to measure: the server does
 * not start, or the demo's returning student cannot log in.
 *
 * The server is the real one (`createServer` from @shomei/server, scripts/bench/flood-host.ts)
 * in a child process, on a free 127.0.0.1 port, SQLite in a temporary folder, the demo tenant,
 * the production password cost (PASSWORD_HASH_ITERATIONS unset: PBKDF2 600 000) and its own
 * memory mailbox, from which the returning student's auth key is read. `CLIENT_IP_HEADER` is
 * `X-Forwarded-For` (one trusted hop), so each request can say which client it comes from.
 *
 * For each scenario, a fresh server:
 * 1. at rest: REST requests one after another, alternating `GET /t/demo/tenant` and the
 *    logged-in `GET /t/demo/session`; then LOGINS right logins of the returning student (a new
 *    browser each time: user ID, password and second password, answered with the auth-key
 *    step), then LOGINS from the browser the student logged in with first (its device cookie:
 *    the password work's known-device lane), with the server's CPU time per login;
 * 2. during a flood: CLIENTS clients (scripts/bench/flood-clients.ts, a process of their own so
 *    that the measured requests do not wait for the load generator's event loop) post logins
 *    with unknown user IDs without pause for SECONDS, each a new ID (the per-account throttle
 *    never answers before the hash) from a new client address (nor the per-IP limit), with a
 *    second password (the decoy hash runs at the tenant's cost); meanwhile the same normal
 *    requests and right logins (each kind of login in a loop of its own) are measured as at
 *    rest. Printed: their p50/p90/p99 and the ratio to rest; the flood's answers by status
 *    (200/401/429/503) and latency; the server's
 *    CPU time over the flood (until the last login started is answered; the measured requests
 *    included) per flood login; the server's event-loop delay, at rest and during the flood.
 * Scenarios: (A) the configured bounds (`PASSWORD_HASH_CONCURRENCY`, `PASSWORD_HASH_QUEUE`,
 * their defaults unless set), then (B) one hash at a time and a queue of BUSY_QUEUE, where the
 * logins beyond it are answered 503 `busy` instead of waiting.
 *
 * Environment: BENCH_REST_REQUESTS (200), BENCH_LOGINS (6), BENCH_FLOOD_CLIENTS (50),
 * BENCH_FLOOD_SECONDS (15), BENCH_BUSY_QUEUE (4), BENCH_BUSY=0 skips (B);
 * PASSWORD_HASH_ITERATIONS, PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE are passed to
 * the server of (A). Compare the ratios within one run, not figures across machines.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_STUDENTS, DEMO_TENANT_ID } from '@shomei/service';
import type { FloodMessage, FloodSettings } from './bench/flood-clients.js';
import type { HostMessage, LoopDelay } from './bench/flood-host.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const setting = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
};
const REST_REQUESTS = setting('BENCH_REST_REQUESTS', 200);
const LOGINS = setting('BENCH_LOGINS', 6);
const CLIENTS = setting('BENCH_FLOOD_CLIENTS', 50);
const FLOOD_MS = setting('BENCH_FLOOD_SECONDS', 15) * 1000;
const BUSY_QUEUE = setting('BENCH_BUSY_QUEUE', 4);
const BUSY = process.env.BENCH_BUSY !== '0';
const START_TIMEOUT_MS = 60_000;

const TENANT_PATH = `/t/${DEMO_TENANT_ID}`;
const IP_HEADER = 'X-Forwarded-For';
/** Passed through to the server of scenario A. */
const PASSED_THROUGH = [
  'PASSWORD_HASH_ITERATIONS',
  'PASSWORD_HASH_CONCURRENCY',
  'PASSWORD_HASH_QUEUE',
] as const;

// ---- the server ------------------------------------------------------------------------------

class StartFailure extends Error {}

interface Host {
  readonly url: string;
  readonly iterations: number;
  readonly concurrency: number | undefined;
  readonly queue: number | undefined;
  readonly dataDir: string;
  authKey(email: string): Promise<string | null>;
  /** The server process's CPU time so far (every thread), in microseconds. */
  cpu(): Promise<number>;
  /** The server's event-loop delay since the last call that reset it. */
  loopDelay(reset: boolean): Promise<LoopDelay>;
  stop(): Promise<void>;
}

async function startHost(settings: Readonly<Record<string, string>>): Promise<Host> {
  const dataDir = await mkdtemp(join(tmpdir(), 'shomei-bench-server-'));
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    CLIENT_IP_HEADER: IP_HEADER,
    TRUSTED_PROXY_HOPS: '1',
    // Nothing periodic in the background of the measurement.
    MAIL_RETRY_INTERVAL_MS: '0',
    PAYMENT_RECONCILE_INTERVAL_MS: '0',
    ...settings,
  };
  const child: ChildProcess = fork(join(root, 'scripts/bench/flood-host.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SHOMEI_BENCH_ENV: JSON.stringify(env) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let nextId = 0;
  const pending = new Map<number, (value: unknown) => void>();
  const ask = (
    message:
      { type: 'auth-key'; email: string } | { type: 'cpu' } | { type: 'loop'; reset: boolean },
  ) =>
    new Promise<unknown>((resolve) => {
      const id = (nextId += 1);
      pending.set(id, resolve);
      child.send({ ...message, id });
    });

  const ready = await new Promise<Extract<HostMessage, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new StartFailure(`no answer in ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new StartFailure(`it exited with code ${code}`));
    });
    child.on('message', (message: HostMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      } else {
        pending.get(message.id)?.(message.value);
        pending.delete(message.id);
      }
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    if (error instanceof StartFailure) error.message += `\n${output}`;
    throw error;
  });

  return {
    url: ready.url,
    iterations: ready.iterations,
    concurrency: ready.concurrency,
    queue: ready.queue,
    dataDir,
    authKey: async (email) => (await ask({ type: 'auth-key', email })) as string | null,
    cpu: async () => (await ask({ type: 'cpu' })) as number,
    loopDelay: async (reset) => (await ask({ type: 'loop', reset })) as LoopDelay,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: 'stop' });
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// ---- requests --------------------------------------------------------------------------------

/**
 * A new client address for each right login (the flood's come from 10.x.y.z): the per-IP limit
 * of logins would otherwise answer 429 after a hundred.
 */
let studentLogins = 0;
const studentAddress = () => {
  const n = (studentLogins += 1);
  return `172.16.${(n >> 8) & 255}.${n & 255}`;
};
const PROBE_ADDRESS = '192.0.2.1';

interface Timed {
  readonly ms: number;
  readonly status: number;
  readonly response: Response;
  readonly body: unknown;
}

/** One request, timed until its whole body is read (so the connection is reused). */
async function timed(url: string, init: RequestInit): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  const ms = performance.now() - started;
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: only the status matters then.
  }
  return { ms, status: response.status, response, body };
}

const headers = (address: string, cookie?: string): Record<string, string> => ({
  'Shomei-Client': 'bench',
  'Content-Type': 'application/json',
  [IP_HEADER]: address,
  ...(cookie === undefined ? {} : { Cookie: cookie }),
});

/** The cookies a response sets, as a `Cookie` header. */
const cookiesOf = (response: Response): string =>
  response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .join('; ');

const { userId, password, secondPassword, email } = DEMO_STUDENTS.returning;

/** The returning student's right login from a new browser: the auth-key step. */
const studentLogin = (host: Host) =>
  timed(`${host.url}${TENANT_PATH}/session/login`, {
    method: 'POST',
    headers: headers(studentAddress()),
    body: JSON.stringify({ userId, password, secondPassword }),
  });

/**
 * The returning student's right login from the browser that logged in first (its device cookie:
 * the known-device lane of the password work), from a new address each time.
 */
const knownBrowserLogin = (host: Host, device: string) =>
  timed(`${host.url}${TENANT_PATH}/session/login`, {
    method: 'POST',
    headers: headers(studentAddress(), device),
    body: JSON.stringify({ userId, password, secondPassword }),
  });

/** The device cookie among the cookies a response sets, as a `Cookie` header. */
const deviceCookieOf = (response: Response): string => {
  const device = cookiesOf(response)
    .split('; ')
    .find((cookie) => /^[\w-]*shomei_device=/.test(cookie));
  if (device === undefined) throw new Error('login: no device cookie was set');
  return device;
};

/** The returning student all the way in; the session cookie and the device cookie. */
async function logIn(host: Host): Promise<{ cookie: string; device: string }> {
  const login = await studentLogin(host);
  const step = (login.body as { step?: string } | null)?.step;
  if (login.status !== 200 || step !== 'auth-key')
    throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
  const cookie = cookiesOf(login.response);
  const device = deviceCookieOf(login.response);
  const authKey = await host.authKey(email);
  if (authKey === null) throw new Error('login: no auth key was mailed');
  const verified = await timed(`${host.url}${TENANT_PATH}/session/auth-key`, {
    method: 'POST',
    headers: headers(PROBE_ADDRESS, cookie),
    body: JSON.stringify({ authKey }),
  });
  if ((verified.body as { step?: string } | null)?.step !== 'authenticated')
    throw new Error(`auth key: ${verified.status} ${JSON.stringify(verified.body)}`);
  // The session is rotated at each step: the newest cookie is the one that counts.
  return { cookie: cookiesOf(verified.response) || cookie, device };
}

interface Probes {
  readonly tenant: number[];
  readonly session: number[];
  readonly login: number[];
  /** Right logins from the browser that logged in before (its device cookie). */
  readonly knownLogin: number[];
  /** Answers other than 200 among the measured requests. */
  readonly unexpected: Map<string, number>;
}

const newProbes = (): Probes => ({
  tenant: [],
  session: [],
  login: [],
  knownLogin: [],
  unexpected: new Map(),
});

function expectOk(probes: Probes, label: string, result: Timed): void {
  if (result.status === 200) return;
  const key = `${label} ${result.status}`;
  probes.unexpected.set(key, (probes.unexpected.get(key) ?? 0) + 1);
}

/** `GET /tenant` and the logged-in `GET /session`, alternating, `count` times or until `until`. */
async function probeReads(
  host: Host,
  cookie: string,
  probes: Probes,
  stop: { count?: number; until?: () => boolean },
) {
  for (let n = 0; n < (stop.count ?? Infinity) && !(stop.until?.() ?? false); n += 1) {
    const read = n % 2 === 0 ? 'tenant' : 'session';
    const result = await timed(`${host.url}${TENANT_PATH}/${read}`, {
      headers: headers(PROBE_ADDRESS, read === 'session' ? cookie : undefined),
    });
    if (read === 'session' && (result.body as { step?: string } | null)?.step !== 'authenticated')
      throw new Error(`GET /session: ${result.status} ${JSON.stringify(result.body)}`);
    expectOk(probes, `GET /${read}`, result);
    probes[read].push(result.ms);
  }
}

/**
 * Right logins one after another, `count` times or until `until`: from a new browser each time,
 * or with `device`, from the browser that logged in before.
 */
async function probeLogins(
  host: Host,
  device: string | null,
  probes: Probes,
  stop: { count?: number; until?: () => boolean },
) {
  for (let n = 0; n < (stop.count ?? Infinity) && !(stop.until?.() ?? false); n += 1) {
    const result =
      device === null ? await studentLogin(host) : await knownBrowserLogin(host, device);
    expectOk(
      probes,
      device === null ? 'POST /session/login' : 'POST /session/login (known browser)',
      result,
    );
    probes[device === null ? 'login' : 'knownLogin'].push(result.ms);
  }
}

interface Flood {
  readonly statuses: Map<string, number>;
  readonly latencies: number[];
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly loop: LoopDelay;
}

/** The flood's clients, in a process of their own (scripts/bench/flood-clients.ts), ready. */
async function floodClients(host: Host): Promise<ChildProcess> {
  const settings: FloodSettings = {
    api: `${host.url}${TENANT_PATH}`,
    ipHeader: IP_HEADER,
    clients: CLIENTS,
    durationMs: FLOOD_MS,
  };
  const child = fork(join(root, 'scripts/bench/flood-clients.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SHOMEI_BENCH_FLOOD: JSON.stringify(settings) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the flood's clients exited with ${code}`)));
    child.once('message', (message: FloodMessage) => {
      if (message.type === 'ready') resolve();
    });
  });
  return child;
}

/**
 * The flood, with `whileFlooding` measuring until its end; then waits for every login started
 * before the end to be answered, so that their CPU time counts with them.
 */
async function flood(
  host: Host,
  whileFlooding: (until: () => boolean) => Promise<void>,
): Promise<Flood> {
  const clients = await floodClients(host);
  const done = new Promise<Extract<FloodMessage, { type: 'done' }>>((resolve, reject) => {
    clients.once('exit', (code) => reject(new Error(`the flood's clients exited with ${code}`)));
    clients.on('message', (message: FloodMessage) => {
      if (message.type === 'done') resolve(message);
    });
  });
  const cpuBefore = await host.cpu();
  await host.loopDelay(true);
  const started = performance.now();
  clients.send({ type: 'go' });
  await whileFlooding(() => performance.now() - started >= FLOOD_MS);
  const { statuses, latencies } = await done;
  const wallMs = performance.now() - started;
  const cpuMs = ((await host.cpu()) - cpuBefore) / 1000;
  const loop = await host.loopDelay(false);
  clients.disconnect();
  return { statuses: new Map(Object.entries(statuses)), latencies, wallMs, cpuMs, loop };
}

// ---- figures ---------------------------------------------------------------------------------

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const PERCENTILES = [50, 90, 99] as const;

const ms = (value: number): string =>
  Number.isNaN(value)
    ? '–'
    : value < 100
      ? value.toFixed(1)
      : Math.round(value).toLocaleString('en');

const ratio = (during: number, rest: number): string =>
  Number.isNaN(during) || Number.isNaN(rest) || rest === 0 ? '–' : `${(during / rest).toFixed(1)}×`;

const spread = (values: readonly number[]) =>
  PERCENTILES.map((p) => ms(percentile(values, p)).padStart(6)).join(' ');

function table(rest: Probes, during: Probes): string[] {
  const rows: [string, keyof Omit<Probes, 'unexpected'>][] = [
    ['GET  /t/demo/tenant', 'tenant'],
    ['GET  /t/demo/session (logged in)', 'session'],
    ['POST /t/demo/session/login (right)', 'login'],
    ['  the same, from a known browser', 'knownLogin'],
  ];
  const header = 'p50    p90    p99';
  return [
    `  ${''.padEnd(36)}at rest, ms (n)             during the flood, ms (n)    ratio p50 / p90 / p99`,
    `  ${''.padEnd(36)}   ${header}          ${header}`,
    ...rows.map(([label, key]) => {
      const a = rest[key];
      const b = during[key];
      const ratios = PERCENTILES.map((p) => ratio(percentile(b, p), percentile(a, p))).join(' / ');
      return `  ${label.padEnd(36)}${spread(a)} ${`(${a.length})`.padEnd(7)}${spread(b)} ${`(${b.length})`.padEnd(7)}${ratios}`;
    }),
    ...[rest, during].flatMap((probes, index) =>
      [...probes.unexpected].map(
        ([answer, count]) =>
          `  note: ${answer} ×${count} ${index === 0 ? 'at rest' : 'during the flood'}`,
      ),
    ),
  ];
}

function floodLines(result: Flood, rest: { cpuPerLoginMs: number; loop: LoopDelay }): string[] {
  const answered = [...result.statuses.values()].reduce((sum, count) => sum + count, 0);
  const count = (status: string) => result.statuses.get(status) ?? 0;
  const hashed = count('200') + count('401');
  const others = [...result.statuses].filter(
    ([status]) => !['200', '401', '429', '503'].includes(status),
  );
  const seconds = result.wallMs / 1000;
  return [
    `  flood: ${CLIENTS} clients for ${FLOOD_MS / 1000} s (${seconds.toFixed(1)} s until the last answer): ` +
      `${answered.toLocaleString('en')} logins answered, ${(answered / seconds).toFixed(1)}/s`,
    `    answers: 200 ×${count('200')}, 401 ×${count('401')}, 429 ×${count('429')}, 503 ×${count('503')}` +
      others.map(([status, n]) => `, ${status} ×${n}`).join(''),
    `    flood login latency, ms: p50 ${ms(percentile(result.latencies, 50))}, p90 ${ms(percentile(result.latencies, 90))}, p99 ${ms(percentile(result.latencies, 99))}`,
    `    server CPU: ${Math.round(result.cpuMs).toLocaleString('en')} ms in ${seconds.toFixed(1)} s ` +
      `(${(result.cpuMs / result.wallMs).toFixed(2)} cores of ${availableParallelism()}); ` +
      `per login answered ${ms(result.cpuMs / Math.max(answered, 1))} ms, ` +
      `all of it divided among the logins that reached the hash (200/401) ${ms(result.cpuMs / Math.max(hashed, 1))} ms ` +
      `(a right login at rest: ${ms(rest.cpuPerLoginMs)} ms)`,
    `    server event-loop delay, ms: p50 / p99 / max ${ms(result.loop.p50)} / ${ms(result.loop.p99)} / ${ms(result.loop.max)} ` +
      `(at rest ${ms(rest.loop.p50)} / ${ms(rest.loop.p99)} / ${ms(rest.loop.max)})`,
  ];
}

// ---- a scenario ------------------------------------------------------------------------------

async function scenario(title: string, settings: Readonly<Record<string, string>>) {
  let host: Host;
  try {
    host = await startHost(settings);
  } catch (error) {
    console.error(`\nThe server did not start: ${(error as Error).message}`);
    process.exit(1);
  }
  try {
    console.log(
      `\n${title}: PASSWORD_HASH_CONCURRENCY=${host.concurrency ?? '(service default)'}, ` +
        `PASSWORD_HASH_QUEUE=${host.queue ?? '(service default)'}, ` +
        `PBKDF2 ${host.iterations.toLocaleString('en')} iterations`,
    );
    const { cookie, device } = await logIn(host);
    // Warm-up, not recorded: the first requests compile code and open the pool's connection.
    await probeReads(host, cookie, newProbes(), { count: 20 });

    const rest = newProbes();
    await host.loopDelay(true);
    await probeReads(host, cookie, rest, { count: REST_REQUESTS });
    const cpuBefore = await host.cpu();
    await probeLogins(host, null, rest, { count: LOGINS });
    await probeLogins(host, device, rest, { count: LOGINS });
    const cpuPerLoginMs = ((await host.cpu()) - cpuBefore) / 1000 / Math.max(2 * LOGINS, 1);
    const restLoop = await host.loopDelay(false);

    const during = newProbes();
    const result = await flood(host, (until) =>
      Promise.all([
        probeReads(host, cookie, during, { until }),
        probeLogins(host, null, during, { until }),
        probeLogins(host, device, during, { until }),
      ]).then(() => undefined),
    );
    for (const line of [
      ...table(rest, during),
      ...floodLines(result, { cpuPerLoginMs, loop: restLoop }),
    ])
      console.log(line);
  } finally {
    await host.stop();
  }
}

async function main(): Promise<void> {
  const [cpu] = cpus();
  console.log(
    `Shōmei server under a login flood (npm run bench:server): ${availableParallelism()} cores` +
      `${cpu === undefined ? '' : ` (${cpu.model.trim()})`}, Node ${process.version}, SQLite, ` +
      `the demo tenant. Flood: logins of unknown user IDs, each from a new X-Forwarded-For ` +
      `address; measured: one request at a time, from one client.`,
  );
  const passed = Object.fromEntries(
    PASSED_THROUGH.flatMap((name) => {
      const value = process.env[name];
      return value === undefined || value === '' ? [] : [[name, value]];
    }),
  );
  await scenario('A. bounded hashing as configured', passed);
  if (BUSY)
    await scenario(`B. one hash at a time, a queue of ${BUSY_QUEUE}`, {
      ...passed,
      PASSWORD_HASH_CONCURRENCY: '1',
      PASSWORD_HASH_QUEUE: String(BUSY_QUEUE),
    });
}

main().catch((error: unknown) => {
  console.error('npm run bench:server failed:', error);
  process.exit(1);
});
