import { describe, expect, it } from 'vitest';
import { catalogFor, priceDraft, priceOrder } from './catalog.js';
import { firstYear, fourthYear, graduate, secondYear, tenant } from './test-fixtures.js';

const june = new Date('2026-06-05T01:00:00Z');
const april = new Date('2026-04-10T01:00:00Z');
const ids = (entries: { item: { itemId: string } }[]): string[] =>
  entries.map((entry) => entry.item.itemId);

describe('catalogFor', () => {
  it('O2: items that cannot be printed appear only under mail', () => {
    const konbini = catalogFor({ tenant, student: secondYear, destination: 'konbini', now: june });
    expect(ids(konbini)).toEqual([
      'enrollment-certificate-ja',
      'transcript-en',
      'expected-graduation-ja',
    ]);
    const mail = catalogFor({ tenant, student: secondYear, destination: 'mail', now: june });
    expect(ids(mail)).toEqual(ids(tenant.catalog.map((item) => ({ item }))));
  });

  it('O2, O9: ineligible items stay, with the reason', () => {
    const entries = catalogFor({ tenant, student: firstYear, destination: 'mail', now: june });
    const byId = new Map(entries.map((entry) => [entry.item.itemId, entry]));
    expect(byId.get('enrollment-certificate-ja')).toEqual({
      item: tenant.catalog[0],
      eligible: true,
    });
    expect(byId.get('expected-graduation-ja')).toMatchObject({ eligible: false, reason: 'year' });
    expect(byId.get('parking-fee')).toMatchObject({
      eligible: false,
      reason: 'year',
      window: { from: '2026-06-01', to: '2026-06-10' },
    });
  });

  it('O9: the parking fee is for 2nd-year students and above, in early June only', () => {
    const parking = (student: typeof firstYear, now: Date) =>
      catalogFor({ tenant, student, destination: 'mail', now }).find(
        (entry) => entry.item.itemId === 'parking-fee',
      );
    expect(parking(secondYear, june)).toMatchObject({
      eligible: true,
      window: { from: '2026-06-01' },
    });
    expect(parking(secondYear, april)).toMatchObject({
      eligible: false,
      reason: 'outside-window',
      window: { from: '2026-06-01', to: '2026-06-10' },
    });
    expect(parking(secondYear, new Date('2026-08-01T00:00:00Z'))).toMatchObject({
      reason: 'outside-window',
      window: { from: '2027-06-01' },
    });
    expect(parking(secondYear, new Date('2028-01-01T00:00:00Z'))).toMatchObject({
      reason: 'outside-window',
      window: { from: '2027-06-01', to: '2027-06-10' },
    });
  });

  it('O9: windows are inclusive Tokyo dates', () => {
    const eligibleAt = (iso: string): boolean | undefined =>
      catalogFor({ tenant, student: secondYear, destination: 'mail', now: new Date(iso) }).find(
        (entry) => entry.item.itemId === 'parking-fee',
      )?.eligible;
    expect(eligibleAt('2026-05-31T14:59:59Z')).toBe(false); // 23:59:59 on 31 May in Tokyo
    expect(eligibleAt('2026-05-31T15:00:00Z')).toBe(true); // 00:00 on 1 June in Tokyo
    expect(eligibleAt('2026-06-10T14:59:59Z')).toBe(true);
    expect(eligibleAt('2026-06-10T15:00:00Z')).toBe(false);
  });

  it('O9: a group restriction is reported as group', () => {
    const entry = catalogFor({
      tenant,
      student: { ...graduate, year: 4 },
      destination: 'mail',
      now: june,
    }).find((candidate) => candidate.item.itemId === 'expected-graduation-ja');
    expect(entry).toMatchObject({ eligible: false, reason: 'group' });
    const undergraduate = catalogFor({
      tenant,
      student: fourthYear,
      destination: 'mail',
      now: june,
    }).find((candidate) => candidate.item.itemId === 'expected-graduation-ja');
    expect(undergraduate).toMatchObject({ eligible: true });
  });
});

