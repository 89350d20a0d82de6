/**
 * Bearer mode (docs/decisions/0003): tokens the service hands over in response headers, kept in
 * this closure only, never in storage, so they die with the page or the process.
 * - `Shomei-Session-Token`: the session id; rotated at every login step, empty when it ends.
 * - `Shomei-Device-Trust`: after a verified auth key with "trust this device" (A7), the proof
 *   that spares the key for the tenant's trusted period (in cookie mode it is a cookie).
 */
export interface TokenHolder {
  readonly current: string | undefined;
  /** Keep the token from a response header; an empty string forgets it. */
  take(headerValue: string): void;
}

export function createTokenHolder(): TokenHolder {
  let token: string | undefined;
  return {
    get current() {
      return token;
    },
    take(headerValue) {
      token = headerValue === '' ? undefined : headerValue;
    },
  };
}
