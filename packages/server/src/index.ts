/** @shomei/server: the Shōmei service on Node over SQL (SQLite, PostgreSQL, PGlite). */
export {
  configFromEnv,
  LOG_LEVELS,
  sqliteFile,
  type LogLevel,
  type ServerConfig,
} from './config.js';
export {
  createServer,
  seedDemoAccounts,
  shutdownOnSignals,
  type ServerDeps,
  type ShomeiServer,
} from './server.js';
export {
  openDatabase,
  type DatabaseOptions,
  type OpenDatabase,
  type PGliteInstance,
} from './db/database.js';
export { MIGRATIONS, migrateToLatest, migrationsApplied } from './db/migrate.js';
export type { Database } from './db/schema.js';
export { createSqlStore, type SqlStore } from './store/sql-store.js';
export {
  createCsvRosterDirectory,
  hashRosterPassword,
  parseRosterCsv,
  rosterToCsv,
  ROSTER_COLUMNS,
  SCRYPT_DEFAULTS,
  verifyRosterPassword,
} from './directory/csv-roster.js';
export {
  createLdapDirectory,
  ldapDirectoryOptionsSchema,
  LdapDirectoryError,
  type LdapDirectoryOptions,
  type LdapDirectoryRuntime,
} from './directory/ldap-directory.js';
export { HTML_CSP, withSecurityHeaders } from './http/security-headers.js';
export * from './mail/index.js';
export * from './inbox/index.js';
export { CLI_USAGE, runCli, type CliIo } from './cli.js';
