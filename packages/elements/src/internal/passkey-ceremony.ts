/**
 * A20: the browser's side of a passkey (WebAuthn) ceremony. The SDK stays free of the DOM, so its
 * flows wait in a state holding the service's options and take the authenticator's answer as an
 * event; the elements run the ceremony here. `@simplewebauthn/browser` is loaded on first use:
 * the login page's one file (decision 0016) does not carry it for the students who never use a
 * passkey.
 */
import type { PasskeyLoginAnswer, PasskeyOptions, PasskeyRegistrationAnswer } from '@shomei/sdk';
import type * as SimpleWebAuthnBrowser from '@simplewebauthn/browser';

/** Why a ceremony gave no answer; each has its own message, none says more than the student did. */
export type PasskeyCeremonyFailure =
  /** The student closed the browser's prompt, it timed out, or another ceremony replaced it. */
  | 'cancelled'
  /** Registration: this authenticator already holds a passkey of the student's. */
  | 'already-registered'
  /** The browser or the page cannot do WebAuthn (no API, not a secure context, wrong domain). */
  | 'unsupported'
  | 'failed';

export type PasskeyCeremonyOutcome<T> =
  | { readonly ok: true; readonly response: T }
  | { readonly ok: false; readonly failure: PasskeyCeremonyFailure };

type Browser = typeof SimpleWebAuthnBrowser;

let loaded: Promise<Browser> | undefined;
const browser = (): Promise<Browser> => (loaded ??= import('@simplewebauthn/browser'));

/** Whether this page can use passkeys at all: decides whether a passkey button is shown. */
export function passkeysSupported(): boolean {
  return (
    typeof globalThis.PublicKeyCredential === 'function' &&
    globalThis.isSecureContext === true &&
    typeof navigator !== 'undefined' &&
    typeof navigator.credentials?.get === 'function'
  );
}

/** Whether the browser offers passkeys in a field's autofill (conditional mediation). */
export async function passkeyAutofillSupported(): Promise<boolean> {
  if (!passkeysSupported()) return false;
  try {
    return (await PublicKeyCredential.isConditionalMediationAvailable?.()) === true;
  } catch {
    return false;
  }
}

function failureOf(error: unknown): PasskeyCeremonyFailure {
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return 'already-registered';
  if (code === 'ERROR_CEREMONY_ABORTED' || name === 'NotAllowedError' || name === 'AbortError')
    return 'cancelled';
  if (
    code === 'ERROR_INVALID_DOMAIN' ||
    code === 'ERROR_INVALID_RP_ID' ||
    name === 'NotSupportedError' ||
    name === 'SecurityError'
  )
    return 'unsupported';
  return 'failed';
}

/**
 * A20: asks the browser for a passkey with the service's login (or re-authentication) options.
 * `autofill` waits for the student to pick a passkey in the user ID field's autofill instead of
 * opening a prompt; any later ceremony cancels it.
 */
export async function getPasskey(
  options: PasskeyOptions,
  { autofill = false }: { autofill?: boolean } = {},
): Promise<PasskeyCeremonyOutcome<PasskeyLoginAnswer>> {
  if (!passkeysSupported()) return { ok: false, failure: 'unsupported' };
  try {
    const { startAuthentication } = await browser();
    const response = await startAuthentication({
      optionsJSON: options as unknown as Parameters<
        Browser['startAuthentication']
      >[0]['optionsJSON'],
      useBrowserAutofill: autofill,
    });
    // The same JSON: the library's interfaces lack the index signature of the contract's loose
    // objects, and the client checks the answer against the contract before it is sent.
    return { ok: true, response: response as unknown as PasskeyLoginAnswer };
  } catch (error) {
    return { ok: false, failure: failureOf(error) };
  }
}

/** A20: asks the browser to create a passkey with the service's registration options. */
export async function createPasskey(
  options: PasskeyOptions,
): Promise<PasskeyCeremonyOutcome<PasskeyRegistrationAnswer>> {
  if (!passkeysSupported()) return { ok: false, failure: 'unsupported' };
  try {
    const { startRegistration } = await browser();
    const response = await startRegistration({
      optionsJSON: options as unknown as Parameters<Browser['startRegistration']>[0]['optionsJSON'],
    });
    return { ok: true, response: response as unknown as PasskeyRegistrationAnswer };
  } catch (error) {
    return { ok: false, failure: failureOf(error) };
  }
}

/** Ends a ceremony in progress (an autofill wait when the student leaves the login box). */
export async function cancelPasskeyCeremony(): Promise<void> {
  if (loaded === undefined) return;
  (await loaded).WebAuthnAbortService.cancelCeremony();
}
