/**
 * The signed-in session's clock (A16) as a state machine: active → warning (with the seconds
 * left) → extend, or → timed out and logged out. Time is data: the runner reads its clock and
 * sends `tick(now)`, so the machine is pure and a test moves time by writing a number.
 *
 * Activity alone does not extend the session (the service's idle timer only moves when it is
 * called): the UI or the runner sends `extend` on activity, throttled, and any other call that
 * moved the timer can report it with `extended(idleExpiresAt)`.
 */
import {
  assertNever,
  call,
  isResultOf,
  toFlowError,
  type CallEffectOf,
  type CallResultOf,
  type FlowError,
  type FlowClient,
  type FlowMachine,
} from './machine.js';
import { createFlowRunner, type FlowRunner } from './runner.js';

/** A warning shorter than this cannot be read and acted on (WCAG 2.2.1 asks for 20 s). */
export const MIN_IDLE_WARNING_SECONDS = 20;

interface Clock {
  readonly idleExpiresAt: string;
  /** How long before the timeout the warning shows (tenant setting, at least 20 s). */
  readonly warningSeconds: number;
}

export type SessionState =
  | (Clock & { readonly status: 'active'; readonly error?: FlowError })
  /** 「まもなく自動的にログアウトします」 with a countdown and an extend button. */
  | (Clock & {
      readonly status: 'warning';
      readonly secondsLeft: number;
      readonly error?: FlowError;
    })
  | (Clock & { readonly status: 'extending'; readonly secondsLeft: number | null })
  /** Logging out, by the student's choice or the timeout. */
  | { readonly status: 'logging-out'; readonly reason: 'logout' | 'timeout' }
  | { readonly status: 'timed-out' }
  | { readonly status: 'logged-out'; readonly error?: FlowError };

export type SessionStatus = SessionState['status'];

export type SessionEndpoint = 'extendSession' | 'logout';
export type SessionEffect = CallEffectOf<SessionEndpoint>;

export type SessionEvent =
  /** The runner's clock: milliseconds since the epoch. */
  | { readonly type: 'tick'; readonly now: number }
  | { readonly type: 'extend' }
  /** Another call moved the service's idle timer. */
  | { readonly type: 'extended'; readonly idleExpiresAt: string }
  | { readonly type: 'logout' }
  | CallResultOf<SessionEndpoint>;

export type SessionEventType = SessionEvent['type'];

export function sessionInitialState(input: {
  idleExpiresAt: string;
  idleWarningSeconds: number;
}): SessionState {
  return {
    status: 'active',
    idleExpiresAt: input.idleExpiresAt,
    warningSeconds: Math.max(MIN_IDLE_WARNING_SECONDS, input.idleWarningSeconds),
  };
}

/** Milliseconds from `now` until the session times out. */
export function msUntilTimeout(idleExpiresAt: string, now: number): number {
  return Date.parse(idleExpiresAt) - now;
}

function clock(state: Clock): Clock {
  return { idleExpiresAt: state.idleExpiresAt, warningSeconds: state.warningSeconds };
}

/** Where the clock stands at `now`, for a state that is not extending. */
function atTime(
  state: Extract<SessionState, { status: 'active' | 'warning' }>,
  now: number,
): SessionState {
  const remaining = msUntilTimeout(state.idleExpiresAt, now);
  if (remaining <= 0) return { status: 'logging-out', reason: 'timeout' };
  if (remaining > state.warningSeconds * 1000) {
    return state.status === 'active' ? state : { status: 'active', ...clock(state) };
  }
  const secondsLeft = Math.ceil(remaining / 1000);
  if (state.status === 'warning' && state.secondsLeft === secondsLeft) return state;
  return state.error
    ? { status: 'warning', ...clock(state), secondsLeft, error: state.error }
    : { status: 'warning', ...clock(state), secondsLeft };
}

/**
 * The session flow's transition: pure, total over (state, event); an event that means nothing
 * in a state returns the very same state object (a tick that changes nothing included, so a UI
 * does not re-render every second while active).
 */
