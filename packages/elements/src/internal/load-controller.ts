import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ShomeiClient } from '@shomei/sdk';
import type { ClientController } from './client-controller.js';

/** One load: the client to ask and the signal that is aborted when a newer load starts. */
export interface LoadRun {
  readonly client: ShomeiClient;
  readonly signal: AbortSignal;
}

/**
 * The bookkeeping of an element that loads from the service: loads again (`reload`) when the
 * resolved client changes before an update, aborts the load in flight when a new one starts or
 * the element is disconnected, and loads afresh after it is connected again. A disconnected
 * element that still updates (a chunk settling) loads nothing.
 */
export class LoadController implements ReactiveController {
  readonly #clients: ClientController;
  readonly #reload: () => unknown;
  #loadedWith: ShomeiClient | undefined;
  #abort: AbortController | undefined;
  #connected = false;

  constructor(host: ReactiveControllerHost, clients: ClientController, reload: () => unknown) {
    this.#clients = clients;
    this.#reload = reload;
    host.addController(this);
  }

  /**
   * Starts a load with the current client, aborting the one in flight; `undefined` when there
   * is no client to load from.
   */
  start(): LoadRun | undefined {
    const client = this.#clients.client;
    this.#loadedWith = client;
    this.#abort?.abort();
    if (client === undefined) return undefined;
    const abort = (this.#abort = new AbortController());
    return { client, signal: abort.signal };
  }

  hostConnected(): void {
    this.#connected = true;
  }

  hostUpdate(): void {
    if (this.#connected && this.#clients.client !== this.#loadedWith) void this.#reload();
  }

  hostDisconnected(): void {
    this.#connected = false;
    this.#abort?.abort();
    this.#loadedWith = undefined;
  }
}
