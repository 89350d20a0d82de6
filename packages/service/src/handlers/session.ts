/** Login journey: A1–A9, A16, A18. */
import {
  checkAccess,
  checkSecondPassword,
  isAuthKeyLive,
  issueAuthKey,
  needsAuthKey,
  normalizeUserId,
  randomToken,
  sha256Hex,
  trustedUntil,
  verifyAuthKey,
} from '@shomei/core';
import type { Locale, Student } from '@shomei/core';
import type { SessionView } from '../contract.js';
import { hashIterations } from '../crypto.js';
import { DirectoryUnavailableError } from '../directory.js';
import type { BaseContext, EndpointHandlers } from '../http/context.js';
import { apiError } from '../http/errors.js';
import type { AccountRecord, SessionRecord } from '../store/store.js';
import { maskEmail, sessionView, tenantInfo } from '../views.js';
import {
  checkNewSecondPassword,
  deviceTrustOf,
  enforceRateLimits,
  fieldsOf,
  ipKey,
  linkError,
  mailDelayed,
  mailEmailLink,
  mailLocale,
  mailTopic,
  newAccount,
  passkeyRequired,
  passwordLoginStamp,
  sendMail,
  sessionAccount,
  spendLink,
  withRedeemedLink,
  withSecondPassword,
} from './shared.js';
import {
  checkAuthKeyAttempts,
  checkLoginThrottle,
  clearAuthKeyAttempts,
  recordLoginFailure,
  recordLoginSuccess,
  recordWrongAuthKey,
} from './throttle.js';

type Context = BaseContext;

export async function currentView(context: Context): Promise<SessionView> {
  const session = context.session.current;
  const account =
    session?.userId == null
      ? null
      : await context.runtime.deps.store.accounts.get(context.settings.tenantId, session.userId);
  const view = sessionView(context.settings, session, account, context.requestLocale);
  // A20: the screens offer nothing but registering a passkey until there is one.
  if (
    view.step === 'authenticated' &&
    account !== null &&
    (await passkeyRequired(context.runtime.deps.store, context.settings, account.userId))
  )
    return { ...view, passkeyRequired: true };
  // X7: the screens that wait for a mail say so when it has not gone out yet.
  if (view.step === 'auth-key' || view.step === 'email-registration-sent') {
    const kind = view.step === 'auth-key' ? 'auth-key' : 'email-registration';
    if (await mailDelayed(context, mailTopic(kind, view.userId)))
      return { ...view, mailDelayed: true };
  }
  return view;
}

/** A7: until when this device is trusted by this student, from its trust token. */
async function deviceTrustedUntil(context: Context, userId: string): Promise<string | null> {
  return (await deviceTrustOf(context, userId))?.trustedUntil ?? null;
}

/** Mails a new auth key, replacing any earlier one (A7, A8). */
async function mailAuthKey(
  context: Context,
  account: AccountRecord,
  session: SessionRecord | null,
): Promise<string> {
  const { store } = context.runtime.deps;
  if (account.email === null) throw new Error('an auth key needs a registered email');
  const { authKey, record } = await issueAuthKey({
    userId: account.userId,
    now: context.now,
    twoFactor: context.settings.twoFactor,
  });
  await store.authKeys.put(context.settings.tenantId, record);
  await sendMail(
    context,
    context.tenant,
    account.email,
    mailLocale(context, account, session),
    {
      kind: 'auth-key',
      authKey,
      expiresAt: record.expiresAt,
    },
    { topic: mailTopic('auth-key', account.userId), expiresAt: record.expiresAt, wait: true },
  );
  return record.expiresAt;
}

/** A9: every new auth key counts against the reissue limit, asked for or sent at login. */
async function limitAuthKeyReissue(context: Context, account: AccountRecord): Promise<void> {
  await enforceRateLimits(context, [
    {
      rule: context.runtime.rateLimits.authKeyReissuePerAccount,
      key: `auth-key-reissue:user:${account.userId}`,
    },
  ]);
}

/** The session and account of a request that is only valid at the auth-key step (A7). */
async function atAuthKeyStep(
  context: Context,
): Promise<{ session: SessionRecord; account: AccountRecord }> {
  const { session, account } = await sessionAccount(context);
  if (session.step !== 'auth-key')
    throw apiError('wrong_step', `the auth key is not the step now (${session.step})`);
  return { session, account };
}

