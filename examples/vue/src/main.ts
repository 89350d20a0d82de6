/**
 * Vue 3 host: the elements are left to the browser (`compilerOptions.isCustomElement` in
 * vite.config.ts). Vue sets a bound value as a property when the element has it
 * (`:session`), and `@shomei-login` listens to the `shomei-login` event.
 */
import '@shomei/elements/define/shomei-login.js';
import '@shomei/elements/define/shomei-account-menu.js';
import '@shomei/elements/define/shomei-order.js';
import { configureShomei } from '@shomei/elements';
import { createApp } from 'vue';
import App from './App.vue';

// The service answers on the same origin as this page (first-party session cookie).
configureShomei({ baseUrl: new URL('/t/demo', window.location.origin).href });

createApp(App).mount('#app');
