import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ShomeiClient } from '@shomei/sdk';
import { CONFIGURED_EVENT, getShomeiClient } from '../config.js';

/**
 * Resolves the client an element talks through: its own `client` property first, else the
 * page-wide one from `configureShomei`. Re-renders the host when the page-wide one changes, so
 * an element may appear before the page configures Shōmei.
 */
export class ClientController implements ReactiveController {
  readonly #host: ReactiveControllerHost & { client?: ShomeiClient | undefined };
  readonly #onConfigured = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost & { client?: ShomeiClient | undefined }) {
    this.#host = host;
    host.addController(this);
  }

  get client(): ShomeiClient | undefined {
    return this.#host.client ?? getShomeiClient();
  }

  hostConnected(): void {
    globalThis.addEventListener(CONFIGURED_EVENT, this.#onConfigured);
    // An element moved in the page (removed, then added again) stopped its work when it left:
    // an update lets it pick the client up again and resume.
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    globalThis.removeEventListener(CONFIGURED_EVENT, this.#onConfigured);
  }
}
