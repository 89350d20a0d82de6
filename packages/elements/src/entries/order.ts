/**
 * The order entry (`dist/entries/order.js`): `<shomei-order>` and `<shomei-order-history>`
 * with the fields and language picker they render.
 */
import './auto-configure.js';
import '../define/shomei-order.js';
import '../define/shomei-order-history.js';

export { configureShomei } from '../config.js';
export { setShomeiLocale } from '../localization.js';
