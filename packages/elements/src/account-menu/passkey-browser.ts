/**
 * A20: what the account menu uses of the browser for passkeys, as one seam: whether the page can
 * use them, the creation ceremony and (A21's 本人確認) the authentication ceremony. The element's `passkeyBrowser` defaults to the real one
 * (`internal/passkey-ceremony.ts`); tests and stories put a fake there instead of a WebAuthn
 * authenticator. Only they replace it: it is not part of the element's documented API.
 */
import type { PasskeyOptions } from '@shomei/sdk';
import type { PasskeyAsserted, PasskeyCreated } from '@shomei/sdk/flows';
import {
  createPasskey,
  getPasskey,
  passkeysSupported,
  type PasskeyCeremonyOutcome,
} from '../internal/passkey-ceremony.js';

export interface PasskeyBrowser {
  /** Whether 「パスキーを追加」 can work on this page. */
  supported(): boolean;
  /** Runs the browser's registration ceremony with the service's options. */
  create(options: PasskeyOptions): Promise<PasskeyCeremonyOutcome<PasskeyCreated>>;
  /** A21: runs the browser's authentication ceremony with the re-authentication options. */
  get(options: PasskeyOptions): Promise<PasskeyCeremonyOutcome<PasskeyAsserted>>;
}

export const realPasskeyBrowser: PasskeyBrowser = {
  supported: passkeysSupported,
  // simplewebauthn's RegistrationResponseJSON is the contract's registration response; the
  // service checks it again (its schema and the ceremony itself).
  create: (options) => createPasskey(options) as Promise<PasskeyCeremonyOutcome<PasskeyCreated>>,
  // Likewise AuthenticationResponseJSON and the contract's authentication response.
  get: (options) => getPasskey(options) as Promise<PasskeyCeremonyOutcome<PasskeyAsserted>>,
};

const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Edg\//u, 'Edge'],
  [/Firefox\//u, 'Firefox'],
  [/Chrome\/|CriOS\//u, 'Chrome'],
  [/Safari\//u, 'Safari'],
];

const SYSTEMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/iPhone/u, 'iPhone'],
  [/iPad/u, 'iPad'],
  [/Android/u, 'Android'],
  [/CrOS/u, 'ChromeOS'],
  [/Mac OS X|Macintosh/u, 'macOS'],
  [/Windows/u, 'Windows'],
  [/Linux/u, 'Linux'],
];

/**
 * A20: the name the field starts with: the browser and the device (`Chrome / macOS`), which is
 * what tells one passkey from another in the list; `fallback` when the browser says nothing
 * useful. A name already in the list gets a number (`Chrome / macOS 2`).
 */
export function suggestedPasskeyName(
  userAgent: string,
  existing: readonly string[],
  fallback: string,
): string {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const base =
    browser !== undefined && system !== undefined
      ? `${browser} / ${system}`
      : (browser ?? system ?? fallback);
  const taken = new Set(existing);
  if (!taken.has(base)) return base;
  let number = 2;
  while (taken.has(`${base} ${number}`)) number += 1;
  return `${base} ${number}`;
}
