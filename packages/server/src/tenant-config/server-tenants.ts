/**
 * X6: the tenants a server hosts, from its configuration: `TENANTS_DIR`, `TENANT_FILE`, or
 * else the demo tenant's file (examples/tenants/demo.json) with the development conveniences
 * the demo always had: its roster written under DATA_DIR on first start (`ROSTER_CSV`), its
 * homepage from `HOMEPAGE_URL`, its staff token hash from `STAFF_TOKEN_SHA256`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createDemoRoster,
  createDemoTenant,
  DEMO_TENANT_ID,
  type TenantConfig,
} from '@shomei/service';
import { isDevelopment, type ServerConfig } from '../config.js';
import { createCsvRosterDirectory, rosterToCsv } from '../directory/csv-roster.js';
import { TenantConfigError } from './errors.js';
import {
  DEMO_STAFF_TOKEN_SHA256,
  isLoopbackOrigin,
  loadTenants,
  tenantFilesIn,
  type TenantLoadOptions,
} from './load.js';

const DEMO_FILE = join('examples', 'tenants', 'demo.json');

/**
 * examples/tenants/demo.json, found from this module upwards (the same from src/ under tsx and
 * from a bundle under dist/); null in an installed package, which does not ship examples/.
 */
export function demoTenantFile(): string | null {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(directory, DEMO_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

/**
 * The demo tenant: its file in the repository; in an installed package, the same tenant as the
 * mock's (@shomei/service), which a test keeps equal to the file.
 */
function demoTenant(options: TenantLoadOptions): TenantConfig {
  const file = demoTenantFile();
  if (file !== null) {
    const [loaded] = loadTenants([file], options);
    if (loaded === undefined) throw new Error(`${file} holds no tenant`);
    return loaded.tenant;
  }
  const { staffToken: _clear, ...demo } = createDemoTenant(
    options.now === undefined ? {} : { now: options.now },
  );
  return {
    ...demo,
    passwordHashIterations: options.passwordHashIterations,
    staffTokenHash: DEMO_STAFF_TOKEN_SHA256,
  };
}

/** The demo roster as CSV under dataDir, written once so that it can be edited or replaced. */
function demoRosterCsv(config: ServerConfig, now: Date): string {
  const file = config.rosterFile ?? join(config.dataDir, 'roster-demo.csv');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, rosterToCsv(createDemoRoster(now)), { flag: 'wx' });
  }
  return readFileSync(file, 'utf8');
}

/** The tenant files the configuration names (TENANTS_DIR, TENANT_FILE), or null for the demo. */
export function configuredTenantFiles(config: ServerConfig): string[] | null {
  if (config.tenantsDir !== undefined) {
    try {
      return tenantFilesIn(config.tenantsDir);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new TenantConfigError([
        { file: config.tenantsDir, path: '', message: `cannot read TENANTS_DIR: ${reason}` },
      ]);
    }
  }
  if (config.tenantFile !== undefined) return [config.tenantFile];
  return null;
}

/**
 * The tenants to host; throws TenantConfigError (every problem of every file) when a file is
 * bad. `demo` is true when the built-in demo is hosted (its accounts are then seeded);
 * `ignoredOrigins` are the built-in demo's loopback origins, left out beyond development.
 */
export function serverTenants(
  config: ServerConfig,
  now: Date,
  env: NodeJS.ProcessEnv = process.env,
): { tenants: TenantConfig[]; demo: boolean; ignoredOrigins: string[] } {
  const development = isDevelopment(config);
  const options: TenantLoadOptions = {
    env,
    now,
    passwordHashIterations: config.passwordHashIterations,
    refuseDemoStaffToken: !development,
    refuseLoopbackOrigins: !development,
  };
  const files = configuredTenantFiles(config);
  if (files !== null) {
    const tenants = loadTenants(files, options).map(({ tenant }) => tenant);
    return {
      tenants,
      demo: tenants.some((t) => t.settings.tenantId === DEMO_TENANT_ID),
      ignoredOrigins: [],
    };
  }
  // configFromEnv has required STAFF_TOKEN_SHA256 beyond a development server already.
  const demo = demoTenant({
    ...options,
    refuseDemoStaffToken: false,
    refuseLoopbackOrigins: false,
  });
  // The built-in demo is meant for localhost pages; beyond development it keeps its own origin
  // (always allowed) and the others it names, and the server says what it left out.
  const ignoredOrigins = development ? [] : demo.allowedOrigins.filter(isLoopbackOrigin);
  return {
    demo: true,
    ignoredOrigins,
    tenants: [
      {
        ...demo,
        allowedOrigins: demo.allowedOrigins.filter((origin) => !ignoredOrigins.includes(origin)),
        settings: {
          ...demo.settings,
          ...(config.homepageUrl === undefined ? {} : { homepageUrl: config.homepageUrl }),
        },
        students: createCsvRosterDirectory(demoRosterCsv(config, now)),
        ...(config.staffTokenHash === undefined ? {} : { staffTokenHash: config.staffTokenHash }),
      },
    ],
  };
}
