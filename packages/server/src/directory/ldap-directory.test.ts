import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DirectoryUnavailableError, type Logger } from '@shomei/service';
import {
  findOpenLdapProgram,
  makeTestCertificates,
  startSlapd,
  sshaPassword,
  type Slapd,
} from '../../../../test/support/slapd.js';
import {
  createLdapDirectory,
  escapeDnValue,
  escapeFilterValue,
  ldapDirectoryOptionsSchema,
  parseDirectoryTime,
  type LdapDirectoryOptions,
} from './ldap-directory.js';

const SUFFIX = 'dc=shomei-u,dc=example';
const PEOPLE = `ou=people,${SUFFIX}`;
const SERVICE_DN = `cn=shomei,ou=services,${SUFFIX}`;
const SERVICE_PASSWORD = 'service-Secret-42';
const SERVICE_ENV = 'SHOMEI_TEST_LDAP_PASSWORD';

/**
 * What a university adds to inetOrgPerson for its students. The OIDs are under 32473, the
 * enterprise number RFC 5612 reserves for documentation.
 */
const STUDENT_SCHEMA = `
attributetype ( 1.3.6.1.4.1.32473.1.1 NAME 'studentYear'
  EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.32473.1.2 NAME 'studentAvailableFrom'
  EQUALITY generalizedTimeMatch ORDERING generalizedTimeOrderingMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.24 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.32473.1.3 NAME 'universityStudent' SUP top AUXILIARY
  MAY ( studentYear $ studentAvailableFrom ) )
`;

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

interface LdifStudent {
  uid: string;
  password: string;
  displayName?: string;
  employeeType?: string[];
  departmentNumber?: string;
  year?: string;
  availableFrom?: string;
  preferredLanguage?: string;
}

function studentLdif(student: LdifStudent): string {
  const lines = [
    `dn: uid=${student.uid},${PEOPLE}`,
    'objectClass: inetOrgPerson',
    'objectClass: universityStudent',
    `uid: ${student.uid}`,
    `cn: ${student.uid}`,
    `sn: ${student.uid}`,
    `userPassword: ${sshaPassword(student.password)}`,
  ];
  // Japanese values go base64 (`::`), as LDIF wants for anything beyond ASCII.
  if (student.displayName !== undefined)
    lines.push(`displayName;lang-ja:: ${base64(student.displayName)}`);
  for (const type of student.employeeType ?? []) lines.push(`employeeType:: ${base64(type)}`);
  if (student.departmentNumber !== undefined)
    lines.push(`departmentNumber: ${student.departmentNumber}`);
  if (student.year !== undefined) lines.push(`studentYear: ${student.year}`);
  if (student.availableFrom !== undefined)
    lines.push(`studentAvailableFrom: ${student.availableFrom}`);
  if (student.preferredLanguage !== undefined)
    lines.push(`preferredLanguage: ${student.preferredLanguage}`);
  return lines.join('\n');
}

const HANAKO = {
  uid: 'S2026001',
  password: 'Hanako-univ-1',
  displayName: '山田 花子',
  employeeType: ['学部生'],
  departmentNumber: 'medicine',
  year: '2',
  preferredLanguage: 'en-US',
};
const TARO = {
  uid: 'G2025002',
  password: 'Taro-univ-2',
  displayName: '鈴木 太郎',
  employeeType: ['大学院生', '職員'],
  departmentNumber: 'nursing',
  year: '1',
  // 25 March 2026, 15:00 in Tokyo.
  availableFrom: '20260325150000+0900',
};
/** Right password, but no department: cannot be a Student. */
const NO_DEPARTMENT = {
  uid: 'S2026003',
  password: 'Nodept-univ-3',
  displayName: '佐藤 次郎',
  employeeType: ['学部生'],
  year: '3',
};
/** A group the tenant did not map. */
const AUDITOR = {
  uid: 'S2026004',
  password: 'Auditor-univ-4',
  displayName: '高橋 三郎',
  employeeType: ['研究生'],
  departmentNumber: 'medicine',
  year: '1',
};

