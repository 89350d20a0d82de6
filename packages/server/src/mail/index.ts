export {
  addressDomain,
  createSmtpMailer,
  MAIL_KIND_HEADER,
  smtpTransportOptions,
  type SmtpMailer,
  type SmtpMailerOptions,
} from './smtp-mailer.js';
