import { describe, expect, it } from 'vitest';
import { fail, ok } from './fake-client.js';
import {
  nextTickDelay,
  sessionEffect,
  sessionInitialState,
  sessionTransition,
  type SessionState,
} from './session.js';

const EXPIRES = Date.parse('2025-06-02T01:30:00.000Z');
const active = sessionInitialState({
  idleExpiresAt: '2025-06-02T01:30:00.000Z',
  idleWarningSeconds: 60,
});
const at = (secondsBeforeExpiry: number) => EXPIRES - secondsBeforeExpiry * 1000;

describe('session flow', () => {
  it('A16: stays active, and unchanged, before the warning', () => {
    expect(sessionTransition(active, { type: 'tick', now: at(61) })).toBe(active);
    expect(nextTickDelay(active, at(120))).toBe(60_000);
  });

  it('A16: warns with the seconds left once inside the warning period', () => {
    const warning = sessionTransition(active, { type: 'tick', now: at(60) });
    expect(warning).toEqual({ ...active, status: 'warning', secondsLeft: 60 });
    expect(sessionTransition(warning, { type: 'tick', now: at(59.5) })).toBe(warning);
    expect(sessionTransition(warning, { type: 'tick', now: at(42) })).toMatchObject({
      secondsLeft: 42,
    });
  });

  it('A16: the warning is never shorter than 20 seconds', () => {
    const short = sessionInitialState({
      idleExpiresAt: '2025-06-02T01:30:00.000Z',
      idleWarningSeconds: 5,
    });
    expect(short).toMatchObject({ warningSeconds: 20 });
    expect(sessionTransition(short, { type: 'tick', now: at(20) }).status).toBe('warning');
  });

  it('A16: extending calls the service and restarts the clock', () => {
    const warning = sessionTransition(active, { type: 'tick', now: at(30) });
    const extending = sessionTransition(warning, { type: 'extend' });
    expect(sessionEffect(extending)).toEqual({
      type: 'call',
      endpoint: 'extendSession',
      input: {},
    });
    const extended = sessionTransition(extending, {
      type: 'result',
      endpoint: 'extendSession',
      result: ok({ idleExpiresAt: '2025-06-02T02:00:00.000Z' }),
    });
    expect(extended).toEqual({
      status: 'active',
      idleExpiresAt: '2025-06-02T02:00:00.000Z',
      warningSeconds: 60,
    });
  });

  it('X5: a failed extension keeps the warning and says why', () => {
    const warning = sessionTransition(active, { type: 'tick', now: at(30) });
    const state = sessionTransition(sessionTransition(warning, { type: 'extend' }), {
      type: 'result',
      endpoint: 'extendSession',
      result: fail({ code: 'network' }),
    });
    expect(state).toMatchObject({ status: 'warning', secondsLeft: 30, error: { code: 'network' } });
  });

  it('A16: another call that moved the idle timer is reported with extended', () => {
    const warning = sessionTransition(active, { type: 'tick', now: at(30) });
    expect(
      sessionTransition(warning, { type: 'extended', idleExpiresAt: '2025-06-02T02:00:00.000Z' }),
    ).toMatchObject({
      status: 'active',
      idleExpiresAt: '2025-06-02T02:00:00.000Z',
    });
  });

  it('A16: at the timeout the session logs out and says it timed out', () => {
    const state = sessionTransition(active, { type: 'tick', now: at(0) });
    expect(state).toEqual({ status: 'logging-out', reason: 'timeout' });
    expect(sessionEffect(state)).toEqual({ type: 'call', endpoint: 'logout', input: {} });
    expect(
      sessionTransition(state, {
        type: 'result',
        endpoint: 'logout',
        result: ok({ step: 'anonymous' }),
      }),
    ).toEqual({
      status: 'timed-out',
    });
  });

  it('A16: logout by the student', () => {
    const state = sessionTransition(active, { type: 'logout' });
    expect(
      sessionTransition(state, {
        type: 'result',
        endpoint: 'logout',
        result: ok({ step: 'anonymous' }),
      }),
    ).toEqual({
      status: 'logged-out',
    });
  });

  it('A16: a session the service already ended times out on extend', () => {
    const extending = sessionTransition(active, { type: 'extend' });
    const state: SessionState = sessionTransition(extending, {
      type: 'result',
      endpoint: 'extendSession',
      result: fail({ code: 'unauthenticated', status: 401 }),
    });
    expect(state).toEqual({ status: 'timed-out' });
  });
});
