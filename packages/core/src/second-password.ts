/**
 * 第2パスワード rules (A5, A12), as the manual lists them:
 * 8文字以上 / 半角英大文字(A-Z) / 半角英小文字(a-z) / 半角数字(0-9) / 半角英数字以外を含まないこと.
 */
import { SECOND_PASSWORD_RULES, type SecondPasswordRule } from './vocabulary.js';

export const SECOND_PASSWORD_MIN_LENGTH = 8;

const RULE_PASSES: { readonly [Rule in SecondPasswordRule]: (value: string) => boolean } = {
  // Code points, so that an emoji counts as one character as the student sees it.
  'min-length': (value) => Array.from(value).length >= SECOND_PASSWORD_MIN_LENGTH,
  'has-uppercase': (value) => /[A-Z]/.test(value),
  'has-lowercase': (value) => /[a-z]/.test(value),
  'has-digit': (value) => /[0-9]/.test(value),
  // Full-width Ａ or １ is refused, not folded: the student would not be able to type the same
  // value again on a keyboard without an IME, and the login page asks for 半角英数文字.
  'half-width-alphanumeric-only': (value) => /^[A-Za-z0-9]*$/.test(value),
};

export interface SecondPasswordCheck {
  readonly valid: boolean;
  /** Every rule that fails, in SECOND_PASSWORD_RULES order, so the UI can mark each one live. */
  readonly failed: SecondPasswordRule[];
}

export function checkSecondPassword(value: string): SecondPasswordCheck {
  const failed = SECOND_PASSWORD_RULES.filter((rule) => !RULE_PASSES[rule](value));
  return { valid: failed.length === 0, failed };
}

/** One rule alone, for a checklist that renders each line. */
export function passesSecondPasswordRule(value: string, rule: SecondPasswordRule): boolean {
  return RULE_PASSES[rule](value);
}

/**
 * Characters a Japanese (or Chinese, Korean) IME produces when it is switched on: full-width
 * ASCII (U+FF01–FF5E), the ideographic space and punctuation, kana, half-width kana, CJK
 * ideographs, Hangul, full-width signs such as ￥. The UI uses it to hint 「半角英数字で入力」.
 */
const IME_CHARACTERS =
  /[\u3000-\u303F\u3040-\u309F\u30A0-\u30FF\u3130-\u318F\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF01-\uFF5E\uFF61-\uFF9F\uFFE0-\uFFE6]/u;

export function hasFullWidthCharacters(value: string): boolean {
  return IME_CHARACTERS.test(value);
}
