/**
 * The order flow (O1–O11) as a state machine: destination → catalog → quantities with a live
 * total → delivery (mail only) with the counter-pickup estimate → review with the no-refund
 * acknowledgement → order → payment method → the method's next step → done.
 *
 * Everything the student chose lives in one `OrderDraft` that every step carries, so `back`
 * from any step returns to the previous one with nothing lost (X5).
 */
import {
  COUNTER_PICKUP_ADDRESS,
  normalizeDelivery,
  priceDraft,
  randomToken,
  type DeliveryAddressInput,
  type DeliveryCategory,
  type Destination,
  type PaymentMethod,
} from '@shomei/core';
import type { RequestInput } from '../contract/endpoints.js';
import type { LineProblem } from '../contract/errors.js';
import type { Catalog, DeliveryInput, Order, OrderLine, Payment } from '../contract/orders.js';
import {
  assertNever,
  call,
  isOutcomeUnknown,
  isResultOf,
  localError,
  toFlowError,
  type CallEffect,
  type CallEffectOf,
  type CallResultOf,
  type FlowError,
  type FlowErrorSource,
  type FlowClient,
  type FlowMachine,
} from './machine.js';
import { createFlowRunner, type FlowRunner } from './runner.js';

/** O4: the delivery form as typed; every field a string so that nothing typed is lost. */
export interface DeliveryForm {
  readonly category: DeliveryCategory;
  readonly recipientName: string;
  readonly postalCode: string;
  readonly prefecture: string;
  readonly city: string;
  readonly addressLine1: string;
  readonly addressLine2: string;
  readonly phone: string;
}

export type DeliveryField = Exclude<keyof DeliveryForm, 'category'>;

/** O4: the fields of a mail address, in the order a form asks for them. */
export const ADDRESS_FIELDS = [
  'recipientName',
  'postalCode',
  'prefecture',
  'city',
  'addressLine1',
  'addressLine2',
  'phone',
] as const satisfies readonly DeliveryField[];

export const EMPTY_DELIVERY: DeliveryForm = {
  category: 'home',
  recipientName: '',
  postalCode: '',
  prefecture: '',
  city: '',
  addressLine1: '',
  addressLine2: '',
  phone: '',
};

/** Everything chosen so far. */
export interface OrderDraft {
  /** O7: the tenant's methods. */
  readonly paymentMethods: readonly PaymentMethod[];
  /** Where a redirect method's provider sends the student back. */
  readonly returnUrl: string | null;
  readonly destination: Destination | null;
  readonly catalog: Catalog | null;
  /** itemId → 部数 as entered (0 or absent: not ordered). */
  readonly quantities: Readonly<Record<string, number>>;
  readonly delivery: DeliveryForm;
  /** O5: counter pickup only. */
  readonly pickupReadyAt: string | null;
  /** O8: 返金不可 acknowledged on the review step. */
  readonly acknowledgedNoRefund: boolean;
}

/** A draft whose catalog has loaded. */
export type CatalogDraft = OrderDraft & {
  readonly destination: Destination;
  readonly catalog: Catalog;
};

/** O8: one line of the review, priced from the catalog the student saw. */
export type ReviewLine = Pick<OrderLine, 'itemId' | 'name' | 'quantity' | 'unitPrice' | 'subtotal'>;

