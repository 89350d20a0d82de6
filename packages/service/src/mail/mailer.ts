import type { Locale } from '@shomei/core';

export const MAIL_KINDS = [
  'email-registration',
  'auth-key',
  'second-password-reset',
  'email-change',
  'email-changed-notice',
  'second-password-changed-notice',
  'two-factor-disabled-notice',
  'email-change-requested-notice',
  'passkey-added-notice',
  'passkey-removed-notice',
  'order-completed',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * A mail as the service hands it over. `text` and `html` are the real mail; `link` and
 * `authKey` repeat its secret as data, so tests and the demo journey need not scrape text.
 */
export interface OutgoingMail {
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly locale: Locale;
  readonly kind: MailKind;
  readonly link?: string;
  readonly authKey?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** A Mailer that keeps mails in memory: the mock's and the tests' inbox. */
export interface MemoryMailbox extends Mailer {
  /** Every mail sent, oldest first. */
  all(): OutgoingMail[];
  /** The newest mail to `to` (case-insensitive), optionally of one kind. */
  latest(to: string, kind?: MailKind): OutgoingMail | undefined;
  clear(): void;
}

export function createMemoryMailbox(): MemoryMailbox {
  const mails: OutgoingMail[] = [];
  return {
    send(mail) {
      // Pushed before the promise settles: a caller that does not await (A13) still delivers.
      mails.push(mail);
      return Promise.resolve();
    },
    all() {
      return [...mails];
    },
    latest(to, kind) {
      const wanted = to.toLowerCase();
      for (let index = mails.length - 1; index >= 0; index -= 1) {
        const mail = mails[index];
        if (mail && mail.to.toLowerCase() === wanted && (kind === undefined || mail.kind === kind))
          return mail;
      }
      return undefined;
    },
    clear() {
      mails.length = 0;
    },
  };
}
