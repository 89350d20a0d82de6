/**
 * End-to-end (issue 14 item 6): passkeys against the real server (`npm start`) in Chromium with
 * its virtual authenticator (CDP `WebAuthn.*`). The page runs on the server's own origin and
 * calls the API with fetch and the session cookie, as the elements will.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { DEMO_STUDENTS } from '@shomei/service';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addVirtualAuthenticator,
  mails,
  nextMail,
  startDemoAndBrowser,
  type Shomei,
} from './support.js';

const { returning } = DEMO_STUDENTS;

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string } };
}

interface Authenticator {
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
}

/**
 * A page on the server's origin with a virtual platform authenticator (UV capable and done): the
 * homepage, which has no login box (the API is driven from the page), or `path`.
 */
async function openPage(
  context: BrowserContext,
  origin: string,
  path = '/',
): Promise<Authenticator> {
  const page = await context.newPage();
  await page.goto(`${origin}${path}`);
  const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);
  return { page, cdp, authenticatorId };
}

/** One API call from the page, with the session cookie and the CSRF header. */
function api(page: Page, method: string, path: string, body?: unknown): Promise<Answer> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(`/t/demo${path}`, {
        method,
        credentials: 'include',
        headers: { 'Content-Type': 'application/json', 'Shomei-Client': 'e2e' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    },
    { method, path, body },
  );
}

/** `navigator.credentials.create` with the service's options; its answer as JSON. */
function createCredential(page: Page, options: unknown): Promise<unknown> {
  return page.evaluate(async (options) => {
    const json = options as Parameters<typeof PublicKeyCredential.parseCreationOptionsFromJSON>[0];
    const credential = (await navigator.credentials.create({
      publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json),
    })) as PublicKeyCredential;
    return credential.toJSON();
  }, options);
}

/** `navigator.credentials.get` with the service's options; its answer as JSON. */
function getAssertion(page: Page, options: unknown): Promise<unknown> {
  return page.evaluate(async (options) => {
    const json = options as Parameters<typeof PublicKeyCredential.parseRequestOptionsFromJSON>[0];
    const credential = (await navigator.credentials.get({
      publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json),
    })) as PublicKeyCredential;
    return credential.toJSON();
  }, options);
}

/**
 * `navigator.credentials.get` as a page sees it: the answer as JSON, or the name of the error the
 * browser threw (NotAllowedError when no credential fits, SecurityError for a foreign RP ID).
 */
function tryAssertion(
  page: Page,
  options: unknown,
): Promise<{ json: unknown } | { error: string }> {
  return page.evaluate(async (options) => {
    const json = options as Parameters<typeof PublicKeyCredential.parseRequestOptionsFromJSON>[0];
    try {
      const credential = (await navigator.credentials.get({
        publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json),
      })) as PublicKeyCredential;
      return { json: credential.toJSON() };
    } catch (error) {
      return { error: (error as Error).name };
    }
  }, options);
}

