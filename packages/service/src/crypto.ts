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

/** PBKDF2-SHA256 of `password`: the one costly step, injectable so tests can count the work. */
export type Pbkdf2 = (
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
) => Promise<Uint8Array>;

export const pbkdf2: Pbkdf2 = async (password, salt, iterations) => {
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
};

/** A stored hash taken apart; null when it is not one of ours. */
function parseHash(
  stored: string,
): { iterations: number; salt: Uint8Array<ArrayBuffer>; hash: string } | null {
  const [scheme, iterationsText, saltText, hashText] = stored.split('$');
  const iterations = Number(iterationsText);
  if (
    scheme !== SCHEME ||
    !Number.isSafeInteger(iterations) ||
    iterations < 1 ||
    !saltText ||
    !hashText
  ) {
    return null;
  }
  return { iterations, salt: fromBase64(saltText), hash: hashText };
}

/** The PBKDF2 iterations of a stored hash; undefined for a malformed one. */
export function hashIterations(stored: string): number | undefined {
  return parseHash(stored)?.iterations;
}

export interface PasswordHasher {
  /** A new hash of `password` at `iterations` (hashPassword). */
  hash(password: string, iterations: number): Promise<string>;
  /**
   * Whether `password` matches `stored`, spending the work of at least `iterations` whatever
   * `stored` is: a missing (null) or malformed hash costs a decoy of `iterations`, and a hash
   * stored at a lower cost is topped up to it. Then a right university password with a wrong
   * second password takes as long as an unknown user (issue 14: 9 ms against 149 ms told which
   * university passwords were right while the demo hashes were at 1 000 iterations).
   */
  verify(password: string, stored: string | null, iterations: number): Promise<boolean>;
}

const DECOY_SALT = new Uint8Array(SALT_BYTES);

export function createPasswordHasher(derive: Pbkdf2 = pbkdf2): PasswordHasher {
  return {
    async hash(password, iterations) {
      if (!Number.isSafeInteger(iterations) || iterations < 1) {
        throw new RangeError(`iterations must be a positive integer, got ${String(iterations)}`);
      }
      const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
      const hash = await derive(password, salt, iterations);
      return `${SCHEME}$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
    },
    async verify(password, stored, iterations) {
      const parsed = stored === null ? null : parseHash(stored);
      if (parsed === null) {
        await derive(password, DECOY_SALT, iterations);
        return false;
      }
      const hash = await derive(password, parsed.salt, parsed.iterations);
      const matches = constantTimeEqual(toBase64(hash), parsed.hash);
      if (parsed.iterations < iterations)
        await derive(password, DECOY_SALT, iterations - parsed.iterations);
      return matches;
    },
  };
}

const defaultHasher = createPasswordHasher();

/**
 * PBKDF2-SHA256 with a fresh 128-bit salt, as `pbkdf2-sha256$<iterations>$<salt>$<hash>`. The
 * iteration count travels with the hash, so a tenant can raise it without breaking old hashes.
 * OWASP asks for 600 000 iterations in production; the demo tenant uses far fewer so that tests
 * and Storybook stay fast.
 */
export function hashPassword(password: string, iterations: number): Promise<string> {
  return defaultHasher.hash(password, iterations);
}

/** Whether `password` matches `stored`; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const iterations = hashIterations(stored);
  if (iterations === undefined) return false;
  return defaultHasher.verify(password, stored, iterations);
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