export type OrderState =
  | { readonly status: 'loading-tenant'; readonly draft: OrderDraft }
  /** The tenant could not be read; `retry` tries again. */
  | { readonly status: 'unavailable'; readonly draft: OrderDraft; readonly error: FlowError }
  /** O1: 印刷先選択. */
  | { readonly status: 'destination'; readonly draft: OrderDraft; readonly error?: FlowError }
  | {
      readonly status: 'catalog-loading';
      readonly draft: OrderDraft & { readonly destination: Destination };
      /** `total_mismatch`: the service's prices changed; the quantities screen says so after. */
      readonly reason: 'destination' | 'total_mismatch';
    }
  /** O2, O3, O9: 部数 per item, live total, per-line problems. */
  | {
      readonly status: 'quantities';
      readonly draft: CatalogDraft;
      readonly total: number;
      /** Problems of what is entered now (live); the service's are in `error.lineProblems`. */
      readonly lineProblems: readonly LineProblem[];
      readonly error?: FlowError;
    }
  /** O4: mail only. `counterAddress` is 「窓口受取り」 when the category is counter pickup. */
  | {
      readonly status: 'delivery';
      readonly draft: CatalogDraft;
      readonly total: number;
      readonly counterAddress: typeof COUNTER_PICKUP_ADDRESS | null;
      readonly error?: FlowError;
    }
  /** O5 */
  | {
      readonly status: 'pickup-estimate-loading';
      readonly draft: CatalogDraft;
      readonly total: number;
    }
  /** O8: type, 部数, delivery and total, and the acknowledgement. */
  | {
      readonly status: 'review';
      readonly draft: CatalogDraft;
      readonly lines: readonly ReviewLine[];
      readonly total: number;
      readonly delivery: DeliveryInput | null;
      readonly pickupReadyAt: string | null;
      readonly acknowledgedNoRefund: boolean;
      readonly error?: FlowError;
    }
  | {
      readonly status: 'creating-order';
      readonly draft: CatalogDraft;
      readonly lines: readonly ReviewLine[];
      readonly total: number;
      readonly delivery: DeliveryInput | null;
      readonly pickupReadyAt: string | null;
    }
  /** O7: the order awaits payment. `draft` is null when the flow resumed from an order id. */
  | {
      readonly status: 'payment-method';
      readonly draft: CatalogDraft | null;
      readonly order: Order;
      readonly paymentMethods: readonly PaymentMethod[];
      readonly method: PaymentMethod | null;
      readonly error?: FlowError;
    }
  | {
      readonly status: 'starting-payment';
      readonly draft: CatalogDraft | null;
      readonly order: Order;
      readonly paymentMethods: readonly PaymentMethod[];
      readonly method: PaymentMethod;
      readonly returnUrl: string | null;
    }
  /** O7: go to the provider (`redirect`), or pay with a number before a deadline. */
  | {
      readonly status: 'payment-next-step';
      readonly draft: CatalogDraft | null;
      readonly order: Order;
      readonly paymentMethods: readonly PaymentMethod[];
      readonly payment: Payment;
      /** The service was asked and the payment is still pending. */
      readonly stillPending: boolean;
      readonly error?: FlowError;
    }
  /** O8: the student gives up the pending payment (a number, a checkout) to pay another way. */
  | {
      readonly status: 'cancelling-payment';
      readonly draft: CatalogDraft | null;
      readonly order: Order;
      readonly paymentMethods: readonly PaymentMethod[];
      readonly payment: Payment;
    }
  /** Reads the order (and its latest payment) after the provider sent the student back. */
  | {
      readonly status: 'confirming-payment';
      readonly draft: CatalogDraft | null;
      readonly orderId: string;
      readonly order: Order | null;
      readonly paymentMethods: readonly PaymentMethod[];
    }
  | {
      readonly status: 'payment-check-failed';
      readonly draft: CatalogDraft | null;
      readonly orderId: string;
      readonly order: Order | null;
      readonly paymentMethods: readonly PaymentMethod[];
      readonly error: FlowError;
    }
  /** O10: paid; `order.printReservation` for printer and konbini, `pickupReadyAt` for counter. */
  | {
      readonly status: 'done';
      readonly order: Order;
      readonly paymentMethods: readonly PaymentMethod[];
    }
  /** O11: the order expired or was cancelled before it was paid; `start-over` begins anew. */
  | {
      readonly status: 'order-closed';
      readonly order: Order;
      readonly paymentMethods: readonly PaymentMethod[];
    };

export type OrderFlowStatus = OrderState['status'];

export type OrderEndpoint =
  | 'getTenant'
  | 'getCatalog'
  | 'getPickupEstimate'
  | 'createOrder'
  | 'startPayment'
  | 'getOrder'
  | 'cancelPayment';

