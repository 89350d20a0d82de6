/** Passkeys: A20 (register, list, remove, log in) and A21 (re-authentication and notices). */
import {
  checkAccess,
  normalizeUserId,
  passkeyMode,
  passkeyRpId,
  randomToken,
  sha256Hex,
} from '@shomei/core';
import type { BaseContext, EndpointContext, EndpointHandlers } from '../http/context.js';
import { ApiError, apiError } from '../http/errors.js';
import type { AccountRecord, PasskeyRecord, SessionRecord } from '../store/store.js';
import { originAllowed } from '../tenants.js';
import { requireRecentReauthentication } from './account.js';
import { enforceRateLimits, ipKey, sendNotice, sessionAccount } from './shared.js';
import { currentView, loginFields } from './session.js';

/** `AuthenticationResponseJSON` as the contract checked it. */
type PasskeyAuthenticationResponse = EndpointContext<'passkeyLogin'>['body']['response'];

/** How long a WebAuthn challenge waits for its answer. */
export const PASSKEY_CHALLENGE_MINUTES = 5;

/** Loaded on first use: the mock in a browser need not carry the WebAuthn verifier. */
const webauthn = () => import('@simplewebauthn/server');

/** The tenant's relying party, or `passkey_not_allowed` when passkeys are off for it. */
function relyingParty(context: BaseContext): { rpId: string; rpName: string } {
  const rpId = passkeyRpId(context.settings);
  if (passkeyMode(context.settings) === 'off' || rpId === null)
    throw apiError('passkey_not_allowed', 'passkeys are off for this university');
  return { rpId, rpName: context.settings.name.ja };
}

/** The one answer for every passkey that did not prove the student: nothing to learn from it. */
const passkeyFailed = () => apiError('passkey_failed', 'the passkey could not be verified');

