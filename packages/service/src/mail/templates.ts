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
  | { kind: 'two-factor-disabled-notice'; changedAt: string }
  | { kind: 'email-change-requested-notice'; newEmail: string; requestedAt: string }
  | { kind: 'passkey-added-notice'; name: string; changedAt: string }
  | { kind: 'passkey-removed-notice'; name: string; changedAt: string }
  | { kind: 'order-completed'; orderId: string };

/** The languages mails are written in; any other locale reads the English mail. */
type MailLanguage = 'ja' | 'en';

export function mailLanguage(locale: Locale): MailLanguage {
  return locale === 'ja' ? 'ja' : 'en';
}

function localized(text: LocalizedText, language: MailLanguage): string {
  return text[language] ?? text.ja;
}

const TOKYO_MINUTE: Intl.DateTimeFormatOptions = {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};

/** Instants in Japan time, as a student in Japan reads them (the expiry of a key or link). */
function formatTokyo(instant: string, language: MailLanguage): string {
  const date = new Date(instant);
  if (language === 'ja') {
    return new Intl.DateTimeFormat('ja-JP', TOKYO_MINUTE).format(date);
  }
  return `${new Intl.DateTimeFormat('en-GB', TOKYO_MINUTE).format(date)} (Japan time)`;
}

const SUBJECT_PREFIX: Record<MailLanguage, string> = {
  ja: '【証明書発行サービス】',
  en: '[Certificate Issuance Service] ',
};

/** The last line of every mail: nobody reads replies. */
const SEND_ONLY: Record<MailLanguage, string> = {
  ja: '◎このメールは送信専用メールです。',
  en: '* This mail was sent from a send-only address; replies are not read.',
};

