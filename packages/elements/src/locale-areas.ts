/**
 * Which translation chunk a message ships in (X1, docs/decisions/0013). A locale is split by the
 * first segment of each `msg()` id, so a page loads the translations of the elements it has and
 * nothing else: a login page in English fetches `common` and `login`, not the order screens.
 * Texts every element may show (errors, field and validation messages, the language picker) are
 * `common`. `scripts/build-locales.ts` fails on an id whose area is not listed.
 *
 * Each area has two parts. The area itself (`login`) holds the texts a page may show before its
 * elements' first render, and loads with the page; `<area>/screens` (`login/screens`) holds the
 * texts only lazily loaded modules use (the screens chunks, docs/decisions/0012), and loads
 * alongside the chunk that needs it (`withTexts` in `localization.ts`). The build decides from
 * the sources' import graph (`scripts/locale-graph.ts`).
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

/** The texts of an area that only its lazily loaded modules use. */
export type ScreensPart = `${LocaleArea}/screens`;

/** One translation chunk of a locale: an area's first-load part, or its screens part. */
export type LocalePart = LocaleArea | ScreensPart;

export const screensPartOf = (area: LocaleArea): ScreensPart => `${area}/screens`;

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
