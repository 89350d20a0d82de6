/**
 * One runner per flow: the machine, its starting state, and what the flow needs beyond the
 * client (the order flow's idempotency keys, the session flow's clock).
 */
import { randomToken } from '@shomei/core';
import type { RequestInput } from '../contract/endpoints.js';
import {
  accountInitialState,
  accountMachine,
  type AccountEvent,
  type AccountState,
} from './account.js';
import { loginInitialState, loginMachine, type LoginEvent, type LoginState } from './login.js';
import { isOutcomeUnknown, type CallEffect, type FlowClient } from './machine.js';
import {
  orderInitialState,
  orderMachine,
  type OrderEvent,
  type OrderStartOptions,
  type OrderState,
} from './order.js';
import { createFlowRunner, type FlowRunner } from './runner.js';
import {
  nextTickDelay,
  sessionInitialState,
  sessionMachine,
  type SessionEvent,
  type SessionState,
} from './session.js';

export type LoginFlow = FlowRunner<LoginState, LoginEvent>;
export type AccountFlow = FlowRunner<AccountState, AccountEvent>;
export type OrderFlow = FlowRunner<OrderState, OrderEvent>;
export interface SessionFlow extends FlowRunner<SessionState, SessionEvent> {
  /** The student did something: extends the session, at most once per throttle period. */
  activity(): void;
}

/**
 * The login flow. Start at a link's entry with `initial`:
 * `createLoginFlow(client, { initial: loginStateForEmailRegistrationLink(token) })`.
 */
export function createLoginFlow(
  client: FlowClient,
  options: { initial?: LoginState } = {},
): LoginFlow {
  return createFlowRunner(loginMachine, {
    client,
    initial: options.initial ?? loginInitialState(),
  });
}

export function createAccountFlow(
  client: FlowClient,
  options: { initial?: AccountState } = {},
): AccountFlow {
  return createFlowRunner(accountMachine, {
    client,
    initial: options.initial ?? accountInitialState(),
  });
}

export interface OrderFlowOptions extends OrderStartOptions {
  /** Start elsewhere, e.g. `orderStateForReturn(orderId)` after the provider's redirect. */
  readonly initial?: OrderState;
  /** Makes an Idempotency-Key; 128 random bits by default. */
  readonly idempotencyKey?: () => string;
}

/**
 * The order flow. O8: one Idempotency-Key per review submission (`createOrder`, keyed by what is
 * sent) and per order and method (`startPayment`); a retry after an answer that never came
 * (network, timeout, 5xx) sends the same key, so the service replays the order or payment it may
 * already have made instead of making a second one. Once the service has answered, the key is
 * spent and the next attempt gets a new one.
 */
export function createOrderFlow(client: FlowClient, options: OrderFlowOptions = {}): OrderFlow {
  const makeKey = options.idempotencyKey ?? (() => randomToken());
  const keys = new Map<string, string>();
  const attemptOf = (effect: CallEffect): string | null => {
    if (effect.endpoint === 'createOrder') {
      const input = effect.input as RequestInput<'createOrder'>;
      return `createOrder\u0000${JSON.stringify(input.body)}`;
    }
    if (effect.endpoint !== 'startPayment') return null;
    const input = effect.input as RequestInput<'startPayment'>;
    return `startPayment\u0000${input.params.orderId}\u0000${input.body.method}`;
  };
  return createFlowRunner(orderMachine, {
    client,
    initial: options.initial ?? orderInitialState(options),
    prepare(effect) {
      const attempt = attemptOf(effect);
      if (attempt === null) return effect;
      const idempotencyKey = keys.get(attempt) ?? makeKey();
      keys.set(attempt, idempotencyKey);
      return { ...effect, input: { ...effect.input, idempotencyKey } };
    },
    onResult(effect, result) {
      const attempt = attemptOf(effect);
      if (attempt !== null && !(result.error && isOutcomeUnknown(result.error)))
        keys.delete(attempt);
    },
  });
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
