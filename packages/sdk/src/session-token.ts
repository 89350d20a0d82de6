/**
 * Bearer mode (docs/decisions/0003): the session id the service hands over in the
 * `Shomei-Session-Token` response header. It lives in this closure only, never in storage, so
 * it dies with the page or the process. The service rotates it at every login step; an empty
 * value means the session ended.
 */
export interface SessionTokenHolder {
  readonly current: string | undefined;
  /** Keep the token from a response header; an empty string forgets it. */
  take(headerValue: string): void;
}

export function createSessionTokenHolder(): SessionTokenHolder {
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
