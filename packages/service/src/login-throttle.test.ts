/**
 * Issue 14, items 2–4: throttling that cannot be turned against the owner (per account and
 * device cookie, a growing delay instead of a lock), bounded password work with the same cost
 * for every answer, and the cap on consecutive wrong auth keys.
 */
import { MAX_CONSECUTIVE_WRONG_AUTH_KEYS } from '@shomei/core';
import { describe, expect, it } from 'vitest';
import { hashIterations, pbkdf2, type Pbkdf2 } from './crypto.js';
import { DEMO_STAFF_TOKEN, DEMO_STUDENTS } from './demo/index.js';
import { BASE, createHarness, tokenOf, type Browser } from './test-helpers.js';

const first = DEMO_STUDENTS.firstLogin;
const returning = DEMO_STUDENTS.returning;
const credentials = {
  userId: returning.userId,
  password: returning.password,
  secondPassword: returning.secondPassword,
};
const wrongPassword = { ...credentials, secondPassword: 'Wrong-2024x' };
const throttle = { freeFailures: 3, baseDelaySeconds: 1, maxDelaySeconds: 900 };
const login = (browser: Browser, body: object) => browser.post('/session/login', body);

describe('login throttle per account and client (issue 14)', () => {
  it('A6: an unknown client waits a doubling delay after a few wrong passwords, then may try again', async () => {
    const harness = createHarness({ loginThrottle: throttle });
    const stranger = harness.browser();
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1)
      statuses.push((await login(stranger, wrongPassword)).status);
    expect(statuses).toEqual([401, 401, 401, 401]);

    const braked = await login(stranger, credentials);
    expect(braked.status).toBe(429);
    expect(braked.body.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
    expect(braked.headers.get('Retry-After')).toBe('1');

    harness.clock.advance(1000);
    expect((await login(stranger, wrongPassword)).status).toBe(401);
    // One more failure doubles the wait.
    expect((await login(stranger, credentials)).headers.get('Retry-After')).toBe('2');
    harness.clock.advance(2000);
    expect((await login(stranger, credentials)).status).toBe(200);
  });

  it('A6: the delay grows to its cap and never becomes a lock', async () => {
    const harness = createHarness({ loginThrottle: { ...throttle, maxDelaySeconds: 60 } });
    const stranger = harness.browser();
    for (let index = 0; index < 20; index += 1) {
      const wrong = await login(stranger, wrongPassword);
      if (wrong.status === 429)
        harness.clock.advance(Number(wrong.headers.get('Retry-After')) * 1000);
      else expect(wrong.status).toBe(401);
    }
    const braked = await login(stranger, credentials);
    expect(braked.status).toBe(429);
    expect(Number(braked.headers.get('Retry-After'))).toBeLessThanOrEqual(60);
    harness.clock.advance(60 * 1000);
    expect((await login(stranger, credentials)).status).toBe(200);
  });

  it('A6: a browser that logged in before keeps its allowance while a stranger hammers the account', async () => {
    // The finding: 10 wrong passwords from anyone locked the owner out for 15 minutes.
    const harness = createHarness({ loginThrottle: throttle });
    const owner = harness.browser();
    expect((await login(owner, credentials)).status).toBe(200);
    expect(owner.deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await owner.post('/session/logout');

    const stranger = harness.browser();
    for (let index = 0; index < 30; index += 1) await login(stranger, wrongPassword);
    expect((await login(stranger, credentials)).status).toBe(429);

    const back = await login(owner, credentials);
    expect(back.status).toBe(200);
    expect(back.body.step).toBe('auth-key');
  });

  it('A6: a device cookie earned on one account gives no allowance on another', async () => {
    const harness = createHarness({ loginThrottle: throttle });
    const attacker = harness.browser();
    // The attacker's own (first) login hands this browser a device cookie...
    expect((await login(attacker, { userId: first.userId, password: first.password })).status).toBe(
      200,
    );
    expect(attacker.deviceId).toBeDefined();
    await attacker.post('/session/logout');
    // ...which counts for nothing on someone else's account: the stranger's count applies.
    const stranger = harness.browser();
    for (let index = 0; index < 4; index += 1) await login(stranger, wrongPassword);
    expect((await login(attacker, wrongPassword)).status).toBe(429);
  });

  it('A6: an unknown user ID is braked exactly like a wrong password (no enumeration)', async () => {
    const harness = createHarness({ loginThrottle: throttle });
    const answers = async (body: object) => {
      const browser = harness.browser();
      const seen: unknown[] = [];
      for (let index = 0; index < 5; index += 1) {
        const response = await login(browser, body);
        seen.push([response.status, response.body, response.headers.get('Retry-After')]);
      }
      return seen;
    };
    expect(await answers({ ...wrongPassword, userId: 's1999999' })).toEqual(
      await answers(wrongPassword),
    );
  });

  it('sets the device cookie HttpOnly, SameSite=Lax, long-lived, scoped as the session cookie', async () => {
    const harness = createHarness();
    const response = await harness.app.request('/t/demo/session/login', {
      method: 'POST',
      headers: { 'Shomei-Client': 'sdk/test', 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: first.userId, password: first.password }),
    });
    const device = response.headers.getSetCookie().find((c) => c.startsWith('shomei_device='));
    expect(device).toMatch(
      /^shomei_device=[A-Za-z0-9_-]{22}; Path=\/t\/demo; HttpOnly; SameSite=Lax; Max-Age=31536000$/,
    );
    // A wrong login hands out none.
    const wrong = await harness.app.request('/t/demo/session/login', {
      method: 'POST',
      headers: { 'Shomei-Client': 'sdk/test', 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: first.userId, password: 'wrong' }),
    });
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith('shomei_device='))).toBe(false);
  });
});

