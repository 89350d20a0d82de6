/**
 * The screens of `<shomei-order>`, one per state of its flow: 印刷先選択 with the language
 * pulldown (O1), the catalog and quantities with the live total (O2, O3, O9), the delivery
 * address or counter pickup (O4, O5), the review (O8), the payment method and its next step
 * (O7), the receipt with the print reservation (O6, O10), the closed order, and the waits between
 * them. Plain functions of what `OrderScreenKit` gives them: the element keeps its state, focus
 * and calls.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type {
  CatalogEntry,
  DeliveryField,
  FlowError,
  LineProblem,
  Order,
  OrderEvent,
  OrderState,
  Payment,
  ItemKind,
  ShomeiClient,
  TenantInfo,
} from '@shomei/sdk';
import { ADDRESS_FIELDS } from '@shomei/sdk/flows';
// The tags these screens render.
import '../define/shomei-language-picker.js';
import '../define/shomei-text-field.js';
import { VALID, type Validator } from '../form/validators.js';
import { formatTokyoDateTime } from '../internal/format-date.js';
import { orderErrorMessage } from '../internal/order-error-messages.js';
import { safeHttpUrl } from '../internal/safe-url.js';
import { notOfferedAt, officeName } from '../internal/tenant-text.js';
import { getShomeiLocale, pickLocalized } from '../localization.js';
import type { ShomeiTextField } from '../text-field/text-field.js';
import {
  deliveryCategoryName,
  destinationName,
  formatYen,
  orderStatusName,
  paymentMethodName,
  type DeliveryCategory,
  type Destination,
  type PaymentMethod,
} from './order-text.js';
import { postalDigits } from './postal-lookup.js';

/** What the screens show of the element, and how they reach it; made for each render. */
export interface OrderScreenKit {
  /** The level of the step headings (subheadings are one below). */
  readonly headingLevel: number;
  /** The client the element talks through (for the language pulldown). */
  readonly client: ShomeiClient | undefined;
  /** X6: the tenant view from the element's `getTenant`, once it has come. */
  readonly tenant: TenantInfo | undefined;
  /** What was typed per item, so that `０２` or `abc` stays as typed (X5). */
  readonly quantityText: ReadonlyMap<string, string>;
  /** O3: the total as last said to screen readers. */
  readonly announcedTotal: string;
  /** O4: what the last postal lookup found. */
  readonly postalStatus: string;
  /** O10: the copy button's outcome. */
  readonly copyStatus: string;
  /** A step of the student's: focus follows to what it leads to. */
  send(event: OrderEvent): void;
  /** What is typed, ticked or filled in: focus stays where it is. */
  input(event: OrderEvent): void;
  /** 「次へ」: the flow checks the step, and the fields at fault show why. */
  continue(): void;
  /** 「新しい申請をする」. */
  startOver(): void;
  /** O3: an item's quantity as typed. */
  typeQuantity(itemId: string, text: string): void;
  /** O4: a postal code as typed, to fill the address from. */
  lookUpPostalCode(value: string): void;
  /** O10: 「予約番号をコピー」. */
  copyReservation(reservationNumber: string): void;
}

type StateOf<S extends OrderState['status']> = Extract<OrderState, { status: S }>;

const DESTINATIONS = ['campus-printer', 'konbini', 'mail'] as const satisfies Destination[];
const CATEGORIES = ['home', 'other-address', 'counter'] as const satisfies DeliveryCategory[];

/** O7: the methods in the groups of the university's notice. */
const METHOD_GROUPS = [
  { id: 'card', methods: ['card'] },
  { id: 'carrier', methods: ['carrier-docomo', 'carrier-au', 'carrier-softbank'] },
  { id: 'other', methods: ['pay-easy', 'paypay', 'line-pay', 'apple-pay', 'merpay'] },
  { id: 'konbini', methods: ['konbini-lawson', 'konbini-familymart', 'konbini-seven-eleven'] },
] as const satisfies readonly { id: string; methods: readonly PaymentMethod[] }[];

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

