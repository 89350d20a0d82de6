import { describe, expectTypeOf, it } from 'vitest';
import type {
  AuthKeyVerification,
  CatalogEntry,
  Delivery,
  LinkRedemption,
  OrderEvent,
  PaymentStartDecision,
  SecondPasswordRule,
} from './index.js';
import { checkSecondPassword, nextOrderStatus, type OrderStatus } from './index.js';

describe('core types', () => {
  it('A9: only a wrong key carries attemptsLeft, and missing carries no record', () => {
    expectTypeOf<
      Extract<AuthKeyVerification, { outcome: 'wrong' }>['attemptsLeft']
    >().toEqualTypeOf<number>();
    expectTypeOf<Extract<AuthKeyVerification, { outcome: 'missing' }>>().toEqualTypeOf<{
      readonly outcome: 'missing';
    }>();
  });

  it('A4: a refused link has a reason and no record', () => {
    expectTypeOf<Extract<LinkRedemption, { ok: false }>['reason']>().toEqualTypeOf<
      'invalid' | 'expired' | 'used'
    >();
  });

  it('A5: failed rules are the vocabulary union', () => {
    expectTypeOf(checkSecondPassword('x').failed).toEqualTypeOf<SecondPasswordRule[]>();
  });

  it('O11: transitions take only known events and may be illegal', () => {
    expectTypeOf(nextOrderStatus).parameter(1).toEqualTypeOf<OrderEvent>();
    expectTypeOf(nextOrderStatus).returns.toEqualTypeOf<OrderStatus | null>();
    // @ts-expect-error: not an order event
    nextOrderStatus('paid', 'refund');
  });

  it('O4: a counter delivery has the fixed address and no postal code', () => {
    expectTypeOf<Extract<Delivery, { category: 'counter' }>>().toEqualTypeOf<{
      readonly category: 'counter';
      readonly address: '窓口受取り';
    }>();
  });

  it('O8: only a replay names a payment', () => {
    expectTypeOf<
      Extract<PaymentStartDecision, { action: 'replay' }>['paymentId']
    >().toEqualTypeOf<string>();
    expectTypeOf<CatalogEntry['reason']>().toEqualTypeOf<
      'year' | 'group' | 'outside-window' | undefined
    >();
  });
});
