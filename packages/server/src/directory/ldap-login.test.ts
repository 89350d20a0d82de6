/**
 * The login of the reference server with the university's LDAP as its student directory: a real
 * slapd, the server over SQLite, requests as the SDK sends them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoTenant } from '@shomei/service';
import {
  startSlapd,
  sshaPassword,
  STUDENT_MAPPING,
  type Slapd,
} from '../../../../test/support/slapd.js';
import type { ServerConfig } from '../config.js';
import { createServer, type ShomeiServer } from '../server.js';
import { createLdapDirectory } from './ldap-directory.js';

const SUFFIX = 'dc=shomei-u,dc=example';
const PEOPLE = `ou=people,${SUFFIX}`;
const BASE_URL = 'http://localhost:4010';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const person = (uid: string, password: string, group: string, department: string) =>
  [
    `dn: uid=${uid},${PEOPLE}`,
    'objectClass: inetOrgPerson',
    `uid: ${uid}`,
    `cn: ${uid}`,
    `sn: ${uid}`,
    `displayName:: ${base64(`学生 ${uid}`)}`,
    `employeeType:: ${base64(group)}`,
    `departmentNumber: ${department}`,
    // inetOrgPerson has no year of study; this directory keeps it in title.
    'title: 1',
    `userPassword: ${sshaPassword(password)}`,
  ].join('\n');

const LDIF = [
  `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: shomei-u\no: Shomei University`,
  `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people`,
  person('S2026101', 'Univ-pass-101', '学部生', 'medicine'),
  person('G2026102', 'Univ-pass-102', '大学院生', 'nursing'),
].join('\n\n');

async function startServer(url: string, dataDir: string): Promise<ShomeiServer> {
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    publicBaseUrl: BASE_URL,
    sandboxSecret: 'test',
    logLevel: 'silent',
    passwordHashIterations: 1000,
    shutdownTimeoutMs: 2000,
  };
  const students = createLdapDirectory({
    url,
    userDnTemplate: `uid={userId},${PEOPLE}`,
    ...STUDENT_MAPPING,
    timeoutMs: 10_000,
  });
  return createServer(config, { tenants: [{ ...createDemoTenant(), students }] });
}

async function login(server: ShomeiServer, userId: string, password: string) {
  const response = await server.fetch(
    new Request(`${BASE_URL}/t/demo/session/login`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Shomei-Client': 'sdk/test',
        'Shomei-Session-Mode': 'bearer',
      },
      body: JSON.stringify({ userId, password }),
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('login with the university LDAP directory', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'shomei-ldap-login-'));
  });
  afterAll(async () => {
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  describe('while the directory is up', () => {
    let slapd: Slapd;
    let server: ShomeiServer;
    beforeAll(async () => {
      slapd = await startSlapd({ suffix: SUFFIX, ldif: LDIF });
      server = await startServer(slapd.url, join(dataDir, 'up'));
    });
    afterAll(async () => {
      await server?.close();
      await slapd?.stop();
    });

    it('A2: the first login takes the university user ID and password, checked by LDAP', async () => {
      expect(await login(server, 'Ｓ２０２６１０１', 'Univ-pass-101')).toEqual({
        status: 200,
        body: { step: 'email-registration', userId: 'S2026101' },
      });
    });

    it('A1: a wrong university password is invalid_credentials, like an unknown user ID', async () => {
      for (const [userId, password] of [
        ['S2026101', 'Univ-pass-102'],
        ['S2099999', 'Univ-pass-101'],
      ] as const) {
        const answer = await login(server, userId, password);
        expect(answer.status).toBe(401);
        expect(answer.body).toMatchObject({ error: { code: 'invalid_credentials' } });
      }
    });

    it('A18: the group mapped from LDAP drives the access rules (graduates go to the office)', async () => {
      const answer = await login(server, 'G2026102', 'Univ-pass-102');
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        error: {
          code: 'access_contact_office',
          notice: { ja: '大学院生の方は、学生支援課へお問い合わせください。' },
        },
      });
    });
  });

  it('A1: while the directory is down the login answers 503 directory_unavailable', async () => {
    const slapd = await startSlapd({ suffix: SUFFIX, ldif: LDIF });
    const server = await startServer(slapd.url, join(dataDir, 'down'));
    try {
      await slapd.stop();
      const answer = await login(server, 'S2026101', 'Univ-pass-101');
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ error: { code: 'directory_unavailable' } });
    } finally {
      await server.close();
      await slapd.stop();
    }
  });
});
