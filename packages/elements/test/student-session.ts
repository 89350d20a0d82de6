/**
 * Test helper for the order elements: a mock service with a logged-in student (the demo's
 * returning student, year 3) and a client whose requests can be made to fail on purpose.
 */
import {
  createMockService,
  DEMO_STUDENTS,
  type MockService,
  type TenantConfig,
} from '@shomei/mock';
import { createDemoAccounts, createDemoTenant } from '@shomei/service';
import type { ShomeiClient } from '@shomei/sdk';
import { mockBackedClient, quietLogger, serverFault } from './mock-client.js';

/** Wednesday 17 June 2026, 10:00 in Tokyo: after the parking fee's window (1–10 June). */
export const ORDER_TEST_START = new Date('2026-06-17T01:00:00Z');

/** What a fault does to one request: fail without an answer, or answer 500. */
export type Fault = 'network' | 'server';

export interface StudentClient {
  readonly mock: MockService;
  readonly client: ShomeiClient;
  /** Called for each request; return a fault to make it fail. */
  fault: (request: Request) => Fault | undefined;
  /** Called for each request; return a promise to hold its answer until it settles. */
  hold: (request: Request) => Promise<void> | undefined;
  /** Every request the client sent, method and path. */
  readonly requests: string[];
}

export async function createStudentClient(
  options: {
    clock?: Date;
    /** X6: another university than the demo, made from the demo tenant. */
    tenant?: (demo: TenantConfig) => TenantConfig;
  } = {},
): Promise<StudentClient> {
  const clock = options.clock ?? ORDER_TEST_START;
  const mock = createMockService({
    logger: quietLogger,
    clock,
    ...(options.tenant === undefined
      ? {}
      : {
          tenants: [options.tenant(createDemoTenant({ now: clock }))],
          accounts: createDemoAccounts(clock),
        }),
  });
  const requests: string[] = [];
  const holder: StudentClient = {
    mock,
    client: undefined as unknown as ShomeiClient,
    fault: () => undefined,
    hold: () => undefined,
    requests,
  };
  const client = mockBackedClient(mock, async (request) => {
    requests.push(`${request.method} ${new URL(request.url).pathname}`);
    await holder.hold(request);
    const fault = holder.fault(request);
    if (fault === 'network') throw new TypeError('Failed to fetch');
    return fault === 'server' ? serverFault() : mock.app.fetch(request);
  });
  const { userId, password, secondPassword, email } = DEMO_STUDENTS.returning;
  const login = await client.login({ userId, password, secondPassword });
  if (login.error) throw new Error(`login failed: ${login.error.code}`);
  if (login.data.step === 'auth-key') {
    const authKey = mock.mailbox.latest(email, 'auth-key')?.authKey;
    if (authKey === undefined) throw new Error('no auth key mailed');
    const verified = await client.verifyAuthKey({ authKey });
    if (verified.error) throw new Error(`auth key failed: ${verified.error.code}`);
  }
  return Object.assign(holder, { client });
}
