/**
 * Localized text for the account codes (X5): addresses, second passwords and one-time links
 * (A3–A5, A11–A13), for the account menu and the login box's first-login, reset and link screens.
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
    default:
      return errorMessage(error);
  }
}
