// The demo homepage's page glue, next to the Shōmei entry its page loads (/shomei/login.js or
// /shomei/all.js, which configure themselves from <meta name="shomei-base-url">). A file of its
// own: under `script-src 'self'` a page runs no inline script.
//
// After login, go on to the certificates page (also when the login page finds the student logged
// in already, e.g. after 「OK」 on an email change link's page). When the session ends, or the
// certificates page finds none (the order says so with `shomei-logout`), back to the login page.
document.addEventListener('shomei-login', () => {
  if (document.body.dataset.page === 'login') window.location.assign('/certificates');
});
document.addEventListener('shomei-logout', () => {
  window.location.assign('/login');
});
