import { describe, expect, it } from 'vitest';
import { checkEmailConfirmation, normalizeEmail } from './email.js';
import * as core from './index.js';

describe('email confirmation (A3, A11)', () => {
  it('A3: the same address typed twice passes; a blank one is required', () => {
    expect(checkEmailConfirmation('hanako@mail.example', 'hanako@mail.example')).toBeNull();
    expect(checkEmailConfirmation('', '')).toBe('required');
    expect(checkEmailConfirmation('   ', 'a@mail.example')).toBe('required');
  });

  it('A3/A11: surrounding spaces and the case of the domain do not make a mismatch', () => {
    expect(checkEmailConfirmation(' Hanako@Mail.Example', 'Hanako@mail.example ')).toBeNull();
    expect(normalizeEmail('  Hanako@Mail.EXAMPLE ')).toBe('Hanako@mail.example');
    expect(normalizeEmail('no-at-sign ')).toBe('no-at-sign');
  });

  it('A11: a different local part (its case included) or domain is a mismatch', () => {
    expect(checkEmailConfirmation('hanako@mail.example', 'Hanako@mail.example')).toBe('mismatch');
    expect(checkEmailConfirmation('hanako@mail.example', 'hanako@mail.example.jp')).toBe(
      'mismatch',
    );
  });

  it('A3: the rule is exported from the core entry point', () => {
    expect(core.checkEmailConfirmation).toBe(checkEmailConfirmation);
    expect(core.normalizeEmail).toBe(normalizeEmail);
  });
});