const LDIF = [
  `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: shomei-u\no: Shomei University`,
  `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people`,
  `dn: ou=services,${SUFFIX}\nobjectClass: organizationalUnit\nou: services`,
  `dn: ${SERVICE_DN}\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: shomei\nuserPassword: ${sshaPassword(SERVICE_PASSWORD)}`,
  ...[HANAKO, TARO, NO_DEPARTMENT, AUDITOR].map(studentLdif),
].join('\n\n');

const ATTRIBUTES = {
  userId: 'uid',
  name: 'displayName;lang-ja',
  group: 'employeeType',
  department: 'departmentNumber',
  year: 'studentYear',
  availableFrom: 'studentAvailableFrom',
  preferredLocale: 'preferredLanguage',
} as const;
const GROUP_VALUES = { 学部生: 'undergraduate', 大学院生: 'graduate' } as const;

function recordingLogger() {
  const warnings: { message: string; data?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    error: () => {},
    warn: (message, data) => warnings.push({ message, ...(data ? { data } : {}) }),
    info: () => {},
  };
  return { logger, warnings };
}

/**
 * The LDAP operations (BIND, SRCH, UNBIND) of the first connection slapd accepted after log
 * offset `from`, in order, once that connection has closed (the call is complete).
 */
async function operationsOfNextConnection(slapd: Slapd, from: number): Promise<string[]> {
  for (;;) {
    const log = slapd.log().slice(from);
    const connection = / conn=(\d+) fd=\d+ ACCEPT /.exec(log)?.[1];
    if (connection !== undefined && new RegExp(` conn=${connection} fd=\\d+ closed`).test(log)) {
      const operations = new Map<string, string>();
      for (const match of log.matchAll(
        new RegExp(` conn=${connection} op=(\\d+) (BIND|SRCH|UNBIND)\\b`, 'g'),
      ))
        if (!operations.has(match[1] ?? '')) operations.set(match[1] ?? '', match[2] ?? '');
      return [...operations.values()];
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('createLdapDirectory against a real OpenLDAP', () => {
  let slapd: Slapd;
  let templateOptions: LdapDirectoryOptions;
  let searchOptions: LdapDirectoryOptions;
  const env = { [SERVICE_ENV]: SERVICE_PASSWORD };

  beforeAll(async () => {
    slapd = await startSlapd({
      suffix: SUFFIX,
      ldif: LDIF,
      extraSchema: STUDENT_SCHEMA,
      // Anyone may read everything but passwords, as many campus directories allow: an empty
      // password (an anonymous bind) would then be enough to read a student's entry.
      access: `
access to attrs=userPassword by anonymous auth by self auth by * none
access to * by * read
`,
      logOperations: true,
    });
    templateOptions = {
      url: slapd.url,
      userDnTemplate: `uid={userId},${PEOPLE}`,
      attributes: ATTRIBUTES,
      groupValues: GROUP_VALUES,
      timeoutMs: 10_000,
    };
    searchOptions = {
      url: slapd.url,
      searchBase: PEOPLE,
      searchFilter: '(&(objectClass=inetOrgPerson)(uid={userId}))',
      bindDn: SERVICE_DN,
      bindPasswordEnv: SERVICE_ENV,
      attributes: ATTRIBUTES,
      groupValues: GROUP_VALUES,
      timeoutMs: 10_000,
    };
  });
  afterAll(async () => {
    await slapd?.stop();
  });

  for (const mode of ['template', 'search'] as const) {
    const options = () => (mode === 'template' ? templateOptions : searchOptions);

    describe(`${mode} mode`, () => {
      it('A1: the right university password gives the student, mapped from the attributes', async () => {
        const directory = createLdapDirectory(options(), { env });
        try {
          expect(await directory.authenticate('S2026001', HANAKO.password)).toEqual({
            userId: 'S2026001',
            name: '山田 花子',
            group: 'undergraduate',
            department: 'medicine',
            year: 2,
            preferredLocale: 'en',
          });
        } finally {
          await directory.close();
        }
      });

      it('A1: a wrong password, an unknown user ID and an empty password all answer null', async () => {
        const directory = createLdapDirectory(options(), { env });
        try {
          expect(await directory.authenticate('S2026001', 'Hanako-univ-2')).toBeNull();
          expect(await directory.authenticate('S2099999', HANAKO.password)).toBeNull();
          // An empty password would be an anonymous bind, which "succeeds".
          expect(await directory.authenticate('S2026001', '')).toBeNull();
          expect(await directory.authenticate('', HANAKO.password)).toBeNull();
        } finally {
          await directory.close();
        }
      });

      it('A1: an unknown user ID costs the same LDAP operations as a wrong password', async () => {
        const directory = createLdapDirectory(options(), { env });
        try {
          const measure = async (userId: string) => {
            const from = slapd.log().length;
            expect(await directory.authenticate(userId, 'not-the-password')).toBeNull();
            return operationsOfNextConnection(slapd, from);
          };
          const wrongPassword = await measure('S2026001');
          const unknownUser = await measure('S2099999');
          expect(wrongPassword).toContain('BIND');
          expect(unknownUser).toEqual(wrongPassword);
          if (mode === 'search') expect(wrongPassword).toEqual(['BIND', 'SRCH', 'BIND', 'UNBIND']);
          else expect(wrongPassword).toEqual(['BIND', 'UNBIND']);
        } finally {
          await directory.close();
        }
      });

      it('A1: full-width and lower-case student numbers find the student, in the directory’s own spelling', async () => {
        const directory = createLdapDirectory(options(), { env });
        try {
          expect(
            await directory.authenticate('　Ｓ２０２６００１ ', HANAKO.password),
          ).toMatchObject({
            userId: 'S2026001',
          });
          expect(await directory.authenticate('s2026001', HANAKO.password)).toMatchObject({
            userId: 'S2026001',
          });
        } finally {
          await directory.close();
        }
      });

      it('A1: an injection in the user ID matches nobody', async () => {
        const directory = createLdapDirectory(options(), { env });
        try {
          for (const userId of [
            '*)(uid=*',
            '*',
            'S2026001*',
            'S2026001)(uid=*',
            `S2026001,${PEOPLE}`,
            // Special in a DN: unescaped, these break its syntax (an error, not a refusal).
            'S2026001\\',
            '<S2026001>',
            'S2026001+cn=S2026001',
            '"S2026001"',
          ])
            expect(await directory.authenticate(userId, HANAKO.password)).toBeNull();
          expect(await directory.find('*')).toBeNull();
        } finally {
          await directory.close();
        }
      });

      it('A18: the graduate group and the available-from time come from the directory', async () => {
        const directory = createLdapDirectory(options(), { env });
        try {
          // 大学院生 maps to graduate; 職員, a second value the tenant did not map, is ignored.
          expect(await directory.authenticate('G2025002', TARO.password)).toEqual({
            userId: 'G2025002',
            name: '鈴木 太郎',
            group: 'graduate',
            department: 'nursing',
            year: 1,
            availableFrom: '2026-03-25T06:00:00.000Z',
          });
        } finally {
          await directory.close();
        }
      });

      it('A1: a student with a missing attribute or an unmapped group is refused with a logged reason', async () => {
        const { logger, warnings } = recordingLogger();
        const directory = createLdapDirectory(options(), { env, logger });
        try {
          expect(await directory.authenticate('S2026003', NO_DEPARTMENT.password)).toBeNull();
          expect(await directory.authenticate('S2026004', AUDITOR.password)).toBeNull();
          expect(warnings).toEqual([
            {
              message: 'LDAP directory: this student cannot use the service',
              data: {
                userId: 'S2026003',
                dn: `uid=S2026003,${PEOPLE}`,
                reason: 'missing department (departmentNumber)',
              },
            },
            {
              message: 'LDAP directory: this student cannot use the service',
              data: {
                userId: 'S2026004',
                dn: `uid=S2026004,${PEOPLE}`,
                reason: 'no group for employeeType ["研究生"]; map it in groupValues',
              },
            },
          ]);
        } finally {
          await directory.close();
        }
      });
    });
  }

  it('A1: find reads a student through the service account, without their password', async () => {
    for (const options of [
      searchOptions,
      { ...templateOptions, bindDn: SERVICE_DN, bindPasswordEnv: SERVICE_ENV },
    ]) {
      const directory = createLdapDirectory(options, { env });
      try {
        expect(await directory.find('S2026001')).toMatchObject({ userId: 'S2026001', year: 2 });
        expect(await directory.find('S2099999')).toBeNull();
      } finally {
        await directory.close();
      }
    }
  });

  it('a refused service account is a configuration error naming it, not a wrong student password', async () => {
    const directory = createLdapDirectory(searchOptions, { env: { [SERVICE_ENV]: 'wrong' } });
    try {
      const failure = directory.authenticate('S2026001', HANAKO.password);
      await expect(failure).rejects.toThrow(
        `the service account ${SERVICE_DN} was refused; check bindDn and ${SERVICE_ENV}`,
      );
      await expect(failure).rejects.not.toBeInstanceOf(DirectoryUnavailableError);
    } finally {
      await directory.close();
    }
  });

  it('the service account password must be in the named environment variable', () => {
    expect(() => createLdapDirectory(searchOptions, { env: {} })).toThrow(
      `the environment variable ${SERVICE_ENV} (bindPasswordEnv) must hold the password of ${SERVICE_DN}`,
    );
  });

  it('A1: a directory that was up and went down throws DirectoryUnavailableError', async () => {
    const own = await startSlapd({ suffix: SUFFIX, ldif: LDIF, extraSchema: STUDENT_SCHEMA });
    const directory = createLdapDirectory({ ...templateOptions, url: own.url }, { env });
    try {
      expect(await directory.authenticate('S2026001', HANAKO.password)).not.toBeNull();
      await own.stop();
      const failure = directory.authenticate('S2026001', HANAKO.password);
      await expect(failure).rejects.toBeInstanceOf(DirectoryUnavailableError);
      await expect(failure).rejects.toMatchObject({
        reason: 'unreachable',
        message: expect.stringContaining(`the student directory at ${own.url} is unreachable`),
      });
    } finally {
      await own.stop();
      await directory.close();
    }
  });
});

describe('createLdapDirectory over TLS', () => {
  let folder: string;
  let slapd: Slapd;
  let caFile: string;
  let ldapsUrl: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'shomei-ldap-tls-'));
    const certificates = await makeTestCertificates(folder);
    caFile = certificates.caFile;
    slapd = await startSlapd({
      suffix: SUFFIX,
      ldif: LDIF,
      extraSchema: STUDENT_SCHEMA,
      tls: certificates,
      logOperations: true,
    });
    if (slapd.ldapsUrl === undefined) throw new Error('slapd has no ldaps:// URL');
    ldapsUrl = slapd.ldapsUrl;
  });
  afterAll(async () => {
    await slapd?.stop();
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  const options = (url: string, tls?: LdapDirectoryOptions['tls']): LdapDirectoryOptions => ({
    url,
    userDnTemplate: `uid={userId},${PEOPLE}`,
    attributes: ATTRIBUTES,
    groupValues: GROUP_VALUES,
    timeoutMs: 10_000,
    ...(tls === undefined ? {} : { tls }),
  });

  /** The security strength slapd logged for the next simple bind of `dn` after `from`. */
  async function bindStrength(from: number, dn: string): Promise<number> {
    const pattern = new RegExp(`BIND dn="${dn}" mech=SIMPLE bind_ssf=\\d+ ssf=(\\d+)`);
    for (;;) {
      const strength = pattern.exec(slapd.log().slice(from))?.[1];
      if (strength !== undefined) return Number(strength);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('A1: ldaps:// with the university CA checks the password over TLS', async () => {
    const directory = createLdapDirectory(options(ldapsUrl, { caFile }));
    try {
      const from = slapd.log().length;
      expect(await directory.authenticate('S2026001', HANAKO.password)).toMatchObject({
        userId: 'S2026001',
      });
      expect(await bindStrength(from, `uid=S2026001,${PEOPLE}`)).toBeGreaterThan(0);
    } finally {
      await directory.close();
    }
  });

  it('A1: StartTLS protects an ldap:// connection before the password is sent', async () => {
    const directory = createLdapDirectory(options(slapd.url, { caFile, startTls: true }));
    try {
      const from = slapd.log().length;
      expect(await directory.authenticate('S2026001', HANAKO.password)).toMatchObject({
        userId: 'S2026001',
      });
      expect(await bindStrength(from, `uid=S2026001,${PEOPLE}`)).toBeGreaterThan(0);
    } finally {
      await directory.close();
    }
  });

  it('a certificate the server cannot prove is refused before any password is sent', async () => {
    for (const tls of [undefined, { startTls: true }]) {
      const directory = createLdapDirectory(options(tls === undefined ? ldapsUrl : slapd.url, tls));
      try {
        const from = slapd.log().length;
        const failure = directory.authenticate('S2026001', HANAKO.password);
        await expect(failure).rejects.toBeInstanceOf(DirectoryUnavailableError);
        await expect(failure).rejects.toMatchObject({
          reason: 'unreachable',
          message: expect.stringMatching(/certificate/),
        });
        expect(slapd.log().slice(from)).not.toMatch(/ BIND dn=/);
      } finally {
        await directory.close();
      }
    }
    // rejectUnauthorized: false is the tenant's explicit choice (a test system, say).
    const lax = createLdapDirectory(options(ldapsUrl, { rejectUnauthorized: false }));
    try {
      expect(await lax.authenticate('S2026001', HANAKO.password)).not.toBeNull();
    } finally {
      await lax.close();
    }
  });

  it('warns when passwords would cross the network in clear', () => {
    const { logger, warnings } = recordingLogger();
    createLdapDirectory(options('ldap://ldap.shomei-u.example'), { logger });
    createLdapDirectory(options('ldap://ldap.shomei-u.example', { startTls: true }), { logger });
    createLdapDirectory(options('ldaps://ldap.shomei-u.example'), { logger });
    createLdapDirectory(options('ldap://127.0.0.1:389'), { logger });
    expect(warnings).toEqual([
      {
        message: 'LDAP directory: passwords cross the network in clear; use ldaps:// or startTls',
        data: { url: 'ldap://ldap.shomei-u.example' },
      },
    ]);
  });
});

describe('createLdapDirectory against a server that never answers', () => {
  let server: Server;
  let url: string;
  const sockets = new Set<Socket>();
  let accepted = 0;

  beforeAll(async () => {
    // Accepts connections and reads what it is sent, but never answers: a hung directory.
    server = createServer((socket) => {
      accepted += 1;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    url = `ldap://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('A1: no answer within timeoutMs throws DirectoryUnavailableError with reason timeout', async () => {
    const timeoutMs = 400;
    const directory = createLdapDirectory({
      url,
      userDnTemplate: `uid={userId},${PEOPLE}`,
      attributes: ATTRIBUTES,
      timeoutMs,
    });
    try {
      const started = performance.now();
      const failure = directory.authenticate('S2026001', HANAKO.password);
      await expect(failure).rejects.toBeInstanceOf(DirectoryUnavailableError);
      await expect(failure).rejects.toMatchObject({
        reason: 'timeout',
        message: expect.stringContaining(`did not answer within ${timeoutMs} ms`),
      });
      // It waited for the timeout (not a refusal) and gave up instead of hanging: the test's
      // own limit is the upper bound.
      expect(performance.now() - started).toBeGreaterThanOrEqual(timeoutMs - 50);
      expect(accepted).toBeGreaterThan(0);
    } finally {
      await directory.close();
    }
  });
});

describe('a directory that is alive but will not work', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Beside the real slapd: a server that answers every request "busy" (result code 51), as a
    // directory does under load or during maintenance. One LDAPMessage per request; the BER
    // here is only what a BindResponse needs.
    server = createServer((socket) => {
      socket.on('data', (data: Buffer) => {
        // LDAPMessage ::= SEQUENCE { messageID INTEGER, ... }: skip the sequence's length.
        const lengthBytes = (data[1] ?? 0) & 0x80 ? (data[1] ?? 0) & 0x7f : 0;
        const idAt = 2 + lengthBytes;
        const id = data.subarray(idAt, idAt + 2 + (data[idAt + 1] ?? 0));
        const bindResponse = Buffer.from([0x61, 0x07, 0x0a, 0x01, 51, 0x04, 0x00, 0x04, 0x00]);
        socket.write(
          Buffer.concat([Buffer.from([0x30, id.length + bindResponse.length]), id, bindResponse]),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no address');
    url = `ldap://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('A1: a busy answer throws DirectoryUnavailableError with reason busy', async () => {
    const directory = createLdapDirectory({
      url,
      userDnTemplate: `uid={userId},${PEOPLE}`,
      attributes: ATTRIBUTES,
    });
    try {
      const failure = directory.authenticate('S2026001', HANAKO.password);
      await expect(failure).rejects.toBeInstanceOf(DirectoryUnavailableError);
      await expect(failure).rejects.toMatchObject({
        reason: 'busy',
        message: expect.stringContaining(`the student directory at ${url} refused to work`),
      });
    } finally {
      await directory.close();
    }
  });
});

describe('test/support/slapd', () => {
  it('fails with how to install OpenLDAP when slapd is missing', () => {
    expect(() => findOpenLdapProgram('slapd', ['/nonexistent'])).toThrow(
      'slapd was not found (looked in /nonexistent): install OpenLDAP: apt-get install -y --no-install-recommends slapd ldap-utils',
    );
  });
});

describe('escaping', () => {
  it('escapes a DN attribute value per RFC 4514', () => {
    expect(escapeDnValue('S2026001')).toBe('S2026001');
    expect(escapeDnValue('a,b+c"d\\e<f>g;h=i')).toBe('a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h\\=i');
    expect(escapeDnValue('#x ')).toBe('\\#x\\ ');
    expect(escapeDnValue(' x')).toBe('\\ x');
    expect(escapeDnValue('a\0b')).toBe('a\\00b');
    expect(escapeDnValue('*)(uid=*')).toBe('*)(uid\\=*');
  });

  it('escapes a filter assertion value per RFC 4515', () => {
    expect(escapeFilterValue('S2026001')).toBe('S2026001');
    expect(escapeFilterValue('*)(uid=*')).toBe('\\2a\\29\\28uid=\\2a');
    expect(escapeFilterValue('a\\b\0')).toBe('a\\5cb\\00');
    expect(escapeFilterValue('山田')).toBe('山田');
  });
});

describe('parseDirectoryTime', () => {
  it('reads GeneralizedTime with any zone and precision, and ISO 8601', () => {
    expect(parseDirectoryTime('20260325060000Z')).toBe('2026-03-25T06:00:00.000Z');
    expect(parseDirectoryTime('202603251500+0900')).toBe('2026-03-25T06:00:00.000Z');
    expect(parseDirectoryTime('2026032515+09')).toBe('2026-03-25T06:00:00.000Z');
    expect(parseDirectoryTime('20260325060000.5Z')).toBe('2026-03-25T06:00:00.500Z');
    expect(parseDirectoryTime('2026-03-25T15:00:00+09:00')).toBe('2026-03-25T06:00:00.000Z');
    expect(parseDirectoryTime('20261325060000Z')).toBeNull();
    expect(parseDirectoryTime('next spring')).toBeNull();
    expect(parseDirectoryTime('2026')).toBeNull();
  });
});

describe('ldapDirectoryOptionsSchema', () => {
  const valid = {
    url: 'ldaps://ldap.shomei-u.example',
    userDnTemplate: `uid={userId},${PEOPLE}`,
    attributes: {
      userId: 'uid',
      name: 'cn',
      group: 'eduPersonAffiliation',
      department: 'ou',
      year: 'studentYear',
    },
  };
  const problems = (input: unknown) => {
    const result = ldapDirectoryOptionsSchema.safeParse(input);
    return result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('fills the defaults', () => {
    expect(ldapDirectoryOptionsSchema.parse(valid)).toMatchObject({
      searchScope: 'sub',
      timeoutMs: 5000,
    });
    expect(ldapDirectoryOptionsSchema.parse({ ...valid, tls: {} }).tls).toEqual({
      rejectUnauthorized: true,
      startTls: false,
    });
  });

  it('wants exactly one way to find the DN, and a service account for a search', () => {
    expect(
      problems({
        ...valid,
        searchBase: PEOPLE,
        searchFilter: '(uid={userId})',
        bindDn: SERVICE_DN,
        bindPasswordEnv: SERVICE_ENV,
      }),
    ).toEqual([
      'userDnTemplate: give either userDnTemplate or searchBase and searchFilter, not both',
    ]);
    const { userDnTemplate: _template, ...noTemplate } = valid;
    expect(problems(noTemplate)).toEqual([
      'userDnTemplate: give either userDnTemplate or searchBase and searchFilter, not both',
    ]);
    expect(problems({ ...noTemplate, searchBase: PEOPLE, searchFilter: '(uid={userId})' })).toEqual(
      ['bindDn: a search needs a service account (bindDn and bindPasswordEnv)'],
    );
    expect(problems({ ...valid, bindDn: SERVICE_DN })).toEqual([
      'bindPasswordEnv: bindDn and bindPasswordEnv go together',
    ]);
  });

  it('refuses what would not work: no {userId}, other schemes, unknown keys and groups, a password in the file', () => {
    expect(problems({ ...valid, userDnTemplate: `uid=S2026001,${PEOPLE}` })).toEqual([
      'userDnTemplate: userDnTemplate must contain {userId}',
    ]);
    expect(problems({ ...valid, url: 'http://ldap.example' })).toEqual([
      'url: must be ldap://host[:port] or ldaps://host[:port]',
    ]);
    expect(problems({ ...valid, groupValues: { 学部生: 'student' } })).toHaveLength(1);
    expect(problems({ ...valid, bindDn: SERVICE_DN, bindPassword: 'secret' })).toContain(
      ': Unrecognized key: "bindPassword"',
    );
    expect(
      problems({ ...valid, attributes: { ...valid.attributes, year: 'student year' } }),
    ).toEqual([
      'attributes.year: must be an LDAP attribute name such as uid or displayName;lang-ja',
    ]);
    expect(problems({ ...valid, tls: { startTls: true } })).toEqual([
      'tls.startTls: startTls is for ldap:// URLs; ldaps:// is TLS from the start',
    ]);
  });

  it('embeds in a tenant configuration as { kind: "ldap", ...options }', () => {
    const directory = z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('csv'), file: z.string() }),
      ldapDirectoryOptionsSchema.extend({ kind: z.literal('ldap') }),
    ]);
    expect(directory.parse({ kind: 'ldap', ...valid })).toMatchObject({
      kind: 'ldap',
      timeoutMs: 5000,
    });
    expect(directory.safeParse({ kind: 'ldap', ...valid, userDnTemplate: undefined }).success).toBe(
      false,
    );
  });

  it('createLdapDirectory refuses bad options with the problems in its message', () => {
    expect(() => createLdapDirectory({ ...valid, url: 'ldap.example' })).toThrow(
      /LDAP directory options: .*must be ldap:\/\/host/,
    );
    expect(() => createLdapDirectory({ ...valid, tls: { caFile: '/nonexistent/ca.pem' } })).toThrow(
      'LDAP directory: tls.caFile /nonexistent/ca.pem cannot be read',
    );
  });
});
