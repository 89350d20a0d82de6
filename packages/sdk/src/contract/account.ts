import * as z from 'zod/mini';
import {
  Email,
  IsoDateTime,
  LinkToken,
  Locale,
  MailDelayed,
  SecondPassword,
} from './primitives.js';
import { PasskeyAuthenticationResponse } from './passkeys.js';

/** A mail with a one-time link went out (A3, A11). */
export const LinkMailSent = z.object({
  sentTo: z.string(),
  linkExpiresAt: IsoDateTime,
  mailDelayed: z.optional(MailDelayed),
});
export type LinkMailSent = z.infer<typeof LinkMailSent>;

/**
 * A4, A11, A13: the page that hosts the elements redeems a link's token with a POST, so a mail
 * scanner that merely opens the link cannot use it up.
 */
export const LinkRedeemRequest = z.strictObject({ token: LinkToken });
export type LinkRedeemRequest = z.infer<typeof LinkRedeemRequest>;

/** A4/A11: the address that is now registered. */
export const EmailConfirmed = z.object({ email: z.string() });
export type EmailConfirmed = z.infer<typeof EmailConfirmed>;

/** A12 */
export const SecondPasswordChangeRequest = z.strictObject({
  currentSecondPassword: SecondPassword,
  newSecondPassword: SecondPassword,
  newSecondPasswordConfirmation: SecondPassword,
});
export type SecondPasswordChangeRequest = z.infer<typeof SecondPasswordChangeRequest>;

/** A13: the answer is the same whether or not the address is registered. */
export const SecondPasswordResetRequest = z.strictObject({ email: Email });
export type SecondPasswordResetRequest = z.infer<typeof SecondPasswordResetRequest>;
export const ResetRequestAccepted = z.object({ accepted: z.literal(true) });
export type ResetRequestAccepted = z.infer<typeof ResetRequestAccepted>;

/** A13: the new second password, with the token from the link. */
export const SecondPasswordResetConfirm = z.strictObject({
  token: LinkToken,
  secondPassword: SecondPassword,
  secondPasswordConfirmation: SecondPassword,
});
export type SecondPasswordResetConfirm = z.infer<typeof SecondPasswordResetConfirm>;

export const Done = z.object({ ok: z.literal(true) });
export type Done = z.infer<typeof Done>;

/**
 * A21: the second password again, or one of the student's passkeys (A20: the answer to the
 * options of `reauthenticationPasskeyOptions`), before a security change (two-factor off, email
 * change, a passkey added or removed).
 */
export const ReauthenticateRequest = z.xor([
  z.strictObject({ secondPassword: SecondPassword }),
  z.strictObject({ passkey: PasskeyAuthenticationResponse }),
]);
export type ReauthenticateRequest = z.infer<typeof ReauthenticateRequest>;

/** A21: security changes are allowed until `reauthenticatedUntil` (a few minutes). */
export const Reauthenticated = z.object({ reauthenticatedUntil: IsoDateTime });
export type Reauthenticated = z.infer<typeof Reauthenticated>;

/** A15 */
export const TwoFactorSetting = z.strictObject({ enabled: z.boolean() });
export type TwoFactorSetting = z.infer<typeof TwoFactorSetting>;

/** A14: the chosen language, kept so that later mails follow it. */
export const LocaleSetting = z.strictObject({ locale: Locale });
export type LocaleSetting = z.infer<typeof LocaleSetting>;
