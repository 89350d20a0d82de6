import { describe, expect, it } from 'vitest';
import {
  COUNTER_PICKUP_ADDRESS,
  normalizeDelivery,
  normalizePhone,
  normalizePostalCode,
  type DeliveryAddressInput,
} from './delivery.js';

const home: DeliveryAddressInput = {
  category: 'home',
  recipientName: '山田　花子',
  postalCode: '〒１００－０００１',
  prefecture: '東京都',
  city: '千代田区',
  addressLine1: '千代田１－１',
  phone: '０９０－１２３４－５６７８',
};

describe('normalizeDelivery', () => {
  it('O4: counter pickup sets the address to 窓口受取り and needs no postal code', () => {
    expect(normalizeDelivery({ category: 'counter' })).toEqual({
      ok: true,
      delivery: { category: 'counter', address: '窓口受取り' },
    });
    expect(COUNTER_PICKUP_ADDRESS).toBe('窓口受取り');
  });

  it('O4: a home address is cleaned: full-width input, 〒, hyphens', () => {
    expect(normalizeDelivery(home)).toEqual({
      ok: true,
      delivery: {
        category: 'home',
        recipientName: '山田 花子',
        postalCode: '100-0001',
        prefecture: '東京都',
        city: '千代田区',
        addressLine1: '千代田1-1',
        phone: '09012345678',
      },
    });
  });

  it('O4: addressLine2 is kept when given', () => {
    const result = normalizeDelivery({
      ...home,
      category: 'other-address',
      addressLine2: ' サンプルビル 3F ',
    });
    expect(result).toMatchObject({
      ok: true,
      delivery: { category: 'other-address', addressLine2: 'サンプルビル 3F' },
    });
  });

  it('O4: reports every missing field', () => {
    expect(normalizeDelivery({ category: 'home', city: '  ' })).toEqual({
      ok: false,
      problems: ['recipientName', 'postalCode', 'prefecture', 'city', 'addressLine1', 'phone'].map(
        (field) => ({
          field,
          code: 'required',
        }),
      ),
    });
  });

  it('O4: reports invalid postal codes, phones and overlong values together', () => {
    expect(
      normalizeDelivery({
        ...home,
        postalCode: '123-456',
        phone: '12345',
        addressLine1: 'あ'.repeat(101),
      }),
    ).toEqual({
      ok: false,
      problems: [
        { field: 'addressLine1', code: 'too-long' },
        { field: 'postalCode', code: 'invalid-postal-code' },
        { field: 'phone', code: 'invalid-phone' },
      ],
    });
  });
});

describe('normalizePostalCode', () => {
  it.each([
    ['1234567', '123-4567'],
    ['123-4567', '123-4567'],
    ['１２３４５６７', '123-4567'],
    ['〒123-4567', '123-4567'],
    ['〒 123ー4567', '123-4567'],
    ['123−4567', '123-4567'],
    ['12345678', null],
    ['abc-defg', null],
    ['', null],
  ])('O4: %j → %j', (value, expected) => {
    expect(normalizePostalCode(value)).toBe(expected);
  });
});

describe('normalizePhone', () => {
  it.each([
    ['03-1234-5678', '0312345678'],
    ['090-1234-5678', '09012345678'],
    ['０９０（１２３４）５６７８', '09012345678'],
    ['+81 90-1234-5678', '09012345678'],
    ['(03) 1234 5678', '0312345678'],
    ['1234567890', null],
    ['03-1234-567', null],
    ['090-1234-56789', null],
    ['03-1234-567x', null],
  ])('O4: %j → %j', (value, expected) => {
    expect(normalizePhone(value)).toBe(expected);
  });
});
