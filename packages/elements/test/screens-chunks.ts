/**
 * Test helper: the elements' screens chunks (`ScreensChunk`, docs/decisions/0012) as a slow or a
 * broken connection has them, whether or not the page has loaded them already: while held, every
 * chunk reports itself missing and every load waits (or fails) until the test says.
 */
import { fixture, html } from '@open-wc/testing';
import { pageReload, ScreensChunk } from '../src/internal/lazy-screens.js';

export interface HeldScreensChunks {
  /** How many loads were asked for while held. */
  readonly asked: number;
  /** Every load fails from now on, as `import()` does offline; so do the waiting ones. */
  fail(): void;
  /** The chunks arrive: the waiting loads get them, later loads are the real ones again. */
  release(): void;
  /** Undoes the helper (for `afterEach`); waiting loads stay waiting. */
  restore(): void;
}

const failure = () => new TypeError('Failed to fetch dynamically imported module');

export function holdScreensChunks(): HeldScreensChunks {
  const prototype = ScreensChunk.prototype;
  const load = prototype.load;
  const current = Object.getOwnPropertyDescriptor(prototype, 'current')!;
  const waiting: (() => void)[] = [];
  const failing: ((error: unknown) => void)[] = [];
  let asked = 0;
  let fails = false;

  Object.defineProperty(prototype, 'current', { configurable: true, get: () => undefined });
  prototype.load = function <M>(this: ScreensChunk<M>): Promise<M> {
    asked += 1;
    if (fails) return Promise.reject(failure());
    return new Promise<M>((resolve, reject) => {
      waiting.push(() => void load.call(this).then(resolve, reject));
      failing.push(reject);
    });
  };

  const restore = () => {
    Object.defineProperty(prototype, 'current', current);
    prototype.load = load;
  };
  return {
    get asked() {
      return asked;
    },
    fail() {
      fails = true;
      for (const reject of failing.splice(0)) reject(failure());
      waiting.length = 0;
    },
    release() {
      restore();
      failing.length = 0;
      for (const arrive of waiting.splice(0)) arrive();
    },
    restore,
  };
}

/** What `useHeldScreensChunks` gives a `describe` block, fresh for each test. */
export interface HeldChunksContext {
  readonly chunks: HeldScreensChunks;
  /** `location.hash` each time 「再読み込み」 reloaded the page (the reload itself is stubbed). */
  readonly reloads: readonly string[];
}

/**
 * For a `describe` block: holds the chunks and stubs the page reload before each test, undoes
 * both after it.
 */
export function useHeldScreensChunks(): HeldChunksContext {
  let chunks: HeldScreensChunks | undefined;
  let reloads: string[] = [];
  const reload = pageReload.reload;
  beforeEach(() => {
    chunks = holdScreensChunks();
    reloads = [];
    pageReload.reload = () => {
      reloads.push(location.hash);
    };
  });
  afterEach(() => {
    chunks?.restore();
    pageReload.reload = reload;
  });
  return {
    get chunks() {
      if (chunks === undefined) throw new Error('useHeldScreensChunks: only inside a test');
      return chunks;
    },
    get reloads() {
      return reloads;
    },
  };
}

/**
 * An element with its client (and `properties`) on the page; not awaited, since its
 * `updateComplete` waits for the chunk.
 */
export async function placeWithClient<T extends HTMLElement & { client?: unknown }>(
  tag: string,
  client: unknown,
  properties: Partial<T> = {},
): Promise<T> {
  const element = document.createElement(tag) as T;
  Object.assign(element, properties, { client });
  (await fixture<HTMLDivElement>(html`<div></div>`)).append(element);
  return element;
}
