import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  constantTimeEqual,
  randomAlphanumeric,
  randomDigits,
  randomToken,
  sha256Hex,
  UNAMBIGUOUS_ALPHABET,
} from './secure-random.js';

describe('randomToken', () => {
  it('gives 128 bits as 22 base64url characters without padding', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomToken(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
  it('refuses fewer than 16 bytes', () => {
    expect(() => randomToken(15)).toThrow(RangeError);
    expect(() => randomToken(16.5)).toThrow(RangeError);
  });
  it('does not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken()));
    expect(tokens.size).toBe(1000);
  });
});

describe('randomDigits', () => {
  it('gives exactly the requested digits, leading zeros included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), (length) => {
        expect(randomDigits(length)).toMatch(new RegExp(`^[0-9]{${length}}$`));
      }),
    );
  });
  it('rejects the bytes that would bias a modulo (250-255 for 10 digits)', () => {
    const fed = [250, 251, 252, 253, 254, 255, 7, 249, 0];
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => {
      const bytes = array as Uint8Array;
      bytes.fill(0);
      bytes.set(fed.slice(0, bytes.length));
      fed.splice(0, bytes.length);
      return array;
    });
    try {
      // 7 -> 7, 249 -> 9, 0 -> 0; the six bytes above 249 are skipped.
      expect(randomDigits(3)).toBe('790');
    } finally {
      spy.mockRestore();
    }
  });
  it('is roughly uniform', () => {
    const counts = new Array<number>(10).fill(0);
    for (const digit of randomDigits(200_000))
      counts[Number(digit)] = (counts[Number(digit)] ?? 0) + 1;
    // About 7 standard deviations: a sanity check that never flakes; the test above proves the rejection.
    for (const count of counts) expect(Math.abs(count - 20_000)).toBeLessThan(1000);
  });
  it('refuses a negative or fractional length', () => {
    expect(() => randomDigits(-1)).toThrow(RangeError);
    expect(() => randomDigits(1.5)).toThrow(RangeError);
  });
});

describe('randomAlphanumeric', () => {
  it('uses only the unambiguous alphabet by default', () => {
    expect(UNAMBIGUOUS_ALPHABET).toHaveLength(32);
    expect(UNAMBIGUOUS_ALPHABET).not.toMatch(/[01IO]/);
    expect(randomAlphanumeric(1000)).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{1000}$/);
  });
  it('draws from any alphabet given', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), {
          minLength: 2,
        }),
        fc.integer({ min: 0, max: 50 }),
        (symbols, length) => {
          const value = randomAlphanumeric(length, symbols.join(''));
          expect(value).toHaveLength(length);
          for (const character of value) expect(symbols).toContain(character);
        },
      ),
    );
  });
  it('refuses an alphabet with repeats or fewer than 2 symbols', () => {
    expect(() => randomAlphanumeric(4, 'a')).toThrow(RangeError);
    expect(() => randomAlphanumeric(4, 'aab')).toThrow(RangeError);
  });
});

describe('sha256Hex', () => {
  it('matches known vectors', async () => {
    expect(await sha256Hex('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(await sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('constantTimeEqual', () => {
  it('agrees with === on any pair of strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(a, a)).toBe(true);
      }),
    );
  });
  it('tells apart prefixes and strings that differ in the last byte', () => {
    expect(constantTimeEqual('abc', 'ab')).toBe(false);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});
