/**
 * Minimal staff routes for the mock and the demo (O6): mark a mailed order as being processed,
 * and complete it, which sends the fixed 「郵送対応完了」 mail. Guarded by the tenant's staff
 * token; the reference server (issue 6) replaces them with real staff accounts.
 */
import { constantTimeEqual } from '@shomei/core';
import type { Hono } from 'hono';
import type { ServiceRuntime } from '../http/context.js';
import { ApiError, apiError, errorResponse } from '../http/errors.js';
import { orderView } from '../views.js';
import { advanceOrder } from './fulfilment.js';
import { sendMail } from './shared.js';
import { displayLocale } from '../views.js';

export const STAFF_TOKEN_HEADER = 'Shomei-Staff-Token';

export function mountStaffRoutes(app: Hono, runtime: ServiceRuntime): void {
  const { deps } = runtime;
  for (const action of ['start-processing', 'complete'] as const) {
    app.post(`/t/:tenantId/staff/orders/:orderId/${action}`, async (c) => {
      try {
        const tenant = await deps.tenants.get(c.req.param('tenantId'));
        const presented = c.req.header(STAFF_TOKEN_HEADER) ?? '';
        if (tenant?.staffToken === undefined || !constantTimeEqual(presented, tenant.staffToken)) {
          throw apiError('forbidden', 'staff token missing or wrong');
        }
        const tenantId = tenant.settings.tenantId;
        const orderId = c.req.param('orderId');
        const now = deps.clock();
        const view = await runtime.withLock(`order:${tenantId}:${orderId}`, async () => {
          const order = await deps.store.orders.get(tenantId, orderId);
          if (order === null) throw apiError('order_not_found', `no order ${orderId}`);
          if (!advanceOrder(order, action, now)) {
            throw apiError(
              'order_not_transitionable',
              `an order in ${order.status} cannot take ${action}`,
            );
          }
          await deps.store.orders.put(order);
          if (action === 'complete') {
            const account = await deps.store.accounts.get(tenantId, order.userId);
            if (account?.email != null) {
              const locale = displayLocale(tenant.settings, null, account, undefined);
              await sendMail(runtime, tenant, account.email, locale, {
                kind: 'order-completed',
                orderId: order.orderId,
              });
            }
          }
          const payments = await deps.store.payments.listForOrder(tenantId, orderId);
          return orderView(order, payments.at(-1) ?? null);
        });
        return c.json(view);
      } catch (error) {
        if (error instanceof ApiError) return errorResponse(error);
        runtime.logger.error('staff route failed', { error: String(error) });
        return errorResponse(apiError('internal', 'internal error'));
      }
    });
  }
}
