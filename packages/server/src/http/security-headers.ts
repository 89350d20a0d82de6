/**
 * Security headers on every response the server sends (issue 6). JSON gets a CSP that allows
 * nothing; an HTML page (the sandbox's hosted checkout) gets one that allows only its own
 * inline scripts by hash (no 'unsafe-inline'), fetches to its own origin and nothing else.
 */
import { createHash } from 'node:crypto';

const JSON_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const HSTS = 'max-age=31536000; includeSubDomains';

/** `'sha256-…'` sources for every inline `<script>` of a page. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, attributes = '', body = ''] = match;
    if (/\bsrc\s*=/i.test(attributes) || body === '') continue;
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

export function htmlCsp(html: string): string {
  const scripts = inlineScriptHashes(html);
  return [
    "default-src 'none'",
    `script-src ${scripts.length > 0 ? scripts.join(' ') : "'none'"}`,
    "connect-src 'self'",
    "img-src 'self'",
    "style-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The response with the headers set; an HTML body is read once to hash its scripts. */
export async function withSecurityHeaders(response: Response, https: boolean): Promise<Response> {
  // A fresh Response: the app's may carry immutable headers.
  const headers = new Headers(response.headers);
  let body: BodyInit | null = response.body;
  if ((headers.get('Content-Type') ?? '').startsWith('text/html')) {
    const html = await response.text();
    headers.set('Content-Security-Policy', htmlCsp(html));
    body = html;
  } else {
    headers.set('Content-Security-Policy', JSON_CSP);
  }
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  if (https) headers.set('Strict-Transport-Security', HSTS);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