/** What the browser says of a ceremony in `clientDataJSON` (base64url): fields that are strings. */
function readClientData(clientDataJSON: string): { origin?: string; challenge?: string } {
  try {
    const json = atob(clientDataJSON.replace(/-/g, '+').replace(/_/g, '/'));
    const { origin, challenge } = JSON.parse(json) as { origin?: unknown; challenge?: unknown };
    return {
      ...(typeof origin === 'string' ? { origin } : {}),
      ...(typeof challenge === 'string' ? { challenge } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * `origin` if it is one the tenant's passkeys accept: the configured `passkeys.origins` exactly,
 * or else the service's own origin and the tenant's allowed origins (the pages that may call the
 * API at all). Null for any other or none.
 */
function acceptedOrigin(context: BaseContext, origin: string | undefined): string | null {
  if (origin === undefined) return null;
  const configured = context.settings.passkeys?.origins;
  if (configured !== undefined) return configured.includes(origin) ? origin : null;
  const own = new URL(context.request.url).origin;
  return origin === own || originAllowed(origin, context.tenant.allowedOrigins) ? origin : null;
}

/** The verifier's verdict, with every way of failing (a throw included) as `passkey_failed`. */
async function verifiedOrFail<T extends { verified: boolean }>(verify: Promise<T>): Promise<T> {
  let verification: T;
  try {
    verification = await verify;
  } catch {
    throw passkeyFailed();
  }
  if (!verification.verified) throw passkeyFailed();
  return verification;
}

/**
 * Checks an assertion of `passkey` against the challenge, origin and relying party (UV required)
 * and records the use (counter, last used); every way of failing is `passkey_failed`.
 */
async function verifyAssertion(
  context: BaseContext,
  response: PasskeyAuthenticationResponse,
  challenge: string,
  origin: string,
  rpId: string,
  passkey: PasskeyRecord,
): Promise<void> {
  const { verifyAuthenticationResponse } = await webauthn();
  const { isoBase64URL } = await import('@simplewebauthn/server/helpers');
  const verification = await verifiedOrFail(
    verifyAuthenticationResponse({
      response: response as unknown as Parameters<
        typeof verifyAuthenticationResponse
      >[0]['response'],
      expectedChallenge: challenge,
      expectedOrigin: origin,
      // The authenticator data's RP ID hash must be this tenant's: a passkey made for another
      // site (or a page that asked for another RP ID) proves nothing here.
      expectedRPID: rpId,
      credential: {
        id: passkey.credentialId,
        publicKey: isoBase64URL.toBuffer(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransport[],
      },
      // A20: the passkey replaces two factors, so it must have verified the person (UV flag).
      requireUserVerification: true,
    }),
  );
  await context.runtime.deps.store.passkeys.put({
    ...passkey,
    counter: verification.authenticationInfo.newCounter,
    lastUsedAt: context.now.toISOString(),
  });
}

const challengeExpiry = (now: Date) =>
  new Date(now.getTime() + PASSKEY_CHALLENGE_MINUTES * 60 * 1000).toISOString();

/** A registration challenge belongs to the session that asked for it. */
const registrationKey = (session: SessionRecord) => sha256Hex(`registration:${session.idHash}`);

/** So does a re-authentication challenge (A21). */
const reauthenticationKey = (session: SessionRecord) =>
  sha256Hex(`reauthentication:${session.idHash}`);

/**
 * A21: whether `response` is an assertion, by one of the student's own passkeys, of the
 * re-authentication challenge this session was given. The challenge is used up either way. Only
 * a wrong answer says false; a tenant with passkeys off is `passkey_not_allowed`.
 */
export async function isOwnPasskey(
  context: BaseContext,
  session: SessionRecord,
  account: AccountRecord,
  response: PasskeyAuthenticationResponse,
): Promise<boolean> {
  const { store } = context.runtime.deps;
  const { rpId } = relyingParty(context);
  const tenantId = context.settings.tenantId;
  const challenge = await store.passkeys.takeChallenge(
    tenantId,
    await reauthenticationKey(session),
    context.now,
  );
  const clientData = readClientData(response.response.clientDataJSON);
  const origin = acceptedOrigin(context, clientData.origin);
  const passkey = await store.passkeys.findByCredentialId(tenantId, response.id);
  if (
    challenge === null ||
    challenge.userId !== account.userId ||
    clientData.challenge !== challenge.challenge ||
    origin === null ||
    passkey?.userId !== account.userId
  )
    return false;
  try {
    await verifyAssertion(context, response, challenge.challenge, origin, rpId, passkey);
    return true;
  } catch (error) {
    // Only the verdict is an answer; a store that fails is a failure of the service.
    if (error instanceof ApiError && error.code === 'passkey_failed') return false;
    throw error;
  }
}

/** A20: whether the tenant requires a passkey of every student (after the first login). */
function passkeysRequired(context: BaseContext): boolean {
  return (
    passkeyMode(context.settings) === 'required-after-first-login' &&
    passkeyRpId(context.settings) !== null
  );
}

const passkeyView = (record: PasskeyRecord) => ({
  passkeyId: record.passkeyId,
  name: record.name,
  createdAt: record.createdAt,
  lastUsedAt: record.lastUsedAt,
});

function limitLikeLogin(context: BaseContext, what: string) {
  return enforceRateLimits(context, [
    { rule: context.runtime.rateLimits.loginPerIp, key: ipKey(context, what) },
  ]);
}

export const passkeyHandlers = {
  async passkeyRegistrationOptions(context) {
    const { store } = context.runtime.deps;
    const { session, account } = await sessionAccount(context);
    const { rpId, rpName } = relyingParty(context);
    requireRecentReauthentication(context, session);
    const { generateRegistrationOptions } = await webauthn();
    const { isoBase64URL } = await import('@simplewebauthn/server/helpers');
    const tenantId = context.settings.tenantId;
    // The handle the authenticator keeps is random, not the user ID (which is personal data).
    const userHandle = await store.passkeys.userHandle(tenantId, account.userId, randomToken(32));
    const existing = await store.passkeys.listForUser(tenantId, account.userId);
    const options = await generateRegistrationOptions({
      rpName,
      rpID: rpId,
      userID: isoBase64URL.toBuffer(userHandle),
      userName: account.userId,
      userDisplayName: context.session.current?.student?.name ?? account.userId,
      attestationType: 'none',
      // One passkey per authenticator: the browser says so rather than making a second one.
      excludeCredentials: existing.map((p) => ({
        id: p.credentialId,
        transports: p.transports as AuthenticatorTransport[],
      })),
      // A20: discoverable, so login can offer it before a user ID is typed; UV required.
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    await store.passkeys.putChallenge({
      tenantId,
      keyHash: await registrationKey(session),
      purpose: 'registration',
      challenge: options.challenge,
      userId: account.userId,
      expiresAt: challengeExpiry(context.now),
    });
    return { options: options as unknown as { challenge: string } };
  },

  async registerPasskey(context) {
    const { store } = context.runtime.deps;
    const { session, account } = await sessionAccount(context);
    const { rpId } = relyingParty(context);
    // A21: checked again at the change itself, not only when the options were given.
    requireRecentReauthentication(context, session);
    const tenantId = context.settings.tenantId;
    const challenge = await store.passkeys.takeChallenge(
      tenantId,
      await registrationKey(session),
      context.now,
    );
    const response = context.body.response;
    const origin = acceptedOrigin(context, readClientData(response.response.clientDataJSON).origin);
    if (challenge === null || challenge.userId !== account.userId || origin === null)
      throw passkeyFailed();
    const { verifyRegistrationResponse } = await webauthn();
    const { isoBase64URL } = await import('@simplewebauthn/server/helpers');
    const verification = await verifiedOrFail(
      verifyRegistrationResponse({
        response: response as unknown as Parameters<
          typeof verifyRegistrationResponse
        >[0]['response'],
        expectedChallenge: challenge.challenge,
        expectedOrigin: origin,
        expectedRPID: rpId,
        requireUserVerification: true,
      }),
    );
    const info = verification.registrationInfo;
    if (info === undefined) throw passkeyFailed();
    const { credential } = info;
    if ((await store.passkeys.findByCredentialId(tenantId, credential.id)) !== null)
      throw passkeyFailed();
    const record: PasskeyRecord = {
      tenantId,
      userId: account.userId,
      passkeyId: randomToken(16),
      credentialId: credential.id,
      publicKey: isoBase64URL.fromBuffer(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name: context.body.name.trim() || context.body.name,
      createdAt: context.now.toISOString(),
      lastUsedAt: null,
    };
    await store.passkeys.put(record);
    await sendNotice(context, account, session, {
      kind: 'passkey-added-notice',
      name: record.name,
      changedAt: context.now.toISOString(),
    });
    return passkeyView(record);
  },

  async listPasskeys(context) {
    const { account } = await sessionAccount(context);
    const stored = await context.runtime.deps.store.passkeys.listForUser(
      context.settings.tenantId,
      account.userId,
    );
    return { passkeys: stored.map(passkeyView) };
  },

  async deletePasskey(context) {
    const { store } = context.runtime.deps;
    const { session, account } = await sessionAccount(context);
    const tenantId = context.settings.tenantId;
    const passkeys = await store.passkeys.listForUser(tenantId, account.userId);
    // Only the student's own: another student's id is as unknown as a made-up one.
    const own = passkeys.find((p) => p.passkeyId === context.params.passkeyId);
    // A20: where the tenant requires a passkey, the last one stays (before asking for the second
    // password: no re-authentication could make this removal possible). Two removals at once
    // of a student's last two are not serialized; the login would then ask for a new one.
    if (own !== undefined && passkeys.length === 1 && passkeysRequired(context))
      throw apiError(
        'passkey_last_required',
        'the university requires a passkey: add another before removing this one',
      );
    requireRecentReauthentication(context, session);
    if (
      own === undefined ||
      !(await store.passkeys.delete(tenantId, account.userId, own.passkeyId))
    )
      throw apiError('not_found', 'no such passkey');
    await sendNotice(context, account, session, {
      kind: 'passkey-removed-notice',
      name: own.name,
      changedAt: context.now.toISOString(),
    });
    return { ok: true };
  },

  async reauthenticationPasskeyOptions(context) {
    const { store } = context.runtime.deps;
    const { session, account } = await sessionAccount(context);
    const { rpId } = relyingParty(context);
    const tenantId = context.settings.tenantId;
    const { generateAuthenticationOptions } = await webauthn();
    // The student is logged in: naming their own passkeys tells them nothing new, and lets the
    // browser offer only those.
    const own = await store.passkeys.listForUser(tenantId, account.userId);
    const options = await generateAuthenticationOptions({
      rpID: rpId,
      userVerification: 'required',
      allowCredentials: own.map((p) => ({
        id: p.credentialId,
        transports: p.transports as AuthenticatorTransport[],
      })),
    });
    await store.passkeys.putChallenge({
      tenantId,
      keyHash: await reauthenticationKey(session),
      purpose: 'authentication',
      challenge: options.challenge,
      userId: account.userId,
      expiresAt: challengeExpiry(context.now),
    });
    return { options: options as unknown as { challenge: string } };
  },

  async passkeyLoginOptions(context) {
    const { rpId } = relyingParty(context);
    await limitLikeLogin(context, 'passkey-options');
    const { generateAuthenticationOptions } = await webauthn();
    // No allowCredentials, whoever asks: listing a user's credentials would tell who has one
    // (and who exists). The typed user ID is only remembered and checked at the answer.
    const options = await generateAuthenticationOptions({
      rpID: rpId,
      userVerification: 'required',
    });
    const userId = context.body.userId === undefined ? null : normalizeUserId(context.body.userId);
    await context.runtime.deps.store.passkeys.putChallenge({
      tenantId: context.settings.tenantId,
      keyHash: await sha256Hex(`authentication:${options.challenge}`),
      purpose: 'authentication',
      challenge: options.challenge,
      userId,
      expiresAt: challengeExpiry(context.now),
    });
    return { options: options as unknown as { challenge: string } };
  },

  async passkeyLogin(context) {
    const { store } = context.runtime.deps;
    const { rpId } = relyingParty(context);
    await limitLikeLogin(context, 'passkey-login');
    const tenantId = context.settings.tenantId;
    const response = context.body.response;
    const clientData = readClientData(response.response.clientDataJSON);
    const sent = clientData.challenge;
    // The challenge is its own handle: random, single use, kept hashed, found by the browser's
    // echo of it in clientDataJSON (which the signature covers).
    const challenge =
      sent === undefined
        ? null
        : await store.passkeys.takeChallenge(
            tenantId,
            await sha256Hex(`authentication:${sent}`),
            context.now,
          );
    const origin = acceptedOrigin(context, clientData.origin);
    const passkey = await store.passkeys.findByCredentialId(tenantId, response.id);
    if (
      challenge?.purpose !== 'authentication' ||
      origin === null ||
      passkey === null ||
      (challenge.userId !== null && challenge.userId !== passkey.userId)
    )
      throw passkeyFailed();
    await verifyAssertion(context, response, challenge.challenge, origin, rpId, passkey);

    // The directory still decides whether the student may log in now (A18).
    const student = await context.tenant.students.find(passkey.userId);
    const account = await store.accounts.get(tenantId, passkey.userId);
    if (student === null || account === null) throw passkeyFailed();
    const access = checkAccess({ tenant: context.settings, student, now: context.now });
    if (!access.allowed) {
      if (access.reason === 'not-yet-available') {
        throw apiError('access_not_yet_available', 'this student may not log in yet', {
          availableFrom: access.availableFrom,
        });
      }
      throw apiError('access_contact_office', 'this student is asked to contact the office', {
        notice: access.notice,
      });
    }
    const { fields } = await loginFields(context, student, account);
    // A passkey with user verification is a strong proof: it counts as a re-authentication (A21).
    await context.session.start({
      ...fields,
      step: 'authenticated',
      reauthenticatedAt: context.now.toISOString(),
    });
    return currentView(context);
  },
} satisfies Pick<
  EndpointHandlers,
  | 'passkeyRegistrationOptions'
  | 'registerPasskey'
  | 'listPasskeys'
  | 'deletePasskey'
  | 'reauthenticationPasskeyOptions'
  | 'passkeyLoginOptions'
  | 'passkeyLogin'
>;
