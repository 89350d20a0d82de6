/**
 * The one module that configures @lit/localize for Shōmei elements (X1, A14).
 *
 * Who calls `configureLocalization`: this module, once, when it is first evaluated. Every element
 * module imports it, so a page never has to. `configureLocalization` throws when one copy of
 * @lit/localize is configured twice, and a second copy of our bundle on the page (two widgets
 * built separately) has its own copy of @lit/localize whose `msg()` only translates once that
 * copy is configured too. So each copy configures itself once and registers its controls in a
 * page-wide registry at `globalThis[Symbol.for('shomei.localization')]`; `setShomeiLocale`
 * switches every registered copy, and a copy that arrives later starts in the page's locale.
 *
 * Locale modules (`src/generated/locales/<locale>/<area>.ts`, written by `npm run
 * localize:build` from the XLIFF files; do not edit) are loaded lazily, and only for what the
 * page has (docs/decisions/0013): the areas its elements declared with `useLocaleAreas`. A
 * Japanese page downloads no translations; an English login page `common`, `login` and
 * `support-contacts`. Every `@localized()` element re-renders when the locale changes
 * (@lit/localize dispatches `lit-localize-status` on `window`), and again when an element
 * arrives later whose area the current locale had not loaded yet.
 */
import { configureLocalization, type LocaleModule } from '@lit/localize';
import type { ShomeiClient } from '@shomei/sdk';
import { allLocales, sourceLocale, targetLocales } from './generated/locale-codes.js';
import { localeLoaders } from './generated/locales/loaders.js';
import type { LocaleArea } from './locale-areas.js';

/** The locales of lit-localize.json; the same set as the SDK's `Locale` (checked below). */
export type ShomeiLocale = (typeof allLocales)[number];

/** Fails to compile when lit-localize.json and the contract's locales drift apart. */
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _sameLocales: SameSet<ShomeiLocale, NonNullable<ShomeiClient['locale']>> = true;

/** Where the student's choice is kept between visits (A14). */
export const LOCALE_STORAGE_KEY = 'shomei.locale';

/**
 * Every locale in its own name (A14). These are not translated on purpose: a student looks for
 * their own language's name, whatever the page's current language.
 */
export const LOCALE_NAMES: Readonly<Record<ShomeiLocale, string>> = {
  ja: '日本語',
  en: 'English',
  'zh-Hans': '简体中文',
  ko: '한국어',
};

/** Every locale, in the pulldown's order: the source language first. */
export const SHOMEI_LOCALES = [
  'ja',
  'en',
  'zh-Hans',
  'ko',
] as const satisfies readonly ShomeiLocale[];
const _allListed: SameSet<(typeof SHOMEI_LOCALES)[number], ShomeiLocale> = true;

export const isShomeiLocale = (value: unknown): value is ShomeiLocale =>
  typeof value === 'string' && (allLocales as readonly string[]).includes(value);

interface LocalizationControls {
  setLocale(locale: string): Promise<void>;
  getLocale(): string;
}

interface LocalizationRegistry {
  locale: ShomeiLocale;
  readonly copies: Set<LocalizationControls>;
}

const REGISTRY_KEY = Symbol.for('shomei.localization');
type RegistryHolder = { [REGISTRY_KEY]?: LocalizationRegistry };

type TargetLocale = (typeof targetLocales)[number];

/** The areas this copy uses: `common` (errors, fields) always, and those its elements declared. */
const parts = new Set<LocaleArea>(['common']);

/** One target locale's translations as far as loaded: one object, filled part by part. */
interface LoadedLocale {
  readonly templates: Record<string, LocaleModule['templates'][string]>;
  /** Each part asked for, on its way or in; a part that failed to load is dropped. */
  readonly parts: Map<LocaleArea, Promise<void>>;
}
const loaded = new Map<TargetLocale, LoadedLocale>();

function loadedLocale(locale: TargetLocale): LoadedLocale {
  let entry = loaded.get(locale);
  if (entry === undefined) loaded.set(locale, (entry = { templates: {}, parts: new Map() }));
  return entry;
}

/**
 * Loads the `wanted` parts of `locale` into its templates, joining a load already on its way.
 * Settles once every one of them has; rejects if one failed (the others are in), and that part
 * is asked for again the next time.
 */
