import * as z from 'zod/mini';
import { IsoDateTime, UserId } from './primitives.js';

/** A base64url value of WebAuthn (ids, client data, attestation), bounded in size. */
const Base64Url = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max), z.regex(/^[A-Za-z0-9_-]+$/));

/**
 * A20: WebAuthn options as JSON (`PublicKeyCredentialCreationOptionsJSON` /
 * `PublicKeyCredentialRequestOptionsJSON`), for `PublicKeyCredential.parseCreationOptionsFromJSON`
 * or `@simplewebauthn/browser`. Passed through as the service made them.
 */
export const PasskeyOptions = z.looseObject({ challenge: z.string() });
export type PasskeyOptions = z.infer<typeof PasskeyOptions>;

export const PasskeyRegistrationOptions = z.object({ options: PasskeyOptions });
export type PasskeyRegistrationOptions = z.infer<typeof PasskeyRegistrationOptions>;

export const PasskeyAuthenticationOptions = z.object({ options: PasskeyOptions });
export type PasskeyAuthenticationOptions = z.infer<typeof PasskeyAuthenticationOptions>;

/** A20: login with a passkey may name the user ID typed; the answer looks the same either way. */
export const PasskeyAuthenticationOptionsRequest = z.strictObject({ userId: z.optional(UserId) });
export type PasskeyAuthenticationOptionsRequest = z.infer<
  typeof PasskeyAuthenticationOptionsRequest
>;

const Transports = z.optional(z.array(z.string().check(z.maxLength(32))).check(z.maxLength(8)));

/** `RegistrationResponseJSON`: what `navigator.credentials.create` gave, as JSON. */
export const PasskeyRegistrationResponse = z.looseObject({
  id: Base64Url(1366),
  rawId: Base64Url(1366),
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: Base64Url(4096),
    attestationObject: Base64Url(16384),
    transports: Transports,
  }),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.optional(z.string().check(z.maxLength(32))),
});

/** `AuthenticationResponseJSON`: what `navigator.credentials.get` gave, as JSON. */
export const PasskeyAuthenticationResponse = z.looseObject({
  id: Base64Url(1366),
  rawId: Base64Url(1366),
  type: z.literal('public-key'),
  response: z.looseObject({
    clientDataJSON: Base64Url(4096),
    authenticatorData: Base64Url(4096),
    signature: Base64Url(2048),
    userHandle: z.optional(Base64Url(128)),
  }),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.optional(z.string().check(z.maxLength(32))),
});

export const PasskeyName = z.string().check(z.minLength(1), z.maxLength(64));

/** A20: register the passkey just created, under a name the student chose. */
export const PasskeyRegisterRequest = z.strictObject({
  response: PasskeyRegistrationResponse,
  name: PasskeyName,
});
export type PasskeyRegisterRequest = z.infer<typeof PasskeyRegisterRequest>;

/** A20: log in with a passkey. */
export const PasskeyLoginRequest = z.strictObject({ response: PasskeyAuthenticationResponse });
export type PasskeyLoginRequest = z.infer<typeof PasskeyLoginRequest>;

/** A20: a passkey as the student sees it in the account menu. */
export const Passkey = z.object({
  passkeyId: z.string(),
  name: z.string(),
  createdAt: IsoDateTime,
  lastUsedAt: z.nullable(IsoDateTime),
});
export type Passkey = z.infer<typeof Passkey>;

export const PasskeyList = z.object({ passkeys: z.array(Passkey) });
export type PasskeyList = z.infer<typeof PasskeyList>;

export const PasskeyParams = z.strictObject({
  passkeyId: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type PasskeyParams = z.infer<typeof PasskeyParams>;
