import { expect, fixtureCleanup, fixtureSync } from '@open-wc/testing';
import { html, LitElement } from 'lit';
import type { ShomeiClient } from '@shomei/sdk';
import { ClientController } from './client-controller.js';
import { LazyScreensController, ScreensChunk, type LazyScreensOptions } from './lazy-screens.js';
import { LoadController } from './load-controller.js';
import { waitUntil } from '../../test/wait.js';

interface Screens {
  readonly text: string;
}

/** An `import()` the test settles by hand, counting the fetches. */
function manualImport() {
  const fetches: { resolve: (module: Screens) => void; reject: (error: unknown) => void }[] = [];
  const load = () =>
    new Promise<Screens>((resolve, reject) => {
      fetches.push({ resolve, reject });
    });
  return { fetches, load };
}

/** What `import()` rejects with when the chunk cannot be fetched. */
const offline = () => new TypeError('Failed to fetch dynamically imported module');

interface TestHost extends LitElement {
  readonly screens: LazyScreensController<Screens>;
  readonly renders: number;
}

let kinds = 0;

/**
 * An element kind with its own chunk, as the element modules have: asks for it when connected,
 * shows a loading line, the screens, or 「再読み込み」. The page reload is `reloadPage`.
 */
function defineHost(
  chunk: ScreensChunk<Screens>,
  reloadPage: () => void,
  options: Omit<LazyScreensOptions, 'reloadPage'> = {},
): string {
  const name = `test-lazy-screens-${++kinds}`;
  class Host extends LitElement {
    readonly screens = new LazyScreensController(this, chunk, { ...options, reloadPage });
    renders = 0;

    override connectedCallback(): void {
      super.connectedCallback();
      this.screens.load();
    }

    protected override getUpdateComplete(): Promise<boolean> {
      return this.screens.settled(() => super.getUpdateComplete());
    }

    protected override render() {
      this.renders += 1;
      const screens = this.screens.module;
      if (screens !== undefined) return html`<p class="screen">${screens.text}</p>`;
      if (this.screens.failed)
        return html`<button type="button" @click=${() => this.screens.retry()}>再読み込み</button>`;
      return html`<p role="status">読み込んでいます…</p>`;
    }
  }
  customElements.define(name, Host);
  return name;
}

/** A host on the page; not awaited, since its `updateComplete` waits for the chunk. */
const place = (name: string): TestHost => fixtureSync<TestHost>(`<${name}></${name}>`);

/** A host on the page whose first load of the chunk failed, rendered. */
async function placeWithFailedLoad(
  name: string,
  fetches: ReturnType<typeof manualImport>['fetches'],
): Promise<TestHost> {
  const host = place(name);
  await Promise.resolve();
  fetches[0]!.reject(offline());
  await host.updateComplete;
  return host;
}

const shown = (host: TestHost): string =>
  host.shadowRoot?.querySelector('p, button')?.textContent?.trim() ?? '';

