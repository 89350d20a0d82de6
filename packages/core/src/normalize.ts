/**
 * Text as Japanese students type it: an IME on full-width mode gives `１２３４５６７` for a
 * student number and `　` for a space. NFKC folds those compatibility forms to ASCII.
 */

/** NFKC, trimmed, runs of whitespace collapsed to one ASCII space. */
export function normalizeText(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** ユーザID (student number) as stored: full-width digits and letters are accepted. */
export function normalizeUserId(value: string): string {
  return value.normalize('NFKC').trim();
}
