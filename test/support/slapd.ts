/**
 * A real OpenLDAP server for tests: Debian's `slapd` (`.ci/run` installs it with `ldap-utils`),
 * configured by a slapd.conf in a temporary folder, loaded with `slapadd` before it starts, and
 * listening on 127.0.0.1 on a free port. It runs in the foreground as the current user (root
 * included) and is stopped by `stop()`.
 *
 *     const ldap = await startSlapd({ suffix: 'dc=u,dc=example', ldif: studentsLdif });
 *     // ... ldap.url is ldap://127.0.0.1:<port>
 *     await ldap.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePorts } from './ports.js';

const INSTALL_HINT =
  'install OpenLDAP: apt-get install -y --no-install-recommends slapd ldap-utils';
/** Debian keeps slapd and slapadd in /usr/sbin, which is not on every user's PATH. */
const SEARCH_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/libexec', '/sbin'];
/** Debian builds the mdb backend as a module; other builds link it in. */
const MODULE_DIRS = ['/usr/lib/ldap', '/usr/lib64/openldap', '/usr/lib/openldap'];
const SCHEMA_DIRS = ['/etc/ldap/schema', '/etc/openldap/schema'];
/** How long slapd may take to accept connections on a busy machine before the start fails. */
const START_DEADLINE_MS = 60_000;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isReadable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path of an OpenLDAP program, or an error that says how to install it. */
export function findOpenLdapProgram(
  name: 'slapd' | 'slapadd',
  dirs: readonly string[] = [
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean),
    ...SEARCH_DIRS,
  ],
): string {
  const found = dirs.map((dir) => join(dir, name)).find(isExecutable);
  if (found === undefined)
    throw new Error(`${name} was not found (looked in ${dirs.join(', ')}): ${INSTALL_HINT}`);
  return found;
}

function findSchemaDir(): string {
  const found = SCHEMA_DIRS.find((dir) => isReadable(join(dir, 'inetorgperson.schema')));
  if (found === undefined)
    throw new Error(
      `OpenLDAP's schema files were not found (looked in ${SCHEMA_DIRS.join(', ')}): ${INSTALL_HINT}`,
    );
  return found;
}

/** `{SSHA}` of a password, as slappasswd writes it: SHA-1 over password and salt, then the salt. */
/**
 * How the test directories' entries map to a student (inetOrgPerson attributes; the group in
 * `employeeType`), as a tenant's LDAP directory options name them.
 */
export const STUDENT_MAPPING = {
  attributes: {
    userId: 'uid',
    name: 'displayName',
    group: 'employeeType',
    department: 'departmentNumber',
    year: 'title',
  },
  groupValues: { 学部生: 'undergraduate', 大学院生: 'graduate' },
} as const;

export function sshaPassword(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password, 'utf8').update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

export interface SlapdOptions {
  /** The naming context, e.g. `dc=shomei-u,dc=example`. */
  readonly suffix: string;
  /** Entries to load before the start, the suffix entry included. */
  readonly ldif: string;
  /** Schema text (slapd.conf syntax) added after core, cosine and inetorgperson. */
  readonly extraSchema?: string;
  /**
   * Access rules (slapd.conf `access` lines). The default lets anyone bind, lets a bound user
   * read every entry except passwords, and lets nobody read anonymously: what a university's
   * directory usually allows.
   */
  readonly access?: string;
  /** Log every operation (slapd's `stats` level) into `log()`, e.g. to count binds. */
  readonly logOperations?: boolean;
  /** Also listen on ldaps:// (`ldapsUrl`) and offer StartTLS, with this certificate. */
  readonly tls?: TestCertificates;
}

export interface Slapd {
  readonly url: string;
  readonly port: number;
  /** With `tls`: `ldaps://127.0.0.1:<port>`. */
  readonly ldapsUrl?: string;
  /** The manager, who may read and write everything. */
  readonly rootDn: string;
  readonly rootPassword: string;
  /** What slapd has written so far (operations, with `logOperations`). */
  log(): string;
  /** Stops slapd (SIGTERM, then SIGKILL if it lingers) and removes its folder. */
  stop(): Promise<void>;
}

const DEFAULT_ACCESS = `
access to attrs=userPassword
  by anonymous auth
  by self auth
  by * none
access to *
  by users read
  by * none
`;

