/**
 * `play` helpers that act as a student would on an element's UI: find a button by its label,
 * type into a `<shomei-text-field>` (light DOM), click a radio or checkbox, and wait for the
 * element's state. They look through the element's shadow root and its light DOM alike.
 */
import type { ShomeiTextField } from '@shomei/elements';
import { expect, waitFor } from 'storybook/test';

/** The story's element, once rendered. */
export function elementOf<E extends Element>(canvas: HTMLElement, tag: string): E {
  const element = canvas.querySelector<E>(tag);
  if (element === null) throw new Error(`${tag} did not render`);
  return element;
}

/** Text of the element's shadow root and light DOM, whitespace folded. */
export function textOf(element: Element): string {
  return `${element.shadowRoot?.textContent ?? ''} ${element.textContent ?? ''}`.replace(
    /\s+/gu,
    ' ',
  );
}

/** Elements matching `selector` in the shadow root, nested dialogs included, then light DOM. */
export function queryAll<E extends Element = HTMLElement>(element: Element, selector: string): E[] {
  return [
    ...(element.shadowRoot?.querySelectorAll<E>(selector) ?? []),
    ...element.querySelectorAll<E>(selector),
  ];
}

/** The first button (or link styled as one) whose text contains `label`; waits for it. */
export async function buttonOf(element: Element, label: string): Promise<HTMLButtonElement> {
  let found: HTMLButtonElement | undefined;
  await waitFor(() => {
    found = queryAll<HTMLButtonElement>(element, 'button').find(
      (button) =>
        // Not the actions of a dialog that is closed.
        (button.closest<HTMLElement & { open?: boolean }>('shomei-dialog')?.open ?? true) &&
        (button.textContent ?? '').replace(/\s+/gu, ' ').includes(label),
    );
    if (found === undefined) throw new Error(`no button 「${label}」`);
  });
  return found!;
}

/** Clicks the button labelled `label` (waits until it exists). */
export async function press(element: Element, label: string): Promise<void> {
  (await buttonOf(element, label)).click();
}

/** The text field named `name` (light or shadow DOM); waits for it and its input. */
export async function fieldOf(element: Element, name: string): Promise<ShomeiTextField> {
  let found: ShomeiTextField | undefined;
  await waitFor(() => {
    found = queryAll<ShomeiTextField>(element, `shomei-text-field[name="${name}"]`)[0];
    if (found?.input === undefined) throw new Error(`no field ${name}`);
  });
  await found!.updateComplete;
  return found!;
}

/** Types `value` into a field as a paste or an IME commit would: one `input` event. */
export async function fill(element: Element, name: string, value: string): Promise<void> {
  const field = await fieldOf(element, name);
  const input = field.input!;
  input.focus();
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await field.updateComplete;
  if ('updateComplete' in element)
    await (element as { updateComplete: Promise<unknown> }).updateComplete;
}

/** Fills several fields in order. */
export async function fillAll(element: Element, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await fill(element, name, value);
}

/** Clicks the first `input` matching `selector` (radio, checkbox) once it exists. */
export async function check(element: Element, selector: string): Promise<void> {
  let found: HTMLInputElement | undefined;
  await waitFor(() => {
    found = queryAll<HTMLInputElement>(element, selector)[0];
    if (found === undefined) throw new Error(`no input ${selector}`);
  });
  found!.click();
  if ('updateComplete' in element)
    await (element as { updateComplete: Promise<unknown> }).updateComplete;
}

/** Waits until the element's text contains `text`. */
export async function shows(element: Element, text: string): Promise<void> {
  await waitFor(() => expect(textOf(element)).toContain(text), { timeout: 5000 });
}

/** Waits until the element's `role="alert"` (shadow or light DOM) contains `text`, or any text. */
export async function alerts(element: Element, text?: string): Promise<void> {
  await waitFor(
    () => {
      const said = queryAll(element, '[role="alert"]')
        .map((alert) => alert.textContent ?? '')
        .join(' ');
      if (text === undefined) expect(said.trim()).not.toBe('');
      else expect(said).toContain(text);
    },
    { timeout: 5000 },
  );
}

/**
 * Waits until the field `name` shows an error (`aria-invalid`, its feedback tied by
 * `aria-describedby`) containing `text`, or any text (WCAG 3.3.1).
 */
export async function fieldSays(element: Element, name: string, text?: string): Promise<void> {
  const field = await fieldOf(element, name);
  await waitFor(
    () => {
      const input = field.input!;
      expect(input.getAttribute('aria-invalid')).toBe('true');
      const said = (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => input.ownerDocument.getElementById(id)?.textContent ?? '')
        .join(' ');
      if (text === undefined) expect(said.trim()).not.toBe('');
      else expect(said).toContain(text);
    },
    { timeout: 5000 },
  );
}

/** Waits until `read()` returns `status` (an element's flow state). */
export async function reaches(read: () => string | undefined, status: string): Promise<void> {
  await waitFor(() => expect(read()).toBe(status), { timeout: 8000 });
}
