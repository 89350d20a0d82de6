/**
 * The demo homepage's one script: registers every Shōmei element and points them at the
 * service, which serves this page on the same origin (so the session cookie is first-party).
 */
import '@shomei/elements/all.js';
import { configureShomei } from '@shomei/elements';

configureShomei({ baseUrl: new URL('/t/demo', window.location.origin).href });

// After login, go on to the certificates page; after logout, back to the login page.
document.addEventListener('shomei-login', () => {
  if (document.body.dataset['page'] === 'login') window.location.assign('/certificates');
});
document.addEventListener('shomei-logout', () => {
  window.location.assign('/login');
});