/**
 * The key a login stops at (A7): the student's standing key if there is one, else a new one.
 * A standing key (unused, unexpired) is reused without another mail, even a locked one, which
 * stays locked: logging in again must not act as a reissue (A9: only 「認証キー再発行」 helps),
 * nor mail a key at every login. A new key counts against the reissue limit like a reissue.
 *
 * X7: a key counts as standing only while its mail went out or is on its first try; after a
 * failed delivery the student never had it, so the login mails a fresh one (cancelling the old
 * mail: only the newest key is delivered when the relay recovers).
 */
async function loginAuthKey(context: Context, account: AccountRecord): Promise<string> {
  const { store } = context.runtime.deps;
  const tenantId = context.settings.tenantId;
  return context.runtime.withLock(`auth-key:${tenantId}:${account.userId}`, async () => {
    // Issue 14: past the cap on wrong keys, login stops here, before a key is mailed.
    await checkAuthKeyAttempts(context, account.userId);
    const standing = await store.authKeys.get(tenantId, account.userId);
    if (standing !== null && isAuthKeyLive(standing, context.now)) {
      const mail = await store.mails.latestOfTopic(tenantId, mailTopic('auth-key', account.userId));
      const reached =
        mail === null ||
        mail.status === 'sent' ||
        (mail.status === 'pending' && mail.attempts === 0);
      if (reached) return standing.expiresAt;
    }
    await limitAuthKeyReissue(context, account);
    return mailAuthKey(context, account, context.session.current);
  });
}

/** After the second password (A6) or its setup (A5): the auth key (A7) or done. */
async function continueToSecondFactor(
  context: Context,
  account: AccountRecord,
  fields: ReturnType<typeof fieldsOf>,
  continueLogin: boolean,
): Promise<void> {
  const mustVerify = needsAuthKey({
    mode: context.settings.twoFactor.mode,
    studentEnabled: account.twoFactorEnabled,
    trustedUntil: await deviceTrustedUntil(context, account.userId),
    now: context.now,
  });
  if (mustVerify) {
    const keyExpiresAt = await loginAuthKey(context, account);
    await context.session.start({ ...fields, step: 'auth-key', keyExpiresAt }, continueLogin);
  } else {
    await context.session.start(
      {
        ...fields,
        step: 'authenticated',
        keyExpiresAt: null,
        ...(await passwordLoginStamp(context, account.userId)),
      },
      continueLogin,
    );
  }
}

/**
 * The session fields of a student who just proved who they are (a login, A1–A6, or a passkey,
 * A20), and their account, created at the first login.
 */
export async function loginFields(
  context: Context,
  student: Student,
  account: AccountRecord | null,
): Promise<{
  account: AccountRecord;
  fields: {
    userId: string;
    student: Student;
    locale: Locale | null;
    pendingEmail: null;
    linkExpiresAt: null;
    keyExpiresAt: null;
  };
}> {
  // A14: a language chosen on the login screen (before login) becomes the student's; a
  // session that already belongs to someone (another student on a shared PC) passes nothing.
  const before = context.session.current;
  const chosenLocale = before !== null && before.userId === null ? before.locale : null;
  let current = account ?? newAccount(context.settings.tenantId, student, context.now);
  if (chosenLocale !== null && current.locale !== chosenLocale) {
    current = { ...current, locale: chosenLocale, updatedAt: context.now.toISOString() };
  }
  if (current !== account) await context.runtime.deps.store.accounts.put(current);
  return {
    account: current,
    fields: {
      userId: student.userId,
      student,
      locale: chosenLocale ?? current.locale,
      pendingEmail: null,
      linkExpiresAt: null,
      keyExpiresAt: null,
    },
  };
}

/** A1: the university's own check; a directory that cannot answer is a 503, not a wrong password. */
async function authenticateStudent(context: Context, userId: string, password: string) {
  try {
    return await context.tenant.students.authenticate(userId, password);
  } catch (error) {
    if (!(error instanceof DirectoryUnavailableError)) throw error;
    context.runtime.logger.error('the student directory is unavailable', {
      reason: error.reason,
      error: error.message,
    });
    throw apiError('directory_unavailable', 'the student directory is unavailable; try later');
  }
}

