import {
  checkEmailConfirmation as emailConfirmationProblem,
  hashLinkToken,
  issueLink,
  LINK_TTL_MINUTES,
  normalizeEmail,
  passkeyMode,
  passkeyRpId,
  redeemLink,
  sha256Hex,
  type LinkPurpose,
  type LinkRecord,
  type Locale,
  type Student,
  type TenantSettings,
} from '@shomei/core';
import type { EndpointName } from '../contract.js';
import type { RateLimitRule } from '../deps.js';
import type { BaseContext } from '../http/context.js';
import { apiError } from '../http/errors.js';
import type { MailKind } from '../mail/mailer.js';
import type { RequestMails } from '../mail/outbox.js';
import { renderMail, type MailData } from '../mail/templates.js';
import type {
  AccountRecord,
  DeviceTrustRecord,
  MailRecord,
  SessionRecord,
  Store,
} from '../store/store.js';
import type { TenantConfig } from '../tenants.js';
import { displayLocale } from '../views.js';

type AnyContext = BaseContext;

/**
 * A20: whether the tenant requires passkeys (`required-after-first-login`) and the student has
 * none yet. A tenant whose passkeys have no relying party (a configuration that cannot register
 * any) requires none, rather than locking every student out.
 */
export async function passkeyRequired(
  store: Store,
  settings: TenantSettings,
  userId: string,
): Promise<boolean> {
  if (passkeyMode(settings) !== 'required-after-first-login' || passkeyRpId(settings) === null)
    return false;
  return (await store.passkeys.listForUser(settings.tenantId, userId)).length === 0;
}

/**
 * A20: the student endpoints a student who must register a passkey may still call: to register
 * one (after re-authenticating if the login was not just now), to see the list, and to keep the
 * session alive. Every other student endpoint answers `passkey_required`; public ones (the
 * session, logout, the tenant) are never refused.
 */
export const ALLOWED_UNTIL_PASSKEY: ReadonlySet<EndpointName> = new Set<EndpointName>([
  'extendSession',
  'reauthenticate',
  'passkeyRegistrationOptions',
  'registerPasskey',
  'listPasskeys',
]);

/**
 * A20: a student who just proved the password and second password (and the auth key when one
 * was asked) counts as recently re-authenticated when a passkey is required of them, so the
 * registration it asks for needs no second prompt. Otherwise a login is not a re-authentication
 * (A21: a security change asks again).
 */
export async function passwordLoginStamp(
  context: AnyContext,
  userId: string,
): Promise<{ reauthenticatedAt?: string }> {
  return (await passkeyRequired(context.runtime.deps.store, context.settings, userId))
    ? { reauthenticatedAt: context.now.toISOString() }
    : {};
}

/**
 * Counts one hit on each key and refuses with 429 when any is over its rule. Counted before the
 * work, so a flood of wrong guesses is braked whatever their outcome. A null key is skipped
 * (`ipKey` for a request whose IP is unknown).
 */
export async function enforceRateLimits(
  context: AnyContext,
  checks: readonly { rule: RateLimitRule; key: string | null }[],
): Promise<void> {
  let retryAfterSeconds = 0;
  for (const { rule, key } of checks) {
    if (key === null) continue;
    const hit = await context.runtime.deps.store.rateLimits.hit(
      `${context.tenant.settings.tenantId}:${key}`,
      rule.windowSeconds,
      context.now,
    );
    if (hit.count > rule.limit) {
      retryAfterSeconds = Math.max(
        retryAfterSeconds,
        Math.max(1, Math.ceil((Date.parse(hit.resetAt) - context.now.getTime()) / 1000)),
      );
    }
  }
  if (retryAfterSeconds > 0) {
    throw apiError(
      'rate_limited',
      'too many attempts; try again later',
      { retryAfterSeconds },
      {
        'Retry-After': String(retryAfterSeconds),
      },
    );
  }
}

/**
 * The per-IP rate-limit key, or null when the IP is unknown: then the per-IP rule is skipped
 * rather than putting every client in one shared bucket (one busy tenant would lock itself out).
 * The per-account and per-address rules still apply.
 */
export function ipKey(context: AnyContext, prefix: string): string | null {
  return context.ip === null ? null : `${prefix}:ip:${context.ip}`;
}

/** A7 page for one-time links: the token rides in the fragment, never in a request line. */
export function linkUrl(tenant: TenantConfig, purpose: LinkPurpose, token: string): string {
  const page =
    tenant.linkPageUrl ?? `${(tenant.settings.homepageUrl ?? '').replace(/\/+$/, '')}/login`;
  return `${page}#${purpose}=${token}`;
}

/** Mails follow the student's language (A14), else the browser's, else the tenant's default. */
export function mailLocale(
  context: AnyContext,
  account: AccountRecord | null,
  session: SessionRecord | null = null,
): Locale {
  return displayLocale(context.settings, session, account, context.requestLocale);
}

