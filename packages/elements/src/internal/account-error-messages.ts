/**
 * Localized text for the account codes (X5): addresses, second passwords and one-time links
 * (A3–A5, A11–A13), passkeys (A20), for the account menu and the login box's first-login, reset and link screens.
 * Other codes fall back to `errorMessage` (generic and login). See `error-messages.ts`.
 */
import { msg } from '@lit/localize';
import { errorMessage, type ErrorLike } from './error-messages.js';

/** The localized message for `error`, account codes included. */
export function accountErrorMessage(error: ErrorLike): string {
  switch (error.code) {
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
    case 'passkey_not_allowed':
      return msg('大学の設定により、パスキーは利用できません。', {
        id: 'error.passkey-not-allowed',
      });
    case 'passkey_failed':
      return msg(
        'パスキーを確認できませんでした。もう一度「パスキーを追加」からやり直してください。',
        {
          id: 'error.passkey-failed',
        },
      );
    // A20: the browser's ceremony (packages/elements/src/internal/passkey-ceremony.ts).
    case 'passkey_cancelled':
      return msg('パスキーの作成が中止されました。もう一度お試しください。', {
        id: 'error.passkey-cancelled',
      });
    case 'passkey_already_registered':
      return msg('この端末のパスキーはすでに登録されています。', {
        id: 'error.passkey-already-registered',
      });
    case 'passkey_unsupported':
      return msg(
        'このブラウザではパスキーを利用できません。パスキーに対応したブラウザや端末でお試しください。',
        {
          id: 'error.passkey-unsupported',
        },
      );
    case 'passkey_ceremony_failed':
      return msg('パスキーを作成できませんでした。もう一度お試しください。', {
        id: 'error.passkey-ceremony-failed',
      });
    default:
      return errorMessage(error);
  }
}
