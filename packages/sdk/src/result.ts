import type { ShomeiError } from './errors.js';

/**
 * What every SDK call resolves to (docs/decisions/0002): check `error` before using `data`.
 * Anticipated failures (the service said no, no network, a broken response, bad input) are
 * values, not exceptions.
 */
export type Result<T> = Success<T> | Failure;
export interface Success<T> {
  readonly data: T;
  readonly error: null;
}
export interface Failure {
  readonly data: null;
  readonly error: ShomeiError;
}

export const ok = <T>(data: T): Success<T> => ({ data, error: null });
export const err = (error: ShomeiError): Failure => ({ data: null, error });

/** For callers who prefer exceptions: the data, or the error thrown. */
export function unwrap<T>(result: Result<T>): T {
  if (result.error !== null) throw result.error;
  return result.data;
}
