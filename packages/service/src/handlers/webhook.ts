import { apiError, errorResponse } from '../http/errors.js';
import type { ServiceRuntime } from '../http/context.js';
import { applyPaymentEvent } from './fulfilment.js';

/** `POST /webhooks/payments`: the provider's signed outcome of a payment. */
export async function handlePaymentWebhook(
  runtime: ServiceRuntime,
  request: Request,
): Promise<Response> {
  const { deps, logger } = runtime;
  const event = await deps.payments.verifyWebhook(request);
  if (event === null)
    return errorResponse(apiError('forbidden', 'the webhook signature is missing, wrong or stale'));
  const tenant = await deps.tenants.get(event.tenantId);
  if (tenant === null) return errorResponse(apiError('not_found', `no tenant ${event.tenantId}`));
  const now = deps.clock();
  try {
    const duplicate = await runtime.withLock(
      `order:${event.tenantId}:${event.orderId}`,
      async () => {
        // A replayed event (same id) changes nothing.
        if (!(await deps.store.webhookEvents.remember(event.eventId, now))) return true;
        await applyPaymentEvent(runtime, tenant.settings, event, now);
        return false;
      },
    );
    return Response.json({ received: true, duplicate });
  } catch (error) {
    logger.error('webhook failed', { eventId: event.eventId, error: String(error) });
    return errorResponse(apiError('internal', 'internal error'));
  }
}
