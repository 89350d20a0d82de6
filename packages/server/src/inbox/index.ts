export {
  captureMail,
  extractAuthKey,
  startDevInbox,
  type CapturedMail,
  type DevInbox,
  type DevInboxOptions,
  type MailFilter,
} from './dev-inbox.js';
export { createInboxApp, INBOX_MAIL_HTML_CSP, INBOX_PAGE_CSP } from './app.js';