describe('priceOrder', () => {
  const base = { tenant, student: secondYear, now: june } as const;

  it('O3: prices each line and totals in integer yen', () => {
    const result = priceOrder({
      ...base,
      destination: 'mail',
      lines: [
        { itemId: 'enrollment-certificate-ja', quantity: 3 },
        { itemId: 'transcript-en', quantity: 2 },
        { itemId: 'parking-fee', quantity: 1 },
      ],
    });
    expect(result).toEqual({
      ok: true,
      lines: [
        { itemId: 'enrollment-certificate-ja', quantity: 3, unitPrice: 200, subtotal: 600 },
        { itemId: 'transcript-en', quantity: 2, unitPrice: 300, subtotal: 600 },
        { itemId: 'parking-fee', quantity: 1, unitPrice: 5000, subtotal: 5000 },
      ],
      total: 6200,
    });
  });

  it('O3: quantity must be an integer from 1 to the item limit', () => {
    for (const quantity of [0, -1, 1.5, 11, Number.NaN]) {
      const result = priceOrder({
        ...base,
        destination: 'konbini',
        lines: [{ itemId: 'enrollment-certificate-ja', quantity }],
      });
      expect(result).toEqual({
        ok: false,
        problems: [{ itemId: 'enrollment-certificate-ja', code: 'quantity-out-of-range' }],
      });
    }
    expect(
      priceOrder({
        ...base,
        destination: 'konbini',
        lines: [{ itemId: 'enrollment-certificate-ja', quantity: 10 }],
      }).ok,
    ).toBe(true);
  });

  it('O3: an empty order is refused', () => {
    expect(priceOrder({ ...base, destination: 'mail', lines: [] })).toEqual({
      ok: false,
      problems: [{ itemId: null, code: 'empty-order' }],
    });
  });

  it('O2, O3, O9: reports every problem at once', () => {
    const result = priceOrder({
      tenant,
      student: firstYear,
      now: april,
      destination: 'konbini',
      lines: [
        { itemId: 'nope', quantity: 1 },
        { itemId: 'student-card-reissue', quantity: 1 },
        { itemId: 'expected-graduation-ja', quantity: 20 },
        { itemId: 'enrollment-certificate-ja', quantity: 1 },
        { itemId: 'enrollment-certificate-ja', quantity: 2 },
      ],
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        { itemId: 'nope', code: 'unknown-item' },
        { itemId: 'student-card-reissue', code: 'not-for-destination' },
        { itemId: 'expected-graduation-ja', code: 'ineligible' },
        { itemId: 'expected-graduation-ja', code: 'quantity-out-of-range' },
        { itemId: 'enrollment-certificate-ja', code: 'duplicate-item' },
      ],
    });
  });

  it('O9: the parking fee outside its window is outside-window; for a first-year student it is ineligible', () => {
    const order = (student: typeof firstYear, now: Date) =>
      priceOrder({
        tenant,
        student,
        now,
        destination: 'mail',
        lines: [{ itemId: 'parking-fee', quantity: 1 }],
      });
    expect(order(secondYear, april)).toEqual({
      ok: false,
      problems: [{ itemId: 'parking-fee', code: 'outside-window' }],
    });
    expect(order(firstYear, june)).toEqual({
      ok: false,
      problems: [{ itemId: 'parking-fee', code: 'ineligible' }],
    });
    expect(order(secondYear, june).ok).toBe(true);
  });
});

describe('priceDraft', () => {
  it("O3/O9: prices the quantities entered against the catalog as sent, with priceOrder's codes", () => {
    const entries = catalogFor({ tenant, student: firstYear, destination: 'mail', now: june });
    const first = entries[0];
    if (first === undefined) throw new Error('empty catalog');
    const ineligible = entries.find((entry) => !entry.eligible);
    if (ineligible === undefined) throw new Error('no ineligible item for a first-year student');
    const contract = entries.map((entry) => ({
      itemId: entry.item.itemId,
      unitPrice: entry.item.unitPrice,
      maxQuantity: entry.item.maxQuantity,
      eligible: entry.eligible,
      ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    }));
    const draft = priceDraft(contract, {
      [first.item.itemId]: 2,
      [ineligible.item.itemId]: 1,
      'no-such-item': 1,
      'another-not-ordered': 0,
    });
    expect(draft.lines.map((line) => [line.itemId, line.quantity, line.subtotal])).toEqual([
      [first.item.itemId, 2, first.item.unitPrice * 2],
    ]);
    expect(draft.total).toBe(first.item.unitPrice * 2);
    expect(draft.problems).toEqual([
      {
        itemId: ineligible.item.itemId,
        code: ineligible.reason === 'outside-window' ? 'outside-window' : 'ineligible',
      },
      { itemId: 'no-such-item', code: 'unknown-item' },
    ]);
    const tooMany = priceDraft(contract, { [first.item.itemId]: first.item.maxQuantity + 1 });
    expect(tooMany).toMatchObject({
      lines: [],
      total: 0,
      problems: [{ itemId: first.item.itemId, code: 'quantity-out-of-range' }],
    });
    // The service's rule agrees line by line.
    const service = priceOrder({
      tenant,
      student: firstYear,
      destination: 'mail',
      now: june,
      lines: [{ itemId: first.item.itemId, quantity: first.item.maxQuantity + 1 }],
    });
    expect(service).toEqual({ ok: false, problems: tooMany.problems });
  });
});