/** The step's heading (`#step-heading`, focused when the step changes). */
export function stepHeading(
  { headingLevel }: { readonly headingLevel: number },
  text: string,
): TemplateResult {
  return html`<div
    id="step-heading"
    part="heading"
    class="heading"
    role="heading"
    aria-level=${headingLevel}
    tabindex="-1"
  >
    ${text}
  </div>`;
}

/** A loading message. */
export function loadingStatus(text: string): TemplateResult {
  return html`<p part="status" class="status" role="status">${text}</p>`;
}

/** O3: the total as said to screen readers. */
export function totalAnnouncement(current: StateOf<'quantities'>): string {
  return msg(str`合計金額 ${formatYen(current.total)}`, { id: 'order.total-announcement' });
}

/**
 * Without a session (the element's flow stopped): 「ログインしてください」, and the way to the
 * login page when the page gave one (`login-url`, absolute or relative to the page).
 */
export function renderLoginRequired(kit: OrderScreenKit, loginUrl: string): TemplateResult {
  const href = loginUrl === '' ? undefined : safeHttpUrl(loginUrl, globalThis.location?.href);
  return html`${stepHeading(kit, msg('ログインしてください', { id: 'order.login-required.heading' }))}
    <p part="error" class="error" role="alert">
      ${msg(
        'ログインしていないか、ログインの有効期限が切れました。証明書の申請には、ログインが必要です。',
        { id: 'order.login-required' },
      )}
    </p>
    ${
      href === undefined
        ? nothing
        : actions(
            undefined,
            html`<a part="login-link" class="button" href=${href}
              >${msg('ログインページへ移動', { id: 'order.login-required.link' })}</a
            >`,
          )
    }`;
}

/** The body of the step `state` is at, below the progress list. */
export function renderScreen(kit: OrderScreenKit, state: OrderState): TemplateResult {
  switch (state.status) {
    case 'loading-tenant':
      return html`${stepHeading(kit, msg('印刷先選択', { id: 'order.destination.heading' }))}
      ${loadingStatus(msg('読み込んでいます…', { id: 'order.loading' }))}`;
    case 'confirming-payment':
      return html`${stepHeading(kit, msg('お支払いの確認', { id: 'order.confirming.heading' }))}
      ${loadingStatus(msg('お支払いの状況を確認しています…', { id: 'order.confirming' }))}`;
    case 'unavailable':
      return html`${stepHeading(kit, msg('印刷先選択', { id: 'order.destination.heading' }))}
      ${errorBox(state.error)}
      ${actions(
        undefined,
        html`<button class="button" type="button" @click=${() => kit.send({ type: 'retry' })}>
          ${msg('再読み込み', { id: 'order.retry' })}
        </button>`,
      )}`;
    case 'destination':
      return renderDestination(kit, state);
    case 'catalog-loading':
      return html`${stepHeading(kit, msg('発行する項目と部数', { id: 'order.quantities.heading' }))}
      ${loadingStatus(msg('発行できる項目を読み込んでいます…', { id: 'order.catalog-loading' }))}`;
    case 'quantities':
      return renderQuantities(kit, state);
    case 'delivery':
      return renderDelivery(kit, state);
    case 'pickup-estimate-loading':
      return html`${stepHeading(kit, msg('送付先の入力', { id: 'order.delivery.heading' }))}
      ${loadingStatus(msg('受取可能日時を確認しています…', { id: 'order.pickup.loading' }))}`;
    case 'review':
      return renderReview(kit, state);
    case 'creating-order':
      return html`${stepHeading(kit, msg('申請内容の確認', { id: 'order.review.heading' }))}
      ${loadingStatus(msg('申請を登録しています…', { id: 'order.creating' }))}`;
    case 'payment-method':
      return renderPaymentMethod(kit, state);
    case 'starting-payment':
      return html`${stepHeading(kit, msg('支払方法の選択', { id: 'order.payment.heading' }))}
      ${loadingStatus(msg('お支払いを開始しています…', { id: 'order.payment.starting' }))}`;
    case 'payment-next-step':
      return renderNextStep(kit, state);
    case 'cancelling-payment':
      return html`${stepHeading(kit, msg('支払方法の選択', { id: 'order.payment.heading' }))}
      ${loadingStatus(msg('お支払いを取り消しています…', { id: 'order.payment.cancelling' }))}`;
    case 'payment-check-failed':
      return html`${stepHeading(kit, msg('お支払いの確認', { id: 'order.confirming.heading' }))}
        ${errorBox(state.error)}
        <p>
          ${msg('お支払いの状況を確認できませんでした。二重に支払われることはありません。', {
            id: 'order.check-failed.text',
          })}
        </p>
        ${actions(
          undefined,
          html`<button
            class="button"
            type="button"
            @click=${() => kit.send({ type: 'check-payment' })}
          >
            ${msg('支払い状況を確認', { id: 'order.check-payment' })}
          </button>`,
        )}`;
    case 'done':
      return renderDone(kit, state);
    case 'order-closed':
      return renderClosed(kit, state);
  }
}

