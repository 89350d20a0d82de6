import { Component, CUSTOM_ELEMENTS_SCHEMA, signal, VERSION } from '@angular/core';
import type { ShomeiLoginEvent, ShomeiLoginStepEvent } from '@shomei/elements';
import type { SessionView } from '@shomei/sdk';

type Session = Extract<SessionView, { step: 'authenticated' }>;

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Shōmei × Angular {{ version }}</h1>
      <p data-testid="status" role="status">
        @if (session(); as current) {
          Logged in as {{ current.student.name }} ({{ current.student.userId }})
        } @else {
          Not logged in
        }
      </p>
      @if (session(); as current) {
        <shomei-account-menu
          [session]="current"
          (shomei-logout)="session.set(null)"
        ></shomei-account-menu>
        <shomei-order [headingLevel]="2"></shomei-order>
      } @else {
        <shomei-login
          [headingLevel]="2"
          (shomei-login)="onLogin($event)"
          (shomei-login-step)="onLoginStep($event)"
        ></shomei-login>
      }
      <p data-testid="login-step">{{ step() }}</p>
    </main>
  `,
})
export class AppComponent {
  readonly version = VERSION.full;
  readonly session = signal<Session | null>(null);
  readonly step = signal('');

  // With strict templates (`ngc`, tsconfig.json), `$event` is the type that
  // `GlobalEventHandlersEventMap` gives the event name: `ShomeiLoginEvent` here.
  onLogin(event: ShomeiLoginEvent): void {
    const view = event.detail.session;
    if (view.step === 'authenticated') this.session.set(view);
  }

  onLoginStep(event: ShomeiLoginStepEvent): void {
    this.step.set(event.detail.status);
  }
}
