/**
 * More states through the SDK against the story's mock, for the signed-in elements: tenant
 * settings changed for one story, the page opened from a mailed one-time link, orders placed
 * and paid (then moved on by the payment provider's sandbox and the office's staff routes).
 */
import type { TenantConfig } from '@shomei/mock';
import type { Order, Payment } from '@shomei/sdk';

type PaymentMethod = Parameters<
  ReturnType<typeof storyMock>['client']['startPayment']
>[1]['method'];
import { http, passthrough } from 'msw';
import { storyMock } from './mock.js';
import { readMail } from './states.js';

/** Changes the demo tenant's settings for this story (the mock reads them on every request). */
export async function patchTenant(
  change: (settings: {
    -readonly [K in keyof TenantConfig['settings']]: TenantConfig['settings'][K];
  }) => void,
): Promise<void> {
  const tenant = await storyMock().mock.service.tenants.get('demo');
  if (tenant === null) throw new Error('patchTenant: no demo tenant');
  change(tenant.settings as never);
}

/** A15: the tenant requires two-factor authentication (the student cannot turn it off). */
export function requireTwoFactor(): Promise<void> {
  return patchTenant((settings) => {
    settings.twoFactor = { ...settings.twoFactor, mode: 'required' };
  });
}

/**
 * The page was opened from a mail's one-time link: puts `#<kind>=<token>` in the address bar
 * before the element connects (it reads and removes it). The token is from the newest mail of
 * that kind to `to`.
 */
export function openLinkFrom(
  to: string,
  kind: 'email-registration' | 'second-password-reset' | 'email-change',
): string {
  const token = readMail(to, kind).link?.split(`#${kind}=`)[1];
  if (token === undefined) throw new Error(`The ${kind} mail to ${to} has no link.`);
  openLink(kind, token);
  return token;
}

/**
 * Puts `#<kind>=<token>` in the address bar (no navigation, no hashchange). Chromium asks for the
 * page's favicon again when the URL changes; that request goes past the mock (not a story error).
 */
export function openLink(kind: string, token: string): void {
  storyMock().msw.use(http.get('*/favicon.ico', () => passthrough()));
  const { pathname, search } = globalThis.location;
  globalThis.history.replaceState(
    globalThis.history.state,
    '',
    `${pathname}${search}#${kind}=${token}`,
  );
}

/** One item on the campus printer, at the konbini, or by mail (counter pickup). */
export async function placeOrder(
  destination: 'konbini' | 'mail' | 'campus-printer',
  itemId: string,
  total: number,
  delivery: 'counter' | 'home' = 'counter',
): Promise<Order> {
  const { data, error } = await storyMock().client.createOrder({
    destination,
    lines: [{ itemId, quantity: 1 }],
    ...(destination === 'mail'
      ? {
          delivery:
            delivery === 'counter'
              ? { category: 'counter' as const }
              : {
                  category: 'home' as const,
                  recipientName: '山田 太郎',
                  postalCode: '100-0001',
                  prefecture: '東京都',
                  city: '千代田区',
                  addressLine1: '千代田1-1',
                  phone: '090-1234-5678',
                },
        }
      : {}),
    expectedTotal: total,
    acknowledgeNoRefund: true,
  });
  if (error !== null) throw new Error(`createOrder failed: ${error.code}`, { cause: error });
  return data;
}

/** Starts paying an order (a redirect method, or a number to pay at the store). */
export async function payOrder(orderId: string, method: PaymentMethod): Promise<Payment> {
  const { data, error } = await storyMock().client.startPayment({ orderId }, { method });
  if (error !== null) throw new Error(`startPayment failed: ${error.code}`, { cause: error });
  return data;
}
