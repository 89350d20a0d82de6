/**
 * Issue 14: the login throttle (per account, and per account and device; login-throttle.ts in
 * @shomei/core) and the cap on consecutive wrong auth keys, over `Store.attemptCounters`.
 */
import {
  isAuthKeyLive,
  isFailureCountStale,
  loginRetryAfterSeconds,
  MAX_CONSECUTIVE_WRONG_AUTH_KEYS,
  randomToken,
  sha256Hex,
} from '@shomei/core';
import type { BaseContext, ServiceRuntime } from '../http/context.js';
import { apiError } from '../http/errors.js';
import type { AttemptCounterRecord } from '../store/store.js';

/** How long a browser keeps its device cookie, and the service its record: about a year. */
export const DEVICE_COOKIE_SECONDS = 365 * 24 * 60 * 60;
/** The wrong-key count stands until a success or the reset clears it; this only bounds storage. */
const AUTH_KEY_COUNT_SECONDS = 10 * 365 * 24 * 60 * 60;
/** What `randomToken(16)` makes; anything else a browser sends is not ours. */
const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;

const later = (now: Date, seconds: number): string =>
  new Date(now.getTime() + seconds * 1000).toISOString();

/** Which counter a login of `userId` from this client counts against, and its state. */
export interface LoginThrottle {
  readonly key: string;
  /** The browser proved with its device cookie that it logged in to this account before. */
  readonly knownDevice: boolean;
  readonly counter: AttemptCounterRecord | null;
}

const accountKey = (userId: string) => `login:user:${userId}`;
const deviceKey = async (userId: string, deviceId: string) =>
  `${accountKey(userId)}:device:${await sha256Hex(deviceId)}`;

/**
 * The login's counter: the device's own for a browser whose device cookie logged in to this
 * account before, else the account's one for every unknown client. Refuses with 429 and
 * `Retry-After` while the counter's delay runs: the same answer whether the user exists or not.
 */