/** A PBKDF2 that adds up the iterations it was asked for. */
function countingPbkdf2(): { derive: Pbkdf2; iterations: () => number; reset: () => void } {
  let total = 0;
  return {
    derive: (password, salt, iterations) => {
      total += iterations;
      return pbkdf2(password, salt, iterations);
    },
    iterations: () => total,
    reset: () => {
      total = 0;
    },
  };
}

describe('password hashing: bounded and the same cost for every answer (issue 14)', () => {
  it('A6: a right password with a wrong second password costs what an unknown user costs', async () => {
    // The demo's stored second password is at 1 000 iterations, the tenant's cost is higher:
    // 9 ms against 149 ms told which university passwords were right.
    const counter = countingPbkdf2();
    const harness = createHarness({ pbkdf2: counter.derive, passwordHashIterations: 4000 });
    await login(harness.browser(), { ...wrongPassword, userId: 's1999999' });
    const unknownUser = counter.iterations();
    counter.reset();
    expect((await login(harness.browser(), wrongPassword)).status).toBe(401);
    const wrongSecond = counter.iterations();
    expect(unknownUser).toBe(4000);
    expect(wrongSecond).toBe(unknownUser);
  });

  it('A6: a successful login rehashes a second password stored at a lower cost', async () => {
    const harness = createHarness({ passwordHashIterations: 2000 });
    const before = await harness.store.accounts.get('demo', returning.userId);
    expect(hashIterations(before?.secondPasswordHash ?? '')).toBe(1000);
    expect((await login(harness.browser(), credentials)).status).toBe(200);
    const after = await harness.store.accounts.get('demo', returning.userId);
    expect(hashIterations(after?.secondPasswordHash ?? '')).toBe(2000);
    // And the new hash still takes the same second password.
    expect((await login(harness.browser(), credentials)).body.step).toBe('auth-key');
  });

  it('A6: past the queue of password checks a login is answered 503 busy with Retry-After', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    let startedOne: () => void = () => {};
    const firstStarted = new Promise<void>((resolve) => {
      startedOne = resolve;
    });
    const harness = createHarness({
      passwordWork: { concurrency: 1, queue: 1, retryAfterSeconds: 3 },
      pbkdf2: async (password, salt, iterations) => {
        started += 1;
        startedOne();
        await gate;
        return pbkdf2(password, salt, iterations);
      },
    });
    const running = login(harness.browser(), credentials);
    await firstStarted;
    const queued = login(harness.browser(), credentials);
    const refused = await login(harness.browser(), credentials);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'busy', retryAfterSeconds: 3 });
    expect(refused.headers.get('Retry-After')).toBe('3');
    // Only one check ran at a time: the queued one has not started.
    expect(started).toBe(1);
    release();
    expect((await running).status).toBe(200);
    expect((await queued).status).toBe(200);
  });

  it('A6: a browser that logged in before is checked ahead of a flood that fills the queue', async () => {
    // Each flood check waits on a gate of its own; the student's checks run straight through.
    const FLOOD_SECOND = 'Flood-2026x';
    const gates: (() => void)[] = [];
    let onGate: () => void = () => {};
    const gated = (count: number) =>
      new Promise<void>((resolve) => {
        onGate = () => {
          if (gates.length >= count) resolve();
        };
        onGate();
      });
    const harness = createHarness({
      passwordWork: { concurrency: 1, queue: 2, knownDeviceQueue: 1, retryAfterSeconds: 3 },
      pbkdf2: async (password, salt, iterations) => {
        if (password === FLOOD_SECOND) {
          await new Promise<void>((resolve) => {
            gates.push(resolve);
            onGate();
          });
        }
        return pbkdf2(password, salt, iterations);
      },
    });
    const owner = harness.browser();
    expect((await login(owner, credentials)).status).toBe(200);
    await owner.post('/session/logout');
    const device = { Cookie: `shomei_device=${owner.deviceId}` };

    let strangers = 0;
    const stranger = () =>
      login(harness.browser(), {
        userId: `s1999${String((strangers += 1)).padStart(3, '0')}`,
        password: 'Flood-password',
        secondPassword: FLOOD_SECOND,
      });
    const flood = [stranger()];
    await gated(1);
    flood.push(stranger(), stranger());
    // The queue is full: the next stranger is refused before any hashing.
    expect((await stranger()).status).toBe(503);

    const back = owner.post('/session/login', credentials, device);
    // The student's lane holds one: a second login with the same cookie waits with everyone
    // else, whose queue is full.
    const second = await harness.browser().post('/session/login', credentials, device);
    expect(second.status).toBe(503);
    expect(second.headers.get('Retry-After')).toBe('3');

    // The running flood check ends: its slot goes to the student, not to the queued strangers.
    gates[0]?.();
    const answer = await back;
    expect(answer.status).toBe(200);
    expect(answer.body.step).toBe('auth-key');
    await gated(2);
    expect(gates).toHaveLength(2);
    // The strangers go on in their order, and are answered as before.
    gates[1]?.();
    await gated(3);
    gates[2]?.();
    expect((await Promise.all(flood)).map((response) => response.status)).toEqual([401, 401, 401]);
  });

  it('A6: a login refused by the throttle or the per-IP limit costs no password hash', async () => {
    const counter = countingPbkdf2();
    const harness = createHarness({
      pbkdf2: counter.derive,
      loginThrottle: throttle,
      rateLimits: { loginPerIp: { limit: 2, windowSeconds: 60 } },
    });
    const stranger = harness.browser();
    for (let index = 0; index < 4; index += 1)
      expect((await login(stranger, wrongPassword)).status).toBe(401);
    counter.reset();
    // The throttle's delay runs: refused before the password is looked at.
    expect((await login(stranger, wrongPassword)).status).toBe(429);
    expect(counter.iterations()).toBe(0);

    // One client address, a new user ID each time (no throttle): past the limit, nothing hashed.
    const fromOneAddress = (userId: string) =>
      harness.app.fetch(
        new Request(`${BASE}/t/demo/session/login`, {
          method: 'POST',
          headers: { 'Shomei-Client': 'sdk/test', 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...wrongPassword, userId }),
        }),
        { clientAddress: '203.0.113.7' },
      );
    expect((await fromOneAddress('s1999001')).status).toBe(401);
    expect((await fromOneAddress('s1999002')).status).toBe(401);
    counter.reset();
    const limited = await fromOneAddress('s1999003');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(counter.iterations()).toBe(0);
  });
});