export type OrderEffect = CallEffectOf<OrderEndpoint>;

export type OrderEvent =
  | { readonly type: 'retry' }
  | { readonly type: 'choose-destination'; readonly destination: Destination }
  | { readonly type: 'set-quantity'; readonly itemId: string; readonly quantity: number }
  /** 「次へ」 on the quantities and delivery steps. */
  | { readonly type: 'continue' }
  | { readonly type: 'set-delivery-category'; readonly category: DeliveryCategory }
  | { readonly type: 'set-delivery-field'; readonly field: DeliveryField; readonly value: string }
  | { readonly type: 'acknowledge-no-refund'; readonly acknowledged: boolean }
  | { readonly type: 'proceed-to-payment' }
  | { readonly type: 'choose-payment-method'; readonly method: PaymentMethod }
  | { readonly type: 'pay' }
  /** The student came back from the provider, or asks whether the payment went through. */
  | { readonly type: 'check-payment' }
  /** O8: give up the pending payment and choose another method. */
  | { readonly type: 'change-payment-method' }
  | { readonly type: 'back' }
  | { readonly type: 'start-over' }
  | CallResultOf<OrderEndpoint>;

export type OrderEventType = OrderEvent['type'];

export interface OrderStartOptions {
  /** Skip the tenant call when the page already has the tenant's methods. */
  readonly paymentMethods?: readonly PaymentMethod[];
  readonly returnUrl?: string;
}

function emptyDraft(
  paymentMethods: readonly PaymentMethod[],
  returnUrl: string | null,
): OrderDraft {
  return {
    paymentMethods,
    returnUrl,
    destination: null,
    catalog: null,
    quantities: {},
    delivery: EMPTY_DELIVERY,
    pickupReadyAt: null,
    acknowledgedNoRefund: false,
  };
}

export function orderInitialState(options: OrderStartOptions = {}): OrderState {
  const draft = emptyDraft(options.paymentMethods ?? [], options.returnUrl ?? null);
  return options.paymentMethods
    ? { status: 'destination', draft }
    : { status: 'loading-tenant', draft };
}

/** The page the provider sends the student back to: read the order, then show where it stands. */
export function orderStateForReturn(
  orderId: string,
  paymentMethods: readonly PaymentMethod[] = [],
): OrderState {
  return { status: 'confirming-payment', draft: null, orderId, order: null, paymentMethods };
}

/** O3: 合計 in integer yen of what is entered and orderable (core's `priceDraft`). */
export function orderTotal(catalog: Catalog, quantities: Readonly<Record<string, number>>): number {
  return priceDraft(catalog.items, quantities).total;
}

/** O8: the lines as the review lists them, in catalog order; invalid entries are left out. */
export function reviewLines(
  catalog: Catalog,
  quantities: Readonly<Record<string, number>>,
): ReviewLine[] {
  return priceDraft(catalog.items, quantities).lines.map((line) => ({
    itemId: line.itemId,
    name: line.entry.name,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    subtotal: line.subtotal,
  }));
}

/**
 * O3, O9: what is wrong with the quantities entered now, with the core's codes (core's
 * `priceDraft`, the rules the service's `priceOrder` applies). An item that is not ordered (0)
 * is never a problem.
 */
export function quantityProblems(
  catalog: Catalog,
  quantities: Readonly<Record<string, number>>,
): LineProblem[] {
  return [...priceDraft(catalog.items, quantities).problems];
}

/**
 * An error once the student changed the quantity of `itemId`: the problems the service (or the
 * last `continue`) found with that line, and those of the order as a whole (`empty-order`), no
 * longer describe what is entered; an `order_invalid` left with no problem goes away.
 */
function withoutLineProblemsOf(
  error: FlowError | undefined,
  itemId: string,
): FlowError | undefined {
  if (error?.lineProblems === undefined) return error;
  const lineProblems = error.lineProblems.filter(
    (problem) => problem.itemId !== null && problem.itemId !== itemId,
  );
  if (lineProblems.length === error.lineProblems.length) return error;
  if (lineProblems.length === 0 && error.code === 'order_invalid') return undefined;
  return { ...error, lineProblems };
}

