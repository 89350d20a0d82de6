/**
 * The login entry (`dist/entries/login.js`): `<shomei-login>` with the field, dialog and
 * language picker it renders. One `<script type="module">` on a login page; the service's URL
 * comes from `<meta name="shomei-base-url">` or `configureShomei()`. Only the login box: the
 * page's budget (45 kB gzip before the form is usable, docs/decisions/0016) has no room for the
 * support contacts (1.4 kB); a page that wants them too uses `all.js`.
 */
import './auto-configure.js';
import '../define/shomei-login.js';

export { configureShomei } from '../config.js';
export { setShomeiLocale } from '../localization.js';
