/**
 * Localized text for the SDK's error codes (X5). Flows and calls carry machine codes only
 * (`network`, `order_invalid`, ...); every element turns them into words here, so one code reads
 * the same on every screen. Element-specific wording (e.g. a line problem next to an order line)
 * stays in the element; this module has what several screens share.
 *
 * Merge point: several elements add codes here. Keep one `case` per code, grouped by area.
 */
import { msg, str } from '@lit/localize';
import type { LocalizedText } from '@shomei/sdk';
import { pickLocalized } from '../localization.js';
import { formatTokyoDateTime } from './format-date.js';

/** What a message may need besides the code (the SDK's `FlowError` and `ShomeiError` fit). */
export interface ErrorLike {
  readonly code: string;
  readonly status?: number | undefined;
  readonly retryAfterSeconds?: number | undefined;
  /** auth_key_wrong (A9): wrong keys left before the key locks. */
  readonly attemptsLeft?: number | undefined;
  /** access_not_yet_available (A18): an ISO instant, shown in Japan time. */
  readonly availableFrom?: string | undefined;
  /** access_contact_office (A18): the tenant's own notice. */
  readonly notice?: LocalizedText | undefined;
}

/** The localized message for `error`; a generic one for codes this version does not know. */
export function errorMessage(error: ErrorLike): string {
  switch (error.code) {
    // the connection and the service
    case 'network':
      return msg('通信できませんでした。インターネット接続を確認して、もう一度お試しください。', {
        id: 'error.network',
      });
    case 'timeout':
      return msg('応答がありませんでした。しばらくしてから、もう一度お試しください。', {
        id: 'error.timeout',
      });
    case 'internal':
    case 'response_invalid':
    case 'unexpected':
      return msg(
        'システムで問題が発生しました。しばらくしてから、もう一度お試しください。解決しない場合はコールセンターへお問い合わせください。',
        { id: 'error.server' },
      );
    case 'rate_limited': {
      const seconds = error.retryAfterSeconds;
      return seconds === undefined
        ? msg('操作が多すぎます。しばらくしてから、もう一度お試しください。', {
            id: 'error.rate-limited',
          })
        : msg(str`操作が多すぎます。${seconds}秒後に、もう一度お試しください。`, {
            id: 'error.rate-limited-seconds',
          });
    }
    case 'unauthenticated':
      return msg('ログインの有効期限が切れました。もう一度ログインしてください。', {
        id: 'error.unauthenticated',
      });
    case 'forbidden':
      return msg('この操作は許可されていません。', { id: 'error.forbidden' });
    case 'not_found':
      return msg('見つかりませんでした。', { id: 'error.not-found' });
    case 'invalid_request':
      return msg('入力内容を確認してください。', { id: 'error.invalid-request' });

    case 'aborted':
      return msg('処理を中断しました。もう一度お試しください。', { id: 'error.aborted' });

    // login (A1–A9, A18); never says which of the credentials was wrong
    case 'required':
      return msg('未入力の項目があります。入力してください。', { id: 'error.required' });
    case 'invalid_credentials':
      return msg(
        'ユーザID、パスワードまたは第2パスワードが正しくありません。大文字/小文字、半角英数文字で入力しているかをご確認ください。',
        { id: 'error.invalid-credentials' },
      );
    case 'wrong_step':
      return msg('画面の状態が変わりました。表示されている画面から操作を続けてください。', {
        id: 'error.wrong-step',
      });
    case 'access_not_yet_available':
      return error.availableFrom === undefined
        ? msg('まだご利用いただけません。', { id: 'error.access-not-yet-available' })
        : msg(
            str`まだご利用いただけません。${formatTokyoDateTime(error.availableFrom)}（日本時間）からご利用いただけます。`,
            {
              id: 'error.access-not-yet-available-from',
            },
          );
    case 'access_contact_office':
      return error.notice === undefined
        ? msg('このサービスはご利用いただけません。学生支援課へお問い合わせください。', {
            id: 'error.access-contact-office',
          })
        : pickLocalized(error.notice);
    case 'auth_key_wrong':
      return error.attemptsLeft === undefined
        ? msg('認証キーが正しくありません。', { id: 'error.auth-key-wrong' })
        : msg(
            str`認証キーが正しくありません。あと${error.attemptsLeft}回間違えると、認証キーは無効になります。`,
            {
              id: 'error.auth-key-wrong-attempts',
            },
          );
    case 'auth_key_locked':
      return msg(
        '認証キーを一定回数間違えたため、認証キーは無効になりました。「認証キー再発行」を押して、新しい認証キーを受け取ってください。',
        { id: 'error.auth-key-locked' },
      );
    case 'auth_key_expired':
      return msg(
        '認証キーの有効期限が切れました。「認証キー再発行」を押して、新しい認証キーを受け取ってください。',
        { id: 'error.auth-key-expired' },
      );

    // account: addresses, second passwords and one-time links (A3–A5, A11–A13)
    case 'email_mismatch':
      return msg('メールアドレスと確認用のメールアドレスが一致しません。', {
        id: 'error.email-mismatch',
      });
    case 'second_password_rules':
      return msg('第2パスワードがルールを満たしていません。ルールの一覧を確認してください。', {
        id: 'error.second-password-rules',
      });
    case 'second_password_mismatch':
      return msg('第2パスワードと確認用の第2パスワードが一致しません。', {
        id: 'error.second-password-mismatch',
      });
    case 'link_invalid':
      return msg('このURLは無効です。メールに記載されたURLをそのまま開いてください。', {
        id: 'error.link-invalid',
      });
    case 'link_expired':
      return msg('このURLは有効期限が切れています。もう一度手続きをやり直してください。', {
        id: 'error.link-expired',
      });
    case 'link_used':
      return msg('このURLは使用済みです。URLは一度だけ使えます。', { id: 'error.link-used' });
    case 'current_second_password_wrong':
      return msg('現在の第2パスワードが正しくありません。', {
        id: 'error.current-second-password-wrong',
      });
    case 'two_factor_not_changeable':
      return msg('大学の設定により、二要素認証の設定は変更できません。', {
        id: 'error.two-factor-not-changeable',
      });

    // orders and payment (O2–O11)
    case 'order_invalid':
      return msg('申請内容に誤りがあります。各項目のメッセージを確認してください。', {
        id: 'error.order-invalid',
      });
    case 'delivery_invalid':
      return msg('送付先に誤りがあります。各項目のメッセージを確認してください。', {
        id: 'error.delivery-invalid',
      });
    case 'total_mismatch':
      return msg(
        '料金が更新されたため、発行項目を読み込み直しました。部数と合計金額を確認してから、もう一度お進みください。',
        { id: 'error.total-mismatch' },
      );
    case 'no_refund_not_acknowledged':
      return msg('返金不可について確認し、チェックを入れてください。', {
        id: 'error.no-refund-not-acknowledged',
      });
    case 'order_not_found':
      return msg('申請が見つかりませんでした。申請履歴を確認してください。', {
        id: 'error.order-not-found',
      });
    case 'order_not_payable':
      return msg(
        'この申請はお支払いできません（期限切れ、または取り消し済みです）。申請をやり直してください。',
        { id: 'error.order-not-payable' },
      );
    case 'already_paid':
      return msg('この申請はお支払い済みです。二重に支払われることはありません。', {
        id: 'error.already-paid',
      });
    case 'payment_in_progress':
      return msg(
        'この申請のお支払いは手続き中です。二重払いを防ぐため、手続きの結果を確認してください。',
        { id: 'error.payment-in-progress' },
      );
    case 'payment_method_unavailable':
      return msg('この支払方法は現在ご利用いただけません。別の支払方法を選択してください。', {
        id: 'error.payment-method-unavailable',
      });
    case 'payment_declined':
      return msg(
        'お支払いが承認されませんでした。お支払いは完了していません。別のカードか別の支払方法をお試しください。',
        { id: 'error.payment-declined' },
      );
    case 'payment_cancelled':
      return msg('お支払いが取り消されました。お支払いは完了していません。', {
        id: 'error.payment-cancelled',
      });
    case 'payment_expired':
      return msg(
        'お支払い期限が過ぎたため、払込番号は無効になりました。支払方法を選択し直してください。',
        { id: 'error.payment-expired' },
      );
    case 'idempotency_key_reused':
    case 'payment_not_found':
      return msg(
        'お支払いの状況を確認できませんでした。申請履歴でお支払いの状況を確認してください。',
        { id: 'error.payment-state-unknown' },
      );
    default:
      if (error.status !== undefined && error.status >= 500)
        return errorMessage({ code: 'internal' });
      return msg(
        '処理できませんでした。もう一度お試しください。解決しない場合はコールセンターへお問い合わせください。',
        { id: 'error.unknown' },
      );
  }
}
