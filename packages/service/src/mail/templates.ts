/**
 * Every mail a student receives, in Japanese and English (X1); other locales fall back to
 * English until translated. Student-visible text of the service lives only in this file.
 * The Japanese wording follows the manual's confirmation mail (seeds, 2.1).
 */
import type { LocalizedText, Locale, TenantSettings } from '@shomei/core';
import type { MailKind } from './mailer.js';

export type MailData =
  | { kind: 'email-registration'; link: string; ttlMinutes: number }
  | { kind: 'auth-key'; authKey: string; expiresAt: string }
  | { kind: 'second-password-reset'; link: string; ttlMinutes: number }
  | { kind: 'email-change'; link: string; ttlMinutes: number }
  | { kind: 'email-changed-notice'; newEmail: string; changedAt: string }
  | { kind: 'second-password-changed-notice'; changedAt: string }
  | { kind: 'order-completed'; orderId: string };

/** The languages mails are written in; any other locale reads the English mail. */
type MailLanguage = 'ja' | 'en';

export function mailLanguage(locale: Locale): MailLanguage {
  return locale === 'ja' ? 'ja' : 'en';
}

function localized(text: LocalizedText, language: MailLanguage): string {
  return text[language] ?? text.ja;
}

/** Instants in Japan time, as a student in Japan reads them (the expiry of a key or link). */
function formatTokyo(instant: string, language: MailLanguage): string {
  const date = new Date(instant);
  if (language === 'ja') {
    return new Intl.DateTimeFormat('ja-JP', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(date);
  }
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
  return `${text} (Japan time)`;
}

const SUBJECT_PREFIX: Record<MailLanguage, string> = {
  ja: '【証明書発行サービス】',
  en: '[Certificate Issuance Service] ',
};

/** The manual's closing lines, verbatim in Japanese. */
const SEND_ONLY_FOOTER: Record<MailLanguage, string[]> = {
  ja: [
    '※もしこのメールにお心当たりのない方は削除して下さい。',
    '◎このメールは送信専用メールです。',
    'お問い合わせ先は各事務担当まで',
  ],
  en: [
    '* If you did not expect this mail, please delete it.',
    '* This mail was sent from a send-only address; replies are not read.',
    'For questions, please contact the office in charge.',
  ],
};

function signature(tenant: TenantSettings, language: MailLanguage): string[] {
  const name = localized(tenant.name, language);
  return [
    '',
    '--',
    language === 'ja' ? `${name} 証明書発行サービス` : `${name} Certificate Issuance Service`,
  ];
}

/** For notices of changes the student may not have made: whom to call (A17). */
function contactLines(tenant: TenantSettings, language: MailLanguage): string[] {
  const desk = tenant.contacts.studentSupport;
  const parts = [
    `${localized(desk.name, language)} (${localized(desk.hours, language)})`,
    ...(desk.phone === undefined ? [] : [`TEL ${desk.phone}`]),
    ...(desk.email === undefined ? [] : [`E-mail ${desk.email}`]),
  ];
  return language === 'ja'
    ? ['お心当たりのない場合は、至急以下までお問い合わせください。', ...parts]
    : ['If you did not make this change, please contact us at once:', ...parts];
}

function textFor(
  data: MailData,
  tenant: TenantSettings,
  language: MailLanguage,
): { subject: string; lines: string[] } {
  const ja = language === 'ja';
  switch (data.kind) {
    case 'email-registration':
      return ja
        ? {
            subject: 'メールアドレス登録のご案内',
            lines: [
              'メールアドレスの登録を行います。',
              '以下の URL にアクセスし、メールアドレスの登録を完了して下さい。',
              '',
              data.link,
              '',
              `URL 期限：${data.ttlMinutes} 分`,
              '',
              ...SEND_ONLY_FOOTER.ja,
            ],
          }
        : {
            subject: 'Please confirm your email address',
            lines: [
              'We are registering your email address.',
              'Open the URL below to complete the registration.',
              '',
              data.link,
              '',
              `The URL is valid for ${data.ttlMinutes} minutes.`,
              '',
              ...SEND_ONLY_FOOTER.en,
            ],
          };
    case 'auth-key':
      return ja
        ? {
            subject: '認証キーのお知らせ',
            lines: [
              'ログインのための認証キーを発行しました。',
              '認証キー入力画面で以下の認証キーを入力し、「認証」ボタンをクリックして下さい。',
              '',
              `認証キー：${data.authKey}`,
              `有効期限：${formatTokyo(data.expiresAt, 'ja')}`,
              '',
              '認証キーを再発行した場合、以前の認証キーは使用できません。',
              '',
              ...SEND_ONLY_FOOTER.ja,
            ],
          }
        : {
            subject: 'Your auth key',
            lines: [
              'Here is the auth key for your login.',
              'Enter it on the auth key screen and press "Verify".',
              '',
              `Auth key: ${data.authKey}`,
              `Valid until: ${formatTokyo(data.expiresAt, 'en')}`,
              '',
              'If you request a new auth key, this one stops working.',
              '',
              ...SEND_ONLY_FOOTER.en,
            ],
          };
    case 'second-password-reset':
      return ja
        ? {
            subject: '第2パスワード再設定のご案内',
            lines: [
              '第2パスワードの再設定を行います。',
              '以下の URL にアクセスし、新しい第2パスワードを設定して下さい。',
              '',
              data.link,
              '',
              `URL 期限：${data.ttlMinutes} 分`,
              '',
              ...SEND_ONLY_FOOTER.ja,
            ],
          }
        : {
            subject: 'Reset your second password',
            lines: [
              'We received a request to reset your second password.',
              'Open the URL below to set a new second password.',
              '',
              data.link,
              '',
              `The URL is valid for ${data.ttlMinutes} minutes.`,
              '',
              ...SEND_ONLY_FOOTER.en,
            ],
          };
    case 'email-change':
      return ja
        ? {
            subject: 'メールアドレス変更のご案内',
            lines: [
              'メールアドレスの変更を行います。',
              '以下の URL にアクセスし、メールアドレスの変更を完了して下さい。',
              '',
              data.link,
              '',
              `URL 期限：${data.ttlMinutes} 分`,
              '',
              ...SEND_ONLY_FOOTER.ja,
            ],
          }
        : {
            subject: 'Please confirm your new email address',
            lines: [
              'We are changing your email address.',
              'Open the URL below to complete the change.',
              '',
              data.link,
              '',
              `The URL is valid for ${data.ttlMinutes} minutes.`,
              '',
              ...SEND_ONLY_FOOTER.en,
            ],
          };
    case 'email-changed-notice':
      return ja
        ? {
            subject: 'メールアドレス変更完了のお知らせ',
            lines: [
              `${formatTokyo(data.changedAt, 'ja')}、証明書発行サービスに登録されたメールアドレスが変更されました。`,
              `新しいメールアドレス：${data.newEmail}`,
              '今後、システムからの連絡は新しいメールアドレス宛に送信されます。',
              '',
              ...contactLines(tenant, 'ja'),
              '',
              '◎このメールは送信専用メールです。',
            ],
          }
        : {
            subject: 'Your email address was changed',
            lines: [
              `On ${formatTokyo(data.changedAt, 'en')}, the email address registered with the certificate issuance service was changed.`,
              `New address: ${data.newEmail}`,
              'From now on, the service writes to the new address.',
              '',
              ...contactLines(tenant, 'en'),
              '',
              '* This mail was sent from a send-only address; replies are not read.',
            ],
          };
    case 'second-password-changed-notice':
      return ja
        ? {
            subject: '第2パスワード変更のお知らせ',
            lines: [
              `${formatTokyo(data.changedAt, 'ja')}、証明書発行サービスの第2パスワードが変更されました。`,
              '',
              ...contactLines(tenant, 'ja'),
              '',
              '◎このメールは送信専用メールです。',
            ],
          }
        : {
            subject: 'Your second password was changed',
            lines: [
              `On ${formatTokyo(data.changedAt, 'en')}, the second password of your certificate issuance service account was changed.`,
              '',
              ...contactLines(tenant, 'en'),
              '',
              '* This mail was sent from a send-only address; replies are not read.',
            ],
          };
    case 'order-completed':
      // O6: a fixed text, as the university notice says (「文言固定」). For counter pickup the
      // elements explain that it means "ready for pickup".
      return ja
        ? {
            subject: '郵送対応完了',
            lines: [
              '郵送対応完了',
              '',
              `申請番号：${data.orderId}`,
              '',
              '◎このメールは送信専用メールです。',
            ],
          }
        : {
            subject: 'Mail processing completed (郵送対応完了)',
            lines: [
              'Mail processing completed (郵送対応完了)',
              '',
              `Order number: ${data.orderId}`,
              '',
              '* This mail was sent from a send-only address; replies are not read.',
            ],
          };
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function toHtml(lines: readonly string[], language: MailLanguage): string {
  const body = lines
    .map((line) => {
      if (/^https?:\/\/\S+$/.test(line)) {
        const url = escapeHtml(line);
        return `<a href="${url}">${url}</a>`;
      }
      return escapeHtml(line);
    })
    .join('<br>\n');
  return `<!doctype html>\n<html lang="${language}"><body><p>${body}</p></body></html>\n`;
}

export interface RenderedMail {
  readonly kind: MailKind;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export function renderMail(data: MailData, tenant: TenantSettings, locale: Locale): RenderedMail {
  const language = mailLanguage(locale);
  const { subject, lines } = textFor(data, tenant, language);
  const all = [...lines, ...signature(tenant, language)];
  return {
    kind: data.kind,
    subject: `${SUBJECT_PREFIX[language]}${subject}`,
    text: `${all.join('\n')}\n`,
    html: toHtml(all, language),
  };
}