describe('e2e: passkeys with a virtual authenticator (issue 14, A20, A21)', () => {
  let browser: Browser | undefined;
  let demo: Shomei | undefined;
  /** The returning student's passkey as the first authenticator holds it (private key and all). */
  let credential: { credentialId: string; privateKey: string; userHandle?: string } | undefined;
  let passkeyId = '';

  beforeAll(async () => {
    ({ demo, browser } = await startDemoAndBrowser());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  }, 30_000);

  /** Logs the returning student in the usual way: passwords, then the auth key from the inbox. */
  async function logIn(page: Page): Promise<void> {
    const seen = await mails(demo!.inbox, returning.email, 'auth-key');
    const login = await api(page, 'POST', '/session/login', {
      userId: returning.userId,
      password: returning.password,
      secondPassword: returning.secondPassword,
    });
    expect(login.status).toBe(200);
    if (login.body.step === 'auth-key') {
      const mail = await nextMail(demo!.inbox, returning.email, 'auth-key', seen);
      const verified = await api(page, 'POST', '/session/auth-key', { authKey: mail.authKey });
      expect(verified.body.step).toBe('authenticated');
    }
  }

  /**
   * Puts the registered passkey into another authenticator, with a sign count above any the
   * service has seen, so that a refusal can only come from the point under test.
   */
  async function importPasskey(
    cdp: CDPSession,
    authenticatorId: string,
    signCount: number,
  ): Promise<void> {
    await cdp.send('WebAuthn.addCredential', {
      authenticatorId,
      credential: { ...credential!, isResidentCredential: true, rpId: 'localhost', signCount },
    });
  }

  /** A passkey login from `page`: options, the authenticator, the answer. */
  async function passkeyLogin(
    page: Page,
    tamper: (options: Record<string, unknown>) => Record<string, unknown> = (o) => o,
  ): Promise<Answer> {
    const options = await api(page, 'POST', '/session/passkey/options', {
      userId: returning.userId,
    });
    expect(options.status).toBe(200);
    const assertion = await getAssertion(
      page,
      tamper(options.body.options as Record<string, unknown>),
    );
    return api(page, 'POST', '/session/passkey', { response: assertion });
  }

  it('A20, A21: a student registers a passkey after re-authenticating, and is told by mail', async () => {
    const context = await browser!.newContext();
    try {
      const { page, cdp, authenticatorId } = await openPage(context, demo!.origin);
      await logIn(page);
      // A21: not without a recent re-authentication.
      const early = await api(page, 'POST', '/account/passkeys/registration-options');
      expect(early.body.error?.code).toBe('reauthentication_required');
      const reauth = await api(page, 'POST', '/account/reauthenticate', {
        secondPassword: returning.secondPassword,
      });
      expect(reauth.status).toBe(200);
      const options = await api(page, 'POST', '/account/passkeys/registration-options');
      expect(options.status).toBe(200);
      const seen = await mails(demo!.inbox, returning.email, 'passkey-added-notice');
      const created = await createCredential(page, options.body.options);
      const registered = await api(page, 'POST', '/account/passkeys', {
        response: created,
        name: 'Chromium',
      });
      expect(registered.status).toBe(201);
      expect(registered.body).toMatchObject({ name: 'Chromium', lastUsedAt: null });
      passkeyId = registered.body.passkeyId as string;
      const notice = await nextMail(demo!.inbox, returning.email, 'passkey-added-notice', seen);
      expect(notice.text).toContain('Chromium');
      const listed = await api(page, 'GET', '/account/passkeys');
      expect(listed.body.passkeys).toEqual([registered.body]);

      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials).toHaveLength(1);
      credential = credentials[0]!;
    } finally {
      await context.close();
    }
  }, 120_000);

  it('A20: in a fresh browser with that passkey, user ID + passkey log the student in', async () => {
    expect(credential).toBeDefined();
    const context = await browser!.newContext();
    try {
      const { page, cdp, authenticatorId } = await openPage(context, demo!.origin);
      await importPasskey(cdp, authenticatorId, 10);
      expect((await api(page, 'GET', '/session')).body.step).toBe('anonymous');
      const login = await passkeyLogin(page);
      expect(login.status).toBe(200);
      expect(login.body.step).toBe('authenticated');
      expect((await api(page, 'GET', '/session')).body.step).toBe('authenticated');
      // A21: the passkey (with user verification) counts as a re-authentication.
      expect((await api(page, 'POST', '/account/passkeys/registration-options')).status).toBe(200);
      const listed = await api(page, 'GET', '/account/passkeys');
      expect((listed.body.passkeys as { lastUsedAt: string | null }[])[0]?.lastUsedAt).not.toBe(
        null,
      );
    } finally {
      await context.close();
    }
  }, 120_000);

  it('A20: on the demo login page, the passkey offered in the user ID autofill logs the student in', async () => {
    expect(credential).toBeDefined();
    const context = await browser!.newContext();
    try {
      const { page, cdp, authenticatorId } = await openPage(context, demo!.origin);
      await importPasskey(cdp, authenticatorId, 40);
      // The login box waits on the autofill (conditional mediation); the virtual authenticator,
      // without a UI, picks its one passkey for the student as the student would.
      await page.goto(`${demo!.origin}/login`);
      await page.waitForURL(`${demo!.origin}/certificates`);
      expect((await api(page, 'GET', '/session')).body.step).toBe('authenticated');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('A20: on the demo login page, 「パスキーでログイン」 logs the student in through <shomei-login>', async () => {
    expect(credential).toBeDefined();
    const context = await browser!.newContext();
    try {
      // A browser without the autofill: only the button offers the passkey.
      await context.addInitScript(() => {
        Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', {
          value: () => Promise.resolve(false),
        });
      });
      const { page, cdp, authenticatorId } = await openPage(context, demo!.origin, '/login');
      await importPasskey(cdp, authenticatorId, 50);
      const login = page.locator('shomei-login');
      await login.getByRole('textbox', { name: 'ユーザID' }).fill(returning.userId);
      // No password, no second password, no auth key: user ID + passkey.
      await login.getByRole('button', { name: 'パスキーでログイン', exact: true }).click();
      // The demo page goes on to the certificates once the element says the student is in.
      await page.waitForURL(`${demo!.origin}/certificates`);
      expect((await api(page, 'GET', '/session')).body.step).toBe('authenticated');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('A20: an answer without the user-verification flag is refused', async () => {
    const context = await browser!.newContext();
    try {
      const { page, cdp, authenticatorId } = await openPage(context, demo!.origin);
      await importPasskey(cdp, authenticatorId, 100);
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
      // The browser would refuse `required` itself; a tampering page asks for less.
      const login = await passkeyLogin(page, (o) => ({ ...o, userVerification: 'discouraged' }));
      expect(login.status).toBe(401);
      expect(login.body.error?.code).toBe('passkey_failed');
      expect((await api(page, 'GET', '/session')).body.step).toBe('anonymous');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('A21: a student re-authenticates with a passkey, then removes another passkey', async () => {
    expect(credential).toBeDefined();
    // A second passkey, made in another browser (its own authenticator).
    const other = await browser!.newContext();
    let secondId = '';
    try {
      const { page } = await openPage(other, demo!.origin);
      await logIn(page);
      await api(page, 'POST', '/account/reauthenticate', {
        secondPassword: returning.secondPassword,
      });
      const options = await api(page, 'POST', '/account/passkeys/registration-options');
      const created = await createCredential(page, options.body.options);
      const registered = await api(page, 'POST', '/account/passkeys', {
        response: created,
        name: 'Second',
      });
      expect(registered.status).toBe(201);
      secondId = registered.body.passkeyId as string;
    } finally {
      await other.close();
    }

    const context = await browser!.newContext();
    try {
      const { page, cdp, authenticatorId } = await openPage(context, demo!.origin);
      await importPasskey(cdp, authenticatorId, 1000);
      await logIn(page);
      const early = await api(page, 'DELETE', `/account/passkeys/${secondId}`);
      expect(early.body.error?.code).toBe('reauthentication_required');

      const options = await api(page, 'POST', '/account/reauthenticate/passkey-options');
      expect(options.status).toBe(200);
      // The student's own passkeys, both of them; this browser holds the first.
      const allowed = (options.body.options as { allowCredentials: { id: string }[] })
        .allowCredentials;
      expect(allowed).toHaveLength(2);
      expect(allowed.map((c) => c.id)).toContain(
        Buffer.from(credential!.credentialId, 'base64').toString('base64url'),
      );
      const assertion = await getAssertion(page, options.body.options);
      const reauth = await api(page, 'POST', '/account/reauthenticate', { passkey: assertion });
      expect(reauth.status).toBe(200);
      expect(reauth.body.reauthenticatedUntil).toEqual(expect.any(String));

      const seen = await mails(demo!.inbox, returning.email, 'passkey-removed-notice');
      const removed = await api(page, 'DELETE', `/account/passkeys/${secondId}`);
      expect(removed.status).toBe(200);
      const notice = await nextMail(demo!.inbox, returning.email, 'passkey-removed-notice', seen);
      expect(notice.text).toContain('Second');
      const listed = await api(page, 'GET', '/account/passkeys');
      expect((listed.body.passkeys as { passkeyId: string }[]).map((p) => p.passkeyId)).toEqual([
        passkeyId,
      ]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('A20: a passkey made for another RP ID does not log in', async () => {
    const context = await browser!.newContext();
    try {
      const { page, cdp, authenticatorId } = await openPage(context, demo!.origin);
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      await cdp.send('WebAuthn.addCredential', {
        authenticatorId,
        credential: {
          credentialId: randomBytes(16).toString('base64'),
          isResidentCredential: true,
          rpId: 'evil.example',
          privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
          userHandle: randomBytes(32).toString('base64'),
          signCount: 1,
        },
      });
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      expect(credentials.map((c) => c.rpId)).toEqual(['evil.example']);

      const options = await api(page, 'POST', '/session/passkey/options', {
        userId: returning.userId,
      });
      expect(options.status).toBe(200);
      // The browser offers it for nothing but its own RP ID: for this tenant's it has none, and
      // says so at once (no request to the service is ever made with it).
      const offered = await tryAssertion(page, options.body.options);
      expect(offered).toEqual({ error: 'NotAllowedError' });
      // A page that asks for the other RP ID is refused by the browser itself (not its domain).
      const tampered = await tryAssertion(page, {
        ...(options.body.options as Record<string, unknown>),
        rpId: 'evil.example',
      });
      expect(tampered).toEqual({ error: 'SecurityError' });
      expect((await api(page, 'GET', '/session')).body.step).toBe('anonymous');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('A20, A21: a removed passkey no longer logs in, and the student is told by mail', async () => {
    const context = await browser!.newContext();
    try {
      const { page, cdp, authenticatorId } = await openPage(context, demo!.origin);
      await importPasskey(cdp, authenticatorId, 5000);
      await logIn(page);
      // A21: removing needs a recent re-authentication, which a password login is not.
      const early = await api(page, 'DELETE', `/account/passkeys/${passkeyId}`);
      expect(early.body.error?.code).toBe('reauthentication_required');
      // The passkey works until it is removed, and counts as the re-authentication.
      await api(page, 'POST', '/session/logout');
      expect((await passkeyLogin(page)).body.step).toBe('authenticated');
      const seen = await mails(demo!.inbox, returning.email, 'passkey-removed-notice');
      const removed = await api(page, 'DELETE', `/account/passkeys/${passkeyId}`);
      expect(removed.status).toBe(200);
      await nextMail(demo!.inbox, returning.email, 'passkey-removed-notice', seen);
      expect((await api(page, 'GET', '/account/passkeys')).body.passkeys).toEqual([]);
      await api(page, 'POST', '/session/logout');
      const login = await passkeyLogin(page);
      expect(login.status).toBe(401);
      expect(login.body.error?.code).toBe('passkey_failed');
      expect((await api(page, 'GET', '/session')).body.step).toBe('anonymous');
    } finally {
      await context.close();
    }
  }, 120_000);
});
