import { describe, expect, it } from 'vitest';
import * as core from './index.js';

describe('@shomei/core entry point', () => {
  it('re-exports every module', () => {
    for (const name of [
      'LOCALES',
      'normalizeUserId',
      'normalizeText',
      'randomToken',
      'checkSecondPassword',
      'issueLink',
      'verifyAuthKey',
      'counterPickupReadyAt',
      'catalogFor',
      'nextOrderStatus',
      'decidePaymentStart',
      'checkAccess',
      'normalizeDelivery',
    ]) {
      expect(core).toHaveProperty(name);
    }
  });
});
