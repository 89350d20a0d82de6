/**
 * Issue 14: the login throttle (per account, and per account and device; login-throttle.ts in
 * @shomei/core) and the cap on consecutive wrong auth keys, over `Store.attemptCounters`.
 */
import {
  isFailureCountStale,
  loginRetryAfterSeconds,
  MAX_CONSECUTIVE_WRONG_AUTH_KEYS,
  randomToken,
  sha256Hex,
} from '@shomei/core';
import type { BaseContext } from '../http/context.js';
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

const deviceKey = async (userId: string, deviceId: string) =>
  `login:user:${userId}:device:${await sha256Hex(deviceId)}`;

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
    const key = `login:user:${userId}`;
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
