import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * An element kind's screens chunk (docs/decisions/0012): one per element kind, shared by every
 * instance on the page. Loaded once and kept; a load that fails is forgotten, so that the next
 * one fetches the chunk again (a flaky connection, a redeploy).
 *
 * The element passes its own `() => withTexts(import('./x-screens.js'), 'x/x-screens')`: the
 * `import()` must stay in the element's module, where the bundler splits the chunk off, and
 * `withTexts` (`localization.ts`) makes it resolve only once the chunk's translations are here
 * too, so that its screens never show the Japanese source on a translated page
 * (docs/decisions/0013). A failed load of the texts does not fail the chunk.
 */
export class ScreensChunk<M> {
  readonly #import: () => Promise<M>;
  #current: M | undefined;
  #loading: Promise<M> | undefined;

  constructor(load: () => Promise<M>) {
    this.#import = load;
  }

  /** The chunk's module once it has arrived. */
  get current(): M | undefined {
    return this.#current;
  }

  /** Fetches the chunk or joins the fetch in flight; after a failure, the next call tries again. */
  load(): Promise<M> {
    this.#loading ??= this.#import().then(
      (loaded) => (this.#current = loaded),
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading;
  }
}

/**
 * How `LazyScreensController` reloads the page by default. Tests replace `reload` to see what an
 * element does just before the reload; a page never does.
 */
export const pageReload = {
  reload: (): void => globalThis.location.reload(),
};

export interface LazyScreensOptions {
  /** Reloads the page when a retry fails too. Default: `pageReload.reload()`. */
  readonly reloadPage?: () => void;
  /**
   * Called just before that reload: the host puts back what the reloaded page needs and took
   * away, such as a one-time link's fragment it removed from the address bar.
   */
  readonly beforeReload?: () => void;
}

/**
 * An element's side of its screens chunk: asks for it, re-renders the host when it arrives or
 * fails, and says where it stands (`module`, `pending`, `failed`). What the host shows meanwhile,
 * and when it asks, are the host's.
 *
 * A host removed from the page is not re-rendered when the chunk arrives or fails (its update
 * would start its work again); it is re-rendered when it is connected again.
 */
export class LazyScreensController<M> implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #chunk: ScreensChunk<M>;
  readonly #reloadPage: () => void;
  readonly #beforeReload: (() => void) | undefined;
  /** Set while this host waits for the chunk. */
  #pending: Promise<void> | undefined;
  #failed = false;
  /** The host is in the page. */
  #connected = false;
  /** The chunk arrived or failed while the host was out of the page: re-render it on return. */
  #updateOnConnect = false;

  constructor(
    host: ReactiveControllerHost,
    chunk: ScreensChunk<M>,
    options: LazyScreensOptions = {},
  ) {
    this.#host = host;
    this.#chunk = chunk;
    this.#reloadPage = options.reloadPage ?? (() => pageReload.reload());
    this.#beforeReload = options.beforeReload;
    host.addController(this);
  }

  /** The chunk's module, once it has arrived (for any instance). */
  get module(): M | undefined {
    return this.#chunk.current;
  }

  /** This host is waiting for the chunk. */
  get pending(): boolean {
    return this.#pending !== undefined;
  }

  /** The chunk did not arrive the last time this host asked for it. */
  get failed(): boolean {
    return this.#failed;
  }

  /** Re-renders the host if the chunk arrived or failed while it was away. */
  hostConnected(): void {
    this.#connected = true;
    if (!this.#updateOnConnect) return;
    this.#updateOnConnect = false;
    this.#host.requestUpdate();
  }

  /** A fetch cannot be stopped: it goes on, and its outcome waits for the host's return. */
  hostDisconnected(): void {
    this.#connected = false;
  }

  /** Asks for the chunk, unless it is here or on its way. */
  load(): void {
    this.#request(false);
  }

  /**
   * 「再読み込み」 after a failure: asks for the chunk once more and, when that fails too, reloads
   * the page.
   *
   * Chromium keeps a failed dynamic `import()` failed for the rest of the page's life (the module
   * map caches the failure: whatwg/html#6768, #10327), so asking again never recovers there; a
   * page reload does. Nothing the student typed can be lost by it: the element's screens never
   * arrived, so none of its fields were ever shown. It happens only on the student's own click,
   * so a chunk that is really gone does not reload the page in a loop. `beforeReload` runs just
   * before it.
   */
  retry(): void {
    this.#request(true);
  }

  /**
   * For the host's `getUpdateComplete`: its own update, then, while the chunk is pending, the
   * load and the render that follows it, until nothing is pending.
   *
   * ```ts
   * protected override getUpdateComplete(): Promise<boolean> {
   *   return this.#screens.settled(() => super.getUpdateComplete());
   * }
   * ```
   */
  async settled(hostUpdateComplete: () => Promise<boolean>): Promise<boolean> {
    let complete = await hostUpdateComplete();
    while (this.#pending !== undefined) {
      await this.#pending;
      complete = await hostUpdateComplete();
    }
    return complete;
  }

  #request(reloadOnFailure: boolean): void {
    if (this.#chunk.current !== undefined) {
      // Another instance brought it since this host's load failed: show it.
      if (this.#failed) {
        this.#failed = false;
        this.#update();
      }
      return;
    }
    if (this.#pending !== undefined) return;
    this.#failed = false;
    this.#pending = this.#chunk
      .load()
      .then(
        () => undefined,
        () => {
          this.#failed = true;
          if (!reloadOnFailure) return;
          this.#beforeReload?.();
          this.#reloadPage();
        },
      )
      .finally(() => {
        this.#pending = undefined;
        this.#update();
      });
    this.#update();
  }

  /** Re-renders the host now, or when it is back in the page. */
  #update(): void {
    if (this.#connected) this.#host.requestUpdate();
    else this.#updateOnConnect = true;
  }
}
