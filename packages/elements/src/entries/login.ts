/**
 * The login entry (`dist/entries/login.js`): `<shomei-login>` with the field, dialog and
 * language picker it renders, and `<shomei-support-contacts>`, which a login page shows next to
 * it (a second entry on the page would be a second copy of lit). One `<script type="module">`
 * on a login page; the service's URL comes from `<meta name="shomei-base-url">` or
 * `configureShomei()`.
 */
import './auto-configure.js';
import '../define/shomei-login.js';
import '../define/shomei-support-contacts.js';

export { configureShomei } from '../config.js';
export { setShomeiLocale } from '../localization.js';