function quantitiesState(draft: CatalogDraft, error?: FlowError): OrderState {
  const base = {
    status: 'quantities' as const,
    draft,
    total: orderTotal(draft.catalog, draft.quantities),
    lineProblems: quantityProblems(draft.catalog, draft.quantities),
  };
  return error ? { ...base, error } : base;
}

/** O4: what the service gets; counter pickup sends only its category. */
export function deliveryInput(form: DeliveryForm): DeliveryInput {
  if (form.category === 'counter') return { category: 'counter' };
  const input: { -readonly [K in keyof DeliveryInput]: DeliveryInput[K] } = {
    category: form.category,
  };
  for (const field of ADDRESS_FIELDS) {
    const value = form[field].trim();
    if (value !== '') input[field] = value;
  }
  return input;
}

function deliveryState(draft: CatalogDraft, error?: FlowError): OrderState {
  const base: Extract<OrderState, { status: 'delivery' }> = {
    status: 'delivery',
    draft,
    total: orderTotal(draft.catalog, draft.quantities),
    counterAddress: draft.delivery.category === 'counter' ? COUNTER_PICKUP_ADDRESS : null,
  };
  return error ? { ...base, error } : base;
}

function reviewState(draft: CatalogDraft, error?: FlowError): OrderState {
  const base = {
    status: 'review' as const,
    draft,
    lines: reviewLines(draft.catalog, draft.quantities),
    total: orderTotal(draft.catalog, draft.quantities),
    delivery: draft.destination === 'mail' ? deliveryInput(draft.delivery) : null,
    pickupReadyAt:
      draft.destination === 'mail' && draft.delivery.category === 'counter'
        ? draft.pickupReadyAt
        : null,
    acknowledgedNoRefund: draft.acknowledgedNoRefund,
  };
  return error ? { ...base, error } : base;
}

/** The step before review: delivery for mail, else quantities. */
function beforeReview(draft: CatalogDraft): OrderState {
  return draft.destination === 'mail' ? deliveryState(draft) : quantitiesState(draft);
}

function paymentMethodState(
  draft: CatalogDraft | null,
  order: Order,
  paymentMethods: readonly PaymentMethod[],
  method: PaymentMethod | null,
  error?: FlowError,
): OrderState {
  const base = { status: 'payment-method' as const, draft, order, paymentMethods, method };
  return error ? { ...base, error } : base;
}

/** A payment that ended without money: the student picks a method again. */
const FAILED_PAYMENT_CODES = {
  declined: 'payment_declined',
  cancelled: 'payment_cancelled',
  expired: 'payment_expired',
} as const;

/** An order and what surrounds it while it waits for its money. */
interface PaymentContext {
  readonly draft: CatalogDraft | null;
  readonly order: Order;
  readonly paymentMethods: readonly PaymentMethod[];
}

/** O7: the method's next step (a payment number, a redirect, ...), or a wait for the money. */
function paymentNextStep(at: PaymentContext, payment: Payment, stillPending: boolean): OrderState {
  const { draft, order, paymentMethods } = at;
  return { status: 'payment-next-step', draft, order, paymentMethods, payment, stillPending };
}

/** O9: the payment ended without money; the method it used stays chosen. */
function paymentFailed(
  at: PaymentContext,
  method: PaymentMethod,
  status: keyof typeof FAILED_PAYMENT_CODES,
): OrderState {
  const error = localError(FAILED_PAYMENT_CODES[status]);
  return paymentMethodState(at.draft, at.order, at.paymentMethods, method, error);
}

