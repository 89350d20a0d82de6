/**
 * The sandbox payment provider: plays the card company's hosted page, the konbini and the bank,
 * inside the same app under `/sandbox/...` (not part of the student contract). Every outcome is
 * delivered to the service as a signed webhook (`POST /webhooks/payments`), exactly as a real
 * provider would, so the service's webhook path is the one exercised.
 */
import {
  isKonbini,
  paymentLapse,
  paymentNextStepKind,
  randomDigits,
  randomToken,
  constantTimeEqual,
} from '@shomei/core';
import { Hono } from 'hono';
import { hmacSha256Hex } from '../crypto.js';
import {
  WEBHOOK_EVENT_TYPES,
  type PaymentProvider,
  type PaymentStartInput,
  type WebhookEvent,
  type WebhookEventType,
} from './provider.js';

export const SIGNATURE_HEADER = 'Shomei-Signature';
export const WEBHOOK_PATH = '/webhooks/payments';

export interface SandboxOptions {
  /** Shared with the webhook verifier; any string in development. */
  readonly secret: string;
  /** The service's public origin, e.g. http://localhost:4010. */
  readonly baseUrl: string;
  readonly clock?: () => Date;
  /** Signatures older (or newer) than this are refused; default 300 s. */
  readonly toleranceSeconds?: number;
  /** Where the provider keeps its payments; default memory (createMemorySandboxLedger). */
  readonly ledger?: SandboxLedger;
}

export type SandboxStatus = 'pending' | 'succeeded' | 'declined' | 'cancelled' | 'expired';

/** A payment as the sandbox provider keeps it on its side. */
export interface SandboxPayment extends PaymentStartInput {
  status: SandboxStatus;
  /** When the service started it, by the sandbox's clock. */
  readonly createdAt: string;
}

/**
 * Where the sandbox keeps its payments: memory by default (the mock), a database table on the
 * server, so that a restart does not forget a payment a student is paying (a real provider keeps
 * them on its side).
 */
export interface SandboxLedger {
  get(paymentId: string): Promise<SandboxPayment | null>;
  put(payment: SandboxPayment): Promise<void>;
  /**
   * Moves a pending payment to `status`; false when it was not pending any more (paid in one tab
   * while cancelled in another: only one of the two wins).
   */
  settle(paymentId: string, status: Exclude<SandboxStatus, 'pending'>): Promise<boolean>;
}

export function createMemorySandboxLedger(): SandboxLedger {
  const payments = new Map<string, SandboxPayment>();
  return {
    async get(paymentId) {
      const payment = payments.get(paymentId);
      return payment === undefined ? null : structuredClone(payment);
    },
    async put(payment) {
      payments.set(payment.paymentId, structuredClone(payment));
    },
    async settle(paymentId, status) {
      const payment = payments.get(paymentId);
      if (payment?.status !== 'pending') return false;
      payments.set(paymentId, { ...payment, status });
      return true;
    },
  };
}

export interface SandboxProvider extends PaymentProvider {
  readonly sandbox: {
    /**
     * The checkout's signed URL, as `start` hands it out (`.../checkout/<id>?token=...`): the
     * page and its outcomes answer to it only. For test controls (the mock's `sandbox.succeed`).
     */
    checkoutUrl(paymentId: string): Promise<string>;
    /**
     * The provider's own pages and test controls, to mount at `/sandbox`. `deliver` hands a
     * webhook request to the service (in process: `app.fetch`).
     */
    routes(deliver: (request: Request) => Promise<Response>): Hono;
  };
}

export function isSandboxProvider(provider: PaymentProvider): provider is SandboxProvider {
  return 'sandbox' in provider;
}

async function sign(secret: string, timestamp: number, body: string): Promise<string> {
  return `t=${timestamp},v1=${await hmacSha256Hex(secret, `${timestamp}.${body}`)}`;
}