/** Where a request's mails go: its outbox queue (RequestMails) and its instant. */
export interface MailSink {
  readonly mails: RequestMails;
  readonly now: Date;
}

export interface SendMailOptions {
  /** A newer mail of this topic cancels this one while it is undelivered (`auth-key:<userId>`). */
  readonly topic?: string;
  /** When the key or link in the mail expires; it is not delivered after. */
  readonly expiresAt?: string;
  /** The student waits for it on the screen: the request awaits its first attempt (briefly). */
  readonly wait?: boolean;
}

/**
 * X7: renders the mail and writes it into the outbox; it is delivered after the request's writes
 * commit (`RequestMails.deliver`, which the router calls after every handler).
 */
export async function sendMail(
  sink: MailSink,
  tenant: TenantConfig,
  to: string,
  locale: Locale,
  data: MailData,
  options: SendMailOptions = {},
): Promise<MailRecord> {
  const rendered = renderMail(data, tenant.settings, locale);
  return sink.mails.send(
    {
      tenantId: tenant.settings.tenantId,
      mail: {
        to,
        from: tenant.settings.senderAddress,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        locale,
        kind: rendered.kind,
        ...('link' in data ? { link: data.link } : {}),
        ...(data.kind === 'auth-key' ? { authKey: data.authKey } : {}),
      },
      ...(options.topic === undefined ? {} : { topic: options.topic }),
      ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
    },
    sink.now,
    { wait: options.wait ?? false },
  );
}

/**
 * A21: a security notice (a changed second password, a passkey added or removed) to the address
 * on file, in the student's language; a student without an address gets none.
 */
export async function sendNotice(
  context: AnyContext & MailSink,
  account: AccountRecord,
  session: SessionRecord | null,
  data: MailData,
): Promise<void> {
  if (account.email === null) return;
  await sendMail(
    context,
    context.tenant,
    account.email,
    mailLocale(context, account, session),
    data,
  );
}

/** The outbox topic of a student's mails of one kind: a newer one supersedes an older one. */
export const mailTopic = (kind: MailKind, userId: string): string => `${kind}:${userId}`;

/**
 * X7: delivers the request's mails now (its writes are committed: call it outside every lock)
 * and says whether the newest mail of `topic` is still on its way, for the screen to say that
 * it may take a while. Looked up in the store, so a reload tells the same.
 */
export async function mailDelayed(context: AnyContext, topic: string): Promise<boolean> {
  await context.mails.deliver();
  const latest = await context.runtime.deps.store.mails.latestOfTopic(
    context.settings.tenantId,
    topic,
  );
  return latest !== null && latest.status !== 'sent';
}

