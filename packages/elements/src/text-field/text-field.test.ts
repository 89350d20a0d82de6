import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define/shomei-text-field.js';
import { email } from '../form/validators.js';
import { setShomeiLocale } from '../localization.js';
import { runFormControlSuite } from '../../test/form-control-suite.js';
import type { ShomeiTextField } from './text-field.js';

const emailValidators = [email()];

runFormControlSuite({
  selector: 'shomei-text-field',
  render: () => html`
    <form novalidate>
      <shomei-text-field
        label="メールアドレス"
        name="email"
        type="email"
        autocomplete="email"
        required
        .validators=${emailValidators}
      ></shomei-text-field>
      <button>送信</button>
    </form>
  `,
  label: 'メールアドレス',
  autocomplete: 'email',
  validText: 'taro@example.ac.jp',
  invalidText: 'taro@',
});

describe('shomei-text-field', () => {
  afterEach(() => setShomeiLocale('ja'));

  async function field(template = html`<shomei-text-field label="ユーザID"></shomei-text-field>`) {
    const form = await fixture<HTMLFormElement>(html`<form novalidate>${template}</form>`);
    form.addEventListener('submit', (event) => event.preventDefault());
    const element = form.querySelector('shomei-text-field') as ShomeiTextField;
    await element.updateComplete;
    return { form, element, input: element.input as HTMLInputElement };
  }

  it('A1: a user ID typed full-width is normalized (NFKC), not refused', async () => {
    const { element, input } = await field(
      html`<shomei-text-field label="ユーザID" name="userId" normalize="nfkc"></shomei-text-field>`,
    );
    input.focus();
    await sendKeys({ type: 'ｓ２０２４　０１' });
    await element.updateComplete;
    expect(input.value).to.equal('s2024 01');
    expect(element.value).to.equal('s2024 01');
  });

  it('A5: a second password typed with the IME on gets a live hint', async () => {
    const { element, input } = await field(
      html`<shomei-text-field label="第2パスワード" type="password" ime-hint></shomei-text-field>`,
    );
    const hint = () => document.getElementById(`${input.id}-hint`);
    expect(hint()?.textContent?.trim()).to.equal('');
    expect(hint()?.getAttribute('role')).to.equal('status');
    input.focus();
    await sendKeys({ type: 'Ａｂｃ' });
    await element.updateComplete;
    expect(hint()?.textContent).to.contain('全角文字');
    expect(input.getAttribute('aria-describedby')).to.contain(`${input.id}-hint`);
    await expect(element).to.be.accessible();
  });

  it('X1: the shown message follows a language switch', async () => {
    const { element, form } = await field(
      html`<shomei-text-field label="ユーザID" required></shomei-text-field>`,
    );
    form.requestSubmit();
    await element.updateComplete;
    const feedback = () => element.querySelector('[slot="feedback"]')?.textContent?.trim();
    expect(feedback()).to.equal('入力してください。');
    await setShomeiLocale('en');
    await element.updateComplete;
    expect(feedback()).to.equal('Please fill in this field.');
  });

  it('X2: help text is tied to the input', async () => {
    const { input } = await field(
      html`<shomei-text-field label="ユーザID" help="学籍番号を入力します"></shomei-text-field>`,
    );
    const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
    expect(ids.map((id) => document.getElementById(id)?.textContent)).to.include(
      '学籍番号を入力します',
    );
  });

  it('A19: the input keeps its padding and border inside a 320 px column', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div style="inline-size: 320px">
        <shomei-text-field label="ユーザID"></shomei-text-field>
      </div>`,
    );
    const textField = wrapper.querySelector<ShomeiTextField>('shomei-text-field')!;
    await textField.updateComplete;
    const input = textField.querySelector('input')!;
    expect(getComputedStyle(input).boxSizing).to.equal('border-box');
    expect(input.getBoundingClientRect().width).to.be.at.most(320);
    expect(wrapper.scrollWidth).to.be.at.most(320);
  });

  it('X2: form reset clears the value and the shown error', async () => {
    const { element, form, input } = await field(
      html`<shomei-text-field label="ユーザID" required></shomei-text-field>`,
    );
    form.requestSubmit();
    input.focus();
    await sendKeys({ type: 'abc' });
    form.reset();
    await element.updateComplete;
    expect(element.value).to.equal('');
    expect(element.showsFeedback).to.equal(false);
  });
});