describe('cap on consecutive wrong auth keys (issue 14)', () => {
  const roomy = { limit: 10_000, windowSeconds: 60 };
  const setup = () =>
    createHarness({
      rateLimits: { authKeyPerAccount: roomy, authKeyReissuePerAccount: roomy },
    });

  /** Enters wrong keys, reissuing whenever the key locks, until `count` were entered. */
  async function enterWrongKeys(
    harness: ReturnType<typeof setup>,
    browser: Browser,
    count: number,
  ) {
    let last = { status: 0, body: undefined as unknown };
    for (let entered = 0; entered < count; entered += 1) {
      const key = harness.mailbox.latest(returning.email, 'auth-key')?.authKey ?? '';
      const wrong = key === '000000' ? '111111' : '000000';
      last = await browser.post('/session/auth-key', { authKey: wrong });
      if ((last.body as { error?: { code?: string } }).error?.code === 'auth_key_locked')
        await browser.post('/session/auth-key/reissue');
    }
    return last as { status: number; body: { error: { code: string } } };
  }

  it('A9: after 100 wrong keys in a row, across reissues, login stops until the second password is reset', async () => {
    const harness = setup();
    const browser = harness.browser();
    await login(browser, credentials);
    const last = await enterWrongKeys(harness, browser, MAX_CONSECUTIVE_WRONG_AUTH_KEYS);
    expect(last.status).toBe(423);
    expect(last.body.error.code).toBe('auth_key_attempts_exhausted');

    // Even the right key, a reissue or a new login does not help.
    const key = harness.mailbox.latest(returning.email, 'auth-key')?.authKey;
    expect((await browser.post('/session/auth-key', { authKey: key })).body.error.code).toBe(
      'auth_key_attempts_exhausted',
    );
    expect((await browser.post('/session/auth-key/reissue')).body.error.code).toBe(
      'auth_key_attempts_exhausted',
    );
    const again = await login(harness.browser(), credentials);
    expect(again.status).toBe(423);
    expect(again.body.error.code).toBe('auth_key_attempts_exhausted');

    // 「第2パスワードを忘れた場合」 clears it.
    await browser.post('/second-password-reset', { email: returning.email });
    const token = tokenOf(harness.mailbox.latest(returning.email, 'second-password-reset')?.link);
    const reset = await browser.post('/links/second-password-reset', {
      token,
      secondPassword: 'NewSecond2026',
      secondPasswordConfirmation: 'NewSecond2026',
    });
    expect(reset.status).toBe(200);
    const fresh = harness.browser();
    const relogin = await login(fresh, { ...credentials, secondPassword: 'NewSecond2026' });
    expect(relogin.body.step).toBe('auth-key');
    // The hundredth wrong key also locked the standing key (A9): a reissue gets a new one.
    expect((await fresh.post('/session/auth-key/reissue')).status).toBe(200);
    const newKey = harness.mailbox.latest(returning.email, 'auth-key')?.authKey;
    expect((await fresh.post('/session/auth-key', { authKey: newKey })).body.step).toBe(
      'authenticated',
    );
  });

  it('A9: a verified key starts the count over', async () => {
    const harness = setup();
    const browser = harness.browser();
    await login(browser, credentials);
    await enterWrongKeys(harness, browser, MAX_CONSECUTIVE_WRONG_AUTH_KEYS - 1);
    const key = harness.mailbox.latest(returning.email, 'auth-key')?.authKey;
    expect((await browser.post('/session/auth-key', { authKey: key })).body.step).toBe(
      'authenticated',
    );
    await browser.post('/session/logout');
    await login(browser, credentials);
    const last = await enterWrongKeys(harness, browser, MAX_CONSECUTIVE_WRONG_AUTH_KEYS - 1);
    expect(last.body.error.code).not.toBe('auth_key_attempts_exhausted');
  });
});

