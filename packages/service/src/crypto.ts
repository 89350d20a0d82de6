/**
 * Password hashing and message signing on Web Crypto only (docs/decisions/0001): the service
 * runs in Node, in the browser (Storybook's mock) and in workers.
 */
import { constantTimeEqual } from '@shomei/core';

const ENCODER = new TextEncoder();
const HASH_BITS = 256;
const SALT_BYTES = 16;
const SCHEME = 'pbkdf2-sha256';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    ENCODER.encode(password),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await globalThis.crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

/**
 * PBKDF2-SHA256 with a fresh 128-bit salt, as `pbkdf2-sha256$<iterations>$<salt>$<hash>`. The
 * iteration count travels with the hash, so a tenant can raise it without breaking old hashes.
 * OWASP asks for 600 000 iterations in production; the demo tenant uses far fewer so that tests
 * and Storybook stay fast.
 */
export async function hashPassword(password: string, iterations: number): Promise<string> {
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new RangeError(`iterations must be a positive integer, got ${String(iterations)}`);
  }
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `${SCHEME}$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

/** Whether `password` matches `stored`; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterationsText, saltText, hashText] = stored.split('$');
  const iterations = Number(iterationsText);
  if (
    scheme !== SCHEME ||
    !Number.isSafeInteger(iterations) ||
    iterations < 1 ||
    !saltText ||
    !hashText
  ) {
    return false;
  }
  const hash = await derive(password, fromBase64(saltText), iterations);
  return constantTimeEqual(toBase64(hash), hashText);
}

/**
 * Hashes nothing in particular with the same cost as a real check, so that a request for an
 * unknown user or an account without a second password takes as long as one for a known one
 * (no enumeration by timing). Cached per iteration count.
 */
const decoys = new Map<number, Promise<string>>();
export function decoyHash(iterations: number): Promise<string> {
  let decoy = decoys.get(iterations);
  if (decoy === undefined) {
    decoy = hashPassword('decoy-password-never-matches', iterations);
    decoys.set(iterations, decoy);
  }
  return decoy;
}

/** HMAC-SHA256 of `message` under `secret`, as lowercase hex (payment webhooks). */
export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    ENCODER.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await globalThis.crypto.subtle.sign('HMAC', key, ENCODER.encode(message));
  let hex = '';
  for (const byte of new Uint8Array(signature)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
