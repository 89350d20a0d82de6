/**
 * A20: the browser's side of passkeys for stories. Storybook's Chromium has no authenticator the
 * story can drive, so `navigator.credentials` is stubbed (the element tests' fake, shared): the
 * autofill's (conditional) wait lasts until it is aborted, as a real one does, and a prompt
 * answers as the story says. The service's side is the story's mock: a fake passkey is refused
 * by it like any unknown one.
 */
import { endpoints } from '@shomei/sdk';
import { http } from 'msw';
import { patchTenant } from './journeys.js';
import {
  fakeAuthenticator as fakeAuthenticatorIn,
  type FakePrompt,
} from '../../packages/elements/test/fake-authenticator.js';
import { storyMock } from './mock.js';

/**
 * Stubs WebAuthn in the page until the returned cleanup runs. A prompt (get or create) answers
 * with a fake passkey (`answer`), as if the student closed it (`closed`), or never (`wait`).
 */
export function fakeAuthenticator(prompt: FakePrompt): () => void {
  return fakeAuthenticatorIn(prompt).restore;
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
