/**
 * Light-DOM rendering for credential forms (docs/decisions/0006).
 *
 * Password managers and autofill miss inputs inside shadow roots, and `aria-describedby` /
 * `<label for>` cannot cross a shadow boundary. So an element that hosts credential fields
 * renders its `<form>` into its own light DOM (slotted into its shadow layout), and the fields'
 * inputs stay in the document's tree scope. Styles for that light DOM cannot live in the shadow
 * root: `adoptLightDomStyles` adopts a constructable stylesheet into the element's root node
 * (the document or an enclosing shadow root). That needs no `<style>` element and no inline
 * style, so it works under `style-src 'self'`.
 */
import { render, type CSSResult, type ReactiveController, type ReactiveElement } from 'lit';
import type { TemplateResult } from 'lit';

const adopted = new WeakMap<Document | ShadowRoot, Set<CSSStyleSheet>>();

/** Adopt `styles` into the tree scope `element` lives in, once per scope. */
export function adoptLightDomStyles(element: Element, styles: CSSResult): void {
  const root = element.getRootNode();
  if (!(root instanceof Document || root instanceof ShadowRoot)) return;
  const sheet = styles.styleSheet;
  if (sheet === undefined) return;
  let sheets = adopted.get(root);
  if (sheets === undefined) adopted.set(root, (sheets = new Set()));
  if (sheets.has(sheet)) return;
  sheets.add(sheet);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}

export interface LightDomFormHost extends ReactiveElement {
  /** The form's content, rendered into `<form slot="form">` in the host's light DOM. */
  renderLightDom(): TemplateResult;
}

/**
 * Renders the host's `renderLightDom()` into a `<form slot="form" novalidate>` child of the host
 * after every update, and adopts `styles` (select with the host's tag, e.g.
 * `shomei-login form input { ... }`) into the host's tree scope. The host's shadow template
 * places it with `<slot name="form"></slot>`.
 *
 * `novalidate`: the fields show their own localized feedback (STYLE, "Form fields"); the host
 * checks `form.checkValidity()` in its submit handler.
 */
export class LightDomFormController implements ReactiveController {
  readonly form: HTMLFormElement;
  readonly #host: LightDomFormHost;
  readonly #styles: CSSResult | undefined;

  constructor(host: LightDomFormHost, styles?: CSSResult) {
    this.#host = host;
    this.#styles = styles;
    this.form = document.createElement('form');
    this.form.slot = 'form';
    this.form.noValidate = true;
    host.addController(this);
  }

  hostConnected(): void {
    if (this.form.parentNode !== this.#host) this.#host.append(this.form);
    if (this.#styles !== undefined) adoptLightDomStyles(this.#host, this.#styles);
  }

  hostUpdated(): void {
    render(this.#host.renderLightDom(), this.form, { host: this.#host });
  }
}
