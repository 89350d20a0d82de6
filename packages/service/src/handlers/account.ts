/** Account changes: A11–A15, and the forgotten second password (A13). */
import {
  canChangeTwoFactor,
  checkSecondPassword,
  issueLink,
  isRecentlyReauthenticated,
  LINK_TTL_MINUTES,
  REAUTHENTICATION_MAX_WRONG,
  reauthenticationExpiry,
} from '@shomei/core';
import type { BaseContext, EndpointHandlers } from '../http/context.js';
import { apiError } from '../http/errors.js';
import type { AccountRecord, SessionRecord } from '../store/store.js';
import { maskEmail } from '../views.js';
import {
  checkNewSecondPassword,
  deviceTrustOf,
  fieldsOf,
  enforceRateLimits,
  ipKey,
  linkError,
  linkUrl,
  mailDelayed,
  mailEmailLink,
  mailLocale,
  mailTopic,
  sendMail,
  sendNotice,
  sessionAccount,
  spendLink,
  withRedeemedLink,
  withSecondPassword,
} from './shared.js';
import { isOwnPasskey } from './passkeys.js';
import { clearAuthKeyAttempts } from './throttle.js';

/** The owner of the decoy reset link for an unknown address (A13): no account has this ID. */
const NO_STUDENT = '';

/**
 * A21 (ASVS 7.5.1): a security change needs a re-authentication of this session within the last
 * few minutes; a session alone, stolen or left open, is not enough.
 */
export function requireRecentReauthentication(context: BaseContext, session: SessionRecord): void {
  if (!isRecentlyReauthenticated(session.reauthenticatedAt, context.now)) {
    throw apiError(
      'reauthentication_required',
      'enter the second password (or use a passkey) again (POST /account/reauthenticate) before this change',
    );
  }
}

/**
 * Whether `typed` is the account's second password: bounded and at the tenant's cost, like every
 * password check (issue 14), so an account without one takes as long as a wrong answer.
 */
async function isSecondPassword(
  context: BaseContext,
  account: AccountRecord,
  typed: string,
): Promise<boolean> {
  return context.runtime.passwordWork(async () => {
    const right = await context.runtime.passwords.verify(
      typed,
      account.secondPasswordHash,
      context.tenant.passwordHashIterations,
    );
    return right && account.secondPasswordHash !== null;
  });
}

/** Revokes every device trust of the student but this device's, which is put back as it was. */
async function keepOnlyThisDeviceTrusted(context: BaseContext, userId: string): Promise<void> {
  const { store } = context.runtime.deps;
  const own = await deviceTrustOf(context, userId);
  await store.deviceTrusts.deleteForUser(context.settings.tenantId, userId);
  if (own !== null) await store.deviceTrusts.put(own);
}

