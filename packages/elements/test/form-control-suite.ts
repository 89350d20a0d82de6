/**
 * The shared suite every form control runs (STYLE, "Tests"; X2). Call it from the control's
 * test file with a fixture: a `<form novalidate>` holding the control (required, labelled,
 * with `autocomplete`) and a submit button after it.
 *
 * The control's contract: it renders a native `<input>` into its light DOM (exposed as `input`),
 * is form-associated (`checkValidity()`, `validity`), shows feedback only after blur or submit
 * (`showsFeedback`, `:state(user-invalid)`), and wires `aria-invalid` / `aria-describedby`.
 */
import { expect, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';

export interface FormControl extends HTMLElement {
  readonly input: HTMLInputElement | undefined;
  readonly updateComplete: Promise<boolean>;
  readonly showsFeedback: boolean;
  readonly hasFeedback: boolean;
  readonly validity: ValidityState;
  checkValidity(): boolean;
}

export interface FormControlSuiteOptions {
  /** CSS selector of the control inside the fixture. */
  readonly selector: string;
  /** A `<form novalidate>` with the (required) control and a submit button. */
  readonly render: () => TemplateResult;
  readonly label: string;
  readonly autocomplete: string;
  /** Typed text the control accepts. */
  readonly validText: string;
  /** Typed text the control refuses (not empty). */
  readonly invalidText: string;
}

export function runFormControlSuite(options: FormControlSuiteOptions): void {
  async function setup() {
    const form = await fixture<HTMLFormElement>(options.render());
    const control = form.querySelector<FormControl>(options.selector);
    if (control === null) throw new Error(`No ${options.selector} in the fixture`);
    await control.updateComplete;
    const input = control.input;
    if (input === undefined) throw new Error('The control rendered no input');
    return { form, control, input };
  }

  async function settle(control: FormControl): Promise<void> {
    await control.updateComplete;
  }

  function describedText(input: HTMLInputElement): string {
    return (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id !== '')
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' ');
  }

  describe(`${options.selector}: shared form-control suite`, () => {
    it('X2: the native input sits in the light DOM, in the form, for password managers', async () => {
      const { form, input } = await setup();
      expect(input.getRootNode()).to.equal(document);
      expect(input.form).to.equal(form);
    });

    it('X2: the label names the input (for/id in one tree scope)', async () => {
      const { input } = await setup();
      expect(input.labels?.length).to.equal(1);
      expect(input.labels?.[0]?.textContent).to.contain(options.label);
    });

    it('X2: autocomplete is passed through to the native input', async () => {
      const { input } = await setup();
      expect(input.getAttribute('autocomplete')).to.equal(options.autocomplete);
    });

    it('X2: paste is never blocked (WCAG 3.3.8)', async () => {
      const { control, input } = await setup();
      const data = new DataTransfer();
      data.setData('text/plain', options.validText);
      const paste = new ClipboardEvent('paste', {
        clipboardData: data,
        bubbles: true,
        cancelable: true,
      });
      input.focus();
      input.dispatchEvent(paste);
      expect(paste.defaultPrevented).to.equal(false);
      document.execCommand('insertText', false, options.validText);
      await settle(control);
      expect(input.value).to.equal(options.validText);
      expect(control.checkValidity()).to.equal(true);
    });

    it('X2: validity is reported to the form', async () => {
      const { form, control, input } = await setup();
      expect(form.checkValidity()).to.equal(false);
      expect(control.validity.valid).to.equal(false);
      input.focus();
      await sendKeys({ type: options.validText });
      await settle(control);
      expect(control.validity.valid).to.equal(true);
      expect(form.checkValidity()).to.equal(true);
    });

    it('X2: no error while typing; shown once the field is left', async () => {
      const { control, input } = await setup();
      input.focus();
      await sendKeys({ type: options.invalidText });
      await settle(control);
      expect(control.hasFeedback).to.equal(true);
      expect(control.showsFeedback).to.equal(false);
      expect(input.getAttribute('aria-invalid')).to.equal('false');
      await sendKeys({ press: 'Tab' });
      await settle(control);
      expect(control.showsFeedback).to.equal(true);
      expect(control.matches(':state(user-invalid)')).to.equal(true);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(describedText(input)).to.not.equal('');
    });

    it('X2: an untouched error is shown when the form is submitted', async () => {
      const { form, control, input } = await setup();
      form.addEventListener('submit', (event) => event.preventDefault());
      expect(control.showsFeedback).to.equal(false);
      form.requestSubmit();
      await settle(control);
      expect(control.showsFeedback).to.equal(true);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
    });

    it('X2: axe finds nothing, pristine and showing an error', async () => {
      const { form, control } = await setup();
      await expect(form).to.be.accessible();
      form.addEventListener('submit', (event) => event.preventDefault());
      form.requestSubmit();
      await settle(control);
      await expect(form).to.be.accessible();
    });
  });
}
