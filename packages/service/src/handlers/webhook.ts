import { readBody } from '../http/body.js';
import { ApiError, apiError, errorResponse } from '../http/errors.js';
import type { ServiceRuntime } from '../http/context.js';
import { currentSettings } from '../tenants.js';
import { applyPaymentEvent } from './fulfilment.js';

/**
 * A provider's event is a few hundred bytes; the limit is the service's usual one (64 kB), and
 * it holds before the signature is checked, since anyone can send an unsigned body.
 */
export const WEBHOOK_MAX_BODY_BYTES = 64 * 1024;

/** `POST /webhooks/payments`: the provider's signed outcome of a payment. */
export async function handlePaymentWebhook(
  runtime: ServiceRuntime,
  request: Request,
): Promise<Response> {
  const { deps, logger } = runtime;
  let body: string;
  try {
    body = await readBody(request, WEBHOOK_MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    throw error;
  }
  // The provider verifies what was read, never the unbounded stream.
  const event = await deps.payments.verifyWebhook(
    new Request(request.url, { method: request.method, headers: request.headers, body }),
  );
  if (event === null)
    return errorResponse(apiError('forbidden', 'the webhook signature is missing, wrong or stale'));
  const tenant = await deps.tenants.get(event.tenantId);
  if (tenant === null) return errorResponse(apiError('not_found', `no tenant ${event.tenantId}`));
  const now = deps.clock();
  try {
    const settings = await currentSettings(deps.store, tenant);
    const duplicate = await runtime.withLock(
      `order:${event.tenantId}:${event.orderId}`,
      async () => {
        // The id is remembered only once the event is applied: when applying fails (a store
        // write), the provider's retry of the same event is applied again, not taken for a
        // replay. Applying is idempotent (applyPaymentEvent finishes what a failed attempt left
        // and changes nothing the second time), so a replayed event changes nothing.
        await applyPaymentEvent(runtime, settings, event, now);
        return !(await deps.store.webhookEvents.remember(event.eventId, now));
      },
    );
    return Response.json({ received: true, duplicate });
  } catch (error) {
    logger.error('webhook failed', { eventId: event.eventId, error: String(error) });
    return errorResponse(apiError('internal', 'internal error'));
  }
}