async function loadParts(
  locale: TargetLocale,
  wanted: Iterable<LocaleArea>,
): Promise<LoadedLocale> {
  const entry = loadedLocale(locale);
  const outcomes = await Promise.allSettled(
    [...wanted].map((part) => {
      let loading = entry.parts.get(part);
      if (loading === undefined) {
        loading = localeLoaders[locale][part]().then(
          (module) => void Object.assign(entry.templates, module.templates),
          (error: unknown) => {
            entry.parts.delete(part);
            throw error;
          },
        );
        entry.parts.set(part, loading);
      }
      return loading;
    }),
  );
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return entry;
}

/** Loads every part in use, until none is missing (more may be declared meanwhile). */
async function fill(locale: TargetLocale): Promise<LoadedLocale> {
  for (;;) {
    const count = parts.size;
    const entry = await loadParts(locale, parts);
    if (parts.size === count) return entry;
  }
}

async function loadLocale(locale: string): Promise<LocaleModule> {
  // Element modules evaluated in the same task as this one declare their areas first.
  await Promise.resolve();
  return { templates: (await fill(locale as TargetLocale)).templates };
}

function readStoredLocale(): ShomeiLocale | undefined {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return isShomeiLocale(stored) ? stored : undefined;
  } catch {
    // Storage can be blocked (sandboxed iframes, privacy settings); the choice then lasts a visit.
    return undefined;
  }
}

/** The stored choice, else the host page's `<html lang>`, else Japanese. */
function initialLocale(): ShomeiLocale {
  const stored = readStoredLocale();
  if (stored !== undefined) return stored;
  const pageLang = globalThis.document?.documentElement.lang ?? '';
  const match = allLocales.find(
    (locale) => pageLang === locale || pageLang.startsWith(`${locale.split('-')[0]}-`),
  );
  return match ?? sourceLocale;
}

const holder = globalThis as RegistryHolder;
const registry: LocalizationRegistry = (holder[REGISTRY_KEY] ??= {
  locale: initialLocale(),
  copies: new Set(),
});

let ownControls: LocalizationControls | undefined;
try {
  ownControls = configureLocalization({
    sourceLocale,
    targetLocales,
    loadLocale,
  });
  registry.copies.add(ownControls);
} catch (error: unknown) {
  // Only possible when the host page shares our copy of @lit/localize and configured it itself.
  console.warn('Shōmei: @lit/localize was configured by someone else; using their setup.', error);
}

/** Resolves once this copy shows the page's current locale. */
export const localizationReady: Promise<void> =
  ownControls !== undefined && registry.locale !== sourceLocale
    ? ownControls.setLocale(registry.locale)
    : Promise.resolve();

/**
 * Declares the translation areas an element module shows (`src/locale-areas.ts`). Called once
 * at the top of each element module. When the page already shows a translated locale that lacks
 * one of them, it is loaded and every element re-renders.
 */
export function useLocaleAreas(...wanted: LocaleArea[]): void {
  const added = wanted.filter((area) => !parts.has(area));
  if (added.length === 0) return;
  for (const area of added) parts.add(area);
  const locale = registry.locale;
  if (locale === sourceLocale || !loaded.has(locale)) return;
  void fill(locale).then(
    () => {
      if (ownControls?.getLocale() !== locale) return;
      // The texts were added to the templates @lit/localize already holds: ask for a render.
      globalThis.dispatchEvent?.(
        new CustomEvent('lit-localize-status', {
          detail: { status: 'ready', readyLocale: locale },
        }),
      );
    },
    (error: unknown) => console.warn(`Shōmei: the ${locale} texts did not load.`, error),
  );
}

/** The locale every Shōmei element on the page shows. */
export const getShomeiLocale = (): ShomeiLocale => registry.locale;

/**
 * Switch every Shōmei element on the page, in every copy of the bundle, without a reload, and
 * remember the choice for the next visit. Resolves when the new texts are shown.
 */
export async function setShomeiLocale(locale: ShomeiLocale): Promise<void> {
  if (!isShomeiLocale(locale)) throw new TypeError(`Unsupported Shōmei locale: ${String(locale)}`);
  registry.locale = locale;
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // See readStoredLocale.
  }
  await Promise.all([...registry.copies].map((copy) => copy.setLocale(locale)));
}

/** Tenant-written text (`{ ja, en?, ... }`) in the current locale, falling back to Japanese. */
export function pickLocalized(
  text: Readonly<Partial<Record<ShomeiLocale, string | undefined>> & { ja: string }>,
  locale: ShomeiLocale = registry.locale,
): string {
  return text[locale] ?? text.ja;
}
