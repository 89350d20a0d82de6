/**
 * The demo homepage's one script: registers every Shōmei element and points them at the
 * service, which serves this page on the same origin (so the session cookie is first-party).
 */
import '@shomei/elements/all.js';
import { configureShomei } from '@shomei/elements';

configureShomei({ baseUrl: new URL('/t/demo', window.location.origin).href });

// After login, go on to the certificates page (also when the login page finds the student logged
// in already, e.g. after 「OK」 on an email change link's page). When the session ends, or the
// certificates page finds none (the order says so with `shomei-logout`), back to the login page.
document.addEventListener('shomei-login', () => {
  if (document.body.dataset['page'] === 'login') window.location.assign('/certificates');
});
document.addEventListener('shomei-logout', () => {
  window.location.assign('/login');
});
