/**
 * Localized text for the order and payment codes (X5, O2–O11), for the order screens and the
 * order history. Other codes fall back to `errorMessage` (generic and login). See
 * `error-messages.ts`.
 */
import { msg } from '@lit/localize';
import { errorMessage, type ErrorLike } from './error-messages.js';

/** The localized message for `error`, order and payment codes included. */
export function orderErrorMessage(error: ErrorLike): string {
  switch (error.code) {
    case 'order_invalid':
      return msg('申請内容に誤りがあります。各項目のメッセージを確認してください。', {
        id: 'order.error.order-invalid',
      });
    case 'delivery_invalid':
      return msg('送付先に誤りがあります。各項目のメッセージを確認してください。', {
        id: 'order.error.delivery-invalid',
      });
    case 'total_mismatch':
      return msg(
        '料金が更新されたため、発行項目を読み込み直しました。部数と合計金額を確認してから、もう一度お進みください。',
        { id: 'order.error.total-mismatch' },
      );
    case 'no_refund_not_acknowledged':
      return msg('返金不可について確認し、チェックを入れてください。', {
        id: 'order.error.no-refund-not-acknowledged',
      });
    case 'order_not_found':
      return msg('申請が見つかりませんでした。申請履歴を確認してください。', {
        id: 'order.error.order-not-found',
      });
    case 'order_not_payable':
      return msg(
        'この申請はお支払いできません（期限切れ、または取り消し済みです）。申請をやり直してください。',
        { id: 'order.error.order-not-payable' },
      );
    case 'already_paid':
      return msg('この申請はお支払い済みです。二重に支払われることはありません。', {
        id: 'order.error.already-paid',
      });
    case 'payment_in_progress':
      return msg(
        'この申請のお支払いは手続き中です。二重払いを防ぐため、手続きの結果を確認してください。',
        { id: 'order.error.payment-in-progress' },
      );
    case 'payment_method_unavailable':
      return msg('この支払方法は現在ご利用いただけません。別の支払方法を選択してください。', {
        id: 'order.error.payment-method-unavailable',
      });
    case 'payment_declined':
      return msg(
        'お支払いが承認されませんでした。お支払いは完了していません。別のカードか別の支払方法をお試しください。',
        { id: 'order.error.payment-declined' },
      );
    case 'payment_cancelled':
      return msg('お支払いが取り消されました。お支払いは完了していません。', {
        id: 'order.error.payment-cancelled',
      });
    case 'payment_expired':
      return msg(
        'お支払い期限が過ぎたため、払込番号は無効になりました。支払方法を選択し直してください。',
        { id: 'order.error.payment-expired' },
      );
    case 'idempotency_key_reused':
    case 'payment_not_found':
      return msg(
        'お支払いの状況を確認できませんでした。申請履歴でお支払いの状況を確認してください。',
        { id: 'order.error.payment-state-unknown' },
      );
    default:
      return errorMessage(error);
  }
}