export async function checkLoginThrottle(
  context: BaseContext,
  userId: string,
): Promise<LoginThrottle> {
  const { attemptCounters } = context.runtime.deps.store;
  const tenantId = context.settings.tenantId;
  const deviceId = context.session.deviceId;
  let throttle: LoginThrottle | null = null;
  if (deviceId !== undefined && DEVICE_ID.test(deviceId)) {
    const key = await deviceKey(userId, deviceId);
    const counter = await attemptCounters.get(tenantId, key, context.now);
    if (counter !== null) throttle = { key, knownDevice: true, counter };
  }
  if (throttle === null) {
    const key = accountKey(userId);
    throttle = {
      key,
      knownDevice: false,
      counter: await attemptCounters.get(tenantId, key, context.now),
    };
  }
  const retryAfterSeconds = loginRetryAfterSeconds(
    throttle.counter,
    context.now,
    context.runtime.loginThrottle,
  );
  if (retryAfterSeconds > 0) {
    throw apiError(
      'rate_limited',
      'too many wrong logins; try again later',
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
  return throttle;
}

/** Counts a wrong login on its counter; failures older than the policy's memory start over. */
export async function recordLoginFailure(
  context: BaseContext,
  throttle: LoginThrottle,
): Promise<void> {
  const { attemptCounters } = context.runtime.deps.store;
  const tenantId = context.settings.tenantId;
  const policy = context.runtime.loginThrottle;
  if (throttle.counter !== null && isFailureCountStale(throttle.counter, context.now, policy))
    await attemptCounters.reset(tenantId, throttle.key, later(context.now, 0));
  // A known device's counter is also its proof of a past login: it lives as long as the cookie.
  const lifetime = throttle.knownDevice ? DEVICE_COOKIE_SECONDS : policy.forgetAfterSeconds;
  await attemptCounters.fail(tenantId, throttle.key, context.now, later(context.now, lifetime));
}

/**
 * Right credentials: the counter used starts over, and this browser is remembered as one that
 * logged in to the account (its device cookie, made now if it had none). A success from a known
 * device leaves the account's counter of unknown clients as it is: it is someone else's count.
 */
export async function recordLoginSuccess(
  context: BaseContext,
  userId: string,
  throttle: LoginThrottle,
): Promise<void> {
  const { attemptCounters } = context.runtime.deps.store;
  const tenantId = context.settings.tenantId;
  if (!throttle.knownDevice && throttle.counter !== null)
    await attemptCounters.reset(tenantId, throttle.key, later(context.now, 0));
  const presented = context.session.deviceId;
  const deviceId =
    presented !== undefined && DEVICE_ID.test(presented) ? presented : randomToken(16);
  await attemptCounters.reset(
    tenantId,
    await deviceKey(userId, deviceId),
    later(context.now, DEVICE_COOKIE_SECONDS),
  );
  context.session.rememberDevice(deviceId, DEVICE_COOKIE_SECONDS);
}

const authKeyCounterKey = (userId: string) => `auth-key:user:${userId}`;

function attemptsExhausted(): never {
  throw apiError(
    'auth_key_attempts_exhausted',
    'too many wrong auth keys in a row; reset the second password or contact the office',
  );
}

/** Refuses once the student entered MAX_CONSECUTIVE_WRONG_AUTH_KEYS wrong keys in a row. */
export async function checkAuthKeyAttempts(context: BaseContext, userId: string): Promise<void> {
  const counter = await context.runtime.deps.store.attemptCounters.get(
    context.settings.tenantId,
    authKeyCounterKey(userId),
    context.now,
  );
  if (counter !== null && counter.failures >= MAX_CONSECUTIVE_WRONG_AUTH_KEYS) attemptsExhausted();
}

/** Counts a wrong key; the one that reaches the cap is answered as exhausted. */
export async function recordWrongAuthKey(context: BaseContext, userId: string): Promise<void> {
  const counter = await context.runtime.deps.store.attemptCounters.fail(
    context.settings.tenantId,
    authKeyCounterKey(userId),
    context.now,
    later(context.now, AUTH_KEY_COUNT_SECONDS),
  );
  if (counter.failures >= MAX_CONSECUTIVE_WRONG_AUTH_KEYS) attemptsExhausted();
}

/** A verified key (a successful login) or a second-password reset clears the count. */
export async function clearAuthKeyAttempts(context: BaseContext, userId: string): Promise<void> {
  const { attemptCounters } = context.runtime.deps.store;
  const tenantId = context.settings.tenantId;
  const key = authKeyCounterKey(userId);
  // Most logins have nothing to clear: no write for them.
  if ((await attemptCounters.get(tenantId, key, context.now)) === null) return;
  await attemptCounters.reset(tenantId, key, later(context.now, 0));
}

/**
 * What keeps a student out, as the office sees it (O6; issue 14): counts and delays, never a key,
 * a device ID or its hash.
 */
export interface StaffLockoutsView {
  userId: string;
  /** Something below refuses this student's login now (everywhere, or on one of their browsers). */
  locked: boolean;
  authKey: {
    /** Wrong auth keys in a row, across reissues. */
    consecutiveWrongKeys: number;
    limit: number;
    /** The cap is reached: login answers `auth_key_attempts_exhausted`. */
    exhausted: boolean;
    /** The standing key took its wrong entries (A9) and is refused even when right. */
    currentKeyLocked: boolean;
  };
  login: {
    /** Wrong passwords counted for clients the service does not know. */
    failures: number;
    /** How long such clients must still wait (0: none). */
    retryAfterSeconds: number;
    /** Browsers that logged in to this account before and must wait now on their own count. */
    throttledDevices: number;
  };
}

/** What an unlock cleared: zero and false when there was nothing (the unlock is idempotent). */
export interface StaffUnlockCleared {
  consecutiveWrongKeys: number;
  /** The locked standing key was retired: the next login mails a fresh key. */
  lockedAuthKey: boolean;
  loginFailures: number;
  /** Browsers of the student whose wrong-password count was cleared. */
  devices: number;
}

interface LockoutScope {
  readonly runtime: ServiceRuntime;
  readonly tenantId: string;
  readonly userId: string;
  readonly now: Date;
}

async function readLockouts({ runtime, tenantId, userId, now }: LockoutScope) {
  const { store } = runtime.deps;
  const policy = runtime.loginThrottle;
  const authKeyCounter = await store.attemptCounters.get(tenantId, authKeyCounterKey(userId), now);
  const standingKey = await store.authKeys.get(tenantId, userId);
  const lockedKey =
    standingKey !== null && standingKey.lockedAt !== null && isAuthKeyLive(standingKey, now)
      ? standingKey
      : null;
  // The account's counter and its devices' (`login:user:<id>:device:<hash>`), not another
  // account whose ID merely starts with this one.
  const loginCounters = (
    await store.attemptCounters.list(tenantId, accountKey(userId), now)
  ).filter(
    (counter) =>
      counter.key === accountKey(userId) || counter.key.startsWith(`${accountKey(userId)}:device:`),
  );
  const accountCounter = loginCounters.find((counter) => counter.key === accountKey(userId));
  const deviceCounters = loginCounters.filter((counter) => counter !== accountCounter);
  const consecutiveWrongKeys = authKeyCounter?.failures ?? 0;
  const view: StaffLockoutsView = {
    userId,
    locked: false,
    authKey: {
      consecutiveWrongKeys,
      limit: MAX_CONSECUTIVE_WRONG_AUTH_KEYS,
      exhausted: consecutiveWrongKeys >= MAX_CONSECUTIVE_WRONG_AUTH_KEYS,
      currentKeyLocked: lockedKey !== null,
    },
    login: {
      failures: accountCounter?.failures ?? 0,
      retryAfterSeconds: loginRetryAfterSeconds(accountCounter ?? null, now, policy),
      throttledDevices: deviceCounters.filter(
        (counter) => loginRetryAfterSeconds(counter, now, policy) > 0,
      ).length,
    },
  };
  view.locked =
    view.authKey.exhausted || view.login.retryAfterSeconds > 0 || view.login.throttledDevices > 0;
  return { view, authKeyCounter, lockedKey, accountCounter, deviceCounters };
}

/** The office's view of a student's lockouts (GET /staff/students/:userId/lockouts). */
export async function staffLockouts(scope: LockoutScope): Promise<StaffLockoutsView> {
  return (await readLockouts(scope)).view;
}

/**
 * The office's unlock (O6; issue 14 item 4): what only the forgotten-second-password path undid
 * before. Clears the wrong-key count, retires a locked standing key so that the next login mails
 * a fresh one, and clears the wrong-password counts of the account and of each of its browsers
 * (a browser keeps its counter row: it still proves that browser logged in before).
 */
export async function staffUnlock(
  scope: LockoutScope,
): Promise<StaffLockoutsView & { cleared: StaffUnlockCleared }> {
  const { runtime, tenantId, userId, now } = scope;
  const { store } = runtime.deps;
  // The key's lock: a login must not reuse the locked key while it is being retired.
  const cleared = await runtime.withLock(`auth-key:${tenantId}:${userId}`, async () => {
    const { authKeyCounter, lockedKey, accountCounter, deviceCounters } = await readLockouts(scope);
    const cleared: StaffUnlockCleared = {
      consecutiveWrongKeys: authKeyCounter?.failures ?? 0,
      lockedAuthKey: lockedKey !== null,
      loginFailures: accountCounter?.failures ?? 0,
      devices: 0,
    };
    if (cleared.consecutiveWrongKeys > 0)
      await store.attemptCounters.reset(tenantId, authKeyCounterKey(userId), later(now, 0));
    if (lockedKey !== null)
      await store.authKeys.put(tenantId, { ...lockedKey, expiresAt: now.toISOString() });
    if (cleared.loginFailures > 0)
      await store.attemptCounters.reset(tenantId, accountKey(userId), later(now, 0));
    for (const counter of deviceCounters) {
      if (counter.failures === 0) continue;
      await store.attemptCounters.reset(tenantId, counter.key, counter.expiresAt);
      cleared.devices += 1;
    }
    return cleared;
  });
  return { ...(await staffLockouts(scope)), cleared };
}
