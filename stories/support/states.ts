/**
 * Drive the story's mock into a state through the SDK, as a student would, before the element
 * renders: `beforeEach: async () => { await loginAs('returning'); }`. Everything goes through
 * the story's own client (bearer token in its closure), so the element on the page continues
 * the same session. Mails (links, auth keys) are read from the mock's mailbox, and time moves
 * with the mock's clock, so expiry is the service's own rule, not a fake answer.
 *
 * X5 errors the service decides: wrong input (`WRONG`, `rejectLogin`), expired link
 * (`expireLinks`), locked key (`lockAuthKey`), expired key (`expireAuthKey`), rate limit
 * (`exhaustRateLimit`). Network loss, server fault and loading are in ./failures.ts.
 */
import { DEMO_STUDENTS, type MailKind, type OutgoingMail } from '@shomei/mock';
import type { Result, SessionStep, SessionView, ShomeiError, TenantInfo } from '@shomei/sdk';
import { storyMock } from './mock.js';

export type DemoStudent = keyof typeof DEMO_STUDENTS;

/** Inputs the service rejects, for stories and `play` functions that show wrong input (X5). */
export const WRONG = {
  password: 'Wrong-Password-1',
  secondPassword: 'Wrong2024',
  authKey: '000000',
  userId: 's9999999',
} as const;

/** The address the first-login student registers (A3). */
export const FIRST_LOGIN_EMAIL = 'hanako@mail.example';

function unwrap<T>(what: string, result: Result<T>): T {
  if (result.error !== null)
    throw new Error(`${what} failed: ${result.error.code}`, { cause: result.error });
  return result.data;
}

/** The newest mail of a kind to an address; throws when there is none. */
export function readMail(to: string, kind: MailKind): OutgoingMail {
  const mail = storyMock().mock.mailbox.latest(to, kind);
  if (mail === undefined) throw new Error(`No ${kind} mail to ${to} in the mock's mailbox.`);
  return mail;
}

/** The secret of a link mail: the part after `#<purpose>=`. */
function linkToken(mail: OutgoingMail): string {
  const token = mail.link?.split('=')[1];
  if (token === undefined) throw new Error(`The ${mail.kind} mail has no link.`);
  return token;
}

export async function tenantInfo(): Promise<TenantInfo> {
  return unwrap('getTenant', await storyMock().client.getTenant());
}

/** Move the mock's clock (the service's only time source). */
export function advanceClock(ms: number): void {
  storyMock().mock.clock.advance(ms);
}

/** The steps of the login journey, in order. */
const ORDER: readonly SessionStep[] = [
  'anonymous',
  'email-registration',
  'email-registration-sent',
  'second-password-setup',
  'auth-key',
  'authenticated',
];

/**
 * A21: the signed-in returning student entered the second password again, so the security
 * changes (two-factor off, email change) go through for the next few minutes.
 */
export async function reauthenticated(): Promise<void> {
  const { secondPassword } = DEMO_STUDENTS.returning;
  unwrap('reauthenticate', await storyMock().client.reauthenticate({ secondPassword }));
}

/**
 * Log a demo student in through the SDK and stop at `until` (default: fully logged in).
 * - `returning` (s2024001): login → auth-key → authenticated.
 * - `firstLogin` (s2026001): login → email-registration → email-registration-sent → (link)
 *   second-password-setup → auth-key → authenticated.
 * - `graduate`, `notYetAvailable`: refused at login (A18); use `rejectLogin` for them.
 */
export async function loginAs(
  student: 'returning' | 'firstLogin' = 'returning',
  { until = 'authenticated' }: { until?: Exclude<SessionStep, 'anonymous'> } = {},
): Promise<SessionView> {
  const { client } = storyMock();
  const target = ORDER.indexOf(until);
  const reached = (view: SessionView) => ORDER.indexOf(view.step) >= target;

  const credentials =
    student === 'returning'
      ? {
          userId: DEMO_STUDENTS.returning.userId,
          password: DEMO_STUDENTS.returning.password,
          secondPassword: DEMO_STUDENTS.returning.secondPassword,
        }
      : { userId: DEMO_STUDENTS.firstLogin.userId, password: DEMO_STUDENTS.firstLogin.password };
  let view: SessionView = unwrap('login', await client.login(credentials));
  const email = student === 'returning' ? DEMO_STUDENTS.returning.email : FIRST_LOGIN_EMAIL;

  if (view.step === 'email-registration' && !reached(view))
    view = unwrap('registerEmail', await client.registerEmail({ email, emailConfirmation: email }));
  if (view.step === 'email-registration-sent' && !reached(view)) {
    const token = linkToken(readMail(email, 'email-registration'));
    unwrap('confirmEmailRegistration', await client.confirmEmailRegistration({ token }));
    view = unwrap('getSession', await client.getSession());
  }
  if (view.step === 'second-password-setup' && !reached(view))
    view = unwrap(
      'setupSecondPassword',
      await client.setupSecondPassword({
        secondPassword: 'Hanako2026',
        secondPasswordConfirmation: 'Hanako2026',
      }),
    );
  if (view.step === 'auth-key' && !reached(view)) {
    const authKey = readMail(email, 'auth-key').authKey ?? '';
    view = unwrap('verifyAuthKey', await client.verifyAuthKey({ authKey }));
  }
  if (view.step !== until)
    throw new Error(`loginAs(${student}) stopped at ${view.step}, wanted ${until}.`);
  return view;
}

