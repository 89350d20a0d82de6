import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSecondPassword,
  hasFullWidthCharacters,
  passesSecondPasswordRule,
  SECOND_PASSWORD_MIN_LENGTH,
} from './second-password.js';
import { SECOND_PASSWORD_RULES, type SecondPasswordRule } from './vocabulary.js';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGIT = '0123456789';
const alnum = fc.constantFrom(...(UPPER + LOWER + DIGIT));

/** A valid second password: one of each class plus filler, shuffled. */
const validSecondPassword = fc
  .tuple(
    fc.constantFrom(...UPPER),
    fc.constantFrom(...LOWER),
    fc.constantFrom(...DIGIT),
    fc.array(alnum, { minLength: SECOND_PASSWORD_MIN_LENGTH - 3, maxLength: 40 }),
  )
  .chain(([upper, lower, digit, rest]) =>
    fc.shuffledSubarray([upper, lower, digit, ...rest], { minLength: rest.length + 3 }),
  )
  .map((characters) => characters.join(''));

describe('checkSecondPassword', () => {
  it.each<[string, string, SecondPasswordRule[]]>([
    ['a valid password', 'Abcdefg1', []],
    ['seven characters', 'Abcdef1', ['min-length']],
    ['no uppercase', 'abcdefg1', ['has-uppercase']],
    ['no lowercase', 'ABCDEFG1', ['has-lowercase']],
    ['no digit', 'Abcdefgh', ['has-digit']],
    ['a symbol', 'Abcdefg1!', ['half-width-alphanumeric-only']],
    ['a space', 'Abcd efg1', ['half-width-alphanumeric-only']],
    [
      'full-width letters and digits',
      'Ａｂｃｄｅｆｇ１',
      ['has-uppercase', 'has-lowercase', 'has-digit', 'half-width-alphanumeric-only'],
    ],
    ['kana', 'Abcdefg1あ', ['half-width-alphanumeric-only']],
    ['empty', '', ['min-length', 'has-uppercase', 'has-lowercase', 'has-digit']],
    [
      'only symbols',
      '!!',
      ['min-length', 'has-uppercase', 'has-lowercase', 'has-digit', 'half-width-alphanumeric-only'],
    ],
  ])('A5: %s', (_label, value, failed) => {
    expect(checkSecondPassword(value)).toEqual({ valid: failed.length === 0, failed });
  });

  it('A5: counts characters as code points (an emoji is one character)', () => {
    expect(checkSecondPassword('Abcdef1😀').failed).toEqual(['half-width-alphanumeric-only']);
    expect(checkSecondPassword('Abcde1😀').failed).toEqual([
      'min-length',
      'half-width-alphanumeric-only',
    ]);
  });

  it('A5: any [A-Za-z0-9] string of 8+ characters with each class is valid', () => {
    fc.assert(
      fc.property(validSecondPassword, (value) => {
        expect(checkSecondPassword(value)).toEqual({ valid: true, failed: [] });
      }),
    );
  });

  it('A5: any string with a character outside [A-Za-z0-9] fails half-width-alphanumeric-only', () => {
    const outsider = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
      .filter((character) => !/^[A-Za-z0-9]$/.test(character));
    fc.assert(
      fc.property(fc.string(), outsider, fc.string(), (before, character, after) => {
        expect(checkSecondPassword(before + character + after).failed).toContain(
          'half-width-alphanumeric-only',
        );
      }),
    );
  });

  it('A5, A12: failed lists exactly the rules that fail, in canonical order', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (value) => {
        const { valid, failed } = checkSecondPassword(value);
        const expected = SECOND_PASSWORD_RULES.filter(
          (rule) => !passesSecondPasswordRule(value, rule),
        );
        expect(failed).toEqual(expected);
        expect(valid).toBe(failed.length === 0);
      }),
    );
  });

  it('A12: a change is held to the same rules as setup (same function, no mutation)', () => {
    const first = checkSecondPassword('short');
    first.failed.push('min-length');
    expect(checkSecondPassword('short').failed).toEqual([
      'min-length',
      'has-uppercase',
      'has-digit',
    ]);
  });
});

describe('hasFullWidthCharacters', () => {
  it.each([
    ['Ａｂｃ', true],
    ['１２３', true],
    ['abc\u3000def', true],
    ['あいう', true],
    ['カタカナ', true],
    ['ｶﾀｶﾅ', true],
    ['漢字', true],
    ['한국어', true],
    ['￥100', true],
    ['Abcdefg1', false],
    ['Abc def!?', false],
    ['', false],
  ])('A5: hints the IME is on for %j → %s', (value, expected) => {
    expect(hasFullWidthCharacters(value)).toBe(expected);
  });

  it('A5: never fires on printable ASCII', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
        }),
        (value) => {
          expect(hasFullWidthCharacters(value)).toBe(false);
        },
      ),
    );
  });

  it('A5: fires on every full-width ASCII variant (U+FF01–FF5E)', () => {
    for (let code = 0xff01; code <= 0xff5e; code += 1) {
      expect(hasFullWidthCharacters(`a${String.fromCharCode(code)}`)).toBe(true);
    }
  });
});