/** Where an order read from the service stands for the student (O10, O11). */
function stateForOrder(
  order: Order,
  draft: CatalogDraft | null,
  paymentMethods: readonly PaymentMethod[],
): OrderState {
  switch (order.status) {
    case 'paid':
    case 'processing':
    case 'completed':
      return { status: 'done', order, paymentMethods };
    case 'expired':
    case 'cancelled':
      return { status: 'order-closed', order, paymentMethods };
    case 'awaiting-payment': {
      const payment = order.payment;
      if (payment === null) return paymentMethodState(draft, order, paymentMethods, null);
      const at = { draft, order, paymentMethods };
      switch (payment.status) {
        // Still pending, or succeeded but the order is not marked paid yet: read again later.
        case 'pending':
        case 'succeeded':
          return paymentNextStep(at, payment, true);
        case 'declined':
        case 'cancelled':
        case 'expired':
          return paymentFailed(at, payment.method, payment.status);
        default:
          return assertNever(payment.status);
      }
    }
    default:
      return assertNever(order.status);
  }
}

function afterOrderError(
  state: Extract<OrderState, { status: 'creating-order' }>,
  source: FlowErrorSource,
): OrderState {
  const error = toFlowError(source);
  switch (source.code) {
    // O3: the service's prices changed since the catalog was read: read it again.
    case 'total_mismatch':
      return { status: 'catalog-loading', draft: state.draft, reason: 'total_mismatch' };
    // O2, O9: a line is not orderable (window closed, limit): back to the quantities.
    case 'order_invalid':
      return quantitiesState(state.draft, error);
    case 'delivery_invalid':
      return state.draft.destination === 'mail'
        ? deliveryState(state.draft, error)
        : reviewState(state.draft, error);
    default:
      return reviewState(state.draft, error);
  }
}

function confirming(
  draft: CatalogDraft | null,
  order: Order,
  paymentMethods: readonly PaymentMethod[],
): OrderState {
  return { status: 'confirming-payment', draft, orderId: order.orderId, order, paymentMethods };
}

function afterPayment(
  state: Extract<OrderState, { status: 'starting-payment' }>,
  payment: Payment,
): OrderState {
  const { draft, order, paymentMethods } = state;
  switch (payment.status) {
    case 'succeeded':
      // O10: the print reservation is on the order; read it.
      return confirming(draft, order, paymentMethods);
    case 'pending':
      return payment.nextStep.kind === 'none'
        ? confirming(draft, order, paymentMethods)
        : paymentNextStep(state, payment, false);
    case 'declined':
    case 'cancelled':
    case 'expired':
      return paymentFailed(state, payment.method, payment.status);
    default:
      return assertNever(payment.status);
  }
}

/**
 * The order flow's transition: pure, total over (state, event). An event that means nothing in
 * a state returns the very same state object (e.g. `proceed-to-payment` before the no-refund
 * acknowledgement, `pay` before a method is chosen, `back` on the first step).
 */
