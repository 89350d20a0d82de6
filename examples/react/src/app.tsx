import type { ShomeiLoginEvent, ShomeiLogoutEvent } from '@shomei/elements';
import type { SessionView } from '@shomei/sdk';
import { useState } from 'react';

type Session = Extract<SessionView, { step: 'authenticated' }>;

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [step, setStep] = useState('');

  // Typed from custom-elements.json (packages/elements/types/jsx.generated.d.ts): `event.detail`
  // is `ShomeiLoginDetail`, `event.target` is the `<shomei-login>` element.
  const onLogin = (event: ShomeiLoginEvent) => {
    const view = event.detail.session;
    if (view.step === 'authenticated') setSession(view);
  };
  const onLogout = (_event: ShomeiLogoutEvent) => setSession(null);

  return (
    <main>
      <h1>Shōmei × React {REACT_VERSION}</h1>
      <p data-testid="status" role="status">
        {session === null
          ? 'Not logged in'
          : `Logged in as ${session.student.name} (${session.student.userId})`}
      </p>
      {session === null ? (
        <shomei-login
          heading-level={2}
          onshomei-login={onLogin}
          onshomei-login-step={(event) => setStep(event.detail.status)}
        ></shomei-login>
      ) : (
        <>
          <shomei-account-menu session={session} onshomei-logout={onLogout}></shomei-account-menu>
          <shomei-order heading-level={2}></shomei-order>
        </>
      )}
      <p data-testid="login-step">{step}</p>
    </main>
  );
}

declare const REACT_VERSION: string;