describe("the office clears a student's lockouts (issue 14)", () => {
  const roomy = { limit: 10_000, windowSeconds: 60 };
  const setup = () =>
    createHarness({
      loginThrottle: throttle,
      rateLimits: { authKeyPerAccount: roomy, authKeyReissuePerAccount: roomy },
    });
  type Harness = ReturnType<typeof setup>;

  async function staff(
    harness: Harness,
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string> = { Authorization: `Bearer ${DEMO_STAFF_TOKEN}` },
  ) {
    const response = await harness.app.request(`${BASE}/t/demo/staff${path}`, { method, headers });
    return { status: response.status, body: await response.json() };
  }
  const lockouts = (harness: Harness, userId: string) =>
    staff(harness, 'GET', `/students/${encodeURIComponent(userId)}/lockouts`);
  const unlock = (harness: Harness, userId: string) =>
    staff(harness, 'POST', `/students/${encodeURIComponent(userId)}/unlock`);

  /** Wrong keys (reissuing whenever the key locks) until the cap answers. */
  async function exhaustAuthKeys(harness: Harness, browser: Browser) {
    for (let entered = 0; entered < MAX_CONSECUTIVE_WRONG_AUTH_KEYS; entered += 1) {
      const key = harness.mailbox.latest(returning.email, 'auth-key')?.authKey ?? '';
      const wrong = await browser.post('/session/auth-key', {
        authKey: key === '000000' ? '111111' : '000000',
      });
      if (wrong.body.error?.code === 'auth_key_locked')
        await browser.post('/session/auth-key/reissue');
    }
  }

  it('A9: after 100 wrong keys the office unlocks the student, whose next login mails a fresh key', async () => {
    const harness = setup();
    const browser = harness.browser();
    await login(browser, credentials);
    await exhaustAuthKeys(harness, browser);
    expect((await login(harness.browser(), credentials)).body.error.code).toBe(
      'auth_key_attempts_exhausted',
    );

    const seen = await lockouts(harness, returning.userId);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({
      userId: returning.userId,
      locked: true,
      authKey: { consecutiveWrongKeys: 100, limit: 100, exhausted: true, currentKeyLocked: true },
      login: { failures: 0, retryAfterSeconds: 0, throttledDevices: 0 },
    });

    const unlocked = await unlock(harness, returning.userId);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toMatchObject({
      locked: false,
      authKey: { consecutiveWrongKeys: 0, exhausted: false, currentKeyLocked: false },
      cleared: { consecutiveWrongKeys: 100, lockedAuthKey: true, loginFailures: 0, devices: 0 },
    });
    // Idempotent: a second unlock finds nothing to clear.
    expect((await unlock(harness, returning.userId)).body.cleared).toEqual({
      consecutiveWrongKeys: 0,
      lockedAuthKey: false,
      loginFailures: 0,
      devices: 0,
    });

    // The locked key was retired: the login itself mails a new one, no reissue needed.
    const mailed = harness.mailbox.all().length;
    const fresh = harness.browser();
    expect((await login(fresh, credentials)).body.step).toBe('auth-key');
    expect(harness.mailbox.all().length).toBe(mailed + 1);
    const newKey = harness.mailbox.latest(returning.email, 'auth-key')?.authKey;
    expect((await fresh.post('/session/auth-key', { authKey: newKey })).body.step).toBe(
      'authenticated',
    );
  });

  it("A6: the office clears the wrong-password delays of the account and of the student's browsers", async () => {
    const harness = setup();
    const owner = harness.browser();
    expect((await login(owner, credentials)).status).toBe(200);
    await owner.post('/session/logout');
    // The owner mistypes on their own browser; a stranger hammers the account elsewhere.
    for (let index = 0; index < 4; index += 1) await login(owner, wrongPassword);
    const stranger = harness.browser();
    for (let index = 0; index < 4; index += 1) await login(stranger, wrongPassword);
    expect((await login(owner, credentials)).status).toBe(429);
    expect((await login(stranger, credentials)).status).toBe(429);

    const seen = await lockouts(harness, returning.userId);
    expect(seen.body).toMatchObject({
      locked: true,
      authKey: { consecutiveWrongKeys: 0, exhausted: false },
      login: { failures: 4, retryAfterSeconds: 1, throttledDevices: 1 },
    });
    // Counts and delays only: no device ID or hash leaves the service.
    expect(JSON.stringify(seen.body)).not.toContain(owner.deviceId);
    expect(JSON.stringify(seen.body)).not.toMatch(/[0-9a-f]{64}/);

    const unlocked = await unlock(harness, returning.userId);
    expect(unlocked.body).toMatchObject({
      locked: false,
      login: { failures: 0, retryAfterSeconds: 0, throttledDevices: 0 },
      cleared: { consecutiveWrongKeys: 0, lockedAuthKey: false, loginFailures: 4, devices: 1 },
    });
    expect((await login(owner, credentials)).status).toBe(200);
    await owner.post('/session/logout');
    expect((await login(stranger, credentials)).status).toBe(200);

    // The owner's browser is still one that logged in before: a new stranger cannot brake it.
    const another = harness.browser();
    for (let index = 0; index < 4; index += 1) await login(another, wrongPassword);
    expect((await login(another, credentials)).status).toBe(429);
    expect((await login(owner, credentials)).status).toBe(200);
  });

  it('needs the staff token, a student session is not one, and unknown students are not found', async () => {
    const harness = setup();
    const path = `/students/${returning.userId}/unlock`;
    const browser = harness.browser();
    await login(browser, { userId: first.userId, password: first.password });
    for (const headers of [
      {},
      { Authorization: 'Bearer wrong-token' },
      { Authorization: `Bearer ${browser.token}` },
    ]) {
      const refused = await staff(harness, 'POST', path, headers);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
      expect(
        (await staff(harness, 'GET', `/students/${returning.userId}/lockouts`, headers)).status,
      ).toBe(403);
    }

    const unknown = await unlock(harness, 's1999999');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect((await lockouts(harness, 's1999999')).status).toBe(404);
    // In the directory but never logged in (no account): found, with nothing locked.
    expect((await lockouts(harness, DEMO_STUDENTS.graduate.userId)).body).toMatchObject({
      userId: DEMO_STUDENTS.graduate.userId,
      locked: false,
    });
  });
});
