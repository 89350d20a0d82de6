/**
 * Angular host, built without the Angular CLI: `ngc` compiles the component ahead of time and
 * Vite bundles its output (no `@angular/compiler` in the browser, no eval, so it runs under the
 * strict CSP); zoneless, with signals. The elements need no wrapper:
 * `CUSTOM_ELEMENTS_SCHEMA` lets the template use their tags, `[session]` sets a property and
 * `(shomei-login)` listens to the event.
 */
import '@shomei/elements/define/shomei-login.js';
import '@shomei/elements/define/shomei-account-menu.js';
import '@shomei/elements/define/shomei-order.js';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { configureShomei } from '@shomei/elements';
import { AppComponent } from './app.component.js';

// The service answers on the same origin as this page (first-party session cookie).
configureShomei({ baseUrl: new URL('/t/demo', window.location.origin).href });

bootstrapApplication(AppComponent, { providers: [provideZonelessChangeDetection()] }).catch(
  (error: unknown) => console.error(error),
);
