import type { PaymentMethod } from '@shomei/core';
import type { PaymentNextStep } from '../contract.js';

export interface PaymentStartInput {
  readonly paymentId: string;
  readonly orderId: string;
  readonly tenantId: string;
  /** Integer yen. */
  readonly amount: number;
  readonly method: PaymentMethod;
  /** Where a redirect method sends the student back. */
  readonly returnUrl?: string;
  /** Konbini / Pay-easy: the tenant's deadline for the payment number (paymentNumberValidDays). */
  readonly deadline: string;
}

export type ProviderPaymentStatus =
  'pending' | 'succeeded' | 'declined' | 'cancelled' | 'expired' | 'unknown';

export const WEBHOOK_EVENT_TYPES = [
  'payment.succeeded',
  'payment.declined',
  'payment.cancelled',
  'payment.expired',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What a provider tells the service about a payment, after its signature was checked. */
export interface WebhookEvent {
  /** Unique per event; a replayed event is recognised by it. */
  readonly eventId: string;
  readonly type: WebhookEventType;
  readonly tenantId: string;
  readonly paymentId: string;
  readonly orderId: string;
  readonly amount: number;
  readonly occurredAt: string;
}

/**
 * A payment provider (O7): card networks, carrier billing, wallets, konbini and Pay-easy all
 * sit behind one. The service starts payments and learns their outcome only from webhooks.
 */
export interface PaymentProvider {
  start(input: PaymentStartInput): Promise<{ nextStep: PaymentNextStep }>;
  /**
   * Makes a payment that has not succeeded unpayable at the provider (a checkout the student left,
   * O8): the service calls it before it lets the order be paid another way. Resolves true when
   * the payment can no longer succeed (cancelled now, or already declined, cancelled, expired or
   * unknown), false when the provider has already taken the money (its success webhook is on the
   * way, so the service keeps the payment pending). Rejects when the provider cannot be reached;
   * the payment then stays pending and is tried again on the next read. Sends no webhook.
   */
  cancel(paymentId: string): Promise<boolean>;
  /**
   * O7: where the provider says a payment stands, for reconciling what the service missed (a
   * webhook lost in a crash, a deadline that passed unseen). `unknown`: the provider never took
   * the payment (or lost it), so it can never succeed. Rejects when the provider is unreachable.
   */
  getPayment(paymentId: string): Promise<{ status: ProviderPaymentStatus; amount: number | null }>;
  /** The event when the request carries a valid, fresh signature; null otherwise. */
  verifyWebhook(request: Request): Promise<WebhookEvent | null>;
}
