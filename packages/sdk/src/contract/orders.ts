import * as z from 'zod/mini';
import {
  DeliveryCategory,
  Destination,
  IsoDate,
  IsoDateTime,
  ItemKind,
  LocalizedText,
  OrderStatus,
  PaymentMethod,
  PaymentStatus,
  Yen,
} from './primitives.js';

/** O2, O9: one orderable item for this destination and this student. */
export const CatalogEntry = z.object({
  itemId: z.string(),
  kind: ItemKind,
  name: LocalizedText,
  edition: z.optional(z.enum(['ja', 'en'])),
  unitPrice: Yen,
  maxQuantity: z.int(),
  eligible: z.boolean(),
  /** Why an ineligible item cannot be ordered now. */
  reason: z.optional(z.enum(['year', 'group', 'outside-window'])),
  window: z.optional(z.object({ from: IsoDate, to: IsoDate })),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

export const CatalogQuery = z.strictObject({ destination: Destination });
export type CatalogQuery = z.infer<typeof CatalogQuery>;

export const Catalog = z.object({ destination: Destination, items: z.array(CatalogEntry) });
export type Catalog = z.infer<typeof Catalog>;

/** O5: counter pickup estimate computed by the service's clock and the tenant's calendar. */
export const PickupEstimate = z.object({ appliedAt: IsoDateTime, readyAt: IsoDateTime });
export type PickupEstimate = z.infer<typeof PickupEstimate>;

/**
 * What `z.url()` accepts, minus surrounding whitespace, tabs and newlines (which `z.url()` would
 * silently strip): the URL is sent exactly as given. A `z.stringFormat`, which the date and email
 * formats share, instead of zod's URL class.
 */
const isUrl = (value: string): boolean => {
  if (/^\s|[\t\n\r]|\s$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
};

const Bounded = (max: number) => z.string().check(z.maxLength(max));

/**
 * O4: the address as typed. The service normalizes it (NFKC, postal code 123-4567) with the
 * core's rules and answers `delivery_invalid` with the fields at fault.
 */
export const DeliveryInput = z.strictObject({
  category: DeliveryCategory,
  recipientName: z.optional(Bounded(100)),
  postalCode: z.optional(Bounded(16)),
  prefecture: z.optional(Bounded(20)),
  city: z.optional(Bounded(100)),
  addressLine1: z.optional(Bounded(200)),
  addressLine2: z.optional(Bounded(200)),
  phone: z.optional(Bounded(24)),
});
export type DeliveryInput = z.infer<typeof DeliveryInput>;

/** O4: as stored; counter pickup carries only the fixed address 「窓口受取り」. */
export const Delivery = z.xor([
  z.object({ category: z.literal('counter'), address: z.string() }),
  z.object({
    category: z.enum(['home', 'other-address']),
    recipientName: z.string(),
    postalCode: z.string(),
    prefecture: z.string(),
    city: z.string(),
    addressLine1: z.string(),
    addressLine2: z.optional(z.string()),
    phone: z.string(),
  }),
]);
export type Delivery = z.infer<typeof Delivery>;

export const OrderLineInput = z.strictObject({
  itemId: z.string().check(z.minLength(1), z.maxLength(64)),
  quantity: z.int().check(z.minimum(1), z.maximum(99)),
});

/**
 * O3, O8: the student's order. `expectedTotal` is the total the student saw; the service
 * refuses the order when its own price differs (a tampered or stale page).
 */
export const CreateOrderRequest = z.strictObject({
  destination: Destination,
  lines: z.array(OrderLineInput).check(z.minLength(1), z.maxLength(20)),
  delivery: z.optional(DeliveryInput),
  expectedTotal: Yen,
  /** O8: 返金不可 acknowledged on the review step. */
  acknowledgeNoRefund: z.boolean(),
});
export type CreateOrderRequest = z.infer<typeof CreateOrderRequest>;

export const OrderLine = z.object({
  itemId: z.string(),
  name: LocalizedText,
  quantity: z.int(),
  unitPrice: Yen,
  subtotal: Yen,
});
export type OrderLine = z.infer<typeof OrderLine>;

/** O7: what the student does next after choosing a method. */
export const PaymentNextStep = z.xor([
  /** Card, carrier billing, PayPay, LINE Pay, Apple Pay, Merpay: the provider's page, then back. */
  z.object({ kind: z.literal('redirect'), url: z.string() }),
  /** Konbini cash and Pay-easy: a number to pay with before the deadline. */
  z.object({
    kind: z.literal('payment-number'),
    paymentNumber: z.string(),
    /** Pay-easy's 収納機関番号 or the konbini's second number, when the method has one. */
    confirmationNumber: z.optional(z.string()),
    deadline: IsoDateTime,
    /** Instructions page of the provider for this store or ATM. */
    instructionsUrl: z.optional(z.string()),
  }),
  /** Nothing left to do: the payment has settled (or failed). */
  z.object({ kind: z.literal('none') }),
]);
export type PaymentNextStep = z.infer<typeof PaymentNextStep>;

export const Payment = z.object({
  paymentId: z.string(),
  orderId: z.string(),
  method: PaymentMethod,
  status: PaymentStatus,
  amount: Yen,
  createdAt: IsoDateTime,
  nextStep: PaymentNextStep,
});
export type Payment = z.infer<typeof Payment>;

/** O10: the number typed at the campus printer or the konbini machine. */
export const PrintReservation = z.object({ number: z.string(), validUntil: IsoDateTime });
export type PrintReservation = z.infer<typeof PrintReservation>;

export const Order = z.object({
  orderId: z.string(),
  createdAt: IsoDateTime,
  destination: Destination,
  lines: z.array(OrderLine),
  total: Yen,
  delivery: z.nullable(Delivery),
  /** O5: for counter pickup, when the office expects it to be ready. */
  pickupReadyAt: z.nullable(IsoDateTime),
  status: OrderStatus,
  /** The latest payment attempt, if any. */
  payment: z.nullable(Payment),
  printReservation: z.nullable(PrintReservation),
  completedAt: z.nullable(IsoDateTime),
});
export type Order = z.infer<typeof Order>;

export const OrderList = z.object({ orders: z.array(Order) });
export type OrderList = z.infer<typeof OrderList>;

export const OrderParams = z.strictObject({
  orderId: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type OrderParams = z.infer<typeof OrderParams>;

export const PaymentParams = z.strictObject({
  orderId: z.string().check(z.minLength(1), z.maxLength(64)),
  paymentId: z.string().check(z.minLength(1), z.maxLength(64)),
});
export type PaymentParams = z.infer<typeof PaymentParams>;

/** O7: the student's choice; the `Idempotency-Key` header makes a retry safe (O8). */
export const StartPaymentRequest = z.strictObject({
  method: PaymentMethod,
  /** Where the provider sends the student back after a redirect method. */
  returnUrl: z.optional(z.stringFormat('uri', isUrl).check(z.maxLength(2048))),
});
export type StartPaymentRequest = z.infer<typeof StartPaymentRequest>;
