/**
 * The floor for `npm run bench`: the login screen's fields (ユーザID, パスワード, 第2パスワード) and
 * its ログイン button in one bare Lit element, bundled with lit only. No service, no checks, no
 * translations: what a page pays for a usable form with nothing of Shōmei behind it.
 *
 * The form renders in the light DOM, where `<shomei-login>` renders its own, so the bench finds
 * both with the same selectors. Not localized: it is never shipped.
 */
import { html, LitElement, type TemplateResult } from 'lit';

class BenchFloorLogin extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render(): TemplateResult {
    return html`<h2 part="heading">在学生ログイン</h2>
      <form @submit=${(event: SubmitEvent) => event.preventDefault()}>
        <p>
          <label for="floor-user-id">ユーザID</label>
          <input id="floor-user-id" name="userId" autocomplete="username" required />
        </p>
        <p>
          <label for="floor-password">パスワード</label>
          <input
            id="floor-password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
        </p>
        <p>
          <label for="floor-second-password">第2パスワード</label>
          <input
            id="floor-second-password"
            name="secondPassword"
            type="password"
            autocomplete="current-password"
          />
        </p>
        <button type="submit">ログイン</button>
      </form>`;
  }
}

customElements.define('bench-floor-login', BenchFloorLogin);