export function orderTransition(state: OrderState, event: OrderEvent): OrderState {
  switch (state.status) {
    case 'loading-tenant': {
      if (!isResultOf(event, 'getTenant')) return state;
      const { error, data } = event.result;
      if (error) return { status: 'unavailable', draft: state.draft, error: toFlowError(error) };
      return {
        status: 'destination',
        draft: { ...state.draft, paymentMethods: data.paymentMethods },
      };
    }

    case 'unavailable':
      return event.type === 'retry' ? { status: 'loading-tenant', draft: state.draft } : state;

    case 'destination':
      if (event.type !== 'choose-destination') return state;
      return {
        status: 'catalog-loading',
        draft: { ...state.draft, destination: event.destination },
        reason: 'destination',
      };

    case 'catalog-loading': {
      if (event.type === 'back') return { status: 'destination', draft: state.draft };
      if (!isResultOf(event, 'getCatalog')) return state;
      const { error, data } = event.result;
      if (error) return { status: 'destination', draft: state.draft, error: toFlowError(error) };
      // Keep what was entered for items this catalog still offers and that can be ordered.
      const quantities = Object.fromEntries(
        Object.entries(state.draft.quantities).filter(([itemId]) =>
          data.items.some((item) => item.itemId === itemId && item.eligible),
        ),
      );
      const draft: CatalogDraft = {
        ...state.draft,
        destination: data.destination,
        catalog: data,
        quantities,
      };
      return quantitiesState(
        draft,
        state.reason === 'total_mismatch' ? localError('total_mismatch') : undefined,
      );
    }

    case 'quantities':
      switch (event.type) {
        case 'set-quantity': {
          const entry = state.draft.catalog.items.find((item) => item.itemId === event.itemId);
          // O9: an ineligible item cannot be chosen at all.
          if (!entry || !entry.eligible) return state;
          if (state.draft.quantities[event.itemId] === event.quantity) return state;
          const draft: CatalogDraft = {
            ...state.draft,
            quantities: { ...state.draft.quantities, [event.itemId]: event.quantity },
            // A changed order must be acknowledged again (O8).
            acknowledgedNoRefund: false,
          };
          return quantitiesState(draft, withoutLineProblemsOf(state.error, event.itemId));
        }
        case 'continue': {
          if (state.lineProblems.length > 0) {
            return quantitiesState(state.draft, {
              ...localError('order_invalid'),
              lineProblems: state.lineProblems,
            });
          }
          if (reviewLines(state.draft.catalog, state.draft.quantities).length === 0) {
            return quantitiesState(state.draft, {
              ...localError('order_invalid'),
              lineProblems: [{ itemId: null, code: 'empty-order' }],
            });
          }
          return state.draft.destination === 'mail'
            ? deliveryState(state.draft)
            : reviewState(state.draft);
        }
        case 'back':
          return { status: 'destination', draft: state.draft };
        default:
          return state;
      }

    case 'delivery':
      switch (event.type) {
        case 'set-delivery-category': {
          if (state.draft.delivery.category === event.category) return state;
          // The address typed for home stays in the draft when switching to the counter and back.
          const draft: CatalogDraft = {
            ...state.draft,
            delivery: { ...state.draft.delivery, category: event.category },
            pickupReadyAt: null,
            acknowledgedNoRefund: false,
          };
          return deliveryState(draft, state.error);
        }
        case 'set-delivery-field': {
          const draft: CatalogDraft = {
            ...state.draft,
            delivery: { ...state.draft.delivery, [event.field]: event.value },
            acknowledgedNoRefund: false,
          };
          return deliveryState(draft, state.error);
        }
        case 'continue': {
          // O4, O5: counter pickup needs no address; its ready time is shown before paying.
          if (state.draft.delivery.category === 'counter') {
            return { status: 'pickup-estimate-loading', draft: state.draft, total: state.total };
          }
          const checked = normalizeDelivery(coreDeliveryInput(state.draft.delivery));
          if (!checked.ok) {
            return deliveryState(
              state.draft,
              localError(
                'delivery_invalid',
                checked.problems.map((problem) => ({ field: problem.field, code: problem.code })),
              ),
            );
          }
          return reviewState({ ...state.draft, pickupReadyAt: null });
        }
        case 'back':
          return quantitiesState(state.draft);
        default:
          return state;
      }

    case 'pickup-estimate-loading': {
      if (event.type === 'back') return deliveryState(state.draft);
      if (!isResultOf(event, 'getPickupEstimate')) return state;
      const { error, data } = event.result;
      if (error) return deliveryState(state.draft, toFlowError(error));
      return reviewState({ ...state.draft, pickupReadyAt: data.readyAt });
    }

    case 'review':
      switch (event.type) {
        case 'acknowledge-no-refund':
          if (state.acknowledgedNoRefund === event.acknowledged) return state;
          return reviewState(
            { ...state.draft, acknowledgedNoRefund: event.acknowledged },
            state.error,
          );
        case 'proceed-to-payment':
          // O8: not a step without the acknowledgement; the button is disabled, this is the guard.
          if (!state.acknowledgedNoRefund || state.lines.length === 0) return state;
          return {
            status: 'creating-order',
            draft: state.draft,
            lines: state.lines,
            total: state.total,
            delivery: state.delivery,
            pickupReadyAt: state.pickupReadyAt,
          };
        case 'back':
          return beforeReview(state.draft);
        default:
          return state;
      }

    case 'creating-order': {
      if (!isResultOf(event, 'createOrder')) return state;
      const { error, data } = event.result;
      if (error) return afterOrderError(state, error);
      return paymentMethodState(state.draft, data, state.draft.paymentMethods, null);
    }

    case 'payment-method':
      switch (event.type) {
        case 'choose-payment-method':
          if (!state.paymentMethods.includes(event.method) || state.method === event.method)
            return state;
          return paymentMethodState(
            state.draft,
            state.order,
            state.paymentMethods,
            event.method,
            state.error,
          );
        case 'pay':
          if (state.method === null) return state;
          return {
            status: 'starting-payment',
            draft: state.draft,
            order: state.order,
            paymentMethods: state.paymentMethods,
            method: state.method,
            returnUrl: state.draft?.returnUrl ?? null,
          };
        case 'back':
          // Back to the review: the order made here stays unpaid; the service expires it once
          // the tenant's unpaidOrderExpiryHours pass with no payment started (core's
          // unpaidOrderLapsed, O11). Proceeding again makes a new order (its createOrder gets a
          // new Idempotency-Key). Paying twice for one order stays impossible (O8).
          return state.draft ? reviewState(state.draft) : state;
        default:
          return state;
      }

    case 'starting-payment': {
      if (!isResultOf(event, 'startPayment')) return state;
      const { error, data } = event.result;
      if (!error) return afterPayment(state, data);
      // O8: paid already, or a payment is on its way (another tab): show where the order stands.
      if (error.code === 'already_paid' || error.code === 'payment_in_progress') {
        return confirming(state.draft, state.order, state.paymentMethods);
      }
      return paymentMethodState(
        state.draft,
        state.order,
        state.paymentMethods,
        state.method,
        toFlowError(error),
      );
    }

    case 'payment-next-step':
      if (event.type === 'change-payment-method') {
        return {
          status: 'cancelling-payment',
          draft: state.draft,
          order: state.order,
          paymentMethods: state.paymentMethods,
          payment: state.payment,
        };
      }
      return event.type === 'check-payment'
        ? confirming(state.draft, state.order, state.paymentMethods)
        : state;

    case 'cancelling-payment': {
      if (!isResultOf(event, 'cancelPayment')) return state;
      const { error } = event.result;
      const at = { draft: state.draft, order: state.order, paymentMethods: state.paymentMethods };
      if (!error) {
        // The order waits for a payment again; no method is chosen for the student.
        return paymentMethodState(
          state.draft,
          { ...state.order, payment: null },
          state.paymentMethods,
          null,
        );
      }
      // The money was taken meanwhile, or the payment ended: the order says where it stands.
      if (error.code === 'already_paid' || error.code === 'payment_not_cancellable')
        return confirming(state.draft, state.order, state.paymentMethods);
      return {
        status: 'payment-next-step',
        ...at,
        payment: state.payment,
        stillPending: false,
        error: toFlowError(error),
      };
    }

    case 'confirming-payment': {
      if (!isResultOf(event, 'getOrder')) return state;
      const { error, data } = event.result;
      if (!error) return stateForOrder(data, state.draft, state.paymentMethods);
      return {
        status: 'payment-check-failed',
        draft: state.draft,
        orderId: state.orderId,
        order: state.order,
        paymentMethods: state.paymentMethods,
        error: toFlowError(error),
      };
    }

    case 'payment-check-failed':
      return event.type === 'check-payment' || event.type === 'retry'
        ? {
            status: 'confirming-payment',
            draft: state.draft,
            orderId: state.orderId,
            order: state.order,
            paymentMethods: state.paymentMethods,
          }
        : state;

    case 'done':
    case 'order-closed':
      return event.type === 'start-over'
        ? { status: 'destination', draft: emptyDraft(state.paymentMethods, null) }
        : state;

    default:
      return assertNever(state);
  }
}

