/** Registers every Shōmei element (one `<script type="module">` embed, X4). */
import './define/shomei-dialog.js';
import './define/shomei-language-picker.js';
import './define/shomei-support-contacts.js';
import './define/shomei-text-field.js';
