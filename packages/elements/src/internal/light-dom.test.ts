import { expect, fixture, html as testHtml } from '@open-wc/testing';
import { css, html, LitElement } from 'lit';
import '../define/shomei-text-field.js';
import { LightDomFormController } from './light-dom.js';

const hostStyles = css`
  test-light-form form {
    display: grid;
  }
`;

class TestLightForm extends LitElement {
  readonly lightForm = new LightDomFormController(this, hostStyles);
  renderLightDom() {
    return html`<shomei-text-field
      label="ユーザID"
      name="userId"
      autocomplete="username"
      required
    ></shomei-text-field>`;
  }
  protected override render() {
    return html`<section part="base"><slot name="form"></slot></section>`;
  }
}
customElements.define('test-light-form', TestLightForm);

describe('LightDomFormController', () => {
  it('X2: a host renders its credential form into its light DOM, in the document scope', async () => {
    const host = await fixture<TestLightForm>(testHtml`<test-light-form></test-light-form>`);
    await host.updateComplete;
    const form = host.lightForm.form;
    expect(form.parentElement).to.equal(host);
    expect(form.slot).to.equal('form');
    expect(form.noValidate).to.equal(true);
    const input = form.querySelector('input');
    expect(input?.getRootNode()).to.equal(document);
    expect(input?.form).to.equal(form);
    expect(getComputedStyle(form).display).to.equal('grid');
    await expect(host).to.be.accessible();
  });

  it('X2: form.checkValidity() makes each invalid field show its error', async () => {
    const host = await fixture<TestLightForm>(testHtml`<test-light-form></test-light-form>`);
    await host.updateComplete;
    const field = host.querySelector('shomei-text-field')!;
    await field.updateComplete;
    expect(host.lightForm.form.checkValidity()).to.equal(false);
    await field.updateComplete;
    expect(field.showsFeedback).to.equal(true);
    expect(field.input?.getAttribute('aria-invalid')).to.equal('true');
  });
});
