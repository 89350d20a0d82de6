/**
 * Input as Japanese students type it.
 *
 * NFKC turns full-width digits and Latin letters (`１２３ＡＢＣ`) and the ideographic space into
 * their half-width forms, so a student number typed with the IME on is accepted, not refused.
 */
export const normalizeNfkc = (value: string): string => value.normalize('NFKC');

/**
 * Anything outside printable ASCII: full-width letters or digits, kana, kanji, the ideographic
 * space. It means the IME is on where only half-width alphanumerics are allowed (A5). Same
 * meaning as `hasFullWidthCharacters` in @shomei/core, which elements may not import (the SDK
 * does not re-export it).
 */
export const NOT_HALF_WIDTH = /[^\u0020-\u007e]/u;

export const hasFullWidthCharacters = (value: string): boolean => NOT_HALF_WIDTH.test(value);
