/**
 * The university's students in its own LDAP directory (A1/A2), next to the CSV roster: the
 * password is checked by binding as the student, so it never leaves the university's hands as
 * a hash, and the directory's attributes become a `Student` through a mapping the tenant writes:
 *
 *     {
 *       "url": "ldaps://ldap.shomei-u.example",
 *       "userDnTemplate": "uid={userId},ou=people,dc=shomei-u,dc=example",
 *       "attributes": { "userId": "uid", "name": "displayName;lang-ja", "group": "employeeType",
 *                       "department": "departmentNumber", "year": "studentYear" },
 *       "groupValues": { "学部生": "undergraduate", "大学院生": "graduate" }
 *     }
 *
 * or, where DNs do not follow the student number, a search with a service account whose
 * password lives in an environment variable (`searchBase`, `searchFilter`, `bindDn`,
 * `bindPasswordEnv`). Design and timing: docs/decisions/0015.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import {
  Client,
  InvalidCredentialsError,
  NoSuchObjectError,
  ResultCodeError,
  type Entry,
} from 'ldapts';
import { z } from 'zod';
import {
  LOCALES,
  normalizeUserId,
  STUDENT_GROUPS,
  type Locale,
  type Student,
  type StudentGroup,
} from '@shomei/core';
import {
  consoleLogger,
  DirectoryUnavailableError,
  type Logger,
  type StudentDirectory,
} from '@shomei/service';

const USER_ID = '{userId}';

/** An attribute description: a name or OID, with options such as `;lang-ja` (RFC 4512 §2.5). */
const attributeName = z
  .string()
  .regex(
    /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9-]+)*$/,
    'must be an LDAP attribute name such as uid or displayName;lang-ja',
  );

const withUserId = (what: string) =>
  z.string().refine((value) => value.includes(USER_ID), `${what} must contain ${USER_ID}`);

/**
 * The options of an LDAP student directory, as a tenant's configuration file holds them. The
 * password of the service account is never in the file: `bindPasswordEnv` names the variable.
 */
