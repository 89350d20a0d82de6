/** Registers every Shōmei element (one `<script type="module">` embed, X4). */
import './define/shomei-account-menu.js';
import './define/shomei-dialog.js';
import './define/shomei-language-picker.js';
import './define/shomei-login.js';
import './define/shomei-order.js';
import './define/shomei-order-history.js';
import './define/shomei-session-timer.js';
import './define/shomei-support-contacts.js';
import './define/shomei-text-field.js';
