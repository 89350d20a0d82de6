/**
 * Configuration for a page without its own JavaScript (X4): the entry bundles read
 *
 * ```html
 * <meta name="shomei-base-url" content="/t/demo">
 * ```
 *
 * and call `configureShomei({ baseUrl })` with it, resolved against the page's URL, before any
 * element renders. A page (or another copy of the bundle) that already configured Shōmei keeps
 * its own client; a later `configureShomei()` call from the page's script replaces this one.
 * Imported first by every entry, so the elements upgrade with their client in place.
 */
import { configureShomei, getShomeiClient } from '../config.js';

/** The `<meta name>` the entries read the service's base URL from. */
export const BASE_URL_META = 'shomei-base-url';

export function configureFromPage(doc: Document | undefined = globalThis.document): void {
  if (doc === undefined || getShomeiClient() !== undefined) return;
  const content = doc
    .querySelector<HTMLMetaElement>(`meta[name="${BASE_URL_META}"]`)
    ?.content.trim();
  if (!content) return;
  configureShomei({ baseUrl: new URL(content, doc.baseURI).href });
}

configureFromPage();
