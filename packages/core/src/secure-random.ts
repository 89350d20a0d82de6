/**
 * Randomness and hashing for secrets (tokens, auth keys, reservation numbers), on Web Crypto only
 * so that the same code runs in Node 20, browsers and workers.
 */

/** Below 128 bits a bearer token could be guessed by an attacker with enough requests. */
export const MIN_TOKEN_BYTES = 16;

/**
 * Uppercase letters and digits without the pairs people misread at a machine's keypad
 * (0/O, 1/I). 32 symbols, so a byte maps onto it without rejections.
 */
export const UNAMBIGUOUS_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const DIGITS = '0123456789';

function randomBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  // getRandomValues refuses more than 65536 bytes per call.
  for (let offset = 0; offset < count; offset += 65536) {
    globalThis.crypto.getRandomValues(bytes.subarray(offset, Math.min(count, offset + 65536)));
  }
  return bytes;
}

function assertLength(length: number, name: string): void {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(length)}`);
  }
}

/** A bearer token in base64url without padding, safe in a URL path or query. */
export function randomToken(bytes: number = MIN_TOKEN_BYTES): string {
  if (!Number.isSafeInteger(bytes) || bytes < MIN_TOKEN_BYTES) {
    throw new RangeError(`a token needs at least ${MIN_TOKEN_BYTES} bytes, got ${String(bytes)}`);
  }
  let binary = '';
  for (const byte of randomBytes(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * `length` symbols drawn uniformly from `alphabet`. A plain `byte % size` would favour the first
 * symbols whenever 256 is not a multiple of the size, so bytes past the last full multiple are
 * rejected and drawn again.
 */
export function randomAlphanumeric(
  length: number,
  alphabet: string = UNAMBIGUOUS_ALPHABET,
): string {
  assertLength(length, 'length');
  const symbols = Array.from(alphabet);
  if (symbols.length < 2 || symbols.length > 256 || new Set(symbols).size !== symbols.length) {
    throw new RangeError('alphabet must hold 2 to 256 distinct characters');
  }
  const limit = 256 - (256 % symbols.length);
  let result = '';
  let produced = 0;
  while (produced < length) {
    // Draw a little extra so that one batch usually suffices despite rejections.
    for (const byte of randomBytes(Math.ceil((length - produced) * 1.25) + 4)) {
      if (byte >= limit) continue;
      result += symbols[byte % symbols.length];
      produced += 1;
      if (produced === length) break;
    }
  }
  return result;
}

/** Uniformly random decimal digits; leading zeros are kept, so it is a string, not a number. */
export function randomDigits(length: number): string {
  return randomAlphanumeric(length, DIGITS);
}

/** SHA-256 of the UTF-8 bytes of `text`, as 64 lowercase hex digits. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * String equality whose running time does not depend on where the first difference is, so that
 * comparing a submitted secret with a stored one leaks nothing through timing. Only the length can
 * show, which is public for the fixed-length hashes this is meant for.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  const length = Math.max(left.length, right.length);
  let difference = left.length ^ right.length;
  for (let index = 0; index < length; index += 1) {
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  }
  return difference === 0;
}
