/**
 * Test helpers for the signed-in elements: log a demo student in through the SDK, type into a
 * `<shomei-text-field>` as a student would, and a fake clock for the session flow.
 */
import { DEMO_STUDENTS } from '@shomei/mock';
import type { SessionView } from '@shomei/sdk';
import type { ShomeiTextField } from '../src/text-field/text-field.js';
import type { TestClient } from './mock-client.js';

export type AuthenticatedView = Extract<SessionView, { step: 'authenticated' }>;

/** The returning student s2024001 (2FA on): password, second password, then the mailed key. */
export async function loginReturningStudent({
  client,
  mock,
}: TestClient): Promise<AuthenticatedView> {
  const { userId, password, secondPassword, email } = DEMO_STUDENTS.returning;
  const first = await client.login({ userId, password, secondPassword });
  if (first.error !== null) throw new Error(`login failed: ${first.error.code}`);
  let view: SessionView = first.data;
  if (view.step === 'auth-key') {
    const authKey = mock.mailbox.latest(email, 'auth-key')?.authKey;
    if (authKey === undefined) throw new Error('no auth key in the mailbox');
    const verified = await client.verifyAuthKey({ authKey });
    if (verified.error !== null) throw new Error(`auth key failed: ${verified.error.code}`);
    view = verified.data;
  }
  if (view.step !== 'authenticated') throw new Error(`not authenticated: ${view.step}`);
  return view;
}

/** Types `value` into a text field's input, as the browser reports typing or paste. */
export function typeInto(field: ShomeiTextField, value: string): void {
  const input = field.input;
  if (input === undefined) throw new Error('the field has no input yet');
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

/** A clock the test moves by hand (the mock's ManualScheduler, under the tests' old name). */
export { ManualScheduler as FakeScheduler } from '@shomei/mock';
