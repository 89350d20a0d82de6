/**
 * Every Shōmei element in one bundle (`dist/entries/all.js`): what a university page embeds with
 * one `<script type="module">` (X4). Loading it twice, or two versions of it, keeps the page
 * working: a tag already defined is skipped (with a warning when the versions differ), and the
 * page-wide client and locale are shared through `Symbol.for` keys.
 */
import './auto-configure.js';
import '../all.js';

export { configureShomei } from '../config.js';
export { setShomeiLocale } from '../localization.js';