function slapdConf(folder: string, schemaDir: string, options: SlapdOptions, rootHash: string) {
  const moduleDir = MODULE_DIRS.find((dir) => isReadable(join(dir, 'back_mdb.so')));
  const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return [
    `include ${join(schemaDir, 'core.schema')}`,
    `include ${join(schemaDir, 'cosine.schema')}`,
    `include ${join(schemaDir, 'inetorgperson.schema')}`,
    ...(options.extraSchema === undefined ? [] : [`include ${join(folder, 'extra.schema')}`]),
    `pidfile ${join(folder, 'slapd.pid')}`,
    `argsfile ${join(folder, 'slapd.args')}`,
    ...(moduleDir === undefined ? [] : [`modulepath ${moduleDir}`, 'moduleload back_mdb']),
    'database mdb',
    'maxsize 16777216',
    `suffix ${quote(options.suffix)}`,
    `rootdn ${quote(`cn=admin,${options.suffix}`)}`,
    `rootpw ${rootHash}`,
    `directory ${join(folder, 'data')}`,
    ...(options.tls === undefined
      ? []
      : [
          `TLSCACertificateFile ${options.tls.caFile}`,
          `TLSCertificateFile ${options.tls.certFile}`,
          `TLSCertificateKeyFile ${options.tls.keyFile}`,
        ]),
    options.access ?? DEFAULT_ACCESS,
    '',
  ].join('\n');
}

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/** Runs a program to its end, keeping its output for the error message. */
function run(program: string, args: readonly string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Resolves once slapd accepts a connection on `port`; rejects with its output if it exits
 * first, or when the start deadline passes.
 */
async function untilListening(child: ChildProcess, port: number, output: () => string) {
  let exited: Finished | null = null;
  child.once('exit', (code, signal) => (exited = { code, signal, output: '' }));
  const deadline = Date.now() + START_DEADLINE_MS;
  for (;;) {
    if (exited !== null) {
      const { code, signal } = exited as Finished;
      throw new Error(
        `slapd exited before listening (code ${String(code)}, signal ${String(signal)}):\n${output()}`,
      );
    }
    if (await accepts(port)) return;
    if (Date.now() > deadline)
      throw new Error(`slapd did not accept connections within ${START_DEADLINE_MS} ms`);
    // Between connection attempts, give slapd (and the busy machine) a moment.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts slapd with `options.ldif` loaded; fails with how to install it when it is missing. */
export async function startSlapd(options: SlapdOptions): Promise<Slapd> {
  const slapd = findOpenLdapProgram('slapd');
  const slapadd = findOpenLdapProgram('slapadd');
  const schemaDir = findSchemaDir();
  const folder = await mkdtemp(join(tmpdir(), 'shomei-slapd-'));
  try {
    await mkdir(join(folder, 'data'));
    const rootPassword = randomBytes(12).toString('base64url');
    const conf = join(folder, 'slapd.conf');
    if (options.extraSchema !== undefined)
      await writeFile(join(folder, 'extra.schema'), options.extraSchema);
    await writeFile(conf, slapdConf(folder, schemaDir, options, sshaPassword(rootPassword)));
    await writeFile(join(folder, 'data.ldif'), options.ldif);
    const loaded = await run(slapadd, ['-f', conf, '-l', join(folder, 'data.ldif')]);
    if (loaded.code !== 0)
      throw new Error(`slapadd failed (exit ${String(loaded.code)}):\n${loaded.output}`);

    // The port is free when asked for but could be taken before slapd binds it: try again then.
    for (let attempt = 1; ; attempt += 1) {
      const [port, tlsPort] = await freePorts(2);
      if (port === undefined || tlsPort === undefined) throw new Error('no free port');
      const url = `ldap://127.0.0.1:${port}`;
      const ldapsUrl = options.tls === undefined ? undefined : `ldaps://127.0.0.1:${tlsPort}`;
      const listen = ldapsUrl === undefined ? `${url}/` : `${url}/ ${ldapsUrl}/`;
      const child = spawn(
        slapd,
        ['-d', options.logOperations === true ? 'stats' : '0', '-f', conf, '-h', listen],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      try {
        await untilListening(child, port, () => output);
        if (ldapsUrl !== undefined) await untilListening(child, tlsPort, () => output);
      } catch (error) {
        await stopProcess(child);
        if (attempt < 3 && /address already in use/i.test(output)) continue;
        throw error;
      }
      return {
        url,
        port,
        ...(ldapsUrl === undefined ? {} : { ldapsUrl }),
        rootDn: `cn=admin,${options.suffix}`,
        rootPassword,
        log: () => output,
        async stop() {
          await stopProcess(child);
          await rm(folder, { recursive: true, force: true });
        },
      };
    }
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

export interface TestCertificates {
  /** The test CA's certificate (PEM): what a client trusts. */
  readonly caFile: string;
  /** A server certificate for 127.0.0.1 and localhost, signed by that CA. */
  readonly certFile: string;
  readonly keyFile: string;
}

/** A throwaway CA and a server certificate for 127.0.0.1, made with the openssl command. */
export async function makeTestCertificates(folder: string): Promise<TestCertificates> {
  const openssl = ['/usr/bin', '/usr/local/bin', ...(process.env.PATH ?? '').split(delimiter)]
    .map((dir) => join(dir, 'openssl'))
    .find(isExecutable);
  if (openssl === undefined)
    throw new Error('openssl was not found: apt-get install -y --no-install-recommends openssl');
  const file = (name: string) => join(folder, name);
  const steps: string[][] = [
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=Shomei test CA',
    ].concat(['-keyout', file('ca.key'), '-out', file('ca.pem')]),
    ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1'].concat([
      '-keyout',
      file('server.key'),
      '-out',
      file('server.csr'),
    ]),
    [
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
    ].concat([
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      file('server.pem'),
      '-extfile',
      file('san.cnf'),
    ]),
  ];
  await writeFile(file('san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const args of steps) {
    const done = await run(openssl, args);
    if (done.code !== 0)
      throw new Error(
        `openssl ${args[0] ?? ''} failed (exit ${String(done.code)}):\n${done.output}`,
      );
  }
  return { caFile: file('ca.pem'), certFile: file('server.pem'), keyFile: file('server.key') };
}
