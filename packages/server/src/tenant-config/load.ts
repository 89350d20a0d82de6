/**
 * X6: tenants from files. One JSON file per university (tenant.schema.json), read at start
 * from `TENANTS_DIR` (every *.json in it) or `TENANT_FILE`. Every file is read and checked
 * before anything starts, and every problem of every file is reported, so one run of
 * `shomei-server check-config` shows all there is to fix.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CatalogItem, DateWindow, LocalizedText, TenantSettings } from '@shomei/core';
import { DEMO_STAFF_TOKEN, type StudentDirectory, type TenantConfig } from '@shomei/service';
import { createCsvRosterDirectory } from '../directory/csv-roster.js';
import { createLdapDirectory } from '../directory/ldap-directory.js';
import {
  formatPath,
  problemsFromZod,
  TenantConfigError,
  type TenantFileProblem,
} from './errors.js';
import { tenantFileSchema, type TenantFile } from './schema.js';

export interface TenantLoadOptions {
  /** Where `staffTokenHashEnv` is looked up; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Recurring windows (`MM-DD`) become dates for the years around this day; default now. */
  readonly now?: Date;
  /** PASSWORD_HASH_ITERATIONS, for files that do not set passwordHashIterations. */
  readonly passwordHashIterations: number;
  /**
   * A server reachable beyond this machine refuses the demo's staff token: its hash ships in
   * examples/tenants/demo.json and its clear value in @shomei/service. Default false.
   */
  readonly refuseDemoStaffToken?: boolean;
  /**
   * A server reachable beyond this machine refuses loopback origins (`http://localhost:*`,
   * `http://127.0.0.1`, ...) in `allowedOrigins`: any program on a student's computer could
   * then call the service cross-origin with the student's credentials. Default false.
   */
  readonly refuseLoopbackOrigins?: boolean;
}

export interface LoadedTenant {
  /** The file as given (for messages). */
  readonly file: string;
  readonly tenant: TenantConfig;
}

/** SHA-256 (hex) of the demo's public staff token. */
export const DEMO_STAFF_TOKEN_SHA256 = createHash('sha256').update(DEMO_STAFF_TOKEN).digest('hex');

/**
 * Whether an `allowedOrigins` entry (an origin, or one with `:*` for the port) names this
 * machine: `localhost` (and `*.localhost`), 127.0.0.0/8 or [::1]. Development pages only.
 */
export function isLoopbackOrigin(pattern: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(pattern.replace(/:\*$/, '')).hostname;
  } catch {
    return false;
  }
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/** Years each side of `now` for which a recurring window (`MM-DD`) is spelled out. */
const RECURRING_SPAN_YEARS = 5;

/** The *.json files of a directory, sorted (one tenant each). */
export function tenantFilesIn(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(directory, entry.name))
    .sort();
}

type Checked<T> = { ok: true; value: T } | { ok: false; problems: TenantFileProblem[] };

/** The file's JSON, checked against the schema. */
export function parseTenantFile(file: string, text: string): Checked<TenantFile> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ file, path: '', message: `not valid JSON: ${reason}` }] };
  }
  const result = tenantFileSchema.safeParse(json);
  if (!result.success) return { ok: false, problems: problemsFromZod(file, result.error) };
  return { ok: true, value: result.data };
}

/** `06-01` … `06-10` every year → one dated window per year around `now`. */
function expandWindows(windows: readonly DateWindow[], now: Date): DateWindow[] {
  const year = now.getUTCFullYear();
  return windows.flatMap((window) => {
    if (window.from.length === 10) return [window];
    const dated: DateWindow[] = [];
    for (let y = year - RECURRING_SPAN_YEARS; y <= year + RECURRING_SPAN_YEARS; y += 1)
      dated.push({ from: `${y}-${window.from}`, to: `${y}-${window.to}` });
    return dated;
  });
}

// zod's output spells absent optional keys as `?: T | undefined`; a parsed JSON file never
// holds `undefined`, so these casts only restate what the schema checked.
const text = (value: TenantFile['name']): LocalizedText => value as LocalizedText;

