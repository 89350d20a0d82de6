/**
 * Security headers on every response the server sends (issue 6). JSON (and scripts) get a CSP
 * that allows nothing; an HTML page (the sandbox's hosted checkout) gets `script-src 'self'`: its
 * script is a file of the same origin (`/sandbox/checkout.js`), there is no inline script, so no
 * hash or nonce is needed and no `'unsafe-inline'`.
 */
const JSON_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const HSTS = 'max-age=31536000; includeSubDomains';

/** The CSP of every HTML page: scripts, fetches and images from its own origin only. */
export const HTML_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "style-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The response with the headers set. */
export async function withSecurityHeaders(response: Response, https: boolean): Promise<Response> {
  // A fresh Response: the app's may carry immutable headers.
  const headers = new Headers(response.headers);
  const html = (headers.get('Content-Type') ?? '').startsWith('text/html');
  headers.set('Content-Security-Policy', html ? HTML_CSP : JSON_CSP);
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  if (https) headers.set('Strict-Transport-Security', HSTS);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