function subheading(kit: OrderScreenKit, text: string, id?: string): TemplateResult {
  return html`<div
    class="subheading"
    role="heading"
    aria-level=${kit.headingLevel + 1}
    id=${id ?? nothing}
  >
    ${text}
  </div>`;
}

/** O4: 「窓口受取り」, the address a counter-pickup order carries, in the student's language. */
function counterAddressText(): string {
  return msg('窓口受取り', { id: 'order.delivery.counter-address' });
}

function errorBox(
  error: FlowError | undefined,
  extra?: TemplateResult,
): TemplateResult | typeof nothing {
  if (error === undefined) return nothing;
  return html`<div part="error" class="error" role="alert" tabindex="-1" data-focus-first>
    <p>${orderErrorMessage(error)}</p>
    ${extra ?? nothing}
  </div>`;
}

function actions(back: (() => void) | undefined, next?: TemplateResult): TemplateResult {
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

function renderDestination(kit: OrderScreenKit, state: StateOf<'destination'>): TemplateResult {
  const tenant = kit.tenant;
  const explain = (destination: Destination): string => {
    // X6: what a destination lacks is the tenant's catalog, said from its tenant view.
    const lacks = notOfferedAt(tenant, destination);
    const help = (() => {
      switch (destination) {
        case 'campus-printer':
          return msg(
            '学内に設置されている学内印刷機で発行します。お支払い後に表示される予約番号を印刷機に入力してください。',
            { id: 'order.destination.campus-printer.help' },
          );
        case 'konbini':
          return msg('全国のコンビニエンスストアのマルチコピー機で発行します。', {
            id: 'order.destination.konbini.intro',
          });
        case 'mail':
          return offers(tenant, destination, 'fee')
            ? msg('証明書を郵送します。各種料金と、大学窓口での受取りもこちらから申請します。', {
                id: 'order.destination.mail.with-fees',
              })
            : msg('証明書を郵送します。大学窓口での受取りもこちらから申請します。', {
                id: 'order.destination.mail.intro',
              });
      }
    })();
    if (lacks === undefined) return help;
    // Sentences follow each other without a space in Japanese and Chinese, with one otherwise.
    return ['ja', 'zh-Hans'].includes(getShomeiLocale()) ? `${help}${lacks}` : `${help} ${lacks}`;
  };
  // A destination whose catalog is empty is not offered at all.
  const destinations =
    tenant === undefined
      ? DESTINATIONS
      : DESTINATIONS.filter((destination) =>
          tenant.destinations.some((offer) => offer.destination === destination),
        );
  return html`
    ${stepHeading(kit, msg('印刷先選択', { id: 'order.destination.heading' }))}
    <shomei-language-picker .client=${kit.client}></shomei-language-picker>
    ${errorBox(state.error)}
    <p>${msg('証明書を発行する方法を選択してください。', { id: 'order.destination.intro' })}</p>
    <ul class="choices" role="list">
      ${destinations.map(
        (destination) =>
          html`<li>
            <button
              part="destination"
              class="choice"
              type="button"
              aria-describedby=${`destination-${destination}-help`}
              @click=${() => kit.send({ type: 'choose-destination', destination })}
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

function problemsOf(state: StateOf<'quantities'>, itemId: string): LineProblem[] {
  const own = state.error?.lineProblems ?? [];
  const all = [...state.lineProblems, ...own].filter((problem) => problem.itemId === itemId);
  return all.filter(
    (problem, index) => all.findIndex((other) => other.code === problem.code) === index,
  );
}

function item(
  kit: OrderScreenKit,
  state: StateOf<'quantities'>,
  entry: CatalogEntry,
): TemplateResult {
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
  const problems = problemsOf(state, entry.itemId);
  const message = problems[0] === undefined ? undefined : lineProblemText(problems[0], entry);
  const stored = state.draft.quantities[entry.itemId];
  const text =
    kit.quantityText.get(entry.itemId) ??
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
      @input=${(event: Event) =>
        kit.typeQuantity(entry.itemId, (event.currentTarget as ShomeiTextField).value)}
    ></shomei-text-field>
  </li>`;
}

function renderQuantities(kit: OrderScreenKit, state: StateOf<'quantities'>): TemplateResult {
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
          ${subheading(kit, title, id)}
          <ul class="items" role="list">
            ${items.map((entry) => item(kit, state, entry))}
          </ul>
        </section>`;
  return html`
    ${stepHeading(kit, msg('発行する項目と部数', { id: 'order.quantities.heading' }))}
    <p>
      ${msg(str`印刷先：${destinationName(state.draft.destination)}`, {
        id: 'order.chosen-destination',
      })}
    </p>
    ${errorBox(
      state.error,
      orderProblems.length === 0
        ? undefined
        : html`<ul>
            ${orderProblems.map((problem) => html`<li>${lineProblemText(problem, undefined)}</li>`)}
          </ul>`,
    )}
    <form
      novalidate
      @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        kit.continue();
      }}
    >
      ${group('group-certificates', msg('証明書', { id: 'order.group.certificates' }), certificates)}
      ${group('group-fees', msg('各種料金', { id: 'order.group.fees' }), fees)}
      <p part="total" class="total">
        ${msg('合計金額', { id: 'order.total' })}
        <strong>${formatYen(state.total)}</strong>
      </p>
      <div class="visually-hidden" role="status" aria-live="polite">${kit.announcedTotal}</div>
      ${actions(
        () => kit.send({ type: 'back' }),
        html`<button class="button" type="submit">${msg('次へ', { id: 'order.next' })}</button>`,
      )}
    </form>
  `;
}

// ---- O4, O5: delivery (light DOM form, for address autofill) ----

function onField(kit: OrderScreenKit, field: DeliveryField, event: Event): void {
  const value = (event.currentTarget as ShomeiTextField).value;
  kit.input({ type: 'set-delivery-field', field, value });
  if (field === 'postalCode') kit.lookUpPostalCode(value);
}

function addressField(
  kit: OrderScreenKit,
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
    problem === undefined ? VALID : { isValid: false, message: deliveryProblemText(problem.code) };
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
    @input=${(event: Event) => onField(kit, field, event)}
  ></shomei-text-field>`;
}

/** The delivery form's content, in the element's light DOM (`<form slot="form">`). */
export function renderDeliveryForm(
  kit: OrderScreenKit,
  state: StateOf<'delivery'>,
): TemplateResult {
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
              @change=${() => kit.send({ type: 'set-delivery-category', category: option })}
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
            <p>${pickupRule()}</p>
            <p>${bringStudentCard(kit)}</p>
          </div>`
        : html`<div class="address">
            ${ADDRESS_FIELDS.map((field) => addressField(kit, state, field))}
            <p class="postal-status" role="status">${kit.postalStatus}</p>
          </div>`
    }
    <div class="actions">
      <button class="button secondary" type="button" @click=${() => kit.send({ type: 'back' })}>
        ${msg('戻る', { id: 'order.back' })}
      </button>
      <button class="button" type="submit">${msg('次へ', { id: 'order.next' })}</button>
    </div>
  `;
}

function pickupRule(): string {
  return msg(
    '原則、申請日の翌営業日の13時から受取可能となります（15時以降の申請分は、翌々営業日の受取となる場合があります）。土日祝日と大学の休業日は営業日に含みません。',
    { id: 'order.pickup.rule' },
  );
}

function bringStudentCard(kit: OrderScreenKit): string {
  const office = officeName(kit.tenant);
  return msg(
    str`受取の際は、学生証（本人であることが確認できる身分証等）をお持ちの上、${office}窓口にお越しください。`,
    { id: 'order.pickup.bring-card' },
  );
}

/** Whether the tenant's catalog holds items of `kind` for `destination` (true until known). */
function offers(tenant: TenantInfo | undefined, destination: Destination, kind: ItemKind): boolean {
  const offer = tenant?.destinations.find((entry) => entry.destination === destination);
  return tenant === undefined || (offer?.kinds.includes(kind) ?? false);
}

function renderDelivery(kit: OrderScreenKit, state: StateOf<'delivery'>): TemplateResult {
  return html`
    ${stepHeading(kit, msg('送付先の入力', { id: 'order.delivery.heading' }))}
    ${errorBox(state.error)}
    <p part="total" class="total">
      ${msg('合計金額', { id: 'order.total' })} <strong>${formatYen(state.total)}</strong>
    </p>
    <slot name="form"></slot>
  `;
}

// ---- O8: review ----

function deliverySummary(state: StateOf<'review'>): TemplateResult | typeof nothing {
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

function renderReview(kit: OrderScreenKit, state: StateOf<'review'>): TemplateResult {
  return html`
    ${stepHeading(kit, msg('申請内容の確認', { id: 'order.review.heading' }))}
    ${errorBox(state.error)}
    <dl class="summary">
      <dt>${msg('印刷先', { id: 'order.step.destination' })}</dt>
      <dd>${destinationName(state.draft.destination)}</dd>
      ${deliverySummary(state)}
      ${
        state.pickupReadyAt === null
          ? nothing
          : html`<dt>${msg('受取可能日時（予定）', { id: 'order.pickup.estimate' })}</dt>
              <dd>
                <strong>${formatTokyoDateTime(state.pickupReadyAt, 'long')}</strong>
                <p class="help">${pickupRule()}</p>
              </dd>`
      }
    </dl>
    ${linesTable(state.lines, state.total)}
    <section part="notice" class="notice" aria-labelledby="no-refund-heading">
      ${subheading(kit, msg('返金について', { id: 'order.no-refund.heading' }), 'no-refund-heading')}
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
            kit.input({
              type: 'acknowledge-no-refund',
              acknowledged: (event.target as HTMLInputElement).checked,
            })}
        />
        ${msg('申請内容を確認し、支払後は返金できないことに同意します。', {
          id: 'order.no-refund.acknowledge',
        })}
      </label>
    </section>
    ${actions(
      () => kit.send({ type: 'back' }),
      html`<button
        class="button"
        type="button"
        ?disabled=${!state.acknowledgedNoRefund}
        @click=${() => kit.send({ type: 'proceed-to-payment' })}
      >
        ${msg('支払へ進む', { id: 'order.proceed-to-payment' })}
      </button>`,
    )}
  `;
}

function linesTable(
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

function methodHelp(method: PaymentMethod): string {
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

function renderPaymentMethod(
  kit: OrderScreenKit,
  state: StateOf<'payment-method'>,
): TemplateResult {
  const titles: Record<(typeof METHOD_GROUPS)[number]['id'], string> = {
    card: msg('クレジットカード決済', { id: 'order.method-group.card' }),
    carrier: msg('キャリア決済', { id: 'order.method-group.carrier' }),
    other: msg('その他の決済', { id: 'order.method-group.other' }),
    konbini: msg('コンビニ現金払い', { id: 'order.method-group.konbini' }),
  };
  return html`
    ${stepHeading(kit, msg('支払方法の選択', { id: 'order.payment.heading' }))}
    ${errorBox(state.error)}
    <p>
      ${msg(str`お支払い金額：${formatYen(state.order.total)}`, { id: 'order.payment.amount' })}
    </p>
    <form
      novalidate
      @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        kit.send({ type: 'pay' });
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
            const help = methodHelp(method);
            return html`<label part="method" class="radio">
              <input
                type="radio"
                name="method"
                value=${method}
                .checked=${live(state.method === method)}
                @change=${() => kit.send({ type: 'choose-payment-method', method })}
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
      ${actions(
        state.draft === null ? undefined : () => kit.send({ type: 'back' }),
        html`<button class="button" type="submit" ?disabled=${state.method === null}>
          ${msg('支払う', { id: 'order.pay' })}
        </button>`,
      )}
    </form>
  `;
}