function catalogItem(item: TenantFile['catalog'][number], now: Date): CatalogItem {
  return {
    itemId: item.itemId,
    kind: item.kind,
    name: text(item.name),
    ...(item.edition === undefined ? {} : { edition: item.edition }),
    unitPrice: item.unitPrice,
    maxQuantity: item.maxQuantity,
    destinations: item.destinations,
    ...(item.minYear === undefined ? {} : { minYear: item.minYear }),
    ...(item.groups === undefined ? {} : { groups: item.groups }),
    ...(item.windows === undefined ? {} : { windows: expandWindows(item.windows, now) }),
  };
}

/** The settings every part of the product sees (TenantSettings, packages/core). */
export function tenantSettings(file: TenantFile, now: Date = new Date()): TenantSettings {
  const { contacts } = file;
  return {
    tenantId: file.tenantId,
    name: text(file.name),
    ...(file.logoUrl === undefined ? {} : { logoUrl: file.logoUrl }),
    ...(file.officeName === undefined ? {} : { officeName: text(file.officeName) }),
    ...(file.loginNotices === undefined ? {} : { loginNotices: file.loginNotices.map(text) }),
    senderAddress: file.senderAddress,
    ...(file.manualUrl === undefined ? {} : { manualUrl: file.manualUrl }),
    ...(file.homepageUrl === undefined ? {} : { homepageUrl: file.homepageUrl }),
    contacts: {
      studentSupport: contacts.studentSupport as TenantSettings['contacts']['studentSupport'],
      callCenter: contacts.callCenter as TenantSettings['contacts']['callCenter'],
    },
    accessRules: file.accessRules.map((rule) => ({ ...rule, notice: text(rule.notice) })),
    twoFactor: file.twoFactor,
    ...(file.passkeys === undefined
      ? {}
      : {
          passkeys: {
            mode: file.passkeys.mode,
            ...(file.passkeys.rpId === undefined ? {} : { rpId: file.passkeys.rpId }),
            ...(file.passkeys.origins === undefined ? {} : { origins: file.passkeys.origins }),
          },
        }),
    idleTimeoutSeconds: file.idleTimeoutSeconds,
    idleWarningSeconds: file.idleWarningSeconds,
    locales: file.locales,
    defaultLocale: file.defaultLocale,
    closures: file.closures,
    catalog: file.catalog.map((item) => catalogItem(item, now)),
    paymentMethods: file.paymentMethods,
    paymentNumberValidDays: file.paymentNumberValidDays,
    printReservationValidDays: file.printReservationValidDays,
    ...(file.unpaidOrderExpiryHours === undefined
      ? {}
      : { unpaidOrderExpiryHours: file.unpaidOrderExpiryHours }),
  };
}

/** The students of a tenant: its CSV roster, or its LDAP directory (nothing is asked yet). */
function buildDirectory(
  file: string,
  directory: TenantFile['directory'],
  options: TenantLoadOptions,
): Checked<StudentDirectory> {
  switch (directory.kind) {
    case 'csv': {
      const roster = resolve(dirname(file), directory.file);
      try {
        return { ok: true, value: createCsvRosterDirectory(readFileSync(roster, 'utf8')) };
      } catch (error) {
        const reason =
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? `no roster at ${roster}`
            : `${roster}: ${error instanceof Error ? error.message : String(error)}`;
        return { ok: false, problems: [{ file, path: 'directory.file', message: reason }] };
      }
    }
    case 'ldap': {
      const { kind: _kind, ...ldap } = directory;
      try {
        const caFile = ldap.tls?.caFile;
        const tls =
          ldap.tls === undefined || caFile === undefined
            ? ldap.tls
            : { ...ldap.tls, caFile: resolve(dirname(file), caFile) };
        return {
          ok: true,
          value: createLdapDirectory(
            { ...ldap, ...(tls === undefined ? {} : { tls }) },
            { env: options.env ?? process.env },
          ),
        };
      } catch (error) {
        // The service account's password (bindPasswordEnv) or the CA file (tls.caFile).
        const message = error instanceof Error ? error.message : String(error);
        const path = message.includes('bindPasswordEnv')
          ? 'directory.bindPasswordEnv'
          : message.includes('tls.caFile')
            ? 'directory.tls.caFile'
            : 'directory';
        return { ok: false, problems: [{ file, path, message }] };
      }
    }
  }
}

