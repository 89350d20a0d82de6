import { describe, expect, it } from 'vitest';
import { normalizeText, normalizeUserId } from './normalize.js';

describe('normalizeUserId', () => {
  it('A1: accepts a student number typed with a full-width IME', () => {
    expect(normalizeUserId('　Ｓ２０２６００１ ')).toBe('S2026001');
  });
  it('keeps letter case, which the directory may distinguish', () => {
    expect(normalizeUserId('abC123')).toBe('abC123');
  });
});

describe('normalizeText', () => {
  it('folds full-width forms, trims and collapses whitespace', () => {
    expect(normalizeText('　東京都　　千代田区 \t１－２ ')).toBe('東京都 千代田区 1-2');
  });
});