export function newAccount(tenantId: string, student: Student, now: Date): AccountRecord {
  return {
    tenantId,
    userId: student.userId,
    email: null,
    emailVerified: false,
    secondPasswordHash: null,
    // On by default; a tenant with mode `optional` lets the student turn it off (A15).
    twoFactorEnabled: true,
    locale: null,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** A7: this device's trust of `userId`, from the trust token it sent; null if none. */
export async function deviceTrustOf(
  context: AnyContext,
  userId: string,
): Promise<DeviceTrustRecord | null> {
  const token = context.session.trustToken;
  if (token === undefined || token === '' || token.length > 256) return null;
  const trust = await context.runtime.deps.store.deviceTrusts.get(await sha256Hex(token));
  if (trust === null || trust.tenantId !== context.settings.tenantId || trust.userId !== userId)
    return null;
  return trust;
}

/** The account behind the current session; a session without one is a broken invariant. */
export async function sessionAccount(
  context: AnyContext,
): Promise<{ session: SessionRecord; account: AccountRecord }> {
  const session = context.session.current;
  if (session === null || session.userId === null)
    throw apiError('unauthenticated', 'log in first');
  const account = await context.runtime.deps.store.accounts.get(
    context.settings.tenantId,
    session.userId,
  );
  if (account === null) throw apiError('unauthenticated', 'the account no longer exists');
  return { session, account };
}

export function requireStudent(session: SessionRecord): Student {
  if (session.student === null) throw apiError('unauthenticated', 'log in first');
  return session.student;
}

/** A5, A12, A13: every failed rule as its own field problem, then the confirmation. */
export function checkNewSecondPassword(
  value: string,
  confirmation: string,
  field: string,
  confirmationField: string,
  check: (value: string) => { valid: boolean; failed: readonly string[] },
): void {
  const result = check(value);
  if (!result.valid) {
    throw apiError('second_password_rules', 'the second password breaks the rules', {
      fields: result.failed.map((rule) => ({ field, code: rule })),
    });
  }
  if (value !== confirmation) {
    throw apiError(
      'second_password_mismatch',
      'the confirmation differs from the second password',
      {
        fields: [{ field: confirmationField, code: 'mismatch' }],
      },
    );
  }
}

/**
 * A3, A11: the address typed twice must be the same by the core's rule; answers the address as
 * it will be used (trimmed, domain in lower case). The contract already refused a blank one.
 */
export function checkEmailConfirmation(email: string, confirmation: string): string {
  switch (emailConfirmationProblem(email, confirmation)) {
    case null:
      return normalizeEmail(email);
    case 'required':
      throw apiError('invalid_request', 'the email address is required', {
        fields: [{ field: 'email', code: 'required' }],
      });
    case 'mismatch':
      throw apiError('email_mismatch', 'the confirmation differs from the email address', {
        fields: [{ field: 'emailConfirmation', code: 'mismatch' }],
      });
  }
}

export function linkError(reason: 'invalid' | 'expired' | 'used'): never {
  switch (reason) {
    case 'invalid':
      throw apiError('link_invalid', 'the link is not valid');
    case 'expired':
      throw apiError('link_expired', 'the link has expired');
    case 'used':
      throw apiError('link_used', 'the link was already used');
  }
}

/**
 * A4, A11: checks the address typed twice, then mails a link to it. Only the newest link of the
 * purpose works: an older one must not undo a newer registration or change. Answers the address
 * as it will be used and the link's record.
 */
export async function mailEmailLink(
  context: AnyContext,
  session: SessionRecord,
  account: AccountRecord,
  purpose: 'email-registration' | 'email-change',
  typed: { email: string; emailConfirmation: string },
): Promise<{ email: string; record: LinkRecord }> {
  const email = checkEmailConfirmation(typed.email, typed.emailConfirmation);
  await enforceRateLimits(context, [
    {
      rule: context.runtime.rateLimits.emailMailPerAccount,
      key: `email-mail:user:${account.userId}`,
    },
  ]);
  const { links } = context.runtime.deps.store;
  const tenantId = context.settings.tenantId;
  const { token, record } = await issueLink({
    purpose,
    userId: account.userId,
    email,
    now: context.now,
  });
  // X7: the link and its mail are written together, or neither is.
  await context.runtime.withLock(`${purpose}:${tenantId}:${account.userId}`, async () => {
    await links.voidForUser(tenantId, account.userId, record.purpose, context.now);
    await links.put(tenantId, record);
    await sendMail(
      context,
      context.tenant,
      email,
      mailLocale(context, account, session),
      {
        kind: purpose,
        link: linkUrl(context.tenant, purpose, token),
        ttlMinutes: LINK_TTL_MINUTES,
      },
      { topic: mailTopic(purpose, account.userId), expiresAt: record.expiresAt, wait: true },
    );
  });
  return { email, record };
}

/**
 * Opens the one-time link of `token` under the link's lock and runs `work` with its record (usedAt
 * set, not yet stored); a link that is unknown, of another purpose, used or expired is refused.
 */
export async function withRedeemedLink<T>(
  context: AnyContext,
  token: string,
  purpose: LinkPurpose,
  work: (record: LinkRecord) => Promise<T>,
): Promise<T> {
  const { links } = context.runtime.deps.store;
  const tenantId = context.settings.tenantId;
  const tokenHash = await hashLinkToken(token);
  return context.runtime.withLock(`link:${tenantId}:${tokenHash}`, async () => {
    const redemption = redeemLink(
      (await links.get(tenantId, tokenHash)) ?? undefined,
      purpose,
      context.now,
    );
    if (!redemption.ok) linkError(redemption.reason);
    return work(redemption.record);
  });
}

/** Spends a redeemed link and voids the student's other links of its purpose. */
export async function spendLink(context: AnyContext, record: LinkRecord): Promise<void> {
  const { links } = context.runtime.deps.store;
  await links.put(context.settings.tenantId, record);
  await links.voidForUser(context.settings.tenantId, record.userId, record.purpose, context.now);
}

/**
 * The account with a new second password (A5, A12, A13), hashed at the tenant's cost in a slot of
 * the bounded password work (issue 14).
 */
export async function withSecondPassword(
  context: AnyContext,
  account: AccountRecord,
  secondPassword: string,
): Promise<AccountRecord> {
  const { passwordWork, passwords } = context.runtime;
  return {
    ...account,
    secondPasswordHash: await passwordWork(() =>
      passwords.hash(secondPassword, context.tenant.passwordHashIterations),
    ),
    updatedAt: context.now.toISOString(),
  };
}

/** The parts of a session that `SessionHandle.start` carries to the next id. */
export function fieldsOf(session: SessionRecord) {
  const {
    idHash: _id,
    tenantId: _tenant,
    createdAt: _created,
    idleExpiresAt: _idle,
    absoluteExpiresAt: _absolute,
    ...fields
  } = session;
  return fields;
}
