import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { Email, IsoDate, IsoDateTime } from './primitives.js';
import { StartPaymentRequest } from './orders.js';

/** The string formats are written out to keep zod's ISO and email classes out of the bundle. */
describe('string formats', () => {
  it("use zod's own patterns", () => {
    expect(IsoDateTime._zod.def.pattern?.source).toBe(z.regexes.datetime({ offset: true }).source);
    expect(IsoDate._zod.def.pattern?.source).toBe(z.regexes.date.source);
    expect(Email._zod.def.pattern?.source).toBe(z.regexes.email.source);
  });

  it.each([
    '2025-04-01T09:30:00+09:00',
    '2025-04-01T00:30:00.123Z',
    '2024-02-29T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2025-04-01T09:30+09:00',
    '2025-04-01',
    '2025-04-01T24:00:00Z',
  ])('IsoDateTime agrees with z.iso.datetime({ offset: true }) on %s', (value) => {
    expect(z.safeParse(IsoDateTime, value).success).toBe(
      z.safeParse(z.iso.datetime({ offset: true }), value).success,
    );
  });

  it.each(['2024-02-29', '2025-02-29', '2025-13-01', '2025-04-01T00:00:00Z'])(
    'IsoDate agrees with z.iso.date() on %s',
    (value) => {
      expect(z.safeParse(IsoDate, value).success).toBe(z.safeParse(z.iso.date(), value).success);
    },
  );

  it('returnUrl: what z.url() accepts, except surrounding whitespace', () => {
    const returnUrl = (value: string) =>
      z.safeParse(StartPaymentRequest, { method: 'card', returnUrl: value }).success;
    for (const value of ['https://univ.example/pay/return?x=1', 'http://localhost:3000/r'])
      expect(returnUrl(value)).toBe(true);
    for (const value of [
      'not a url',
      '/relative/path',
      '',
      ' https://univ.example/',
      'https://univ.example/\n',
    ])
      expect(returnUrl(value)).toBe(false);
  });
});
