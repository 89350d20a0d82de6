import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing, render, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { createRef, ref } from 'lit/directives/ref.js';
import { hasFullWidthCharacters, normalizeNfkc } from '../form/input-text.js';
import {
  required,
  validate,
  VALID,
  type ValidationResult,
  type Validator,
} from '../form/validators.js';
import { uniqueId } from '../internal/ids.js';
import '../localization.js';
import { tokens } from '../styles/tokens.js';
import { textFieldStyles } from './text-field.styles.js';
import { langFollowsLocale } from '../internal/locale-lang.js';

export type TextFieldType = 'text' | 'email' | 'password' | 'tel' | 'url' | 'search';

/**
 * A labelled text input for credentials and other student input (docs/decisions/0006).
 *
 * The element renders its `<label>`, `<input>`, help and feedback into its own **light DOM**
 * (slotted into the shadow layout), so labels and `aria-describedby` share one tree scope and
 * password managers see a real input. Place it in light DOM too (a host element renders its form
 * with `LightDomFormController`).
 *
 * The native input carries `name` and is what the form submits; the element itself is
 * form-associated to report its validity (including custom validators) to the form, to expose
 * `:state(user-invalid)`, and to follow form reset and `<fieldset disabled>`.
 *
 * Errors are computed on every change (`hasFeedback`) but shown only after the field was left or
 * the form submitted (`showsFeedback`), so nothing turns red while the student is typing.
 *
 * @summary Form-associated text input with light-DOM label, input and feedback.
 *
 * @slot label - Rendered by the element: the `<label>`. Do not supply.
 * @slot input - Rendered by the element: the native `<input>`. Do not supply.
 * @slot help - Rendered by the element: help text and the IME hint.
 * @slot feedback - Rendered by the element: the validation message, once shown.
 *
 * @csspart form-control - The grid around label, input, help and feedback.
 * @csspart label - Wrapper of the label slot.
 * @csspart input - Wrapper of the input slot.
 * @csspart help - Wrapper of the help slot.
 * @csspart feedback - Wrapper of the feedback slot.
 *
 * @cssproperty --shomei-color-border - Input border.
 * @cssproperty --shomei-color-danger - Invalid border and message.
 * @cssproperty --shomei-radius - Input corners.
 * @cssproperty --shomei-space - Spacing unit.
 *
 * @cssstate user-invalid - The field shows a validation message.
 */
@localized()
export class ShomeiTextField extends LitElement {
  static formAssociated = true;
  static override styles = [tokens, textFieldStyles];

  /** Visible label (required for accessibility). */
  @property() label = '';
  /** The native input's `name`: what the form submits. */
  @property() name = '';
  @property() type: TextFieldType = 'text';
  /** Passed through to the input: `username`, `current-password`, `new-password`, `email`, `one-time-code`... */
  @property() autocomplete = '';
  @property() inputmode = '';
  @property() value = '';
  /** Help text under the input, tied with `aria-describedby`. */
  @property() help = '';
  @property({ type: Boolean }) required = false;
  @property({ type: Boolean }) disabled = false;
  @property({ type: Number }) maxlength: number | undefined;
  /** `nfkc`: turn full-width digits and letters into half-width as they are typed or pasted. */
  @property({ attribute: 'normalize' }) normalization: 'none' | 'nfkc' = 'none';
  /** Show a live hint when full-width characters appear (second passwords, A5). */
  @property({ type: Boolean, attribute: 'ime-hint' }) imeHint = false;
  /** Extra checks after `required`; each returns `{ isValid, message }`. */
  @property({ attribute: false }) validators: readonly Validator[] = [];

  /** The student left the field at least once. */
  @state() protected touched = false;
  /** The form was submitted (or its validity checked) at least once. */
  @state() protected submitted = false;
  @state() private formDisabled = false;

  readonly #internals: ElementInternals = this.attachInternals();
  readonly #input = createRef<HTMLInputElement>();
  readonly #inputId = uniqueId('shomei-field');
  readonly #helpId = `${this.#inputId}-help`;
  readonly #hintId = `${this.#inputId}-hint`;
  readonly #feedbackId = `${this.#inputId}-feedback`;
  #form: HTMLFormElement | null = null;
  #result: ValidationResult = VALID;

  constructor() {
    super();
    langFollowsLocale(this);
    this.addEventListener('invalid', () => {
      this.submitted = true;
    });
  }

  /** The native input (in light DOM), once rendered. */
  get input(): HTMLInputElement | undefined {
    return this.#input.value;
  }

  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  get validity(): ValidityState {
    return this.#internals.validity;
  }

  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  /** The field has an error, shown or not (Lion's `hasFeedbackFor`). */
  get hasFeedback(): boolean {
    return !this.#result.isValid;
  }

  /** The error is visible and announced (Lion's `showsFeedbackFor`). */
  get showsFeedback(): boolean {
    return this.hasFeedback && (this.touched || this.submitted);
  }

  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** Show the error now, e.g. when a host validates without a form submit. */
  showFeedback(): void {
    this.submitted = true;
  }