function coreDeliveryInput(form: DeliveryForm): DeliveryAddressInput {
  return { ...form };
}

/** The call an order state asks for, or null when it waits for the student. */
export function orderEffect(state: OrderState): OrderEffect | null {
  switch (state.status) {
    case 'loading-tenant':
      return call('getTenant', {});
    case 'catalog-loading':
      return call('getCatalog', { query: { destination: state.draft.destination } });
    case 'pickup-estimate-loading':
      return call('getPickupEstimate', {});
    case 'creating-order':
      return call('createOrder', {
        body: {
          destination: state.draft.destination,
          lines: state.lines.map((line) => ({ itemId: line.itemId, quantity: line.quantity })),
          ...(state.delivery ? { delivery: state.delivery } : {}),
          expectedTotal: state.total,
          acknowledgeNoRefund: state.draft.acknowledgedNoRefund,
        },
      });
    case 'starting-payment':
      // The Idempotency-Key is the runner's: one per order and method, reused on retry (O8).
      return call('startPayment', {
        params: { orderId: state.order.orderId },
        body: state.returnUrl
          ? { method: state.method, returnUrl: state.returnUrl }
          : { method: state.method },
      });
    case 'confirming-payment':
      return call('getOrder', { params: { orderId: state.orderId } });
    case 'cancelling-payment':
      return call('cancelPayment', {
        params: { orderId: state.order.orderId, paymentId: state.payment.paymentId },
      });
    case 'unavailable':
    case 'destination':
    case 'quantities':
    case 'delivery':
    case 'review':
    case 'payment-method':
    case 'payment-next-step':
    case 'payment-check-failed':
    case 'done':
    case 'order-closed':
      return null;
    default:
      return assertNever(state);
  }
}

