import type { TenantSettings } from '@shomei/core';
import type { StudentDirectory } from './directory.js';
import type { Store } from './store/store.js';

/** One university as the service hosts it: its settings plus what only the service needs. */
export interface TenantConfig {
  readonly settings: TenantSettings;
  /** The university's user IDs and passwords. */
  readonly students: StudentDirectory;
  /**
   * Origins allowed to call unsafe methods and to read responses cross-origin (CSRF and CORS).
   * An entry is an exact origin (`https://www.example.ac.jp`) or one with `*` for the port
   * (`http://localhost:*`). The service's own origin is always allowed.
   */
  readonly allowedOrigins: readonly string[];
  /** PBKDF2 iterations for new second-password hashes; production: at least 600 000. */
  readonly passwordHashIterations: number;
  /**
   * The page that hosts the elements and redeems one-time links; tokens go in its fragment
   * (`#email-registration=<token>`) so they never reach server logs or a Referer header.
   * Defaults to `<homepageUrl>/login`.
   */
  readonly linkPageUrl?: string;
  /** No session lives longer than this, however active; defaults to 8 hours. */
  readonly absoluteSessionSeconds?: number;
  /**
   * The staff API (`/t/:tenantId/staff/...`, O6): the SHA-256 (hex) of the tenant's staff token.
   * Only the hash is kept; the office sends the token as `Authorization: Bearer`. Without it (and
   * without `staffToken`) the staff API answers 403 to everyone.
   */
  readonly staffTokenHash?: string;
  /** The staff token in the clear, for the demo and tests only; hashed before every comparison. */
  readonly staffToken?: string;
}

/**
 * O5, O6: the tenant's settings as the rules must see them now: its configured closures merged
 * with the ones the staff added to the store (sorted, no duplicates).
 */
export async function currentSettings(
  store: Pick<Store, 'closures'>,
  tenant: TenantConfig,
): Promise<TenantSettings> {
  const stored = await store.closures.list(tenant.settings.tenantId);
  if (stored.length === 0) return tenant.settings;
  const closures = [...new Set([...tenant.settings.closures, ...stored])].sort();
  return { ...tenant.settings, closures };
}

export interface TenantDirectory {
  get(tenantId: string): Promise<TenantConfig | null>;
}

export function createTenantDirectory(tenants: readonly TenantConfig[]): TenantDirectory {
  const byId = new Map(tenants.map((tenant) => [tenant.settings.tenantId, tenant]));
  return {
    async get(tenantId) {
      return byId.get(tenantId) ?? null;
    },
  };
}

/** Whether `origin` matches one of the patterns of `allowedOrigins`. */
export function originAllowed(origin: string, allowedOrigins: readonly string[]): boolean {
  return allowedOrigins.some((pattern) => {
    if (!pattern.includes('*')) return pattern === origin;
    const [prefix, suffix = ''] = pattern.split('*');
    if (prefix === undefined || !origin.startsWith(prefix) || !origin.endsWith(suffix))
      return false;
    const wildcard = origin.slice(prefix.length, origin.length - suffix.length);
    return /^\d{1,5}$/.test(wildcard);
  });
}