export const sessionHandlers = {
  async getTenant(context) {
    return tenantInfo(context.settings);
  },

  async getSession(context) {
    return currentView(context);
  },

  async login(context) {
    const { store } = context.runtime.deps;
    const { rateLimits, passwords } = context.runtime;
    const tenantId = context.settings.tenantId;
    const iterations = context.tenant.passwordHashIterations;
    const userId = normalizeUserId(context.body.userId);
    await enforceRateLimits(context, [
      { rule: rateLimits.loginPerIp, key: ipKey(context, 'login') },
    ]);
    // Issue 14: per account and client, with a growing delay instead of a lock (throttle.ts).
    const throttle = await checkLoginThrottle(context, userId);

    // Issue 14: the directory's check and the second password's run in one bounded slot; a
    // browser that logged in to this account before is served ahead of a flood of strangers.
    const { student, account, secondPasswordMatches } = await context.runtime.passwordWork(
      async () => {
        const student = await authenticateStudent(context, userId, context.body.password);
        const account =
          student === null ? null : await store.accounts.get(tenantId, student.userId);
        const storedHash = account?.secondPasswordHash ?? null;
        // The same hashing work whether or not the user or their second password exists, and
        // whatever cost the stored hash has (PasswordHasher.verify).
        let secondPasswordMatches = false;
        if (context.body.secondPassword !== undefined) {
          const matches = await passwords.verify(
            context.body.secondPassword,
            storedHash,
            iterations,
          );
          secondPasswordMatches = matches && storedHash !== null;
        }
        // Issue 14: a hash stored at a lower cost than the tenant's is replaced at the tenant's.
        if (secondPasswordMatches && account !== null && storedHash !== null) {
          const storedIterations = hashIterations(storedHash) ?? 0;
          if (storedIterations < iterations) {
            const rehashed = {
              ...account,
              secondPasswordHash: await passwords.hash(
                context.body.secondPassword ?? '',
                iterations,
              ),
              updatedAt: context.now.toISOString(),
            };
            await store.accounts.put(rehashed);
            return { student, account: rehashed, secondPasswordMatches };
          }
        }
        return { student, account, secondPasswordMatches };
      },
      throttle.knownDevice ? 'known-device' : 'anonymous',
    );
    const storedHash = account?.secondPasswordHash ?? null;
    const invalid = async () => {
      await recordLoginFailure(context, throttle);
      return apiError('invalid_credentials', 'the user ID, password or second password is wrong');
    };
    if (student === null) throw await invalid();

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
    // A2: the first login uses the university credentials only; A6: later ones need all three.
    const hasSecondPassword = storedHash !== null;
    if (hasSecondPassword ? !secondPasswordMatches : context.body.secondPassword !== undefined)
      throw await invalid();
    await recordLoginSuccess(context, userId, throttle);

    const { account: current, fields } = await loginFields(context, student, account);
    if (!current.emailVerified)
      await context.session.start({ ...fields, step: 'email-registration' });
    else if (!hasSecondPassword)
      await context.session.start({ ...fields, step: 'second-password-setup' });
    else
      await continueToSecondFactor(context, current, { ...fields, step: 'authenticated' }, false);
    return currentView(context);
  },

  async logout(context) {
    await context.session.end();
    return { step: 'anonymous' };
  },

  async extendSession(context) {
    // The router already pushed the idle expiry forward for this authenticated request.
    const session = context.session.current;
    if (session === null) throw apiError('unauthenticated', 'log in first');
    return { idleExpiresAt: session.idleExpiresAt };
  },

  async registerEmail(context) {
    const { session, account } = await sessionAccount(context);
    if (
      (session.step !== 'email-registration' && session.step !== 'email-registration-sent') ||
      account.emailVerified
    ) {
      throw apiError('wrong_step', `email registration is not the step now (${session.step})`);
    }
    const { email, record } = await mailEmailLink(
      context,
      session,
      account,
      'email-registration',
      context.body,
    );
    await context.session.start(
      {
        ...fieldsOf(session),
        step: 'email-registration-sent',
        pendingEmail: email,
        linkExpiresAt: record.expiresAt,
      },
      true,
    );
    return currentView(context);
  },

  async confirmEmailRegistration(context) {
    const { store } = context.runtime.deps;
    return withRedeemedLink(context, context.body.token, 'email-registration', async (record) => {
      const account = await store.accounts.get(context.settings.tenantId, record.userId);
      if (account === null || record.email === undefined) linkError('invalid');
      // A registration is done once: a stale registration link must not overwrite an address
      // registered or changed (A11) since. `link_used`: for the student, this step was used up.
      if (account.emailVerified) linkError('used');
      await spendLink(context, record);
      await store.accounts.put({
        ...account,
        email: record.email,
        emailVerified: true,
        updatedAt: context.now.toISOString(),
      });
      return { email: record.email };
    });
  },

  async setupSecondPassword(context) {
    const { store } = context.runtime.deps;
    const { session, account } = await sessionAccount(context);
    const atSetup =
      session.step === 'second-password-setup' ||
      (session.step === 'email-registration-sent' && account.emailVerified);
    if (!atSetup || !account.emailVerified || account.secondPasswordHash !== null) {
      throw apiError('wrong_step', `second-password setup is not the step now (${session.step})`);
    }
    checkNewSecondPassword(
      context.body.secondPassword,
      context.body.secondPasswordConfirmation,
      'secondPassword',
      'secondPasswordConfirmation',
      checkSecondPassword,
    );
    const updated = await withSecondPassword(context, account, context.body.secondPassword);
    await store.accounts.put(updated);
    await continueToSecondFactor(
      context,
      updated,
      { ...fieldsOf(session), pendingEmail: null, linkExpiresAt: null },
      true,
    );
    return currentView(context);
  },

  async verifyAuthKey(context) {
    const { store } = context.runtime.deps;
    const { session, account } = await atAuthKeyStep(context);
    await enforceRateLimits(context, [
      {
        rule: context.runtime.rateLimits.authKeyPerAccount,
        key: `auth-key:user:${account.userId}`,
      },
    ]);
    const tenantId = context.settings.tenantId;
    const twoFactor = context.settings.twoFactor;
    await context.runtime.withLock(`auth-key:${tenantId}:${account.userId}`, async () => {
      // Issue 14: wrong keys are also counted across reissues, up to a cap.
      await checkAuthKeyAttempts(context, account.userId);
      const record = (await store.authKeys.get(tenantId, account.userId)) ?? undefined;
      const verification = await verifyAuthKey({
        record,
        authKey: context.body.authKey,
        now: context.now,
        twoFactor,
      });
      // A wrong key counts an attempt, so the record is kept whatever the outcome.
      if (verification.outcome !== 'missing')
        await store.authKeys.put(tenantId, verification.record);
      // A key was compared and did not match (`wrong`, or the try that locked it).
      const guessed =
        verification.outcome !== 'missing' &&
        record !== undefined &&
        verification.record.failedAttempts > record.failedAttempts;
      if (guessed) await recordWrongAuthKey(context, account.userId);
      switch (verification.outcome) {
        case 'verified':
          await clearAuthKeyAttempts(context, account.userId);
          return;
        case 'wrong':
          throw apiError('auth_key_wrong', 'the auth key is wrong', {
            attemptsLeft: verification.attemptsLeft,
          });
        case 'locked':
          throw apiError(
            'auth_key_locked',
            'the auth key was invalidated after too many wrong entries; reissue it',
          );
        case 'expired':
        case 'used':
        case 'missing':
          throw apiError('auth_key_expired', 'the auth key is no longer valid; reissue it');
      }
    });
    if (context.body.trustDevice === true) {
      const token = randomToken(16);
      await store.deviceTrusts.put({
        tokenHash: await sha256Hex(token),
        tenantId,
        userId: account.userId,
        trustedUntil: trustedUntil(context.now, twoFactor),
        createdAt: context.now.toISOString(),
      });
      context.session.trustDevice(token, twoFactor.trustedDays * 24 * 60 * 60);
    }
    await context.session.start(
      {
        ...fieldsOf(session),
        step: 'authenticated',
        keyExpiresAt: null,
        ...(await passwordLoginStamp(context, account.userId)),
      },
      true,
    );
    return currentView(context);
  },

  async reissueAuthKey(context) {
    const { session, account } = await atAuthKeyStep(context);
    await limitAuthKeyReissue(context, account);
    const keyExpiresAt = await context.runtime.withLock(
      `auth-key:${context.settings.tenantId}:${account.userId}`,
      async () => {
        // Issue 14: a new key does not help past the cap on wrong keys.
        await checkAuthKeyAttempts(context, account.userId);
        return mailAuthKey(context, account, session);
      },
    );
    await context.session.save({ ...session, keyExpiresAt });
    const delayed = await mailDelayed(context, mailTopic('auth-key', account.userId));
    return {
      maskedEmail: maskEmail(account.email ?? ''),
      keyExpiresAt,
      ...(delayed ? { mailDelayed: true as const } : {}),
    };
  },
} satisfies Pick<
  EndpointHandlers,
  | 'getTenant'
  | 'getSession'
  | 'login'
  | 'logout'
  | 'extendSession'
  | 'registerEmail'
  | 'confirmEmailRegistration'
  | 'setupSecondPassword'
  | 'verifyAuthKey'
  | 'reissueAuthKey'
>;