function staffTokenHash(
  file: string,
  source: TenantFile,
  options: TenantLoadOptions,
): Checked<string | undefined> {
  let hash = source.staffTokenHash;
  let path = 'staffTokenHash';
  if (source.staffTokenHashEnv !== undefined) {
    path = 'staffTokenHashEnv';
    hash = (options.env ?? process.env)[source.staffTokenHashEnv];
    if (hash === undefined || hash === '')
      return {
        ok: false,
        problems: [
          { file, path, message: `environment variable ${source.staffTokenHashEnv} is not set` },
        ],
      };
    if (!/^[0-9a-f]{64}$/i.test(hash))
      return {
        ok: false,
        problems: [
          {
            file,
            path,
            message: `environment variable ${source.staffTokenHashEnv} must hold 64 hex digits (the SHA-256 of the staff token)`,
          },
        ],
      };
  }
  hash = hash?.toLowerCase();
  if (hash === DEMO_STAFF_TOKEN_SHA256 && options.refuseDemoStaffToken === true)
    return {
      ok: false,
      problems: [
        {
          file,
          path,
          message:
            'the demo staff token is public: a server reachable beyond this machine needs a token of its own',
        },
      ],
    };
  return { ok: true, value: hash };
}

/** One file: its tenant, or every problem found in it. */
export function readTenant(file: string, options: TenantLoadOptions): Checked<TenantConfig> {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [{ file, path: '', message: `cannot read the file: ${reason}` }],
    };
  }
  const parsed = parseTenantFile(file, content);
  if (!parsed.ok) return parsed;
  const source = parsed.value;
  const students = buildDirectory(file, source.directory, options);
  const staff = staffTokenHash(file, source, options);
  const loopback: TenantFileProblem[] =
    options.refuseLoopbackOrigins === true
      ? source.allowedOrigins.flatMap((origin, index) =>
          isLoopbackOrigin(origin)
            ? [
                {
                  file,
                  path: formatPath(['allowedOrigins', index]),
                  message: `${origin} is this machine: a server reachable beyond it allows no loopback origin (development only)`,
                },
              ]
            : [],
        )
      : [];
  const problems = [
    ...(students.ok ? [] : students.problems),
    ...(staff.ok ? [] : staff.problems),
    ...loopback,
  ];
  if (problems.length > 0 || !students.ok || !staff.ok) return { ok: false, problems };
  return {
    ok: true,
    value: {
      settings: tenantSettings(source, options.now),
      students: students.value,
      allowedOrigins: source.allowedOrigins,
      passwordHashIterations: source.passwordHashIterations ?? options.passwordHashIterations,
      ...(source.linkPageUrl === undefined ? {} : { linkPageUrl: source.linkPageUrl }),
      ...(source.absoluteSessionSeconds === undefined
        ? {}
        : { absoluteSessionSeconds: source.absoluteSessionSeconds }),
      ...(staff.value === undefined ? {} : { staffTokenHash: staff.value }),
    },
  };
}

/** Every file, with every problem of every file, and tenant ids unique across them. */
export function checkTenantFiles(
  files: readonly string[],
  options: TenantLoadOptions,
): { tenants: LoadedTenant[]; problems: TenantFileProblem[] } {
  const tenants: LoadedTenant[] = [];
  const problems: TenantFileProblem[] = [];
  const byId = new Map<string, string>();
  for (const file of files) {
    const result = readTenant(file, options);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const { tenantId } = result.value.settings;
    const other = byId.get(tenantId);
    if (other !== undefined) {
      problems.push({
        file,
        path: 'tenantId',
        message: `"${tenantId}" is already the id of ${other}`,
      });
      continue;
    }
    byId.set(tenantId, file);
    tenants.push({ file, tenant: result.value });
  }
  if (files.length === 0)
    problems.push({ file: '(none)', path: '', message: 'no tenant file (*.json) found' });
  return { tenants, problems };
}

/** The tenants of `files`, or a TenantConfigError listing every problem. */
export function loadTenants(files: readonly string[], options: TenantLoadOptions): LoadedTenant[] {
  const { tenants, problems } = checkTenantFiles(files, options);
  if (problems.length > 0) throw new TenantConfigError(problems);
  return tenants;
}
