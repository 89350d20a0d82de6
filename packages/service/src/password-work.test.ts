/**
 * Issue 14: the bounded password work (password-work.ts): its slots, its two lanes and their
 * bounds. Every check here is blocked on a gate the test opens, so the order is the limiter's.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from './http/errors.js';
import {
  createPasswordWorkLimiter,
  KNOWN_DEVICE_BURST,
  type PasswordWorkLane,
  type PasswordWorkPolicy,
} from './password-work.js';

const policy = (overrides: Partial<PasswordWorkPolicy> = {}): PasswordWorkPolicy => ({
  concurrency: 1,
  queue: 4,
  knownDeviceQueue: 2,
  retryAfterSeconds: 3,
  ...overrides,
});

/** A limiter whose checks each wait for the test to finish them, one at a time. */
function harness(settings: PasswordWorkPolicy) {
  const limit = createPasswordWorkLimiter(settings);
  /** The checks running now, by name, each with what finishes it. */
  const running = new Map<string, () => void>();
  /** Names in the order their checks got a slot. */
  const started: string[] = [];
  let onStart: () => void = () => {};
  const submit = (name: string, lane?: PasswordWorkLane) =>
    limit(
      () =>
        new Promise<string>((resolve) => {
          started.push(name);
          running.set(name, () => {
            running.delete(name);
            resolve(name);
          });
          onStart();
        }),
      lane,
    );
  /** Resolves once `count` checks have started in all. */
  const startedCount = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (started.length >= count) resolve();
      };
      onStart = check;
      check();
    });
  /** Finishes the check `name` and waits for the slot to reach the next one (if any waits). */
  const finish = async (name: string, next = true) => {
    const count = started.length;
    const done = running.get(name);
    if (done === undefined) throw new Error(`${name} is not running`);
    done();
    if (next) await startedCount(count + 1);
  };
  return { submit, started, running, finish, startedCount };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('password work: slots and queues (issue 14)', () => {
  it('runs `concurrency` checks at once and queues the rest in order', async () => {
    const work = harness(policy({ concurrency: 2 }));
    const answers = ['a', 'b', 'c', 'd'].map((name) => work.submit(name));
    await work.startedCount(2);
    expect(work.started).toEqual(['a', 'b']);
    await work.finish('b');
    expect(work.started).toEqual(['a', 'b', 'c']);
    await work.finish('a');
    await work.finish('c', false);
    await work.finish('d', false);
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses an anonymous check past its queue with busy and Retry-After', async () => {
    const work = harness(policy({ queue: 1 }));
    const running = work.submit('a');
    await work.startedCount(1);
    const queued = work.submit('b');
    const error = await refusal(work.submit('c'));
    expect(error.code).toBe('busy');
    expect(error.details).toEqual({ retryAfterSeconds: 3 });
    expect(error.headers).toEqual({ 'Retry-After': '3' });
    await work.finish('a');
    await work.finish('b', false);
    expect([await running, await queued]).toEqual(['a', 'b']);
  });

  it('a known device is served before the anonymous queue, and its lane is not the anonymous one', async () => {
    const work = harness(policy({ queue: 2 }));
    void work.submit('flood-1');
    await work.startedCount(1);
    void work.submit('flood-2');
    void work.submit('flood-3');
    // The anonymous queue is full: a stranger is refused, the student's browser still waits.
    expect((await refusal(work.submit('flood-4'))).code).toBe('busy');
    const student = work.submit('student', 'known-device');
    await work.finish('flood-1');
    expect(work.started).toEqual(['flood-1', 'student']);
    await work.finish('student');
    expect(await student).toBe('student');
    expect(work.started).toEqual(['flood-1', 'student', 'flood-2']);
  });

  it('a full known-device lane sends the next known device to the anonymous queue, and both full refuse', async () => {
    const work = harness(policy({ queue: 1, knownDeviceQueue: 1 }));
    void work.submit('running');
    await work.startedCount(1);
    void work.submit('known-1', 'known-device');
    void work.submit('known-2', 'known-device');
    expect((await refusal(work.submit('known-3', 'known-device'))).code).toBe('busy');
    expect((await refusal(work.submit('stranger'))).code).toBe('busy');
    await work.finish('running');
    await work.finish('known-1');
    expect(work.started).toEqual(['running', 'known-1', 'known-2']);
  });

  it('after a burst of known devices an anonymous check gets its turn: a stolen cookie cannot starve the rest', async () => {
    const work = harness(policy({ knownDeviceQueue: 2 }));
    void work.submit('first');
    await work.startedCount(1);
    void work.submit('stranger-1');
    void work.submit('stranger-2');
    // The attacker keeps the known-device lane full all along.
    let sent = 0;
    const attack = () => void work.submit(`stolen-${(sent += 1)}`, 'known-device');
    attack();
    attack();
    let current = 'first';
    for (let turn = 0; turn < KNOWN_DEVICE_BURST + 2; turn += 1) {
      await work.finish(current);
      current = work.started.at(-1) ?? '';
      if (current.startsWith('stolen-')) attack();
    }
    expect(work.started).toEqual([
      'first',
      ...Array.from({ length: KNOWN_DEVICE_BURST }, (_, index) => `stolen-${index + 1}`),
      'stranger-1',
      `stolen-${KNOWN_DEVICE_BURST + 1}`,
    ]);
  });

  it('a slot freed with nobody waiting is free for the next newcomer at once', async () => {
    const work = harness(policy({ queue: 0, knownDeviceQueue: 0 }));
    void work.submit('a');
    await work.startedCount(1);
    expect((await refusal(work.submit('b', 'known-device'))).code).toBe('busy');
    await work.finish('a', false);
    void work.submit('c', 'known-device');
    await work.startedCount(2);
    expect(work.started).toEqual(['a', 'c']);
  });

  it('a failed check frees its slot', async () => {
    const limit = createPasswordWorkLimiter(policy({ queue: 0 }));
    await expect(limit(() => Promise.reject(new Error('directory down')))).rejects.toThrow(
      'directory down',
    );
    expect(await limit(() => Promise.resolve('next'))).toBe('next');
  });

  it('refuses bounds that are not whole numbers', () => {
    expect(() => createPasswordWorkLimiter(policy({ concurrency: 0 }))).toThrow(/concurrency/);
    expect(() => createPasswordWorkLimiter(policy({ knownDeviceQueue: -1 }))).toThrow(
      /knownDeviceQueue/,
    );
    expect(() => createPasswordWorkLimiter(policy({ queue: 1.5 }))).toThrow(/queue/);
  });
});
