import { expect, fixtureCleanup, fixtureSync } from '@open-wc/testing';
import { html, LitElement } from 'lit';
import { LazyScreensController, ScreensChunk } from './lazy-screens.js';

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

interface TestHost extends LitElement {
  readonly screens: LazyScreensController<Screens>;
  readonly renders: number;
}

let kinds = 0;

/**
 * An element kind with its own chunk, as the element modules have: asks for it when connected,
 * shows a loading line, the screens, or 「再読み込み」. The page reload is `reloadPage`.
 */
function defineHost(chunk: ScreensChunk<Screens>, reloadPage: () => void): string {
  const name = `test-lazy-screens-${++kinds}`;
  class Host extends LitElement {
    readonly screens = new LazyScreensController(this, chunk, { reloadPage });
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

    fetches[0]!.reject(new TypeError('Failed to fetch dynamically imported module'));
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
    fetches[1]!.reject(new TypeError('Failed to fetch dynamically imported module'));
    await hosts[0]!.updateComplete;
    expect(hosts[0]!.screens.failed).to.equal(true);
    expect(reloads).to.equal(0);
  });

  it('retry() fetches again; when that fails too, it reloads the page', async () => {
    const { fetches, load } = manualImport();
    const name = defineHost(new ScreensChunk(load), reloadPage);
    const host = place(name);
    await Promise.resolve();
    fetches[0]!.reject(new TypeError('Failed to fetch dynamically imported module'));
    await host.updateComplete;
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
    fetches[1]!.reject(new TypeError('Failed to fetch dynamically imported module'));
    await host.updateComplete;
    expect(reloads).to.equal(1);
    expect(host.screens.failed).to.equal(true);
    expect(host.screens.pending).to.equal(false);
  });

  it('retry() that brings the chunk shows the screens without reloading', async () => {
    const { fetches, load } = manualImport();
    const name = defineHost(new ScreensChunk(load), reloadPage);
    const host = place(name);
    await Promise.resolve();
    fetches[0]!.reject(new TypeError('Failed to fetch dynamically imported module'));
    await host.updateComplete;

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
});
