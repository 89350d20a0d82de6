import { localized, msg } from '@lit/localize';
import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ShomeiClient, ShomeiError, TenantInfo } from '@shomei/sdk';
import { ShomeiErrorEvent } from '../events/error.js';
import { ClientController } from '../internal/client-controller.js';
import { LoadController } from '../internal/load-controller.js';
import { safeHttpUrl, telHref } from '../internal/safe-url.js';
import { pickLocalized, useLocaleAreas } from '../localization.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import { supportContactsStyles } from './support-contacts.styles.js';
import { langFollowsLocale } from '../internal/locale-lang.js';

useLocaleAreas('support-contacts');

type ContactDesk = TenantInfo['contacts']['studentSupport'];

type LoadState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly tenant: TenantInfo }
  | { readonly status: 'error'; readonly error: ShomeiError };

/**
 * The university's contact details (A17), read from the tenant's settings through the SDK:
 * the student support office for questions about applications (hours, phone, email), and the
 * service's call center for payment and system questions (hours, phone, chat support link).
 * Tenant-written text follows the current language, falling back to Japanese.
 *
 * @summary Where students get help: support office and call center, from the tenant settings.
 *
 * @fires shomei-error - The tenant settings could not be loaded.
 *
 * @csspart base - The whole block.
 * @csspart heading - The 「お問い合わせ先」 heading.
 * @csspart desk - One contact desk (support office, call center).
 * @csspart desk-name - The desk's name.
 * @csspart status - Loading and error messages.
 * @csspart retry - The retry button after an error.
 *
 * @cssproperty --shomei-color-primary - Links and the retry button.
 * @cssproperty --shomei-color-border - Desk borders.
 * @cssproperty --shomei-color-text-muted - Field names (受付時間, 電話...).
 * @cssproperty --shomei-space - Spacing unit.
 * @cssproperty --shomei-radius - Desk corners.
 */
@localized()
export class ShomeiSupportContacts extends LitElement {
  static override styles = [tokens, buttonStyles, supportContactsStyles];

  /** The SDK client; defaults to the page-wide one from `configureShomei`. */
  @property({ attribute: false }) client: ShomeiClient | undefined;
  /** Level of the main heading (its desks are one below), to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  @state() private load: LoadState = { status: 'idle' };

  readonly #loads = new LoadController(this, new ClientController(this), () => this.refresh());

  constructor() {
    super();
    langFollowsLocale(this);
  }

  /** Load (again) from the service. */
  async refresh(): Promise<void> {
    const run = this.#loads.start();
    if (run === undefined) {
      this.load = { status: 'idle' };
      return;
    }
    this.load = { status: 'loading' };
    const { data, error } = await run.client.getTenant({ signal: run.signal });
    if (run.signal.aborted) return;
    if (error !== null) {
      this.load = { status: 'error', error };
      this.dispatchEvent(new ShomeiErrorEvent({ error, operation: 'getTenant' }));
    } else this.load = { status: 'ready', tenant: data };
  }

  #heading(level: number, id: string, className: string, text: string, part?: string) {
    return html`<div
      role="heading"
      aria-level=${level}
      id=${id}
      class=${className}
      part=${part ?? nothing}
    >
      ${text}
    </div>`;
  }

  #desk(desk: ContactDesk, id: string, topic: string) {
    const chatUrl = safeHttpUrl(desk.chatUrl);
    return html`
      <section part="desk" aria-labelledby=${id}>
        ${this.#heading(this.headingLevel + 1, id, 'desk-topic', topic)}
        <p part="desk-name">${pickLocalized(desk.name)}</p>
        <dl>
          <dt>${msg('受付時間', { id: 'support-contacts.hours' })}</dt>
          <dd>${pickLocalized(desk.hours)}</dd>
          ${
            desk.phone === undefined
              ? nothing
              : html`<dt>${msg('電話', { id: 'support-contacts.phone' })}</dt>
                  <dd><a href=${telHref(desk.phone)}>${desk.phone}</a></dd>`
          }
          ${
            desk.email === undefined
              ? nothing
              : html`<dt>${msg('メール', { id: 'support-contacts.email' })}</dt>
                  <dd><a href=${`mailto:${desk.email}`}>${desk.email}</a></dd>`
          }
          ${
            chatUrl === undefined
              ? nothing
              : html`<dt>${msg('チャットサポート', { id: 'support-contacts.chat' })}</dt>
                  <dd>
                    <a href=${chatUrl} target="_blank" rel="noopener noreferrer"
                      >${msg('チャットサポートを開く（新しいタブ）', {
                        id: 'support-contacts.chat-link',
                      })}</a
                    >
                  </dd>`
          }
        </dl>
      </section>
    `;
  }

  #body() {
    const load = this.load;
    switch (load.status) {
      case 'idle':
      case 'loading':
        return html`<p part="status" role="status">
          ${msg('お問い合わせ先を読み込んでいます…', { id: 'support-contacts.loading' })}
        </p>`;
      case 'error':
        return html`<p part="status" role="alert">
            ${msg('お問い合わせ先を読み込めませんでした。', { id: 'support-contacts.error' })}
          </p>
          <button
            part="retry"
            class="button secondary"
            type="button"
            @click=${() => void this.refresh()}
          >
            ${msg('再読み込み', { id: 'support-contacts.retry' })}
          </button>`;
      case 'ready': {
        const { studentSupport, callCenter } = load.tenant.contacts;
        return html`
          ${this.#desk(
            studentSupport,
            'student-support',
            msg('各種申請の内容や発行可否等に関するお問い合わせ', {
              id: 'support-contacts.student-support-topic',
            }),
          )}
          ${this.#desk(
            callCenter,
            'call-center',
            msg(
              '支払方法やシステムの動作（ログインできない、メールが届かない等）に関するお問い合わせ',
              {
                id: 'support-contacts.call-center-topic',
              },
            ),
          )}
        `;
      }
    }
  }

  protected override render() {
    return html`
      <section part="base" aria-labelledby="heading" aria-busy=${this.load.status === 'loading'}>
        ${this.#heading(
          this.headingLevel,
          'heading',
          '',
          msg('お問い合わせ先', { id: 'support-contacts.heading' }),
          'heading',
        )}
        ${this.#body()}
      </section>
    `;
  }
}