export const orderMachine: FlowMachine<OrderState, OrderEvent, OrderEffect> = {
  initial: orderInitialState(),
  transition: orderTransition,
  effectOf: orderEffect,
};

export type OrderFlow = FlowRunner<OrderState, OrderEvent>;

export interface OrderFlowOptions extends OrderStartOptions {
  /** Start elsewhere, e.g. `orderStateForReturn(orderId)` after the provider's redirect. */
  readonly initial?: OrderState;
  /** Makes an Idempotency-Key; 128 random bits by default. */
  readonly idempotencyKey?: () => string;
}

/**
 * The order flow. O8: one Idempotency-Key per review submission (`createOrder`, keyed by what is
 * sent) and per order and method (`startPayment`); a retry after an answer that never came
 * (network, timeout, 5xx) sends the same key, so the service replays the order or payment it may
 * already have made instead of making a second one. Once the service has answered, the key is
 * spent and the next attempt gets a new one.
 */
export function createOrderFlow(client: FlowClient, options: OrderFlowOptions = {}): OrderFlow {
  const makeKey = options.idempotencyKey ?? (() => randomToken());
  const keys = new Map<string, string>();
  const attemptOf = (effect: CallEffect): string | null => {
    if (effect.endpoint === 'createOrder') {
      const input = effect.input as RequestInput<'createOrder'>;
      return `createOrder\u0000${JSON.stringify(input.body)}`;
    }
    if (effect.endpoint !== 'startPayment') return null;
    const input = effect.input as RequestInput<'startPayment'>;
    return `startPayment\u0000${input.params.orderId}\u0000${input.body.method}`;
  };
  return createFlowRunner(orderMachine, {
    client,
    initial: options.initial ?? orderInitialState(options),
    prepare(effect) {
      const attempt = attemptOf(effect);
      if (attempt === null) return effect;
      const idempotencyKey = keys.get(attempt) ?? makeKey();
      keys.set(attempt, idempotencyKey);
      return { ...effect, input: { ...effect.input, idempotencyKey } };
    },
    onResult(effect, result) {
      const attempt = attemptOf(effect);
      if (attempt !== null && !(result.error && isOutcomeUnknown(result.error)))
        keys.delete(attempt);
    },
  });
}
