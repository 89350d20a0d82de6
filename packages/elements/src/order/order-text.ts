/**
 * Words and formats the order screens share with the order history: destinations, delivery
 * categories, payment methods, order statuses and yen (Tokyo times: `internal/format-date.ts`).
 * The words only the order screens use (line and address problems, calendar dates) load with
 * them, in `order-screens.ts`. Every string comes from `msg()` when called, so it follows the
 * current locale.
 */
import { msg } from '@lit/localize';
import type { DeliveryCategory, Destination, Order, OrderStatus, PaymentMethod } from '@shomei/sdk';
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
