/**
 * Localized text for the SDK's error codes (X5). Flows and calls carry machine codes only
 * (`network`, `order_invalid`, ...); every element turns them into words here, so one code reads
 * the same on every screen. Element-specific wording (e.g. a line problem next to an order line)
 * stays in the element; these modules have what several screens share.
 *
 * Split by area so each element loads only the words it can meet (the login box's first chunk
 * stays small):
 * - this module: the connection, the service and login (A1–A9, A18, A20); every element;
 * - `account-error-messages.ts`: addresses, second passwords, one-time links (A3–A5, A11–A13);
 * - `order-error-messages.ts`: orders and payment (O2–O11).
 * Each area's function falls back to `errorMessage` for the codes it does not own. Keep one
 * `case` per code, in the area that owns it.
 */
import { msg, str } from '@lit/localize';
import type { LocalizedText } from '@shomei/sdk';
import { pickLocalized } from '../localization.js';
import { formatTokyoDateTime } from './format-date.js';
import { networkMessage } from './network-message.js';

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

/**
 * The localized message for a generic or login `error`; a generic one for codes this module does
 * not know (use the area's function for account or order codes).
 */
export function errorMessage(error: ErrorLike): string {
  switch (error.code) {
    // the connection and the service
    case 'network':
      return networkMessage();
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
    case 'directory_unavailable':
      return msg('大学の認証システムに接続できません。しばらくしてから、もう一度お試しください。', {
        id: 'error.directory-unavailable',
      });
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
    case 'busy':
      // Issue 14: the service is checking too many passwords at once; a retry soon works.
      return error.retryAfterSeconds === undefined
        ? msg('ただいま混み合っています。しばらくしてから、もう一度お試しください。', {
            id: 'error.busy',
          })
        : msg(
            str`ただいま混み合っています。${error.retryAfterSeconds}秒後に、もう一度お試しください。`,
            { id: 'error.busy-seconds' },
          );
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
        ? // The tenant's notice names its office; this fallback cannot know it (X6).
          msg('このサービスはご利用いただけません。大学の窓口へお問い合わせください。', {
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
    case 'auth_key_attempts_exhausted':
      // Issue 14: a reissue no longer helps; only the second-password reset or the office.
      return msg(
        '認証キーを続けて間違えた回数が上限に達したため、ログインできません。「第2パスワードを忘れた場合」から第2パスワードを再設定するか、大学の窓口へお問い合わせください。',
        { id: 'error.auth-key-attempts-exhausted' },
      );

    // passkeys (A20): the service's codes, then the browser's ceremony that gave no answer
    case 'passkey_failed':
      return msg(
        'パスキーを確認できませんでした。もう一度お試しいただくか、パスワードでログインしてください。',
        { id: 'error.passkey-failed' },
      );
    case 'passkey_not_allowed':
      return msg('この大学では、パスキーはご利用いただけません。', {
        id: 'error.passkey-not-allowed',
      });
    case 'passkey_required':
      return msg('この大学では、パスキーの登録が必要です。パスキーを登録してください。', {
        id: 'error.passkey-required',
      });
    case 'passkey_cancelled':
      return msg('パスキーの確認が中止されました。もう一度お試しください。', {
        id: 'error.passkey-cancelled',
      });
    case 'passkey_unsupported':
      return msg('このブラウザでは、パスキーをご利用いただけません。', {
        id: 'error.passkey-unsupported',
      });
    case 'passkey_already_registered':
      return msg('このデバイスには、すでにパスキーが登録されています。', {
        id: 'error.passkey-already-registered',
      });
    case 'passkey_ceremony_failed':
      return msg('パスキーを利用できませんでした。もう一度お試しください。', {
        id: 'error.passkey-ceremony-failed',
      });

    default:
      if (error.status !== undefined && error.status >= 500)
        return errorMessage({ code: 'internal' });
      return msg(
        '処理できませんでした。もう一度お試しください。解決しない場合はコールセンターへお問い合わせください。',
        { id: 'error.unknown' },
      );
  }
}
