/**
 * The account entry (`dist/entries/account.js`): the account menu, the session timer, the
 * support contacts and the language picker, for the pages a student sees once logged in.
 */
import './auto-configure.js';
import '../define/shomei-account-menu.js';
import '../define/shomei-language-picker.js';
import '../define/shomei-session-timer.js';
import '../define/shomei-support-contacts.js';

export { configureShomei } from '../config.js';
export { setShomeiLocale } from '../localization.js';
