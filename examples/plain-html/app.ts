/**
 * The plain-HTML example on one origin, under the strict Content-Security-Policy the elements
 * must survive: the page and its CSS, the built bundles (`packages/elements/dist/entries`) at
 * `/shomei/entries/`, and everything else answered by a Shōmei service (here the in-memory
 * one from @shomei/mock), so the session cookie is first-party (docs/decisions/0003).
 *
 * Used by `serve.ts` (`npx tsx examples/plain-html/serve.ts`) and test/embed/csp.test.ts.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

export const PAGE_DIR = fileURLToPath(new URL('.', import.meta.url));
export const DEFAULT_BUNDLE_DIR = fileURLToPath(
  new URL('../../packages/elements/dist/entries', import.meta.url),
);

/** Issue 7's policy; `connect-src`, `img-src` and `font-src` fall back to `default-src 'self'`. */
export const STRICT_CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
] as const;
export const STRICT_CSP = STRICT_CSP_DIRECTIVES.join('; ');

/**
 * For a page that may load two separate copies of the bundle (two builds, two versions): each
 * copy has its own lit-html, and each creates a Trusted Types policy named `lit-html`, which the
 * strict policy refuses the second time. `'allow-duplicates'` lets both copies run.
 */
export const STRICT_CSP_TWO_COPIES = STRICT_CSP.replace(
  'trusted-types lit-html',
  "trusted-types lit-html 'allow-duplicates'",
);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface PlainHtmlAppOptions {
  /** Answers every request that is not a file of the page or the bundles: the service. */
  readonly service: { fetch(request: Request): Response | Promise<Response> };
  /** Where `dist/entries` is; default the package's build output. */
  readonly bundleDir?: string;
  /** More directories to serve, by URL prefix (`/copy/` → a second build, for tests). */
  readonly extraDirs?: Readonly<Record<string, string>>;
  /** More HTML pages, by path (for tests); served with the same headers, or another policy. */
  readonly extraPages?: Readonly<
    Record<string, () => Promise<{ readonly html: string; readonly csp?: string }>>
  >;
}

/** The file under `dir` that `path` names, or undefined when it would leave `dir`. */
function inside(dir: string, path: string): string | undefined {
  const file = normalize(join(dir, decodeURIComponent(path)));
  return file.startsWith(normalize(dir).replace(/[\\/]?$/u, sep)) ? file : undefined;
}

async function sendFile(file: string | undefined): Promise<Response | undefined> {
  const type = file === undefined ? undefined : TYPES[extname(file)];
  if (file === undefined || type === undefined) return undefined;
  try {
    return new Response(await readFile(file), { headers: { 'Content-Type': type } });
  } catch {
    return undefined;
  }
}

export function createPlainHtmlApp(options: PlainHtmlAppOptions): Hono {
  const dirs: Record<string, string> = {
    ...options.extraDirs,
    '/shomei/entries/': options.bundleDir ?? DEFAULT_BUNDLE_DIR,
  };
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    if (!c.res.headers.has('Content-Security-Policy'))
      c.res.headers.set('Content-Security-Policy', STRICT_CSP);
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Cache-Control', 'no-store');
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));
  for (const [path, page] of Object.entries(options.extraPages ?? {}))
    app.get(path, async (c) => {
      const { html, csp } = await page();
      return c.html(html, 200, csp === undefined ? {} : { 'Content-Security-Policy': csp });
    });
  app.get('*', async (c, next) => {
    const path = c.req.path === '/' ? '/index.html' : c.req.path;
    const prefix = Object.keys(dirs).find((candidate) => path.startsWith(candidate));
    const response =
      prefix === undefined
        ? path.endsWith('.ts')
          ? undefined
          : await sendFile(inside(PAGE_DIR, path))
        : await sendFile(inside(dirs[prefix]!, path.slice(prefix.length)));
    if (response !== undefined) return response;
    await next();
  });
  // Everything else is the service: the API under /t/<tenant>, the sandbox provider.
  app.all('*', (c) => options.service.fetch(c.req.raw));
  return app;
}
