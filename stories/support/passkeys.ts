/**
 * A20: the browser's side of passkeys for stories. Storybook's Chromium has no authenticator the
 * story can drive, so `navigator.credentials` is stubbed: the autofill's (conditional) wait lasts
 * until it is aborted, as a real one does, and a prompt answers as the story says. The service's
 * side is the story's mock: a fake passkey is refused by it like any unknown one.
 */
import { endpoints } from '@shomei/sdk';
import { http } from 'msw';
import { patchTenant } from './journeys.js';
import { storyMock } from './mock.js';

const buffer = (text: string) => new TextEncoder().encode(text).buffer;

/** What `navigator.credentials.get/create` gives: an answer the service will not accept. */
function fakeCredential(kind: 'get' | 'create') {
  return {
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
  };
}

const untilAborted = (signal: AbortSignal | null | undefined) =>
  new Promise<never>((_, reject) => {
    signal?.addEventListener('abort', () =>
      reject(new DOMException('The operation was aborted.', 'AbortError')),
    );
  });

/**
 * Stubs WebAuthn in the page until the returned cleanup runs. A prompt (get or create) answers
 * with a fake passkey (`answer`), as if the student closed it (`closed`), or never (`wait`).
 */
export function fakeAuthenticator(prompt: 'answer' | 'closed' | 'wait'): () => void {
  const credentials = navigator.credentials;
  const saved = { get: credentials.get, create: credentials.create };
  const answer = (kind: 'get' | 'create', signal: AbortSignal | null | undefined) => {
    if (prompt === 'wait') return untilAborted(signal);
    if (prompt === 'closed')
      return Promise.reject(new DOMException('closed by the user', 'NotAllowedError'));
    return Promise.resolve(fakeCredential(kind));
  };
  Object.assign(credentials, {
    get: (options: CredentialRequestOptions) =>
      options.mediation === 'conditional'
        ? untilAborted(options.signal)
        : answer('get', options.signal),
    create: (options: CredentialCreationOptions) => answer('create', options.signal),
  });
  return () => Object.assign(credentials, saved);
}

/**
 * A20: the tenant requires passkeys and the signed-in student has none: the session says
 * `passkeyRequired`, as the service does for such a tenant.
 */
export async function requirePasskey(): Promise<void> {
  await patchTenant((settings) => {
    settings.passkeys = { mode: 'required-after-first-login', rpId: 'localhost' };
  });
  const { mock, msw } = storyMock();
  msw.use(
    http.get(`${mock.tenantUrl()}${endpoints.getSession.path}`, async ({ request }) => {
      const response = await mock.app.fetch(request);
      if (!response.ok) return response;
      const view = (await response.json()) as Record<string, unknown>;
      return Response.json(
        view.step === 'authenticated' ? { ...view, passkeyRequired: true } : view,
        { headers: response.headers },
      );
    }),
  );
}