/** The manual's closing lines, verbatim in Japanese. */
const SEND_ONLY_FOOTER: Record<MailLanguage, string[]> = {
  ja: [
    '※もしこのメールにお心当たりのない方は削除して下さい。',
    SEND_ONLY.ja,
    'お問い合わせ先は各事務担当まで',
  ],
  en: [
    '* If you did not expect this mail, please delete it.',
    SEND_ONLY.en,
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

interface MailText {
  subject: string;
  lines: string[];
}

/** A mail's own words in each language, before the shared parts are put around them. */
type Wording = Record<MailLanguage, MailText>;

/** A mail carrying a one-time link: what it is for, the link, how long it lasts, the footer. */
function linkMail(
  wording: Wording,
  data: { link: string; ttlMinutes: number },
  language: MailLanguage,
): MailText {
  const { subject, lines } = wording[language];
  const validity =
    language === 'ja'
      ? `URL 期限：${data.ttlMinutes} 分`
      : `The URL is valid for ${data.ttlMinutes} minutes.`;
  return {
    subject,
    lines: [...lines, '', data.link, '', validity, '', ...SEND_ONLY_FOOTER[language]],
  };
}

/** A notice of a change the student may not have made: what changed, then whom to call. */
function changeNotice(wording: Wording, tenant: TenantSettings, language: MailLanguage): MailText {
  const { subject, lines } = wording[language];
  return {
    subject,
    lines: [...lines, '', ...contactLines(tenant, language), '', SEND_ONLY[language]],
  };
}

type LinkMailKind = Extract<MailData, { link: string }>['kind'];

/** The mails carrying a one-time link, each in its own words. */
const LINK_MAILS: Record<LinkMailKind, Wording> = {
  'email-registration': {
    ja: {
      subject: 'メールアドレス登録のご案内',
      lines: [
        'メールアドレスの登録を行います。',
        '以下の URL にアクセスし、メールアドレスの登録を完了して下さい。',
      ],
    },
    en: {
      subject: 'Please confirm your email address',
      lines: [
        'We are registering your email address.',
        'Open the URL below to complete the registration.',
      ],
    },
  },
  'second-password-reset': {
    ja: {
      subject: '第2パスワード再設定のご案内',
      lines: [
        '第2パスワードの再設定を行います。',
        '以下の URL にアクセスし、新しい第2パスワードを設定して下さい。',
      ],
    },
    en: {
      subject: 'Reset your second password',
      lines: [
        'We received a request to reset your second password.',
        'Open the URL below to set a new second password.',
      ],
    },
  },
  'email-change': {
    ja: {
      subject: 'メールアドレス変更のご案内',
      lines: [
        'メールアドレスの変更を行います。',
        '以下の URL にアクセスし、メールアドレスの変更を完了して下さい。',
      ],
    },
    en: {
      subject: 'Please confirm your new email address',
      lines: ['We are changing your email address.', 'Open the URL below to complete the change.'],
    },
  },
};

function textFor(data: MailData, tenant: TenantSettings, language: MailLanguage): MailText {
  switch (data.kind) {
    case 'email-registration':
    case 'second-password-reset':
    case 'email-change':
      return linkMail(LINK_MAILS[data.kind], data, language);
    case 'auth-key':
      return language === 'ja'
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
    case 'email-changed-notice': {
      const changedAt = formatTokyo(data.changedAt, language);
      return changeNotice(
        {
          ja: {
            subject: 'メールアドレス変更完了のお知らせ',
            lines: [
              `${changedAt}、証明書発行サービスに登録されたメールアドレスが変更されました。`,
              `新しいメールアドレス：${data.newEmail}`,
              '今後、システムからの連絡は新しいメールアドレス宛に送信されます。',
            ],
          },
          en: {
            subject: 'Your email address was changed',
            lines: [
              `On ${changedAt}, the email address registered with the certificate issuance service was changed.`,
              `New address: ${data.newEmail}`,
              'From now on, the service writes to the new address.',
            ],
          },
        },
        tenant,
        language,
      );
    }
    case 'second-password-changed-notice': {
      const changedAt = formatTokyo(data.changedAt, language);
      return changeNotice(
        {
          ja: {
            subject: '第2パスワード変更のお知らせ',
            lines: [`${changedAt}、証明書発行サービスの第2パスワードが変更されました。`],
          },
          en: {
            subject: 'Your second password was changed',
            lines: [
              `On ${changedAt}, the second password of your certificate issuance service account was changed.`,
            ],
          },
        },
        tenant,
        language,
      );
    }
    case 'two-factor-disabled-notice': {
      // A21: sent to the address on file, so a stolen session cannot quietly drop the factor.
      const changedAt = formatTokyo(data.changedAt, language);
      return changeNotice(
        {
          ja: {
            subject: '二要素認証の無効化のお知らせ',
            lines: [
              `${changedAt}、証明書発行サービスの二要素認証（メールによる認証キー）が無効に設定されました。`,
              '今後、ログイン時に認証キーは送信されません。',
            ],
          },
          en: {
            subject: 'Two-factor authentication was turned off',
            lines: [
              `On ${changedAt}, two-factor authentication (the auth key by mail) of your certificate issuance service account was turned off.`,
              'From now on, no auth key is sent when you log in.',
            ],
          },
        },
        tenant,
        language,
      );
    }
    case 'passkey-added-notice': {
      // A21: a passkey added by a thief would let them in without the second password.
      const changedAt = formatTokyo(data.changedAt, language);
      return changeNotice(
        {
          ja: {
            subject: 'パスキー登録のお知らせ',
            lines: [
              `${changedAt}、証明書発行サービスにパスキー「${data.name}」が登録されました。`,
              '今後、このパスキーでログインできます。',
            ],
          },
          en: {
            subject: 'A passkey was added',
            lines: [
              `On ${changedAt}, the passkey “${data.name}” was added to your certificate issuance service account.`,
              'From now on, it can be used to log in.',
            ],
          },
        },
        tenant,
        language,
      );
    }
    case 'passkey-removed-notice': {
      const changedAt = formatTokyo(data.changedAt, language);
      return changeNotice(
        {
          ja: {
            subject: 'パスキー削除のお知らせ',
            lines: [
              `${changedAt}、証明書発行サービスからパスキー「${data.name}」が削除されました。`,
              '今後、このパスキーではログインできません。',
            ],
          },
          en: {
            subject: 'A passkey was removed',
            lines: [
              `On ${changedAt}, the passkey “${data.name}” was removed from your certificate issuance service account.`,
              'It can no longer be used to log in.',
            ],
          },
        },
        tenant,
        language,
      );
    }
    case 'email-change-requested-notice': {
      // A21: to the old address, while it can still stop the change (the link goes to the new).
      const requestedAt = formatTokyo(data.requestedAt, language);
      return changeNotice(
        {
          ja: {
            subject: 'メールアドレス変更手続きのお知らせ',
            lines: [
              `${requestedAt}、証明書発行サービスに登録されたメールアドレスを変更する手続きが行われました。`,
              `新しいメールアドレス：${data.newEmail}`,
              '新しいメールアドレス宛に送信したURLにアクセスすると、変更が完了します。それまでは、このメールアドレスが使われます。',
            ],
          },
          en: {
            subject: 'A change of your email address was requested',
            lines: [
              `On ${requestedAt}, a change of the email address registered with the certificate issuance service was requested.`,
              `New address: ${data.newEmail}`,
              'The change is complete once the URL sent to the new address is opened. Until then, the service writes to this address.',
            ],
          },
        },
        tenant,
        language,
      );
    }
    case 'order-completed': {
      // O6: a fixed text, as the university notice says (「文言固定」). For counter pickup the
      // elements explain that it means "ready for pickup".
      const title = language === 'ja' ? '郵送対応完了' : 'Mail processing completed (郵送対応完了)';
      const number =
        language === 'ja' ? `申請番号：${data.orderId}` : `Order number: ${data.orderId}`;
      return { subject: title, lines: [title, '', number, '', SEND_ONLY[language]] };
    }
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