export function sessionTransition(state: SessionState, event: SessionEvent): SessionState {
  switch (state.status) {
    case 'active':
    case 'warning':
      switch (event.type) {
        case 'tick':
          return atTime(state, event.now);
        case 'extend':
          return {
            status: 'extending',
            ...clock(state),
            secondsLeft: state.status === 'warning' ? state.secondsLeft : null,
          };
        case 'extended':
          return {
            status: 'active',
            idleExpiresAt: event.idleExpiresAt,
            warningSeconds: state.warningSeconds,
          };
        case 'logout':
          return { status: 'logging-out', reason: 'logout' };
        default:
          return state;
      }

    case 'extending':
      switch (event.type) {
        case 'tick':
          // A call that hangs past the timeout does not keep a signed-in screen open.
          return msUntilTimeout(state.idleExpiresAt, event.now) <= 0
            ? { status: 'logging-out', reason: 'timeout' }
            : state;
        case 'extended':
          return {
            status: 'active',
            idleExpiresAt: event.idleExpiresAt,
            warningSeconds: state.warningSeconds,
          };
        case 'logout':
          return { status: 'logging-out', reason: 'logout' };
        case 'result': {
          if (!isResultOf(event, 'extendSession')) return state;
          const { error, data } = event.result;
          if (!error) {
            return {
              status: 'active',
              idleExpiresAt: data.idleExpiresAt,
              warningSeconds: state.warningSeconds,
            };
          }
          // The session is already gone on the service's side.
          if (error.code === 'unauthenticated') return { status: 'timed-out' };
          const flowError = toFlowError(error);
          return state.secondsLeft === null
            ? { status: 'active', ...clock(state), error: flowError }
            : {
                status: 'warning',
                ...clock(state),
                secondsLeft: state.secondsLeft,
                error: flowError,
              };
        }
        default:
          return state;
      }

    case 'logging-out':
      if (!isResultOf(event, 'logout')) return state;
      if (state.reason === 'timeout') return { status: 'timed-out' };
      return event.result.error
        ? { status: 'logged-out', error: toFlowError(event.result.error) }
        : { status: 'logged-out' };

    case 'timed-out':
    case 'logged-out':
      return state;

    default:
      return assertNever(state);
  }
}

export function sessionEffect(state: SessionState): SessionEffect | null {
  switch (state.status) {
    case 'extending':
      return call('extendSession', {});
    case 'logging-out':
      return call('logout', {});
    case 'active':
    case 'warning':
    case 'timed-out':
    case 'logged-out':
      return null;
    default:
      return assertNever(state);
  }
}

/** Milliseconds until the next tick that can change the state at `now`, or null for none. */
export function nextTickDelay(state: SessionState, now: number): number | null {
  switch (state.status) {
    case 'active':
      return Math.max(0, msUntilTimeout(state.idleExpiresAt, now) - state.warningSeconds * 1000);
    case 'warning': {
      // The countdown changes on the whole second.
      const remaining = msUntilTimeout(state.idleExpiresAt, now);
      return Math.max(0, remaining % 1000 || 1000);
    }
    case 'extending':
      return Math.max(0, msUntilTimeout(state.idleExpiresAt, now));
    case 'logging-out':
    case 'timed-out':
    case 'logged-out':
      return null;
    default:
      return assertNever(state);
  }
}

export function sessionMachine(
  initial: SessionState,
): FlowMachine<SessionState, SessionEvent, SessionEffect> {
  return { initial, transition: sessionTransition, effectOf: sessionEffect };
}

export interface SessionFlow extends FlowRunner<SessionState, SessionEvent> {
  /** The student did something: extends the session, at most once per throttle period. */
  activity(): void;
}

/** The clock the session flow reads; tests pass a fake one. */
export interface Scheduler {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) =>
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export interface SessionFlowOptions {
  /** From the authenticated `SessionView`. */
  readonly idleExpiresAt: string;
  /** From the tenant (at least 20 s are given whatever it says). */
  readonly idleWarningSeconds: number;
  readonly scheduler?: Scheduler;
  /** `activity()` calls `extendSession` at most this often; one minute by default. */
  readonly activityThrottleMs?: number;
}

/** A16: ticks at the moments the state can change (the warning, each second of it, the end). */
export function createSessionFlow(client: FlowClient, options: SessionFlowOptions): SessionFlow {
  const scheduler = options.scheduler ?? systemScheduler;
  const throttle = options.activityThrottleMs ?? 60_000;
  const runner = createFlowRunner(sessionMachine(sessionInitialState(options)), { client });
  let timer: unknown = null;
  let lastExtend = scheduler.now();
  let disposed = false;

  const schedule = (state: SessionState): void => {
    if (timer !== null) scheduler.clearTimeout(timer);
    timer = null;
    if (disposed) return;
    const delay = nextTickDelay(state, scheduler.now());
    if (delay === null) return;
    timer = scheduler.setTimeout(() => {
      timer = null;
      runner.send({ type: 'tick', now: scheduler.now() });
      // A tick that changed nothing (the same object) is not announced: schedule the next one.
      schedule(runner.getState());
    }, delay);
  };
  runner.subscribe(schedule);
  schedule(runner.getState());

  return {
    ...runner,
    activity() {
      const now = scheduler.now();
      if (runner.getState().status !== 'active' || now - lastExtend < throttle) return;
      lastExtend = now;
      runner.send({ type: 'extend' });
    },
    dispose() {
      disposed = true;
      if (timer !== null) scheduler.clearTimeout(timer);
      timer = null;
      runner.dispose();
    },
  };
}
