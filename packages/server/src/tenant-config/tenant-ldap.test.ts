/**
 * X6 with a real OpenLDAP (test/support/slapd.ts): a university whose students are in its LDAP
 * directory is configured by its tenant file alone, with the service account's password in the
 * environment, and its students log in to the server started from that file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startSlapd,
  sshaPassword,
  STUDENT_MAPPING,
  type Slapd,
} from '../../../../test/support/slapd.js';
import { createServer, type ShomeiServer } from '../server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const SUFFIX = 'dc=kita-u,dc=example';
const PEOPLE = `ou=people,${SUFFIX}`;
const SERVICE = `cn=shomei,${SUFFIX}`;
const BASE_URL = 'http://localhost:4010';
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

const LDIF = [
  `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: kita-u\no: Kita University`,
  `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people`,
  [
    `dn: ${SERVICE}`,
    'objectClass: person',
    'cn: shomei',
    'sn: shomei',
    `userPassword: ${sshaPassword('service-secret')}`,
  ].join('\n'),
  [
    // The DN does not follow the student number: the server must search for it.
    `dn: cn=Kita Hanako,${PEOPLE}`,
    'objectClass: inetOrgPerson',
    'cn: Kita Hanako',
    'sn: Kita',
    'uid: K2026001',
    `displayName:: ${base64('北 花子')}`,
    `employeeType:: ${base64('学部生')}`,
    'departmentNumber: letters',
    'title: 2',
    `userPassword: ${sshaPassword('Kita-pass-2026')}`,
  ].join('\n'),
].join('\n\n');

describe('X6: a tenant file with an LDAP directory', () => {
  let slapd: Slapd;
  let dir: string;
  let server: ShomeiServer;
  beforeAll(async () => {
    slapd = await startSlapd({ suffix: SUFFIX, ldif: LDIF });
    dir = mkdtempSync(join(tmpdir(), 'shomei-tenant-ldap-'));
    const demo = JSON.parse(
      readFileSync(join(root, 'examples/tenants/demo.json'), 'utf8'),
    ) as Record<string, unknown>;
    const file = join(dir, 'kita.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...demo,
        tenantId: 'kita',
        name: { ja: '北大学', en: 'Kita University' },
        directory: {
          kind: 'ldap',
          url: slapd.url,
          searchBase: PEOPLE,
          searchFilter: '(&(objectClass=inetOrgPerson)(uid={userId}))',
          bindDn: SERVICE,
          bindPasswordEnv: 'KITA_LDAP_PASSWORD',
          ...STUDENT_MAPPING,
          timeoutMs: 10_000,
        },
      }),
    );
    process.env.KITA_LDAP_PASSWORD = 'service-secret';
    server = await createServer({
      port: 0,
      host: '127.0.0.1',
      dataDir: dir,
      publicBaseUrl: BASE_URL,
      sandboxSecret: 'test',
      logLevel: 'silent',
      passwordHashIterations: 1000,
      shutdownTimeoutMs: 2000,
      tenantFile: file,
    });
  });
  afterAll(async () => {
    delete process.env.KITA_LDAP_PASSWORD;
    await server?.close();
    await slapd?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('X6: the students of the file’s LDAP directory log in (first login: email registration)', async () => {
    const login = async (password: string) => {
      const response = await server.fetch(
        new Request(`${BASE_URL}/t/kita/session/login`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Shomei-Client': 'sdk/test',
            'Shomei-Session-Mode': 'bearer',
          },
          body: JSON.stringify({ userId: 'K2026001', password }),
        }),
      );
      return { status: response.status, body: (await response.json()) as unknown };
    };
    expect(await login('Kita-pass-2026')).toEqual({
      status: 200,
      body: { step: 'email-registration', userId: 'K2026001' },
    });
    expect(await login('wrong-password')).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_credentials' } },
    });
    const student = await server.tenants[0]?.students.find('K2026001');
    expect(student).toMatchObject({ name: '北 花子', group: 'undergraduate', year: 2 });
  });
});