function renderNextStep(kit: OrderScreenKit, state: StateOf<'payment-next-step'>): TemplateResult {
  const { payment } = state;
  const step = payment.nextStep;
  const check = html`<button
    class="button ${step.kind === 'redirect' ? 'secondary' : ''}"
    type="button"
    @click=${() => kit.send({ type: 'check-payment' })}
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
      ${stepHeading(
        kit,
        msg(str`${paymentMethodName(payment.method)}でのお支払い`, { id: 'order.payment.with' }),
      )}
      ${errorBox(state.error)} ${pending}
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
        ${check} ${changeMethod(kit)}
      </div>
    `;
  }
  if (step.kind === 'payment-number') {
    return html`
      ${stepHeading(
        kit,
        msg(str`${paymentMethodName(payment.method)}でのお支払い`, { id: 'order.payment.with' }),
      )}
      ${errorBox(state.error)} ${pending}
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
      <p>${howToPay(payment)}</p>
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
      <div part="actions" class="actions">${check} ${changeMethod(kit)}</div>
    `;
  }
  return html`${stepHeading(kit, msg('お支払い', { id: 'order.payment.pending-heading' }))}
    ${pending}
    <div part="actions" class="actions">${check}</div>`;
}

/** O8: give up this number or checkout and pay another way. */
function changeMethod(kit: OrderScreenKit): TemplateResult {
  return html`<button
    class="button secondary"
    type="button"
    @click=${() => kit.send({ type: 'change-payment-method' })}
  >
    ${msg('別の支払方法を選ぶ', { id: 'order.payment.change-method' })}
  </button>`;
}

