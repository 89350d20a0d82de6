/**
 * The development capture inbox: an SMTP server on loopback that keeps every mail in memory
 * (newest first, capped) so that the demo and the end-to-end tests can read registration links
 * and auth keys. Development only: no authentication, no TLS, nothing leaves the process.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { MAIL_KINDS, type MailKind } from '@shomei/service';
import { AUTH_KEY_LENGTH } from '@shomei/core';
import { MAIL_KIND_HEADER } from '../mail/smtp-mailer.js';
import { firstUrl } from './html.js';

export interface CapturedMail {
  readonly id: string;
  /** ISO 8601, when the inbox accepted the mail. */
  readonly receivedAt: string;
  /** The `From` header as text, e.g. `no-reply@shomei-u.example`. */
  readonly from: string;
  /** The envelope recipients (RCPT TO), as sent. */
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  /** The HTML alternative, when the mail has one. */
  readonly html: string | null;
  /** From `X-Shomei-Mail-Kind`, when it names a known kind. */
  readonly kind: MailKind | null;
  /** From `Content-Language`, when it is a language tag. */
  readonly locale: string | null;
  readonly messageId: string | null;
  /** The first http(s) URL in the text (registration, reset and change links). */
  readonly link: string | null;
  /** For `auth-key` mails: the key read from the text. */
  readonly authKey: string | null;
  /** The header lines as received (still MIME-encoded), for the detail view. */
  readonly headerLines: readonly string[];
}

export interface MailFilter {
  /** A recipient, compared case-insensitively. */
  readonly to?: string;
  readonly kind?: string;
}

export interface DevInboxOptions {
  /** 0 picks a free port; read it back from `port`. */
  readonly smtpPort: number;
  /** A loopback address; default `127.0.0.1`. */
  readonly host?: string;
  /** Mails kept; the oldest go first. Default 500. */
  readonly capacity?: number;
  /** The largest mail accepted, in bytes. Default 1 MiB. */
  readonly maxBytes?: number;
}

export interface DevInbox {
  readonly host: string;
  /** The bound port (useful with `smtpPort: 0`). */
  readonly port: number;
  /** `smtp://host:port`, for `createSmtpMailer({ url })`. */
  readonly url: string;
  /** Newest first. */
  list(filter?: MailFilter): CapturedMail[];
  get(id: string): CapturedMail | undefined;
  clear(): void;
  /** Stops accepting mail; waits for open connections to end. */
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

function isLoopbackAddress(address: string): boolean {
  return address === '::1' || /^127\./.test(address) || /^::ffff:127\./.test(address.toLowerCase());
}

const AUTH_KEY_PATTERN = new RegExp(`(?<![0-9])[0-9]{${AUTH_KEY_LENGTH}}(?![0-9])`);

/** The auth key in an `auth-key` mail's text: the line that names it first, else any. */
export function extractAuthKey(text: string): string | null {
  const named = text
    .split(/\r?\n/)
    .find((line) => /認証キー|auth key/i.test(line) && AUTH_KEY_PATTERN.test(line));
  return AUTH_KEY_PATTERN.exec(named ?? text)?.[0] ?? null;
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (value === undefined) return '';
  return (Array.isArray(value) ? value : [value]).map((item) => item.text).join(', ');
}

function headerText(parsed: ParsedMail, name: string): string | null {
  const value = parsed.headers.get(name.toLowerCase());
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** A BCP 47 language tag, roughly: enough to keep anything else out of `lang` attributes. */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

function languageTag(value: string | null): string | null {
  return value !== null && LANGUAGE_TAG.test(value) ? value : null;
}

function isMailKind(value: string | null): value is MailKind {
  return value !== null && (MAIL_KINDS as readonly string[]).includes(value);
}

export function captureMail(
  parsed: ParsedMail,
  recipients: readonly string[],
  receivedAt: Date,
): CapturedMail {
  const text = parsed.text ?? '';
  const kindHeader = headerText(parsed, MAIL_KIND_HEADER);
  const kind = isMailKind(kindHeader) ? kindHeader : null;
  return {
    id: randomUUID(),
    receivedAt: receivedAt.toISOString(),
    from: addressText(parsed.from),
    to: recipients.length > 0 ? [...recipients] : [addressText(parsed.to)],
    subject: parsed.subject ?? '',
    text,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    kind,
    locale: languageTag(headerText(parsed, 'Content-Language')),
    messageId: parsed.messageId ?? null,
    link: firstUrl(text),
    authKey: kind === 'auth-key' ? extractAuthKey(text) : null,
    headerLines: parsed.headerLines.map((header) => header.line),
  };
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startDevInbox(options: DevInboxOptions): Promise<DevInbox> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host) && !isLoopbackAddress(host)) {
    throw new Error(`dev inbox listens on loopback only, not ${host}`);
  }
  const capacity = options.capacity ?? 500;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const mails: CapturedMail[] = [];

  const server = new SMTPServer({
    name: 'shomei-dev-inbox',
    banner: 'Shōmei dev inbox (development only)',
    secure: false,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    authOptional: true,
    size: maxBytes,
    maxClients: 20,
    logger: false,
    closeTimeout: 2000,
    onConnect(session, callback) {
      if (isLoopbackAddress(session.remoteAddress)) callback();
      else callback(smtpError('loopback only', 554));
    },
    onData(stream, session, callback) {
      readAll(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) {
            callback(smtpError(`message larger than ${maxBytes} bytes`, 552));
            return;
          }
          const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
          const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
          mails.unshift(captureMail(parsed, recipients, new Date()));
          mails.length = Math.min(mails.length, capacity);
          // Accepted only once stored: a sender that awaited `send` finds the mail here.
          callback();
        })
        .catch(() => callback(smtpError('could not read the message', 451)));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.smtpPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After start-up, a failing connection must not crash the host process.
  server.on('error', () => {});
  const port = (server.server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;

  return {
    host,
    port,
    url: `smtp://${urlHost}:${port}`,
    list(filter = {}) {
      const to = filter.to?.toLowerCase();
      return mails.filter(
        (mail) =>
          (to === undefined || mail.to.some((address) => address.toLowerCase() === to)) &&
          (filter.kind === undefined || mail.kind === filter.kind),
      );
    },
    get(id) {
      return mails.find((mail) => mail.id === id);
    },
    clear() {
      mails.length = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}
