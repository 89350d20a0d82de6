import { describe, expect, it } from 'vitest';
import { ShomeiNetworkError } from './errors.js';
import { err, ok, unwrap, type Result } from './result.js';

describe('Result', () => {
  it('ok and err build the two shapes; unwrap opts into exceptions', () => {
    const good: Result<number> = ok(1);
    const error = new ShomeiNetworkError('getTenant', new TypeError('offline'));
    const bad: Result<number> = err(error);
    expect(good).toEqual({ data: 1, error: null });
    expect(bad).toEqual({ data: null, error });
    expect(unwrap(good)).toBe(1);
    expect(unwrap(ok(null))).toBeNull();
    expect(() => unwrap(bad)).toThrow(error);
  });
});