export const ldapDirectoryOptionsSchema = z
  .strictObject({
    /** `ldap://host[:port]` or `ldaps://host[:port]`. */
    url: z
      .string()
      .regex(/^ldaps?:\/\/[^\s/?#]+\/?$/i, 'must be ldap://host[:port] or ldaps://host[:port]'),
    /** The student's DN, e.g. `uid={userId},ou=people,dc=u,dc=example` (RFC 4514 escaped). */
    userDnTemplate: withUserId('userDnTemplate').optional(),
    /** Where to search for the student (with `searchFilter`), as the service account. */
    searchBase: z.string().min(1).optional(),
    /** e.g. `(&(objectClass=inetOrgPerson)(uid={userId}))` (RFC 4515 escaped). */
    searchFilter: withUserId('searchFilter')
      .refine(
        (value) => value.startsWith('(') && value.endsWith(')'),
        'searchFilter must be in parentheses',
      )
      .optional(),
    searchScope: z.enum(['one', 'sub']).default('sub'),
    /** The service account that searches (required with a search; optional for `find`). */
    bindDn: z.string().min(1).optional(),
    /** The environment variable holding the service account's password. */
    bindPasswordEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
      .optional(),
    /** Which LDAP attribute holds each field of a Student. */
    attributes: z.strictObject({
      userId: attributeName,
      name: attributeName,
      group: attributeName,
      department: attributeName,
      year: attributeName,
      availableFrom: attributeName.optional(),
      preferredLocale: attributeName.optional(),
    }),
    /**
     * The group attribute's values and the group each means (e.g. `{"学部生": "undergraduate"}`).
     * Without it the values must be the groups' own names. A value that maps to no group
     * makes the student unusable (logged), never a guess.
     */
    groupValues: z.record(z.string().min(1), z.enum(STUDENT_GROUPS)).optional(),
    /** Limit for connecting and for each operation, in milliseconds. */
    timeoutMs: z.int().positive().max(120_000).default(5_000),
    tls: z
      .strictObject({
        /** A PEM file of the CA that signed the directory's certificate. */
        caFile: z.string().min(1).optional(),
        rejectUnauthorized: z.boolean().default(true),
        /** Upgrade an ldap:// connection with StartTLS before any password is sent. */
        startTls: z.boolean().default(false),
      })
      .optional(),
  })
  .superRefine((options, context) => {
    const search = options.searchBase !== undefined || options.searchFilter !== undefined;
    if ((options.userDnTemplate !== undefined) === search)
      context.addIssue({
        code: 'custom',
        message: 'give either userDnTemplate or searchBase and searchFilter, not both',
        path: ['userDnTemplate'],
      });
    if (search && (options.searchBase === undefined || options.searchFilter === undefined))
      context.addIssue({
        code: 'custom',
        message: 'a search needs both searchBase and searchFilter',
        path: [options.searchBase === undefined ? 'searchBase' : 'searchFilter'],
      });
    if ((options.bindDn === undefined) !== (options.bindPasswordEnv === undefined))
      context.addIssue({
        code: 'custom',
        message: 'bindDn and bindPasswordEnv go together',
        path: [options.bindDn === undefined ? 'bindDn' : 'bindPasswordEnv'],
      });
    if (search && options.bindDn === undefined)
      context.addIssue({
        code: 'custom',
        message: 'a search needs a service account (bindDn and bindPasswordEnv)',
        path: ['bindDn'],
      });
    if (options.tls?.startTls === true && /^ldaps:/i.test(options.url))
      context.addIssue({
        code: 'custom',
        message: 'startTls is for ldap:// URLs; ldaps:// is TLS from the start',
        path: ['tls', 'startTls'],
      });
  });

/** What `createLdapDirectory` takes (defaults may be left out). */
export type LdapDirectoryOptions = z.input<typeof ldapDirectoryOptionsSchema>;
type Options = z.output<typeof ldapDirectoryOptionsSchema>;

/** RFC 4514 §2.4: a user ID as an attribute value inside a DN. */
export function escapeDnValue(value: string): string {
  return value
    .replace(/[\\"+,;<>=]/g, (char) => `\\${char}`)
    .replace(/\0/g, '\\00')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}

/** RFC 4515 §3: a user ID as an assertion value inside a filter. */
export function escapeFilterValue(value: string): string {
  return value.replace(
    /[\\*()\0]/g,
    (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** RFC 4517 §3.3.13 GeneralizedTime (`20260325030000Z`, `202603251200+0900`) or ISO 8601. */
export function parseDirectoryTime(value: string): string | null {
  const generalized =
    /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?(Z|[+-]\d{2}(?:\d{2})?)$/.exec(
      value,
    );
  if (generalized !== null) {
    const [, year, month, day, hour, minute = '00', second = '00', fraction, zone = 'Z'] =
      generalized;
    const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3, 5) || '00'}`;
    const millis = fraction === undefined ? '' : `.${fraction.padEnd(3, '0').slice(0, 3)}`;
    const time = Date.parse(
      `${year}-${month}-${day}T${hour}:${minute}:${second}${millis}${offset}`,
    );
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** A `preferredLanguage`-like value (`ja`, `en-US`, `zh-Hans, en;q=0.8`) as a product locale. */
function localeOf(value: string): Locale | undefined {
  const tag = value.split(/[,;]/)[0]?.trim().toLowerCase() ?? '';
  return (
    LOCALES.find((locale) => locale.toLowerCase() === tag) ??
    LOCALES.find((locale) => locale.toLowerCase() === tag.split('-')[0])
  );
}

/** An attribute's values as text; attribute names match case-insensitively (RFC 4512). */
function valuesOf(entry: Entry, attribute: string): string[] {
  const wanted = attribute.toLowerCase();
  const key = Object.keys(entry).find((name) => name !== 'dn' && name.toLowerCase() === wanted);
  const raw = key === undefined ? [] : entry[key];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list
    .map((value) => (typeof value === 'string' ? value : value.toString('utf8')).trim())
    .filter((value) => value !== '');
}

type Built = { student: Student } | { problem: string };

/** The Student of an entry, or why the entry cannot be one. */
function studentOf(entry: Entry, options: Options): Built {
  const { attributes } = options;
  const single = (field: keyof Options['attributes']): string | undefined => {
    const attribute = attributes[field];
    return attribute === undefined ? undefined : valuesOf(entry, attribute)[0];
  };
  const missing = (['userId', 'name', 'group', 'department', 'year'] as const).filter(
    (field) => single(field) === undefined,
  );
  if (missing.length > 0)
    return {
      problem: `missing ${missing.map((field) => `${field} (${attributes[field]})`).join(', ')}`,
    };

  const groupValues = valuesOf(entry, attributes.group);
  const groups = new Set(
    groupValues
      .map((value) =>
        options.groupValues === undefined
          ? (STUDENT_GROUPS as readonly string[]).includes(value)
            ? (value as StudentGroup)
            : undefined
          : options.groupValues[value],
      )
      .filter((group) => group !== undefined),
  );
  if (groups.size !== 1)
    return {
      problem:
        groups.size === 0
          ? `no group for ${attributes.group} ${JSON.stringify(groupValues)}; map it in groupValues`
          : `${attributes.group} ${JSON.stringify(groupValues)} means more than one group`,
    };

  const yearText = single('year') ?? '';
  const year = /^\d+$/.test(yearText) ? Number(yearText) : Number.NaN;
  if (!Number.isSafeInteger(year) || year < 1)
    return { problem: `${attributes.year} ${JSON.stringify(yearText)} is not a positive year` };

  const availableFromText = single('availableFrom');
  const availableFrom =
    availableFromText === undefined ? undefined : parseDirectoryTime(availableFromText);
  // A18: a date that cannot be read must not let the student in early.
  if (availableFrom === null)
    return {
      problem: `${String(attributes.availableFrom)} ${JSON.stringify(availableFromText)} is not a time`,
    };
  const localeText = single('preferredLocale');
  const preferredLocale = localeText === undefined ? undefined : localeOf(localeText);

  return {
    student: {
      userId: normalizeUserId(single('userId') ?? ''),
      name: single('name') ?? '',
      group: [...groups][0] as StudentGroup,
      department: single('department') ?? '',
      year,
      ...(availableFrom === undefined ? {} : { availableFrom }),
      ...(preferredLocale === undefined ? {} : { preferredLocale }),
    },
  };
}

/**
 * The directory answered, but not as configured: a refused service account, a base DN that
 * does not exist, an access rule that hides the entry. A tenant's setup to fix, not an outage.
 */
export class LdapDirectoryError extends Error {
  override readonly name = 'LdapDirectoryError' as const;
}

/** Answers a directory gives when it is alive but will not work now. */
const BUSY_CODES = new Set([
  3, // timeLimitExceeded
  11, // adminLimitExceeded
  51, // busy
  52, // unavailable
  53, // unwillingToPerform
]);

function readCaFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`LDAP directory: tls.caFile ${path} cannot be read`, { cause: error });
  }
}

export interface LdapDirectoryRuntime {
  /** Where `bindPasswordEnv` is read; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Gets a warning for each student who cannot be used (and why), and for plain ldap://. */
  readonly logger?: Logger;
}

/**
 * A StudentDirectory over LDAP. `authenticate` binds as the student with the typed password;
 * an unknown user ID costs a bind as well (to a DN that does not exist), so both answer null
 * after the same round trips. A directory that is down or slow throws DirectoryUnavailableError.
 */
export function createLdapDirectory(
  input: LdapDirectoryOptions,
  runtime: LdapDirectoryRuntime = {},
): StudentDirectory & { close(): Promise<void> } {
  const parsed = ldapDirectoryOptionsSchema.safeParse(input);
  if (!parsed.success)
    throw new Error(`LDAP directory options: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
  const options = parsed.data;
  const logger = runtime.logger ?? consoleLogger;
  const env = runtime.env ?? process.env;

  let serviceAccount: { dn: string; password: string } | undefined;
  if (options.bindDn !== undefined && options.bindPasswordEnv !== undefined) {
    const password = env[options.bindPasswordEnv];
    if (password === undefined || password === '')
      throw new Error(
        `LDAP directory: the environment variable ${options.bindPasswordEnv} (bindPasswordEnv) must hold the password of ${options.bindDn}`,
      );
    serviceAccount = { dn: options.bindDn, password };
  }

  const tlsOptions: ConnectionOptions = {
    rejectUnauthorized: options.tls?.rejectUnauthorized ?? true,
    ...(options.tls?.caFile === undefined ? {} : { ca: readCaFile(options.tls.caFile) }),
  };
  const secure = /^ldaps:/i.test(options.url) || options.tls?.startTls === true;
  if (!secure && !/^ldap:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/?$/i.test(options.url))
    logger.warn('LDAP directory: passwords cross the network in clear; use ldaps:// or startTls', {
      url: options.url,
    });

  const attributeList = Object.values(options.attributes).filter(
    (name): name is string => name !== undefined,
  );
  const clients = new Set<Client>();
  let closed = false;

  /** Runs `work` on a fresh connection; failures to talk become DirectoryUnavailableError. */
  async function withConnection<T>(work: (client: Client) => Promise<T>): Promise<T> {
    if (closed) throw new Error('the LDAP directory is closed');
    const client = new Client({
      url: options.url,
      timeout: options.timeoutMs,
      connectTimeout: options.timeoutMs,
      // ldapts speaks TLS from the start whenever it is given TLS options: only for ldaps://.
      ...(/^ldaps:/i.test(options.url) ? { tlsOptions } : {}),
    });
    clients.add(client);
    try {
      if (options.tls?.startTls === true) await client.startTLS(tlsOptions);
      return await work(client);
    } catch (error) {
      throw classify(error);
    } finally {
      clients.delete(client);
      await client.unbind().catch(() => undefined);
    }
  }

  /**
   * What a failure means: the directory's answers become LdapDirectoryError (setup) or, when
   * busy, DirectoryUnavailableError; so do failures to talk (sockets, TLS, timeouts). Our own
   * errors and programming errors pass unchanged, so a bug is never reported as an outage.
   */
  function classify(error: unknown): unknown {
    if (
      error instanceof DirectoryUnavailableError ||
      error instanceof LdapDirectoryError ||
      error instanceof TypeError ||
      error instanceof RangeError ||
      error instanceof ReferenceError ||
      error instanceof SyntaxError
    )
      return error;
    if (error instanceof ResultCodeError) {
      if (!BUSY_CODES.has(error.code))
        return new LdapDirectoryError(
          `the student directory at ${options.url} answered result code ${error.code} (${error.message})`,
          { cause: error },
        );
      return new DirectoryUnavailableError(
        `the student directory at ${options.url} refused to work (result code ${error.code}: ${error.message})`,
        'busy',
        { cause: error },
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    if (/timed? ?out/i.test(message))
      return new DirectoryUnavailableError(
        `the student directory at ${options.url} did not answer within ${options.timeoutMs} ms (${message})`,
        'timeout',
        { cause: error },
      );
    return new DirectoryUnavailableError(
      `the student directory at ${options.url} is unreachable (${message})`,
      'unreachable',
      { cause: error },
    );
  }

  async function bindService(client: Client): Promise<void> {
    if (serviceAccount === undefined) return;
    try {
      await client.bind(serviceAccount.dn, serviceAccount.password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError)
        throw new LdapDirectoryError(
          `LDAP directory: the service account ${serviceAccount.dn} was refused; check bindDn and ${String(options.bindPasswordEnv)}`,
          { cause: error },
        );
      throw error;
    }
  }

  /** The student's entries by search (none, one, or a misconfigured filter's several). */
  async function searchEntries(client: Client, userId: string): Promise<Entry[]> {
    const filter = (options.searchFilter ?? '').split(USER_ID).join(escapeFilterValue(userId));
    const { searchEntries: entries } = await client.search(options.searchBase ?? '', {
      scope: options.searchScope,
      filter,
      attributes: attributeList,
      sizeLimit: 2,
      timeLimit: Math.ceil(options.timeoutMs / 1000),
    });
    return entries;
  }

  async function readEntry(client: Client, dn: string): Promise<Entry | null> {
    try {
      const { searchEntries: entries } = await client.search(dn, {
        scope: 'base',
        filter: '(objectClass=*)',
        attributes: attributeList,
        timeLimit: Math.ceil(options.timeoutMs / 1000),
      });
      return entries[0] ?? null;
    } catch (error) {
      if (error instanceof NoSuchObjectError) return null;
      throw error;
    }
  }

  /** Whether `password` is right for `dn`: a bind, which the directory itself checks. */
  async function bindAs(client: Client, dn: string, password: string): Promise<boolean> {
    try {
      await client.bind(dn, password);
      return true;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return false;
      throw error;
    }
  }

  function usable(entry: Entry, userId: string): Student | null {
    const built = studentOf(entry, options);
    if ('student' in built) return built.student;
    logger.warn('LDAP directory: this student cannot use the service', {
      userId,
      dn: entry.dn,
      reason: built.problem,
    });
    return null;
  }

  /** A DN under the search base that no entry has: a bind to it fails like a wrong password. */
  // `cn`, which every schema has, rather than the userId attribute: that may carry options
  // (`;lang-ja`) that a DN cannot.
  const decoyDn = () => `cn=shomei-decoy-${randomUUID()},${options.searchBase ?? ''}`;

  /** Found by search; several matches mean a filter that does not single a student out. */
  function onlyEntry(entries: readonly Entry[], userId: string): Entry | null {
    if (entries.length > 1)
      logger.warn('LDAP directory: the search found more than one entry; fix searchFilter', {
        userId,
        dns: entries.map((entry) => entry.dn),
      });
    return entries.length === 1 ? (entries[0] ?? null) : null;
  }

  return {
    async authenticate(typedUserId, password) {
      const userId = normalizeUserId(typedUserId);
      // An empty password is an unauthenticated bind (RFC 4513 §5.1.2), which directories
      // answer with success: it must never be sent. Refusing it early reveals nothing about
      // whether the user exists.
      if (password === '' || userId === '') return null;
      return withConnection(async (client) => {
        if (options.userDnTemplate !== undefined) {
          const dn = options.userDnTemplate.split(USER_ID).join(escapeDnValue(userId));
          if (!(await bindAs(client, dn, password))) return null;
          // Bound as the student: their entry must be readable by themselves.
          const entry = await readEntry(client, dn);
          if (entry === null) {
            logger.warn('LDAP directory: the student bound but cannot read their entry', {
              userId,
              dn,
            });
            return null;
          }
          return usable(entry, userId);
        }
        await bindService(client);
        const entry = onlyEntry(await searchEntries(client, userId), userId);
        // Unknown (or ambiguous): the same bind, to a DN that does not exist.
        if (!(await bindAs(client, entry?.dn ?? decoyDn(), password)) || entry === null)
          return null;
        return usable(entry, userId);
      });
    },

    async find(typedUserId) {
      const userId = normalizeUserId(typedUserId);
      if (userId === '') return null;
      return withConnection(async (client) => {
        // Without a service account the read is anonymous, which many directories refuse.
        await bindService(client);
        const entry =
          options.userDnTemplate !== undefined
            ? await readEntry(
                client,
                options.userDnTemplate.split(USER_ID).join(escapeDnValue(userId)),
              )
            : onlyEntry(await searchEntries(client, userId), userId);
        return entry === null ? null : usable(entry, userId);
      });
    },

    /** Ends open connections; later calls throw. */
    async close() {
      closed = true;
      await Promise.all([...clients].map((client) => client.unbind().catch(() => undefined)));
    },
  };
}