  override focus(options?: FocusOptions): void {
    this.#input.value?.focus(options);
  }

  formAssociatedCallback(form: HTMLFormElement | null): void {
    this.#form?.removeEventListener('submit', this.#onSubmit, { capture: true });
    this.#form = form;
    form?.addEventListener('submit', this.#onSubmit, { capture: true });
  }

  formResetCallback(): void {
    this.value = this.getAttribute('value') ?? '';
    this.touched = false;
    this.submitted = false;
  }

  formDisabledCallback(disabled: boolean): void {
    this.formDisabled = disabled;
  }

  readonly #onSubmit = (): void => {
    this.submitted = true;
  };

  #setValue(raw: string, input: HTMLInputElement): void {
    if (this.normalization === 'nfkc') {
      const normalized = normalizeNfkc(raw);
      if (normalized !== raw) {
        // Keep the caret where the student was typing.
        const caret = normalizeNfkc(raw.slice(0, input.selectionStart ?? raw.length)).length;
        input.value = normalized;
        input.setSelectionRange(caret, caret);
      }
      raw = normalized;
    }
    this.value = raw;
    this.#validate();
  }

  readonly #onInput = (event: InputEvent): void => {
    const input = event.target as HTMLInputElement;
    // Normalizing in the middle of an IME composition would break it; compositionend follows.
    if (event.isComposing) {
      this.value = input.value;
      return;
    }
    this.#setValue(input.value, input);
  };

  readonly #onCompositionEnd = (event: CompositionEvent): void => {
    const input = event.target as HTMLInputElement;
    this.#setValue(input.value, input);
  };

  readonly #onBlur = (): void => {
    this.touched = true;
  };

  #validate(): void {
    const validators = this.required ? [required(), ...this.validators] : this.validators;
    this.#result = validate(this.value, validators);
    const anchor = this.#input.value;
    if (this.#result.isValid) this.#internals.setValidity({});
    else {
      const flags: ValidityStateFlags =
        this.required && this.value.trim() === '' ? { valueMissing: true } : { customError: true };
      this.#internals.setValidity(flags, this.#result.message, anchor);
    }
    // The input submits itself (it carries `name`); the element reports validity only.
    this.#internals.setFormValue(null);
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // Every render, so messages follow a language switch and property changes.
    this.#validate();
    if (this.showsFeedback) this.#internals.states.add('user-invalid');
    else this.#internals.states.delete('user-invalid');
  }

  protected override update(changed: PropertyValues<this>): void {
    super.update(changed);
    render(this.#renderLightDom(), this, { host: this });
  }

  protected override firstUpdated(): void {
    // The anchor for the browser's validity UI exists now.
    this.#validate();
  }

  #renderLightDom() {
    const shows = this.showsFeedback;
    const imeHintShown = this.imeHint && hasFullWidthCharacters(this.value);
    const describedBy = [
      this.help === '' ? undefined : this.#helpId,
      imeHintShown ? this.#hintId : undefined,
      shows ? this.#feedbackId : undefined,
    ].filter((id) => id !== undefined);
    return html`
      <label slot="label" for=${this.#inputId}
        >${this.label}${
          this.required
            ? html`<span class="required" aria-hidden="true"
                >${msg('（必須）', { id: 'field.required-badge' })}</span
              >`
            : nothing
        }</label
      >
      <input
        ${ref(this.#input)}
        slot="input"
        id=${this.#inputId}
        type=${this.type}
        name=${ifDefined(this.name === '' ? undefined : this.name)}
        autocomplete=${ifDefined(this.autocomplete === '' ? undefined : this.autocomplete)}
        inputmode=${ifDefined(this.inputmode === '' ? undefined : this.inputmode)}
        maxlength=${ifDefined(this.maxlength)}
        .value=${live(this.value)}
        ?required=${this.required}
        ?disabled=${this.disabled || this.formDisabled}
        aria-invalid=${shows ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy.length > 0 ? describedBy.join(' ') : undefined)}
        spellcheck="false"
        autocapitalize="off"
        @input=${this.#onInput}
        @compositionend=${this.#onCompositionEnd}
        @blur=${this.#onBlur}
      />
      ${this.help === '' ? nothing : html`<div slot="help" id=${this.#helpId}>${this.help}</div>`}
      <div slot="help" id=${this.#hintId} role="status">
        ${
          imeHintShown
            ? msg('全角文字が入力されています。IMEをオフにして、半角英数字で入力してください。', {
                id: 'field.ime-hint',
              })
            : nothing
        }
      </div>
      <div slot="feedback" id=${this.#feedbackId}>${shows ? this.#result.message : nothing}</div>
    `;
  }

  protected override render() {
    return html`
      <div part="form-control">
        <div part="label"><slot name="label"></slot></div>
        <div part="input"><slot name="input"></slot></div>
        <div part="help"><slot name="help"></slot></div>
        <div part="feedback"><slot name="feedback"></slot></div>
      </div>
    `;
  }
}