describe('LazyScreensController', () => {
  let reloads: number;
  const reloadPage = () => {
    reloads += 1;
  };

  beforeEach(() => {
    reloads = 0;
  });

  afterEach(() => {
    fixtureCleanup();
  });

  it('fetches the chunk once for all instances and renders each when it arrives', async () => {
    const { fetches, load } = manualImport();
    const name = defineHost(new ScreensChunk(load), reloadPage);
    const hosts = [place(name), place(name), place(name)];
    await Promise.resolve();
    expect(fetches).to.have.length(1);
    for (const host of hosts) {
      expect(host.screens.pending).to.equal(true);
      expect(host.screens.module).to.equal(undefined);
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(hosts.map(shown)).to.deep.equal(Array(3).fill('読み込んでいます…'));

    fetches[0]!.resolve({ text: '在学生ログイン' });
    // `updateComplete` waits for the chunk and the render that shows it.
    await Promise.all(hosts.map((host) => host.updateComplete));
    expect(hosts.map(shown)).to.deep.equal(Array(3).fill('在学生ログイン'));
    expect(hosts.every((host) => !host.screens.pending && !host.screens.failed)).to.equal(true);

    // A later instance has it at once.
    const late = place(name);
    await late.updateComplete;
    expect(shown(late)).to.equal('在学生ログイン');
    expect(late.screens.pending).to.equal(false);
    expect(fetches).to.have.length(1);
  });

  it('a failed fetch sets `failed` and re-renders each waiting instance; no reload', async () => {
    const { fetches, load } = manualImport();
    const name = defineHost(new ScreensChunk(load), reloadPage);
    const hosts = [place(name), place(name)];
    await Promise.resolve();
    const rendersBefore = hosts.map((host) => host.renders);

    fetches[0]!.reject(offline());
    await Promise.all(hosts.map((host) => host.updateComplete));
    for (const [index, host] of hosts.entries()) {
      expect(host.screens.failed).to.equal(true);
      expect(host.screens.pending).to.equal(false);
      expect(host.renders).to.be.greaterThan(rendersBefore[index]!);
      expect(shown(host)).to.equal('再読み込み');
    }
    expect(reloads).to.equal(0);

    // Asking again (not the student's retry) fetches again, and does not reload on failure.
    hosts[0]!.screens.load();
    expect(fetches).to.have.length(2);
    fetches[1]!.reject(offline());
    await hosts[0]!.updateComplete;
    expect(hosts[0]!.screens.failed).to.equal(true);
    expect(reloads).to.equal(0);
  });

  it('retry() fetches again; when that fails too, it reloads the page', async () => {
    const { fetches, load } = manualImport();
    const name = defineHost(new ScreensChunk(load), reloadPage);
    const host = await placeWithFailedLoad(name, fetches);
    expect(host.screens.failed).to.equal(true);

    host.shadowRoot!.querySelector('button')!.click();
    expect(fetches).to.have.length(2);
    expect(host.screens.pending).to.equal(true);
    expect(host.screens.failed).to.equal(false);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(shown(host)).to.equal('読み込んでいます…');
    // A second click while it is on its way asks for nothing more.
    host.screens.retry();
    expect(fetches).to.have.length(2);

    // Chromium keeps a failed import() failed: the second failure reloads the page.
    fetches[1]!.reject(offline());
    await host.updateComplete;
    expect(reloads).to.equal(1);
    expect(host.screens.failed).to.equal(true);
    expect(host.screens.pending).to.equal(false);
  });

  it('retry() that brings the chunk shows the screens without reloading', async () => {
    const { fetches, load } = manualImport();
    const name = defineHost(new ScreensChunk(load), reloadPage);
    const host = await placeWithFailedLoad(name, fetches);

    host.screens.retry();
    fetches[1]!.resolve({ text: '認証キー' });
    await host.updateComplete;
    expect(shown(host)).to.equal('認証キー');
    expect(host.screens.failed).to.equal(false);
    expect(reloads).to.equal(0);
    // Loaded: neither load() nor retry() fetches again.
    host.screens.load();
    host.screens.retry();
    expect(fetches).to.have.length(2);
  });
  it('a host removed while the chunk is on its way is not re-rendered when it arrives, but when it is back', async () => {
    const { fetches, load } = manualImport();
    const name = defineHost(new ScreensChunk(load), reloadPage);
    const [stays, leaves] = [place(name), place(name)];
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const parent = leaves.parentElement!;
    leaves.remove();
    const [staysBefore, leavesBefore] = [stays.renders, leaves.renders];

    fetches[0]!.resolve({ text: '在学生ログイン' });
    await Promise.all([stays.updateComplete, leaves.updateComplete]);
    // Every update asked for has run (a re-render is an update, never a timer).
    expect(leaves.isUpdatePending).to.equal(false);
    expect(stays.renders).to.be.greaterThan(staysBefore);
    expect(shown(stays)).to.equal('在学生ログイン');
    // An update would start the removed element's work again (its flow, its calls).
    expect(leaves.renders).to.equal(leavesBefore);
    expect(leaves.screens.module).to.deep.equal({ text: '在学生ログイン' });
    expect(leaves.screens.pending).to.equal(false);

    // Back in the page: rendered with the screens (the chunk is here, so nothing else asks).
    parent.append(leaves);
    await leaves.updateComplete;
    expect(leaves.renders).to.be.greaterThan(leavesBefore);
    expect(shown(leaves)).to.equal('在学生ログイン');
  });

  it('a host removed while the chunk is on its way is not re-rendered when it fails, but when it is back', async () => {
    const { fetches, load } = manualImport();
    const name = defineHost(new ScreensChunk(load), reloadPage);
    const host = place(name);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const parent = host.parentElement!;
    host.remove();
    const before = host.renders;

    fetches[0]!.reject(offline());
    await host.updateComplete;
    // Every update asked for has run (a re-render is an update, never a timer).
    expect(host.isUpdatePending).to.equal(false);
    expect(host.renders).to.equal(before);
    expect(host.screens.failed).to.equal(true);

    // Back in the page: rendered again (this host also asks for the chunk once more).
    parent.append(host);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(host.renders).to.be.greaterThan(before);
    fetches[1]!.reject(offline());
    await host.updateComplete;
    expect(shown(host)).to.equal('再読み込み');
    expect(reloads).to.equal(0);
  });

  it('retry() on an instance whose load failed shows the chunk another instance brought since', async () => {
    const { fetches, load } = manualImport();
    const name = defineHost(new ScreensChunk(load), reloadPage);
    const failedHost = await placeWithFailedLoad(name, fetches);
    const other = place(name);
    await Promise.resolve();
    fetches[1]!.resolve({ text: '在学生ログイン' });
    await other.updateComplete;
    expect(shown(failedHost)).to.equal('再読み込み');

    failedHost.shadowRoot!.querySelector('button')!.click();
    await failedHost.updateComplete;
    expect(shown(failedHost)).to.equal('在学生ログイン');
    expect(failedHost.screens.failed).to.equal(false);
    expect(fetches).to.have.length(2);
    expect(reloads).to.equal(0);
  });

  it('beforeReload runs just before a failed retry reloads the page, and only then', async () => {
    const { fetches, load } = manualImport();
    const calls: string[] = [];
    const name = defineHost(new ScreensChunk(load), () => calls.push('reload'), {
      beforeReload: () => calls.push('before reload'),
    });
    const host = await placeWithFailedLoad(name, fetches);
    // A failed load that is not the student's retry reloads nothing.
    expect(calls).to.deep.equal([]);

    host.screens.retry();
    fetches[1]!.reject(offline());
    await host.updateComplete;
    expect(calls).to.deep.equal(['before reload', 'reload']);

    // A retry that brings the chunk reloads nothing.
    host.screens.retry();
    fetches[2]!.resolve({ text: '認証キー' });
    await host.updateComplete;
    expect(shown(host)).to.equal('認証キー');
    expect(calls).to.deep.equal(['before reload', 'reload']);
  });
});

interface LoadingHost extends LitElement {
  client: ShomeiClient | undefined;
  readonly screens: LazyScreensController<Screens>;
  readonly loads: number;
}

/**
 * An element kind that loads from the service as order-history and support-contacts do: a
 * `LoadController` whose reload counts, and a chunk asked for with each load.
 */
function defineLoadingHost(chunk: ScreensChunk<Screens>): string {
  const name = `test-lazy-screens-${++kinds}`;
  class Host extends LitElement {
    client: ShomeiClient | undefined = {} as ShomeiClient;
    readonly screens = new LazyScreensController(this, chunk, { reloadPage: () => undefined });
    readonly #loadController = new LoadController(this, new ClientController(this), () =>
      this.reload(),
    );
    loads = 0;

    reload(): void {
      if (this.#loadController.start() === undefined) return;
      this.loads += 1;
      this.screens.load();
    }

    protected override getUpdateComplete(): Promise<boolean> {
      return this.screens.settled(() => super.getUpdateComplete());
    }

    protected override render() {
      return html`<p>${this.screens.module?.text ?? '読み込んでいます…'}</p>`;
    }
  }
  customElements.define(name, Host);
  return name;
}

describe('LoadController', () => {
  afterEach(() => {
    fixtureCleanup();
  });

  it('a host removed while its chunk is on its way does not load again when the chunk arrives', async () => {
    const { fetches, load } = manualImport();
    const name = defineLoadingHost(new ScreensChunk(load));
    const host = fixtureSync<LoadingHost>(`<${name}></${name}>`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(host.loads).to.equal(1);
    host.remove();

    fetches[0]!.resolve({ text: '申請履歴' });
    await host.updateComplete;
    // Every update asked for has run (a load starts in an update, never on a timer).
    expect(host.isUpdatePending).to.equal(false);
    expect(host.loads).to.equal(1);
  });

  it('a removed host that updates loads nothing', async () => {
    // The chunk stays on its way: only the host's own updates count here.
    const name = defineLoadingHost(new ScreensChunk(manualImport().load));
    const host = fixtureSync<LoadingHost>(`<${name}></${name}>`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(host.loads).to.equal(1);
    host.remove();
    host.requestUpdate();
    // Its updateComplete waits for the chunk, which stays away: wait for the update itself.
    await waitUntil(() => !host.isUpdatePending, 'the update never ran');
    expect(host.loads).to.equal(1);
    // A new client while connected loads again, as before.
    const parent = document.createElement('div');
    document.body.append(parent);
    parent.append(host);
    host.client = {} as ShomeiClient;
    host.requestUpdate();
    await waitUntil(() => !host.isUpdatePending, 'the update never ran');
    expect(host.loads).to.equal(2);
    parent.remove();
  });
});
