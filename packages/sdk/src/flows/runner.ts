/**
 * Runs a flow machine: keeps its state, performs the call a pending state asks for through
 * `client.request`, and feeds the answer back as a `result` event. One call at a time: a state
 * that leaves a pending state (e.g. `back` while the catalog loads) aborts its call, and the
 * late answer is dropped, so a stale answer can never land on a newer screen.
 */
import type { EndpointName, RequestInput, ResponseOf } from '../contract/endpoints.js';
import type { CallEffect, CallResult, FlowClient, FlowMachine, FlowResult } from './machine.js';

export interface FlowRunner<S, E> {
  getState(): S;
  /** Feeds an event to the machine; ignored after `dispose`. */
  send(event: E): void;
  /** Calls `listener` with every new state (not the current one); returns the unsubscribe. */
  subscribe(listener: (state: S) => void): () => void;
  /** Aborts the call in flight and stops listening. */
  dispose(): void;
  /** Resolves with the state once no call is in flight (at once when none is). */
  whenSettled(): Promise<S>;
}

export interface FlowRunnerOptions<S> {
  readonly client: FlowClient;
  /** Start elsewhere than the machine's initial state, e.g. at a link's entry state. */
  readonly initial?: S;
  /** Adjusts a call just before it goes out (the order flow adds the Idempotency-Key). */
  readonly prepare?: (effect: CallEffect) => CallEffect;
  /** Sees each answer before the machine does. */
  readonly onResult?: (effect: CallEffect, result: FlowResult<unknown>) => void;
}

/** The client's answer to one effect. A throwing client (a bug) becomes an error result. */
async function perform(
  client: FlowClient,
  effect: CallEffect,
  signal: AbortSignal,
): Promise<FlowResult<unknown>> {
  try {
    // `effect` pairs `endpoint` with that endpoint's input by construction (CallEffectOf); the
    // correlation is lost on the widened `CallEffect`, so it is restated for the call.
    const input = { ...effect.input, signal } as RequestInput<EndpointName>;
    return await client.request(effect.endpoint, input);
  } catch {
    // The client promises never to throw; if it does, the flow still leaves its pending state.
    // The cause is not copied into the state: it may hold what was typed (a request body).
    return { data: null, error: { code: signal.aborted ? 'aborted' : 'unexpected' } };
  }
}

export function createFlowRunner<
  S extends { readonly status: string },
  E extends { readonly type: string },
  F extends CallEffect,
>(machine: FlowMachine<S, E, F>, options: FlowRunnerOptions<S>): FlowRunner<S, E> {
  let state: S = options.initial ?? machine.initial;
  let inFlight: { readonly state: S; readonly controller: AbortController } | null = null;
  let disposed = false;
  const listeners = new Set<(state: S) => void>();
  let waiters: Array<(state: S) => void> = [];
  // Events sent by a listener while another event is being handled wait their turn, so every
  // listener sees the states in order.
  const queue: E[] = [];
  let draining = false;

  function settleIfIdle(): void {
    if (inFlight !== null || draining) return;
    const settled = waiters;
    waiters = [];
    for (const resolve of settled) resolve(state);
  }

  function start(pending: S, effect: CallEffect): void {
    const controller = new AbortController();
    const flight = { state: pending, controller };
    inFlight = flight;
    const prepared = options.prepare ? options.prepare(effect) : effect;
    void perform(options.client, prepared, controller.signal).then((result) => {
      if (controller.signal.aborted || disposed || inFlight !== flight) return;
      inFlight = null;
      options.onResult?.(prepared, result);
      const answer: CallResult = {
        type: 'result',
        endpoint: prepared.endpoint,
        result: result as FlowResult<ResponseOf<EndpointName>>,
      };
      // The machine's event union holds the result of every endpoint its effects call.
      dispatch(answer as unknown as E);
      settleIfIdle();
    });
  }

  function enter(next: S): void {
    if (next === state) return;
    state = next;
    if (inFlight !== null && inFlight.state !== next) {
      inFlight.controller.abort();
      inFlight = null;
    }
    const effect = machine.effectOf(next);
    if (effect !== null) start(next, effect);
    for (const listener of [...listeners]) listener(next);
  }

  function dispatch(event: E): void {
    queue.push(event);
    if (draining) return;
    draining = true;
    try {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        if (disposed) break;
        enter(machine.transition(state, next));
      }
    } finally {
      queue.length = 0;
      draining = false;
    }
  }

  const initialEffect = machine.effectOf(state);
  if (initialEffect !== null) start(state, initialEffect);

  return {
    getState: () => state,
    send(event) {
      if (disposed) return;
      dispatch(event);
      settleIfIdle();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      inFlight?.controller.abort();
      inFlight = null;
      listeners.clear();
      settleIfIdle();
    },
    whenSettled() {
      if (inFlight === null || disposed) return Promise.resolve(state);
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
