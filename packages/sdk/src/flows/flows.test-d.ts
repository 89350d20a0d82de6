import { describe, expectTypeOf, it } from 'vitest';
import type { ShomeiClient } from '../client.js';
import type { PasskeyOptions } from '../contract/passkeys.js';
import {
  accountTransition,
  assertNever,
  call,
  createLoginFlow,
  createOrderFlow,
  loginTransition,
  orderTransition,
  sessionTransition,
  type AccountState,
  type FlowClient,
  type LoginEvent,
  type LoginState,
  type LoginStatus,
  type OrderEvent,
  type OrderState,
  type SessionState,
} from './index.js';

declare const client: FlowClient;
declare const loginState: LoginState;
declare const orderState: OrderState;

describe('flow types', () => {
  it('X4: the real client is a FlowClient', () => {
    expectTypeOf<ShomeiClient>().toExtend<FlowClient>();
  });

  it("X4: a transition's return type is its State union", () => {
    expectTypeOf(loginTransition).returns.toEqualTypeOf<LoginState>();
    expectTypeOf(orderTransition).returns.toEqualTypeOf<OrderState>();
    expectTypeOf(accountTransition).returns.toEqualTypeOf<AccountState>();
    expectTypeOf(sessionTransition).returns.toEqualTypeOf<SessionState>();
  });

  it('X4: an event of another flow, or an unknown one, does not compile', () => {
    const order = createOrderFlow(client);
    const login = createLoginFlow(client);
    // @ts-expect-error: the auth key belongs to the login flow
    order.send({ type: 'submit-auth-key' });
    // @ts-expect-error: no such event
    login.send({ type: 'teleport' });
    // @ts-expect-error: the login flow has no destination
    login.send({ type: 'choose-destination', destination: 'mail' });
    // @ts-expect-error: a ceremony's failure is one of the known reasons
    login.send({ type: 'passkey-failed', reason: 'oops' });
    // @ts-expect-error: not a field of any login screen
    login.send({ type: 'input', field: 'postalCode', value: '807-8555' });
    // @ts-expect-error: a quantity is a number
    order.send({ type: 'set-quantity', itemId: 'enrollment-ja', quantity: '2' });
    // @ts-expect-error: an answer must match its endpoint's response
    login.send({ type: 'result', endpoint: 'login', result: { data: { ok: true }, error: null } });
    expectTypeOf(order.send).parameter(0).toEqualTypeOf<OrderEvent>();
    expectTypeOf(login.send).parameter(0).toEqualTypeOf<LoginEvent>();
  });

  it("O8: an effect's input is the endpoint's own input", () => {
    call('createOrder', {
      body: {
        destination: 'mail',
        lines: [{ itemId: 'a', quantity: 1 }],
        expectedTotal: 200,
        acknowledgeNoRefund: true,
      },
    });
    // @ts-expect-error: createOrder needs a body
    call('createOrder', {});
    // @ts-expect-error: startPayment needs the order id
    call('startPayment', { body: { method: 'card' } });
  });

  it('X4: a state narrows on its status', () => {
    if (orderState.status === 'done') {
      expectTypeOf(orderState.order.printReservation).toEqualTypeOf<{
        number: string;
        validUntil: string;
      } | null>();
    }
    if (loginState.status === 'auth-key')
      expectTypeOf(loginState.lockedDialog).toEqualTypeOf<boolean>();
    if (loginState.status === 'passkey-prompt')
      expectTypeOf(loginState.options).toEqualTypeOf<PasskeyOptions>();
    // @ts-expect-error: only the auth-key screen has a dialog
    void loginState.lockedDialog;
  });

  it('X4: every login state is handled; a new one would fail to compile', () => {
    // The satisfies check lists every status: a state added to the union without a line here
    // (and in loginTransition / loginEffect, which use the same assertNever) does not compile.
    const handled = {
      loading: true,
      credentials: true,
      submitting: true,
      'email-registration': true,
      'registering-email': true,
      'email-sent': true,
      'second-password-setup': true,
      'setting-second-password': true,
      'second-password-set': true,
      'auth-key': true,
      'verifying-auth-key': true,
      reissuing: true,
      authenticated: true,
      'logging-out': true,
      'reset-request': true,
      'requesting-reset': true,
      'reset-sent': true,
      'confirming-email-registration': true,
      'email-registered': true,
      'confirming-email-change': true,
      'email-changed': true,
      'link-error': true,
      'reset-link': true,
      'resetting-second-password': true,
      'reset-done': true,
      'passkey-options': true,
      'passkey-prompt': true,
      'passkey-verifying': true,
      'passkey-registration': true,
      'passkey-registration-options': true,
      'passkey-creating': true,
      'passkey-registering': true,
    } as const satisfies Record<LoginStatus, true>;
    expectTypeOf<keyof typeof handled>().toEqualTypeOf<LoginStatus>();

    function partial(state: LoginState): string {
      switch (state.status) {
        case 'loading':
          return 'loading';
        default:
          // @ts-expect-error: the other statuses are not handled, so `state` is not never
          return assertNever(state);
      }
    }
    expectTypeOf(partial).returns.toBeString();
  });
});
