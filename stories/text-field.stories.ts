/**
 * <shomei-text-field> (X2, X5): a form-associated input whose label, input and feedback live in
 * light DOM. Errors show only after the field is left or the form submitted.
 */
import '@shomei/elements/define/shomei-text-field.js';
import type { ShomeiTextField } from '@shomei/elements';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';

interface Args {
  label: string;
  name: string;
  type: 'text' | 'email' | 'password';
  autocomplete: string;
  value: string;
  help: string;
  required: boolean;
  disabled: boolean;
  imeHint: boolean;
  normalization: 'none' | 'nfkc';
}

const fieldOf = (canvas: HTMLElement): ShomeiTextField => {
  const field = canvas.querySelector('shomei-text-field');
  if (!field) throw new Error('shomei-text-field did not render');
  return field;
};

const meta = {
  title: 'Elements/Text field',
  component: 'shomei-text-field',
  args: {
    label: 'ユーザーID',
    name: 'userId',
    type: 'text',
    autocomplete: 'username',
    value: '',
    help: '',
    required: true,
    disabled: false,
    imeHint: false,
    normalization: 'nfkc',
  },
  argTypes: {
    type: { control: 'select', options: ['text', 'email', 'password'] },
    normalization: { control: 'inline-radio', options: ['none', 'nfkc'] },
  },
  // In a form, as every host element uses it (form association, submit shows errors).
  render: (args) => html`
    <form @submit=${(event: Event) => event.preventDefault()}>
      <shomei-text-field
        label=${args.label}
        name=${args.name}
        type=${args.type}
        autocomplete=${args.autocomplete}
        .value=${args.value}
        help=${args.help}
        normalize=${args.normalization}
        ?required=${args.required}
        ?disabled=${args.disabled}
        ?ime-hint=${args.imeHint}
      ></shomei-text-field>
    </form>
  `,
} satisfies Meta<Args>;
export default meta;

type Story = StoryObj<Args>;

export const Empty: Story = {};

/** Typed in full width, normalized (NFKC) to the user ID the service knows. */
export const Filled: Story = { args: { value: 's2024001', help: '学籍番号を入力してください。' } };

/** X5 wrong input: the required field was left empty; the message shows after blur. */
export const ErrorAfterBlur: Story = {
  play: async ({ canvasElement }) => {
    const field = fieldOf(canvasElement);
    await field.updateComplete;
    field.input?.focus();
    field.input?.blur();
    await waitFor(() => expect(field.input?.getAttribute('aria-invalid')).toBe('true'));
  },
};

/** A5: a second password typed with the IME on gets a live hint. */
export const ImeHint: Story = {
  args: {
    label: '第2パスワード',
    name: 'secondPassword',
    type: 'password',
    autocomplete: 'new-password',
    value: 'Ｓｈｏｍｅｉ２０２４',
    imeHint: true,
    normalization: 'none',
  },
  play: async ({ canvasElement }) => {
    const field = fieldOf(canvasElement);
    await waitFor(() =>
      expect(field.querySelector('[role="status"]')?.textContent?.trim()).not.toBe(''),
    );
  },
};

export const Disabled: Story = { args: { value: 's2024001', disabled: true } };