function parseSignature(header: string): { timestamp: number; signature: string } | null {
  const parts = new Map(
    header.split(',').map((part) => {
      const index = part.indexOf('=');
      return [part.slice(0, index).trim(), part.slice(index + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const signature = parts.get('v1');
  if (
    !Number.isSafeInteger(timestamp) ||
    signature === undefined ||
    !/^[0-9a-f]{64}$/.test(signature)
  )
    return null;
  return { timestamp, signature };
}

function isWebhookEvent(value: unknown): value is WebhookEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  return (
    typeof event.eventId === 'string' &&
    typeof event.type === 'string' &&
    (WEBHOOK_EVENT_TYPES as readonly string[]).includes(event.type) &&
    typeof event.tenantId === 'string' &&
    typeof event.paymentId === 'string' &&
    typeof event.orderId === 'string' &&
    typeof event.amount === 'number' &&
    typeof event.occurredAt === 'string'
  );
}

/**
 * Runs `task` after every earlier task of the same key has finished, so that concurrent test
 * controls on one payment (20 settles, Pay in one tab and Cancel in another) are handled one at
 * a time: the first changes the state and delivers its webhook, the next sees the new state.
 * In one process only; across instances the ledger's conditional `settle` still lets one win.
 */
function createKeyedQueue() {
  const tails = new Map<string, Promise<void>>();
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

const CHECKOUT_OUTCOMES = {
  succeed: 'payment.succeeded',
  decline: 'payment.declined',
  cancel: 'payment.cancelled',
} as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The sandbox's own names of the methods it plays (the provider's text, not Shōmei's). */
const METHOD_NAMES: Readonly<Record<string, { ja: string; en: string }>> = {
  card: { ja: 'クレジットカード', en: 'Credit card' },
  'carrier-docomo': { ja: 'ドコモ払い', en: 'docomo carrier billing' },
  'carrier-au': { ja: 'auかんたん決済', en: 'au carrier billing' },
  'carrier-softbank': { ja: 'ソフトバンクまとめて支払い', en: 'SoftBank carrier billing' },
  paypay: { ja: 'PayPay', en: 'PayPay' },
  'line-pay': { ja: 'LINE Pay', en: 'LINE Pay' },
  'apple-pay': { ja: 'Apple Pay', en: 'Apple Pay' },
  merpay: { ja: 'メルペイ', en: 'Merpay' },
};

/** The path of the checkout page's script under the sandbox's mount point (`/sandbox`). */
export const CHECKOUT_SCRIPT_PATH = '/checkout.js';

/**
 * The checkout page's only script, served as a file (`GET /sandbox/checkout.js`) so the page runs
 * under `script-src 'self'` with no inline script. Each button posts its outcome to the page's own
 * URL; the provider answers with the status and the service's `returnUrl`, which it goes back to.
 */
export const CHECKOUT_SCRIPT = `const status = document.getElementById('status');
for (const button of document.querySelectorAll('button[data-outcome]')) {
  button.addEventListener('click', async () => {
    for (const other of document.querySelectorAll('button[data-outcome]')) other.disabled = true;
    try {
      // The page's own signed URL: its token is what lets it settle the payment.
      const response = await fetch(location.pathname + location.search, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ outcome: button.dataset.outcome }),
      });
      const result = await response.json();
      status.textContent = result.status ?? (result.error && result.error.message) ?? 'error';
      if (result.returnUrl) location.assign(result.returnUrl);
    } catch {
      status.textContent = 'error';
    }
  });
}
`;

/**
 * The provider's hosted checkout for redirect methods (card numbers are typed here, never into
 * the elements). The text is the sandbox provider's, in Japanese and English, kept minimal: the
 * amount, the method, and Pay / Decline / Cancel.
 */
function checkoutPage(payment: SandboxPayment): string {
  const amount = `¥${payment.amount.toLocaleString('ja-JP')}`;
  const method = METHOD_NAMES[payment.method] ?? { ja: payment.method, en: payment.method };
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>サンドボックス決済 / Sandbox checkout</title>
<script type="module" src="..${CHECKOUT_SCRIPT_PATH}"></script></head>
<body>
<main>
<h1>サンドボックス決済 <span lang="en">/ Sandbox checkout</span></h1>
<p>テスト用の決済画面です。実際の支払いは発生しません。 <span lang="en">A test payment page; no real payment happens.</span></p>
<dl>
<dt>金額 <span lang="en">/ Amount</span></dt><dd id="amount">${escapeHtml(amount)}</dd>
<dt>支払方法 <span lang="en">/ Method</span></dt><dd id="method">${escapeHtml(method.ja)} <span lang="en">/ ${escapeHtml(method.en)}</span></dd>
</dl>
<button type="button" data-outcome="succeed">支払う / Pay</button>
<button type="button" data-outcome="decline">拒否する / Decline</button>
<button type="button" data-outcome="cancel">キャンセル / Cancel</button>
<p role="status" id="status"></p>
</main>
</body></html>
`;
}

export function createSandboxProvider(options: SandboxOptions): SandboxProvider {
  const clock = options.clock ?? (() => new Date());
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const payments = options.ledger ?? createMemorySandboxLedger();
  const serialized = createKeyedQueue();

  /**
   * The checkout's own secret: an HMAC of the payment id under the provider's secret, so that a
   * payment id alone (in a log, in the student's order) cannot cancel or pay someone's checkout,
   * and no ledger column is needed. 256 bits, compared in constant time.
   */
  const checkoutToken = (paymentId: string) =>
    hmacSha256Hex(options.secret, `checkout:${paymentId}`);
  const checkoutUrl = async (paymentId: string) =>
    `${baseUrl}/sandbox/checkout/${encodeURIComponent(paymentId)}?token=${await checkoutToken(paymentId)}`;

  const lapseOf = (payment: SandboxPayment) =>
    paymentLapse(
      {
        method: payment.method,
        status: payment.status,
        createdAt: payment.createdAt,
        deadline:
          paymentNextStepKind(payment.method) === 'payment-number' ? payment.deadline : null,
      },
      clock(),
    );
  const lapsed = (payment: SandboxPayment) => lapseOf(payment) !== null;

  async function webhookRequest(payment: SandboxPayment, type: WebhookEventType): Promise<Request> {
    const event: WebhookEvent = {
      eventId: `evt_${randomToken(16)}`,
      type,
      tenantId: payment.tenantId,
      paymentId: payment.paymentId,
      orderId: payment.orderId,
      amount: payment.amount,
      occurredAt: clock().toISOString(),
    };
    const body = JSON.stringify(event);
    const timestamp = Math.floor(clock().getTime() / 1000);
    return new Request(`${baseUrl}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: await sign(options.secret, timestamp, body),
      },
      body,
    });
  }

  return {
    async start(input) {
      await payments.put({
        ...input,
        status: 'pending',
        createdAt: clock().toISOString(),
      });
      if (paymentNextStepKind(input.method) === 'redirect') {
        return {
          nextStep: {
            kind: 'redirect',
            url: await checkoutUrl(input.paymentId),
          },
        };
      }
      // Konbini: a receipt number (受付番号) and a phone-number-like confirmation; Pay-easy:
      // the 収納機関番号 as the confirmation number.
      return {
        nextStep: {
          kind: 'payment-number',
          paymentNumber: randomDigits(isKonbini(input.method) ? 11 : 16),
          confirmationNumber: input.method === 'pay-easy' ? '58091' : randomDigits(10),
          deadline: input.deadline,
          instructionsUrl: `${baseUrl}/sandbox/instructions/${input.method}`,
        },
      };
    },

    async cancel(paymentId) {
      if (await payments.settle(paymentId, 'cancelled')) return true;
      // Not pending (or unknown): unpayable unless it succeeded.
      return (await payments.get(paymentId))?.status !== 'succeeded';
    },

    async getPayment(paymentId) {
      const payment = await payments.get(paymentId);
      if (payment === null) return { status: 'unknown', amount: null };
      // A number past its deadline or a checkout left too long can no longer be paid.
      if (payment.status === 'pending' && lapsed(payment)) {
        if (await payments.settle(paymentId, 'expired'))
          return { status: 'expired', amount: payment.amount };
        return this.getPayment(paymentId);
      }
      return { status: payment.status, amount: payment.amount };
    },

    async verifyWebhook(request) {
      const header = request.headers.get(SIGNATURE_HEADER);
      const parsed = header === null ? null : parseSignature(header);
      if (parsed === null) return null;
      const body = await request.text();
      const expected = await hmacSha256Hex(options.secret, `${parsed.timestamp}.${body}`);
      if (!constantTimeEqual(expected, parsed.signature)) return null;
      if (Math.abs(clock().getTime() / 1000 - parsed.timestamp) > toleranceSeconds) return null;
      let event: unknown;
      try {
        event = JSON.parse(body);
      } catch {
        return null;
      }
      return isWebhookEvent(event) ? event : null;
    },

    sandbox: {
      checkoutUrl,
      routes(deliver) {
        const app = new Hono();
        const finish = async (
          payment: SandboxPayment,
          type: WebhookEventType,
        ): Promise<Response> => {
          // The provider's own record first, as a real one keeps it: if the webhook is lost
          // (the service crashed), the service learns the outcome when it reconciles.
          const status = type.slice('payment.'.length) as Exclude<SandboxStatus, 'pending'>;
          // Paid in one tab while cancelled in another: the first to settle wins.
          if (!(await payments.settle(payment.paymentId, status)))
            return conflict('the payment is no longer pending');
          payment.status = status;
          const response = await deliver(await webhookRequest(payment, type));
          if (!response.ok) {
            return Response.json(
              { error: { code: 'internal', message: 'the service refused the webhook' } },
              { status: 502 },
            );
          }
          return Response.json({
            paymentId: payment.paymentId,
            status: payment.status,
            returnUrl: payment.returnUrl ?? null,
          });
        };
        const notFound = () =>
          Response.json(
            { error: { code: 'not_found', message: 'no such sandbox payment' } },
            { status: 404 },
          );
        const conflict = (message: string) =>
          Response.json({ error: { code: 'invalid_request', message } }, { status: 409 });
        /**
         * Why the student can no longer pay: it is not pending (O8: paid, refused, or cancelled
         * by the service), or it lapsed (a checkout older than the core's TTL, a number past its
         * deadline: O7, O11). Null when it can be paid.
         */
        const unpayable = (payment: SandboxPayment): string | null => {
          if (payment.status !== 'pending') return `the payment is ${payment.status}`;
          const lapse = lapseOf(payment);
          return lapse === null ? null : `the payment lapsed (${lapse})`;
        };

        app.get(
          CHECKOUT_SCRIPT_PATH,
          () =>
            new Response(CHECKOUT_SCRIPT, {
              headers: {
                'Content-Type': 'text/javascript; charset=utf-8',
                'Cache-Control': 'no-cache',
              },
            }),
        );
        /** A wrong or missing token answers as an unknown payment: nothing to learn from it. */
        const signed = async (paymentId: string, token: string | undefined) =>
          token !== undefined && constantTimeEqual(await checkoutToken(paymentId), token);
        app.get('/checkout/:paymentId', async (c) => {
          const paymentId = c.req.param('paymentId');
          if (!(await signed(paymentId, c.req.query('token')))) return notFound();
          const payment = await payments.get(paymentId);
          if (payment === null) return notFound();
          return c.html(checkoutPage(payment));
        });
        app.post('/checkout/:paymentId', async (c) => {
          const paymentId = c.req.param('paymentId');
          if (!(await signed(paymentId, c.req.query('token')))) return notFound();
          let outcome: unknown;
          try {
            outcome = ((await c.req.json()) as { outcome?: unknown }).outcome;
          } catch {
            outcome = undefined;
          }
          if (outcome !== 'succeed' && outcome !== 'decline' && outcome !== 'cancel') {
            return Response.json(
              {
                error: {
                  code: 'invalid_request',
                  message: 'outcome must be succeed, decline or cancel',
                },
              },
              { status: 400 },
            );
          }
          return serialized(paymentId, async () => {
            // Read inside the queue: an outcome that won a moment ago is seen here.
            const payment = await payments.get(paymentId);
            if (payment === null || paymentNextStepKind(payment.method) !== 'redirect')
              return notFound();
            // Declining or cancelling a lapsed checkout changes nothing either: it is over.
            const refusal = unpayable(payment);
            if (refusal !== null) return conflict(refusal);
            return finish(payment, CHECKOUT_OUTCOMES[outcome]);
          });
        });
        for (const [action, type] of [
          ['settle', 'payment.succeeded'],
          ['expire', 'payment.expired'],
        ] as const) {
          app.post(`/payments/:paymentId/${action}`, (c) => {
            const paymentId = c.req.param('paymentId');
            return serialized(paymentId, async () => {
              const payment = await payments.get(paymentId);
              if (payment === null || paymentNextStepKind(payment.method) !== 'payment-number')
                return notFound();
              if (payment.status !== 'pending') return conflict(`the payment is ${payment.status}`);
              // O7, O11: the store takes no money for a number past its deadline.
              if (action === 'settle') {
                const refusal = unpayable(payment);
                if (refusal !== null) return conflict(refusal);
              }
              return finish(payment, type);
            });
          });
        }
        app.get('/instructions/:method', (c) =>
          c.html(
            `<!doctype html><html lang="en"><body><h1>Sandbox: how to pay (${escapeHtml(c.req.param('method'))})</h1><p>Use the payment number at the store terminal or ATM before the deadline.</p></body></html>`,
          ),
        );
        return app;
      },
    },
  };
}