export const accountHandlers = {
  async requestSecondPasswordReset(context) {
    const { store } = context.runtime.deps;
    const tenantId = context.settings.tenantId;
    const email = context.body.email;
    await enforceRateLimits(context, [
      { rule: context.runtime.rateLimits.resetPerEmail, key: `reset:email:${email.toLowerCase()}` },
      { rule: context.runtime.rateLimits.resetPerIp, key: ipKey(context, 'reset') },
    ]);
    const accounts = await store.accounts.findByEmail(tenantId, email);
    if (accounts.length === 0) {
      // A13: the same store work as for a registered address (a real database would otherwise
      // answer faster), and the same answer. The link belongs to no student and its token is
      // thrown away, so it can never be redeemed (no account has an empty user ID); the typed
      // address is not kept.
      const { record } = await issueLink({
        purpose: 'second-password-reset',
        userId: NO_STUDENT,
        now: context.now,
      });
      await context.runtime.withLock(
        `second-password-reset:${tenantId}:${NO_STUDENT}`,
        async () => {
          await store.links.voidForUser(tenantId, NO_STUDENT, record.purpose, context.now);
          await store.links.put(tenantId, record);
          await context.mails.sendDecoy(
            tenantId,
            mailTopic('second-password-reset', NO_STUDENT),
            context.now,
          );
        },
      );
      return { accepted: true };
    }
    for (const account of accounts) {
      const { token, record } = await issueLink({
        purpose: 'second-password-reset',
        userId: account.userId,
        email: account.email ?? email,
        now: context.now,
      });
      // Only the newest reset link works; the link and its mail are written together (X7).
      await context.runtime.withLock(
        `second-password-reset:${tenantId}:${account.userId}`,
        async () => {
          await store.links.voidForUser(tenantId, account.userId, record.purpose, context.now);
          await store.links.put(tenantId, record);
          // A13: its delivery is not awaited (RequestMails.deliver): an SMTP round trip would
          // tell registered addresses from unknown ones.
          await sendMail(
            context,
            context.tenant,
            account.email ?? email,
            mailLocale(context, account),
            {
              kind: 'second-password-reset',
              link: linkUrl(context.tenant, 'second-password-reset', token),
              ttlMinutes: LINK_TTL_MINUTES,
            },
            {
              topic: mailTopic('second-password-reset', account.userId),
              expiresAt: record.expiresAt,
            },
          );
        },
      );
    }
    return { accepted: true };
  },

  async resetSecondPassword(context) {
    const { store } = context.runtime.deps;
    const tenantId = context.settings.tenantId;
    await withRedeemedLink(context, context.body.token, 'second-password-reset', async (record) => {
      const account = await store.accounts.get(tenantId, record.userId);
      // A link sent to an address the account no longer has is void.
      if (account?.email == null || account.email.toLowerCase() !== record.email?.toLowerCase())
        linkError('invalid');
      // Checked before the link is spent, so a typo does not cost the student the link.
      checkNewSecondPassword(
        context.body.secondPassword,
        context.body.secondPasswordConfirmation,
        'secondPassword',
        'secondPasswordConfirmation',
        checkSecondPassword,
      );
      // Hashed before the link is spent: a busy answer (issue 14) must not cost the link.
      const updated = await withSecondPassword(context, account, context.body.secondPassword);
      await spendLink(context, record);
      await store.accounts.put(updated);
      // Whoever knew the old second password is logged out, and no device stays trusted.
      await store.sessions.deleteForUser(tenantId, account.userId);
      await store.deviceTrusts.deleteForUser(tenantId, account.userId);
      // Issue 14: the reset is what lifts the cap on wrong auth keys.
      await clearAuthKeyAttempts(context, account.userId);
      await sendMail(context, context.tenant, account.email, mailLocale(context, account), {
        kind: 'second-password-changed-notice',
        changedAt: context.now.toISOString(),
      });
    });
    return { ok: true };
  },

  async requestEmailChange(context) {
    const { session, account } = await sessionAccount(context);
    requireRecentReauthentication(context, session);
    const { email, record } = await mailEmailLink(
      context,
      session,
      account,
      'email-change',
      context.body,
    );
    // A21: the address on file hears of the request at once, while the link is still unused.
    if (account.email !== null && account.email.toLowerCase() !== email.toLowerCase()) {
      await sendMail(
        context,
        context.tenant,
        account.email,
        mailLocale(context, account, session),
        {
          kind: 'email-change-requested-notice',
          newEmail: maskEmail(email),
          requestedAt: context.now.toISOString(),
        },
      );
    }
    const delayed = await mailDelayed(context, mailTopic('email-change', account.userId));
    return {
      sentTo: email,
      linkExpiresAt: record.expiresAt,
      ...(delayed ? { mailDelayed: true as const } : {}),
    };
  },

  async confirmEmailChange(context) {
    const { store } = context.runtime.deps;
    return withRedeemedLink(context, context.body.token, 'email-change', async (record) => {
      const account = await store.accounts.get(context.settings.tenantId, record.userId);
      if (account === null || record.email === undefined) linkError('invalid');
      await spendLink(context, record);
      const oldEmail = account.email;
      const updated = {
        ...account,
        email: record.email,
        emailVerified: true,
        updatedAt: context.now.toISOString(),
      };
      await store.accounts.put(updated);
      // ASVS 6.3.7: the old address hears of the change, in case it was not the student.
      if (oldEmail !== null && oldEmail.toLowerCase() !== record.email.toLowerCase()) {
        await sendMail(context, context.tenant, oldEmail, mailLocale(context, updated), {
          kind: 'email-changed-notice',
          newEmail: maskEmail(record.email),
          changedAt: context.now.toISOString(),
        });
      }
      return { email: record.email };
    });
  },

  async changeSecondPassword(context) {
    const { store } = context.runtime.deps;
    const { session, account } = await sessionAccount(context);
    await enforceRateLimits(context, [
      {
        rule: context.runtime.rateLimits.loginPerAccount,
        key: `second-password-change:user:${account.userId}`,
      },
    ]);
    const currentMatches = await isSecondPassword(
      context,
      account,
      context.body.currentSecondPassword,
    );
    if (!currentMatches) {
      throw apiError('current_second_password_wrong', 'the current second password is wrong', {
        fields: [{ field: 'currentSecondPassword', code: 'wrong' }],
      });
    }
    checkNewSecondPassword(
      context.body.newSecondPassword,
      context.body.newSecondPasswordConfirmation,
      'newSecondPassword',
      'newSecondPasswordConfirmation',
      checkSecondPassword,
    );
    await store.accounts.put(
      await withSecondPassword(context, account, context.body.newSecondPassword),
    );
    // As after a reset: other sessions of the student end and no other device stays trusted;
    // this session goes on, and this device keeps its trust (A7).
    await store.sessions.deleteForUser(context.settings.tenantId, account.userId, session.idHash);
    await keepOnlyThisDeviceTrusted(context, account.userId);
    await sendNotice(context, account, session, {
      kind: 'second-password-changed-notice',
      changedAt: context.now.toISOString(),
    });
    return { ok: true };
  },

  async reauthenticate(context) {
    const { store } = context.runtime.deps;
    const { session, account } = await sessionAccount(context);
    const rule = context.runtime.rateLimits.loginPerAccount;
    await enforceRateLimits(context, [
      { rule, key: `reauthenticate:user:${account.userId}` },
      { rule: context.runtime.rateLimits.loginPerIp, key: ipKey(context, 'reauthenticate') },
    ]);
    // Attempts are also counted per session id, for the rest of the session's life: whoever
    // holds a stolen session gets a few guesses at the second password, then only a full login
    // (with its own limits) gives another session. A right answer rotates the id below, so the
    // student starts the next re-authentication with a fresh allowance. Kept with the rate
    // limits, so a refused guess changes no data.
    const attempt = await store.rateLimits.hit(
      `${context.settings.tenantId}:reauthenticate:session:${session.idHash}`,
      Math.max(
        1,
        Math.ceil((Date.parse(session.absoluteExpiresAt) - context.now.getTime()) / 1000),
      ),
      context.now,
    );
    const tooMany = (): never => {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((Date.parse(attempt.resetAt) - context.now.getTime()) / 1000),
      );
      throw apiError(
        'rate_limited',
        'too many wrong second passwords in this session; log in again',
        { retryAfterSeconds },
        { 'Retry-After': String(retryAfterSeconds) },
      );
    };
    if (attempt.count > REAUTHENTICATION_MAX_WRONG) tooMany();
    const body = context.body;
    if ('passkey' in body) {
      // A20: a passkey of the student's own, with user verification, is as strong as the second
      // password; a failed one counts against the same allowance.
      if (!(await isOwnPasskey(context, session, account, body.passkey))) {
        if (attempt.count >= REAUTHENTICATION_MAX_WRONG) tooMany();
        throw apiError('passkey_failed', 'the passkey could not be verified', {
          attemptsLeft: REAUTHENTICATION_MAX_WRONG - attempt.count,
        });
      }
    } else if (!(await isSecondPassword(context, account, body.secondPassword))) {
      if (attempt.count >= REAUTHENTICATION_MAX_WRONG) tooMany();
      throw apiError('current_second_password_wrong', 'the second password is wrong', {
        fields: [{ field: 'secondPassword', code: 'wrong' }],
        attemptsLeft: REAUTHENTICATION_MAX_WRONG - attempt.count,
      });
    }
    const reauthenticatedAt = context.now.toISOString();
    // A new session id, as at every authentication (ASVS 7.2.4); the journey's expiry stays.
    await context.session.start({ ...fieldsOf(session), reauthenticatedAt }, true);
    return { reauthenticatedUntil: reauthenticationExpiry(reauthenticatedAt) };
  },

  async setTwoFactor(context) {
    const { session, account } = await sessionAccount(context);
    if (!canChangeTwoFactor(context.settings.twoFactor.mode)) {
      throw apiError(
        'two_factor_not_changeable',
        `two-factor is ${context.settings.twoFactor.mode} for this university`,
      );
    }
    const disabling = account.twoFactorEnabled && !context.body.enabled;
    // A21: turning the second factor off is the change a thief wants; turning it on is not.
    if (!context.body.enabled) requireRecentReauthentication(context, session);
    await context.runtime.deps.store.accounts.put({
      ...account,
      twoFactorEnabled: context.body.enabled,
      updatedAt: context.now.toISOString(),
    });
    if (disabling && account.email !== null) {
      await sendMail(
        context,
        context.tenant,
        account.email,
        mailLocale(context, account, session),
        {
          kind: 'two-factor-disabled-notice',
          changedAt: context.now.toISOString(),
        },
      );
    }
    return { enabled: context.body.enabled };
  },

  async setLocale(context) {
    const { locale } = context.body;
    if (!context.settings.locales.includes(locale)) {
      throw apiError('invalid_request', `${locale} is not offered by this university`, {
        fields: [{ field: 'locale', code: 'unsupported' }],
      });
    }
    const session = context.session.current;
    if (session === null) {
      // A14: remembered before login, carried into the student's account at login.
      await context.session.start({
        step: 'anonymous',
        userId: null,
        student: null,
        locale,
        pendingEmail: null,
        linkExpiresAt: null,
        keyExpiresAt: null,
      });
      return { locale };
    }
    await context.session.save({ ...session, locale });
    if (session.userId !== null) {
      const { store } = context.runtime.deps;
      const account = await store.accounts.get(context.settings.tenantId, session.userId);
      if (account !== null)
        await store.accounts.put({ ...account, locale, updatedAt: context.now.toISOString() });
    }
    return { locale };
  },
} satisfies Pick<
  EndpointHandlers,
  | 'requestSecondPasswordReset'
  | 'resetSecondPassword'
  | 'requestEmailChange'
  | 'confirmEmailChange'
  | 'changeSecondPassword'
  | 'reauthenticate'
  | 'setTwoFactor'
  | 'setLocale'
>;
