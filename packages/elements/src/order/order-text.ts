/**
 * Words and formats the order screens share with the order history: destinations, payment
 * methods, order statuses, line and address problems, yen and calendar dates (Tokyo times:
 * `internal/format-date.ts`). Every string comes from `msg()` when called, so it follows the
 * current locale.
 */
import { msg, str } from '@lit/localize';
import type {
  CatalogEntry,
  DeliveryCategory,
  Destination,
  LineProblem,
  Order,
  OrderStatus,
  PaymentMethod,
} from '@shomei/sdk';
import { getShomeiLocale } from '../localization.js';

export type { DeliveryCategory, Destination, OrderStatus, PaymentMethod };

/** O3: yen as the locale writes it (ja ￥1,200, en ¥1,200, ko ￥1,200...). */
export function formatYen(amount: number): string {
  return new Intl.NumberFormat(getShomeiLocale(), {
    style: 'currency',
    currency: 'JPY',
    maximumFractionDigits: 0,
  }).format(amount);
}

/** A calendar date (`2026-06-01`, no time zone shift) as the locale writes it. */
export function formatDate(isoDate: string): string {
  return new Intl.DateTimeFormat(getShomeiLocale(), {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** O1 */
export function destinationName(destination: Destination): string {
  switch (destination) {
    case 'campus-printer':
      return msg('学内印刷機', { id: 'order.destination.campus-printer' });
    case 'konbini':
      return msg('コンビニ', { id: 'order.destination.konbini' });
    case 'mail':
      return msg('郵送', { id: 'order.destination.mail' });
  }
}

/** O4: 送付先カテゴリ */
export function deliveryCategoryName(category: DeliveryCategory): string {
  switch (category) {
    case 'home':
      return msg('自宅', { id: 'order.delivery-category.home' });
    case 'other-address':
      return msg('その他の住所', { id: 'order.delivery-category.other-address' });
    case 'counter':
      return msg('大学窓口で受取り', { id: 'order.delivery-category.counter' });
  }
}

/** O7: each method by the name the university's notice uses. */
export function paymentMethodName(method: PaymentMethod): string {
  switch (method) {
    case 'card':
      return msg('クレジットカード', { id: 'order.method.card' });
    case 'carrier-docomo':
      return msg('ドコモ払い', { id: 'order.method.carrier-docomo' });
    case 'carrier-au':
      return msg('auかんたん決済', { id: 'order.method.carrier-au' });
    case 'carrier-softbank':
      return msg('ソフトバンクまとめて支払い', { id: 'order.method.carrier-softbank' });
    case 'pay-easy':
      return msg('Pay-easy（ペイジー）', { id: 'order.method.pay-easy' });
    case 'paypay':
      return 'PayPay';
    case 'line-pay':
      return 'LINE Pay';
    case 'apple-pay':
      return 'Apple Pay';
    case 'merpay':
      return msg('メルペイ', { id: 'order.method.merpay' });
    case 'konbini-lawson':
      return msg('ローソン', { id: 'order.method.konbini-lawson' });
    case 'konbini-familymart':
      return msg('ファミリーマート', { id: 'order.method.konbini-familymart' });
    case 'konbini-seven-eleven':
      return msg('セブンイレブン', { id: 'order.method.konbini-seven-eleven' });
  }
}

export const isKonbiniMethod = (method: PaymentMethod): boolean => method.startsWith('konbini-');

/** O11: the order's status in words. */
export function orderStatusName(status: OrderStatus, order?: Order): string {
  switch (status) {
    case 'awaiting-payment':
      return msg('お支払い待ち', { id: 'order.status.awaiting-payment' });
    case 'paid':
      return msg('お支払い済み', { id: 'order.status.paid' });
    case 'processing':
      return msg('発行処理中', { id: 'order.status.processing' });
    case 'completed':
      if (order?.delivery?.category === 'counter')
        return msg('受取り可能', { id: 'order.status.ready-for-pickup' });
      if (order?.destination === 'mail') return msg('発送済み', { id: 'order.status.sent' });
      return msg('印刷可能', { id: 'order.status.ready-to-print' });
    case 'expired':
      return msg('期限切れ', { id: 'order.status.expired' });
    case 'cancelled':
      return msg('取消し', { id: 'order.status.cancelled' });
  }
}

/** O2, O9: why an item cannot be ordered now. */
export function ineligibleReasonText(entry: CatalogEntry): string {
  switch (entry.reason) {
    case 'year':
      return msg('この項目は対象の学年の方のみ申請できます。', { id: 'order.ineligible.year' });
    case 'outside-window': {
      const window = entry.window;
      if (window === undefined)
        return msg('この項目は現在、申請期間外です。', { id: 'order.ineligible.outside-window' });
      const from = formatDate(window.from);
      const to = formatDate(window.to);
      return msg(str`この項目の申請期間は${from}から${to}までです。現在は申請できません。`, {
        id: 'order.ineligible.window-dates',
      });
    }
    case 'group':
    default:
      return msg('この項目はお客様の所属では申請できません。', { id: 'order.ineligible.group' });
  }
}

/** O2, O3, O9: one line's problem, said next to the line. */
export function lineProblemText(problem: LineProblem, entry: CatalogEntry | undefined): string {
  switch (problem.code) {
    case 'quantity-out-of-range': {
      const max = entry?.maxQuantity ?? 1;
      return msg(str`部数は1から${max}までの数字で入力してください。`, {
        id: 'order.problem.quantity',
      });
    }
    case 'outside-window':
      return entry
        ? ineligibleReasonText({ ...entry, reason: 'outside-window' })
        : msg('この項目は現在、申請期間外です。', { id: 'order.ineligible.outside-window' });
    case 'ineligible':
      return entry
        ? ineligibleReasonText(entry)
        : msg('この項目はお客様の所属では申請できません。', { id: 'order.ineligible.group' });
    case 'not-for-destination':
      return msg('この項目は選択した印刷先では発行できません。', {
        id: 'order.problem.not-for-destination',
      });
    case 'unknown-item':
      return msg('この項目は現在申請できません。', { id: 'order.problem.unknown-item' });
    case 'duplicate-item':
      return msg('同じ項目が重複しています。', { id: 'order.problem.duplicate-item' });
    case 'empty-order':
      return msg('発行する項目の部数を1部以上入力してください。', {
        id: 'order.problem.empty-order',
      });
    default:
      return msg('この項目は申請できません。', { id: 'order.problem.other' });
  }
}

/** O4: an address field's problem (codes from the core's `normalizeDelivery`). */
export function deliveryProblemText(code: string): string {
  switch (code) {
    case 'required':
      return msg('入力してください。', { id: 'validation.required' });
    case 'invalid-postal-code':
      return msg('郵便番号は7桁の数字で入力してください（例：123-4567）。', {
        id: 'order.delivery.invalid-postal-code',
      });
    case 'invalid-phone':
      return msg('電話番号は0から始まる10桁または11桁の数字で入力してください。', {
        id: 'order.delivery.invalid-phone',
      });
    case 'too-long':
      return msg('入力が長すぎます。短くしてください。', { id: 'order.delivery.too-long' });
    default:
      return msg('入力内容を確認してください。', { id: 'error.invalid-request' });
  }
}