function howToPay(payment: Payment): string {
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

function renderDone(kit: OrderScreenKit, state: StateOf<'done'>): TemplateResult {
  const { order } = state;
  const reservation = order.printReservation;
  const counter = order.delivery?.category === 'counter';
  let next: TemplateResult;
  if (reservation !== null) {
    next = html`<section class="reservation" aria-labelledby="reservation-heading">
      ${subheading(kit, msg('予約番号', { id: 'order.reservation.heading' }), 'reservation-heading')}
      <p part="reservation-number" class="reservation-number" id="reservation-number">
        ${reservation.number}
      </p>
      <button
        class="button secondary"
        type="button"
        aria-describedby="reservation-number"
        @click=${() => kit.copyReservation(reservation.number)}
      >
        ${msg('予約番号をコピー', { id: 'order.copy' })}
      </button>
      <p class="status" role="status">${kit.copyStatus}</p>
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
      ${subheading(kit, msg('受取りについて', { id: 'order.done.pickup-heading' }), 'next-heading')}
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
      <p>${bringStudentCard(kit)}</p>
      <p>
        ${msg(
          str`${officeName(kit.tenant)}での発行処理が完了すると「郵送対応完了」のメールが届きますが、システムからの自動送信のため文言は固定です。「受取り可能」と読み替えてください。`,
          { id: 'order.done.counter-mail' },
        )}
      </p>
    </section>`;
  } else {
    next = html`<section aria-labelledby="next-heading">
      ${subheading(kit, msg('今後の流れ', { id: 'order.done.next-heading' }), 'next-heading')}
      <p>
        ${msg(
          str`${officeName(kit.tenant)}で発行処理を行い、ご指定の住所へ郵送します。発送が完了すると「郵送対応完了」のメールが届きます。`,
          { id: 'order.done.mail' },
        )}
      </p>
    </section>`;
  }
  return html`
    ${stepHeading(kit, msg('お支払いが完了しました', { id: 'order.done.heading' }))}
    <dl class="summary">
      <dt>${msg('申請番号', { id: 'order.order-id' })}</dt>
      <dd>${order.orderId}</dd>
      <dt>${msg('状況', { id: 'order.status' })}</dt>
      <dd>${orderStatusName(order.status, order)}</dd>
      <dt>${msg('印刷先', { id: 'order.step.destination' })}</dt>
      <dd>${destinationName(order.destination)}</dd>
    </dl>
    ${next} ${linesTable(order.lines, order.total)}
    ${actions(
      undefined,
      html`<button class="button secondary" type="button" @click=${kit.startOver}>
        ${msg('新しい申請をする', { id: 'order.start-over' })}
      </button>`,
    )}
  `;
}

function renderClosed(kit: OrderScreenKit, state: StateOf<'order-closed'>): TemplateResult {
  return html`
    ${stepHeading(
      kit,
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
    ${actions(
      undefined,
      html`<button class="button" type="button" @click=${kit.startOver}>
        ${msg('新しい申請をする', { id: 'order.start-over' })}
      </button>`,
    )}
  `;
}

// ---- words only these screens use ----

/** A calendar date (`2026-06-01`, no time zone shift) as the locale writes it. */
function formatDate(isoDate: string): string {
  return new Intl.DateTimeFormat(getShomeiLocale(), {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

const isKonbiniMethod = (method: PaymentMethod): boolean => method.startsWith('konbini-');

/** O2, O9: why an item cannot be ordered now. */
function ineligibleReasonText(entry: CatalogEntry): string {
  switch (entry.reason) {
    case 'year':
      return msg('この項目は対象の学年の方のみ申請できます。', { id: 'order.ineligible.year' });
    case 'outside-window': {
      const window = entry.window;
      if (window === undefined)
        return msg('この項目は現在、申請期間外です。', { id: 'order.ineligible.outside-window' });
      const from = formatDate(window.from);
      const to = formatDate(window.to);
      return msg(str`この項目の申請期間は${from}から${to}までです。現在は申請できません。`, {
        id: 'order.ineligible.window-dates',
      });
    }
    case 'group':
    default:
      return msg('この項目はお客様の所属では申請できません。', { id: 'order.ineligible.group' });
  }
}

/** O2, O3, O9: one line's problem, said next to the line. */
function lineProblemText(problem: LineProblem, entry: CatalogEntry | undefined): string {
  switch (problem.code) {
    case 'quantity-out-of-range': {
      const max = entry?.maxQuantity ?? 1;
      return msg(str`部数は1から${max}までの数字で入力してください。`, {
        id: 'order.problem.quantity',
      });
    }
    case 'outside-window':
      return entry
        ? ineligibleReasonText({ ...entry, reason: 'outside-window' })
        : msg('この項目は現在、申請期間外です。', { id: 'order.ineligible.outside-window' });
    case 'ineligible':
      return entry
        ? ineligibleReasonText(entry)
        : msg('この項目はお客様の所属では申請できません。', { id: 'order.ineligible.group' });
    case 'not-for-destination':
      return msg('この項目は選択した印刷先では発行できません。', {
        id: 'order.problem.not-for-destination',
      });
    case 'unknown-item':
      return msg('この項目は現在申請できません。', { id: 'order.problem.unknown-item' });
    case 'duplicate-item':
      return msg('同じ項目が重複しています。', { id: 'order.problem.duplicate-item' });
    case 'empty-order':
      return msg('発行する項目の部数を1部以上入力してください。', {
        id: 'order.problem.empty-order',
      });
    default:
      return msg('この項目は申請できません。', { id: 'order.problem.other' });
  }
}

/** O4: an address field's problem (codes from the core's `normalizeDelivery`). */
function deliveryProblemText(code: string): string {
  switch (code) {
    case 'required':
      return msg('入力してください。', { id: 'validation.required' });
    case 'invalid-postal-code':
      return msg('郵便番号は7桁の数字で入力してください（例：123-4567）。', {
        id: 'order.delivery.invalid-postal-code',
      });
    case 'invalid-phone':
      return msg('電話番号は0から始まる10桁または11桁の数字で入力してください。', {
        id: 'order.delivery.invalid-phone',
      });
    case 'too-long':
      return msg('入力が長すぎます。短くしてください。', { id: 'order.delivery.too-long' });
    default:
      return msg('入力内容を確認してください。', { id: 'error.invalid-request' });
  }
}
