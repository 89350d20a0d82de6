/**
 * A20: the browser's side of passkeys, faked. Neither the browser tests' Chromium nor
 * Storybook's has an authenticator a test can drive, so `navigator.credentials` is stubbed: the
 * autofill's (conditional) wait lasts until it is aborted, as a real one does, and a prompt (get
 * or create) answers as the caller says. The credential it gives is one the service will refuse,
 * like any unknown passkey. Used by the element tests and by the stories.
 */

/** What the page's `navigator.credentials` was asked, and how to put the real one back. */
export interface FakeAuthenticator {
  readonly gets: CredentialRequestOptions[];
  readonly creates: CredentialCreationOptions[];
  restore(): void;
}

/**
 * How a prompt answers: with a fake passkey (`answer`), as if the student closed it (`closed`),
 * or never (`wait`, until it is aborted).
 */
export type FakePrompt = 'answer' | 'closed' | 'wait';

const buffer = (text: string) => new TextEncoder().encode(text).buffer;

/** A credential as `navigator.credentials.get/create` gives it (the service will refuse it). */
const fakeCredential = (kind: 'get' | 'create') => ({
  id: 'ZmFrZS1jcmVk',
  rawId: buffer('fake-cred'),
  type: 'public-key',
  authenticatorAttachment: 'platform',
  getClientExtensionResults: () => ({}),
  response:
    kind === 'get'
      ? {
          clientDataJSON: buffer('{}'),
          authenticatorData: buffer('auth'),
          signature: buffer('sig'),
          userHandle: null,
        }
      : {
          clientDataJSON: buffer('{}'),
          attestationObject: buffer('att'),
          getTransports: () => ['internal'],
        },
});

/** Waits for `signal` to abort, as the browser's ceremony does, then rejects like it. */
const untilAborted = (signal: AbortSignal | null | undefined) =>
  new Promise<never>((_, reject) => {
    signal?.addEventListener('abort', () =>
      reject(new DOMException('The operation was aborted.', 'AbortError')),
    );
  });

/** Stubs the page's WebAuthn calls until `restore()`; each request is recorded. */
export function fakeAuthenticator(prompt: FakePrompt = 'answer'): FakeAuthenticator {
  const credentials = navigator.credentials;
  const saved = { get: credentials.get, create: credentials.create };
  const gets: CredentialRequestOptions[] = [];
  const creates: CredentialCreationOptions[] = [];
  const answer = (kind: 'get' | 'create', signal: AbortSignal | null | undefined) => {
    if (prompt === 'wait') return untilAborted(signal);
    if (prompt === 'closed')
      return Promise.reject(new DOMException('closed by the user', 'NotAllowedError'));
    return Promise.resolve(fakeCredential(kind));
  };
  Object.assign(credentials, {
    get: (options: CredentialRequestOptions) => {
      gets.push(options);
      if (options.mediation === 'conditional') return untilAborted(options.signal);
      return answer('get', options.signal);
    },
    create: (options: CredentialCreationOptions) => {
      creates.push(options);
      return answer('create', options.signal);
    },
  });
  return {
    gets,
    creates,
    restore: () => Object.assign(credentials, saved),
  };
}
