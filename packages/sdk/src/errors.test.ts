import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  isShomeiApiError,
  isShomeiError,
  isShomeiNetworkError,
  isShomeiRequestError,
  isShomeiResponseError,
  isShomeiTimeoutError,
  ShomeiApiError,
  ShomeiNetworkError,
  ShomeiRequestError,
  ShomeiResponseError,
  ShomeiTimeoutError,
} from './errors.js';

const apiError = () =>
  new ShomeiApiError({
    endpoint: 'verifyAuthKey',
    status: 400,
    code: 'auth_key_wrong',
    message: 'wrong key',
    attemptsLeft: 2,
  });

describe('error classes', () => {
  it('each has a constant name, a code and no display text', () => {
    const errors = [
      apiError(),
      new ShomeiResponseError('getSession', 200, []),
      new ShomeiNetworkError('getSession', new TypeError('offline')),
      new ShomeiTimeoutError('getSession', 15_000),
      new ShomeiRequestError('login', [], [{ field: 'userId', code: 'too_small' }]),
    ];
    expect(errors.map((error) => [error.name, error.code])).toEqual([
      ['ShomeiApiError', 'auth_key_wrong'],
      ['ShomeiResponseError', 'response_invalid'],
      ['ShomeiNetworkError', 'network'],
      ['ShomeiTimeoutError', 'timeout'],
      ['ShomeiRequestError', 'invalid_request'],
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect(isShomeiError(error)).toBe(true);
    }
  });

  it('A9: leaves optional data out instead of setting it to undefined', () => {
    const error = new ShomeiApiError({
      endpoint: 'login',
      status: 401,
      code: 'invalid_credentials',
      message: 'x',
    });
    expect('attemptsLeft' in error).toBe(false);
    expect(error.fields).toEqual([]);
    expect(JSON.parse(JSON.stringify(apiError()))).toEqual({
      name: 'ShomeiApiError',
      code: 'auth_key_wrong',
      message: 'wrong key',
      endpoint: 'verifyAuthKey',
      status: 400,
      fields: [],
      lineProblems: [],
      attemptsLeft: 2,
    });
  });
});

describe('type guards', () => {
  it('tell the kinds apart and narrow the API code', () => {
    const error: unknown = apiError();
    expect(isShomeiApiError(error)).toBe(true);
    expect(isShomeiApiError(error, 'auth_key_wrong')).toBe(true);
    expect(isShomeiApiError(error, 'auth_key_locked')).toBe(false);
    expect(isShomeiNetworkError(error)).toBe(false);
    expect(isShomeiTimeoutError(error)).toBe(false);
    expect(isShomeiResponseError(error)).toBe(false);
    expect(isShomeiRequestError(error)).toBe(false);
    expect(isShomeiTimeoutError(new ShomeiTimeoutError('getTenant', 1))).toBe(true);
  });

  it('accept an error made by another copy of the SDK (same brand, other class)', () => {
    // What a second bundle on the page, or another realm, would produce: instanceof fails.
    class ForeignApiError extends Error {
      override readonly name = 'ShomeiApiError';
      readonly code = 'auth_key_locked';
      constructor() {
        super('locked');
        Object.defineProperty(this, Symbol.for('shomei.error'), { value: true });
      }
    }
    const foreign: unknown = new ForeignApiError();
    expect(foreign instanceof ShomeiApiError).toBe(false);
    expect(isShomeiError(foreign)).toBe(true);
    expect(isShomeiApiError(foreign, 'auth_key_locked')).toBe(true);
  });

  it('accept an error from a real other realm (node:vm)', () => {
    const foreign: unknown = runInNewContext(`
      const error = new Error('offline');
      error.name = 'ShomeiNetworkError';
      error.code = 'network';
      Object.defineProperty(error, Symbol.for('shomei.error'), { value: true });
      error;
    `);
    expect(foreign instanceof Error).toBe(false);
    expect(isShomeiNetworkError(foreign)).toBe(true);
  });

  it('reject lookalikes', () => {
    const brand = Symbol.for('shomei.error');
    const lookalikes: unknown[] = [
      null,
      undefined,
      'ShomeiApiError',
      { name: 'ShomeiApiError', code: 'auth_key_wrong' },
      { name: 'ShomeiApiError', code: 'auth_key_wrong', [Symbol('shomei.error')]: true },
      { name: 'ShomeiApiError', code: 'auth_key_wrong', [brand]: 'yes' },
      { name: 'ShomeiApiError', [brand]: true },
      { name: 'TypeError', code: 'network', [brand]: true },
      Object.create({ [brand]: true, name: 'ShomeiApiError', code: 'internal' }),
      // structuredClone keeps neither the prototype nor symbol keys: the clone is plain data.
      structuredClone(apiError()),
    ];
    for (const value of lookalikes) {
      expect(isShomeiError(value)).toBe(false);
      expect(isShomeiApiError(value)).toBe(false);
    }
    expect(isShomeiNetworkError({ name: 'ShomeiApiError', code: 'network', [brand]: true })).toBe(
      false,
    );
  });
});
