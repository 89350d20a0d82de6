/**
 * How elements reach the service: through a `ShomeiClient` from `@shomei/sdk`, never `fetch`.
 *
 * Either give an element its own client (`el.client = createClient(...)`), or configure one
 * page-wide, once, before or after the elements appear:
 *
 * ```ts
 * import { configureShomei } from '@shomei/elements';
 * configureShomei({ baseUrl: 'https://certs.example.ac.jp/t/demo' });
 * ```
 *
 * The page-wide client lives at `globalThis[Symbol.for('shomei.config')]`, so two copies of the
 * bundle on one page share it. A client created here follows the UI locale for
 * `Accept-Language` (A14). Elements hear of a later configuration through the
 * `shomei-configured` event on `window` (see `ClientController`).
 */
import type { ClientOptions, ShomeiClient } from '@shomei/sdk';
import { createClient } from '@shomei/sdk/client';
import { getShomeiLocale } from './localization.js';

export interface ShomeiConfig {
  readonly client: ShomeiClient;
}

export type ConfigureShomeiOptions =
  | { readonly client: ShomeiClient }
  | (Omit<ClientOptions, 'locale'> & { readonly client?: undefined });

const CONFIG_KEY = Symbol.for('shomei.config');
type ConfigHolder = { [CONFIG_KEY]?: ShomeiConfig };

/** Dispatched on `window` whenever the page-wide configuration changes. */
export const CONFIGURED_EVENT = 'shomei-configured';

export function configureShomei(options: ConfigureShomeiOptions): ShomeiClient {
  const client =
    options.client ??
    createClient({ ...(options as ClientOptions), locale: () => getShomeiLocale() });
  (globalThis as ConfigHolder)[CONFIG_KEY] = { client };
  globalThis.dispatchEvent?.(new Event(CONFIGURED_EVENT));
  return client;
}

/** The page-wide client, if `configureShomei` was called (by any copy of the bundle). */
export const getShomeiClient = (): ShomeiClient | undefined =>
  (globalThis as ConfigHolder)[CONFIG_KEY]?.client;

/** For tests: forget the page-wide configuration. */
export function resetShomeiConfig(): void {
  delete (globalThis as ConfigHolder)[CONFIG_KEY];
  globalThis.dispatchEvent?.(new Event(CONFIGURED_EVENT));
}
