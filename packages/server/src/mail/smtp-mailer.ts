/**
 * The service's `Mailer` over SMTP (nodemailer). Every mail is an automatic one (RFC 3834): it
 * says so in `Auto-Submitted`, carries no `List-Unsubscribe` (nothing to unsubscribe from), and
 * names its kind in `X-Shomei-Mail-Kind` so that the dev inbox and tests need not guess.
 */
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Logger, Mailer, OutgoingMail } from '@shomei/service';

/** The header that names the mail's `MailKind`. */
export const MAIL_KIND_HEADER = 'X-Shomei-Mail-Kind';

export interface SmtpMailerOptions {
  /**
   * `smtp://[user:pass@]host[:port]` (STARTTLS when the server offers it) or
   * `smtps://...` (TLS from the first byte). Query options: `requireTLS`, `ignoreTLS`,
   * `tls.rejectUnauthorized`, `tls.servername`, `name` (the EHLO name); any other is an error.
   */
  readonly url: string;
  /**
   * Overrides every mail's sender (the tenant's `senderAddress`), for a relay that accepts one
   * verified address only. Default: the mail's own `from`.
   */
  readonly from?: string;
  /** Logs each sent mail's kind, locale and Message-ID; never its recipient, link or key. */
  readonly logger?: Pick<Logger, 'info'>;
  /**
   * How long the relay may take to accept a connection, to greet, and to answer each command
   * before the attempt fails (and the outbox retries it). Default 15 000 ms each: a stalled relay
   * must not hold an attempt past the outbox's lease (DEFAULT_OUTBOX_POLICY.leaseSeconds).
   */
  readonly timeoutMs?: number;
}

export interface SmtpMailer extends Mailer {
  /** Checks the connection and the login; throws when the relay cannot be reached. */
  verify(): Promise<void>;
  /** Closes pooled connections (none are pooled today); safe to call twice. */
  close(): void;
}

const BOOLEAN_OPTIONS = ['requireTLS', 'ignoreTLS', 'tls.rejectUnauthorized'] as const;
const STRING_OPTIONS = ['tls.servername', 'name'] as const;

function parseBoolean(key: string, value: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new Error(`SMTP URL: ${key} must be true or false, not ${JSON.stringify(value)}`);
}

/** The transport options an SMTP URL stands for; throws on anything it does not understand. */
export function smtpTransportOptions(url: string): SMTPTransport.Options {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('SMTP URL: not a URL (expected smtp://host:port or smtps://host:port)');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw new Error(`SMTP URL: unsupported scheme ${parsed.protocol} (use smtp: or smtps:)`);
  }
  const secure = parsed.protocol === 'smtps:';
  // WHATWG URL keeps IPv6 brackets in hostname; net.connect wants them off.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new Error('SMTP URL: no host');
  const options: SMTPTransport.Options = {
    host,
    port: parsed.port === '' ? (secure ? 465 : 587) : Number(parsed.port),
    secure,
  };
  if (parsed.username !== '') {
    options.auth = {
      user: decodeURIComponent(parsed.username),
      pass: decodeURIComponent(parsed.password),
    };
  }
  const tls: NonNullable<SMTPTransport.Options['tls']> = {};
  for (const [key, value] of parsed.searchParams) {
    if ((BOOLEAN_OPTIONS as readonly string[]).includes(key)) {
      const flag = parseBoolean(key, value);
      if (key === 'requireTLS') options.requireTLS = flag;
      else if (key === 'ignoreTLS') options.ignoreTLS = flag;
      else tls.rejectUnauthorized = flag;
    } else if ((STRING_OPTIONS as readonly string[]).includes(key)) {
      if (key === 'name') options.name = value;
      else tls.servername = value;
    } else {
      throw new Error(`SMTP URL: unknown option ${JSON.stringify(key)}`);
    }
  }
  if (Object.keys(tls).length > 0) options.tls = tls;
  return options;
}

/** The domain of an address such as `no-reply@u.example` or `大学 <no-reply@u.example>`. */
export function addressDomain(address: string): string {
  const match = /@([^\s<>@]+?)>?\s*$/.exec(address);
  const domain = match?.[1];
  if (domain === undefined || domain === '') {
    throw new Error(`mail sender has no domain: ${JSON.stringify(address)}`);
  }
  return domain.toLowerCase();
}

export function createSmtpMailer(options: SmtpMailerOptions): SmtpMailer {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    ...smtpTransportOptions(options.url),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(mail: OutgoingMail): Promise<void> {
      const from = options.from ?? mail.from;
      const messageId = `<${randomUUID()}@${addressDomain(from)}>`;
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId,
        date: new Date(),
        headers: {
          'Content-Language': mail.locale,
          'Auto-Submitted': 'auto-generated',
          // Outlook/Exchange: no out-of-office or other automatic replies to an automatic mail.
          'X-Auto-Response-Suppress': 'All',
          [MAIL_KIND_HEADER]: mail.kind,
        },
        // Nothing in these mails is an attachment; keep nodemailer from fetching any URL.
        disableUrlAccess: true,
        disableFileAccess: true,
      });
      options.logger?.info('mail sent', {
        kind: mail.kind,
        locale: mail.locale,
        messageId: info.messageId,
      });
    },
    async verify(): Promise<void> {
      await transport.verify();
    },
    close(): void {
      transport.close();
    },
  };
}
