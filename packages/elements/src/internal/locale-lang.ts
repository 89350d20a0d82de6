/**
 * `lang` on every localized element's host (X2, WCAG 3.1.2 Language of Parts; A14).
 *
 * The host page stays `<html lang="ja">` when the student switches Shōmei to en, zh-Hans or ko,
 * so without this a screen reader would read English or Korean text with Japanese rules. Each
 * `@localized()` element sets `lang` on itself to the locale it shows; everything it renders
 * inherits it: its shadow root, and the light-DOM form of `LightDomFormController` (a child of
 * the host). It follows a language switch: @lit/localize dispatches `lit-localize-status` on
 * `window` once the new texts are in (`ready`), and the element re-renders at the same moment.
 */
import { LOCALE_STATUS_EVENT } from '@lit/localize';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getShomeiLocale } from '../localization.js';

export class LocaleLangController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;

  readonly #onStatus = (event: Event): void => {
    if ((event as CustomEvent<{ status: string }>).detail?.status === 'ready') this.#sync();
  };

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#sync();
    globalThis.addEventListener(LOCALE_STATUS_EVENT, this.#onStatus);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener(LOCALE_STATUS_EVENT, this.#onStatus);
  }

  #sync(): void {
    const locale = getShomeiLocale();
    if (this.#host.getAttribute('lang') !== locale) this.#host.setAttribute('lang', locale);
  }
}

/** Adds a `LocaleLangController` to `host`; call it from the element's constructor. */
export function langFollowsLocale(host: ReactiveControllerHost & HTMLElement): void {
  new LocaleLangController(host);
}
