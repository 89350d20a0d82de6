/**
 * A scripted client for tests and scripts that drive a flow without a service: each endpoint
 * answers from its own queue of results, in order. Not the mock (packages/mock implements the
 * service's behaviour); this only replays what a test says, and records what was asked.
 */
import type { EndpointName, RequestInput, ResponseOf } from '../contract/endpoints.js';
import type { FlowClient, FlowErrorSource, FlowResult } from './machine.js';

/** One scripted answer: a result, or a promise of one (to hold a call in flight). */
export type ScriptedAnswer<N extends EndpointName> =
  FlowResult<ResponseOf<N>> | Promise<FlowResult<ResponseOf<N>>>;

export type Script = { [N in EndpointName]?: ScriptedAnswer<N>[] };

export interface RecordedCall {
  readonly name: EndpointName;
  readonly input: Record<string, unknown>;
  readonly signal: AbortSignal | undefined;
}

export interface FakeClient extends FlowClient {
  readonly calls: RecordedCall[];
  /** Adds answers at the end of an endpoint's queue. */
  answer<N extends EndpointName>(name: N, ...answers: ScriptedAnswer<N>[]): void;
  /** Endpoints whose queue still holds answers. */
  unused(): EndpointName[];
}

export const ok = <T>(data: T): FlowResult<T> => ({ data, error: null });
export const fail = (error: FlowErrorSource): FlowResult<never> => ({ data: null, error });

export function createFakeClient(script: Script = {}): FakeClient {
  const queues = new Map<EndpointName, unknown[]>();
  for (const [name, answers] of Object.entries(script)) {
    queues.set(name as EndpointName, [...(answers as unknown[])]);
  }
  const calls: RecordedCall[] = [];
  return {
    calls,
    answer(name, ...answers) {
      queues.set(name, [...(queues.get(name) ?? []), ...answers]);
    },
    unused: () => [...queues].filter(([, answers]) => answers.length > 0).map(([name]) => name),
    request<N extends EndpointName>(
      name: N,
      input: RequestInput<N>,
    ): Promise<FlowResult<ResponseOf<N>>> {
      const { signal, ...rest } = input as { signal?: AbortSignal } & Record<string, unknown>;
      calls.push({ name, input: rest, signal });
      const next = queues.get(name)?.shift() as ScriptedAnswer<N> | undefined;
      if (next === undefined) {
        return Promise.resolve(fail({ code: `unscripted:${name}` }) as FlowResult<ResponseOf<N>>);
      }
      return Promise.resolve(next);
    },
  };
}