/** X5 wrong input: a login the service refuses; returns its error (`invalid_credentials`, A18 codes). */
export async function rejectLogin(
  student: DemoStudent = 'returning',
  password: string = WRONG.password,
): Promise<ShomeiError> {
  const { error } = await storyMock().client.login({
    userId: DEMO_STUDENTS[student].userId,
    password,
  });
  if (error === null) throw new Error(`rejectLogin(${student}) was accepted.`);
  return error;
}

/** A9: the returning student at the auth-key step with the key locked by wrong tries. */
export async function lockAuthKey(): Promise<ShomeiError> {
  const { client } = storyMock();
  await loginAs('returning', { until: 'auth-key' });
  const { twoFactor } = await tenantInfo();
  for (let attempt = 0; attempt < twoFactor.maxAttempts + 1; attempt += 1) {
    const { error } = await client.verifyAuthKey({ authKey: WRONG.authKey });
    if (error?.code === 'auth_key_locked') return error;
    if (error === null) throw new Error('lockAuthKey: the wrong key was accepted.');
  }
  throw new Error('lockAuthKey: the key never locked.');
}

/** A7: the returning student at the auth-key step, the key's lifetime run out. */
export async function expireAuthKey(): Promise<void> {
  await loginAs('returning', { until: 'auth-key' });
  const { twoFactor } = await tenantInfo();
  advanceClock((twoFactor.keyTtlMinutes + 1) * 60_000);
}

/**
 * A3/A4 expired link: the first-login student registered an address, and the link's lifetime
 * (tenant `linkTtlMinutes`) has passed. Returns the link's token, to redeem in a story.
 */
export async function expireLinks(): Promise<string> {
  await loginAs('firstLogin', { until: 'email-registration-sent' });
  const token = linkToken(readMail(FIRST_LOGIN_EMAIL, 'email-registration'));
  const { linkTtlMinutes } = await tenantInfo();
  advanceClock((linkTtlMinutes + 1) * 60_000);
  return token;
}

/** A16: the logged-in session ran out of idle time. */
export async function expireSession(): Promise<void> {
  await loginAs('returning');
  const { idleTimeoutSeconds } = await tenantInfo();
  advanceClock((idleTimeoutSeconds + 1) * 1000);
}

/**
 * X5 rate limit: hammer an endpoint with wrong tries until the service answers `rate_limited`
 * (login: 10 per account per 15 min; reissue: 5). For a limit hit at once, give the story
 * `parameters.shomei.mock.rateLimits` instead (see `LOW_RATE_LIMITS`).
 */
export async function exhaustRateLimit(
  what: 'login' | 'authKeyReissue' = 'login',
): Promise<ShomeiError> {
  const { client } = storyMock();
  if (what === 'authKeyReissue') await loginAs('returning', { until: 'auth-key' });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { error } =
      what === 'login'
        ? await client.login({ userId: DEMO_STUDENTS.returning.userId, password: WRONG.password })
        : await client.reissueAuthKey();
    if (error?.code === 'rate_limited') return error;
  }
  throw new Error(`exhaustRateLimit(${what}): never rate limited.`);
}

/** `parameters: { shomei: { mock: { rateLimits: LOW_RATE_LIMITS } } }`: the first retry is refused. */
export const LOW_RATE_LIMITS = {
  loginPerAccount: { limit: 1, windowSeconds: 15 * 60 },
  authKeyReissuePerAccount: { limit: 1, windowSeconds: 15 * 60 },
  emailMailPerAccount: { limit: 1, windowSeconds: 15 * 60 },
  resetPerEmail: { limit: 1, windowSeconds: 60 * 60 },
} as const;
