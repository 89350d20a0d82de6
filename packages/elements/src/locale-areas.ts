/**
 * Which translation chunk a message ships in (X1, docs/decisions/0013). A locale is split by the
 * first segment of each `msg()` id, so a page loads the translations of the elements it has and
 * nothing else: a login page in English fetches `common` and `login`, not the order screens.
 * Texts every element may show (errors, field and validation messages, the language picker) are
 * `common`. `scripts/build-locales.ts` fails on an id whose area is not listed.
 */
export const LOCALE_AREAS = [
  'common',
  'login',
  'account-menu',
  'order',
  'order-history',
  'session-timer',
  'support-contacts',
] as const;

export type LocaleArea = (typeof LOCALE_AREAS)[number];

/** Id prefixes whose texts every element shares. */
const COMMON_PREFIXES: ReadonlySet<string> = new Set([
  'error',
  'field',
  'validation',
  'language-picker',
]);

/** The area of a message id (`login.title.auth-key` → `login`), or undefined if there is none. */
export function localeAreaOf(id: string): LocaleArea | undefined {
  const prefix = id.split('.', 1)[0] ?? '';
  const area = COMMON_PREFIXES.has(prefix) ? 'common' : prefix;
  return (LOCALE_AREAS as readonly string[]).includes(area) ? (area as LocaleArea) : undefined;
}
